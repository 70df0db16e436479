import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, startTestHub, type Gql, type TestHub } from '../../../test/hub';

const CITY = '511300000000';
const COUNTY = '511321000000'; // 南部县

let hub: TestHub;
let village: string;
let village2: string;
let township: string;
let clerk: Gql; // village level
let townshipOp: Gql;
let countyOp: Gql;
let otherClerk: Gql; // a village clerk of another village
let seq = 300;

async function ok<T = any>(g: Gql, q: string, v?: Record<string, unknown>): Promise<T> {
  const r = await g(q, v);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as T;
}

async function household(v = village, on = '2016-03-10'): Promise<string> {
  return (await ok(hub.gql, `mutation($v: ID!, $on: LocalDate) { createHousehold(villageId: $v, headName: "进出户", memberCount: 3, registeredOn: $on) { id } }`, { v, on })).createHousehold.id;
}
async function laborer(h: string, on = '2016-03-10', flags: Record<string, boolean> = {}): Promise<string> {
  const idn = makeIdNumber('511321', '19800101', String(seq++));
  return (await ok(hub.gql, `mutation($h: ID!, $i: String!, $on: LocalDate, $t: Boolean) { createLaborer(householdId: $h, name: "进出人", idNumber: $i, registeredOn: $on, wantsTraining: $t) { id } }`, { h, i: idn, on, t: flags.wantsTraining ?? false })).createLaborer.id;
}

const PROPOSE = `mutation($h: ID!, $on: LocalDate) { proposeExit(householdId: $h, exitYear: 2017, memberEmployed: true, employmentNote: "长子在浙江务工", incomePerCapita: 4200, povertyLine: 3300, on: $on, remark: "达到脱贫标准") { id status } }`;
const REVIEW = `mutation($id: ID!, $ok: Boolean!, $on: LocalDate, $r: String) { reviewExit(id: $id, approve: $ok, on: $on, remark: $r) { id status reviewedOn } }`;
const DECIDE = `mutation($id: ID!, $ok: Boolean!, $on: LocalDate, $r: String) { decideExit(id: $id, approve: $ok, on: $on, remark: $r) { id status decidedOn } }`;

async function stats(code: string, period: string): Promise<Record<string, number>> {
  return (await ok(hub.gql, `{ Region(id: "${code}") { stats(${period}) { laborers households poorLaborers poorHouseholds laborersExited householdsExited laborersReturned laborersLeft householdsWithHelper laborersWithPlan planMeasuresMet planMeasuresOverdue trainingDemand } } }`)).Region.stats;
}

beforeAll(async () => {
  hub = await startTestHub();
  const vs = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "${COUNTY}", isUrban: false }, perPage: 40) { code } }`)).data.allRegions.map((r: { code: string }) => r.code);
  village = vs[0];
  township = `${village.slice(0, 9)}000`;
  village2 = vs.find((c: string) => c.startsWith(village.slice(0, 9)) && c !== village) ?? vs[1];
  [clerk, townshipOp, countyOp, otherClerk] = await Promise.all([hub.as('OPERATOR', village), hub.as('OPERATOR', township), hub.as('OPERATOR', COUNTY), hub.as('OPERATOR', village2)]);
});
afterAll(() => hub?.close());

describe('registry events', () => {
  it('creating a household or laborer records its registration; status is no longer an argument', async () => {
    const h = await household();
    const l = await laborer(h);
    const d = await ok(hub.gql, `query($h: ID!, $l: ID!) { Household(id: $h) { povertyStatus events { kind occurredOn laborerId standing recordedByName } } Laborer(id: $l) { events { kind occurredOn } } }`, { h, l });
    expect(d.Household.events).toEqual([
      { kind: 'REGISTERED', occurredOn: '2016-03-10', laborerId: null, standing: 'POOR', recordedByName: 'admin' },
      { kind: 'REGISTERED', occurredOn: '2016-03-10', laborerId: l, standing: 'POOR', recordedByName: 'admin' },
    ]);
    expect(d.Laborer.events).toEqual([{ kind: 'REGISTERED', occurredOn: '2016-03-10' }]);
    const r = await hub.gql(`mutation($id: ID!) { updateHousehold(id: $id, povertyStatus: EXITED, exitedPovertyYear: 2017) { id } }`, { id: h });
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('cannot be updated, deleted or truncated, even by SQL; status cannot be set by SQL either', async () => {
    const h = await household();
    await expect(hub.sql(`update registry_event set occurred_on = '2015-01-01' where household_id = $1`, [h])).rejects.toThrow(/append-only/);
    await expect(hub.sql(`delete from registry_event where household_id = $1`, [h])).rejects.toThrow(/append-only/);
    await expect(hub.sql(`truncate registry_event cascade`)).rejects.toThrow(/append-only/);
    await expect(hub.sql(`update household set poverty_status = 'EXITED', exited_poverty_year = 2017 where id = $1`, [h])).rejects.toThrow(/follow the registry events/);
    await expect(
      hub.sql(`insert into registry_event (household_id, kind, occurred_on, village_code, standing, prev_village_code, prev_standing, exit_year, proposal_id, recorded_by_name)
               values ($1, 'EXITED', '2017-05-01', $2, 'EXITED', $2, 'POOR', 2017, null, 'x')`, [h, village]),
    ).rejects.toThrow();
    expect((await hub.sql(`select count(*)::int as n from registry_event where household_id = $1`, [h]))[0].n).toBe(1);
  });
});

describe('verified exits: 村申请 -> 乡镇审核 -> 县审定', () => {
  it('refuses steps out of order, twice, by the wrong level or out of scope, writing nothing; only the decision writes exits', async () => {
    const h = await household();
    const l1 = await laborer(h);
    const l2 = await laborer(h);
    // Not a village user: the county cannot propose; another village's clerk does not see the household.
    expect((await countyOp(PROPOSE, { h, on: '2017-03-01' })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await otherClerk(PROPOSE, { h, on: '2017-03-01' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const p = (await ok(clerk, PROPOSE, { h, on: '2017-03-01' })).proposeExit;
    expect(p.status).toBe('PROPOSED');
    expect((await clerk(PROPOSE, { h, on: '2017-03-02' })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'householdId' });
    // Out of order: the county before the township.
    expect((await countyOp(DECIDE, { id: p.id, ok: true, on: '2017-03-20' })).errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    // The wrong level for the review.
    expect((await clerk(REVIEW, { id: p.id, ok: true, on: '2017-03-10' })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await hub.sql(`select status from exit_proposal where id = $1`, [p.id]))[0].status).toBe('PROPOSED');
    const reviewed = (await ok(townshipOp, REVIEW, { id: p.id, ok: true, on: '2017-03-10', r: '公示无异议' })).reviewExit;
    expect(reviewed).toMatchObject({ status: 'REVIEWED', reviewedOn: '2017-03-10' });
    expect((await townshipOp(REVIEW, { id: p.id, ok: true, on: '2017-03-11' })).errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    // No exit yet.
    expect((await hub.sql(`select count(*)::int as n from registry_event where household_id = $1 and kind = 'EXITED'`, [h]))[0].n).toBe(0);
    const facts = await ok(countyOp, `query($id: ID!) { ExitProposal(id: $id) { memberEmployed employmentNote incomePerCapita povertyLine incomeAboveLine } }`, { id: p.id });
    expect(facts.ExitProposal).toEqual({ memberEmployed: true, employmentNote: '长子在浙江务工', incomePerCapita: 4200, povertyLine: 3300, incomeAboveLine: true });
    const decided = (await ok(countyOp, DECIDE, { id: p.id, ok: true, on: '2017-04-05', r: '同意脱贫' })).decideExit;
    expect(decided.status).toBe('DECIDED');
    expect((await countyOp(DECIDE, { id: p.id, ok: true, on: '2017-04-06' })).errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const after = await ok(hub.gql, `query($h: ID!) { Household(id: $h) { povertyStatus exitedPovertyYear laborers { id povertyStatus exitedPovertyYear } } }`, { h });
    expect(after.Household).toMatchObject({ povertyStatus: 'EXITED', exitedPovertyYear: 2017 });
    expect(after.Household.laborers).toEqual([
      { id: l1, povertyStatus: 'EXITED', exitedPovertyYear: 2017 },
      { id: l2, povertyStatus: 'EXITED', exitedPovertyYear: 2017 },
    ]);
    // Every step audited.
    const audit = await hub.sql(`select action from audit_log where entity = 'ExitProposal' and record_id = $1 order by id`, [p.id]);
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'STATUS', 'STATUS']);
    expect((await hub.sql(`select count(*)::int as n from audit_log where entity = 'RegistryEvent' and after->>'householdId' = $1`, [h]))[0].n).toBe(6);
  });

  it('refuses a step by a township or county user of another scope, writing nothing', async () => {
    const h = await household();
    await laborer(h);
    const otherTownship = (await hub.sql(`select code from region where parent_code = $1 and code <> $2 order by code limit 1`, [COUNTY, township]))[0].code;
    const [otherTownshipOp, otherCountyOp] = await Promise.all([hub.as('OPERATOR', otherTownship), hub.as('OPERATOR', '511381000000')]);
    const p = (await ok(clerk, PROPOSE, { h, on: '2017-03-01' })).proposeExit;
    const snapshot = async () => ({
      proposal: await hub.sql(`select status, reviewed_on, decided_on, rejected_on from exit_proposal where id = $1`, [p.id]),
      events: (await hub.sql(`select count(*)::int as n from registry_event where household_id = $1`, [h]))[0].n,
      audit: (await hub.sql(`select count(*)::int as n from audit_log where entity = 'ExitProposal' and record_id = $1`, [p.id]))[0].n,
    });
    const before = await snapshot();
    for (const ok of [true, false]) {
      expect((await otherTownshipOp(REVIEW, { id: p.id, ok, on: '2017-03-10', r: '越权' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await snapshot()).toEqual(before);
    await ok(townshipOp, REVIEW, { id: p.id, ok: true, on: '2017-03-10' });
    const reviewed = await snapshot();
    for (const ok of [true, false]) {
      expect((await otherCountyOp(DECIDE, { id: p.id, ok, on: '2017-03-20', r: '越权' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await snapshot()).toEqual(reviewed);
    expect(reviewed.proposal[0].status).toBe('REVIEWED');
  });

  it('the database refuses an exit event whose proposal is not decided', async () => {
    const h = await household();
    const p = (await ok(clerk, PROPOSE, { h, on: '2017-03-01' })).proposeExit;
    const insert = () =>
      hub.sql(`insert into registry_event (household_id, kind, occurred_on, village_code, standing, prev_village_code, prev_standing, exit_year, proposal_id, recorded_by_name)
               values ($1, 'EXITED', '2017-05-01', $2, 'EXITED', $2, 'POOR', 2017, $3, 'x')`, [h, village, p.id]);
    await expect(insert()).rejects.toMatchObject({ code: '23514', constraint: 'registry_event_exit_proposal', message: 'an exit needs a decided proposal' });
    await ok(townshipOp, REVIEW, { id: p.id, ok: true, on: '2017-03-10' });
    await expect(insert()).rejects.toMatchObject({ code: '23514', constraint: 'registry_event_exit_proposal' });
    expect((await hub.sql(`select count(*)::int as n from registry_event where household_id = $1 and kind = 'EXITED'`, [h]))[0].n).toBe(0);
    expect((await hub.sql(`select poverty_status from household where id = $1`, [h]))[0].poverty_status).toBe('POOR');
  });

  it('a rejection ends the proposal with its reason', async () => {
    const h = await household();
    const p = (await ok(clerk, PROPOSE, { h, on: '2017-03-01' })).proposeExit;
    expect((await townshipOp(REVIEW, { id: p.id, ok: false, on: '2017-03-05' })).errors?.[0].extensions).toMatchObject({ code: 'REQUIRED', field: 'remark' });
    const r = await ok(townshipOp, `mutation($id: ID!) { reviewExit(id: $id, approve: false, on: "2017-03-05", remark: "收入未达标") { status rejectedStep rejectionReason } }`, { id: p.id });
    expect(r.reviewExit).toEqual({ status: 'REJECTED', rejectedStep: 'REVIEW', rejectionReason: '收入未达标' });
    expect((await countyOp(DECIDE, { id: p.id, ok: true, on: '2017-03-20' })).errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect((await hub.sql(`select poverty_status from household where id = $1`, [h]))[0].poverty_status).toBe('POOR');
  });

  it('a return to poverty needs a county-level user and a reason', async () => {
    const h = await household();
    await laborer(h);
    const p = (await ok(clerk, PROPOSE, { h, on: '2017-02-01' })).proposeExit;
    await ok(townshipOp, REVIEW, { id: p.id, ok: true, on: '2017-02-05' });
    await ok(countyOp, DECIDE, { id: p.id, ok: true, on: '2017-02-10' });
    const RETURN = `mutation($h: ID!, $r: String!) { returnToPoverty(householdId: $h, reason: $r, on: "2018-05-02") { povertyStatus exitedPovertyYear } }`;
    expect((await townshipOp(RETURN, { h, r: '因病' })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await countyOp(RETURN, { h, r: ' ' })).errors?.[0].extensions).toMatchObject({ code: 'REQUIRED', field: 'reason' });
    expect((await ok(countyOp, RETURN, { h, r: '因病返贫' })).returnToPoverty).toEqual({ povertyStatus: 'POOR', exitedPovertyYear: null });
    const asOf = await ok(hub.gql, `query($h: ID!) { Household(id: $h) { a: asOf(date: "2017-06-30") { standing exitYear registered } b: asOf(date: "2018-06-30") { standing } c: asOf(date: "2015-01-01") { registered standing } } }`, { h });
    expect(asOf.Household).toEqual({ a: { standing: 'EXITED', exitYear: 2017, registered: true }, b: { standing: 'POOR' }, c: { registered: false, standing: null } });
  });
});

describe('counters as of a date, at every level', () => {
  it('count a laborer from registration to leaving, exits in their month, and the parent is the sum of its children', async () => {
    const before = await Promise.all([village, township, COUNTY, CITY].map((c) => stats(c, 'asOf: "2019-12-31"')));
    const h = await household(village, '2018-03-15');
    const l = await laborer(h, '2018-03-15', { wantsTraining: true });
    await ok(hub.gql, `mutation($l: ID!) { recordLeaving(laborerId: $l, leaveReason: DIED, on: "2018-05-20", reason: "病故") { kind } }`, { l });
    const feb = await stats(village, 'asOf: "2018-02-28"');
    const mar = await stats(village, 'asOf: "2018-03-31"');
    const may = await stats(village, 'asOf: "2018-05-31"');
    const base = await stats(village, 'asOf: "2018-02-28"');
    expect(mar.laborers - feb.laborers).toBe(1);
    expect(mar.trainingDemand - base.trainingDemand).toBe(1);
    expect(may.laborers - feb.laborers).toBe(0);
    expect((await stats(village, 'from: "2018-05"')).laborersLeft).toBe(1);
    const after = await Promise.all([village, township, COUNTY, CITY].map((c) => stats(c, 'asOf: "2019-12-31"')));
    for (let i = 0; i < 4; i++) expect(after[i].households - before[i].households, `level ${i}`).toBe(1);
    // A recount from the events equals the counters, and each parent is the sum of its children.
    const recount = await hub.sql(`select count(*)::int as n from (
        select distinct on (laborer_id) laborer_id, standing from registry_event e
        where laborer_id is not null and occurred_on <= '2019-12-31' and kind <> 'CANCELLED' and not exists (select 1 from registry_event c where c.cancels_id = e.id)
        order by laborer_id, occurred_on desc, id desc) x where standing <> 'LEFT'`);
    expect(after[3].laborers).toBe(recount[0].n);
    const kids = (await ok(hub.gql, `{ Region(id: "${COUNTY}") { stats(asOf: "2019-12-31") { laborers households householdsExited } childrenStats(asOf: "2019-12-31") { laborers households householdsExited } } }`)).Region;
    for (const k of ['laborers', 'households', 'householdsExited']) expect(kids.childrenStats.reduce((s: number, c: Record<string, number>) => s + c[k], 0), k).toBe(kids.stats[k]);
    const city = (await ok(hub.gql, `{ Region(id: "${CITY}") { stats(asOf: "2019-12-31") { laborers } childrenStats(asOf: "2019-12-31") { laborers } } }`)).Region;
    expect(city.childrenStats.reduce((s: number, c: { laborers: number }) => s + c.laborers, 0)).toBe(city.stats.laborers);
    // rebuild_lifecycle() gives the same counters as the triggers kept.
    const kept = await hub.sql(`select region_code, month, laborers, households, laborers_exited, households_with_helper from lifecycle_month order by 1, 2`);
    await hub.sql(`select rebuild_lifecycle()`);
    expect(await hub.sql(`select region_code, month, laborers, households, laborers_exited, households_with_helper from lifecycle_month order by 1, 2`)).toEqual(kept);
  });

  it('a move keeps the person and their history; the counts move village at the move date', async () => {
    const h = await household(village, '2016-01-05');
    const l = await laborer(h, '2016-01-05');
    const before1 = await stats(village, 'asOf: "2018-08-31"');
    const before2 = await stats(village2, 'asOf: "2018-08-31"');
    await ok(hub.gql, `mutation($h: ID!, $v: ID!) { moveHousehold(householdId: $h, villageId: $v, on: "2018-09-10", reason: "易地扶贫搬迁") { villageId } }`, { h, v: village2 });
    const d = await ok(hub.gql, `query($l: ID!) { Laborer(id: $l) { villageId events { kind villageId prevVillageCode } } }`, { l });
    expect(d.Laborer.villageId).toBe(village2);
    expect(d.Laborer.events).toEqual([
      { kind: 'REGISTERED', villageId: village, prevVillageCode: null },
      { kind: 'MOVED', villageId: village2, prevVillageCode: village },
    ]);
    expect(await stats(village, 'asOf: "2018-08-31"')).toEqual(before1);
    expect((await stats(village2, 'asOf: "2018-09-30"')).laborers - before2.laborers).toBe(1);
    expect((await stats(village, 'asOf: "2018-09-30"')).laborers - before1.laborers).toBe(-1);
  });

  it('a correction cancels the latest event with a new one; it is refused for any other', async () => {
    const h = await household(village, '2016-01-05');
    const l = await laborer(h, '2016-01-05');
    const left = (await ok(hub.gql, `mutation($l: ID!) { recordLeaving(laborerId: $l, leaveReason: OTHER, on: "2019-01-10") { id } }`, { l })).recordLeaving;
    const reg = (await hub.sql(`select id::text from registry_event where laborer_id = $1 and kind = 'REGISTERED'`, [l]))[0].id;
    expect((await hub.gql(`mutation($id: ID!) { cancelRegistryEvent(id: $id, reason: "误录") { id } }`, { id: reg })).errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    const c = await ok(hub.gql, `mutation($id: ID!) { cancelRegistryEvent(id: $id, reason: "录入错误") { kind cancelsId standing } }`, { id: left.id });
    expect(c.cancelRegistryEvent).toEqual([{ kind: 'CANCELLED', cancelsId: left.id, standing: 'POOR' }]);
    expect((await hub.sql(`select left_on from laborer where id = $1`, [l]))[0].left_on).toBeNull();
    expect((await hub.gql(`mutation($id: ID!) { cancelRegistryEvent(id: $id, reason: "再撤") { id } }`, { id: left.id })).errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
  });
});

describe('一户一帮 and 一人一策', () => {
  it('assigns a helper, keeps the reassignment history, and lists households without one', async () => {
    const h = await household();
    const mk = async (name: string) =>
      (await ok(hub.gql, `mutation($v: ID!, $n: String!) { createHelper(name: $n, workUnit: "南部县人社局", post: "科员", phone: "13811112222", regionCode: $v) { id } }`, { v: village, n: name })).createHelper.id;
    const a = await mk('王帮扶');
    const b = await mk('李帮扶');
    const without = `query($v: ID!) { allHouseholds(filter: { villageId: $v, hasHelper: false }, perPage: 500) { id } }`;
    expect((await ok(hub.gql, without, { v: village })).allHouseholds.map((x: { id: string }) => x.id)).toContain(h);
    const before = await stats(village, 'asOf: "2019-12-31"');
    await ok(hub.gql, `mutation($h: ID!, $a: ID!) { assignHelper(householdId: $h, helperId: $a, startDate: "2019-03-01") { id } }`, { h, a });
    await ok(hub.gql, `mutation($h: ID!, $b: ID!) { assignHelper(householdId: $h, helperId: $b, startDate: "2019-07-01") { id } }`, { h, b });
    const d = await ok(hub.gql, `query($h: ID!, $b: ID!) { Household(id: $h) { currentHelper { helper { name } } helperHistory { helperId startDate endDate } } Helper(id: $b) { households { householdId } } }`, { h, b });
    expect(d.Household.currentHelper.helper.name).toBe('李帮扶');
    expect(d.Household.helperHistory).toEqual([
      { helperId: a, startDate: '2019-03-01', endDate: '2019-07-01' },
      { helperId: b, startDate: '2019-07-01', endDate: null },
    ]);
    expect(d.Helper.households).toEqual([{ householdId: h }]);
    expect((await ok(hub.gql, without, { v: village })).allHouseholds.map((x: { id: string }) => x.id)).not.toContain(h);
    expect((await stats(village, 'asOf: "2019-12-31"')).householdsWithHelper - before.householdsWithHelper).toBe(1);
    await expect(hub.sql(`delete from helper_assignment where household_id = $1`, [h])).rejects.toThrow(/kept/);
    // A viewer sees counts, not people; an analyst sees the helper's phone masked.
    const viewer = await hub.as('VIEWER');
    expect((await viewer(`{ allHelpers { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const analyst = await hub.as('ANALYST');
    expect((await ok(analyst, `query($b: ID!) { Helper(id: $b) { phone } }`, { b })).Helper.phone).not.toBe('13811112222');
  });

  it('a measure is met by the matching record and overdue past its date without it', async () => {
    const h = await household();
    const l = await laborer(h);
    const plan = (await ok(hub.gql, `mutation($l: ID!) { createAssistancePlan(laborerId: $l, drawnUpOn: "2017-01-05") { id } }`, { l })).createAssistancePlan.id;
    const m = (await ok(hub.gql, `mutation($p: ID!) { addPlanMeasure(planId: $p, kind: TRANSFER_EMPLOYMENT, targetDate: "2017-04-30") { id state metOn } }`, { p: plan })).addPlanMeasure;
    expect(m).toMatchObject({ state: 'OVERDUE', metOn: null });
    expect((await stats(village, 'asOf: "2017-05-31"')).planMeasuresOverdue).toBeGreaterThanOrEqual(1);
    const overdueBefore = (await stats(village, 'asOf: "2017-08-31"')).planMeasuresOverdue;
    const job = await ok(hub.gql, `mutation($l: ID!) { createEmployment(laborerId: $l, kind: TRANSFER, channel: OUT_OF_TOWN_OFFICE, employer: "宁波某厂", place: "浙江宁波", startDate: "2017-07-10") { id } }`, { l });
    // The record created after the measure meets it by itself (linked in the same statement).
    const auto = await ok(hub.gql, `query($l: ID!) { Laborer(id: $l) { plan { measures { id state metOn recordId } } } }`, { l });
    expect(auto.Laborer.plan.measures).toEqual([{ id: m.id, state: 'MET', metOn: '2017-07-10', recordId: job.createEmployment.id }]);
    const linked = await ok(hub.gql, `mutation($id: ID!, $r: ID) { linkPlanMeasure(id: $id, recordId: $r) { state metOn } }`, { id: m.id, r: job.createEmployment.id });
    expect(linked.linkPlanMeasure).toEqual({ state: 'MET', metOn: '2017-07-10' });
    expect((await stats(village, 'asOf: "2017-08-31"')).planMeasuresOverdue).toBe(overdueBefore - 1);
    expect((await stats(village, 'asOf: "2017-06-30"')).planMeasuresOverdue).toBeGreaterThanOrEqual(1);
    // A record of another kind is refused.
    const bad = await hub.gql(`mutation($p: ID!, $r: ID) { addPlanMeasure(planId: $p, kind: TRAINING, targetDate: "2017-09-30", recordId: $r) { id } }`, { p: plan, r: job.createEmployment.id });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'recordId' });
    // A training measure, then the completed enrollment: met, not overdue, though its date has passed.
    const m2 = (await ok(hub.gql, `mutation($p: ID!) { addPlanMeasure(planId: $p, kind: TRAINING, targetDate: "2017-05-31") { id state } }`, { p: plan })).addPlanMeasure;
    expect(m2.state).toBe('OVERDUE');
    const prov = (await ok(hub.gql, `mutation($c: ID!) { createTrainingProvider(name: "进出测试学校", kind: VOCATIONAL_COLLEGE, countyId: $c) { id } }`, { c: COUNTY })).createTrainingProvider.id;
    const cls = (await ok(hub.gql, `mutation($p: ID!, $c: ID!) { createTrainingClass(title: "进出测试班", kind: EMPLOYMENT, providerId: $p, countyId: $c, startDate: "2017-03-01", endDate: "2017-03-20", capacity: 30) { id } }`, { p: prov, c: COUNTY })).createTrainingClass.id;
    const en = (await ok(hub.gql, `mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-03-01", completed: true, completedOn: "2017-03-20") { id } }`, { c: cls, l })).createEnrollment.id;
    const after = (await ok(hub.gql, `query($l: ID!) { Laborer(id: $l) { plan { measures { id state metOn recordId } } } }`, { l })).Laborer.plan.measures;
    expect(after.find((x: { id: string }) => x.id === m2.id)).toEqual({ id: m2.id, state: 'MET', metOn: '2017-03-20', recordId: en });
  });
});
