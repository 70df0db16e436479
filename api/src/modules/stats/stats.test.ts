import { CITY_CODE, INDICATORS, INDICATOR_KEYS, type IndicatorKey } from '@fupin/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gql, makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { COUNTERS } from './indicators';

/*
 * A small dataset made through the API, with every indicator's answer worked out by hand:
 *
 *   county A = 南部县: township tA1 with villages vA1, vA2; township tA2 with village vA3
 *   county B = 阆中市: village vB1
 *
 *   h1 (vA1): l1 wants training+transfer, l2 (a teen) wants training
 *   h2 (vA1): l3 wants transfer+enterprise
 *   h3 (vA2): l4 wants training
 *   h4 (vB1): l5 wants enterprise+transfer
 *   h5 (vA3): no laborers
 *   h6 (vA3): l6, no demand and no work (the one zero-employment household)
 */

let hub: TestHub;
const A = '511321000000';
const B = '511381000000';
const ALL = INDICATOR_KEYS.join(' ');
let vA1: string, vA2: string, vA3: string, vB1: string, tA1: string, tA2: string;
const ids: Record<string, string> = {};

async function ok<T = any>(query: string, variables?: Record<string, unknown>, as: Gql = hub.gql): Promise<T> {
  const r = await as<T>(query, variables);
  if (r.errors) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(r.errors)}`);
  return r.data as T;
}

async function stats(code: string, period = ''): Promise<Record<IndicatorKey, number | null>> {
  const d = await ok(`query($c: ID!) { Region(id: $c) { stats${period ? `(${period})` : ''} { ${ALL} } } }`, { c: code });
  return d.Region.stats;
}

let seq = 100;
async function laborer(household: string, birth: string, flags: { wantsTraining?: boolean; wantsTransfer?: boolean; wantsEnterprise?: boolean } = {}): Promise<string> {
  const d = await ok(
    `mutation($h: ID!, $i: String!, $t: Boolean, $r: Boolean, $e: Boolean) {
      createLaborer(householdId: $h, name: "测试人", idNumber: $i, wantsTraining: $t, wantsTransfer: $r, wantsEnterprise: $e, registeredOn: "2016-06-01") { id } }`,
    { h: household, i: makeIdNumber('511321', birth, String(seq++)), t: flags.wantsTraining, r: flags.wantsTransfer, e: flags.wantsEnterprise },
  );
  return d.createLaborer.id;
}

async function household(village: string): Promise<string> {
  return (await ok(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "户主", memberCount: 4, registeredOn: "2016-06-01") { id } }`, { v: village })).createHousehold.id;
}

async function enroll(laborerId: string, classId: string, completedOn: string | null, employedAfterTraining = false): Promise<string> {
  const d = await ok(
    `mutation($l: ID!, $c: ID!, $on: LocalDate, $done: Boolean, $emp: Boolean) {
      createEnrollment(laborerId: $l, classId: $c, enrolledOn: "2017-01-05", completed: $done, completedOn: $on, employedAfterTraining: $emp) { id } }`,
    { l: laborerId, c: classId, on: completedOn, done: completedOn !== null, emp: employedAfterTraining },
  );
  return d.createEnrollment.id;
}

async function employ(laborerId: string, kind: string, channel: string, startDate: string, endDate: string | null = null): Promise<string> {
  const d = await ok(
    `mutation($l: ID!, $k: EmploymentKind!, $c: EmploymentChannel!, $s: LocalDate!, $e: LocalDate) {
      createEmployment(laborerId: $l, kind: $k, channel: $c, employer: "某公司", place: "成都", startDate: $s, endDate: $e) { id } }`,
    { l: laborerId, k: kind, c: channel, s: startDate, e: endDate },
  );
  return d.createEmployment.id;
}

/** The answers as of 2017-06-30 at the city; every indicator not named is 0. */
const CITY_AS_OF_JUNE: Partial<Record<IndicatorKey, number>> = {
  laborers: 6,
  households: 6,
  poorLaborers: 6,
  poorHouseholds: 6,
  laborersRegistered: 6,
  householdsRegistered: 6,
  poorVillages: 1,
  poorCounties: 1,
  poorVillagesExiting: 1,
  poorCountiesExiting: 1,
  trainingDemand: 3,
  transferDemand: 3,
  enterpriseDemand: 2,
  trained: 2,
  trainedShare: 2 / 3,
  trainedEmployment: 1,
  trainedBrand: 1,
  employedAfterTraining: 1,
  employedAfterTrainingRate: 0.5,
  trainingClasses: 3,
  transferEmployed: 1,
  transferEmployedShare: 1 / 3,
  transferEmployments: 2,
  localEmployments: 2,
  organisedTransfers: 2,
  absorbedLocally: 2,
  stableEmployments: 1,
  zeroEmploymentHouseholds: 1,
  employedLaborers: 4,
  jobFairs: 1,
  jobFairPosts: 100,
  jobFairRegistered: 50,
  jobFairIntentions: 20,
  welfarePosts: 2,
  welfarePlaced: 1,
  enterprisesStarted: 2,
  enterprisesStartedShare: 1,
  loansIssued: 2,
  loanAmountIssued: 70000,
  startupLoans: 1,
  startupLoanAmount: 50000,
  dreamLoans: 1,
  dreamLoanAmount: 20000,
  loanApplications: 3,
  loansApplied: 1,
  loansDisbursed: 2,
  dreamStudents: 1,
  subsidyBudget: 100000,
  subsidyApproved: 5000,
  subsidyPaid: 5000,
  subsidyBudgetStartup: 100000,
  subsidyApprovedStartup: 5000,
  subsidyPaidStartup: 5000,
};

beforeAll(async () => {
  hub = await startTestHub();
  const villages = (await ok(`{ allRegions(filter: { within: "${A}", level: VILLAGE, isUrban: false }, perPage: 500, sortField: "code") { code parentId } }`)).allRegions as {
    code: string;
    parentId: string;
  }[];
  const byTownship = new Map<string, string[]>();
  for (const v of villages) byTownship.set(v.parentId, [...(byTownship.get(v.parentId) ?? []), v.code]);
  const [first, second] = [...byTownship.entries()].filter(([, vs]) => vs.length >= 2);
  [tA1, [vA1, vA2]] = [first[0], first[1]];
  [tA2, [vA3]] = [second[0], second[1]];
  vB1 = (await ok(`{ allRegions(filter: { within: "${B}", level: VILLAGE, isUrban: false }, perPage: 1, sortField: "code") { code } }`)).allRegions[0].code;

  await ok(`mutation($v: ID!, $c: ID!) { a: updateRegion(id: $v, isPoor: true, exitYear: 2017, exitedOn: "2017-03-15") { id } b: updateRegion(id: $c, isPoor: true, exitYear: 2017, exitedOn: "2017-01-20") { id } }`, { v: vA1, c: A });

  const h1 = await household(vA1);
  const h2 = await household(vA1);
  const h3 = await household(vA2);
  const h4 = await household(vB1);
  await household(vA3);
  const h6 = await household(vA3);
  Object.assign(ids, { h1, h2, h3, h4, h6 });
  ids.l1 = await laborer(h1, '19800101', { wantsTraining: true, wantsTransfer: true });
  ids.l2 = await laborer(h1, '20000301', { wantsTraining: true });
  ids.l3 = await laborer(h2, '19850505', { wantsTransfer: true, wantsEnterprise: true });
  ids.l4 = await laborer(h3, '19750707', { wantsTraining: true });
  ids.l5 = await laborer(h4, '19900909', { wantsEnterprise: true, wantsTransfer: true });
  ids.l6 = await laborer(h6, '19700202');

  const provider = async (county: string, name: string) =>
    (await ok(`mutation($c: ID!, $n: String!) { createTrainingProvider(countyId: $c, kind: VOCATIONAL_COLLEGE, name: $n) { id } }`, { c: county, n: name })).createTrainingProvider.id;
  const pA = await provider(A, '南部职业学校测试');
  const pB = await provider(B, '阆中职业学校测试');
  const klass = async (p: string, county: string, kind: string, start: string, end: string) =>
    (
      await ok(
        `mutation($p: ID!, $c: ID!, $k: TrainingKind!, $s: LocalDate!, $e: LocalDate!) {
          createTrainingClass(providerId: $p, countyId: $c, kind: $k, title: "测试班", startDate: $s, endDate: $e, capacity: 50) { id } }`,
        { p, c: county, k: kind, s: start, e: end },
      )
    ).createTrainingClass.id;
  ids.cB = await klass(pA, A, 'BRAND', '2017-01-10', '2017-01-20');
  ids.cE = await klass(pA, A, 'EMPLOYMENT', '2017-03-01', '2017-03-15');
  ids.cX = await klass(pB, B, 'OTHER', '2017-06-20', '2017-07-05');
  ids.e1 = await enroll(ids.l1, ids.cB, '2017-01-20');
  ids.e2 = await enroll(ids.l1, ids.cE, '2017-03-15', true);
  ids.e3 = await enroll(ids.l2, ids.cE, '2017-03-15');
  ids.e4 = await enroll(ids.l4, ids.cE, null);
  ids.e5 = await enroll(ids.l5, ids.cX, '2017-07-05');

  // 2016-08-31 + 6 months is 2017-03-03 (as isStable counts): stable by June.
  ids.m1 = await employ(ids.l1, 'TRANSFER', 'OUT_OF_TOWN_OFFICE', '2016-08-31');
  ids.m2 = await employ(ids.l1, 'TRANSFER', 'CHAMBER_OF_COMMERCE', '2017-05-01');
  ids.m3 = await employ(ids.l3, 'LOCAL', 'PARK', '2017-02-01', '2017-04-01');
  ids.m4 = await employ(ids.l5, 'LOCAL', 'ENTERPRISE', '2017-01-05');

  const business = async (l: string, on: string) =>
    (await ok(`mutation($l: ID!, $on: LocalDate!) { createEnterprise(laborerId: $l, name: "农家乐", sector: RURAL_TOURISM, startedOn: $on) { id } }`, { l, on })).createEnterprise.id;
  ids.n1 = await business(ids.l3, '2017-04-10');
  ids.n2 = await business(ids.l5, '2016-12-01');

  const post = async (region: string) =>
    (await ok(`mutation($r: ID!) { createWelfarePost(regionId: $r, title: "保洁员", category: GREENING, monthlyPay: 800) { id } }`, { r: region })).createWelfarePost.id;
  ids.wp1 = await post(vA2);
  ids.wp2 = await post(tA1);
  ids.p1 = (await ok(`mutation($l: ID!, $p: ID!) { createWelfarePlacement(laborerId: $l, postId: $p, startDate: "2017-05-01") { id } }`, { l: ids.l4, p: ids.wp1 })).createWelfarePlacement.id;

  ids.d1 = (await ok(`mutation($l: ID!) { createDreamSchooling(laborerId: $l, school: "南充技师学院", major: "数控", intakeYear: 2017) { id } }`, { l: ids.l2 })).createDreamSchooling.id;

  const loan = async (l: string, amount: number, appliedOn: string, link: { enterpriseId?: string; dreamSchoolingId?: string }) =>
    (
      await ok(
        `mutation($l: ID!, $a: Float!, $on: LocalDate!, $e: ID, $d: ID) {
          createGuaranteedLoan(laborerId: $l, purpose: CATERING, bank: "农商银行", amount: $a, termMonths: 24, annualRate: 0.0435, appliedOn: $on, enterpriseId: $e, dreamSchoolingId: $d) { id } }`,
        { l, a: amount, on: appliedOn, e: link.enterpriseId, d: link.dreamSchoolingId },
      )
    ).createGuaranteedLoan.id;
  const move = (id: string, status: string, on: string) => ok(`mutation($id: ID!, $s: LoanStatus!, $on: LocalDate!) { changeLoanStatus(id: $id, status: $s, on: $on) { id } }`, { id, s: status, on });
  ids.g1 = await loan(ids.l3, 50000, '2017-04-15', { enterpriseId: ids.n1 });
  await move(ids.g1, 'APPROVED', '2017-04-20');
  await move(ids.g1, 'DISBURSED', '2017-05-01');
  ids.g2 = await loan(ids.l2, 20000, '2017-03-01', { dreamSchoolingId: ids.d1 });
  await move(ids.g2, 'APPROVED', '2017-03-10');
  await move(ids.g2, 'DISBURSED', '2017-03-20');
  ids.g3 = await loan(ids.l5, 30000, '2017-06-01', {});

  ids.policy = (
    await ok(`mutation { createPolicy(name: "创业补贴测试", subsidyKind: STARTUP, programKind: ENTERPRISE, amountRule: PER_PERSON, amount: 5000, validFrom: "2017-01-01") { id } }`)
  ).createPolicy.id;
  await ok(`mutation($p: ID!, $c: ID!) { createPolicyBudget(policyId: $p, countyId: $c, year: 2017, budget: 100000) { id } }`, { p: ids.policy, c: A });
  ids.s1 = (
    await ok(`mutation($p: ID!, $l: ID!, $r: ID!) { createSubsidyPayment(policyId: $p, laborerId: $l, recordId: $r, period: "2017", amount: 5000, appliedOn: "2017-05-05") { id } }`, {
      p: ids.policy,
      l: ids.l3,
      r: ids.n1,
    })
  ).createSubsidyPayment.id;
  await ok(`mutation($id: ID!) { approveSubsidyPayment(id: $id, on: "2017-05-10") { id } }`, { id: ids.s1 }, hub.approver);
  await ok(`mutation($id: ID!) { paySubsidyPayment(id: $id, on: "2017-05-20") { id } }`, { id: ids.s1 }, hub.approver);

  await ok(`mutation($c: ID!) { createJobFair(countyId: $c, title: "春风行动", venue: "南部县广场", heldOn: "2017-03-05", postsOffered: 100, laborersRegistered: 50, intentionsSigned: 20) { id } }`, { c: A });
}, 120_000);

afterAll(() => hub?.close());

describe('indicators on a known dataset', () => {
  it('answers every indicator of the city as of the report date', async () => {
    const s = await stats(CITY_CODE);
    const expected = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, CITY_AS_OF_JUNE[k] ?? 0]));
    for (const k of INDICATOR_KEYS) expect(s[k], k).toBeCloseTo(expected[k] as number, 9);
  });

  it('answers the counties, a township and a village, with county-kept figures null below the county', async () => {
    const a = await stats(A);
    expect(a).toMatchObject({ laborers: 5, households: 5, trained: 2, transferEmployed: 1, enterprisesStarted: 1, zeroEmploymentHouseholds: 1, trainingClasses: 2, subsidyBudget: 100000, jobFairs: 1 });
    const b = await stats(B);
    expect(b).toMatchObject({ laborers: 1, households: 1, trained: 0, trainingClasses: 1, enterprisesStarted: 1, loanApplications: 1, loansApplied: 1, subsidyBudget: 0, poorCounties: 0 });
    const t = await stats(tA1);
    expect(t).toMatchObject({ laborers: 4, households: 3, welfarePosts: 2, welfarePlaced: 1, trainingClasses: null, subsidyBudget: null, jobFairs: null, poorVillages: 1 });
    const v = await stats(vA2);
    expect(v).toMatchObject({ laborers: 1, households: 1, welfarePosts: 1, welfarePlaced: 1, trainingDemand: 1, trained: 0, zeroEmploymentHouseholds: 0, subsidyBudget: null });
    const v3 = await stats(vA3);
    expect(v3).toMatchObject({ households: 2, laborers: 1, zeroEmploymentHouseholds: 1 });
  });

  it('reads a year, a month range and an earlier as-of date', async () => {
    const year = await stats(CITY_CODE, 'year: 2017');
    // l5 completed the OTHER class in July; l5's local job (2017-07-05) and l1's second transfer job (2017-11-01) reached six months.
    expect(year).toMatchObject({ trained: 3, trainedOther: 1, stableEmployments: 3, transferEmployed: 0, enterprisesStarted: 1, laborers: 6, subsidyBudget: 100000 });
    const range = await stats(CITY_CODE, 'from: "2017-03", to: "2017-05"');
    expect(range).toMatchObject({ trained: 1, trainedEmployment: 1, transferEmployed: 0, transferEmployments: 1, loansIssued: 2, subsidyBudget: 100000, zeroEmploymentHouseholds: 1 });
    const april = await stats(CITY_CODE, 'asOf: "2017-04-30"');
    // l4's welfare placement starts in May: h3 is still a zero-employment household at the end of April.
    expect(april).toMatchObject({ zeroEmploymentHouseholds: 2, employedLaborers: 3, welfarePlaced: 0, trained: 2, loansIssued: 1 });
    const r = await hub.gql(`{ Region(id: "${CITY_CODE}") { stats(asOf: "2017-04-12") { from to laborers } } }`);
    expect(r.data.Region.stats).toEqual({ from: null, to: '2017-04-30', laborers: 6 });
  });

  it('refuses mixed or malformed periods with coded errors', async () => {
    const both = await hub.gql(`{ Region(id: "${CITY_CODE}") { stats(asOf: "2017-06-30", year: 2017) { laborers } } }`);
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'asOf' });
    const month = await hub.gql(`{ Region(id: "${CITY_CODE}") { stats(from: "2017-13") { laborers } } }`, undefined, { lang: 'en' });
    expect(month.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION_FAILED', field: 'from' } });
    expect(month.errors?.[0].message).toContain('YYYY-MM');
    const order = await hub.gql(`{ Region(id: "${CITY_CODE}") { stats(from: "2017-05", to: "2017-03") { laborers } } }`);
    expect(order.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
  });

  it('gives a monthly series, cumulative or month by month', async () => {
    const q = `query($c: Boolean) { statsTimeSeries(regionCode: "${CITY_CODE}", indicator: trained, from: "2017-01", to: "2017-07", cumulative: $c) { month value } }`;
    const cum = (await ok(q, { c: true })).statsTimeSeries;
    expect(cum.map((p: { value: number }) => p.value)).toEqual([1, 1, 2, 2, 2, 2, 3]);
    expect(cum[0].month).toBe('2017-01');
    const monthly = (await ok(q, { c: false })).statsTimeSeries;
    expect(monthly.map((p: { value: number }) => p.value)).toEqual([1, 0, 1, 0, 0, 0, 1]);
    const share = (await ok(`{ statsTimeSeries(regionCode: "${vA1}", indicator: trainedShare, from: "2016-12", to: "2017-03") { value } }`)).statsTimeSeries;
    expect(share.map((p: { value: number }) => p.value)).toEqual([0, 0.5, 0.5, 1]);
    const bad = await hub.gql(`{ statsTimeSeries(regionCode: "511399999999", indicator: trained) { value } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'regionCode' });
  });

  it('sorts the drill-down table and ranks a league table by any indicator', async () => {
    const d = await ok(`{ Region(id: "${CITY_CODE}") { childrenStats(sortBy: laborers, order: DESC) { regionCode laborers region { name } } } }`);
    const rows = d.Region.childrenStats;
    expect(rows).toHaveLength(9);
    expect(rows.slice(0, 2).map((r: { regionCode: string }) => r.regionCode)).toEqual([A, B]);
    expect(rows[0].region.name).toBe('南部县');
    // Ties (the seven counties without laborers) go by code.
    const rest = rows.slice(2).map((r: { regionCode: string }) => r.regionCode);
    expect(rest).toEqual([...rest].sort());
    const league = (await ok(`{ leagueTable(level: TOWNSHIP, indicator: trainingDemand, within: "${A}", limit: 3) { rank value stats { regionCode laborers } } }`)).leagueTable;
    expect(league).toHaveLength(3);
    expect(league[0]).toMatchObject({ rank: 1, value: 3, stats: { regionCode: tA1, laborers: 4 } });
    const ratio = (await ok(`{ leagueTable(level: COUNTY, indicator: trainedShare, order: ASC) { rank value stats { regionCode } } }`)).leagueTable;
    // Counties without training demand have no share: last, whatever the order.
    expect(ratio[0]).toMatchObject({ value: 2 / 3, stats: { regionCode: A } });
    expect(ratio.slice(1).every((r: { value: number | null }) => r.value === null)).toBe(true);
  });

  it('lets a dashboard viewer read every statistics query, and nobody without a session', async () => {
    const q = `{ Region(id: "${CITY_CODE}") { stats { laborers trained } childrenStats(sortBy: trained) { regionCode region { name } trained } }
      statsTimeSeries(regionCode: "${A}", indicator: trained) { month value }
      leagueTable(level: COUNTY, indicator: trained, limit: 1) { rank stats { regionCode } }
      statsIndicators { key } }`;
    const viewer = await hub.as('VIEWER');
    const r = await viewer(q);
    expect(r.errors).toBeUndefined();
    expect(r.data.Region.stats).toEqual({ laborers: 6, trained: 2 });
    expect(r.data.leagueTable[0].stats.regionCode).toBe(A);
    const anonymous = await hub.anonymous(q);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lists the indicators with labels in the language of the request', async () => {
    const en = (await hub.gql(`{ statsIndicators { key label unit unitLabel aggregation } }`, undefined, { lang: 'en' })).data.statsIndicators;
    expect(en).toHaveLength(INDICATORS.length);
    expect(en.find((x: { key: string }) => x.key === 'trained')).toEqual({ key: 'trained', label: 'People trained', unit: 'PERSONS', unitLabel: 'persons', aggregation: 'SUM' });
    const zh = (await hub.gql(`{ statsIndicators { key label } }`)).data.statsIndicators;
    expect(zh.find((x: { key: string }) => x.key === 'trained').label).toBe('培训人数');
  });
});

/** For every summed indicator, the region's value equals the sum of its children's (plus its own, for SUM_OWN). */
async function expectParentIsSumOfChildren(code: string, own: Partial<Record<IndicatorKey, number>>, period = '') {
  const d = await ok(`{ Region(id: "${code}") { stats${period} { ${ALL} } childrenStats${period} { ${ALL} } } }`);
  const parent = d.Region.stats;
  const children: Record<string, number | null>[] = d.Region.childrenStats;
  for (const ind of INDICATORS) {
    if (ind.aggregation === 'RATIO') continue;
    if (ind.aggregation === 'COUNTY' && children.length && children[0][ind.key] === null) continue;
    const sum = children.reduce((n, c) => n + (c[ind.key] as number), 0) + (ind.aggregation === 'SUM_OWN' ? (own[ind.key] ?? 0) : 0);
    expect(parent[ind.key], `${code} ${ind.key}`).toBeCloseTo(sum, 6);
  }
  return { parent, children };
}

describe('poor villages over time (dated standing)', () => {
  it('counts a village from the day it was listed and its exit in the month decided, at every level, equal to a recount of the region table', async () => {
    const city = '511300000000';
    // vA2: put on the list on 2017-03-10, its 出列 decided on 2018-04-02 (planned for 2018).
    await ok(`mutation($v: ID!) { updateRegion(id: $v, isPoor: true, exitYear: 2018, listedOn: "2017-03-10", exitedOn: "2018-04-02") { id listedOn exitedOn } }`, { v: vA2 });
    const q = (code: string, period: string) =>
      ok(`{ Region(id: "${code}") { stats(${period}) { poorVillages poorVillagesExiting } childrenStats(${period}) { region { code } poorVillages poorVillagesExiting } } }`).then((d) => d.Region);
    const recount = async (code: string, asOf: string, from: string) => {
      const prefix = code.endsWith('00000000') ? code.slice(0, 4) : code.endsWith('000000') ? code.slice(0, 6) : code.endsWith('000') ? code.slice(0, 9) : code;
      return (await hub.sql(`select count(*) filter (where coalesce(listed_on, '-infinity') <= $2)::int as listed,
          count(*) filter (where exited_on between $3 and $2)::int as exited
        from region where level = 'VILLAGE' and is_poor and code like $1 || '%'`, [prefix, asOf, from]))[0];
    };
    for (const code of [vA2, tA1, A, city]) {
      const feb = await q(code, 'asOf: "2017-02-28"');
      const mar = await q(code, 'asOf: "2017-03-31"');
      expect(mar.stats.poorVillages - feb.stats.poorVillages, code).toBe(1);
      // A day inside March stands for the end of March (month granularity).
      expect((await q(code, 'asOf: "2017-03-01"')).stats.poorVillages, code).toBe(mar.stats.poorVillages);
      const y18 = await q(code, 'year: 2018');
      const mar18 = await q(code, 'from: "2018-01", to: "2018-03"');
      expect(y18.stats.poorVillagesExiting - mar18.stats.poorVillagesExiting, code).toBeGreaterThanOrEqual(1);
      for (const [period, asOf, from, r] of [['asOf', '2017-02-28', '-infinity', feb], ['asOf', '2017-03-31', '-infinity', mar], ['year', '2018-12-31', '2018-01-01', y18]] as const) {
        const n = await recount(code, asOf, from);
        expect(r.stats.poorVillages, `${code} ${period} ${asOf}`).toBe(n.listed);
        expect(r.stats.poorVillagesExiting, `${code} ${period} ${asOf}`).toBe(n.exited);
        if (r.childrenStats.length) {
          expect(r.childrenStats.reduce((t: number, c: { poorVillages: number }) => t + c.poorVillages, 0), `${code} children`).toBe(r.stats.poorVillages);
          expect(r.childrenStats.reduce((t: number, c: { poorVillagesExiting: number }) => t + c.poorVillagesExiting, 0), `${code} children exits`).toBe(r.stats.poorVillagesExiting);
        }
      }
    }
    // The monthly series reads the same standing: +1 in March.
    const series = (await ok(`{ statsTimeSeries(regionCode: "${A}", indicator: poorVillages, from: "2017-02", to: "2017-03") { month value } }`)).statsTimeSeries;
    expect(series[1].value - series[0].value).toBe(1);
    await ok(`mutation($v: ID!) { updateRegion(id: $v, isPoor: false, exitYear: null, exitedOn: null) { id } }`, { v: vA2 });
  });
});

describe('agreement between levels', () => {
  it('gives every parent the sum of its children, city to village', async () => {
    for (const period of ['', '(year: 2017)', '(from: "2017-02", to: "2017-04")']) {
      await expectParentIsSumOfChildren(CITY_CODE, {}, period);
      // 南部县 itself is the poor county (exiting in 2017); tA1 has a welfare post of its own.
      await expectParentIsSumOfChildren(A, { poorCounties: 1, poorCountiesExiting: 1 }, period);
      await expectParentIsSumOfChildren(B, {}, period);
      await expectParentIsSumOfChildren(tA1, { welfarePosts: 1 }, period);
      await expectParentIsSumOfChildren(tA2, {}, period);
    }
  });

  it('shows a write in the statistics of the village, township, county and city at once', async () => {
    const before = await Promise.all([CITY_CODE, A, tA1, vA2].map((c) => stats(c)));
    const l7 = await laborer(ids.h3, '19881212', { wantsTraining: true });
    await enroll(l7, ids.cE, '2017-03-15', true);
    await employ(l7, 'TRANSFER', 'LABOUR_COOPERATION', '2017-04-01');
    const after = await Promise.all([CITY_CODE, A, tA1, vA2].map((c) => stats(c)));
    after.forEach((s, i) => {
      expect(s.laborers, `level ${i}`).toBe(before[i].laborers! + 1);
      expect(s.trained, `level ${i}`).toBe(before[i].trained! + 1);
      expect(s.employedAfterTraining, `level ${i}`).toBe(before[i].employedAfterTraining! + 1);
      expect(s.transferEmployed, `level ${i}`).toBe(before[i].transferEmployed! + 1);
      expect(s.organisedTransfers, `level ${i}`).toBe(before[i].organisedTransfers! + 1);
    });
  });
});

describe('cost', () => {
  const DRILL_DOWN = `{ Region(id: "${CITY_CODE}") { code name stats { ${ALL} } childrenStats { region { code name } ${ALL} } } }`;
  const statsStatements = (qs: string[]) => qs.filter((q) => /stats_(month|live)/.test(q));

  it('answers the city drill-down (city + 9 counties, all indicators) in a fixed few statements, whatever the data', async () => {
    const small = await hub.countQueries(() => hub.gql(DRILL_DOWN));
    expect(small.result.errors).toBeUndefined();
    expect(statsStatements(small.queries)).toHaveLength(2);
    expect(small.queries.filter((q) => /lifecycle_month/.test(q))).toHaveLength(2);
    // No statement reads a base table: the counters answer alone.
    expect(small.queries.some((q) => /\b(from|join) "?(laborer|household|enrollment|employment)"?\b/i.test(q))).toBe(false);

    // Ten times the people: the same statements.
    const h = await household(vA3);
    for (let i = 0; i < 60; i++) await laborer(h, `1981${String((i % 12) + 1).padStart(2, '0')}15`, { wantsTransfer: true });
    const big = await hub.countQueries(() => hub.gql(DRILL_DOWN));
    expect(big.queries.length).toBe(small.queries.length);
    // The session check, the city, its stats, its children, their stats.
    // (+2 beside stats_month's: the registry's counters as of the date, lifecycle_month, read alongside;
    // +1: poor villages and counties from their dated standing, an index range of the region table.)
    expect(big.queries.filter((q) => /join region v on v\.code like/.test(q)).length).toBeLessThanOrEqual(2);
    expect(big.queries.length).toBeLessThanOrEqual(9);
    expect(big.result.data.Region.stats.laborers).toBe(small.result.data.Region.stats.laborers + 60);
  });

  it('lists a page of 100 laborers with household, village, county and their programme records in a fixed few statements', async () => {
    const h = await household(vA3);
    const made: string[] = [];
    for (let i = 0; i < 100; i++) made.push(await laborer(h, `1982${String((i % 12) + 1).padStart(2, '0')}1${i % 9}`));
    for (const l of made.slice(0, 30)) await employ(l, 'LOCAL', 'BASE', '2017-02-01');
    for (const l of made.slice(0, 10)) await enroll(l, ids.cE, '2017-03-15');
    // Every list of records the Laborer type offers (programme modules add theirs).
    const type = (await ok(`{ __type(name: "Laborer") { fields { name type { kind ofType { kind ofType { kind ofType { name } } } } } } }`)).__type;
    const lists = type.fields.filter((f: any) => f.type.kind === 'NON_NULL' && f.type.ofType?.kind === 'LIST').map((f: { name: string }) => f.name);
    expect(lists.length).toBeGreaterThanOrEqual(1);
    const query = `query($h: ID) { allLaborers(filter: { householdId: $h }, perPage: 100) { id name household { id headName } village { name } township { name } county { name } ${lists.map((n: string) => `${n} { id }`).join(' ')} } }`;
    const { result, queries } = await hub.countQueries(() => hub.gql(query, { h }));
    expect(result.errors).toBeUndefined();
    expect(result.data.allLaborers).toHaveLength(100);
    expect(result.data.allLaborers.filter((l: { employments?: unknown[] }) => l.employments?.length).length).toBe(30);
    // The session check, the list, the households, the regions (village, township and county at once) and
    // one per record list: never one per laborer.
    expect(queries.length).toBeLessThanOrEqual(4 + lists.length);
  });
});

const NONZERO = COUNTERS.map((c) => `${c} <> 0`).join(' or ');
/** The counters as stored (after a fold), as read (stats_live summed), and the facts tables. */
async function snapshot() {
  return {
    month: await hub.sql(`select * from stats_month where ${NONZERO} order by region_code, month`),
    live: await hub.sql(
      `select region_code, month, ${COUNTERS.map((c) => `sum(${c}) as ${c}`).join(', ')} from stats_live group by 1, 2 having ${COUNTERS.map((c) => `sum(${c}) <> 0`).join(' or ')} order by 1, 2`,
    ),
    laborer: await hub.sql('select * from stats_laborer order by laborer_id'),
    household: await hub.sql('select * from stats_household order by household_id'),
  };
}

describe('incremental counters and the rebuild', () => {
  it('equal a rebuild from the base tables after creates, updates, moves and deletes', async () => {
    await ok(`mutation($id: ID!) { updateEnrollment(id: $id, completedOn: "2017-02-01") { id } }`, { id: ids.e3 });
    await ok(`mutation($id: ID!) { updateEnrollment(id: $id, completed: true, completedOn: "2017-04-01", employedAfterTraining: true) { id } }`, { id: ids.e4 });
    await ok(`mutation($id: ID!) { deleteEmployment(id: $id) { id } }`, { id: ids.m2 });
    await ok(`mutation($id: ID!) { updateEmployment(id: $id, endDate: "2017-12-31") { id } }`, { id: ids.m3 });
    // A household moves to another township: its laborers and their records follow.
    await ok(`mutation($id: ID!, $v: ID!) { updateHousehold(id: $id, villageId: $v) { id } }`, { id: ids.h2, v: vA3 });
    await ok(`mutation($id: ID!) { updateLaborer(id: $id, wantsTraining: true, wantsEnterprise: true) { id } }`, { id: ids.l6 });
    await ok(`mutation($id: ID!) { updateTrainingClass(id: $id, kind: OTHER) { id } }`, { id: ids.cB });
    await ok(`mutation($id: ID!) { changeLoanStatus(id: $id, status: REPAID, on: "2017-06-10") { id } }`, { id: ids.g1 });
    await ok(`mutation($id: ID!) { deleteWelfarePlacement(id: $id) { id } }`, { id: ids.p1 });
    await ok(`mutation($id: ID!) { updateRegion(id: $id, isPoor: false) { id } }`, { id: vA1 });
    await ok(`mutation($id: ID!) { updateEnterprise(id: $id, startedOn: "2017-01-15") { id } }`, { id: ids.n2 });
    // A policy that changes kind moves its payments and budgets; a deleted policy takes its budgets along.
    const policy = async (name: string) =>
      (await ok(`mutation($n: String!) { createPolicy(name: $n, subsidyKind: TRAINING, programKind: TRAINING, amountRule: PER_PERSON, amount: 300, validFrom: "2017-01-01") { id } }`, { n: name }))
        .createPolicy.id;
    const p2 = await policy('培训补贴测试');
    await ok(`mutation($p: ID!, $c: ID!) { createPolicyBudget(policyId: $p, countyId: $c, year: 2017, budget: 5000) { id } }`, { p: p2, c: A });
    const s2 = (
      await ok(`mutation($p: ID!, $l: ID!, $r: ID!) { createSubsidyPayment(policyId: $p, laborerId: $l, recordId: $r, period: "2017", amount: 300, appliedOn: "2017-02-01") { id } }`, {
        p: p2,
        l: ids.l1,
        r: ids.e1,
      })
    ).createSubsidyPayment.id;
    await ok(`mutation($id: ID!) { approveSubsidyPayment(id: $id, on: "2017-02-10") { id } }`, { id: s2 }, hub.approver);
    expect((await stats(A)).subsidyApprovedTraining).toBe(300);
    await ok(`mutation($id: ID!) { updatePolicy(id: $id, subsidyKind: LIVING) { id } }`, { id: p2 });
    expect(await stats(A)).toMatchObject({ subsidyApprovedTraining: 0, subsidyApprovedLiving: 300, subsidyBudgetLiving: 5000, subsidyBudget: 105000 });
    const p3 = await policy('待删除政策');
    await ok(`mutation($p: ID!, $c: ID!) { createPolicyBudget(policyId: $p, countyId: $c, year: 2017, budget: 7000) { id } }`, { p: p3, c: B });
    expect((await stats(B)).subsidyBudgetTraining).toBe(7000);
    await ok(`mutation($id: ID!) { deletePolicy(id: $id) { id } }`, { id: p3 });
    expect((await stats(B)).subsidyBudgetTraining).toBe(0);

    // Concurrent writers, several on one laborer, touching months in different orders: none is lost or deadlocks.
    const before = (await stats(CITY_CODE)).localEmployments!;
    const people = [ids.l4, ids.l6, ids.l1, ids.l5];
    await Promise.all(Array.from({ length: 16 }, (_, i) => employ(people[i % 4], 'LOCAL', 'BASE', `2017-0${(i * 5) % 6 + 1}-1${i % 9}`, i % 3 ? null : '2017-12-31')));
    expect((await stats(CITY_CODE)).localEmployments).toBe(before + 16);

    const moved = await stats(tA2);
    expect(moved.enterprisesStarted).toBe(1);
    // Registry counts are as registered on the date: the move (dated today) counts from today's month.
    expect((await stats(tA2, `asOf: "${new Date().toISOString().slice(0, 10)}"`)).laborers).toBe(1 + 1 + 60 + 100);

    const unfolded = await snapshot();
    await hub.sql('select stats_fold()');
    const incremental = await snapshot();
    expect(incremental.live).toEqual(unfolded.live);
    expect(incremental.laborer.length).toBeGreaterThan(160);
    await hub.sql('select rebuild_stats()');
    const rebuilt = await snapshot();
    expect(incremental.laborer).toEqual(rebuilt.laborer);
    expect(incremental.household).toEqual(rebuilt.household);
    expect(incremental.live).toEqual(rebuilt.live);
    expect(incremental.month).toEqual(rebuilt.month);
  });

  it('stay exact under concurrent writers across counties while deltas are folded', async () => {
    const [a, b] = [await stats(A), await stats(B)];
    const city = await stats(CITY_CODE);
    const inA = [ids.l1, ids.l4, ids.l6, ids.l3];
    const inB = [ids.l5];
    // Writers in both counties at once (several on one laborer), laborers changing demand, and folds
    // running in between, on other connections.
    let folding = true;
    const folds = (async () => {
      let n = 0;
      while (folding) {
        await hub.sql('select stats_fold()');
        n++;
      }
      return n;
    })();
    const writes = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => employ(inA[i % inA.length], 'TRANSFER', 'CHAMBER_OF_COMMERCE', `2017-0${(i % 5) + 1}-0${(i % 8) + 1}`)),
      ...Array.from({ length: 12 }, (_, i) => employ(inB[0], 'LOCAL', 'PARK', `2017-0${6 - (i % 5)}-1${i % 9}`)),
      ...[...inA, ...inB].map((l) => ok(`mutation($id: ID!) { updateLaborer(id: $id, wantsTransfer: true) { id } }`, { id: l })),
    ]);
    folding = false;
    expect(await folds).toBeGreaterThan(0);
    expect(writes).toHaveLength(12 + 12 + inA.length + inB.length);
    const [a2, b2, city2] = [await stats(A), await stats(B), await stats(CITY_CODE)];
    expect(a2.transferEmployments).toBe(a.transferEmployments! + 12);
    expect(b2.localEmployments).toBe(b.localEmployments! + 12);
    expect(city2.transferEmployments).toBe(city.transferEmployments! + 12);
    expect(city2.localEmployments).toBe(city.localEmployments! + 12);
    // The city is the sum of its counties for every counter-backed indicator that adds up.
    const counties = (await ok(`{ allRegions(filter: { level: COUNTY }, perPage: 50) { code } }`)).allRegions.map((r: { code: string }) => r.code);
    expect(counties.length).toBeGreaterThanOrEqual(9);
    expect(city2.laborers).toBe((await Promise.all(counties.map((c: string) => stats(c)))).reduce((sum, x) => sum + x.laborers!, 0));

    const unfolded = await snapshot();
    const [{ n: pending }] = await hub.sql('select count(*)::int as n from stats_delta');
    await hub.sql('select stats_fold()');
    const [{ n: left }] = await hub.sql('select count(*)::int as n from stats_delta');
    expect(left).toBe(0);
    const folded = await snapshot();
    // Folding changes where the numbers are kept, never what a reader sees.
    expect(folded.live).toEqual(unfolded.live);
    await hub.sql('select rebuild_stats()');
    const rebuilt = await snapshot();
    expect(folded.laborer).toEqual(rebuilt.laborer);
    expect(folded.household).toEqual(rebuilt.household);
    expect(folded.month).toEqual(rebuilt.month);
    expect(pending).toBeGreaterThanOrEqual(0);
  });

  it('lets writers of any county go on while a transaction that changed counters stays open (an import commit)', async () => {
    const other = new pg.Client({ connectionString: hub.orm.config.get('clientUrl') });
    await other.connect();
    try {
      await other.query('begin');
      // A long transaction changing counters in both counties (as a city-wide import does), not committed.
      await other.query(`update laborer set wants_enterprise = not wants_enterprise where id = any($1::int[])`, [[Number(ids.l4), Number(ids.l5)]]);
      const before = await stats(CITY_CODE);
      const t0 = Date.now();
      await Promise.all([employ(ids.l1, 'LOCAL', 'BASE', '2017-03-03'), employ(ids.l3, 'LOCAL', 'BASE', '2017-03-04')]);
      await ok(`mutation($id: ID!) { updateLaborer(id: $id, wantsTraining: true) { id } }`, { id: ids.l6 });
      expect(Date.now() - t0).toBeLessThan(5000);
      expect((await stats(CITY_CODE)).localEmployments).toBe(before.localEmployments! + 2);
      await other.query('rollback');
      // The rolled-back transaction left nothing behind.
      await hub.sql('select stats_fold()');
      const live = (await snapshot()).month;
      await hub.sql('select rebuild_stats()');
      expect((await snapshot()).month).toEqual(live);
    } finally {
      await other.end();
    }
  });

  it('rebuilds after a TRUNCATE, which row triggers never see', async () => {
    await hub.sql('truncate job_fair');
    const [row] = await hub.sql(`select coalesce(sum(job_fairs), 0)::int as n from stats_month where region_code = $1`, [CITY_CODE]);
    expect(row.n).toBe(0);
    expect((await stats(CITY_CODE)).jobFairs).toBe(0);
  });
});
