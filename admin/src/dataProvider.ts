import buildGraphQLProvider from 'ra-data-graphql-simple';
import { HttpError, type DataProvider, type GetListParams, type GetOneParams, type RaRecord } from 'react-admin';
import type { IntrospectionField, IntrospectionInputObjectType, IntrospectionType } from 'graphql';
import { MAX_PAGE_SIZE } from '@fupin/schema';
import { apiLanguage } from './i18n';
import { accountMethods, hubMethods, type HubMethods } from './hubMethods';
import { LIFECYCLE_FIELDSETS, lifecycleMethods, type LifecycleMethods } from './lifecycle/methods';
import { reportMethods, type ReportMethods } from './report/reportMethods';
import { parse, type DocumentNode } from 'graphql';

/**
 * react-admin's own GraphQL provider (it introspects /graphql and follows the hub's list conventions),
 * wrapped for what the hub needs on top:
 * - every request carries the UI language as `Accept-Language`, so server messages match the screen;
 * - a GraphQL error naming an input (`extensions.field`) becomes react-admin's validation error
 *   (`HttpError` with `body.errors[field]`), which the form shows next to that input;
 * - lists ask for the fields their screens show (`meta.sparseFields`), never the whole object graph:
 *   the provider would otherwise select every field, `Region.descendants` included;
 * - a page larger than the API's 500 rows (CSV export) is fetched 500 at a time;
 * - `getMany` falls back to one `X(id)` query per id while a filter has no `ids`.
 */

type SparseField = string | { [linked: string]: SparseField[] };
type Fieldset = { list: SparseField[]; one?: SparseField[] };

const regionRef = ['id', 'name', 'level'];
const laborerRef = ['id', 'name'];
const villageRef = ['id', 'name', { parent: ['id', 'name'] }];
const stamps = ['createdAt', 'updatedAt'];

/** The programme records, policies and payments (one entry per resource of admin/src/<resource>/). */
const PROGRAMME_FIELDSETS: Record<string, Fieldset> = {
  TrainingProvider: { list: ['id', 'name', 'kind', 'countyId', { county: ['id', 'name'] }, ...stamps] },
  TrainingClass: {
    list: ['id', 'title', 'kind', 'providerId', { provider: ['id', 'name'] }, 'countyId', { county: ['id', 'name'] }, 'specialty', 'isMenu', 'startDate', 'endDate', 'capacity', 'enrolledCount', 'completedCount'],
    one: ['id', 'title', 'kind', 'providerId', { provider: ['id', 'name'] }, 'countyId', { county: ['id', 'name'] }, 'specialty', 'isMenu', 'startDate', 'endDate', 'capacity', 'enrolledCount', 'completedCount', 'subsidyApproved', 'subsidyPaid', ...stamps],
  },
  Enrollment: {
    list: ['id', 'laborerId', { laborer: laborerRef }, 'classId', { trainingClass: ['id', 'title', 'kind'] }, 'villageId', 'enrolledOn', 'completed', 'completedOn', 'certificateNo', 'employedAfterTraining', ...stamps],
  },
  Employment: {
    list: ['id', 'laborerId', { laborer: laborerRef }, 'villageId', { region: villageRef }, 'kind', 'channel', 'employer', 'place', 'startDate', 'endDate', 'stable', ...stamps],
  },
  Enterprise: {
    list: ['id', 'laborerId', { laborer: laborerRef }, 'villageId', { region: villageRef }, 'name', 'sector', 'startedOn', 'employees', 'subsidyApproved', 'subsidyPaid', ...stamps],
  },
  JobFair: {
    list: ['id', 'title', 'countyId', { county: ['id', 'name'] }, 'venue', 'heldOn', 'postsOffered', 'laborersRegistered', 'intentionsSigned', ...stamps],
  },
  WelfarePost: {
    list: ['id', 'title', 'category', 'regionId', { region: villageRef }, 'monthlyPay', 'status', { currentHolder: laborerRef }, 'participantsCount', ...stamps],
    one: ['id', 'title', 'category', 'regionId', { region: ['id', 'name', 'level', { ancestors: regionRef }] }, 'monthlyPay', 'status', { currentHolder: laborerRef }, 'participantsCount', 'subsidyApproved', 'subsidyPaid', ...stamps],
  },
  WelfarePlacement: {
    list: ['id', 'laborerId', { laborer: laborerRef }, 'postId', { post: ['id', 'title', 'category', 'monthlyPay'] }, 'villageId', 'startDate', 'endDate', 'active', ...stamps],
  },
  GuaranteedLoan: {
    list: [
      'id', 'laborerId', { laborer: laborerRef }, 'villageId', { region: villageRef }, 'purpose', 'bank', 'amount', 'termMonths', 'annualRate', 'interestSubsidyRate',
      'appliedOn', 'approvedOn', 'disbursedOn', 'closedOn', 'status', 'enterpriseId', 'dreamSchoolingId', ...stamps,
    ],
    one: [
      'id', 'laborerId', { laborer: laborerRef }, 'villageId', { region: villageRef }, 'purpose', 'bank', 'amount', 'termMonths', 'annualRate', 'interestSubsidyRate',
      'interest', 'interestSubsidy', 'appliedOn', 'approvedOn', 'disbursedOn', 'closedOn', 'status', 'enterpriseId', { enterprise: ['id', 'name'] },
      'dreamSchoolingId', { dreamSchooling: ['id', 'school', 'major'] }, 'subsidyApproved', 'subsidyPaid', ...stamps,
    ],
  },
  DreamSchooling: {
    list: ['id', 'laborerId', { laborer: laborerRef }, 'villageId', { region: villageRef }, 'school', 'major', 'intakeYear', 'tuitionWaived', 'livingSubsidyPerTerm', 'status', 'subsidyApproved', 'subsidyPaid', ...stamps],
  },
  Policy: {
    list: ['id', 'name', 'programKind', 'subsidyKind', 'amountRule', 'amount', 'validFrom', 'validTo', 'description', ...stamps],
  },
  PolicyBudget: {
    list: ['id', 'policyId', { policy: ['id', 'name', 'subsidyKind'] }, 'countyId', { county: ['id', 'name'] }, 'year', 'budget', 'approved', 'paid', 'remaining', ...stamps],
  },
  SubsidyPayment: {
    list: [
      'id', 'policyId', { policy: ['id', 'name', 'amountRule', 'amount'] }, 'laborerId', { laborer: laborerRef }, 'villageId', { village: villageRef }, 'programKind', 'recordId',
      'period', 'amount', 'status', 'appliedOn', 'approvedOn', 'paidOn', 'rejectReason', ...stamps,
    ],
  },
};

/** What each screen reads. Names the API does not (yet) have are dropped by the provider. */
export const FIELDSETS: Record<string, Fieldset> = {
  Region: {
    list: ['id', 'code', 'name', 'level', 'isPoor', 'isUrban', 'exitYear', 'parentId'],
    one: ['id', 'code', 'name', 'level', 'isPoor', 'isUrban', 'exitYear', 'parentId', { ancestors: regionRef }],
  },
  Household: {
    list: [
      'id', 'headName', 'memberCount', 'villageId', 'povertyStatus', 'exitedPovertyYear', 'helperName', 'createdAt',
      { village: ['id', 'name', { parent: regionRef }] }, { currentHelper: ['id', { helper: ['id', 'name'] }] },
    ],
    one: [
      'id', 'headName', 'memberCount', 'villageId', 'povertyStatus', 'exitedPovertyYear', 'leftOn', 'helperName', 'createdAt', 'updatedAt',
      { village: ['id', 'name', 'level', { ancestors: regionRef }] },
    ],
  },
  Laborer: {
    list: [
      'id', 'name', 'idNumber', 'gender', 'birthDate', 'age', 'phone', 'education', 'povertyStatus', 'exitedPovertyYear',
      'wantsTraining', 'wantsTransfer', 'wantsEnterprise', 'householdId', 'villageId',
      { household: ['id', 'headName'] }, { village: ['id', 'name'] }, { township: ['id', 'name'] }, { county: ['id', 'name'] },
    ],
    one: [
      'id', 'name', 'idNumber', 'gender', 'birthDate', 'age', 'phone', 'education', 'skills', 'povertyStatus', 'exitedPovertyYear', 'leftOn',
      'wantsTraining', 'wantsTransfer', 'wantsEnterprise', 'householdId', 'villageId', 'createdAt', 'updatedAt',
      { household: ['id', 'headName', 'memberCount', 'povertyStatus', 'exitedPovertyYear', 'helperName'] },
      { village: ['id', 'name', 'level', { ancestors: regionRef }] },
    ],
  },
  ...PROGRAMME_FIELDSETS,
  Target: { list: ['id', 'regionId', { region: ['id', 'name', 'level', { parent: ['id', 'name'] }] }, 'year', 'indicator', 'value', 'note', ...stamps] },
  TargetProfile: { list: ['id', 'year', 'indicator', 'shares', ...stamps] },
  ...LIFECYCLE_FIELDSETS,
  User: { list: ['id', 'username', 'displayName', 'role', 'scopeRegionCode', { scopeRegion: ['id', 'name', 'level'] }, 'active', 'createdAt'] },
  AuditLog: { list: ['id', 'at', 'userId', 'username', 'action', 'entity', 'recordId', 'regionCode', 'before', 'after'] },
};

const withLanguage = () => ({ context: { headers: { 'Accept-Language': apiLanguage() } } });

const base = buildGraphQLProvider({
  clientOptions: { uri: '/graphql' },
  query: withLanguage,
  mutation: withLanguage,
}) as DataProvider & { getIntrospection: () => Promise<Introspection> };

interface Introspection {
  types: IntrospectionType[];
  resources: ({ type: { name: string } } & Record<string, IntrospectionField | undefined>)[];
}

/** Names of the arguments of a resource's create or update mutation. */
async function mutationArgs(resource: string, method: 'CREATE' | 'UPDATE'): Promise<Set<string>> {
  const intro = await base.getIntrospection();
  const field = intro.resources.find((r) => r.type.name === resource)?.[method];
  return new Set(field?.args.map((a) => a.name) ?? []);
}

async function filterHasIds(resource: string): Promise<boolean> {
  const intro = await base.getIntrospection();
  const filter = intro.types.find((t) => t.name === `${resource}Filter`) as IntrospectionInputObjectType | undefined;
  return !!filter?.inputFields.some((f) => f.name === 'ids');
}

interface GqlError {
  message: string;
  extensions?: { code?: string; field?: string };
}

/** ra-data-graphql throws HttpError(message, status, apolloError); the GraphQL errors are in its body. */
function graphQLErrorsOf(e: unknown): GqlError[] {
  // From the provider: HttpError(body: ApolloError). From hubCall: the ApolloError itself, whose errors
  // sit in networkError.result when the hub answered with an HTTP error status (bad variables).
  type Apolloish = { graphQLErrors?: GqlError[]; networkError?: { result?: { errors?: GqlError[] } } };
  const src = ((e as { body?: Apolloish })?.body ?? e) as Apolloish | undefined;
  if (Array.isArray(src?.graphQLErrors) && src.graphQLErrors.length) return src.graphQLErrors;
  const net = src?.networkError?.result?.errors;
  return Array.isArray(net) ? net : [];
}

/**
 * The hub's coded errors as react-admin expects them: field errors (for inputs the mutation has) in
 * `body.errors`, everything else as the message; UNAUTHENTICATED/FORBIDDEN as 401/403 so an auth
 * provider's checkError can act on them.
 */
export function toHttpError(e: unknown, fieldNames?: Set<string>): unknown {
  const errors = graphQLErrorsOf(e);
  if (!errors.length) return e;
  const fields: Record<string, string> = {};
  for (const g of errors) {
    const f = g.extensions?.field;
    if (f && f !== 'id' && fieldNames?.has(f) && !fields[f]) fields[f] = g.message;
  }
  const code = errors[0].extensions?.code;
  const status = code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 400;
  const message = [...new Set(errors.map((g) => g.message))].join('；');
  return new HttpError(message, status, Object.keys(fields).length ? { errors: fields, graphQLErrors: errors } : { graphQLErrors: errors });
}

function withFields<P extends { meta?: { sparseFields?: unknown } }>(resource: string, params: P, which: 'list' | 'one'): P {
  if (params.meta?.sparseFields) return params;
  const set = FIELDSETS[resource];
  if (!set) return params;
  // The provider deletes meta.sparseFields after use: hand it a fresh copy every time.
  const fields = structuredClone(which === 'one' ? (set.one ?? set.list) : set.list);
  return { ...params, meta: { ...params.meta, sparseFields: fields } };
}

/** Only the mutation's own arguments: the record also holds derived fields and embedded objects. */
function onlyArgs(data: Record<string, unknown>, args: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => args.has(k) && k !== 'id'));
}

/**
 * The audit trail's 时间起 / 时间止 are days (yyyy-mm-dd, typed): the API takes instants, so a day becomes
 * the viewer's local start (起) or end (止) of that day; a day still being typed is not sent.
 */
function auditDays(resource: string, params: GetListParams): GetListParams {
  if (resource !== 'AuditLog' || !params.filter) return params;
  const filter = { ...params.filter };
  for (const [key, time] of [['at_gte', 'T00:00:00'], ['at_lte', 'T23:59:59.999']] as const) {
    const v = filter[key];
    if (v == null || v === '') {
      delete filter[key];
      continue;
    }
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(new Date(`${v}${time}`).getTime())) filter[key] = new Date(`${v}${time}`).toISOString();
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) continue;
    else delete filter[key];
  }
  return { ...params, filter };
}

async function getListPaged(resource: string, params: GetListParams) {
  params = auditDays(resource, params);
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  if (perPage <= MAX_PAGE_SIZE) return base.getList(resource, params);
  // Larger pages (exports) in chunks of the API's maximum, in order, stopping at the end of the list.
  const first = (page - 1) * perPage;
  const data: RaRecord[] = [];
  let total: number | undefined;
  for (let offset = first; offset < first + perPage; offset += MAX_PAGE_SIZE) {
    if (offset % MAX_PAGE_SIZE !== 0) throw new Error(`page size ${perPage} is not a multiple of ${MAX_PAGE_SIZE}`);
    const chunk = await base.getList(resource, {
      ...params,
      meta: params.meta ? structuredClone(params.meta) : undefined,
      pagination: { page: offset / MAX_PAGE_SIZE + 1, perPage: MAX_PAGE_SIZE },
    });
    total = chunk.total;
    data.push(...chunk.data);
    if (chunk.data.length < MAX_PAGE_SIZE) break;
  }
  return { data, total };
}

const rethrow = (fieldNames?: Set<string>) => (e: unknown) => {
  throw toHttpError(e, fieldNames);
};

interface ApolloLike {
  query(o: { query: DocumentNode; variables?: object; fetchPolicy?: 'network-only'; context?: object }): Promise<{ data: unknown }>;
  mutate(o: { mutation: DocumentNode; variables?: object; context?: object }): Promise<{ data: unknown }>;
}

const documents = new Map<string, DocumentNode>();
const documentOf = (text: string) => {
  let d = documents.get(text);
  if (!d) documents.set(text, (d = parse(text)));
  return d;
};

/** The custom methods' transport: react-admin's Apollo client, with this wrapper's language and errors. */
export async function hubCall<T>(kind: 'query' | 'mutation', text: string, variables: Record<string, unknown> = {}): Promise<T> {
  const client = (base as unknown as { client: ApolloLike }).client;
  try {
    const r =
      kind === 'query'
        ? await client.query({ query: documentOf(text), variables, fetchPolicy: 'network-only', ...withLanguage() })
        : await client.mutate({ mutation: documentOf(text), variables, ...withLanguage() });
    return r.data as T;
  } catch (e) {
    // Errors naming a variable (the `on` of a decision, the `reason` of a rejection) go to that input.
    throw toHttpError(e, new Set(Object.keys(variables)));
  }
}

/** react-admin's methods plus the hub's own (see hubMethods.ts); `useDataProvider<HubDataProvider>()`. */
export type HubDataProvider = DataProvider & HubMethods & ReportMethods & LifecycleMethods;

export const dataProvider: HubDataProvider = {
  ...hubMethods(hubCall),
  ...accountMethods(hubCall),
  ...reportMethods(hubCall),
  ...lifecycleMethods(hubCall),
  getList: (resource, params) => getListPaged(resource, withFields(resource, params, 'list')).catch(rethrow()),
  getOne: (resource, params) => base.getOne(resource, withFields(resource, params, 'one')).catch(rethrow()),
  getMany: async (resource, params) => {
    if (await filterHasIds(resource)) return base.getMany(resource, withFields(resource, params, 'list')).catch(rethrow());
    const records = await Promise.all(params.ids.map((id) => base.getOne(resource, withFields<GetOneParams>(resource, { id, signal: params.signal }, 'list')).catch(rethrow())));
    return { data: records.map((r) => r.data) };
  },
  getManyReference: (resource, params) => base.getManyReference(resource, withFields(resource, params, 'list')).catch(rethrow()),
  create: async (resource, params) => {
    const args = await mutationArgs(resource, 'CREATE');
    return base.create(resource, withFields(resource, { ...params, data: onlyArgs(params.data, args) }, 'one')).catch(rethrow(args));
  },
  update: async (resource, params) => {
    const args = await mutationArgs(resource, 'UPDATE');
    return base.update(resource, withFields(resource, { ...params, data: onlyArgs(params.data, args) }, 'one')).catch(rethrow(args));
  },
  // The API has no bulk mutations: one mutation per record, each with this wrapper's fields and errors.
  updateMany: async (resource, params) => {
    await Promise.all(params.ids.map((id) => dataProvider.update(resource, { id, data: params.data, previousData: {} as RaRecord })));
    return { data: params.ids };
  },
  delete: (resource, params) => base.delete(resource, withFields(resource, params, 'list')).catch(rethrow()),
  deleteMany: async (resource, params) => {
    await Promise.all(params.ids.map((id) => dataProvider.delete(resource, { id })));
    return { data: params.ids };
  },
};
