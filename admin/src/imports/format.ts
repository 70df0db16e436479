import { formatDate } from '../format';

/** 2017-06-30 14:05 in the viewer's time zone (a batch's times). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${formatDate(d)} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A duration as 12 秒 / 3 分 5 秒 (i18n keys fupin.imports.batches.seconds / minutes). */
export function formatDuration(ms: number | null | undefined, translate: (k: string, o?: object) => string): string {
  if (ms == null) return '';
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? translate('fupin.imports.batches.seconds', { n: s }) : translate('fupin.imports.batches.minutes', { m: Math.floor(s / 60), s: s % 60 });
}

/** 12.3 KB / 4.5 MB */
export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
