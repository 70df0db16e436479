// Test data through the hub's GraphQL API (what a page needs before the clerk's journey starts), and
// the session the journeys run in.
const { idCheckChar } = require('@fupin/schema');

/** The first administrator's password: the hub creates user `admin` with it on an empty database. */
const ADMIN_PASSWORD = 'e2e-admin-password-2017';
const HUB_ENV = { HUB_ADMIN_PASSWORD: ADMIN_PASSWORD };

const tokens = new WeakMap();

/**
 * Signs in as the administrator once per hub and returns the session token; null while the hub has no
 * sign-in (then every request is allowed).
 */
async function session(hub) {
  if (tokens.has(hub)) return tokens.get(hub);
  const r = await hub.gql('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: 'admin', p: ADMIN_PASSWORD });
  let token = null;
  if (r.data?.signIn) token = r.data.signIn.token;
  else if (r.errors?.[0]?.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') throw new Error(`sign-in failed: ${JSON.stringify(r.errors)}`);
  tokens.set(hub, token);
  return token;
}

/** hub.gql as the signed-in administrator. */
async function gql(hub, query, variables) {
  const token = await session(hub);
  return hub.gql(query, variables, token ? { authorization: `Bearer ${token}` } : {});
}

/** Signs a browser context in (the hub's HttpOnly session cookie), as a clerk would before a journey; `user` defaults to admin. */
async function signInBrowser(hub, context, user = { u: 'admin', p: ADMIN_PASSWORD }) {
  if ((await session(hub)) === null) return;
  const res = await context.request.post(`${hub.url}/graphql`, {
    data: { query: 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', variables: user },
  });
  const body = await res.json();
  if (!body.data?.signIn) throw new Error(`browser sign-in failed: ${JSON.stringify(body.errors)}`);
}

const approvers = new WeakMap();

/**
 * A second city administrator (created once per hub): the one who applies for money never approves or
 * pays it, so journeys apply as admin and approve and pay as this user.
 */
async function approver(hub) {
  if (!approvers.has(hub)) {
    const user = { u: 'approver', p: 'e2e-approver-password-2017' };
    const r = await gql(hub, 'mutation($u: String!, $p: String!) { createUser(username: $u, displayName: "市级审批人", password: $p, role: CITY_ADMIN) { id } }', user);
    if (r.errors) throw new Error(`creating the approver failed: ${JSON.stringify(r.errors)}`);
    approvers.set(hub, user);
  }
  return approvers.get(hub);
}

let sequence = 0;

/** A valid resident ID number for a Nanchong county code, born on the given date, unique in this run. */
function makeIdNumber({ county = '511321', birth = '19800101', male = true } = {}) {
  sequence += 1;
  const seq = String((sequence % 500) * 2 + (male ? 1 : 0)).padStart(3, '0');
  const first17 = `${county}${birth}${seq}`;
  return first17 + idCheckChar(first17);
}

/** The first `count` villages (code, name, township, county) under a region code. */
async function villagesOf(hub, code, count = 1) {
  const r = await gql(hub, 'query($code: ID!, $n: Int) { Region(id: $code) { descendants(level: VILLAGE, perPage: $n) { id name parent { id name parent { id name } } } } }', { code, n: count });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.Region.descendants.map((v) => ({ id: v.id, name: v.name, township: v.parent, county: v.parent.parent }));
}

async function createHousehold(hub, villageId, headName, extra = {}) {
  const r = await gql(hub, 
    'mutation($villageId: ID!, $headName: String!, $memberCount: Int!) { createHousehold(villageId: $villageId, headName: $headName, memberCount: $memberCount) { id headName villageId } }',
    { villageId, headName, memberCount: 4, ...extra },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createHousehold;
}

async function createLaborer(hub, householdId, name, idNumber, extra = {}) {
  const r = await gql(hub, 
    'mutation($householdId: ID!, $name: String!, $idNumber: String!, $wantsTraining: Boolean) { createLaborer(householdId: $householdId, name: $name, idNumber: $idNumber, wantsTraining: $wantsTraining) { id name idNumber } }',
    { householdId, name, idNumber, ...extra },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createLaborer;
}

async function laborerCount(hub, filter = {}) {
  const r = await gql(hub, 'query($f: LaborerFilter) { _allLaborersMeta(filter: $f) { count } }', { f: filter });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data._allLaborersMeta.count;
}

/** Runs a mutation or query as the administrator and returns its data, failing on any error. */
async function must(hub, query, variables) {
  const r = await gql(hub, query, variables);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

/** A training provider and a class it runs in a county (the class in the given dates). */
async function createTrainingClass(hub, { county = '511321000000', title = '电商下乡培训班', startDate = '2017-04-01', endDate = '2017-04-20', kind = 'EMPLOYMENT' } = {}) {
  const { createTrainingProvider: provider } = await must(hub, 'mutation($n: String!, $c: ID!) { createTrainingProvider(name: $n, kind: VOCATIONAL_COLLEGE, countyId: $c) { id name } }', { n: `${title}承办学校`, c: county });
  const { createTrainingClass: cls } = await must(
    hub,
    'mutation($t: String!, $p: ID!, $c: ID!, $s: LocalDate!, $e: LocalDate!, $k: TrainingKind!) { createTrainingClass(title: $t, kind: $k, providerId: $p, countyId: $c, startDate: $s, endDate: $e, capacity: 50) { id title } }',
    { t: title, p: provider.id, c: county, s: startDate, e: endDate, k: kind },
  );
  return { provider, cls };
}

/** A subsidy policy and its budget in one county for one year. */
async function createPolicyWithBudget(hub, { name = '贫困劳动力技能培训补贴', programKind = 'TRAINING', subsidyKind = 'TRAINING', amountRule = 'PER_PERSON', amount = 1500, county = '511321000000', year = 2017, budget = 300000 } = {}) {
  const { createPolicy: policy } = await must(
    hub,
    'mutation($n: String!, $pk: ProgramKind!, $sk: SubsidyKind!, $r: AmountRule!, $a: Float!) { createPolicy(name: $n, programKind: $pk, subsidyKind: $sk, amountRule: $r, amount: $a, validFrom: "2016-01-01", validTo: "2018-12-31") { id name } }',
    { n: name, pk: programKind, sk: subsidyKind, r: amountRule, a: amount },
  );
  const { createPolicyBudget: b } = await must(hub, 'mutation($p: ID!, $c: ID!, $y: Int!, $b: Float!) { createPolicyBudget(policyId: $p, countyId: $c, year: $y, budget: $b) { id } }', { p: policy.id, c: county, y: year, b: budget });
  return { policy, budget: b };
}

/** Some indicators of a region as the API computes them (as of the report date unless `asOf`). */
async function regionStats(hub, code, fields = 'laborers trained subsidyPaid subsidyApproved', asOf = null) {
  const data = await must(hub, `query($c: ID!, $a: LocalDate) { Region(id: $c) { stats(asOf: $a) { ${fields} } } }`, { c: code, a: asOf });
  return data.Region.stats;
}

module.exports = {
  HUB_ENV, session, gql, signInBrowser, approver, makeIdNumber, villagesOf, createHousehold, createLaborer, laborerCount,
  must, createTrainingClass, createPolicyWithBudget, regionStats,
};
