import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gql, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

/**
 * Separation of duties on money, over HTTP and in the database: budgets are the city's; the one who
 * applied never approves or pays; approval at the level above the applicant (a township applies, the
 * county approves); payment by the city or the county's finance user.
 */
const NANBU = '511321000000';
let hub: TestHub;
let t: Programmes;
let village: string;
let township: string;
const u: Record<'township' | 'township2' | 'county' | 'finance', Gql> = {} as never;
let policy: string;
let budget: string;
const placements: string[] = [];
let laborer: string;

const CREATE = `mutation($p: ID!, $l: ID!, $r: ID!, $per: String!) { createSubsidyPayment(policyId: $p, laborerId: $l, recordId: $r, period: $per, amount: 100, appliedOn: "2017-01-05") { id } }`;
const APPROVE = `mutation($id: ID!) { approveSubsidyPayment(id: $id, on: "2017-02-01") { id status } }`;
const PAY = `mutation($id: ID!) { paySubsidyPayment(id: $id, on: "2017-02-10") { id status } }`;
let month = 0;
const apply = async (as: Gql): Promise<string> => {
  const r = await as(CREATE, { p: policy, l: laborer, r: placements[0], per: `2017-${String(++month).padStart(2, '0')}` });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.createSubsidyPayment.id;
};
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions;

beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  village = await t.village(NANBU, 3);
  township = `${village.slice(0, 9)}000`;
  u.township = await hub.as('OPERATOR', township);
  u.township2 = await hub.as('OPERATOR', township);
  u.county = await hub.as('OPERATOR', NANBU);
  const finance = await hub.gql(`mutation($p: String!) { createUser(username: "nanbu-finance", displayName: "南部财务", password: $p, role: OPERATOR, scopeRegionCode: "${NANBU}", duty: FINANCE) { id duty } }`, { p: 'finance-password-1' });
  expect(finance.data.createUser.duty).toBe('FINANCE');
  const s = await hub.anonymous(`mutation { signIn(username: "nanbu-finance", password: "finance-password-1") { token } }`);
  u.finance = ((q: string, v?: Record<string, unknown>) => fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.data.signIn.token}` }, body: JSON.stringify({ query: q, variables: v }) }).then((r) => r.json())) as Gql;
  laborer = await t.laborer(village, '甲');
  placements.push(await t.placement(await t.post(village, '保洁岗'), laborer, '2016-06-01'));
  policy = await t.policy({ name: '岗位补贴（职责分离）', programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 300, subsidyKind: 'POST' });
  budget = await t.budget(policy, NANBU, 2017, 100000);
});
afterAll(() => hub?.close());

describe('budgets', () => {
  it('are set by the city: a county operator may read but not create, change or delete them', async () => {
    const create = await u.county(`mutation($p: ID!) { createPolicyBudget(policyId: $p, countyId: "${NANBU}", year: 2018, budget: 1) { id } }`, { p: policy });
    expect(code(create)).toMatchObject({ code: 'FORBIDDEN' });
    const update = await u.county(`mutation($id: ID!) { updatePolicyBudget(id: $id, budget: 999999) { id } }`, { id: budget });
    expect(code(update)).toMatchObject({ code: 'FORBIDDEN' });
    expect(code(await u.county(`mutation($id: ID!) { deletePolicyBudget(id: $id) { id } }`, { id: budget }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await u.county(`query($id: ID!) { PolicyBudget(id: $id) { budget } }`, { id: budget })).data.PolicyBudget.budget).toBe(100000);
  });

  it('the database refuses a budget set by anyone but a city administrator (its own trigger), with a coded error through the API', async () => {
    const fail = (sql: string) => hub.sql(sql).then(() => 'written', (e: { constraint?: string }) => e.constraint);
    const [{ set_by: admin }] = await hub.sql('select set_by from policy_budget where id = $1', [budget]);
    const [{ id: admin2 }] = await hub.sql(`select id from app_user where username = 'admin'`);
    expect(admin).toBe(admin2);
    const [{ id: county }] = await hub.sql('select id from app_user where username = $1', [u.county.username]);
    const [{ id: finance }] = await hub.sql(`select id from app_user where username = 'nanbu-finance'`);
    for (const who of [county, finance, 'null', 999999]) {
      expect(await fail(`update policy_budget set budget = 999999, set_by = ${who} where id = ${budget}`), `set_by ${who}`).toBe('policy_budget_setter');
      expect(await fail(`insert into policy_budget (policy_id, county_code, year, budget, set_by) values (${policy}, '${NANBU}', 2019, 1, ${who === 'null' ? 0 : who})`), `insert by ${who}`).toMatch(/policy_budget_setter|policy_budget_set_by_fkey/);
    }
    expect(await fail(`update policy_budget set budget = 100000, set_by = ${admin} where id = ${budget}`)).toBe('written');
    expect((await hub.sql('select budget::float as b from policy_budget where id = $1', [budget]))[0].b).toBe(100000);
    // Through the API the city's change is recorded with its user.
    expect((await hub.approver(`mutation($id: ID!) { updatePolicyBudget(id: $id, budget: 100000) { id } }`, { id: budget })).errors).toBeUndefined();
    const [{ username }] = await hub.sql('select u.username from policy_budget b join app_user u on u.id = b.set_by where b.id = $1', [budget]);
    expect(username).toBe('approver');
  });
});

describe('payments', () => {
  it('a township applies, the county approves, the county finance user pays; each step recorded with its user', async () => {
    const id = await apply(u.township);
    expect(code(await u.township(APPROVE, { id }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'OWN_APPLICATION' } });
    expect(code(await u.township2(APPROVE, { id }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'LEVEL_ABOVE' } });
    expect((await u.county(APPROVE, { id })).data.approveSubsidyPayment.status).toBe('APPROVED');
    expect(code(await u.township(PAY, { id }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'OWN_APPLICATION' } });
    expect(code(await u.county(PAY, { id }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'PAYER' } });
    expect((await u.finance(PAY, { id })).data.paySubsidyPayment.status).toBe('PAID');
    const [row] = await hub.sql(`select p.status, a.username as applied, b.username as approved, c.username as paid from subsidy_payment p
      join app_user a on a.id = p.applied_by join app_user b on b.id = p.approved_by join app_user c on c.id = p.paid_by where p.id = $1`, [id]);
    expect(row).toEqual({ status: 'PAID', applied: u.township.username, approved: u.county.username, paid: 'nanbu-finance' });
  });

  it('a county application is approved and paid by the city; a city one by another city administrator', async () => {
    const id = await apply(u.county);
    expect(code(await u.county(APPROVE, { id }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'OWN_APPLICATION' } });
    expect(code(await u.finance(APPROVE, { id }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'LEVEL_ABOVE' } });
    expect((await hub.approver(APPROVE, { id })).errors).toBeUndefined();
    expect(code(await u.finance(PAY, { id }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'PAYER' } });
    expect((await hub.gql(PAY, { id })).data.paySubsidyPayment.status).toBe('PAID');

    const own = await apply(hub.gql);
    expect(code(await hub.gql(APPROVE, { id: own }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'OWN_APPLICATION' } });
    expect(code(await u.county(APPROVE, { id: own }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'LEVEL_ABOVE' } });
    expect((await hub.approver(APPROVE, { id: own })).errors).toBeUndefined();
    expect(code(await hub.gql(PAY, { id: own }))).toMatchObject({ code: 'FORBIDDEN', params: { detail: 'OWN_APPLICATION' } });
    expect((await hub.approver(PAY, { id: own })).errors).toBeUndefined();
  });

  it('the database refuses the same around the API (its own trigger), with the same code', async () => {
    const id = await apply(u.township);
    const [{ applied_by: applicant }] = await hub.sql('select applied_by from subsidy_payment where id = $1', [id]);
    const fail = (sql: string) => hub.sql(sql).then(() => 'written', (e: { constraint?: string }) => e.constraint);
    expect(await fail(`update subsidy_payment set status = 'APPROVED', approved_on = '2017-02-01', approved_by = ${applicant} where id = ${id}`)).toBe('subsidy_payment_approver');
    expect(await fail(`update subsidy_payment set status = 'APPROVED', approved_on = '2017-02-01', approved_by = null where id = ${id}`)).toBe('subsidy_payment_approver');
    const [{ id: county }] = await hub.sql('select id from app_user where username = $1', [u.county.username]);
    expect(await fail(`update subsidy_payment set status = 'APPROVED', approved_on = '2017-02-01', approved_by = ${county} where id = ${id}`)).toBe('written');
    expect(await fail(`update subsidy_payment set status = 'PAID', paid_on = '2017-02-10', paid_by = ${county} where id = ${id}`)).toBe('subsidy_payment_payer');
    expect(await fail(`update subsidy_payment set status = 'PAID', paid_on = '2017-02-10', paid_by = ${applicant} where id = ${id}`)).toBe('subsidy_payment_payer');
    expect((await hub.sql('select status from subsidy_payment where id = $1', [id]))[0].status).toBe('APPROVED');
  });

  it('FINANCE is a duty of county operators only', async () => {
    const r = await hub.gql(`mutation { createUser(username: "township-finance", displayName: "乡镇财务", password: "finance-password-2", role: OPERATOR, scopeRegionCode: "${township}", duty: FINANCE) { id } }`);
    expect(code(r)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'duty' });
  });
});
