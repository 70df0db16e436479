import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDatabaseError } from '../../common/errors';
import { startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

const NANBU = '511321000000';
const LANGZHONG = '511381000000';

let hub: TestHub;
let t: Programmes;
let villageA: string;
let villageL: string;
// Laborers: two in 南部县, one in 阆中市, and a teen for 圆梦.
let ann: string;
let bo: string;
let lan: string;
let teen: string;
// Their programme records.
let annEnrollment: string;
let boEnrollment: string;
let annPlacement: string;
let boPlacement: string;
let lanPlacement: string;
let annLoan: string;
let teenSchooling: string;
let annEmployment: string;
let annEnterprise: string;

const count = async (from: string, params: unknown[] = []) => (await hub.sql(`select count(*)::int as n from ${from}`, params))[0].n as number;
const payments = () => count('subsidy_payment');

const CREATE_PAYMENT = `mutation($p: ID!, $l: ID!, $r: ID!, $per: String!, $a: Float!, $d: LocalDate) {
  createSubsidyPayment(policyId: $p, laborerId: $l, recordId: $r, period: $per, amount: $a, appliedOn: $d) {
    id policyId laborerId villageId programKind recordId enrollmentId placementId loanId schoolingId enterpriseId employmentId period amount status appliedOn approvedOn paidOn rejectReason
  }
}`;
const APPROVE = `mutation($id: ID!, $on: LocalDate) { approveSubsidyPayment(id: $id, on: $on) { id status approvedOn } }`;
const PAY = `mutation($id: ID!, $on: LocalDate) { paySubsidyPayment(id: $id, on: $on) { id status paidOn } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectSubsidyPayment(id: $id, reason: $reason) { id status rejectReason } }`;
const CREATE_POLICY = `mutation($n: String!, $sk: SubsidyKind!, $pk: ProgramKind!, $r: AmountRule!, $a: Float!, $f: LocalDate!, $t: LocalDate) {
  createPolicy(name: $n, subsidyKind: $sk, programKind: $pk, amountRule: $r, amount: $a, validFrom: $f, validTo: $t) { id name subsidyKind programKind amountRule amount validFrom validTo }
}`;
const CREATE_BUDGET = `mutation($p: ID!, $c: ID!, $y: Int!, $b: Float!) { createPolicyBudget(policyId: $p, countyId: $c, year: $y, budget: $b) { id policyId countyId year budget approved remaining } }`;

const pay = (policy: string, laborer: string, record: string, period: string, amount: number, appliedOn = '2017-01-05') =>
  hub.gql(CREATE_PAYMENT, { p: policy, l: laborer, r: record, per: period, a: amount, d: appliedOn });

let seq = 0;
const uniqueName = (base: string) => `${base}${++seq}`;

beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  villageA = await t.village(NANBU, 0);
  villageL = await t.village(LANGZHONG, 0);
  ann = await t.laborer(villageA, '安');
  bo = await t.laborer(await t.village(NANBU, 40), '柏');
  lan = await t.laborer(villageL, '兰');
  teen = await t.laborer(villageA, '童', '20010301');
  const cls = await t.trainingClass(NANBU, '电商培训', '2017-03-01', '2017-04-30');
  annEnrollment = await t.enroll(cls, ann, '2017-02-20');
  boEnrollment = await t.enroll(cls, bo, '2017-02-21');
  annPlacement = await t.placement(await t.post(villageA, '保洁岗甲'), ann, '2016-06-01');
  boPlacement = await t.placement(await t.post(villageA, '保洁岗乙'), bo, '2016-06-01');
  lanPlacement = await t.placement(await t.post(villageL, '保洁岗丙'), lan, '2016-06-01');
  annLoan = await t.loan(ann, { amount: 50000, termMonths: 24, annualRate: 0.0435, interestSubsidyRate: 0.8, appliedOn: '2017-01-10' });
  teenSchooling = await t.schooling(teen, 2017);
  annEmployment = await t.employment(ann, '宁波服装厂', '2017-03-01');
  annEnterprise = await t.enterprise(ann, '安家农家乐', '2017-05-01');
});
afterAll(() => hub?.close());

describe('policies', () => {
  it('creates, reads, lists, updates and deletes a policy', async () => {
    const r = await hub.gql(CREATE_POLICY, { n: ' 公益性岗位补贴 ', sk: 'POST', pk: 'WELFARE_POST', r: 'PER_MONTH', a: 300, f: '2017-01-01', t: '2017-12-31' });
    expect(r.errors).toBeUndefined();
    expect(r.data.createPolicy).toMatchObject({ name: '公益性岗位补贴', subsidyKind: 'POST', programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 300, validFrom: '2017-01-01', validTo: '2017-12-31' });
    const id = r.data.createPolicy.id;
    const list = await hub.gql(`{ allPolicies(filter: { programKind: WELFARE_POST, validOn: "2017-06-01" }) { id } _allPoliciesMeta(filter: { programKind: WELFARE_POST, validOn: "2018-06-01" }) { count } }`);
    expect(list.data.allPolicies.map((p: { id: string }) => p.id)).toContain(id);
    expect(list.data._allPoliciesMeta.count).toBe(0);
    const u = await hub.gql(`mutation($id: ID!) { updatePolicy(id: $id, amount: 350, validTo: null) { amount validTo } }`, { id });
    expect(u.data.updatePolicy).toEqual({ amount: 350, validTo: null });
    const d = await hub.gql(`mutation($id: ID!) { deletePolicy(id: $id) { id name } }`, { id });
    expect(d.data.deletePolicy.name).toBe('公益性岗位补贴');
    expect(await count('policy where id = $1', [id])).toBe(0);
  });

  it('refuses each bad policy with its code and writes nothing', async () => {
    const existing = await t.policy({ name: uniqueName('已有政策'), programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 800 });
    const name = (await hub.sql('select name from policy where id = $1', [existing]))[0].name;
    const before = await count('policy');
    const cases: [Record<string, unknown>, { code: string; field: string; params?: object }][] = [
      [{ n: name }, { code: 'DUPLICATE', field: 'name' }],
      [{ n: '   ' }, { code: 'REQUIRED', field: 'name' }],
      [{ pk: 'JOB_FAIR' }, { code: 'VALIDATION_FAILED', field: 'programKind', params: { detail: 'NO_JOB_FAIR_SUBSIDY' } }],
      [{ a: 0 }, { code: 'VALIDATION_FAILED', field: 'amount', params: { detail: 'MONEY_POSITIVE' } }],
      [{ a: -5 }, { code: 'VALIDATION_FAILED', field: 'amount' }],
      [{ a: 1.234 }, { code: 'VALIDATION_FAILED', field: 'amount', params: { detail: 'MONEY_CENTS' } }],
      [{ pk: 'LOAN', r: 'INTEREST_SHARE', a: 1.5 }, { code: 'VALIDATION_FAILED', field: 'amount', params: { detail: 'INTEREST_SHARE_RANGE' } }],
      [{ pk: 'TRAINING', r: 'INTEREST_SHARE', a: 0.5 }, { code: 'VALIDATION_FAILED', field: 'amountRule', params: { detail: 'INTEREST_NEEDS_LOAN' } }],
      [{ f: '2017-06-01', t: '2017-05-31' }, { code: 'VALIDATION_FAILED', field: 'validTo', params: { detail: 'END_BEFORE_START' } }],
    ];
    for (const [vars, expected] of cases) {
      const r = await hub.gql(CREATE_POLICY, { n: uniqueName('坏政策'), sk: 'TRAINING', pk: 'TRAINING', r: 'PER_PERSON', a: 800, f: '2017-01-01', t: null, ...vars });
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject(expected);
    }
    expect(await count('policy')).toBe(before);
    // An interest share of exactly 1 (all of the interest) is fine.
    expect((await hub.gql(CREATE_POLICY, { n: uniqueName('全额贴息'), sk: 'LOAN_INTEREST', pk: 'LOAN', r: 'INTEREST_SHARE', a: 1, f: '2017-01-01' })).errors).toBeUndefined();
  });

  it('of two policies with one name created at the same moment exactly one is written (the database decides)', async () => {
    const name = uniqueName('并发政策');
    const results = await Promise.all([1, 2, 3].map(() => hub.gql(CREATE_POLICY, { n: name, sk: 'TRAINING', pk: 'TRAINING', r: 'PER_PERSON', a: 800, f: '2017-01-01' })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'name' });
    expect(await count('policy where name = $1', [name])).toBe(1);
  });

  it('keeps the programme and rule of a policy that has payments, and refuses deleting it', async () => {
    const policy = await t.policy({ name: uniqueName('已发政策'), programKind: 'EMPLOYMENT', amountRule: 'PER_PERSON', amount: 200, subsidyKind: 'TRAVEL' });
    await t.payment(policy, ann, annEmployment, '2017', 200);
    const kind = await hub.gql(`mutation($id: ID!) { updatePolicy(id: $id, programKind: TRAINING) { id } }`, { id: policy });
    expect(kind.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'programKind', params: { detail: 'POLICY_HAS_PAYMENTS' } });
    const rule = await hub.gql(`mutation($id: ID!) { updatePolicy(id: $id, amountRule: PER_MONTH) { id } }`, { id: policy });
    expect(rule.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'amountRule' });
    const del = await hub.gql(`mutation($id: ID!) { deletePolicy(id: $id) { id } }`, { id: policy });
    expect(del.errors?.[0].extensions).toMatchObject({ code: 'IN_USE' });
    expect((await hub.sql('select program_kind, amount_rule from policy where id = $1', [policy]))[0]).toEqual({ program_kind: 'EMPLOYMENT', amount_rule: 'PER_PERSON' });
  });
});

describe('policy budgets', () => {
  let policy: string;
  beforeAll(async () => {
    policy = await t.policy({ name: uniqueName('预算测试政策'), programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 500, subsidyKind: 'POST' });
  });

  it('creates a budget per policy, county and year and lists it under the policy', async () => {
    const r = await hub.gql(CREATE_BUDGET, { p: policy, c: NANBU, y: 2017, b: 20000 });
    expect(r.errors).toBeUndefined();
    expect(r.data.createPolicyBudget).toMatchObject({ policyId: policy, countyId: NANBU, year: 2017, budget: 20000, approved: 0, remaining: 20000 });
    const p = await hub.gql(`query($id: ID!) { Policy(id: $id) { budgets { countyId year budget county { name } } } }`, { id: policy });
    expect(p.data.Policy.budgets).toEqual([{ countyId: NANBU, year: 2017, budget: 20000, county: { name: '南部县' } }]);
    const list = await hub.gql(`query($p: ID!) { allPolicyBudgets(filter: { policyId: $p, regionCode: "511300000000", year: 2017 }) { id } }`, { p: policy });
    expect(list.data.allPolicyBudgets).toHaveLength(1);
  });

  it('refuses a bad budget with its code and writes nothing', async () => {
    const township = `${villageA.slice(0, 9)}000`;
    const before = await count('policy_budget');
    const cases: [Record<string, unknown>, { code: string; field: string }][] = [
      [{ c: township }, { code: 'INVALID_REFERENCE', field: 'countyId' }],
      [{ c: '511300000000' }, { code: 'INVALID_REFERENCE', field: 'countyId' }],
      [{ c: '999999000000' }, { code: 'INVALID_REFERENCE', field: 'countyId' }],
      [{ p: '999999' }, { code: 'INVALID_REFERENCE', field: 'policyId' }],
      [{ b: -1 }, { code: 'VALIDATION_FAILED', field: 'budget' }],
      [{ y: 2013 }, { code: 'VALIDATION_FAILED', field: 'year' }],
      [{ y: 2017 }, { code: 'DUPLICATE', field: 'year' }],
    ];
    for (const [vars, expected] of cases) {
      const r = await hub.gql(CREATE_BUDGET, { p: policy, c: NANBU, y: 2018, b: 1000, ...vars });
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject(expected);
    }
    expect(await count('policy_budget')).toBe(before);
    // The database says the same when the service is bypassed.
    const err = await hub.orm.em.fork().execute(`insert into policy_budget (policy_id, county_code, year, budget) values (${Number(policy)}, '${township}', 2018, 100)`).then(() => undefined, (e: unknown) => e);
    expect(fromDatabaseError(err)?.extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'countyId' });
  });

  it('lowers a budget down to what is approved, never below; keeps a budget with approvals', async () => {
    const budget = await t.budget(policy, LANGZHONG, 2017, 2000);
    const a = await t.payment(policy, lan, lanPlacement, '2017-01', 500);
    const b = await t.payment(policy, lan, lanPlacement, '2017-02', 400);
    await t.approve(a, '2017-02-01');
    await t.approve(b, '2017-03-01');
    const UPDATE = `mutation($id: ID!, $b: Float) { updatePolicyBudget(id: $id, budget: $b) { budget approved remaining } }`;
    const low = await hub.gql(UPDATE, { id: budget, b: 899.99 });
    expect(low.errors?.[0].extensions).toMatchObject({ code: 'BUDGET_EXCEEDED', field: 'countyId', params: { detail: 'BELOW_APPROVED', approved: 900, budget: 899.99 } });
    expect(low.errors?.[0].message).toBe('阆中市2017年度本政策已审批900元，预算不能调低到899.99元');
    expect((await hub.sql('select budget::float as b from policy_budget where id = $1', [budget]))[0].b).toBe(2000);
    const exact = await hub.gql(UPDATE, { id: budget, b: 900 });
    expect(exact.data.updatePolicyBudget).toEqual({ budget: 900, approved: 900, remaining: 0 });
    const del = await hub.gql(`mutation($id: ID!) { deletePolicyBudget(id: $id) { id } }`, { id: budget });
    expect(del.errors?.[0].extensions).toMatchObject({ code: 'IN_USE' });
    expect(await count('policy_budget where id = $1', [budget])).toBe(1);
    // Once the approvals are rejected the budget may go.
    for (const id of [a, b]) expect((await hub.gql(REJECT, { id, reason: '重复申报' })).errors).toBeUndefined();
    expect((await hub.gql(`mutation($id: ID!) { deletePolicyBudget(id: $id) { id } }`, { id: budget })).errors).toBeUndefined();
  });
});

describe('subsidy payments: creation rules', () => {
  let training: string;
  let post: string;
  let term: string;
  let share: string;
  let startup: string;
  let travel: string;
  beforeAll(async () => {
    training = await t.policy({ name: uniqueName('培训补贴'), programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 800, subsidyKind: 'TRAINING', validFrom: '2017-01-01', validTo: '2017-12-31' });
    post = await t.policy({ name: uniqueName('岗位补贴'), programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 500, subsidyKind: 'POST', validFrom: '2016-07-15' });
    term = await t.policy({ name: uniqueName('圆梦生活补贴'), programKind: 'DREAM_SCHOOLING', amountRule: 'PER_TERM', amount: 1500, subsidyKind: 'LIVING' });
    share = await t.policy({ name: uniqueName('贷款贴息'), programKind: 'LOAN', amountRule: 'INTEREST_SHARE', amount: 0.5, subsidyKind: 'LOAN_INTEREST' });
    startup = await t.policy({ name: uniqueName('创业补贴'), programKind: 'ENTERPRISE', amountRule: 'PER_PERSON', amount: 5000, subsidyKind: 'STARTUP' });
    travel = await t.policy({ name: uniqueName('交通补贴'), programKind: 'EMPLOYMENT', amountRule: 'PER_PERSON', amount: 300, subsidyKind: 'TRAVEL' });
  });

  it('creates an APPLIED payment for the record of each programme, in the laborer\'s village', async () => {
    const cases: [string, string, string, string, number, string][] = [
      [training, ann, annEnrollment, '2017', 800, 'enrollmentId'],
      [post, ann, annPlacement, '2017-03', 500, 'placementId'],
      [term, teen, teenSchooling, '2017-T2', 1500, 'schoolingId'],
      [share, ann, annLoan, '2017', 870, 'loanId'],
      [startup, ann, annEnterprise, '2017', 5000, 'enterpriseId'],
      [travel, ann, annEmployment, '2017', 300, 'employmentId'],
    ];
    for (const [policy, laborer, record, period, amount, column] of cases) {
      const r = await pay(policy, laborer, record, period, amount);
      expect(r.errors, column).toBeUndefined();
      const p = r.data.createSubsidyPayment;
      expect(p).toMatchObject({ policyId: policy, laborerId: laborer, recordId: record, [column]: record, period, amount, status: 'APPLIED', appliedOn: '2017-01-05', approvedOn: null, paidOn: null });
      expect(p.villageId).toBe(villageA);
      for (const other of ['enrollmentId', 'placementId', 'loanId', 'schoolingId', 'enterpriseId', 'employmentId'].filter((c) => c !== column)) expect(p[other]).toBeNull();
    }
  });

  it('refuses a record that is not the laborer\'s own or does not exist (INVALID_REFERENCE) and writes nothing', async () => {
    const before = await payments();
    // Bo's enrollment is a real enrollment, but not Ann's.
    for (const [policy, record] of [
      [training, boEnrollment],
      [training, '999999'],
      [post, boPlacement],
    ]) {
      const r = await pay(policy, ann, record, policy === post ? '2017-04' : '2017', 100);
      expect(r.errors?.[0].extensions, `${policy}/${record}`).toMatchObject({ code: 'INVALID_REFERENCE', field: 'recordId' });
    }
    expect((await pay('999999', ann, annEnrollment, '2017', 100)).errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'policyId' });
    expect((await pay(training, '999999', annEnrollment, '2017', 100)).errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'laborerId' });
    expect(await payments()).toBe(before);
  });

  it('refuses a period that does not fit the rule or the validity (VALIDATION_FAILED period) and writes nothing', async () => {
    const before = await payments();
    const cases: [string, string, string, string, string][] = [
      [post, ann, annPlacement, '2017', 'PERIOD_PER_MONTH'],
      [post, ann, annPlacement, '2017-13', 'PERIOD_PER_MONTH'],
      [post, ann, annPlacement, '2016-06', 'OUTSIDE_VALIDITY'],
      [term, teen, teenSchooling, '2017-09', 'PERIOD_PER_TERM'],
      [term, teen, teenSchooling, '2017-T3', 'PERIOD_PER_TERM'],
      [training, ann, annEnrollment, '2017-01', 'PERIOD_PER_YEAR'],
      [training, ann, annEnrollment, '2018', 'OUTSIDE_VALIDITY'],
      [training, ann, annEnrollment, '2016', 'OUTSIDE_VALIDITY'],
    ];
    for (const [policy, laborer, record, period, detail] of cases) {
      const r = await pay(policy, laborer, record, period, 100);
      expect(r.errors?.[0].extensions, period).toMatchObject({ code: 'VALIDATION_FAILED', field: 'period', params: { detail } });
    }
    // July 2016 overlaps the validity that starts on 15 July.
    expect((await pay(post, ann, annPlacement, '2016-07', 100)).errors).toBeUndefined();
    expect(await payments()).toBe(before + 1);
  });

  it('refuses an amount above the rule with the ceiling (AMOUNT_EXCEEDS_RULE) and writes nothing', async () => {
    const before = await payments();
    const fixed = await pay(post, ann, annPlacement, '2017-05', 500.01);
    expect(fixed.errors?.[0].extensions).toMatchObject({ code: 'AMOUNT_EXCEEDS_RULE', field: 'amount', params: { max: 500 } });
    expect(fixed.errors?.[0].message).toBe('金额超过政策标准500元');
    // Interest over the term: 50000 x 4.35% x 24/12 = 4350; the loan's subsidy rate 0.8 -> 3480; the policy's share 0.5 -> 1740.
    const interest = await pay(share, ann, annLoan, '2018', 1740.01);
    expect(interest.errors?.[0].extensions).toMatchObject({ code: 'AMOUNT_EXCEEDS_RULE', field: 'amount', params: { max: 1740 } });
    expect((await pay(share, ann, annLoan, '2018', 0)).errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'amount' });
    expect(await payments()).toBe(before);
    expect((await pay(share, ann, annLoan, '2018', 1740)).errors).toBeUndefined();
  });

  it('refuses a second payment for the same laborer, policy and period (DUPLICATE) unless the first was rejected', async () => {
    const first = await pay(post, ann, annPlacement, '2017-06', 500);
    expect(first.errors).toBeUndefined();
    const before = await payments();
    const dup = await pay(post, ann, annPlacement, '2017-06', 300);
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'period' });
    expect(await payments()).toBe(before);
    expect((await hub.gql(REJECT, { id: first.data.createSubsidyPayment.id, reason: '金额有误' })).errors).toBeUndefined();
    expect((await pay(post, ann, annPlacement, '2017-06', 300)).errors).toBeUndefined();
    // Another laborer, or another period, is no duplicate.
    expect((await pay(post, bo, boPlacement, '2017-06', 500)).errors).toBeUndefined();
  });

  it('of the same payment applied for three times at once exactly one is written (the unique index decides)', async () => {
    const results = await Promise.all([1, 2, 3].map(() => pay(post, bo, boPlacement, '2017-07', 500)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'period' });
    expect(await count(`subsidy_payment where laborer_id = $1 and policy_id = $2 and period = '2017-07'`, [bo, post])).toBe(1);
  });

  it('filters payments by region, policy, status, programme, laborer, period and application day', async () => {
    const ids = async (filter: Record<string, unknown>) =>
      ((await hub.gql(`query($f: SubsidyPaymentFilter) { allSubsidyPayments(filter: $f, perPage: 500) { id laborerId policyId status programKind period appliedOn villageId } }`, { f: filter })).data.allSubsidyPayments as Record<string, string>[]);
    const all = await ids({});
    expect(all.length).toBeGreaterThan(5);
    const check = async (filter: Record<string, unknown>, pred: (p: Record<string, string>) => boolean) => {
      const got = await ids(filter);
      expect(got.map((p) => p.id).sort(), JSON.stringify(filter)).toEqual(all.filter(pred).map((p) => p.id).sort());
      expect(got.length, JSON.stringify(filter)).toBeGreaterThan(0);
    };
    await check({ regionCode: NANBU }, (p) => p.villageId.startsWith('511321'));
    await check({ regionCode: villageA }, (p) => p.villageId === villageA);
    await check({ policyId: post }, (p) => p.policyId === post);
    await check({ status: 'REJECTED' }, (p) => p.status === 'REJECTED');
    await check({ programKind: 'LOAN' }, (p) => p.programKind === 'LOAN');
    await check({ laborerId: bo }, (p) => p.laborerId === bo);
    await check({ period: '2017-06' }, (p) => p.period === '2017-06');
    await check({ appliedOn_gte: '2017-01-05', appliedOn_lte: '2017-01-05' }, (p) => p.appliedOn === '2017-01-05');
    const meta = await hub.gql(`{ _allSubsidyPaymentsMeta(filter: { status: APPLIED }) { count } }`);
    expect(meta.data._allSubsidyPaymentsMeta.count).toBe(all.filter((p) => p.status === 'APPLIED').length);
    const one = await hub.gql(`query($id: ID!) { SubsidyPayment(id: $id) { policy { name } laborer { id } village { code } county { name } } }`, { id: all[0].id });
    expect(one.data.SubsidyPayment.county.name).toMatch(/南部县|阆中市/);
  });
});

describe('subsidy payments: status and budget', () => {
  let policy: string;
  let budgetId: string;
  beforeAll(async () => {
    policy = await t.policy({ name: uniqueName('审批测试政策'), programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 300, subsidyKind: 'POST' });
    budgetId = await t.budget(policy, NANBU, 2017, 1000);
  });
  const status = async (id: string) => (await hub.sql('select status, approved_on::text, paid_on::text, reject_reason from subsidy_payment where id = $1', [id]))[0];

  it('moves APPLIED -> APPROVED -> PAID and refuses every other step (ILLEGAL_TRANSITION), changing nothing', async () => {
    const id = await t.payment(policy, ann, annPlacement, '2017-01', 300);
    const early = await hub.approver(PAY, { id, on: '2017-02-01' });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'status', params: { from: 'APPLIED', to: 'PAID' } });
    const beforeApplied = await hub.approver(APPROVE, { id, on: '2017-01-04' });
    expect(beforeApplied.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'on' });
    expect(await status(id)).toMatchObject({ status: 'APPLIED', approved_on: null });
    expect((await hub.approver(APPROVE, { id, on: '2017-02-01' })).data.approveSubsidyPayment).toMatchObject({ status: 'APPROVED', approvedOn: '2017-02-01' });
    const again = await hub.approver(APPROVE, { id, on: '2017-02-02' });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', params: { from: 'APPROVED', to: 'APPROVED' } });
    const beforeApproval = await hub.approver(PAY, { id, on: '2017-01-31' });
    expect(beforeApproval.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'on' });
    expect((await hub.approver(PAY, { id, on: '2017-02-10' })).data.paySubsidyPayment).toMatchObject({ status: 'PAID', paidOn: '2017-02-10' });
    for (const [q, vars, to] of [
      [APPROVE, { id, on: '2017-03-01' }, 'APPROVED'],
      [PAY, { id, on: '2017-03-01' }, 'PAID'],
      [REJECT, { id, reason: '已发放' }, 'REJECTED'],
    ] as const) {
      const r = await hub.gql(q, vars);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', params: { from: 'PAID', to } });
    }
    expect(await status(id)).toEqual({ status: 'PAID', approved_on: '2017-02-01', paid_on: '2017-02-10', reject_reason: null });
  });

  it('rejects APPLIED or APPROVED payments with a reason; a rejected payment moves no further', async () => {
    const a = await t.payment(policy, ann, annPlacement, '2017-02', 300);
    expect((await hub.gql(REJECT, { id: a, reason: '  ' })).errors?.[0].extensions).toMatchObject({ code: 'REQUIRED', field: 'reason' });
    expect((await hub.gql(REJECT, { id: a, reason: '材料不全' })).data.rejectSubsidyPayment).toEqual({ id: a, status: 'REJECTED', rejectReason: '材料不全' });
    for (const q of [APPROVE, PAY]) {
      const r = await hub.gql(q, { id: a, on: '2017-03-01' });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', params: { from: 'REJECTED' } });
    }
    expect((await hub.gql(REJECT, { id: a, reason: '再次' })).errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const b = await t.payment(policy, ann, annPlacement, '2017-03', 300);
    await t.approve(b, '2017-04-01');
    expect((await hub.gql(REJECT, { id: b, reason: '复核不通过' })).data.rejectSubsidyPayment.status).toBe('REJECTED');
    expect(await status(b)).toMatchObject({ status: 'REJECTED', approved_on: '2017-04-01', reject_reason: '复核不通过' });
    expect((await hub.approver(APPROVE, { id: '999999' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("refuses an approval that takes the laborer's county past the budget of the period's year, or without a budget (BUDGET_EXCEEDED)", async () => {
    // 300 of the 1000 are approved (the PAID one above); 2017-04 and 2017-05 bring it to 900.
    const c = await t.payment(policy, ann, annPlacement, '2017-04', 300);
    const d = await t.payment(policy, bo, boPlacement, '2017-04', 300);
    const e = await t.payment(policy, bo, boPlacement, '2017-05', 200);
    await t.approve(c, '2017-05-01');
    await t.approve(d, '2017-05-01');
    const over = await hub.approver(APPROVE, { id: e, on: '2017-05-02' });
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'BUDGET_EXCEEDED', field: 'countyId', params: { remaining: 100 } });
    // Which case, with the county, the year and the numbers (issue #17, item 6).
    expect(over.errors?.[0].extensions?.params).toMatchObject({ detail: 'BUDGET_SHORT', county: '南部县', year: 2017, remaining: 100, amount: 200 });
    expect(over.errors?.[0].message).toMatch(/^南部县2017年度本政策预算剩余100元，不足本笔200元（预算1,000元，已审批900元）$/);
    expect((await status(e)).status).toBe('APPLIED');
    // Lan is in 阆中市, which has no budget under this policy; a 2018 period has no 2018 budget in 南部县.
    const lanPay = await t.payment(policy, lan, lanPlacement, '2017-04', 100);
    const none = (await hub.approver(APPROVE, { id: lanPay, on: '2017-05-01' })).errors?.[0];
    expect(none?.extensions).toMatchObject({ code: 'BUDGET_EXCEEDED', params: { detail: 'NO_BUDGET', county: '阆中市', year: 2017 } });
    expect(none?.message).toBe('阆中市2017年度未下达本政策预算，请联系市级管理员');
    const nextYear = await t.payment(policy, ann, annPlacement, '2018-01', 100);
    expect((await hub.approver(APPROVE, { id: nextYear, on: '2018-02-01' })).errors?.[0].extensions).toMatchObject({ code: 'BUDGET_EXCEEDED' });
    // Raising the budget lets it through.
    await hub.gql(`mutation($id: ID!) { updatePolicyBudget(id: $id, budget: 1100) { id } }`, { id: budgetId });
    expect((await hub.approver(APPROVE, { id: e, on: '2017-05-03' })).errors).toBeUndefined();
    const used = await hub.sql(`select sum(amount)::float as s from subsidy_payment where policy_id = $1 and status in ('APPROVED', 'PAID') and period like '2017%'`, [policy]);
    expect(used[0].s).toBe(1100);
  });

  it('of five approvals of 300 against a budget of 1000 sent at once, exactly three succeed', async () => {
    const p = await t.policy({ name: uniqueName('并发预算政策'), programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 300, subsidyKind: 'POST' });
    await t.budget(p, NANBU, 2017, 1000);
    const ids: string[] = [];
    for (const month of ['01', '02', '03', '04', '05']) ids.push(await t.payment(p, month < '03' ? ann : bo, month < '03' ? annPlacement : boPlacement, `2017-${month}`, 300));
    const results = await Promise.all(ids.map((id) => hub.approver(APPROVE, { id, on: '2017-06-01' })));
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(3);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'BUDGET_EXCEEDED', field: 'countyId' });
    const rows = await hub.sql(`select count(*)::int as n, coalesce(sum(amount), 0)::float as s from subsidy_payment where policy_id = $1 and status = 'APPROVED'`, [p]);
    expect(rows[0]).toEqual({ n: 3, s: 900 });
  });

  it('the database refuses what the service refuses, with the same codes (trigger and constraints as the backstop)', async () => {
    const p = await t.policy({ name: uniqueName('兜底政策'), programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 300, subsidyKind: 'POST' });
    const budget = await t.budget(p, NANBU, 2017, 500);
    const [{ village_code: va }] = await hub.sql('select village_code from laborer where id = $1', [ann]);
    const insert = (cols: Record<string, string | number>) => {
      const row = { policy_id: Number(p), laborer_id: Number(ann), village_code: `'${va}'`, program_kind: `'WELFARE_POST'`, placement_id: Number(annPlacement), period: `'2017-01'`, amount: 300, ...cols };
      return `insert into subsidy_payment (${Object.keys(row).join(', ')}) values (${Object.values(row).join(', ')})`;
    };
    const mapped = async (sql: string) => {
      const e = await hub.orm.em.fork().execute(sql).then(() => undefined, (x: unknown) => x);
      return fromDatabaseError(e)?.extensions;
    };
    const before = await payments();
    expect(await mapped(insert({ amount: 300.01 }))).toMatchObject({ code: 'AMOUNT_EXCEEDS_RULE', field: 'amount' });
    expect(await mapped(insert({ period: `'2017'` }))).toMatchObject({ code: 'VALIDATION_FAILED', field: 'period' });
    expect(await mapped(insert({ placement_id: Number(boPlacement) }))).toMatchObject({ code: 'INVALID_REFERENCE', field: 'recordId' });
    expect(await mapped(insert({ program_kind: `'TRAINING'`, placement_id: 'null', enrollment_id: Number(annEnrollment) }))).toMatchObject({ code: 'INVALID_REFERENCE', field: 'recordId' });
    expect(await mapped(insert({ status: `'APPROVED'`, approved_on: `'2017-02-01'`, amount: 300, period: `'2016-07'` }))).toMatchObject({ code: 'BUDGET_EXCEEDED', field: 'countyId' });
    // A period before the placement began, or after it ended (the placement started 2016-06-01).
    expect(await mapped(insert({ period: `'2016-05'` }))).toMatchObject({ code: 'VALIDATION_FAILED', field: 'period', params: { detail: 'BEFORE_RECORD_START' } });
    expect(await payments()).toBe(before);
    await hub.sql(insert({ period: `'2017-01'` }));
    expect(await mapped(insert({ period: `'2017-01'`, amount: 100 }))).toMatchObject({ code: 'DUPLICATE', field: 'period' });
    const [{ id }] = await hub.sql(`select id from subsidy_payment where policy_id = $1`, [p]);
    expect(await mapped(`update subsidy_payment set status = 'PAID', paid_on = '2017-02-01', approved_on = '2017-02-01' where id = ${Number(id)}`)).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'status' });
    await hub.sql(insert({ period: `'2017-02'`, status: `'APPROVED'`, approved_on: `'2017-03-01'`, applied_by: Number(hub.gql.userId), approved_by: Number(hub.approver.userId) }));
    expect(await mapped(`update subsidy_payment set status = 'APPROVED', approved_on = '2017-03-01' where id = ${Number(id)}`)).toMatchObject({ code: 'BUDGET_EXCEEDED' });
    expect(await mapped(`update subsidy_payment set amount = 100 where policy_id = ${Number(p)} and status = 'APPROVED'`)).toMatchObject({ code: 'CONFLICT', field: 'amount' });
    expect((await hub.sql('select budget::float as b from policy_budget where id = $1', [budget]))[0].b).toBe(500);
  });
});

describe("a payment's period and the record it pays for (issue #17, item 4)", () => {
  it('is refused when the period ends before the record starts, or begins after it ended, by the service and the database', async () => {
    const travel = await t.policy({ name: uniqueName('交通补贴'), programKind: 'EMPLOYMENT', amountRule: 'PER_PERSON', amount: 500, subsidyKind: 'TRAVEL', validFrom: '2014-01-01' });
    const late = await t.employment(bo, '重庆电子厂', '2026-11-01');
    const before = await payments();
    const r = await pay(travel, bo, late, '2017', 300);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'period', params: { detail: 'BEFORE_RECORD_START', start: '2026-11-01' } });
    expect(r.errors?.[0].message).toBe('补贴期间不符合要求：补贴期间早于所补贴项目记录的开始日期');
    // A job that ended: a period after its end is refused; one it overlaps passes.
    const ended = await t.employment(teen, '成都餐馆', '2016-03-01', '2016-08-31');
    expect((await pay(travel, teen, ended, '2017', 300)).errors?.[0].extensions).toMatchObject({ field: 'period', params: { detail: 'AFTER_RECORD_END' } });
    expect(await payments()).toBe(before);
    expect((await pay(travel, teen, ended, '2016', 300)).errors).toBeUndefined();
    // Training follows the enrollment: a later year is fine, an earlier one is not.
    const training = await t.policy({ name: uniqueName('培训补贴'), programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 800, validFrom: '2014-01-01' });
    expect((await pay(training, ann, annEnrollment, '2016', 800)).errors?.[0].extensions).toMatchObject({ params: { detail: 'BEFORE_RECORD_START' } });
    expect((await pay(training, ann, annEnrollment, '2018', 800)).errors).toBeUndefined();
    // The database says the same when the service is bypassed.
    const [{ village_code: vb }] = await hub.sql('select village_code from laborer where id = $1', [bo]);
    const err = await hub.orm.em
      .fork()
      .execute(`insert into subsidy_payment (policy_id, laborer_id, village_code, program_kind, employment_id, period, amount) values (${Number(travel)}, ${Number(bo)}, '${vb}', 'EMPLOYMENT', ${Number(late)}, '2017', 300)`)
      .then(() => undefined, (e: unknown) => e);
    expect(fromDatabaseError(err)?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'period', params: { detail: 'BEFORE_RECORD_START' } });
  });
});
