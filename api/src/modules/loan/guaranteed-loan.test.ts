import { LOAN_TRANSITIONS, LoanStatus } from '@fupin/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDatabaseError } from '../../common/errors';
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

// hub.countQueries matches log lines starting with `[query]`; MikroORM colours them (vitest sets FORCE_COLOR),
// which would leave nothing to count. Plain log lines keep the no-N+1 checks below able to fail.
process.env.MIKRO_ORM_NO_COLOR = '1';

let hub: TestHub;
let t: Programmes;
let village: string;
let otherVillage: string;
let householdId: string;
let borrower: string;
let otherBorrower: string;
let enterpriseId: string;
let othersEnterpriseId: string;
let schoolingId: string;
let othersSchoolingId: string;
let seq = 200;

const LOAN_FIELDS = 'id laborerId villageId purpose bank amount termMonths annualRate interestSubsidyRate status appliedOn approvedOn disbursedOn closedOn enterpriseId dreamSchoolingId interest interestSubsidy';
const CREATE = `mutation($laborer: ID!, $purpose: Sector!, $bank: String!, $amount: Float!, $term: Int!, $rate: Float!, $subsidy: Float, $appliedOn: LocalDate!, $enterprise: ID, $schooling: ID) {
  createGuaranteedLoan(laborerId: $laborer, purpose: $purpose, bank: $bank, amount: $amount, termMonths: $term, annualRate: $rate, interestSubsidyRate: $subsidy, appliedOn: $appliedOn, enterpriseId: $enterprise, dreamSchoolingId: $schooling) { ${LOAN_FIELDS} }
}`;
const CHANGE = `mutation($id: ID!, $status: LoanStatus!, $on: LocalDate!) { changeLoanStatus(id: $id, status: $status, on: $on) { id status approvedOn disbursedOn closedOn } }`;

const base = () => ({ laborer: borrower, purpose: 'PLANTING_BREEDING', bank: '南充农商银行', amount: 50000, term: 24, rate: 0.0435, appliedOn: '2017-03-01' });

async function newLaborer(name: string, birth = '19800101', householdOf = householdId): Promise<string> {
  return t.laborerIn(householdOf, name, makeIdNumber('511321', birth, String(++seq).padStart(3, '0')));
}

async function newLoan(vars: Record<string, unknown> = {}): Promise<string> {
  const r = await hub.gql(CREATE, { ...base(), ...vars });
  expect(r.errors).toBeUndefined();
  return r.data.createGuaranteedLoan.id;
}

const loanCount = async () => (await hub.sql('select count(*)::int as n from guaranteed_loan'))[0].n as number;
const loanRow = async (id: string) =>
  (await hub.sql('select status, approved_on::text, disbursed_on::text, closed_on::text, amount::float, laborer_id, enterprise_id, applied_on::text from guaranteed_loan where id = $1', [id]))[0];

/** Takes a new loan to `status` along the legal path. */
async function loanIn(status: LoanStatus): Promise<string> {
  const id = await newLoan();
  const path: Record<LoanStatus, [LoanStatus, string][]> = {
    APPLIED: [],
    APPROVED: [['APPROVED', '2017-03-10']],
    DISBURSED: [['APPROVED', '2017-03-10'], ['DISBURSED', '2017-03-20']],
    REPAID: [['APPROVED', '2017-03-10'], ['DISBURSED', '2017-03-20'], ['REPAID', '2019-03-20']],
    DEFAULTED: [['APPROVED', '2017-03-10'], ['DISBURSED', '2017-03-20'], ['DEFAULTED', '2019-04-01']],
  };
  for (const [to, on] of path[status]) expect((await hub.gql(CHANGE, { id, status: to, on })).errors).toBeUndefined();
  return id;
}

beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  village = await t.village('511321000000');
  otherVillage = await t.village('511381000000');
  householdId = await t.household(village, '贷款户', 5);
  borrower = await newLaborer('借款人甲');
  otherBorrower = await newLaborer('借款人乙');
  const ENTERPRISE = `mutation($l: ID!, $name: String!) { createEnterprise(laborerId: $l, name: $name, sector: PLANTING_BREEDING, startedOn: "2017-01-01") { id } }`;
  enterpriseId = (await hub.gql(ENTERPRISE, { l: borrower, name: '甲的养殖场' })).data.createEnterprise.id;
  othersEnterpriseId = (await hub.gql(ENTERPRISE, { l: otherBorrower, name: '乙的农家乐' })).data.createEnterprise.id;
  const SCHOOLING = `mutation($l: ID!) { createDreamSchooling(laborerId: $l, school: "南充技师学院", major: "电工", intakeYear: 2017) { id } }`;
  schoolingId = (await hub.gql(SCHOOLING, { l: await newLaborer('学生甲', '20020301') })).data.createDreamSchooling.id;
  othersSchoolingId = (await hub.gql(SCHOOLING, { l: await newLaborer('学生乙', '20010301') })).data.createDreamSchooling.id;
});
afterAll(() => hub?.close());

describe('guaranteed loan CRUD', () => {
  it('creates a loan in APPLIED with the borrower’s village, reads, updates and deletes it', async () => {
    const r = await hub.gql(CREATE, { ...base(), enterprise: enterpriseId, subsidy: 0.5 });
    expect(r.errors).toBeUndefined();
    const loan = r.data.createGuaranteedLoan;
    expect(loan).toMatchObject({
      laborerId: borrower,
      villageId: village,
      purpose: 'PLANTING_BREEDING',
      amount: 50000,
      termMonths: 24,
      annualRate: 0.0435,
      interestSubsidyRate: 0.5,
      status: 'APPLIED',
      appliedOn: '2017-03-01',
      approvedOn: null,
      enterpriseId,
      dreamSchoolingId: null,
      interest: 4350,
      interestSubsidy: 2175,
    });
    const one = await hub.gql(`query($id: ID!) { GuaranteedLoan(id: $id) { laborer { name } enterprise { name } dreamSchooling { id } } }`, { id: loan.id });
    expect(one.data.GuaranteedLoan).toEqual({ laborer: { name: '借款人甲' }, enterprise: { name: '甲的养殖场' }, dreamSchooling: null });

    const u = await hub.gql(
      `mutation($id: ID!, $s: ID) { updateGuaranteedLoan(id: $id, amount: 80000, bank: "邮储银行", termMonths: 36, enterpriseId: null, dreamSchoolingId: $s, purpose: CATERING) { amount bank termMonths enterpriseId dreamSchoolingId purpose status } }`,
      { id: loan.id, s: null },
    );
    expect(u.errors).toBeUndefined();
    expect(u.data.updateGuaranteedLoan).toEqual({ amount: 80000, bank: '邮储银行', termMonths: 36, enterpriseId: null, dreamSchoolingId: null, purpose: 'CATERING', status: 'APPLIED' });
    expect(await loanRow(loan.id)).toMatchObject({ amount: 80000, enterprise_id: null, status: 'APPLIED' });

    const d = await hub.gql(`mutation($id: ID!) { deleteGuaranteedLoan(id: $id) { id bank } }`, { id: loan.id });
    expect(d.data.deleteGuaranteedLoan).toEqual({ id: loan.id, bank: '邮储银行' });
    expect(await loanRow(loan.id)).toBeUndefined();
  });

  it('accepts the bounds: 1,000,000 yuan, 1 and 120 months, subsidy rates 0 and 1, a 圆梦 record of the borrower', async () => {
    const student = (await hub.sql('select laborer_id from dream_schooling where id = $1', [schoolingId]))[0].laborer_id;
    for (const v of [
      { amount: 1_000_000, term: 120, subsidy: 0 },
      { amount: 0.01, term: 1, subsidy: 1 },
      { laborer: String(student), schooling: schoolingId },
    ]) {
      const r = await hub.gql(CREATE, { ...base(), ...v });
      expect(r.errors).toBeUndefined();
    }
  });

  it('refuses each bad value on create with its code and field, writing nothing', async () => {
    const before = await loanCount();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ amount: 0 }, 'VALIDATION_FAILED', 'amount'],
      [{ amount: -5 }, 'VALIDATION_FAILED', 'amount'],
      [{ amount: 1_000_000.01 }, 'VALIDATION_FAILED', 'amount'],
      [{ term: 0 }, 'VALIDATION_FAILED', 'termMonths'],
      [{ term: 121 }, 'VALIDATION_FAILED', 'termMonths'],
      [{ rate: -0.01 }, 'VALIDATION_FAILED', 'annualRate'],
      [{ rate: 0.5 }, 'VALIDATION_FAILED', 'annualRate'],
      [{ subsidy: 1.01 }, 'VALIDATION_FAILED', 'interestSubsidyRate'],
      [{ subsidy: -0.1 }, 'VALIDATION_FAILED', 'interestSubsidyRate'],
      [{ bank: ' ' }, 'REQUIRED', 'bank'],
      [{ laborer: '999999' }, 'NOT_FOUND', 'laborerId'],
      [{ enterprise: '999999' }, 'INVALID_REFERENCE', 'enterpriseId'],
      [{ enterprise: othersEnterpriseId }, 'INVALID_REFERENCE', 'enterpriseId'],
      [{ schooling: othersSchoolingId }, 'INVALID_REFERENCE', 'dreamSchoolingId'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await hub.gql(CREATE, { ...base(), ...vars });
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    const en = await hub.gql(CREATE, { ...base(), amount: 2_000_000 }, { lang: 'en' });
    expect(en.errors?.[0].message).toBe('Amount is invalid: must be more than 0 and at most 1000000 yuan');
    expect(await loanCount()).toBe(before);
  });

  it('updateGuaranteedLoan takes no status, and refuses links that are not the (new) borrower’s', async () => {
    const id = await newLoan({ enterprise: enterpriseId });
    const status = await hub.gql(`mutation($id: ID!) { updateGuaranteedLoan(id: $id, status: REPAID) { id } }`, { id });
    expect(status.status).toBe(400);
    expect(status.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Moving the loan to another borrower keeps the enterprise link, which is not theirs.
    const move = await hub.gql(`mutation($id: ID!, $l: ID) { updateGuaranteedLoan(id: $id, laborerId: $l, amount: 1234) { id } }`, { id, l: otherBorrower });
    expect(move.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'enterpriseId' });
    const link = await hub.gql(`mutation($id: ID!, $s: ID) { updateGuaranteedLoan(id: $id, dreamSchoolingId: $s) { id } }`, { id, s: othersSchoolingId });
    expect(link.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'dreamSchoolingId' });
    expect(await loanRow(id)).toMatchObject({ status: 'APPLIED', laborer_id: Number(borrower), enterprise_id: Number(enterpriseId), amount: 50000 });
    // With the link replaced by the new borrower's own, the move goes through and the village follows.
    const ok = await hub.gql(`mutation($id: ID!, $l: ID, $e: ID) { updateGuaranteedLoan(id: $id, laborerId: $l, enterpriseId: $e) { laborerId enterpriseId villageId } }`, {
      id,
      l: otherBorrower,
      e: othersEnterpriseId,
    });
    expect(ok.data.updateGuaranteedLoan).toEqual({ laborerId: otherBorrower, enterpriseId: othersEnterpriseId, villageId: village });
  });

  it('refuses an application date after the approval', async () => {
    const id = await loanIn('APPROVED');
    const r = await hub.gql(`mutation($id: ID!) { updateGuaranteedLoan(id: $id, appliedOn: "2017-03-11") { id } }`, { id });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'appliedOn' });
    expect((await loanRow(id)).applied_on).toBe('2017-03-01');
  });
});

describe('loan status transitions', () => {
  it('walks the legal paths, recording the day of each step', async () => {
    const id = await newLoan();
    const approved = await hub.gql(CHANGE, { id, status: 'APPROVED', on: '2017-03-05' });
    expect(approved.data.changeLoanStatus).toEqual({ id, status: 'APPROVED', approvedOn: '2017-03-05', disbursedOn: null, closedOn: null });
    const disbursed = await hub.gql(CHANGE, { id, status: 'DISBURSED', on: '2017-03-15' });
    expect(disbursed.data.changeLoanStatus).toMatchObject({ status: 'DISBURSED', disbursedOn: '2017-03-15' });
    const repaid = await hub.gql(CHANGE, { id, status: 'REPAID', on: '2019-03-15' });
    expect(repaid.data.changeLoanStatus).toMatchObject({ status: 'REPAID', closedOn: '2019-03-15' });
    expect(await loanRow(id)).toMatchObject({ status: 'REPAID', approved_on: '2017-03-05', disbursed_on: '2017-03-15', closed_on: '2019-03-15' });

    const bad = await loanIn('DEFAULTED');
    expect(await loanRow(bad)).toMatchObject({ status: 'DEFAULTED', closed_on: null });
    const late = await hub.gql(CHANGE, { id: bad, status: 'REPAID', on: '2020-01-01' });
    expect(late.data.changeLoanStatus).toMatchObject({ status: 'REPAID', closedOn: '2020-01-01' });
  });

  it('refuses every illegal pair of LOAN_TRANSITIONS with ILLEGAL_TRANSITION and changes nothing', async () => {
    const loans = Object.fromEntries(await Promise.all(LoanStatus.values.map(async (s) => [s, await loanIn(s)] as const))) as Record<LoanStatus, string>;
    let tried = 0;
    for (const from of LoanStatus.values) {
      const before = await loanRow(loans[from]);
      for (const to of LoanStatus.values) {
        if (LOAN_TRANSITIONS[from].includes(to)) continue;
        const r = await hub.gql(CHANGE, { id: loans[from], status: to, on: '2021-01-01' });
        expect(r.errors?.[0].extensions, `${from} -> ${to}`).toEqual({ code: 'ILLEGAL_TRANSITION', field: 'status', params: { from, to } });
        tried++;
      }
      expect(await loanRow(loans[from])).toEqual(before);
    }
    // 25 pairs less the 5 legal ones (staying put counts as illegal too).
    expect(tried).toBe(20);
    const zh = await hub.gql(CHANGE, { id: loans.APPLIED, status: 'REPAID', on: '2021-01-01' });
    expect(zh.errors?.[0].message).toBe('状态不能从已申请变为已还清');
    const en = await hub.gql(CHANGE, { id: loans.APPLIED, status: 'REPAID', on: '2021-01-01' }, { lang: 'en' });
    expect(en.errors?.[0].message).toBe('Status cannot change from Applied to Repaid');
  });

  it('refuses a step dated before the previous one, and an unknown loan', async () => {
    const id = await newLoan();
    const early = await hub.gql(CHANGE, { id, status: 'APPROVED', on: '2017-02-28' });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'on' });
    expect(await loanRow(id)).toMatchObject({ status: 'APPLIED', approved_on: null });
    const missing = await hub.gql(CHANGE, { id: '999999', status: 'APPROVED', on: '2017-03-02' });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('the database trigger refuses an illegal transition written directly, and it reads as ILLEGAL_TRANSITION', async () => {
    const id = await newLoan();
    await expect(hub.sql(`update guaranteed_loan set status = 'REPAID', approved_on = '2017-03-02', disbursed_on = '2017-03-03', closed_on = '2017-03-04' where id = $1`, [id])).rejects.toMatchObject({
      constraint: 'guaranteed_loan_transition',
    });
    await expect(hub.sql(`update guaranteed_loan set status = 'DISBURSED', approved_on = '2017-03-02', disbursed_on = '2017-03-03' where id = $1`, [id])).rejects.toMatchObject({
      constraint: 'guaranteed_loan_transition',
    });
    const err = await hub.orm.em
      .fork()
      .execute(`update guaranteed_loan set status = 'DEFAULTED', approved_on = '2017-03-02', disbursed_on = '2017-03-03' where id = ${Number(id)}`)
      .then(() => undefined, (e: unknown) => e);
    expect(fromDatabaseError(err)?.extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'status' });
    expect(fromDatabaseError(err)?.message).toBe('状态不能从当前状态变为所请求的状态');
    expect(await loanRow(id)).toMatchObject({ status: 'APPLIED', approved_on: null });
    // A legal step written directly passes the trigger.
    await hub.sql(`update guaranteed_loan set status = 'APPROVED', approved_on = '2017-03-02' where id = $1`, [id]);
    expect((await loanRow(id)).status).toBe('APPROVED');
  });

  it('of two clerks approving the same loan at once exactly one succeeds', async () => {
    const id = await newLoan();
    const results = await Promise.all([1, 2, 3].map(() => hub.gql(CHANGE, { id, status: 'APPROVED', on: '2017-03-09' })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', params: { from: 'APPROVED', to: 'APPROVED' } });
    expect(await loanRow(id)).toMatchObject({ status: 'APPROVED', approved_on: '2017-03-09' });
  });
});

describe('loan lists', () => {
  let farBorrower: string;
  beforeAll(async () => {
    const far = await t.household(otherVillage, '阆中贷款户', 2);
    farBorrower = await newLaborer('阆中借款人', '19850505', far);
    await newLoan({ laborer: farBorrower, purpose: 'RURAL_TOURISM', amount: 300000, appliedOn: '2016-11-11' });
    await newLoan({ laborer: farBorrower, purpose: 'ECOMMERCE', amount: 20000, appliedOn: '2017-05-05' });
  });

  const LIST = `query($filter: GuaranteedLoanFilter) { allGuaranteedLoans(filter: $filter, perPage: 500) { id laborerId amount purpose } _allGuaranteedLoansMeta(filter: $filter) { count } }`;
  const countOf = async (filter: Record<string, unknown>) => (await hub.gql(LIST, { filter })).data._allGuaranteedLoansMeta.count as number;
  const sqlCount = async (where: string) => (await hub.sql(`select count(*)::int as n from guaranteed_loan where ${where}`))[0].n as number;

  it('filters by region, status, purpose, laborer, amount, application date and links', async () => {
    expect(await countOf({ regionCode: '511381000000' })).toBe(2);
    expect(await countOf({ regionCode: '511321000000' })).toBe(await sqlCount(`village_code like '511321%'`));
    expect(await countOf({ laborerId: farBorrower, purpose: 'ECOMMERCE' })).toBe(1);
    expect(await countOf({ status: 'DEFAULTED' })).toBe(await sqlCount(`status = 'DEFAULTED'`));
    expect(await countOf({ status: 'REPAID' })).toBeGreaterThan(0);
    expect(await countOf({ amount_gte: 300000, amount_lte: 1_000_000 })).toBe(await sqlCount('amount between 300000 and 1000000'));
    expect(await countOf({ amount_gte: 300000, amount_lte: 300000, regionCode: '511381000000' })).toBe(1);
    expect(await countOf({ appliedOn_gte: '2016-01-01', appliedOn_lte: '2016-12-31' })).toBe(1);
    expect(await countOf({ hasEnterprise: true })).toBe(await sqlCount('enterprise_id is not null'));
    expect(await countOf({ hasEnterprise: false })).toBe(await sqlCount('enterprise_id is null'));
    expect(await countOf({ hasDreamSchooling: true })).toBe(1);
    expect(await countOf({ hasDreamSchooling: false })).toBe(await sqlCount('dream_schooling_id is null'));
    const sorted = await hub.gql(`{ allGuaranteedLoans(sortField: "amount", sortOrder: DESC, perPage: 1) { amount } }`);
    expect(sorted.data.allGuaranteedLoans[0].amount).toBe(1_000_000);
  });

  it('loads loans with borrower, enterprise and schooling, and laborers with their loans, in a fixed number of queries', async () => {
    const loans = await hub.countQueries(() => hub.gql(`{ allGuaranteedLoans(perPage: 500) { id laborer { name loans { id } } enterprise { name } dreamSchooling { school laborer { name } } } }`));
    expect(loans.result.errors).toBeUndefined();
    expect(loans.result.data.allGuaranteedLoans.length).toBeGreaterThan(12);
    expect(loans.queries.length).toBeGreaterThan(0);
    // The session lookup, then one statement per level whatever the number of rows.
    expect(loans.queries.length).toBeLessThanOrEqual(7);
    const laborers = await hub.countQueries(() => hub.gql(`{ allLaborers(perPage: 500) { id loans { amount enterprise { name } } dreamSchoolings { id } } }`));
    expect(laborers.result.errors).toBeUndefined();
    expect(laborers.queries.length).toBeGreaterThan(0);
    expect(laborers.queries.length).toBeLessThanOrEqual(5);
  });
});
