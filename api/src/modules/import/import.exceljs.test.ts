import { describe, expect, it } from 'vitest';
import { type ParsedRow, parseFile } from './import.parse';
import { DATASETS } from './import.datasets';
import { collect, openWorkbook } from './xlsx';

/**
 * exceljs 4.4.0's streaming pass over a zip now and then loses the entry written last (xl/workbook.xml in
 * the hub's own files): about one read in three of an export failed as IMPORT_BAD_FILE (exceljs #3064).
 * Read through the central directory, every read of the same file gives the same rows.
 */
describe('reading the hub’s own workbooks', () => {
  it('reads an export the same way 40 times in a row', async () => {
    const { stream, done } = collect();
    const wb = openWorkbook(stream, { def: DATASETS.ENROLLMENTS });
    wb.add({ classId: '7', name: '张三', idNumber: '511321199901010011', enrolledOn: '2017-03-01', completed: false, employedAfterTraining: false });
    wb.add({ classId: '7', name: '李四', idNumber: '511321199805050022', enrolledOn: '2017-03-02', completed: true, completedOn: '2017-03-15', certificateNo: 'ZS2017001', employedAfterTraining: true });
    await wb.flush();
    await wb.finish();
    const buf = await done;
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) {
      const rows: ParsedRow[] = [];
      try {
        await parseFile(buf, 'export.xlsx', DATASETS.ENROLLMENTS, { rows: 100, columns: 100, unzippedBytes: 10_000_000 }, () => {}, (r) => void rows.push(r));
        outcomes.push(JSON.stringify(rows));
      } catch (e) {
        outcomes.push(`failed: ${(e as { code?: string }).code}`);
      }
    }
    expect(new Set(outcomes).size, outcomes.find((o) => o.startsWith('failed'))).toBe(1);
    const rows = JSON.parse(outcomes[0]) as { n: number; cells: unknown[] }[];
    expect(rows.map((r) => [r.n, r.cells[0], r.cells[2], r.cells[3]])).toEqual([
      [2, '7', '511321199901010011', '2017-03-01T00:00:00.000Z'],
      [3, '7', '511321199805050022', '2017-03-02T00:00:00.000Z'],
    ]);
  });

  it('stops at another dataset’s mark sheet before any data row', async () => {
    const { stream, done } = collect();
    const wb = openWorkbook(stream, { def: DATASETS.ENROLLMENTS });
    wb.add({ classId: '7', name: '张三', idNumber: '511321199901010011', enrolledOn: '2017-03-01' });
    await wb.finish();
    let rows = 0;
    const err = await parseFile(await done, 'x.xlsx', DATASETS.EMPLOYMENTS, { rows: 100, columns: 100, unzippedBytes: 10_000_000 }, () => {}, () => void rows++).catch((e) => e);
    expect(err).toMatchObject({ code: 'IMPORT_TEMPLATE_MISMATCH', params: { sheet: '数据', template: '培训报名', dataset: '就业记录' } });
    expect(rows).toBe(0);
  });
});
