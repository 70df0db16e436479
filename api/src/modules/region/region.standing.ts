import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Poor villages and counties over time, from their dated standing (`region.listed_on`, `exited_on`;
 * Migration20261207000000_dated_exits): the statistics read these four counters here instead of
 * `stats_month`'s (which keep the flags "as the lists are now", exits on 1 January of the planned year).
 *
 * - poor_villages / poor_counties: on the poor list by the period's last day (exited ones included, as the
 *   indicator defines; a poor region without `listed_on` counts from the beginning);
 * - villages_exiting / counties_exiting: exits decided from January of the period's first year (or the
 *   beginning, for an as-of period) to its last day.
 *
 * One statement per read over the poor regions below the codes asked (an index range of `region`, at
 * most its 3,004 villages for the city): O(regions), never the people.
 */
export const STANDING_COUNTERS = ['poor_villages', 'poor_counties', 'villages_exiting', 'counties_exiting'] as const;
export type StandingCounter = (typeof STANDING_COUNTERS)[number];
export type Standing = Record<StandingCounter, number>;

/** The code prefix of a region's subtree (city 4 digits, county 6, township 9, village 12). */
const PREFIX = `case when substr(q.code, 5) = '00000000' then substr(q.code, 1, 4) when substr(q.code, 7) = '000000' then substr(q.code, 1, 6)
  when substr(q.code, 10) = '000' then substr(q.code, 1, 9) else q.code end`;

const COUNTS = (y: string, t: string) => `
  count(*) filter (where v.level = 'VILLAGE' and coalesce(v.listed_on, '-infinity') <= ${t}) as poor_villages,
  count(*) filter (where v.level = 'COUNTY' and coalesce(v.listed_on, '-infinity') <= ${t}) as poor_counties,
  count(*) filter (where v.level = 'VILLAGE' and v.exited_on between ${y} and ${t}) as villages_exiting,
  count(*) filter (where v.level = 'COUNTY' and v.exited_on between ${y} and ${t}) as counties_exiting`;

// A subtree as a range of the primary key: codes are 12 digits, so the prefix padded with 0s and with 9s
// bounds it in any collation (a LIKE on a computed pattern cannot use the index: 25 ms for a county's
// townships, a nested loop over every region).
const SUBTREE = `v.code between rpad(${PREFIX}, 12, '0') and rpad(${PREFIX}, 12, '9')`;
const JOIN = `join region v on ${SUBTREE} and v.is_poor`;

const BY_CODES = `with p (y, t) as (values (?::date, ?::date)) select q.code, ${COUNTS('p.y', 'p.t')}
  from p cross join unnest(?::varchar[]) as q(code) ${JOIN} group by q.code`;
const BY_PARENT = `with p (y, t) as (values (?::date, ?::date)) select q.code, ${COUNTS('p.y', 'p.t')}
  from p cross join region q ${JOIN} where q.parent_code = ? group by q.code`;
const SERIES = `with m (month) as (select generate_series(?::date, ?::date, interval '1 month')::date),
  q (code) as (values (?::varchar)),
  p as (select m.month, case when ?::boolean then '-infinity'::date else date_trunc('year', m.month)::date end as y, (m.month + interval '1 month - 1 day')::date as t from m)
  select to_char(p.month, 'YYYY-MM') as month,
    count(v.code) filter (where v.level = 'VILLAGE' and coalesce(v.listed_on, '-infinity') <= p.t) as poor_villages,
    count(v.code) filter (where v.level = 'COUNTY' and coalesce(v.listed_on, '-infinity') <= p.t) as poor_counties,
    count(v.code) filter (where v.level = 'VILLAGE' and v.exited_on between p.y and p.t) as villages_exiting,
    count(v.code) filter (where v.level = 'COUNTY' and v.exited_on between p.y and p.t) as counties_exiting
  from p cross join q left join region v on ${SUBTREE} and v.is_poor
  group by p.month order by p.month`;

const zero = (): Standing => ({ poor_villages: 0, poor_counties: 0, villages_exiting: 0, counties_exiting: 0 });
function toStanding(r: Record<string, unknown> | undefined): Standing {
  const out = zero();
  if (r) for (const c of STANDING_COUNTERS) out[c] = Number(r[c] ?? 0);
  return out;
}

/** `from`: first day of the period (null: from the beginning); `to`: its last day. */
export interface DayRange {
  from: string | null;
  to: string;
}
/** January of the first month's year: exits are yearly, as the indicators' `yearly` view reads them. */
const yearStart = (r: DayRange) => (r.from ? `${r.from.slice(0, 4)}-01-01` : '-infinity');
/** The end of `to`'s month: the statistics have month granularity, and these counts keep to it. */
function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export async function standingCounters(em: EntityManager, codes: readonly string[], r: DayRange): Promise<Map<string, Standing>> {
  const rows = await em.execute<Record<string, unknown>[]>(BY_CODES, [yearStart(r), monthEnd(r.to), `{${[...new Set(codes)].join(',')}}`]);
  const by = new Map(rows.map((x) => [x.code as string, x]));
  return new Map(codes.map((c) => [c, toStanding(by.get(c))]));
}

export async function standingChildCounters(em: EntityManager, parent: string, r: DayRange): Promise<Map<string, Standing>> {
  const rows = await em.execute<Record<string, unknown>[]>(BY_PARENT, [yearStart(r), monthEnd(r.to), parent]);
  return new Map(rows.map((x) => [x.code as string, toStanding(x)]));
}

/** Each month from `from` to `to` (first days): exits from January to its end (from the beginning when cumulative), as the `yearly` view; the lists at its end. */
export async function standingSeries(em: EntityManager, code: string, from: string, to: string, cumulative: boolean): Promise<Map<string, Standing>> {
  const rows = await em.execute<Record<string, unknown>[]>(SERIES, [from, to, code, cumulative]);
  return new Map(rows.map((x) => [x.month as string, toStanding(x)]));
}
