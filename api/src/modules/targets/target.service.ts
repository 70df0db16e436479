import { expectedShare, REPORT_DATE, regionLevelOf, TARGET_INDICATORS, type TargetIndicator, type TargetStatus, targetStatus } from '@fupin/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import type { Loaders } from '../../common/loaders';
import { withinRegion } from '../region/region.service';
import { FORMULAS } from '../stats/indicators';
import { resolvePeriod, StatsService } from '../stats/stats.service';
import { achievedExits } from './exits';
import { Target, TargetProfile } from './target.entity';

registerFieldLabels({
  indicator: { zh: '指标', en: 'Indicator' },
  value: { zh: '目标值', en: 'Target' },
  shares: { zh: '月度进度', en: 'Monthly shares' },
  note: { zh: '备注', en: 'Note' },
});
registerDetails({
  TARGET_REGION: { zh: '应为市、县或乡镇', en: 'must be the city, a county or a township' },
  POSITIVE: { zh: '应大于0', en: 'must be more than 0' },
  PROFILE: { zh: '应为12个不递减的累计比例（0到1），最后一个为1', en: 'must be 12 cumulative shares from 0 to 1, never decreasing, the last 1' },
});
registerConstraintFields({
  target_unique: { code: 'DUPLICATE', field: 'indicator' },
  target_region_check: { code: 'INVALID_REFERENCE', field: 'regionId' },
  target_region_code_fkey: 'regionId',
  target_value_check: { code: 'VALIDATION_FAILED', field: 'value', params: { detail: 'POSITIVE' } },
  target_year_check: { code: 'VALIDATION_FAILED', field: 'year', params: { detail: 'PERIOD_RANGE' } },
  target_profile_unique: { code: 'DUPLICATE', field: 'indicator' },
  target_profile_shares_check: { code: 'VALIDATION_FAILED', field: 'shares', params: { detail: 'PROFILE' } },
  target_profile_year_check: { code: 'VALIDATION_FAILED', field: 'year', params: { detail: 'PERIOD_RANGE' } },
});

export function checkShares(shares: number[]): number[] {
  const ok = shares.length === 12 && shares.every((s, i) => Number.isFinite(s) && s >= 0 && s <= 1 && (i === 0 || s >= shares[i - 1])) && shares[11] === 1;
  if (!ok) throw new AppError('VALIDATION_FAILED', 'shares', { detail: 'PROFILE' });
  return shares.map((s) => Math.round(s * 10_000) / 10_000);
}

/** Progress of one region on one target at a date. */
export interface Progress {
  regionCode: string;
  indicator: TargetIndicator;
  year: number;
  /** Last day counted (statistics are kept by month: the end of the as-of month, within the year). */
  to: string;
  target: number;
  /** OWN: set for the region itself; CHILDREN: the sum of its children's targets. */
  source: 'OWN' | 'CHILDREN';
  achieved: number;
  share: number;
  expected: number;
  status: TargetStatus;
  /** How far below the pace: target x expected share - achieved (0 when at or above it). */
  shortfall: number;
}

const CHILD_LEN: Record<string, number> = { CITY: 6, COUNTY: 9 };

/**
 * The target of a region from the rows of its subtree: its own, else the sum of its children's
 * (each resolved the same way: the city from its counties, a county from its townships).
 */
export function resolveTarget(code: string, indicator: TargetIndicator, rows: { code: string; indicator: TargetIndicator; value: number }[]): { value: number; source: 'OWN' | 'CHILDREN' } | null {
  const own = rows.find((r) => r.code === code && r.indicator === indicator);
  if (own) return { value: own.value, source: 'OWN' };
  const level = regionLevelOf(code);
  const len = CHILD_LEN[level];
  if (!len) return null;
  const prefix = code.slice(0, level === 'CITY' ? 4 : 6);
  const children = [...new Set(rows.filter((r) => r.code.startsWith(prefix) && r.code !== code && regionLevelOf(r.code) === (level === 'CITY' ? 'COUNTY' : 'TOWNSHIP')).map((r) => r.code))];
  // Counties without a row of their own may still have townships' rows.
  const grandchildren = level === 'CITY' ? [...new Set(rows.filter((r) => r.code.startsWith(prefix) && regionLevelOf(r.code) === 'TOWNSHIP').map((r) => `${r.code.slice(0, 6)}000000`))] : [];
  let sum = 0;
  let any = false;
  for (const c of new Set([...children, ...grandchildren])) {
    const t = resolveTarget(c, indicator, rows);
    if (t) {
      sum += t.value;
      any = true;
    }
  }
  return any ? { value: sum, source: 'CHILDREN' } : null;
}

/** The year and last day of a progress request: the as-of day's month end, within the year. */
export function progressPeriod(year: number | undefined | null, asOf: string | undefined | null): { year: number; to: string; expectedDay: string } {
  const day = asOf ?? (year != null && year !== Number(REPORT_DATE.slice(0, 4)) ? `${year}-12-31` : REPORT_DATE);
  const y = year ?? Number(day.slice(0, 4));
  const { to } = resolvePeriod({ asOf: day });
  const clipped = to < `${y}-01-01` ? null : to > `${y}-12-31` ? `${y}-12-31` : to;
  if (!clipped) throw new AppError('VALIDATION_FAILED', 'asOf', { detail: 'PERIOD_ORDER' });
  return { year: y, to: clipped, expectedDay: clipped };
}

export class TargetService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: Loaders,
  ) {}

  /** Target rows of a year in the subtree of `within` (through the request's scope). */
  /** (Read once per request and region: a report asks for the targets of its region several times.) */
  rows(within: string, year: number): Promise<{ code: string; indicator: TargetIndicator; value: number }[]> {
    return this.loaders
      .get<string, { code: string; indicator: TargetIndicator; value: number }[]>(`targets.rows:${year}`, (keys) =>
        Promise.all(
          keys.map(async (k) => {
            const list = await this.em.find(Target, { year, region: withinRegion(k) }, { orderBy: { id: 'ASC' } });
            return list.map((t) => ({ code: t.region.unwrap().code, indicator: t.indicator, value: Number(t.value) }));
          }),
        ),
      )
      .load(within);
  }

  profiles(year: number): Promise<Map<TargetIndicator, number[]>> {
    return this.loaders
      .get<number, Map<TargetIndicator, number[]>>('targets.profiles', (years) =>
        Promise.all(
          years.map(async (y) => {
            const list = await this.em.find(TargetProfile, { year: y });
            return new Map(list.map((p) => [p.indicator, p.shares.map(Number)]));
          }),
        ),
      )
      .load(year);
  }

  /** What each region achieved for each indicator from January to `to`, in one statement per source. */
  async achieved(codes: string[], indicators: TargetIndicator[], year: number, to: string): Promise<Map<string, Map<TargetIndicator, number>>> {
    const out = new Map(codes.map((c) => [c, new Map<TargetIndicator, number>()]));
    if (!codes.length) return out;
    const fromStats = indicators.filter((i) => TARGET_INDICATORS[i].indicator);
    if (fromStats.length) {
      // Through the per-request loader: the report reads the same counters for its tables.
      const stats = new StatsService(this.em, this.loaders);
      const counters = await Promise.all(codes.map((c) => stats.counter(c, { from: `${year}-01-01`, to })));
      codes.forEach((c, k) => {
        for (const i of fromStats) out.get(c)!.set(i, FORMULAS[TARGET_INDICATORS[i].indicator!](counters[k]) ?? 0);
      });
    }
    if (indicators.includes('PEOPLE_EXITING')) {
      const exits = await achievedExits(this.em, codes, year, to);
      for (const c of codes) out.get(c)!.set('PEOPLE_EXITING', exits.get(c) ?? 0);
    }
    return out;
  }

  /** Progress of each of `codes` on every target it has (own or its children's), at the end of `to`. */
  async progress(codes: string[], within: string, year: number, to: string): Promise<Map<string, Progress[]>> {
    const [rows, profiles] = await Promise.all([this.rows(within, year), this.profiles(year)]);
    const targets = codes.map((code) => ({
      code,
      list: TargetIndicatorValues.flatMap((indicator) => {
        const t = resolveTarget(code, indicator, rows);
        return t ? [{ indicator, ...t }] : [];
      }),
    }));
    const indicators = [...new Set(targets.flatMap((t) => t.list.map((x) => x.indicator)))];
    const achieved = await this.achieved(codes, indicators, year, to);
    const out = new Map<string, Progress[]>();
    for (const { code, list } of targets) {
      out.set(
        code,
        list.map(({ indicator, value, source }) => {
          const got = achieved.get(code)!.get(indicator) ?? 0;
          const share = got / value;
          const expected = expectedShare(to, profiles.get(indicator));
          return {
            regionCode: code,
            indicator,
            year,
            to,
            target: value,
            source,
            achieved: got,
            share,
            expected,
            status: targetStatus(share, expected),
            shortfall: Math.max(0, value * expected - got),
          };
        }),
      );
    }
    return out;
  }
}

const TargetIndicatorValues = Object.keys(TARGET_INDICATORS) as TargetIndicator[];

/** Pace of a progress row: share achieved over share expected (1 or more: on pace). */
export const paceOf = (p: Progress) => (p.expected > 0 ? p.share / p.expected : 1);
