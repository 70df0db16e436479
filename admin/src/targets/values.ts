import { TARGET_INDICATORS, type TargetIndicator, type TargetStatus } from '@fupin/schema';
import { formatMoney } from '../format';

/** A target's figure with its unit: yuan as money (1,500.00元), people and places counted (1,234人). */
export function formatTargetValue(indicator: string, v: number | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  if (v == null) return '';
  const unit = TARGET_INDICATORS[indicator as TargetIndicator]?.unit ?? '';
  if (unit === '元') return formatMoney(v, lang);
  return `${Math.round(v).toLocaleString('en-US')}${lang === 'zh' ? unit : ''}`;
}

export const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The colour of each status (the same as the printed report's): green, orange, red. */
export const STATUS_COLOR: Record<TargetStatus, 'success' | 'warning' | 'error'> = { ON_TRACK: 'success', BEHIND: 'warning', FAR_BEHIND: 'error' };
