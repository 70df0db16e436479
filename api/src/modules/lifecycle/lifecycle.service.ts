import { type LeaveReason, type RegionLevel, regionLevelOf, type RegistryEventKind, type RegistryStanding } from '@fupin/schema';
import type { Context } from '../../context';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { Region } from '../region/region.entity';
import { Household } from '../registry/household.entity';
import { Laborer } from '../registry/laborer.entity';
import { RegistryEvent } from './registry-event.entity';

registerFieldLabels({
  on: { zh: '日期', en: 'Date' },
  registeredOn: { zh: '建档立卡日期', en: 'Registration date' },
  reason: { zh: '原因', en: 'Reason' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  remark: { zh: '意见', en: 'Remark' },
  leaveReason: { zh: '减少原因', en: 'Reason for leaving' },
  eventId: { zh: '事件', en: 'Event' },
  proposalId: { zh: '脱贫申请', en: 'Exit proposal' },
  exitYear: { zh: '脱贫年度', en: 'Exit year' },
  incomePerCapita: { zh: '人均纯收入', en: 'Per-capita income' },
  povertyLine: { zh: '当年贫困线', en: 'Poverty line' },
  employmentNote: { zh: '就业情况', en: 'Employment' },
  helperId: { zh: '帮扶责任人', en: 'Helper' },
  startDate: { zh: '开始日期', en: 'Start date' },
  workUnit: { zh: '工作单位', en: 'Work unit' },
  post: { zh: '职务', en: 'Post' },
  planId: { zh: '帮扶计划', en: 'Plan' },
  laborerId: { zh: '贫困劳动力', en: 'Laborer' },
  targetDate: { zh: '计划完成日期', en: 'Target date' },
  recordId: { zh: '落实记录', en: 'Fulfilling record' },
  drawnUpOn: { zh: '制定日期', en: 'Drawn up on' },
  status: { zh: '状态', en: 'Status' },
});
registerDetails({
  STEP_LEVEL: { zh: '此步骤须由相应级别（村、乡镇、县）的用户办理', en: 'this step is for a user of its level (village, township, county)' },
  STANDING: { zh: '当前状态不允许此操作', en: 'the current standing does not allow it' },
  EVENT_ORDER: { zh: '不能早于最近一次事件的日期', en: 'must not be before the latest event' },
  FUTURE: { zh: '不能晚于今天', en: 'must not be in the future' },
  CANCEL_LATEST: { zh: '只能更正最近一次有效事件', en: 'only the latest effective event can be cancelled' },
  CANCEL_REGISTERED: { zh: '建档立卡事件不能撤销（误录请删除该记录）', en: 'a registration cannot be cancelled (delete a record entered by mistake)' },
  OPEN_PROPOSAL: { zh: '该户已有进行中的脱贫申请', en: 'the household already has an open exit proposal' },
  SAME_VILLAGE: { zh: '迁入村与当前村相同', en: 'the new village is the current one' },
  TOO_LONG: { zh: '过长', en: 'too long' },
  EXIT_PROPOSED: { zh: '村已申请', en: 'proposed' },
  EXIT_REVIEWED: { zh: '乡镇已审核', en: 'reviewed' },
  EXIT_DECIDED: { zh: '县已审定', en: 'decided' },
  EXIT_REJECTED: { zh: '已退回', en: 'rejected' },
});
registerConstraintFields({
  registry_event_exit_proposal: { field: 'proposalId', code: 'ILLEGAL_TRANSITION', params: { from: 'EXIT_PROPOSED', to: 'EXIT_DECIDED' } },
  registry_event_order: { field: 'on', code: 'VALIDATION_FAILED', params: { detail: 'EVENT_ORDER' } },
  registry_event_sequence: { field: 'id', code: 'CONFLICT', params: { detail: 'STANDING' } },
  registry_event_cancel_latest: { field: 'eventId', code: 'VALIDATION_FAILED', params: { detail: 'CANCEL_LATEST' } },
  registry_standing_from_events: { field: 'povertyStatus', code: 'VALIDATION_FAILED', params: { detail: 'STANDING' } },
  exit_proposal_transition: { field: 'status', code: 'ILLEGAL_TRANSITION' },
  exit_proposal_open_unique: { field: 'householdId', code: 'CONFLICT', params: { detail: 'OPEN_PROPOSAL' } },
  helper_assignment_current_unique: { field: 'householdId', code: 'CONFLICT' },
  helper_assignment_history: { field: 'startDate', code: 'ILLEGAL_TRANSITION' },
  plan_measure_record_fk: 'recordId',
  assistance_plan_laborer_unique: 'laborerId',
  assistance_plan_laborer_fk: 'laborerId',
  helper_assignment_household_fk: 'householdId',
  exit_proposal_household_fk: 'householdId',
});

/** Today in the hub's calendar (YYYY-MM-DD). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A date of an event or step: a real day, from 2014 (the registry's start), not in the future. */
export function checkDay(value: string | null | undefined, field: string, fallback = today()): string {
  const v = value ?? fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)) || v < '2014-01-01') throw new AppError('VALIDATION_FAILED', field);
  if (v > today()) throw new AppError('VALIDATION_FAILED', field, { detail: 'FUTURE' });
  return v;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (v.length > max) throw new AppError('VALIDATION_FAILED', field, { detail: 'TOO_LONG' });
  return v;
}

export function requiredText(value: string | null | undefined, field: string, max: number): string {
  const v = optionalText(value, field, max);
  if (!v) throw new AppError('REQUIRED', field);
  return v;
}

/** The level of the user's scope: a city administrator (or unscoped user) is the city. */
export function levelOfUser(ctx: Context): RegionLevel | null {
  const p = ctx.principal;
  if (!p) return null;
  return p.scope ? regionLevelOf(p.scope) : 'CITY';
}

/**
 * Refuses a step to a user not of `level` (an operator whose scope is a region of that level); with
 * `orCity`, a city administrator may take it too (a return to poverty, a correction of an exit), never
 * for the three steps of an exit, each of which belongs to its level.
 */
export function requireLevel(ctx: Context, level: RegionLevel, field = 'id', orCity = false): void {
  if (orCity && ctx.principal?.role === 'CITY_ADMIN') return;
  if (ctx.principal?.role !== 'OPERATOR' || levelOfUser(ctx) !== level) throw new AppError('FORBIDDEN', field, { detail: 'STEP_LEVEL' });
}

export interface SubjectState {
  id: string;
  kind: RegistryEventKind;
  occurredOn: string;
  standing: RegistryStanding;
  villageCode: string;
  groupId: string | null;
}

const LATEST = `select e.id::text, e.kind, to_char(e.occurred_on, 'YYYY-MM-DD') as occurred_on, e.standing, e.village_code, e.group_id::text
  from registry_event e
  where %WHERE% and e.kind <> 'CANCELLED' and not exists (select 1 from registry_event c where c.cancels_id = e.id)
  order by e.occurred_on desc, e.id desc limit 1`;

function toState(r: Record<string, unknown> | undefined): SubjectState | null {
  return r ? { id: r.id as string, kind: r.kind as RegistryEventKind, occurredOn: r.occurred_on as string, standing: r.standing as RegistryStanding, villageCode: r.village_code as string, groupId: (r.group_id as string) ?? null } : null;
}

/** The latest effective event of a household (its own, not its laborers'). */
export async function householdState(ctx: Context, householdId: number): Promise<SubjectState | null> {
  const rows = await ctx.em.getConnection().execute(LATEST.replace('%WHERE%', 'e.household_id = ? and e.laborer_id is null'), [householdId], 'all', ctx.em.getTransactionContext());
  return toState(rows[0]);
}

export async function laborerState(ctx: Context, laborerId: number): Promise<SubjectState | null> {
  const rows = await ctx.em.getConnection().execute(LATEST.replace('%WHERE%', 'e.laborer_id = ?'), [laborerId], 'all', ctx.em.getTransactionContext());
  return toState(rows[0]);
}

export interface EventInput {
  kind: Exclude<RegistryEventKind, 'CANCELLED'>;
  on: string;
  standing: RegistryStanding;
  villageCode: string;
  exitYear?: number | null;
  leaveReason?: LeaveReason | null;
  reason?: string | null;
  evidence?: string | null;
  proposalId?: number | null;
}

async function nextEventId(ctx: Context): Promise<string> {
  const [r] = await ctx.em.getConnection().execute<{ id: string }[]>(`select nextval(pg_get_serial_sequence('registry_event', 'id'))::text as id`, [], 'all', ctx.em.getTransactionContext());
  return r.id;
}

function recorder(ctx: Context) {
  return { recordedBy: ctx.principal?.userId ?? null, recordedByName: ctx.principal?.username ?? '系统' };
}

function eventRow(ctx: Context, id: string, householdId: number, laborerId: number | null, prev: SubjectState | null, e: EventInput, groupId: string | null): RegistryEvent {
  return ctx.em.create(RegistryEvent, {
    id,
    householdId,
    laborerId,
    kind: e.kind,
    occurredOn: e.on,
    village: ctx.em.getReference(Region, e.villageCode),
    standing: e.standing,
    prevVillageCode: prev?.villageCode ?? null,
    prevStanding: prev?.standing ?? null,
    exitYear: e.exitYear ?? null,
    leaveReason: e.leaveReason ?? null,
    reason: e.reason ?? null,
    evidence: e.evidence ?? null,
    proposalId: e.proposalId ?? null,
    groupId,
    ...recorder(ctx),
  } as never);
}

/** The registration event of a new household or laborer (建档立卡), in the transaction that creates it. */
export async function recordRegistration(ctx: Context, householdId: number, laborerId: number | null, villageCode: string, on: string): Promise<void> {
  eventRow(ctx, await nextEventId(ctx), householdId, laborerId, null, { kind: 'REGISTERED', on, standing: 'POOR', villageCode, reason: '建档立卡' }, null);
  await ctx.em.flush();
}

function checkAfter(prev: SubjectState, on: string): void {
  if (on < prev.occurredOn) throw new AppError('VALIDATION_FAILED', 'on', { detail: 'EVENT_ORDER' });
}

/**
 * Writes an event for a household and the matching events for those of its laborers `laborerTo` maps
 * (their state -> their new event, or null to leave them out), sharing the household event's id as group.
 * `householdTo` gives the household's event from its current state (throws when the state does not allow it).
 */
export async function recordHouseholdEvent(
  ctx: Context,
  household: Household,
  householdTo: (s: SubjectState) => EventInput,
  laborerTo: (s: SubjectState) => EventInput | null,
): Promise<RegistryEvent> {
  const hs = await householdState(ctx, household.id);
  if (!hs) throw new AppError('CONFLICT', 'householdId', { detail: 'STANDING' });
  const he = householdTo(hs);
  checkAfter(hs, he.on);
  const groupId = await nextEventId(ctx);
  const event = eventRow(ctx, groupId, household.id, null, hs, he, groupId);
  const laborers = await ctx.em.find(Laborer, { household: household.id }, { orderBy: { id: 'ASC' } });
  for (const l of laborers) {
    const ls = await laborerState(ctx, l.id);
    if (!ls) continue;
    const le = laborerTo(ls);
    if (!le) continue;
    checkAfter(ls, le.on);
    eventRow(ctx, await nextEventId(ctx), household.id, l.id, ls, le, groupId);
  }
  await ctx.em.flush();
  return event;
}

/** One laborer's event. */
export async function recordLaborerEvent(ctx: Context, laborer: Laborer, to: (s: SubjectState) => EventInput): Promise<RegistryEvent> {
  const ls = await laborerState(ctx, laborer.id);
  if (!ls) throw new AppError('CONFLICT', 'laborerId', { detail: 'STANDING' });
  const e = to(ls);
  checkAfter(ls, e.on);
  const event = eventRow(ctx, await nextEventId(ctx), laborer.household.id, laborer.id, ls, e, null);
  await ctx.em.flush();
  return event;
}

export function refuseStanding(field = 'id'): never {
  throw new AppError('CONFLICT', field, { detail: 'STANDING' });
}

/** A household moved to another village: its event and those of its laborers still in the registry (dated `on`). */
export async function recordHouseholdMove(ctx: Context, household: Household, toVillage: string, on: string, reason: string | null, evidence: string | null): Promise<void> {
  await recordHouseholdEvent(
    ctx,
    household,
    (s) => {
      if (s.standing === 'LEFT') refuseStanding('villageId');
      if (s.villageCode === toVillage) throw new AppError('VALIDATION_FAILED', 'villageId', { detail: 'SAME_VILLAGE' });
      return { kind: 'MOVED', on, standing: s.standing, villageCode: toVillage, reason, evidence };
    },
    (s) => (s.standing === 'LEFT' || s.villageCode === toVillage ? null : { kind: 'MOVED', on, standing: s.standing, villageCode: toVillage, reason, evidence }),
  );
}

/** A laborer moved to a household of another village (keeping the person and their history). */
export async function recordLaborerMove(ctx: Context, laborer: Laborer, toVillage: string, on: string): Promise<void> {
  const s = await laborerState(ctx, laborer.id);
  if (!s || s.standing === 'LEFT' || s.villageCode === toVillage) return;
  await recordLaborerEvent(ctx, laborer, (st) => ({ kind: 'MOVED', on: on < st.occurredOn ? st.occurredOn : on, standing: st.standing, villageCode: toVillage, reason: '变更所属贫困户' }));
}

/** Re-reads the derived status columns the event triggers wrote. */
export async function reloadStanding<T extends Household | Laborer>(ctx: Context, row: T): Promise<T> {
  await ctx.em.refresh(row as never);
  return row;
}
