import { expectedShare, targetStatus } from '@fupin/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHub } from '../../../test/demo';
import { type Gql, type TestHub } from '../../../test/hub';

const SCALE = 0.05;
const CITY = '511300000000';
const NANBU = '511321000000';

let hub: TestHub;
let operator: Gql;
beforeAll(async () => {
  hub = await startDemoHub(SCALE);
  operator = await hub.as('OPERATOR', NANBU);
}, 180_000);
afterAll(() => hub?.close());

const PROGRESS = `query($r: ID!, $asOf: LocalDate) { targetProgress(regionCode: $r, asOf: $asOf) { regionCode indicator year to target source achieved share expected pace status shortfall } }`;
type P = { regionCode: string; indicator: string; to: string; target: number; source: string; achieved: number; share: number; expected: number; pace: number; status: string; shortfall: number };
const progress = async (g: Gql, r: string, asOf?: string): Promise<P[]> => {
  const res = await g(PROGRESS, { r, asOf });
  expect(res.errors).toBeUndefined();
  return res.data.targetProgress;
};

describe('expected share and status', () => {
  it('expects the share of the year elapsed at the end of the day, or the monthly profile', () => {
    expect(expectedShare('2017-06-30')).toBeCloseTo(181 / 365, 10);
    expect(expectedShare('2017-12-31')).toBeCloseTo(1, 10);
    expect(expectedShare('2016-12-31')).toBeCloseTo(1, 10);
    expect(expectedShare('2017-01-01')).toBeCloseTo(1 / 365, 10);
    const profile = [0, 0, 0.2, 0.2, 0.2, 0.45, 0.45, 0.45, 0.7, 0.7, 0.7, 1];
    expect(expectedShare('2017-06-30', profile)).toBe(0.45);
    expect(expectedShare('2017-02-10', profile)).toBe(0);
  });
  it('is on track from 90% of the pace, behind from 70%, far behind below', () => {
    expect(targetStatus(0.45, 0.5)).toBe('ON_TRACK');
    expect(targetStatus(0.44, 0.5)).toBe('BEHIND');
    expect(targetStatus(0.35, 0.5)).toBe('BEHIND');
    expect(targetStatus(0.34, 0.5)).toBe('FAR_BEHIND');
    expect(targetStatus(0, 0)).toBe('ON_TRACK');
  });
});

describe('the demo targets of 2017', () => {
  it("gives the city the article's targets as the sum of its counties' (136,000 people scaled, 317 villages, 2 counties)", async () => {
    const city = await progress(hub.gql, CITY);
    const by = Object.fromEntries(city.map((p) => [p.indicator, p]));
    expect(by.PEOPLE_EXITING.target).toBe(Math.round(136_000 * SCALE));
    expect(by.VILLAGES_EXITING.target).toBe(317);
    expect(by.COUNTIES_EXITING.target).toBe(2);
    for (const p of city) expect(p.source).toBe('CHILDREN');
    const [{ count }] = await hub.sql(`select count(*)::int as count from laborer where wants_training`);
    expect(by.TRAINED.target).toBe(count);
    const counties = await hub.sql(`select r.code from target t join region r on r.code = t.region_code where t.indicator = 'COUNTIES_EXITING' order by 1`);
    expect(counties.map((c) => c.code)).toEqual(['511321000000', '511323000000']);
  });

  it('measures achievement with the statistics of the year so far, and the pace against the share of the year elapsed', async () => {
    const city = await progress(hub.gql, CITY, '2017-06-30');
    const s = await hub.gql(`{ Region(id: "${CITY}") { stats(from: "2017-01", to: "2017-06") { trained transferEmployed enterprisesStarted welfarePlaced subsidyPaid poorVillagesExiting } y: stats(year: 2017) { poorVillagesExiting poorCountiesExiting } } }`);
    const st = s.data.Region.stats;
    const by = Object.fromEntries(city.map((p) => [p.indicator, p]));
    expect(by.TRAINED.achieved).toBe(st.trained);
    expect(by.TRANSFER_EMPLOYED.achieved).toBe(st.transferEmployed);
    expect(by.ENTERPRISES_STARTED.achieved).toBe(st.enterprisesStarted);
    expect(by.WELFARE_PLACED.achieved).toBe(st.welfarePlaced);
    expect(by.SUBSIDY_PAID.achieved).toBeCloseTo(st.subsidyPaid, 2);
    // Villages: those whose 出列 was decided by 30 June (dated standing), not the year's whole list on 1 January.
    const [{ villages }] = await hub.sql(`select count(*)::int as villages from region where level = 'VILLAGE' and is_poor and exited_on between '2017-01-01' and '2017-06-30'`);
    expect(by.VILLAGES_EXITING.achieved).toBe(villages);
    expect(by.VILLAGES_EXITING.achieved).toBe(st.poorVillagesExiting);
    expect(villages).toBeGreaterThan(0);
    expect(villages).toBeLessThan(s.data.Region.y.poorVillagesExiting);
    expect(s.data.Region.y.poorVillagesExiting).toBe(317);
    // People: the members of households whose exit events (less cancelled ones) were decided by 30 June.
    const [{ people }] = await hub.sql(`select coalesce(sum(case when e.kind = 'EXITED' then 1 else -1 end * h.member_count), 0)::int as people
      from registry_event e join household h on h.id = e.household_id
      where e.laborer_id is null and (e.kind = 'EXITED' or e.cancelled_kind = 'EXITED') and e.occurred_on between '2017-01-01' and '2017-06-30'`);
    expect(by.PEOPLE_EXITING.achieved).toBe(people);
    // The two counties 摘帽 in December: at 30 June they are far behind, from the data, not a constant.
    expect(by.COUNTIES_EXITING.achieved).toBe(0);
    expect(by.COUNTIES_EXITING.status).toBe('FAR_BEHIND');
    const year = Object.fromEntries((await progress(hub.gql, CITY, '2017-12-31')).map((p) => [p.indicator, p]));
    expect(year.COUNTIES_EXITING.achieved).toBe(2);
    expect(year.VILLAGES_EXITING.achieved).toBe(317);
    for (const p of city) {
      expect(p.to).toBe('2017-06-30');
      expect(p.share).toBeCloseTo(p.achieved / p.target, 10);
      // Subsidy spending follows the city's quarterly profile; the others the share of the year elapsed.
      expect(p.expected).toBeCloseTo(p.indicator === 'SUBSIDY_PAID' ? 0.45 : 181 / 365, 10);
      expect(p.status).toBe(targetStatus(p.share, p.expected));
      expect(p.shortfall).toBeCloseTo(Math.max(0, p.target * p.expected - p.achieved), 4);
    }
  });

  it('ranks the counties by pace and lists every target behind it, the farthest behind first', async () => {
    const r = await hub.gql(`{ targetLeague(asOf: "2017-06-30") { rank score region { code name } progress { indicator status pace } }
      supervisionList(asOf: "2017-06-30") { regionCode indicator status pace shortfall target achieved expected } }`);
    expect(r.errors).toBeUndefined();
    const league = r.data.targetLeague;
    expect(league).toHaveLength(9);
    for (let i = 1; i < league.length; i++) expect(league[i - 1].score).toBeGreaterThanOrEqual(league[i].score);
    for (const row of league) expect(row.score).toBeCloseTo(row.progress.reduce((s: number, p: { pace: number }) => s + p.pace, 0) / row.progress.length, 10);
    const list = r.data.supervisionList;
    expect(list.length).toBeGreaterThan(0);
    const behind = league.flatMap((l: { region: { code: string }; progress: { indicator: string; status: string }[] }) => l.progress.filter((p) => p.status !== 'ON_TRACK').map((p) => `${l.region.code}:${p.indicator}`));
    expect(list.filter((x: { regionCode: string }) => x.regionCode.endsWith('000000')).map((x: { regionCode: string; indicator: string }) => `${x.regionCode}:${x.indicator}`).sort()).toEqual(behind.sort());
    for (let i = 1; i < list.length; i++) expect(list[i - 1].pace).toBeLessThanOrEqual(list[i].pace);
    for (const x of list) {
      expect(x.status).not.toBe('ON_TRACK');
      expect(x.shortfall).toBeGreaterThan(0);
    }
    // 南部县's townships have their own training targets: the county's league ranks them.
    const t = await hub.gql(`{ targetLeague(within: "${NANBU}", indicator: TRAINED) { rank score region { level } progress { indicator source } } }`);
    expect(t.errors).toBeUndefined();
    expect(t.data.targetLeague.length).toBeGreaterThan(5);
    for (const row of t.data.targetLeague) expect(row.region.level).toBe('TOWNSHIP');
  });
});

describe('targets are kept by the city', () => {
  it('lets the city add a target, refuses bad values and duplicates with coded errors, and operators may not write', async () => {
    const township = (await hub.sql(`select code from region where parent_code = '511322000000' order by code limit 1`))[0].code;
    const create = `mutation($r: ID!, $v: Float!) { createTarget(regionId: $r, year: 2017, indicator: TRAINED, value: $v, note: "试点") { id regionId value } }`;
    const ok = await hub.gql(create, { r: township, v: 120 });
    expect(ok.errors).toBeUndefined();
    const dup = await hub.gql(create, { r: township, v: 130 });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'indicator' });
    const bad = await hub.gql(create, { r: CITY, v: -1 });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'value' });
    const village = (await hub.sql(`select code from region where level = 'VILLAGE' order by code limit 1`))[0].code;
    const vil = await hub.gql(create, { r: village, v: 5 });
    expect(vil.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'regionId' });
    const op = await operator(create, { r: '511321001000', v: 5 });
    expect(op.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // The county of that township still has its own target; its townships' league shows the new row.
    const county = await progress(hub.gql, '511322000000');
    expect(county.find((p) => p.indicator === 'TRAINED')!.source).toBe('OWN');
    const tp = await progress(hub.gql, township);
    expect(tp).toHaveLength(1);
    expect(tp[0].target).toBe(120);
    const del = await hub.gql(`mutation($id: ID!) { deleteTarget(id: $id) { id } }`, { id: ok.data.createTarget.id });
    expect(del.errors).toBeUndefined();

    // A city target of its own replaces the sum of the counties'.
    const own = await hub.gql(create, { r: CITY, v: 99_999 });
    expect(own.errors).toBeUndefined();
    const city = await progress(hub.gql, CITY);
    expect(city.find((p) => p.indicator === 'TRAINED')).toMatchObject({ target: 99_999, source: 'OWN' });
    await hub.gql(`mutation($id: ID!) { deleteTarget(id: $id) { id } }`, { id: own.data.createTarget.id });
  });

  it('refuses a profile that is not 12 non-decreasing shares ending at 1', async () => {
    const r = await hub.gql(`mutation { createTargetProfile(year: 2017, indicator: TRAINED, shares: [0.1, 0.05, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1]) { id } }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'shares' });
    const ok = await hub.gql(`mutation { createTargetProfile(year: 2017, indicator: TRAINED, shares: [0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1]) { id shares } }`);
    expect(ok.errors).toBeUndefined();
    const city = await progress(hub.gql, CITY);
    expect(city.find((p) => p.indicator === 'TRAINED')!.expected).toBe(0.6);
    await hub.gql(`mutation($id: ID!) { deleteTargetProfile(id: $id) { id } }`, { id: ok.data.createTargetProfile.id });
  });
});

describe('exits are counted by triggers', () => {
  it('counts a household exit in the month the county decided it, and a rebuild gives the same counters', async () => {
    const PENGAN = '511323000000';
    const village = (await hub.sql(`select code from region where level = 'VILLAGE' and not is_urban and code like '511323%' order by code limit 1`))[0].code as string;
    const [clerk, township, county] = await Promise.all([hub.as('OPERATOR', village), hub.as('OPERATOR', `${village.slice(0, 9)}000`), hub.as('OPERATOR', PENGAN)]);
    const created = await hub.gql(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "出列户", memberCount: 4, registeredOn: "2016-02-01") { id } }`, { v: village });
    expect(created.errors).toBeUndefined();
    const h = created.data.createHousehold.id;
    const people = async (asOf: string) => (await progress(hub.gql, PENGAN, asOf)).find((p) => p.indicator === 'PEOPLE_EXITING')!.achieved;
    const [june, july] = [await people('2017-06-30'), await people('2017-07-31')];
    const step = async (g: Gql, q: string, v: Record<string, unknown>) => {
      const r = await g(q, v);
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data;
    };
    const p = (await step(clerk, `mutation($h: ID!) { proposeExit(householdId: $h, exitYear: 2017, memberEmployed: true, incomePerCapita: 4200, povertyLine: 3300, on: "2017-06-20") { id } }`, { h })).proposeExit;
    await step(township, `mutation($id: ID!) { reviewExit(id: $id, approve: true, on: "2017-06-28") { id } }`, { id: p.id });
    await step(county, `mutation($id: ID!) { decideExit(id: $id, approve: true, on: "2017-07-12") { id } }`, { id: p.id });
    // Decided on 12 July: not an exit of June, one of July.
    expect(await people('2017-06-30')).toBe(june);
    expect(await people('2017-07-31')).toBe(july + 4);
    const snapshot = async () => hub.sql(`select region_code, month, households, people from exit_month where households <> 0 or people <> 0 order by 1, 2`);
    const kept = await snapshot();
    await hub.sql(`select rebuild_report_stats()`);
    expect(await snapshot()).toEqual(kept);
  });
});

describe('scope', () => {
  it("gives a county operator their county's progress and league, never the city's", async () => {
    const city = await operator(PROGRESS, { r: CITY });
    expect(city.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const own = await progress(operator, NANBU);
    expect(own.length).toBeGreaterThan(3);
    const league = await operator(`{ targetLeague { region { code } } supervisionList { regionCode } }`);
    expect(league.errors).toBeUndefined();
    for (const r of league.data.targetLeague) expect(r.region.code.startsWith('511321')).toBe(true);
    for (const r of league.data.supervisionList) expect(r.regionCode.startsWith('511321')).toBe(true);
  });
});

describe('dashboard viewers', () => {
  it('read the league with each region\'s progress and the supervision list (aggregates), never the target records', async () => {
    const viewer = await hub.as('VIEWER');
    const r = await viewer(`{ targetLeague { rank region { code name } progress { indicator status share region { name } } } supervisionList { regionCode status region { name parent { name } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.targetLeague).toHaveLength(9);
    expect(r.data.targetLeague[0].progress.length).toBeGreaterThan(3);
    expect(r.data.supervisionList.length).toBeGreaterThan(0);
    const report = await viewer(`{ monthlyReport(month: "2017-06") { progress { status } league { progress { status } } } }`);
    expect(report.errors).toBeUndefined();
    const records = await viewer(`{ allTargets { id } }`);
    expect(records.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
