import type { Call } from '../hubMethods';

/** What the lifecycle screens read and do (registry events, exit steps, helpers, plans, the village page). */
export interface RegistryEventRow {
  id: string;
  kind: string;
  occurredOn: string;
  laborerId: string | null;
  villageId: string;
  standing: string;
  reason: string | null;
  evidence: string | null;
  exitYear: number | null;
  leaveReason: string | null;
  cancelsId: string | null;
  recordedByName: string;
  recordedAt: string;
}

const EVENT = 'id kind occurredOn laborerId villageId standing reason evidence exitYear leaveReason cancelsId recordedByName recordedAt';
const PROPOSAL = 'id householdId villageId exitYear memberEmployed employmentNote incomePerCapita povertyLine incomeAboveLine status proposedOn proposedByName proposalRemark reviewedOn reviewedByName reviewRemark decidedOn decidedByName decisionRemark rejectedOn rejectedByName rejectedStep rejectionReason';

export interface VillageLedger {
  region: { id: string; name: string; ancestors: { id: string; name: string }[] } | null;
  households: { id: string; headName: string; memberCount: number; povertyStatus: string; exitedPovertyYear: number | null; currentHelper: { startDate: string; helper: { name: string; workUnit: string } | null } | null }[];
  total: number;
  plans: number;
  overdue: { id: string; kind: string; targetDate: string; laborerId: string }[];
  proposals: { id: string; householdId: string; status: string; proposedOn: string; exitYear: number }[];
  stats: Record<string, number | null>;
}

export function lifecycleMethods(call: Call) {
  return {
    createPlan: (laborerId: string, drawnUpOn: string) =>
      call('mutation', `mutation($l: ID!, $d: LocalDate!) { r: createAssistancePlan(laborerId: $l, drawnUpOn: $d) { id } }`, { l: laborerId, d: drawnUpOn }),
    addMeasure: (planId: string, kind: string, targetDate: string) =>
      call('mutation', `mutation($p: ID!, $k: PlanMeasureKind!, $t: LocalDate!) { r: addPlanMeasure(planId: $p, kind: $k, targetDate: $t) { id } }`, { p: planId, k: kind, t: targetDate }),
    laborerRecords: (laborerId: string) =>
      call<{ r: { kind: string; recordId: string; date: string; title: string; detail: string }[] }>(
        'query',
        `query($l: ID!) { r: laborerHistory(laborerId: $l) { kind recordId date title detail } }`,
        { l: laborerId },
      ).then((d) => d.r),
    linkMeasure: (id: string, recordId: string | null) =>
      call('mutation', `mutation($id: ID!, $r: ID) { r: linkPlanMeasure(id: $id, recordId: $r) { id } }`, { id, r: recordId }),
    registryEvents: (subject: 'Household' | 'Laborer', id: string) =>
      call<{ r: { events: RegistryEventRow[] } | null }>('query', `query($id: ID!) { r: ${subject}(id: $id) { events { ${EVENT} } } }`, { id }).then((d) => d.r?.events ?? []),
    proposeExit: (v: { householdId: string; exitYear: number; memberEmployed: boolean; employmentNote?: string; incomePerCapita: number; povertyLine: number; on?: string; remark?: string }) =>
      call<{ r: { id: string } }>(
        'mutation',
        `mutation($householdId: ID!, $exitYear: Int!, $memberEmployed: Boolean!, $employmentNote: String, $incomePerCapita: Float!, $povertyLine: Float!, $on: LocalDate, $remark: String) {
          r: proposeExit(householdId: $householdId, exitYear: $exitYear, memberEmployed: $memberEmployed, employmentNote: $employmentNote, incomePerCapita: $incomePerCapita, povertyLine: $povertyLine, on: $on, remark: $remark) { ${PROPOSAL} } }`,
        v,
      ),
    exitStep: (step: 'reviewExit' | 'decideExit', id: string, approve: boolean, on: string | null, remark: string | null) =>
      call('mutation', `mutation($id: ID!, $approve: Boolean!, $on: LocalDate, $remark: String) { r: ${step}(id: $id, approve: $approve, on: $on, remark: $remark) { ${PROPOSAL} } }`, { id, approve, on, remark }),
    recordLeaving: (subject: { householdId?: string; laborerId?: string }, leaveReason: string, on: string, reason: string | null) =>
      call('mutation', `mutation($h: ID, $l: ID, $k: LeaveReason!, $on: LocalDate, $r: String) { r: recordLeaving(householdId: $h, laborerId: $l, leaveReason: $k, on: $on, reason: $r) { id } }`, {
        h: subject.householdId ?? null,
        l: subject.laborerId ?? null,
        k: leaveReason,
        on,
        r: reason,
      }),
    assignHelper: (householdId: string, helperId: string, startDate: string | null) =>
      call('mutation', `mutation($h: ID!, $p: ID!, $s: LocalDate) { r: assignHelper(householdId: $h, helperId: $p, startDate: $s) { id } }`, { h: householdId, p: helperId, s: startDate }),
    householdLifecycle: (id: string) =>
      call<{ r: { helperHistory: { id: string; startDate: string; endDate: string | null; helper: { id: string; name: string; workUnit: string; post: string | null } | null }[]; exitProposals: { id: string; status: string; proposedOn: string; exitYear: number }[] } | null }>(
        'query',
        `query($id: ID!) { r: Household(id: $id) { helperHistory { id startDate endDate helper { id name workUnit post } } exitProposals { id status proposedOn exitYear } } }`,
        { id },
      ).then((d) => d.r),
    laborerPlan: (id: string) =>
      call<{ r: { plan: { id: string; drawnUpOn: string; measures: { id: string; kind: string; targetDate: string; recordId: string | null; metOn: string | null; state: string }[] } | null } | null }>(
        'query',
        `query($id: ID!) { r: Laborer(id: $id) { plan { id drawnUpOn measures { id kind targetDate recordId metOn state } } } }`,
        { id },
      ).then((d) => d.r?.plan ?? null),
    villageLedger: (code: string) =>
      call<{
        region: VillageLedger['region'] & { stats: Record<string, number | null> };
        households: VillageLedger['households'];
        meta: { count: number };
        plans: { count: number };
        overdue: VillageLedger['overdue'];
        proposals: VillageLedger['proposals'];
      }>(
        'query',
        `query($v: ID!, $today: LocalDate) {
          region: Region(id: $v) { id name ancestors { id name } stats(asOf: $today) { laborers households poorHouseholds householdsExited householdsWithHelper helperShare laborersWithPlan planMeasuresMet planMeasuresOverdue } }
          households: allHouseholds(filter: { villageId: $v }, perPage: 200, sortField: "headName") { id headName memberCount povertyStatus exitedPovertyYear currentHelper { startDate helper { name workUnit } } }
          meta: _allHouseholdsMeta(filter: { villageId: $v }) { count }
          plans: _allAssistancePlansMeta(filter: { regionCode: $v }) { count }
          overdue: allPlanMeasures(filter: { regionCode: $v, state: OVERDUE }, perPage: 100, sortField: "targetDate") { id kind targetDate laborerId }
          proposals: allExitProposals(filter: { regionCode: $v, open: true }, perPage: 100) { id householdId status proposedOn exitYear }
        }`,
        { v: code, today: new Date().toISOString().slice(0, 10) },
      ).then((d): VillageLedger => ({
        region: d.region,
        households: d.households,
        total: d.meta.count,
        plans: d.plans.count,
        overdue: d.overdue,
        proposals: d.proposals,
        stats: d.region?.stats ?? {},
      })),
  };
}

export type LifecycleMethods = ReturnType<typeof lifecycleMethods>;

/** Lists and details of the lifecycle resources (merged into dataProvider's FIELDSETS). */
export const LIFECYCLE_FIELDSETS = {
  ExitProposal: { list: PROPOSAL.split(' ') },
  Helper: { list: ['id', 'name', 'workUnit', 'post', 'phone', 'regionCode', { region: ['id', 'name', 'level'] }, 'createdAt', 'updatedAt'] },
};
