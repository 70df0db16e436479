import { AppError, type ErrorCode, registerDetails, renderMessage } from '../../common/errors';
import { checkDate, checkNumber, checkText } from '../../common/input';
import { type ColumnDef, type DatasetDef, headerIndex, headerKey } from './import.datasets';
import type { PlainCell } from './import.parse';
import { boolOf, dateOf, idNumberText, intOf, moneyOf, onlyInvisible, phoneText, textOf } from './import.values';

registerDetails({
  DATE: { zh: '应为日期，如2017-06-30', en: 'must be a date such as 2017-06-30' },
  BOOLEAN: { zh: '应为“是”或“否”', en: 'must be yes or no' },
  INTEGER: { zh: '应为整数', en: 'must be a whole number' },
  MONEY: { zh: '应为金额（元，最多两位小数）', en: 'must be an amount in yuan with at most two decimals' },
  IMPORT_NO_UPDATE: { zh: '已申请的补贴不能由导入修改，如需更正请驳回后重新申请', en: 'an application cannot be changed by an import: reject it and apply again' },
  DECIMAL: { zh: '应为小数（最多4位小数）', en: 'must be a decimal number with at most 4 decimals' },
  REFERENCE: { zh: '应为编号', en: 'must be an id' },
  // renderMessage puts the colon before a detail.
  NOT_XLSX: { zh: '不是有效的.xlsx文件', en: 'not a valid .xlsx file' },
  CORRUPT: { zh: '文件已损坏或格式不正确', en: 'the file is damaged or malformed' },
});

/** One refusal of one cell (or of the row, without field). */
export interface CellError {
  field?: string;
  column?: string;
  code: string;
  params?: Record<string, string | number>;
  message: string;
}

export interface ConvertedRow {
  n: number;
  raw: PlainCell[];
  /** Field → typed value; only fields with a non-empty cell. */
  values: Record<string, unknown>;
  /** Mapped fields whose cell was empty (never erase, unless asked). */
  empties: string[];
  errors: CellError[];
  unknown: { field: string; value: string }[];
}

/** Column index → field. */
export type Mapping = (string | null)[];

/** The mapping of a header row: saved columns first (header text → field), then labels, synonyms and field names. */
export function autoMapping(def: DatasetDef, headers: string[], saved?: Record<string, string | null>): Mapping {
  const index = headerIndex(def);
  const fields = new Set(def.columns.map((c) => c.field));
  const used = new Set<string>();
  return headers.map((h) => {
    let f: string | null | undefined = saved && h in saved ? saved[h] : index.get(headerKey(h));
    if (f && (!fields.has(f) || used.has(f))) f = null;
    if (f) used.add(f);
    return f ?? null;
  });
}

export function errorOf(e: unknown, column: string | undefined, lang: 'zh' | 'en' = 'zh'): CellError {
  if (e instanceof AppError) return { field: e.field, column, code: e.code, params: e.params, message: renderMessage(e.code, lang, e.field, e.params) };
  throw e;
}

export function cellError(code: ErrorCode, field: string | undefined, column: string | undefined, params: Record<string, string | number> = {}): CellError {
  return { field, column, code, params, message: renderMessage(code, 'zh', field, params) };
}

function enumOf(c: ColumnDef, text: string, valueMap: Record<string, string>): string | undefined {
  const vocab = c.vocab!;
  if (valueMap[text]) return valueMap[text];
  const up = text.toUpperCase();
  if (vocab.values.includes(up)) return up;
  for (const v of vocab.values) if (vocab.labels[v].zh === text || vocab.labels[v].en.toLowerCase() === text.toLowerCase()) return v;
  return undefined;
}

const byFieldOf = new WeakMap<DatasetDef, Map<string, ColumnDef>>();
/** A dataset's columns by field (built once, not for every row). */
function columnsOf(def: DatasetDef): Map<string, ColumnDef> {
  let m = byFieldOf.get(def);
  if (!m) byFieldOf.set(def, (m = new Map(def.columns.map((c) => [c.field, c]))));
  return m;
}

/** Typed values of one row, with its cell errors; nothing here needs the database. */
export function convertRow(def: DatasetDef, headers: string[], mapping: Mapping, row: { n: number; cells: PlainCell[] }, date1904: boolean, valueMap: Record<string, Record<string, string>>): ConvertedRow {
  const out: ConvertedRow = { n: row.n, raw: row.cells, values: {}, empties: [], errors: [], unknown: [] };
  const byField = columnsOf(def);
  mapping.forEach((field, i) => {
    if (!field) return;
    const c = byField.get(field)!;
    if (c.informational) return;
    const cell = row.cells[i] ?? null;
    const column = headers[i];
    try {
      let v: unknown;
      switch (c.type) {
        case 'ID_NUMBER':
          v = idNumberText(cell, field);
          break;
        case 'PHONE':
          v = phoneText(cell);
          break;
        case 'DATE':
          v = dateOf(cell, field, date1904);
          break;
        case 'BOOLEAN':
          v = boolOf(cell, field);
          break;
        case 'INTEGER':
          v = intOf(cell, field);
          break;
        case 'MONEY':
          v = moneyOf(cell, field, c.decimals);
          break;
        case 'REFERENCE': {
          const t = textOf(cell);
          if (t !== null && !/^\d{1,9}$/.test(t)) throw new AppError('VALIDATION_FAILED', field, { detail: 'REFERENCE' });
          v = t;
          break;
        }
        case 'REGION': {
          const t = textOf(cell);
          if (t !== null && !/^\d{12}$/.test(t)) throw new AppError('VALIDATION_FAILED', field, { detail: 'REGION_CODE' });
          v = t;
          break;
        }
        case 'ENUM': {
          const t = textOf(cell);
          if (t === null) v = null;
          else {
            v = enumOf(c, t, valueMap[field] ?? {});
            if (v === undefined) {
              out.unknown.push({ field, value: t });
              throw new AppError('IMPORT_UNKNOWN_VALUE', field);
            }
          }
          break;
        }
        default: {
          // The API's answer for a name of only invisible characters (the cleaning below would leave it empty).
          if (typeof cell === 'string' && onlyInvisible(cell)) throw new AppError('VALIDATION_FAILED', field, { detail: 'INVISIBLE_CHARS' });
          v = textOf(cell, true);
        }
      }
      // The API's own input check on what would be stored (one set of rules, `common/input.ts`): the
      // import only cleans what a sheet adds unseen (NFKC, zero-width, no-break spaces); a direction
      // override, a control character, another invisible one, a date outside 1900-2100 or a number out
      // of range is refused for the row with the code and message the API gives.
      if (typeof v === 'string') {
        if (c.type === 'DATE') checkDate(v, field);
        else if (c.type === 'MONEY') checkNumber(v, field);
        else checkText(v, field);
      } else if (typeof v === 'number') checkNumber(v, field);
      if (v === null || v === undefined) out.empties.push(field);
      else out.values[field] = v;
    } catch (e) {
      out.errors.push(errorOf(e, column));
    }
  });
  return out;
}

/** Runs a check of the API's own rules; its coded error becomes a cell error of the column holding the field. */
export function check<T>(row: ConvertedRow, columnOf: (field: string | undefined) => string | undefined, fn: () => T, fieldOverride?: string): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError) {
      const field = fieldOverride ?? e.field;
      row.errors.push({ field, column: columnOf(field), code: e.code, params: e.params, message: renderMessage(e.code, 'zh', fieldOverride ?? e.field, e.params) });
      return undefined;
    }
    throw e;
  }
}
