import { defuseSpreadsheetCell, startsLikeFormula } from '@fupin/schema';
import { describe, expect, it } from 'vitest';

// The one defusing function every export path (the admin's CSV, the XLSX export) writes text through.
describe('defuseSpreadsheetCell', () => {
  it('turns text that a spreadsheet would run as a formula into text, and leaves the rest alone', () => {
    for (const v of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠A1']) {
      expect(defuseSpreadsheetCell(v), v).toBe(`'${v}`);
      expect(startsLikeFormula(v)).toBe(true);
    }
    for (const v of ['张三', '南部县', '2017-06-30', 'a=b', '']) expect(defuseSpreadsheetCell(v)).toBe(v);
    // Numbers stay numbers (a negative amount is no formula).
    expect(defuseSpreadsheetCell(-5)).toBe(-5);
    expect(defuseSpreadsheetCell(null)).toBe(null);
  });
});
