import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The registry's counters over time (issue #12), read beside `stats_month`: `lifecycle_month` holds signed
 * deltas per village, township and county and month (see Migration20261201040000_lifecycle), so a
 * stock as of a month is the sum of its rows up to that month and a flow the sum over the period's
 * months. The city has no row of its own: its counters are its counties' summed in the same statement.
 */
export const LIFECYCLE_VIEWS = {
  lc_households: 'cumulative',
  lc_poor_households: 'cumulative',
  lc_households_registered: 'flow',
  lc_households_exited: 'flow',
  lc_households_returned: 'flow',
  lc_households_left: 'flow',
  lc_households_with_helper: 'cumulative',
  lc_laborers: 'cumulative',
  lc_poor_laborers: 'cumulative',
  lc_wants_training: 'cumulative',
  lc_wants_transfer: 'cumulative',
  lc_wants_enterprise: 'cumulative',
  lc_laborers_registered: 'flow',
  lc_laborers_exited: 'flow',
  lc_laborers_returned: 'flow',
  lc_laborers_left: 'flow',
  lc_laborers_with_plan: 'cumulative',
  lc_measures_met: 'cumulative',
  lc_measures_overdue: 'cumulative',
} as const;

export type LifecycleCounter = keyof typeof LIFECYCLE_VIEWS;
export const LIFECYCLE_COUNTERS = Object.keys(LIFECYCLE_VIEWS) as LifecycleCounter[];

/** First month (null: from the beginning) and last month (first days) of a period. */
export interface MonthRange {
  from: string | null;
  to: string;
}

const select = LIFECYCLE_COUNTERS.map((c) => {
  const col = c.slice(3);
  return LIFECYCLE_VIEWS[c] === 'cumulative'
    ? `coalesce(sum(s.${col}), 0) as ${c}`
    : `coalesce(sum(s.${col}) filter (where s.month >= p.f), 0) as ${c}`;
}).join(', ');

/**
 * For each code asked: its own rows, or for the city (no row of its own) its counties' rows. One
 * statement; reads (regions x months with events) rows.
 */
const BY_CODES = `with p (f, t) as (values (?::date, ?::date)),
  q (code, row_code) as (
    select c, c from unnest(?::varchar[]) as c where substr(c, 5) <> '00000000'
    union all
    select c, r.code from unnest(?::varchar[]) as c join region r on r.parent_code = c where substr(c, 5) = '00000000')
  select q.code as region_code, ${select}
  from q cross join p join lifecycle_month s on s.region_code = q.row_code and s.month <= p.t
  group by q.code`;

// Each child's rows by its primary-key range (lateral): as a join the planner hashed the whole table.
const BY_PARENT = `with p (f, t) as (values (?::date, ?::date))
  select r.code as region_code, x.*
  from region r cross join p cross join lateral (select ${select} from lifecycle_month s where s.region_code = r.code and s.month <= p.t) x
  where r.parent_code = ?`;

const SERIES = `with m (month) as (select generate_series(?::date, ?::date, interval '1 month')::date),
  q (row_code) as (select ?::varchar where substr(?, 5) <> '00000000' union all select r.code from region r where r.parent_code = ? and substr(?, 5) = '00000000')
  select to_char(m.month, 'YYYY-MM') as month, %SELECT%
  from m left join (lifecycle_month s join q on s.region_code = q.row_code) on s.month <= m.month
  group by m.month order by m.month`;

function toValues(row: Record<string, unknown> | undefined): Record<LifecycleCounter, number> {
  const out = {} as Record<LifecycleCounter, number>;
  for (const c of LIFECYCLE_COUNTERS) out[c] = row ? Number(row[c]) : 0;
  return out;
}

export const zeroLifecycle = () => toValues(undefined);

export async function lifecycleCounters(em: EntityManager, codes: readonly string[], r: MonthRange): Promise<Map<string, Record<LifecycleCounter, number>>> {
  const list = `{${[...new Set(codes)].join(',')}}`;
  const rows = await em.execute<Record<string, unknown>[]>(BY_CODES, [r.from ?? '-infinity', r.to, list, list]);
  const byCode = new Map(rows.map((x) => [x.region_code as string, x]));
  return new Map(codes.map((c) => [c, toValues(byCode.get(c))]));
}

export async function lifecycleChildCounters(em: EntityManager, parent: string, r: MonthRange): Promise<Map<string, Record<LifecycleCounter, number>>> {
  const rows = await em.execute<Record<string, unknown>[]>(BY_PARENT, [r.from ?? '-infinity', r.to, parent]);
  return new Map(rows.map((x) => [x.region_code as string, toValues(x)]));
}

/** Each month from `from` to `to` (first days): that month alone, or everything up to it (cumulative). */
export async function lifecycleSeries(em: EntityManager, code: string, from: string, to: string, cumulative: boolean): Promise<Map<string, Record<LifecycleCounter, number>>> {
  const sel = LIFECYCLE_COUNTERS.map((c) => {
    const col = c.slice(3);
    return LIFECYCLE_VIEWS[c] === 'cumulative' || cumulative ? `coalesce(sum(s.${col}), 0) as ${c}` : `coalesce(sum(s.${col}) filter (where s.month = m.month), 0) as ${c}`;
  }).join(', ');
  const rows = await em.execute<Record<string, unknown>[]>(SERIES.replace('%SELECT%', sel), [from, to, code, code, code, code]);
  return new Map(rows.map((x) => [x.month as string, toValues(x)]));
}
