import { AppError } from '../../common/errors';
import { hasVisible } from '../../common/input';
import { plain, type RawCell } from './import.cells';

export { plain, type RawCell };

/** Zero-width characters and the BOM, which Excel users cannot see and the registry must not store. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * What a cell of a real sheet holds, turned into the value the API takes. Pure functions (they run in
 * the parsing worker thread): each answers the value or throws the coded error the API would give.
 */

/** Text as the hub stores it: NFKC (full-width letters and digits become ASCII), invisible characters and no-break spaces removed, trimmed. */
export function cleanText(v: string): string {
  return v.normalize('NFKC').replace(INVISIBLE, '').replace(/[\u00A0\u3000]/g, ' ').trim();
}

/**
 * Free text (names, skills, employers): full-width letters and digits become ASCII, invisible characters
 * and no-break spaces go; Chinese punctuation（，）stays as typed, as the API stores it.
 */
export function cleanFreeText(v: string): string {
  return v
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(INVISIBLE, '')
    .replace(/[\u00A0\u3000]/g, ' ')
    .trim();
}

/** True when the raw text had characters but none a reader can see (the API's own definition, `hasVisible`). */
export function onlyInvisible(v: string): boolean {
  return v.length > 0 && !hasVisible(cleanText(v));
}

export function textOf(v: RawCell, free = false): string | null {
  const p = plain(v);
  if (p === null) return null;
  if (p instanceof Date) return isoDate(p);
  const s = free ? cleanFreeText(String(p)) : cleanText(String(p));
  return s === '' ? null : s;
}

export function isoDate(d: Date): string {
  // exceljs gives dates at UTC midnight (plus a time of day, if any): the UTC day is the sheet's day.
  return new Date(d.getTime() + 500).toISOString().slice(0, 10);
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1) return null;
  return t.toISOString().slice(0, 10);
}

/** Excel serial day number to a date: 1900 system (with Excel's phantom 1900-02-29) or 1904 system. */
export function serialToDate(n: number, date1904 = false): string | null {
  if (!Number.isFinite(n) || n < 1 || n > 80000) return null;
  const days = Math.floor(n + 1e-9);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  // Serial 60 is Excel's nonexistent 1900-02-29; below it the 1900 system is off by one.
  const shift = !date1904 && days < 61 ? 1 : 0;
  return new Date(epoch + (days + shift) * 86400000).toISOString().slice(0, 10);
}

/** A date from any of the shapes sheets use: a date cell, a serial number, 2017-06-30, 2017/6/30, 2017.6.30, 2017年6月30日, 20170630. */
export function dateOf(v: RawCell, field: string, date1904 = false): string | null {
  const p = plain(v);
  if (p === null) return null;
  if (p instanceof Date) return isoDate(p);
  if (typeof p === 'number') {
    if (Number.isInteger(p) && p >= 19000101 && p <= 21001231) {
      const d = validDate(Math.floor(p / 10000), Math.floor(p / 100) % 100, p % 100);
      if (d) return d;
    }
    const d = serialToDate(p, date1904);
    if (!d) throw new AppError('VALIDATION_FAILED', field, { detail: 'DATE' });
    return d;
  }
  const s = cleanText(String(p));
  if (s === '') return null;
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const d = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) return d;
  } else if ((m = /^\d+(\.\d+)?$/.exec(s))) {
    const d = serialToDate(Number(s), date1904);
    if (d) return d;
  }
  throw new AppError('VALIDATION_FAILED', field, { detail: 'DATE' });
}

const TRUE = new Set(['是', '√', '✓', '✔', '1', 'y', 'yes', 'true', '有', '对']);
const FALSE = new Set(['否', '×', '✗', '✘', 'x', '0', 'n', 'no', 'false', '无', '没有']);

export function boolOf(v: RawCell, field: string): boolean | null {
  const p = plain(v);
  if (p === null) return null;
  if (typeof p === 'boolean') return p;
  if (typeof p === 'number') {
    if (p === 1) return true;
    if (p === 0) return false;
    throw new AppError('VALIDATION_FAILED', field, { detail: 'BOOLEAN' });
  }
  const s = cleanText(String(p)).toLowerCase();
  if (s === '') return null;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new AppError('VALIDATION_FAILED', field, { detail: 'BOOLEAN' });
}

export function intOf(v: RawCell, field: string): number | null {
  const p = plain(v);
  if (p === null) return null;
  const s = typeof p === 'number' ? String(p) : cleanText(String(p)).replace(/[人口个年,，\s]/g, '');
  if (s === '') return null;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new AppError('VALIDATION_FAILED', field, { detail: 'INTEGER' });
  return n;
}

const DECIMALS = new Map<number, RegExp>();
/**
 * Yuan with 元, ￥ and thousands separators; answered as a string with two decimals (money is never a
 * float). A rate column keeps more (`decimals`: 0.0435 stays 0.0435, not 0.04).
 */
export function moneyOf(v: RawCell, field: string, decimals = 2): string | null {
  const p = plain(v);
  if (p === null) return null;
  let s = typeof p === 'number' ? String(p) : cleanText(String(p)).replace(/[元¥￥,，\s]/g, '').replace(/^RMB/i, '');
  if (s === '') return null;
  if (typeof p === 'number') s = (Math.round(p * 10 ** decimals) / 10 ** decimals).toFixed(decimals);
  let re = DECIMALS.get(decimals);
  if (!re) DECIMALS.set(decimals, (re = new RegExp(`^-?\\d+(\\.\\d{1,${decimals}})?$`)));
  if (!re.test(s)) throw new AppError('VALIDATION_FAILED', field, { detail: decimals === 2 ? 'MONEY' : 'DECIMAL' });
  return Number(s).toFixed(decimals);
}

/**
 * An ID number as typed: NFKC (full-width digits), lower-case x made upper. A number cell (or the
 * scientific form a CSV gets from one) has lost its last digits past the 15th: refused, saying so.
 */
export function idNumberText(v: RawCell, field: string): string | null {
  const p = plain(v);
  if (p === null) return null;
  if (typeof p === 'number') throw new AppError('IMPORT_ID_AS_NUMBER', field);
  const s = cleanText(String(p)).replace(/\s/g, '').toUpperCase();
  if (s === '') return null;
  if (/^\d(\.\d+)?E\+?\d+$/.test(s)) throw new AppError('IMPORT_ID_AS_NUMBER', field);
  return s;
}

/** A phone: a number cell is fine (11 digits fit), text is cleaned. */
export function phoneText(v: RawCell): string | null {
  const p = plain(v);
  if (p === null) return null;
  const s = typeof p === 'number' ? String(p) : cleanText(String(p)).replace(/[\s()（）]/g, '');
  return s === '' ? null : s;
}
