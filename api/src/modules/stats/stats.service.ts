import { INDICATORS, type IndicatorKey, REPORT_DATE, regionLevelOf, type RegionLevel } from '@fupin/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, registerDetails, registerFieldLabels } from '../../common/errors';
import type { Loaders } from '../../common/loaders';
import { lifecycleChildCounters, lifecycleCounters, lifecycleSeries, zeroLifecycle } from '../lifecycle/lifecycle.counters';
import { standingChildCounters, standingCounters, standingSeries } from '../region/region.standing';
import { COUNTER_VIEWS, COUNTERS, type Counters, FORMULAS } from './indicators';

registerFieldLabels({
  asOf: { zh: '截止日期', en: 'As-of date' },
  year: { zh: '统计年度', en: 'Year' },
  from: { zh: '起始月份', en: 'First month' },
  to: { zh: '截止月份', en: 'Last month' },
  limit: { zh: '条数', en: 'Limit' },
  level: { zh: '区域级别', en: 'Level' },
  regionCode: { zh: '区域', en: 'Region' },
  within: { zh: '区域', en: 'Region' },
});
registerDetails({
  PERIOD_CONFLICT: { zh: '截止日期、年度和月份范围只能选一种', en: 'give an as-of date, a year or a month range, not several' },
  MONTH: { zh: '应为YYYY-MM格式的月份', en: 'must be a month as YYYY-MM' },
  PERIOD_ORDER: { zh: '起始月份不能晚于截止月份', en: 'the first month must not be after the last' },
  PERIOD_RANGE: { zh: '应在2000年到2100年之间，且不超过240个月', en: 'must lie from 2000 to 2100 and span at most 240 months' },
  LEAGUE_LEVEL: { zh: '应为县、乡镇或村', en: 'must be COUNTY, TOWNSHIP or VILLAGE' },
});

/** A statistical period: whole months from `from` (null: from the beginning) to `to`. */
export interface Period {
  /** First day of the first month, or null for everything up to `to`. */
  from: string | null;
  /** Last day of the last month. */
  to: string;
}

export interface PeriodArgs {
  asOf?: string | null;
  year?: number | null;
  from?: string | null;
  to?: string | null;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthStart(ym: string): string {
  return `${ym}-01`;
}

function monthEnd(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function checkYear(y: number, field: string): void {
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new AppError('VALIDATION_FAILED', field, { detail: 'PERIOD_RANGE' });
}

function checkMonth(v: string, field: string): string {
  const m = MONTH.exec(v);
  if (!m) throw new AppError('VALIDATION_FAILED', field, { detail: 'MONTH' });
  checkYear(Number(m[1]), field);
  return v;
}

/**
 * The period of a statistics request. Statistics are kept by month, so an as-of date stands for the end
 * of its month (the answer's `to` says so); none given: as of the report date (2017-06-30).
 * `from`/`to` are months (YYYY-MM); `from` alone is that one month, `to` alone is "as of `to`".
 */
export function resolvePeriod(a: PeriodArgs): Period {
  const modes = [a.asOf != null, a.year != null, a.from != null || a.to != null].filter(Boolean).length;
  if (modes > 1) throw new AppError('VALIDATION_FAILED', a.asOf != null ? 'asOf' : 'year', { detail: 'PERIOD_CONFLICT' });
  if (a.year != null) {
    checkYear(a.year, 'year');
    return { from: `${a.year}-01-01`, to: `${a.year}-12-31` };
  }
  if (a.from != null || a.to != null) {
    const from = a.from != null ? checkMonth(a.from, 'from') : null;
    const to = a.to != null ? checkMonth(a.to, 'to') : from!;
    if (from && from > to) throw new AppError('VALIDATION_FAILED', 'from', { detail: 'PERIOD_ORDER' });
    return { from: from && monthStart(from), to: monthEnd(to) };
  }
  const asOf = a.asOf ?? REPORT_DATE;
  checkYear(Number(asOf.slice(0, 4)), 'asOf');
  return { from: null, to: monthEnd(asOf.slice(0, 7)) };
}

/** Months (YYYY-MM) from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/**
 * The select list summing every counter through its view of the period. `f`, `y`, `t` are SQL date
 * expressions: the first month (or -infinity), January of that year (or -infinity), the last month
 * (months are stored as their first day).
 */
function aggregates(f: string, y: string, t: string): string {
  return COUNTERS.map((col) => {
    const view = COUNTER_VIEWS[col];
    const where = view === 'stock' ? '' : view === 'cumulative' ? `s.month <= ${t}` : view === 'flow' ? `s.month between ${f} and ${t}` : `s.month between ${y} and ${t}`;
    return `coalesce(sum(s.${col})${where ? ` filter (where ${where})` : ''}, 0) as ${col}`;
  }).join(', ');
}

/**
 * The counters of some regions for a period. For an as-of period (from the beginning) every view of a
 * counter is "everything up to the last month" (stocks sit on -infinity), so the common drill-down reads
 * plain sums: the same statement one would write by hand.
 */
function regionSql(asOf: boolean, where: string): string {
  return asOf
    ? `select s.region_code, ${COUNTERS.map((c) => `sum(s.${c}) as ${c}`).join(', ')}
  from stats_live s where s.month <= ?::date and ${where} group by s.region_code`
    : `with p (f, y, t) as (values (?::date, ?::date, ?::date))
  select s.region_code, ${aggregates('p.f', 'p.y', 'p.t')}
  from stats_live s cross join p
  where ${where}
  group by s.region_code`;
}
const BY_CODES = 's.region_code = any(?::varchar[])';
// The children's counters found through the parent, so they need not wait for the children's list.
const BY_PARENT = 's.region_code in (select code from region where parent_code = ?)';
const SQL = {
  codes: { asOf: regionSql(true, BY_CODES), period: regionSql(false, BY_CODES) },
  children: { asOf: regionSql(true, BY_PARENT), period: regionSql(false, BY_PARENT) },
};

/** Statement and leading parameters for a period. */
function periodSql(which: keyof typeof SQL, period: Period): { sql: string; params: string[] } {
  const { f, y, t } = periodParams(period);
  return period.from ? { sql: SQL[which].period, params: [f, y, t] } : { sql: SQL[which].asOf, params: [t] };
}

function seriesSql(cumulative: boolean): string {
  const f = cumulative ? `'-infinity'::date` : 'm.month';
  const y = cumulative ? `'-infinity'::date` : `date_trunc('year', m.month)::date`;
  return `with m (month) as (select generate_series(?::date, ?::date, interval '1 month')::date)
  select to_char(m.month, 'YYYY-MM') as month, ${aggregates(f, y, 'm.month')}
  from m left join stats_live s on s.region_code = ? and s.month <= m.month
  group by m.month order by m.month`;
}

/** Counters from a row of sums; no row: all zero. */
export function toCounters(row: Record<string, unknown> | undefined): Counters {
  const c = zeroLifecycle() as unknown as Counters;
  for (const col of COUNTERS) c[col] = row ? Number(row[col]) : 0;
  return c;
}

export type IndicatorValues = Record<IndicatorKey, number | null>;

const COUNTY_AND_UP: ReadonlySet<RegionLevel> = new Set(['CITY', 'COUNTY']);

/** Every indicator of a region from its counters; county-kept ones are null below the county. */
export function indicatorValues(code: string, c: Counters): IndicatorValues {
  const level = regionLevelOf(code);
  const out = {} as IndicatorValues;
  for (const ind of INDICATORS) out[ind.key] = ind.aggregation === 'COUNTY' && !COUNTY_AND_UP.has(level) ? null : FORMULAS[ind.key](c);
  return out;
}

/** First and last month (first days) of a period, for the registry's counters (lifecycle_month). */
function months(period: Period): { from: string | null; to: string } {
  return { from: period.from ? `${period.from.slice(0, 7)}-01` : null, to: `${period.to.slice(0, 7)}-01` };
}

/** SQL parameters of a period: first month (or -infinity), January of its year (or -infinity), last month. */
function periodParams(period: Period): { f: string; y: string; t: string } {
  return {
    f: period.from ?? '-infinity',
    y: period.from ? `${period.from.slice(0, 4)}-01-01` : '-infinity',
    t: `${period.to.slice(0, 7)}-01`,
  };
}

/**
 * Reads the counters. Every read is one statement over `stats_month` for all the regions asked in a
 * tick (a DataLoader per period), touching (regions) x (months with events) rows.
 */
export class StatsService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: Loaders,
  ) {}

  /** The counters of `codes` for a period, in one statement. */
  async counters(codes: readonly string[], period: Period): Promise<Map<string, Counters>> {
    const out = new Map<string, Counters>();
    if (!codes.length) return out;
    for (const c of codes) if (!/^\d{12}$/.test(c)) throw new AppError('VALIDATION_FAILED', 'regionCode', { detail: 'REGION_CODE' });
    const { sql, params } = periodSql('codes', period);
    const [rows, lifecycle, standing] = await Promise.all([
      this.em.execute<Record<string, unknown>[]>(sql, [...params, `{${[...new Set(codes)].join(',')}}`]),
      lifecycleCounters(this.em, codes, months(period)),
      standingCounters(this.em, codes, period),
    ]);
    const byCode = new Map(rows.map((r) => [r.region_code as string, r]));
    for (const code of codes) out.set(code, Object.assign(toCounters(byCode.get(code)), lifecycle.get(code), standing.get(code)));
    return out;
  }

  /**
   * The counters of every child of `parent`, by code (a child without any row has none: zero). Runs
   * alongside the query of the children themselves, which decides which of them the caller may see.
   */
  async childCounters(parent: string, period: Period): Promise<Map<string, Counters>> {
    const { sql, params } = periodSql('children', period);
    const [rows, lifecycle, standing] = await Promise.all([
      this.em.execute<Record<string, unknown>[]>(sql, [...params, parent]),
      lifecycleChildCounters(this.em, parent, months(period)),
      standingChildCounters(this.em, parent, period),
    ]);
    const out = new Map(rows.map((r) => [r.region_code as string, toCounters(r)]));
    for (const [code, l] of lifecycle) out.set(code, Object.assign(out.get(code) ?? toCounters(undefined), l));
    // Poor villages and counties from their dated standing (region.standing.ts), not stats_month's flags.
    for (const c of out.values()) Object.assign(c, { poor_villages: 0, poor_counties: 0, villages_exiting: 0, counties_exiting: 0 });
    for (const [code, s] of standing) out.set(code, Object.assign(out.get(code) ?? toCounters(undefined), s));
    return out;
  }

  /** The counters of one region; calls in one tick for one period become one statement. */
  counter(code: string, period: Period): Promise<Counters> {
    return this.loaders
      .get<string, Counters>(`stats:${period.from}:${period.to}`, async (codes) => {
        const m = await this.counters(codes, period);
        return codes.map((c) => m.get(c)!);
      })
      .load(code);
  }

  /** The counters of one region for each month from `from` to `to` (YYYY-MM): that month alone, or everything up to its end. */
  async series(code: string, from: string, to: string, cumulative: boolean): Promise<{ month: string; counters: Counters }[]> {
    const [rows, lifecycle, standing] = await Promise.all([
      this.em.execute<Record<string, unknown>[]>(seriesSql(cumulative), [monthStart(from), monthStart(to), code]),
      lifecycleSeries(this.em, code, monthStart(from), monthStart(to), cumulative),
      standingSeries(this.em, code, monthStart(from), monthStart(to), cumulative),
    ]);
    return rows.map((r) => ({
      month: r.month as string,
      counters: Object.assign(toCounters(r), lifecycle.get(r.month as string), standing.get(r.month as string)),
    }));
  }
}
