/**
 * Cells as exceljs reads them, made plain. No dependencies: the parsing worker thread loads only this.
 */

/** A cell as read: exceljs gives numbers, booleans, dates, text, rich text, formulas (with their cached result), errors. */
export type RawCell = string | number | boolean | Date | null | undefined | { formula?: string; result?: unknown; richText?: { text: string }[]; text?: string; error?: string; hyperlink?: string };

/** The plain value of a cell: formulas give their cached result (never evaluated), rich text its text. */
export function plain(v: RawCell): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && !(v instanceof Date)) {
    if ('formula' in v || 'result' in v) return plain(v.result as RawCell);
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if ('error' in v) return null;
    if (typeof v.text === 'string') return v.text;
    return null;
  }
  return v;
}

