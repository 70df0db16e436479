/**
 * Dates and money the way Chinese statistics and clerks write them: 2017-06-30 in tables, 2017年6月30日 in
 * text; yuan with thousands separators and two decimals, the unit 元 always shown (in the text or the header).
 */

/** `YYYY-MM-DD` (a LocalDate from the API, or an ISO timestamp) -> its date parts, or null. */
function dateParts(value: string | Date | null | undefined): [number, number, number] | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return [value.getFullYear(), value.getMonth() + 1, value.getDate()];
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  // A timestamp is shown in the viewer's time zone; a bare LocalDate has none and is taken as written.
  if (value.length > 10) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  }
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2017-06-30 */
export function formatDate(value: string | Date | null | undefined): string {
  const p = dateParts(value);
  return p ? `${p[0]}-${pad(p[1])}-${pad(p[2])}` : '';
}

/** 2017年6月30日 (Chinese) or 30 Jun 2017 (English). */
export function formatDateLong(value: string | Date | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  const p = dateParts(value);
  if (!p) return '';
  if (lang === 'zh') return `${p[0]}年${p[1]}月${p[2]}日`;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][p[1] - 1];
  return `${p[2]} ${month} ${p[0]}`;
}

const grouped = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Money has one format everywhere in the admin: yuan with thousands separators and two decimals, the unit
 * always shown: 1,500.00元 in text and cards (English: 1,500.00 yuan); in a table cell or on a chart axis the
 * header or axis title says 元 and the cell holds formatYuan's 1,500.00. Never ¥ in one place and 万元 in
 * another (issue 17: a clerk compared ¥69,200 with 12.25万元). Null and undefined give ''.
 */
export function formatMoney(yuan: number | string | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  const v = formatYuan(yuan);
  if (v === '') return '';
  return lang === 'zh' ? `${v}元` : `${v} yuan`;
}

/** 1,234 (people, rows): thousands separators as both languages write them. */
export function formatCount(n: number | null | undefined): string {
  return n == null ? '' : n.toLocaleString('en-US');
}

/** A timestamp in the viewer's own time zone: 2026-12-01 09:05:30 (the audit trail's "when"). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${formatDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Yuan in a table cell: 1,500.00 (the column header says 元, so no ¥ and never 万元 in one column). */
export function formatYuan(yuan: number | string | null | undefined): string {
  if (yuan == null || yuan === '') return '';
  const n = typeof yuan === 'string' ? Number(yuan) : yuan;
  if (!Number.isFinite(n)) return '';
  return grouped(n, 2);
}

/** A chart axis tick in yuan (the axis title says 元): 1,200,000 — whole yuan, separators, never 万. */
export function formatYuanTick(yuan: number): string {
  return Math.round(yuan).toLocaleString('en-US');
}
