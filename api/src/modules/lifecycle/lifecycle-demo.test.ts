import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHub } from '../../../test/demo';
import { type TestHub } from '../../../test/hub';

/*
 * The lifecycle over the whole demo dataset (scale 0.01): the derived status equals the events for every
 * record, registrations predate 2017, and the as-of counts and flows equal a recount from the events at
 * village, township and county level (each parent the sum of its children).
 */
const SCALE = 0.01;
const NANBU = '511321000000';
const AS_OF = ['2016-06-30', '2017-03-31', '2017-06-30'];

let hub: TestHub;
beforeAll(async () => {
  hub = await startDemoHub(SCALE);
}, 180_000);
afterAll(() => hub?.close());

async function ok<T = any>(q: string, v?: Record<string, unknown>): Promise<T> {
  const r = await hub.gql(q, v);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as T;
}

/** Each subject's latest effective event up to `d` (corrections and what they cancel left out). */
const LATEST = (subject: 'household' | 'laborer', d: string) => `
  select distinct on (${subject === 'laborer' ? 'e.laborer_id' : 'e.household_id'}) e.*
  from registry_event e
  where ${subject === 'laborer' ? 'e.laborer_id is not null' : 'e.laborer_id is null'} and e.occurred_on <= '${d}'
    and e.kind <> 'CANCELLED' and not exists (select 1 from registry_event c where c.cancels_id = e.id)
  order by ${subject === 'laborer' ? 'e.laborer_id' : 'e.household_id'}, e.occurred_on desc, e.id desc`;

describe('the demo data carries its history', () => {
  it('dates the registration of a household with a large id (scale 3 and up) without overflowing', async () => {
    // A province-sized load reaches ids past 271,000, where the registration day's id x 7919 left int4.
    await hub.sql(`insert into household (id, village_code, head_name, member_count, poverty_status, exited_poverty_year, helper_name, created_at, updated_at)
      select 3400000, village_code, head_name, member_count, poverty_status, exited_poverty_year, helper_name, created_at, updated_at
      from household where exited_poverty_year <= 2016 order by id limit 1`);
    await hub.sql('select lifecycle_backfill()');
    const [r] = await hub.sql(`select e.occurred_on::text as day, h.exited_poverty_year as y from registry_event e join household h on h.id = e.household_id
      where e.household_id = 3400000 and e.laborer_id is null and e.kind = 'REGISTERED'`);
    expect(r.day >= '2014-01-01' && r.day < `${r.y}-11-01`, JSON.stringify(r)).toBe(true);
  });

  it('registers every household and laborer once, before 2017', async () => {
    const [r] = await hub.sql(`select
        (select count(*)::int from registry_event where kind = 'REGISTERED') as registered,
        (select count(*)::int from registry_event where kind = 'REGISTERED' and occurred_on >= '2017-01-01') as late,
        (select count(*)::int from household) + (select count(*)::int from laborer) as records,
        (select count(*)::int from (select household_id, laborer_id from registry_event where kind = 'REGISTERED' group by 1, 2 having count(*) > 1) x) as twice`);
    expect(r.records).toBeGreaterThan(1000);
    expect(r).toEqual({ registered: r.records, late: 0, records: r.records, twice: 0 });
  });

  it('derives every status, exit year and leaving day from the events', async () => {
    for (const subject of ['household', 'laborer'] as const) {
      const [m] = await hub.sql(`with last as (${LATEST(subject, '9999-12-31')})
        select count(*)::int as n, count(*) filter (where
          t.poverty_status::text <> case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then 'EXITED' else 'POOR' end
          or t.left_on is distinct from case when x.standing = 'LEFT' then x.occurred_on end
          or (t.poverty_status = 'EXITED') <> (t.exited_poverty_year is not null)
          or (x.standing = 'EXITED' and t.exited_poverty_year is distinct from x.exit_year))::int as wrong
        from ${subject} t left join last x on ${subject === 'laborer' ? 'x.laborer_id' : 'x.household_id'} = t.id`);
      expect(m.n, subject).toBeGreaterThan(500);
      expect(m.wrong, subject).toBe(0);
    }
    const [{ exited }] = await hub.sql(`select count(*)::int as exited from household where poverty_status = 'EXITED'`);
    expect(exited).toBeGreaterThan(0);
  });
});

describe('as-of counts against a recount from the events', () => {
  /** Laborers and households in the registry (not left) and still poor on `d`, per village. */
  async function recount(d: string): Promise<Map<string, Record<string, number>>> {
    const rows = await hub.sql(`
      select v as village, sum(laborers)::int as laborers, sum(poor_laborers)::int as poor_laborers, sum(households)::int as households, sum(poor_households)::int as poor_households from (
        select x.village_code as v, (x.standing <> 'LEFT')::int as laborers, (x.standing = 'POOR')::int as poor_laborers, 0 as households, 0 as poor_households from (${LATEST('laborer', d)}) x
        union all
        select x.village_code, 0, 0, (x.standing <> 'LEFT')::int, (x.standing = 'POOR')::int from (${LATEST('household', d)}) x) t
      group by v`);
    return new Map(rows.map((r) => [r.village as string, r]));
  }
  const sumWhere = (m: Map<string, Record<string, number>>, prefix: string, k: string) =>
    [...m].filter(([v]) => v.startsWith(prefix)).reduce((s, [, r]) => s + r[k], 0);
  const FIELDS = 'laborers poorLaborers households poorHouseholds';
  const KEYS: [string, string][] = [['laborers', 'laborers'], ['poorLaborers', 'poor_laborers'], ['households', 'households'], ['poorHouseholds', 'poor_households']];

  it('equal the recount at county, township and village level, each parent the sum of its children', async () => {
    for (const d of AS_OF) {
      const counts = await recount(d);
      const county = (await ok(`{ Region(id: "${NANBU}") { stats(asOf: "${d}") { ${FIELDS} } childrenStats(asOf: "${d}") { region { code } ${FIELDS} } } }`)).Region;
      for (const [api, col] of KEYS) {
        expect(county.stats[api], `${d} county ${api}`).toBe(sumWhere(counts, NANBU.slice(0, 6), col));
        expect(county.childrenStats.reduce((s: number, c: Record<string, number>) => s + c[api], 0), `${d} townships ${api}`).toBe(county.stats[api]);
      }
      // The township with the most laborers, and its villages.
      const township = [...county.childrenStats].sort((a: { laborers: number }, b: { laborers: number }) => b.laborers - a.laborers)[0];
      const t = (await ok(`{ Region(id: "${township.region.code}") { stats(asOf: "${d}") { ${FIELDS} } childrenStats(asOf: "${d}") { region { code } ${FIELDS} } } }`)).Region;
      expect(t.stats.laborers).toBeGreaterThan(0);
      for (const [api, col] of KEYS) {
        expect(t.stats[api], `${d} township ${api}`).toBe(sumWhere(counts, township.region.code.slice(0, 9), col));
        expect(t.childrenStats.reduce((s: number, c: Record<string, number>) => s + c[api], 0), `${d} villages ${api}`).toBe(t.stats[api]);
        for (const v of t.childrenStats) expect(v[api], `${d} ${v.region.code} ${api}`).toBe(counts.get(v.region.code)?.[col] ?? 0);
      }
    }
  });

  it("gives a lifecycle indicator's monthly series (statsTimeSeries) equal to the events of each month", async () => {
    const series = (await ok(`{ statsTimeSeries(regionCode: "${NANBU}", indicator: laborersExited, from: "2017-01", to: "2017-06", cumulative: false) { month value } }`)).statsTimeSeries;
    const rows = await hub.sql(`select to_char(occurred_on, 'YYYY-MM') as month, sum(case when kind = 'EXITED' then 1 else -1 end)::int as n from registry_event
      where laborer_id is not null and (kind = 'EXITED' or cancelled_kind = 'EXITED') and village_code like '511321%' and occurred_on between '2017-01-01' and '2017-06-30' group by 1`);
    const by = new Map(rows.map((r) => [r.month, r.n]));
    expect(series.map((p: { month: string }) => p.month)).toEqual(['2017-01', '2017-02', '2017-03', '2017-04', '2017-05', '2017-06']);
    for (const p of series) expect(p.value, p.month).toBe(by.get(p.month) ?? 0);
    expect(series.reduce((s: number, p: { value: number }) => s + p.value, 0)).toBeGreaterThan(0);
    const cumulative = (await ok(`{ statsTimeSeries(regionCode: "${NANBU}", indicator: laborersExited, from: "2017-06", to: "2017-06") { value } }`)).statsTimeSeries;
    const [{ all }] = await hub.sql(`select sum(case when kind = 'EXITED' then 1 else -1 end)::int as all from registry_event
      where laborer_id is not null and (kind = 'EXITED' or cancelled_kind = 'EXITED') and village_code like '511321%' and occurred_on <= '2017-06-30'`);
    expect(cumulative[0].value).toBe(all);
  });

  it('answers Laborer.asOf(date): not registered before, poor until the exit, exited from its day', async () => {
    const [x] = await hub.sql(`select e.laborer_id::text as id, to_char(e.occurred_on, 'YYYY-MM-DD') as exited, to_char(e.occurred_on - 1, 'YYYY-MM-DD') as before, e.exit_year,
        to_char(r.occurred_on - 1, 'YYYY-MM-DD') as unregistered, to_char(r.occurred_on, 'YYYY-MM-DD') as registered
      from registry_event e join registry_event r on r.laborer_id = e.laborer_id and r.kind = 'REGISTERED'
      where e.kind = 'EXITED' and e.laborer_id is not null and e.occurred_on > r.occurred_on order by e.laborer_id limit 1`);
    const q = `query($id: ID!, $a: LocalDate!, $b: LocalDate!, $c: LocalDate!, $r: LocalDate!) { Laborer(id: $id) {
      a: asOf(date: $a) { registered standing } r: asOf(date: $r) { registered standing } b: asOf(date: $b) { standing exitYear } c: asOf(date: $c) { standing exitYear since } } }`;
    const d = (await ok(q, { id: x.id, a: x.unregistered, r: x.registered, b: x.before, c: x.exited })).Laborer;
    expect(d).toEqual({
      a: { registered: false, standing: null },
      r: { registered: true, standing: 'POOR' },
      b: { standing: 'POOR', exitYear: null },
      c: { standing: 'EXITED', exitYear: x.exit_year, since: x.exited },
    });
  });
});
