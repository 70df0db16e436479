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

/** 0.6788 -> 67.9% (one decimal, as the article writes 85.1%). */
export function formatPercent(value: number | null | undefined): string {
  if (value == null) return '—';
  return `${(value * 100).toFixed(1).replace(/\.0$/, '')}%`;
}
