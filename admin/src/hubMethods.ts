import type { LoanStatus, RegionLevel } from '@fupin/schema';
import type { RaRecord } from 'react-admin';

/**
 * The hub's operations that are no list/detail/CRUD of a resource: status decisions, a laborer's history,
 * the drill-down statistics and the subsidy tracking. dataProvider.ts runs them through react-admin's
 * own Apollo client (same session cookie, same Accept-Language, same error mapping), so screens call
 * them as `useDataProvider<HubDataProvider>().approveSubsidyPayment(...)`.
 */
export type Call = <T>(kind: 'query' | 'mutation', text: string, variables?: Record<string, unknown>) => Promise<T>;

/** Indicators the dashboard reads for a region and each of its children. */
export const DASHBOARD_INDICATORS = [
  'laborers', 'households', 'poorVillages', 'trainingDemand', 'transferDemand', 'enterpriseDemand',
  'trained', 'trainedShare', 'employedAfterTrainingRate', 'transferEmployed', 'transferEmployedShare', 'transferEmployments', 'stableEmployments',
  'enterprisesStarted', 'enterprisesStartedShare', 'welfarePosts', 'welfarePlaced',
  'loansIssued', 'loanAmountIssued', 'startupLoanAmount', 'dreamLoanAmount', 'subsidyApproved', 'subsidyPaid', 'zeroEmploymentHouseholds',
  'householdsExited', 'laborersExited', 'laborersRegistered', 'laborersReturned', 'laborersLeft',
] as const;
export type DashboardIndicator = (typeof DASHBOARD_INDICATORS)[number];
export type Stats = Record<DashboardIndicator, number | null> & { regionCode: string; from: string | null; to: string };

export interface RegionRef {
  id: string;
  name: string;
  level: RegionLevel;
  isPoor?: boolean;
}

export interface RegionDashboard {
  region: RegionRef & { ancestors: RegionRef[]; stats: Stats };
  children: (Stats & { region: RegionRef })[];
}

export interface HistoryEvent {
  date: string;
  kind: 'TRAINING' | 'WELFARE_POST' | 'LOAN' | 'DREAM_SCHOOLING' | 'EMPLOYMENT' | 'ENTERPRISE' | 'JOB_FAIR' | 'PAYMENT';
  title: string;
  detail: string;
  recordId: string;
  amount: number | null;
}

export interface SubsidyTracking {
  policyId: string;
  policy: { id: string; name: string; amountRule: string; amount: number; subsidyKind: string; programKind: string };
  regionCode: string;
  region: RegionRef & { ancestors: RegionRef[] };
  year: number;
  budget: number;
  budgetRegionId: string;
  approved: number;
  paid: number;
  remaining: number;
  byMonth: { month: number; approved: number; paid: number }[];
  byChild: { code: string; name: string; budget: number | null; approved: number; paid: number }[];
}

const statFields = (keys: readonly string[]) => `regionCode from to ${keys.join(' ')}`;
const regionFields = 'id name level isPoor';

export function hubMethods(call: Call) {
  const payment = 'id status approvedOn paidOn rejectReason';
  return {
    /** One step of a loan's life (LOAN_TRANSITIONS), dated. */
    changeLoanStatus: (id: string, status: LoanStatus, on: string) =>
      call<{ r: RaRecord }>('mutation', `mutation($id: ID!, $status: LoanStatus!, $on: LocalDate!) { r: changeLoanStatus(id: $id, status: $status, on: $on) { id status approvedOn disbursedOn closedOn } }`, { id, status, on }).then((d) => ({ data: d.r })),

    approveSubsidyPayment: (id: string, on?: string | null) =>
      call<{ r: RaRecord }>('mutation', `mutation($id: ID!, $on: LocalDate) { r: approveSubsidyPayment(id: $id, on: $on) { ${payment} } }`, { id, on: on || null }).then((d) => ({ data: d.r })),

    paySubsidyPayment: (id: string, on?: string | null) =>
      call<{ r: RaRecord }>('mutation', `mutation($id: ID!, $on: LocalDate) { r: paySubsidyPayment(id: $id, on: $on) { ${payment} } }`, { id, on: on || null }).then((d) => ({ data: d.r })),

    rejectSubsidyPayment: (id: string, reason: string) =>
      call<{ r: RaRecord }>('mutation', `mutation($id: ID!, $reason: String!) { r: rejectSubsidyPayment(id: $id, reason: $reason) { ${payment} } }`, { id, reason }).then((d) => ({ data: d.r })),

    /** Every programme record and payment of a laborer, oldest first. */
    laborerHistory: (laborerId: string) =>
      call<{ laborerHistory: HistoryEvent[] }>('query', `query($id: ID!) { laborerHistory(laborerId: $id) { date kind title detail recordId amount } }`, { id: laborerId }).then((d) => ({ data: d.laborerHistory })),

    /**
     * A region with its path, its statistics and its children's, sorted by an indicator, for a period:
     * as of a date (the default), a year, or a range of months (the API's StatsPeriodArgs, one of them).
     */
    regionDashboard: ({ code, asOf, year, from, to, sortBy, order }: { code: string; asOf?: string; year?: number; from?: string; to?: string; sortBy?: string; order?: 'ASC' | 'DESC' }) =>
      call<{ Region: (RegionDashboard['region'] & { childrenStats: RegionDashboard['children'] }) | null }>(
        'query',
        `query($code: ID!, $asOf: LocalDate, $year: Int, $from: String, $to: String, $sortBy: StatsIndicator, $order: SortOrder) {
          Region(id: $code) {
            ${regionFields} ancestors { ${regionFields} }
            stats(asOf: $asOf, year: $year, from: $from, to: $to) { ${statFields(DASHBOARD_INDICATORS)} }
            childrenStats(asOf: $asOf, year: $year, from: $from, to: $to, sortBy: $sortBy, order: $order) { ${statFields(DASHBOARD_INDICATORS)} region { ${regionFields} } }
          }
        }`,
        { code, asOf: asOf ?? null, year: year ?? null, from: from ?? null, to: to ?? null, sortBy: sortBy ?? null, order: order ?? null },
      ).then((d) => {
        if (!d.Region) return { data: null };
        const { childrenStats, ...region } = d.Region;
        return { data: { region, children: childrenStats } as RegionDashboard };
      }),

    /** An indicator month by month (cumulative: as of the end of each month). */
    statsTimeSeries: (p: { regionCode: string; indicator: string; from?: string; to?: string; cumulative?: boolean }) =>
      call<{ statsTimeSeries: { month: string; value: number | null }[] }>(
        'query',
        `query($regionCode: ID!, $indicator: StatsIndicator!, $from: String, $to: String, $cumulative: Boolean) {
          statsTimeSeries(regionCode: $regionCode, indicator: $indicator, from: $from, to: $to, cumulative: $cumulative) { month value }
        }`,
        { regionCode: p.regionCode, indicator: p.indicator, from: p.from ?? null, to: p.to ?? null, cumulative: p.cumulative ?? true },
      ).then((d) => ({ data: d.statsTimeSeries })),

    /** Budget vs approved vs paid of a policy in a region subtree for a budget year. */
    subsidyTracking: (p: { policyId: string; regionCode: string; year: number }) =>
      call<{ subsidyTracking: SubsidyTracking }>(
        'query',
        `query($policyId: ID!, $regionCode: ID!, $year: Int!) {
          subsidyTracking(policyId: $policyId, regionCode: $regionCode, year: $year) {
            policyId regionCode year budget budgetRegionId approved paid remaining
            policy { id name amountRule amount subsidyKind programKind }
            region { ${regionFields} ancestors { ${regionFields} } }
            byMonth { month approved paid }
            byChild { code name budget approved paid }
          }
        }`,
        p,
      ).then((d) => ({ data: d.subsidyTracking })),
  };
}

export type HubMethods = ReturnType<typeof hubMethods> & ReturnType<typeof accountMethods>;

export interface AuditEntry {
  id: string;
  at: string;
  userId: number | null;
  username: string;
  action: string;
  entity: string;
  recordId: string;
  regionCode: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const AUDIT_FIELDS = 'id at userId username action entity recordId regionCode before after';

/** Users, passwords and the audit trail of one record (the users page, 修改密码, 操作日志). */
export function accountMethods(call: Call) {
  return {
    /** The signed-in user's own password; their other sessions end. */
    changePassword: (currentPassword: string, newPassword: string) =>
      call<{ changePassword: boolean }>('mutation', `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`, { c: currentPassword, n: newPassword }).then((d) => ({ data: d.changePassword })),

    /** An administrator sets a user's password; the user's sessions end. */
    setPassword: (id: string, password: string) =>
      call<{ setPassword: { id: string } }>('mutation', `mutation($id: ID!, $password: String!) { setPassword(id: $id, password: $password) { id } }`, { id, password }).then((d) => ({ data: d.setPassword })),

    /** History of one record, oldest first. */
    auditTrail: (entity: string, recordId: string) =>
      call<{ auditTrail: AuditEntry[] }>('query', `query($entity: String!, $recordId: ID!) { auditTrail(entity: $entity, recordId: $recordId) { ${AUDIT_FIELDS} } }`, { entity, recordId }).then((d) => ({ data: d.auditTrail })),

    /** Budget, approved and paid of several policies in one region and year, in one request. */
    trackingOverview: (p: { policyIds: string[]; regionCode: string; year: number }) =>
      p.policyIds.length === 0
        ? Promise.resolve({ data: [] as Pick<SubsidyTracking, 'policyId' | 'budget' | 'approved' | 'paid' | 'remaining'>[] })
        : call<Record<string, Pick<SubsidyTracking, 'policyId' | 'budget' | 'approved' | 'paid' | 'remaining'>>>(
            'query',
            `query($regionCode: ID!, $year: Int!) { ${p.policyIds
              .map((id, i) => `p${i}: subsidyTracking(policyId: "${String(id).replace(/\D/g, '')}", regionCode: $regionCode, year: $year) { policyId budget approved paid remaining }`)
              .join(' ')} }`,
            { regionCode: p.regionCode, year: p.year },
          ).then((d) => ({ data: p.policyIds.map((_, i) => d[`p${i}`]) })),
  };
}
