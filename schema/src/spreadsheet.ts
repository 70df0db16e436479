/**
 * Spreadsheet safety shared by every export (the hub's .xlsx files, the admin's CSV): a cell whose text
 * starts with = + - @, a tab or a carriage return would run as a formula when Excel or WPS opens the file
 * (CSV injection). It is written as text instead: prefixed with an apostrophe, which Excel shows as
 * nothing and stores as a text marker.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** True when a spreadsheet application would read `text` as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The text, made safe to put in a spreadsheet cell. Numbers and dates are never touched: pass only text. */
export function defuseFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}
