import { FUNNEL_STEP_KEYS, FUNNEL_STEPS, type FunnelStep, type Lang, regionPrefix, type TrainingKind } from '@fupin/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CITY_AS_COUNTIES } from '../targets/exits';
import type { Period } from '../stats/stats.service';

export type FunnelCounts = Record<FunnelStep, number>;

export interface FunnelStepRow {
  step: FunnelStep;
  label: string;
  count: number;
  /** This step over the step it follows from (`FUNNEL_STEPS[step].of`); null for the first step or when that is 0. */
  conversion: number | null;
  /** This step over the enrolled; null when nobody enrolled. */
  ofEnrolled: number | null;
}

const zero = (): FunnelCounts => Object.fromEntries(FUNNEL_STEP_KEYS.map((s) => [s, 0])) as FunnelCounts;
const SUMS = FUNNEL_STEP_KEYS.map((s) => `coalesce(sum(x.${s}), 0)::int as ${s}`).join(', ');
const counts = (r: Record<string, unknown> | undefined): FunnelCounts => {
  const c = zero();
  if (r) for (const s of FUNNEL_STEP_KEYS) c[s] = Number(r[s] ?? 0);
  return c;
};

/** The steps of a funnel with each conversion: the definition the API, the report and the workbook all use. */
export function funnelSteps(c: FunnelCounts, lang: Lang = 'zh'): FunnelStepRow[] {
  return FUNNEL_STEP_KEYS.map((step) => {
    const of = FUNNEL_STEPS[step].of;
    const prev = of ? c[of] : null;
    return {
      step,
      label: FUNNEL_STEPS[step][lang],
      count: c[step],
      conversion: prev === null || prev === 0 ? null : c[step] / prev,
      ofEnrolled: c.enrolled ? c[step] / c.enrolled : null,
    };
  });
}

/** SQL bounds of a period: months from `from` (or the beginning) to `to` (months are stored as their first day). */
const bounds = (p: Period) => [p.from ?? '-infinity', `${p.to.slice(0, 7)}-01`];

export interface FunnelGroupRow {
  id: number;
  name: string;
  kind: TrainingKind | null;
  countyCode: string;
  providerId: number | null;
  providerName: string | null;
  counts: FunnelCounts;
}

/**
 * Reads the funnel counters. A region's funnel reads (its summary rows: the city's counties) x (months)
 * x (kinds) rows of `funnel_live` (counters and unfolded deltas), whatever the number of people; class and provider tables read one
 * row per class and month.
 */
export class FunnelService {
  constructor(private readonly em: EntityManager) {}

  /** The funnel of each region for a period, optionally one kind of training; one statement. */
  async byRegion(codes: readonly string[], period: Period, kind?: TrainingKind | null): Promise<Map<string, FunnelCounts>> {
    const [f, t] = bounds(period);
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `${CITY_AS_COUNTIES}
       select a.code, ${SUMS} from a join funnel_live x on x.region_code = a.row_code
       where x.month between ?::date and ?::date ${kind ? 'and x.kind = ?' : ''} group by a.code`,
      [`{${codes.join(',')}}`, f, t, ...(kind ? [kind] : [])],
    );
    const by = new Map(rows.map((r) => [r.code as string, r]));
    return new Map(codes.map((c) => [c, counts(by.get(c))]));
  }

  /** The funnel of a region per kind of training. */
  async byKind(code: string, period: Period): Promise<Map<TrainingKind, FunnelCounts>> {
    const [f, t] = bounds(period);
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `${CITY_AS_COUNTIES}
       select x.kind, ${SUMS} from a join funnel_live x on x.region_code = a.row_code
       where x.month between ?::date and ?::date group by x.kind order by x.kind`,
      [`{${code}}`, f, t],
    );
    return new Map(rows.map((r) => [r.kind as TrainingKind, counts(r)]));
  }

  /** The funnel of every class (or provider) run by a county in the subtree of `within`. */
  async byGroup(by: 'CLASS' | 'PROVIDER', within: string, period: Period): Promise<FunnelGroupRow[]> {
    const [f, t] = bounds(period);
    const prefix = `${regionPrefix(within)}%`;
    const key = by === 'CLASS' ? 'c.id, c.title, c.kind, c.county_code, p.id, p.name' : 'p.id, p.name, p.county_code';
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `select ${by === 'CLASS' ? 'c.id, c.title as name, c.kind, c.county_code, p.id as provider_id, p.name as provider_name' : 'p.id, p.name, null as kind, p.county_code, p.id as provider_id, p.name as provider_name'},
         ${SUMS}
       from training_class c join training_provider p on p.id = c.provider_id
       join funnel_class_live x on x.class_id = c.id and x.month between ?::date and ?::date
       where c.county_code like ? group by ${key}`,
      [f, t, prefix],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name as string,
      kind: (r.kind as TrainingKind | null) ?? null,
      countyCode: r.county_code as string,
      providerId: r.provider_id == null ? null : Number(r.provider_id),
      providerName: (r.provider_name as string | null) ?? null,
      counts: counts(r),
    }));
  }

  /**
   * Days from registration to the first work of any kind (job, welfare post, business), per child
   * region: median and a distribution. Registration is the laborer's 建档立卡 day, their REGISTERED
   * registry event (the lifecycle's date, which the registry counts follow), not the day the record was
   * typed in: a clerk entering 2016's registry in 2017 would otherwise make every job look earlier than
   * registration. A record without the event (none should be) falls back to its creation day. Reads the
   * laborers of the region (their first-work day is kept in `stats_laborer`), so its cost follows the
   * people, not the regions.
   */
  async timeToFirstWork(parent: string, childLen: number): Promise<{ code: string; laborers: number; working: number; before: number; median: number | null; buckets: number[] }[]> {
    const prefix = `${parent.slice(0, childLen === 6 ? 4 : childLen === 9 ? 6 : 9)}%`;
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `with x as (
         select substr(l.village_code, 1, ?) as code, f.employed_on,
           coalesce((select min(e.occurred_on) from registry_event e where e.laborer_id = l.id and e.kind = 'REGISTERED'), l.created_at::date) as registered_on
         from laborer l join stats_laborer f on f.laborer_id = l.id
         where l.village_code like ?)
       select code, count(*)::int as laborers, count(employed_on)::int as working,
         count(*) filter (where employed_on < registered_on)::int as before,
         percentile_disc(0.5) within group (order by employed_on - registered_on) filter (where employed_on >= registered_on) as median,
         ${DELAY_BUCKETS.map(([lo, hi], i) => `count(*) filter (where employed_on - registered_on between ${lo} and ${hi})::int as b${i}`).join(', ')}
       from x group by 1 order by 1`,
      [childLen, prefix],
    );
    return rows.map((r) => ({
      code: (r.code as string).padEnd(12, '0'),
      laborers: Number(r.laborers),
      working: Number(r.working),
      before: Number(r.before),
      median: r.median == null ? null : Number(r.median),
      buckets: DELAY_BUCKETS.map((_, i) => Number(r[`b${i}`])),
    }));
  }
}

/** Distribution of days from registration to first work: 0-30, 31-90, 91-180, 181-365, over a year. */
export const DELAY_BUCKETS: [number, number][] = [
  [0, 30],
  [31, 90],
  [91, 180],
  [181, 365],
  [366, 1_000_000],
];
export const DELAY_LABELS = { zh: ['30天内', '31-90天', '91-180天', '181-365天', '一年以上'], en: ['≤30 days', '31-90 days', '91-180 days', '181-365 days', 'over a year'] };
