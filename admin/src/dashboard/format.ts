import { indicatorInfo, type IndicatorKey } from '@fupin/schema';
import { formatCount, formatMoney } from '../format';

/** An indicator's value as its unit is written: 68%, 12,000.00元, 24,331. Null: '—'. */
export function formatIndicator(key: string, value: number | null | undefined, lang: 'zh' | 'en'): string {
  if (value == null) return '—';
  const unit = indicatorInfo(key as IndicatorKey)?.unit;
  if (unit === 'RATIO') return formatPercent(value);
  if (unit === 'YUAN') return formatMoney(value, lang);
  return formatCount(value);
}

/**
 * 0.6788 -> 67.9% (one decimal, as the article writes 85.1%; a whole share as 68%, as it writes 68%).
 * `fixed`: always one decimal, for a table column whose figures line up (84.0% under 85.2%).
 */
export function formatPercent(value: number | null | undefined, fixed = false): string {
  if (value == null) return '—';
  const s = (value * 100).toFixed(1);
  return `${fixed ? s : s.replace(/\.0$/, '')}%`;
}
