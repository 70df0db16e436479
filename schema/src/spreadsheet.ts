/**
 * Spreadsheet formula injection (CSV and XLSX exports). Excel, WPS and LibreOffice run a cell that
 * starts with `=`, `+`, `-` or `@` (also after a tab or carriage return, and their full-width forms that
 * Chinese input methods type) as a formula: `=HYPERLINK(...)` in a name becomes a live link. Every
 * export path writes text cells through `defuseSpreadsheetCell`; numbers stay numbers.
 */
export const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Whether a text would start a formula in a spreadsheet cell. */
export function startsLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/** A cell value safe for a spreadsheet: text that would start a formula gets a leading apostrophe (shown as text, as Excel itself does). */
export function defuseSpreadsheetCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}
