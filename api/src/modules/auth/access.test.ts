import { loadDemoData } from '@fupin/seed';
import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type Gql, type GqlResult, type TestHub } from '../../../test/hub';
import { getSchema } from '../../schema';
import { SENSITIVE_EXTENSION } from './sensitive';
import { scopeRuleOf } from './scope';

/**
 * The access matrix: every Query and Mutation field of the schema, for every role and without a
 * session, asserted over HTTP. Each field must be listed in EXPECTED below: a field added to the
 * schema fails this test until someone decides who may use it.
 */

type Who = 'ANONYMOUS' | 'VIEWER' | 'ANALYST' | 'OPERATOR' | 'CITY_ADMIN';
const WHO: Who[] = ['ANONYMOUS', 'VIEWER', 'ANALYST', 'OPERATOR', 'CITY_ADMIN'];

/** Who may use a field: PUBLIC anyone; SIGNED_IN and STATISTICS any role; READ analysts, operators, admins; WRITE operators, admins; OPS admins and operators; ADMIN admins. */
type Expect = 'PUBLIC' | 'SIGNED_IN' | 'STATISTICS' | 'READ' | 'WRITE' | 'OPS' | 'ADMIN' | 'COUNTY_STEP' | 'LOWER_STEP';
const ALLOWED: Record<Expect, Who[]> = {
  PUBLIC: WHO,
  SIGNED_IN: ['VIEWER', 'ANALYST', 'OPERATOR', 'CITY_ADMIN'],
  STATISTICS: ['VIEWER', 'ANALYST', 'OPERATOR', 'CITY_ADMIN'],
  READ: ['ANALYST', 'OPERATOR', 'CITY_ADMIN'],
  WRITE: ['OPERATOR', 'CITY_ADMIN'],
  OPS: ['OPERATOR', 'CITY_ADMIN'],
  ADMIN: ['CITY_ADMIN'],
  // Exit steps belong to a level: the county's decision to a county operator (this matrix's OPERATOR);
  // the village's proposal and the township's review to users of those levels, none of the roles here.
  COUNTY_STEP: ['OPERATOR'],
  LOWER_STEP: [],
};

const read = (name: string, plural: string, e: Expect = 'READ') => ({ [name]: e, [`all${plural}`]: e, [`_all${plural}Meta`]: e });
const write = (name: string, e: Expect = 'WRITE') => ({ [`create${name}`]: e, [`update${name}`]: e, [`delete${name}`]: e });

const EXPECTED: { Query: Record<string, Expect>; Mutation: Record<string, Expect> } = {
  Query: {
    hub: 'PUBLIC',
    me: 'SIGNED_IN',
    ...read('Region', 'Regions', 'SIGNED_IN'),
    ...read('User', 'Users', 'ADMIN'),
    ...read('AuditLog', 'AuditLogs', 'ADMIN'),
    auditTrail: 'OPS',
    revealLaborerIdNumber: 'READ',
    revealLaborerPhone: 'READ',
    ...read('Household', 'Households'),
    ...read('Laborer', 'Laborers'),
    ...read('TrainingProvider', 'TrainingProviders'),
    ...read('TrainingClass', 'TrainingClasses'),
    ...read('Enrollment', 'Enrollments'),
    ...read('Employment', 'Employments'),
    ...read('Enterprise', 'Enterprises'),
    ...read('JobFair', 'JobFairs'),
    ...read('WelfarePost', 'WelfarePosts'),
    ...read('WelfarePlacement', 'WelfarePlacements'),
    ...read('GuaranteedLoan', 'GuaranteedLoans'),
    ...read('DreamSchooling', 'DreamSchoolings'),
    ...read('Policy', 'Policies', 'STATISTICS'),
    ...read('PolicyBudget', 'PolicyBudgets'),
    ...read('SubsidyPayment', 'SubsidyPayments'),
    subsidyTracking: 'STATISTICS',
    statsTimeSeries: 'STATISTICS',
    leagueTable: 'STATISTICS',
    statsIndicators: 'STATISTICS',
    policyBeneficiaries: 'READ',
    laborerHistory: 'READ',
    programs: 'READ',
    _programsMeta: 'READ',
    ...read('Target', 'Targets'),
    ...read('TargetProfile', 'TargetProfiles'),
    targetProgress: 'STATISTICS',
    targetLeague: 'STATISTICS',
    supervisionList: 'STATISTICS',
    trainingFunnel: 'STATISTICS',
    trainingFunnelByKind: 'STATISTICS',
    childrenFunnels: 'STATISTICS',
    funnelLeague: 'STATISTICS',
    timeToFirstWork: 'STATISTICS',
    monthlyReport: 'STATISTICS',
    ...read('RegistryEvent', 'RegistryEvents'),
    ...read('ExitProposal', 'ExitProposals'),
    ...read('Helper', 'Helpers'),
    ...read('HelperAssignment', 'HelperAssignments'),
    ...read('AssistancePlan', 'AssistancePlans'),
    ...read('PlanMeasure', 'PlanMeasures'),
    // The import centre (import.resolver.ts): operators and administrators only; batches of your own or your region.
    importDatasets: 'WRITE',
    importBatch: 'WRITE',
    importBatches: 'WRITE',
    _importBatchesMeta: 'WRITE',
    // Exports (of what the caller may already see): any signed-in role; a job only to its owner.
    exportJob: 'STATISTICS',
  },
  Mutation: {
    signIn: 'PUBLIC',
    signOut: 'SIGNED_IN',
    changePassword: 'SIGNED_IN',
    setPassword: 'ADMIN',
    ...write('User', 'ADMIN'),
    updateRegion: 'WRITE',
    ...write('Household'),
    ...write('Laborer'),
    ...write('TrainingProvider'),
    ...write('TrainingClass'),
    ...write('Enrollment'),
    ...write('Employment'),
    ...write('Enterprise'),
    ...write('JobFair'),
    ...write('WelfarePost'),
    ...write('WelfarePlacement'),
    ...write('GuaranteedLoan'),
    changeLoanStatus: 'WRITE',
    ...write('DreamSchooling'),
    // The same policies apply to the whole city: only city administrators change them.
    ...write('Policy', 'ADMIN'),
    // Budgets are set by the city, not by the operators whose approvals they limit.
    ...write('PolicyBudget', 'ADMIN'),
    createSubsidyPayment: 'WRITE',
    approveSubsidyPayment: 'WRITE',
    paySubsidyPayment: 'WRITE',
    rejectSubsidyPayment: 'WRITE',
    // The city sets the targets and their monthly profiles.
    ...write('Target', 'ADMIN'),
    ...write('TargetProfile', 'ADMIN'),
    recordReportExport: 'STATISTICS',
    proposeExit: 'LOWER_STEP',
    reviewExit: 'LOWER_STEP',
    decideExit: 'COUNTY_STEP',
    returnToPoverty: 'WRITE',
    recordLeaving: 'WRITE',
    moveHousehold: 'WRITE',
    cancelRegistryEvent: 'WRITE',
    ...write('Helper'),
    assignHelper: 'WRITE',
    createAssistancePlan: 'WRITE',
    addPlanMeasure: 'WRITE',
    linkPlanMeasure: 'WRITE',
    deletePlanMeasure: 'WRITE',
    setImportMapping: 'WRITE',
    mapImportValues: 'WRITE',
    commitImport: 'WRITE',
    previewUndo: 'WRITE',
    undoImport: 'WRITE',
    discardImport: 'WRITE',
    startExport: 'STATISTICS',
  },
};

const A = '511321000000'; // 南部县: the operator's county
const B = '511381000000'; // 阆中市: another county

let hub: TestHub;
let schema: GraphQLSchema;
const as: Partial<Record<Who | 'OPERATOR_B', Gql>> = {};
/** Ids of one record of each GraphQL type, in county A where the type has a region. */
const fixtures = new Map<string, string>();
let villageA: string;
let townshipA: string;
let users = 0;

beforeAll(async () => {
  hub = await startTestHub();
  schema = await getSchema();
  // The demo generator fills every table in every county (a small scale: about 5,000 laborers).
  await loadDemoData(hub.orm.config.getClientUrl(), { scale: 0.03, seed: 11 });
  as.ANONYMOUS = hub.anonymous;
  as.CITY_ADMIN = hub.gql;
  [as.VIEWER, as.ANALYST, as.OPERATOR, as.OPERATOR_B] = await Promise.all([hub.as('VIEWER'), hub.as('ANALYST'), hub.as('OPERATOR', A), hub.as('OPERATOR', B)]);

  const meta = hub.orm.getMetadata();
  for (const m of Object.values(meta.getAll())) {
    if (m.abstract || !m.tableName) continue;
    const rule = scopeRuleOf(m);
    const pk = m.primaryKeys[0];
    const pkColumn = m.properties[pk].fieldNames[0];
    const regionColumn = rule.kind === 'region' ? m.properties[rule.prop].fieldNames[0] : null;
    const where = regionColumn ? `where ${regionColumn} like '511321%'${m.className === 'Region' ? ` and level = 'VILLAGE'` : ''}` : '';
    const [row] = await hub.sql(`select ${pkColumn}::text as id from ${m.tableName} ${where} order by ${pkColumn} limit 1`);
    if (row) fixtures.set(m.className, row.id);
  }
  villageA = fixtures.get('Region')!;
  townshipA = `${villageA.slice(0, 9)}000`;
  // A user of its own for the user mutations (not one the matrix signs in as).
  const u = await hub.gql(`mutation { createUser(username: "matrix-target", displayName: "目标", password: "matrix-target-pw", role: VIEWER) { id } }`);
  fixtures.set('User', u.data.createUser.id);
}, 240_000);
afterAll(() => hub?.close());

// ---------- building a request for any field ----------

const unwrap = (t: GraphQLInputType | GraphQLOutputType) => (isNonNullType(t) ? t.ofType : t);

/** The fixture type an id argument points at: `id` the field's own type, `laborerId` a Laborer, `postId` a WelfarePost, ... */
function fixtureFor(fieldName: string, argName: string, returnType: GraphQLNamedType): string | undefined {
  if (argName === 'id' || argName === 'ids') {
    if (fixtures.has(returnType.name)) return fixtures.get(returnType.name);
    const types = [...fixtures.keys()].filter((t) => fieldName.includes(t)).sort((a, b) => b.length - a.length);
    return types.length ? fixtures.get(types[0]) : undefined;
  }
  const stem = argName.replace(/Ids?$/, '');
  const type = [...fixtures.keys()].find((t) => t.toLowerCase().endsWith(stem.toLowerCase()));
  return type ? fixtures.get(type) : undefined;
}

function regionValue(name: string): string | undefined {
  const n = name.toLowerCase();
  if (n.includes('village')) return villageA;
  if (n.includes('township')) return townshipA;
  if (n.includes('county') || n.includes('region') || n.includes('within') || n.includes('scope')) return A;
  return undefined;
}

function valueFor(field: GraphQLField<unknown, unknown>, arg: { name: string; type: GraphQLInputType }, who: Who): unknown {
  const t = unwrap(arg.type);
  if (isListType(t)) {
    const v = valueFor(field, { name: arg.name, type: t.ofType as GraphQLInputType }, who);
    return v === undefined ? [] : [v];
  }
  const named = getNamedType(t);
  const region = regionValue(arg.name);
  if (named.name === 'ID') return region ?? fixtureFor(field.name, arg.name, getNamedType(field.type)) ?? '1';
  if (isEnumType(named)) return arg.name === 'role' ? 'VIEWER' : named.getValues()[0].value;
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields())) if (isNonNullType(f.type)) out[f.name] = valueFor(field, f, who);
    return out;
  }
  switch (named.name) {
    case 'String':
      if (arg.name === 'username') return `matrix-${who.toLowerCase().replace('_', '-')}-${++users}`;
      if (arg.name.toLowerCase().includes('password')) return 'matrix-password-1';
      if (arg.name === 'entity') return 'Laborer';
      return region ?? 'x';
    case 'Int':
      return /year/i.test(arg.name) ? 2017 : arg.name === 'page' ? 0 : arg.name === 'perPage' ? 10 : 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'LocalDate':
      return '2017-06-30';
    case 'DateTime':
      return '2017-06-30T00:00:00.000Z';
    case 'JSONObject':
      return {};
    default:
      return isScalarType(named) ? 'x' : undefined;
  }
}

/** Arguments a field needs, plus the region and paging ones it takes (so lists stay small and region queries target county A). */
function argsFor(field: GraphQLField<unknown, unknown>, who: Who, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const arg of field.args as readonly GraphQLArgument[]) {
    if (arg.name in overrides) out[arg.name] = overrides[arg.name];
    else if (isNonNullType(arg.type) || arg.name === 'perPage' || (regionValue(arg.name) && isLeafType(getNamedType(arg.type)))) out[arg.name] = valueFor(field, arg, who);
  }
  return out;
}

/** Leaf fields of a type and, `depth` levels down, of the objects it holds (fields that need arguments left out). */
function selection(t: GraphQLNamedType, depth: number): string {
  if (isLeafType(t)) return '';
  if (depth < 0) return '{ __typename }';
  if (!isObjectType(t) && !isInterfaceType(t)) return '{ __typename }';
  const parts = ['__typename'];
  for (const f of Object.values((t as GraphQLObjectType).getFields())) {
    if (f.args.some((a) => isNonNullType(a.type))) continue;
    const named = getNamedType(f.type);
    if (isLeafType(named)) parts.push(f.name);
    else if (depth > 0) parts.push(`${f.name} ${selection(named, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

function document(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, depth: number): { query: string; variables: Record<string, unknown> } {
  const defs = field.args.filter((a) => a.name in args).map((a) => `$${a.name}: ${a.type.toString()}`);
  const call = defs.length ? `(${field.args.filter((a) => a.name in args).map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const sel = selection(getNamedType(field.type), depth);
  return { query: `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${call} ${sel} }`, variables: args };
}

type Outcome = 'allowed' | 'refused';

function outcome(r: GqlResult, who: Who, field: string): Outcome {
  const code = r.errors?.[0]?.extensions?.code;
  if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') {
    // Refused the right way: no session is UNAUTHENTICATED, a role that may not is FORBIDDEN.
    expect(code, `${who} ${field}`).toBe(who === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    expect(r.data?.[field] ?? null, `${who} ${field}: no data with a refusal`).toBeNull();
    return 'refused';
  }
  // Anything else got past the access check (it may still fail on the made-up arguments).
  expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'INTERNAL_SERVER_ERROR', 'LIMIT_EXCEEDED'], `${who} ${field}: ${JSON.stringify(r.errors?.[0])}`).not.toContain(code);
  return 'allowed';
}

function expected(kind: 'Query' | 'Mutation', field: string, who: Who): Outcome {
  return ALLOWED[EXPECTED[kind][field]].includes(who) ? 'allowed' : 'refused';
}

const fieldsOf = (kind: 'Query' | 'Mutation') => Object.values((kind === 'Query' ? schema.getQueryType()! : schema.getMutationType()!).getFields());

/** Arguments that must be real for the call to mean anything (signing in needs a real password). */
function overridesFor(field: string, who: Who | 'OPERATOR_B'): Record<string, unknown> {
  const g = as[who];
  if (field === 'signIn') return { username: as.VIEWER!.username, password: as.VIEWER!.password };
  if (field === 'changePassword' && g?.password) return { currentPassword: g.password, newPassword: g.password };
  if (field === 'changePassword' && who === 'CITY_ADMIN') return { currentPassword: hub.adminPassword, newPassword: hub.adminPassword };
  if (field === 'auditTrail') return { entity: 'Laborer', recordId: fixtures.get('Laborer') };
  return {};
}

// ---------- the matrix ----------

describe('the access matrix', () => {

  it('lists every Query and Mutation field of the schema, and only those', () => {
    for (const kind of ['Query', 'Mutation'] as const) {
      const inSchema = fieldsOf(kind).map((f) => f.name).sort();
      const listed = Object.keys(EXPECTED[kind]).sort();
      expect(inSchema.filter((f) => !listed.includes(f)), `${kind} fields without an expectation: add them to EXPECTED`).toEqual([]);
      expect(listed.filter((f) => !inSchema.includes(f)), `${kind} fields in EXPECTED that no longer exist`).toEqual([]);
    }
  });

  it('allows or refuses every query for every role, as listed', async () => {
    const mismatches: string[] = [];
    for (const field of fieldsOf('Query').filter((f) => f.name in EXPECTED.Query)) {
      for (const who of WHO) {
        const { query, variables } = document('query', field, argsFor(field, who, overridesFor(field.name, who)), -1);
        const r = await as[who]!(query, variables);
        const got = outcome(r, who, field.name);
        if (got !== expected('Query', field.name, who)) mismatches.push(`${who} ${field.name}: ${got}, expected ${expected('Query', field.name, who)} ${JSON.stringify(r.errors?.[0] ?? '')}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);

});

/** Rows, and their last change, of every region-scoped table in county A: what an out-of-scope write must not touch. */
async function regionFingerprint(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const m of Object.values(hub.orm.getMetadata().getAll())) {
    const rule = scopeRuleOf(m);
    if (m.abstract || !m.tableName || rule.kind !== 'region' || m.className === 'AuditLog') continue;
    const column = m.properties[rule.prop].fieldNames[0];
    const changed = m.properties.updatedAt ? 'max(updated_at)::text' : 'null';
    const [row] = await hub.sql(`select count(*)::int as n, ${changed} as changed${m.className === 'Region' ? `, count(*) filter (where is_poor)::int as poor, sum(exit_year)::int as years` : ''} from ${m.tableName} where ${column} like '511321%'`);
    out[m.className] = row;
  }
  return out;
}

// ---------- personal data and other counties, over every query ----------

/** Values of the sensitive fields in a response, found by walking it along the schema. */
function sensitiveValues(data: unknown, type: GraphQLNamedType, out: { kind: string; value: unknown }[] = []) {
  if (data === null || data === undefined) return out;
  if (Array.isArray(data)) {
    for (const d of data) sensitiveValues(d, type, out);
    return out;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return out;
  const concrete = (isInterfaceType(type) ? schema.getType((data as { __typename: string }).__typename) : type) as GraphQLObjectType;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const f = concrete.getFields()[k];
    if (!f) continue;
    const kind = f.extensions?.[SENSITIVE_EXTENSION] as string | undefined;
    if (kind) out.push({ kind, value: v });
    else sensitiveValues(v, getNamedType(f.type), out);
  }
  return out;
}

describe('personal data in every query', () => {
  it('is masked for analysts, in full for administrators and operators of the region', async () => {
    const seen: Record<string, number> = { ANALYST: 0, OPERATOR: 0, CITY_ADMIN: 0 };
    for (const field of fieldsOf('Query')) {
      if (field.name.startsWith('reveal')) continue;
      for (const who of ['ANALYST', 'OPERATOR', 'CITY_ADMIN'] as const) {
        const { query, variables } = document('query', field, argsFor(field, who, overridesFor(field.name, who)), 2);
        const r = await as[who]!(query, variables);
        if (r.errors) continue;
        for (const { kind, value } of sensitiveValues(r.data?.[field.name], getNamedType(field.type))) {
          const where = `${who} ${field.name} ${kind}`;
          if (who === 'ANALYST') {
            if (kind === 'BIRTH_DATE') expect(value, where).toBeNull();
            else if (kind === 'AGE') expect(typeof value, where).toBe('number');
            else if (value !== null) expect(value, where).toMatch(kind === 'ID_NUMBER' ? /^\d{6}\*{12}$/ : /^\*+\d{4}$/);
          } else if (value !== null && kind !== 'AGE') {
            expect(String(value), where).not.toContain('*');
          }
          if (value !== null) seen[who]++;
        }
      }
    }
    // The check saw data: the registry and every record that holds a laborer.
    expect(seen.ANALYST).toBeGreaterThan(50);
    expect(seen.OPERATOR).toBeGreaterThan(50);
    expect(seen.CITY_ADMIN).toBeGreaterThan(50);
  }, 300_000);

  it('marks the ID number, the phone, the birth date and the age of a laborer as personal', () => {
    const laborer = schema.getType('Laborer') as GraphQLObjectType;
    const kinds = Object.values(laborer.getFields()).filter((f) => f.extensions?.[SENSITIVE_EXTENSION]).map((f) => `${f.name}:${String(f.extensions[SENSITIVE_EXTENSION])}`);
    expect(kinds.sort()).toEqual(['age:AGE', 'birthDate:BIRTH_DATE', 'idNumber:ID_NUMBER', 'phone:PHONE']);
  });
});

/**
 * Queries that hold no regional data: the same static answer for everyone, so a region code in it
 * (an example value, say) is not a record of county A.
 */
const NOT_REGIONAL = new Set([
  // The importable datasets and their columns: static metadata from the code (DATASETS), the same for every caller.
  'importDatasets',
]);

describe('an operator of another county, over every query', () => {
  it('gets nothing of county A, even when asking for it by id or region', async () => {
    const leaks: string[] = [];
    let answered = 0;
    for (const field of fieldsOf('Query').filter((f) => !NOT_REGIONAL.has(f.name))) {
      const { query, variables } = document('query', field, argsFor(field, 'OPERATOR', overridesFor(field.name, 'OPERATOR')), 2);
      const r = await as.OPERATOR_B!(query, variables);
      const text = JSON.stringify(r.data ?? null);
      // Every record carries its region code; a region of county A (other than the city above both) is a leak.
      const found = text.match(/"511321\d{6}"/g);
      if (found) leaks.push(`${field.name}: ${[...new Set(found)].slice(0, 3).join(', ')}`);
      if (!r.errors && text.includes('"5113')) answered++;
      if (field.name.startsWith('reveal')) expect(r.data?.[field.name] ?? null, field.name).toBeNull();
    }
    expect(leaks).toEqual([]);
    // Not vacuous: the same queries do answer with county B's records.
    expect(answered).toBeGreaterThan(10);
  }, 300_000);

  it('counts nothing in county A, whichever count it asks (the region given as an argument or in the filter)', async () => {
    let counted = 0;
    for (const field of fieldsOf('Query').filter((f) => /^_.*Meta$/.test(f.name))) {
      const filterArg = field.args.find((a) => a.name === 'filter');
      const filterType = filterArg && getNamedType(filterArg.type);
      const vars: Record<string, unknown> = {};
      const call: string[] = [];
      const defs: string[] = [];
      if (field.args.some((a) => a.name === 'regionCode')) {
        vars.r = A;
        defs.push('$r: ID');
        call.push('regionCode: $r');
      } else if (filterType && isInputObjectType(filterType) && filterType.getFields().regionCode) {
        vars.f = { regionCode: A };
        defs.push(`$f: ${filterType.name}`);
        call.push('filter: $f');
      } else continue;
      const q = `query(${defs.join(', ')}) { ${field.name}(${call.join(', ')}) { count } }`;
      const other = await as.OPERATOR_B!(q, vars);
      expect(other.data?.[field.name]?.count ?? 0, `${field.name} for an operator of county B`).toBe(0);
      const own = await as.OPERATOR!(q, vars);
      counted += own.data?.[field.name]?.count ?? 0;
    }
    // The same counts are not zero for county A's own operator.
    expect(counted).toBeGreaterThan(100);
  }, 120_000);

  it('sees county A records when it is county A operator (the sweep above would find them)', async () => {
    const r = await as.OPERATOR!(`{ allLaborers(perPage: 5) { villageId } }`);
    expect(r.data.allLaborers.length).toBe(5);
    expect(r.data.allLaborers.every((l: { villageId: string }) => /^511321\d{6}$/.test(l.villageId))).toBe(true);
  });
});

/**
 * The approve and pay cells under the duty rules (payment-duties.ts, check_payment_duties()): WRITE lets
 * a role reach the step, the duties decide who takes it. The applicant never approves or pays; approval
 * is at the level above the applicant; payment by the city (or the county's finance user, not a role of
 * this matrix). APPROVER is a second city administrator.
 */
type Actor = Who | 'APPROVER';
const DUTY_CELLS: { step: 'approve' | 'pay'; applicant: 'TOWNSHIP' | 'OPERATOR' | 'CITY_ADMIN'; allowed: Actor[] }[] = [
  // A township's application: its county (this matrix's OPERATOR) or the city approves.
  { step: 'approve', applicant: 'TOWNSHIP', allowed: ['OPERATOR', 'CITY_ADMIN', 'APPROVER'] },
  // The county operator's own application: not she, and not her level; the city.
  { step: 'approve', applicant: 'OPERATOR', allowed: ['CITY_ADMIN', 'APPROVER'] },
  // A city administrator's application: another city administrator only.
  { step: 'approve', applicant: 'CITY_ADMIN', allowed: ['APPROVER'] },
  // Payment: the city; a county operator without the finance duty does not pay.
  { step: 'pay', applicant: 'TOWNSHIP', allowed: ['CITY_ADMIN', 'APPROVER'] },
  { step: 'pay', applicant: 'CITY_ADMIN', allowed: ['APPROVER'] },
];

describe('the access matrix, approve and pay cells by the duty rules', () => {
  it('allows each step only to the users the duties name, whatever the role allows', async () => {
    const actors: Record<Actor, Gql> = { ...(as as Record<Who, Gql>), APPROVER: hub.approver };
    const used: number[] = [];
    // Room in county A's budgets, so an allowed step is never refused on money (set by the city: check_budget_duties).
    await hub.sql(`update policy_budget set budget = budget + 10000000, set_by = $1 where county_code = $2`, [Number(hub.gql.userId), A]);
    const payment = async (status: 'APPLIED' | 'APPROVED', applicant: 'TOWNSHIP' | 'OPERATOR' | 'CITY_ADMIN'): Promise<{ id: string; on: string }> => {
      const [p] = await hub.sql(
        `select p.id, (p.applied_on + 1)::text as approved, (p.applied_on + 2)::text as paid from subsidy_payment p join app_user u on u.id = p.applied_by
         where p.status = 'APPLIED' and p.village_code like '511321%' and u.username like 'demo.t%' and not (p.id = any($1::int[])) order by p.id desc limit 1`,
        [used],
      );
      expect(p, 'a demo payment applied for in county A').toBeDefined();
      used.push(p.id);
      const applied = applicant === 'TOWNSHIP' ? null : Number(actors[applicant].userId);
      if (applied) await hub.sql('update subsidy_payment set applied_by = $1 where id = $2', [applied, p.id]);
      if (status === 'APPROVED') {
        // Approved by someone the duties allow: the county's demo approver for a township, else the other city administrator.
        const approver = applicant === 'TOWNSHIP' ? (await hub.sql(`select id from app_user where username = 'demo.c511321'`))[0].id : Number(hub.approver.userId);
        await hub.sql(`update subsidy_payment set status = 'APPROVED', approved_on = $1, approved_by = $2 where id = $3`, [p.approved, approver, p.id]);
      }
      return { id: String(p.id), on: status === 'APPROVED' ? p.paid : p.approved };
    };
    const mismatches: string[] = [];
    for (const cell of DUTY_CELLS) {
      for (const who of [...WHO, 'APPROVER'] as Actor[]) {
        const p = await payment(cell.step === 'approve' ? 'APPLIED' : 'APPROVED', cell.applicant);
        const field = cell.step === 'approve' ? 'approveSubsidyPayment' : 'paySubsidyPayment';
        const r = await actors[who](`mutation($id: ID!, $on: LocalDate!) { ${field}(id: $id, on: $on) { id status } }`, { id: p.id, on: p.on });
        const got = outcome(r, who === 'APPROVER' ? 'CITY_ADMIN' : who, field);
        const want = cell.allowed.includes(who) ? 'allowed' : 'refused';
        if (got !== want) mismatches.push(`${who} ${cell.step} (applied by ${cell.applicant}): ${got}, expected ${want} ${JSON.stringify(r.errors?.[0] ?? '')}`);
        // An allowed step really happened (not refused on something else).
        if (want === 'allowed') expect(r.data?.[field]?.status, `${who} ${cell.step} ${JSON.stringify(r.errors?.[0] ?? '')}`).toBe(cell.step === 'approve' ? 'APPROVED' : 'PAID');
        if (want === 'refused' && who !== 'ANONYMOUS' && ['OPERATOR', 'CITY_ADMIN', 'APPROVER'].includes(who)) {
          expect((r.errors?.[0]?.extensions?.params as { detail?: string })?.detail, `${who} ${cell.step}`).toMatch(/OWN_APPLICATION|LEVEL_ABOVE|PAYER/);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('the access matrix, mutations (last: they change and delete fixtures)', () => {
  it('allows or refuses every mutation for every role, as listed; refused and out-of-scope ones change nothing', async () => {
    const before = await regionFingerprint();
    const mismatches: string[] = [];
    // Roles refused everything first, then an operator of another county aiming at county A (whatever
    // passes the access check must fail on the scope), then the ones allowed to change; signing out last.
    const order: (Who | 'OPERATOR_B')[] = ['ANONYMOUS', 'VIEWER', 'ANALYST', 'OPERATOR_B', 'OPERATOR', 'CITY_ADMIN'];
    const fields = fieldsOf('Mutation').filter((f) => f.name in EXPECTED.Mutation).sort((a, b) => Number(a.name === 'signOut') - Number(b.name === 'signOut'));
    let cells = 0;
    for (const who of order) {
      if (who === 'OPERATOR') expect(await regionFingerprint(), 'refused and out-of-scope mutations changed nothing in county A').toEqual(before);
      const role: Who = who === 'OPERATOR_B' ? 'OPERATOR' : who;
      for (const field of fields) {
        const { query, variables } = document('mutation', field, argsFor(field, role, overridesFor(field.name, who)), -1);
        const r = await as[who]!(query, variables);
        if (who === 'OPERATOR_B') {
          expect(r.data?.[field.name] ?? null, `OPERATOR_B ${field.name} ${JSON.stringify(variables)}`).toSatisfy((d: unknown) => d === null || ['signIn', 'signOut', 'changePassword'].includes(field.name));
          continue;
        }
        const got = outcome(r, who, field.name);
        cells++;
        if (got !== expected('Mutation', field.name, who)) mismatches.push(`${who} ${field.name}: ${got}, expected ${expected('Mutation', field.name, who)} ${JSON.stringify(r.errors?.[0] ?? '')}`);
      }
    }
    expect(mismatches).toEqual([]);
    const q = fieldsOf('Query').length;
    const m = fieldsOf('Mutation').length;
    console.log(`access matrix: (${q} queries + ${m} mutations) x ${WHO.length} (4 roles and anonymous) = ${(q + m) * WHO.length} cells; ${cells} mutation cells asserted here`);
  }, 300_000);
});

