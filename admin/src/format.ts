/**
 * Dates and money the way Chinese statistics and clerks write them: 2017-06-30 in tables, 2017年6月30日 in
 * text; yuan with ¥ and thousands separators, and 万元 (ten thousand yuan) once amounts are large.
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

/** Amounts from this many yuan on are shown in 万元. */
export const WAN_THRESHOLD = 100_000;

const grouped = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * ¥1,234.50 below 100,000 yuan; 12.35万元 from there on. English keeps the full ¥ amount (万 is no unit
 * an English reader counts in). Null and undefined give ''.
 */
export function formatMoney(yuan: number | string | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  if (yuan == null || yuan === '') return '';
  const n = typeof yuan === 'string' ? Number(yuan) : yuan;
  if (!Number.isFinite(n)) return '';
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (lang === 'zh' && abs >= WAN_THRESHOLD) {
    const wan = abs / 10_000;
    // 1,234.57万元; whole numbers of 万 drop the decimals.
    return `${sign}${grouped(wan, Number.isInteger(wan) ? 0 : 2)}万元`;
  }
  return `${sign}¥${grouped(abs, Number.isInteger(abs) ? 0 : 2)}`;
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

/** Ten-thousands of yuan in a table cell: 1,234.57 (the header says 万元). */
export function formatWan(yuan: number | null | undefined): string {
  if (yuan == null || !Number.isFinite(yuan)) return '';
  return grouped(yuan / 10_000, 2);
}
