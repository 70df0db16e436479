import type { IndicatorKey } from './indicators';

/**
 * Yearly targets (年度目标任务) and their supervision (汇总+督促), and the training funnel: the vocabulary
 * the API, the admin and the seed share. Progress and the funnel are computed by the API
 * (api/src/modules/report); this file says what each target counts and how a status is decided.
 */

/** Indicators a yearly target may be set for; `indicator` is the statistic (RegionStats field) that measures it, null where the hub keeps its own counter. */
export const TARGET_INDICATORS = {
  PEOPLE_EXITING: { zh: '贫困人口脱贫', en: 'People exiting poverty', unit: '人', indicator: null },
  VILLAGES_EXITING: { zh: '贫困村出列', en: 'Poor villages exiting', unit: '个', indicator: 'poorVillagesExiting' },
  COUNTIES_EXITING: { zh: '贫困县摘帽', en: 'Poor counties exiting', unit: '个', indicator: 'poorCountiesExiting' },
  TRAINED: { zh: '技能培训', en: 'People trained', unit: '人', indicator: 'trained' },
  TRANSFER_EMPLOYED: { zh: '转移就业', en: 'Transfer employment', unit: '人', indicator: 'transferEmployed' },
  ENTERPRISES_STARTED: { zh: '帮扶创业', en: 'Businesses started', unit: '人', indicator: 'enterprisesStarted' },
  WELFARE_PLACED: { zh: '公益性岗位安置', en: 'Welfare-post placements', unit: '人', indicator: 'welfarePlaced' },
  SUBSIDY_PAID: { zh: '补贴资金支出', en: 'Subsidy spending', unit: '元', indicator: 'subsidyPaid' },
} as const satisfies Record<string, { zh: string; en: string; unit: string; indicator: IndicatorKey | null }>;

export type TargetIndicator = keyof typeof TARGET_INDICATORS;
export const TargetIndicator = {
  values: Object.keys(TARGET_INDICATORS) as TargetIndicator[],
  labels: Object.fromEntries(Object.entries(TARGET_INDICATORS).map(([k, v]) => [k, { zh: v.zh, en: v.en }])) as Record<TargetIndicator, { zh: string; en: string }>,
};

/**
 * Status of a target at a date, from the pace: the share achieved over the share expected by then
 * (time elapsed in the year, or the city's monthly profile). At or above 90% of the pace: on track;
 * 70% to 90%: behind; below 70%: far behind. Nothing expected yet: on track.
 */
export const PACE_BEHIND = 0.9;
export const PACE_FAR_BEHIND = 0.7;

export const TargetStatus = {
  values: ['ON_TRACK', 'BEHIND', 'FAR_BEHIND'] as const,
  labels: {
    ON_TRACK: { zh: '进度正常', en: 'On track' },
    BEHIND: { zh: '进度滞后', en: 'Behind' },
    FAR_BEHIND: { zh: '严重滞后', en: 'Far behind' },
  },
};
export type TargetStatus = (typeof TargetStatus.values)[number];

export function targetStatus(share: number, expected: number): TargetStatus {
  if (expected <= 0) return 'ON_TRACK';
  const pace = share / expected;
  return pace >= PACE_BEHIND ? 'ON_TRACK' : pace >= PACE_FAR_BEHIND ? 'BEHIND' : 'FAR_BEHIND';
}

/**
 * Share of the year elapsed at the end of `day` (inclusive): 30 June 2017 is 181/365. With a monthly
 * profile (12 cumulative shares, the last 1), the profile's value for the month of `day` (at its end).
 */
export function expectedShare(day: string, profile?: readonly number[] | null): number {
  const [y, m, d] = day.split('-').map(Number);
  if (profile && profile.length === 12) return profile[m - 1];
  const start = Date.UTC(y, 0, 1);
  const days = (Date.UTC(y + 1, 0, 1) - start) / 86_400_000;
  return (Date.UTC(y, m - 1, d) - start) / 86_400_000 / days + 1 / days;
}

/**
 * The training funnel (培训→就业→稳定就业), counted in enrollments (person-times) in the month each step
 * happened: enrolled (报名, the enrollment day); completed (结业) and certified (取得证书) on the completion
 * day; in work after training (培训后就业: the enrollment marked employed after training, i.e. in work
 * within three months of completion: the step of the article's 培训后转移就业率) on the completion day;
 * stable (稳定就业): the first job that started within three months of completion still held six months
 * after its start, on that day. Each step's conversion is over the step it follows from (`of`): a
 * certificate and a job both follow completion (classes of other kinds give no certificate).
 */
export const FUNNEL_STEPS = {
  enrolled: { zh: '报名参训', en: 'Enrolled', of: null },
  completed: { zh: '培训结业', en: 'Completed', of: 'enrolled' },
  certified: { zh: '取得证书', en: 'Certified', of: 'completed' },
  employed: { zh: '培训后就业', en: 'In work within 3 months', of: 'completed' },
  stable: { zh: '稳定就业', en: 'Still in work after 6 months', of: 'employed' },
} as const;
export type FunnelStep = keyof typeof FUNNEL_STEPS;
export const FUNNEL_STEP_KEYS = Object.keys(FUNNEL_STEPS) as FunnelStep[];
