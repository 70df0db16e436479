import type { ExitProposalStatus, LeaveReason, RegistryEventKind, RegistryStanding } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, inTransaction, mustFind } from '../../common/crud';
import { AppError } from '../../common/errors';
import { and, BaseFilter, intId, setIf } from '../../common/list';
import { groupByKeys } from '../../common/loaders';
import { LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { mustFindVillage, withinRegion } from '../region/region.service';
import { Household } from '../registry/household.entity';
import { Laborer } from '../registry/laborer.entity';
import { ExitProposal } from './exit-proposal.entity';
import { ExitProposalStatusEnum, LeaveReasonEnum, RegistryEventKindEnum, RegistryStandingEnum } from './lifecycle.enums';
import {
  checkDay,
  householdState,
  laborerState,
  optionalText,
  recordHouseholdEvent,
  recordHouseholdMove,
  recordLaborerEvent,
  refuseStanding,
  requiredText,
  requireLevel,
  today,
} from './lifecycle.service';
import { RegistryEvent } from './registry-event.entity';

// ---------- events ----------

@InputType({ description: 'Filter of the registry event list; all given conditions must hold.' })
export class RegistryEventFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only events in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: 'Only events of this household (its own and its laborers’).' })
  householdId?: string;
  @Field(() => ID, { nullable: true, description: 'Only events of this laborer.' })
  laborerId?: string;
  @Field(() => RegistryEventKindEnum, { nullable: true, description: 'Only this kind.' })
  kind?: RegistryEventKind;
  @Field(() => LocalDate, { nullable: true, description: 'Effective on or after this day.' })
  occurredOn_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Effective on or before this day.' })
  occurredOn_lte?: string;
}

function eventWhere(f?: RegistryEventFilter): FilterQuery<RegistryEvent> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => String(intId(i, 'ids'))) } }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.householdId, () => ({ householdId: intId(f.householdId!, 'householdId') }));
  setIf(w, f.laborerId, () => ({ laborerId: intId(f.laborerId!, 'laborerId') }));
  setIf(w, f.kind, () => ({ kind: f.kind }));
  setIf(w, f.occurredOn_gte, () => ({ occurredOn: { $gte: f.occurredOn_gte } }));
  setIf(w, f.occurredOn_lte, () => ({ occurredOn: { $lte: f.occurredOn_lte } }));
  return and<RegistryEvent>(w);
}

const eventCrud = crudResolvers<RegistryEvent, RegistryEventFilter>({
  name: 'RegistryEvent',
  type: RegistryEvent,
  entity: RegistryEvent,
  filter: RegistryEventFilter,
  where: eventWhere,
  parseId: (id) => String(intId(id)),
  sortable: { id: 'id', occurredOn: 'occurredOn', kind: 'kind', villageId: 'village', recordedAt: 'recordedAt' },
});

@ArgsType()
class EventArgs {
  @Field(() => LocalDate, { nullable: true, description: 'Day it takes effect (default today); not before the latest event, not in the future.' })
  on?: string;
  @Field(() => String, { nullable: true, description: 'Evidence note (佐证材料).' })
  evidence?: string | null;
}

@ArgsType()
class ReturnArgs extends EventArgs {
  @Field(() => ID, { description: 'Household returning to poverty.' })
  householdId!: string;
  @Field({ description: 'Reason (返贫原因), required.' })
  reason!: string;
}

@ArgsType()
class LeaveArgs extends EventArgs {
  @Field(() => ID, { nullable: true, description: 'Household leaving (with all its laborers); give this or laborerId.' })
  householdId?: string;
  @Field(() => ID, { nullable: true, description: 'One laborer leaving.' })
  laborerId?: string;
  @Field(() => LeaveReasonEnum, { description: 'Why (自然减少原因).' })
  leaveReason!: LeaveReason;
  @Field(() => String, { nullable: true, description: 'Details of the reason.' })
  reason?: string | null;
}

@ArgsType()
class MoveArgs extends EventArgs {
  @Field(() => ID, { description: 'Household moving.' })
  householdId!: string;
  @Field(() => ID, { description: 'Village moved to; the laborers follow, keeping their history.' })
  villageId!: string;
  @Field(() => String, { nullable: true, description: 'Reason.' })
  reason?: string | null;
}

@Resolver()
export class RegistryEventMutations {
  @Mutation(() => Household, { description: '返贫: a household (and its exited laborers) returns to poverty. Needs a county-level operator (or a city administrator) and a reason; one transaction, audited.' })
  returnToPoverty(@Args(() => ReturnArgs) a: ReturnArgs, @Ctx() ctx: Context): Promise<Household> {
    return inTransaction(ctx, async (tx) => {
      requireLevel(tx, 'COUNTY', 'householdId', true);
      const reason = requiredText(a.reason, 'reason', 200);
      const on = checkDay(a.on, 'on');
      const evidence = optionalText(a.evidence, 'evidence', 500);
      const h = await mustFind(tx, Household, intId(a.householdId, 'householdId'), 'householdId');
      await recordHouseholdEvent(
        tx,
        h,
        (s) => (s.standing === 'EXITED' ? { kind: 'RETURNED', on, standing: 'POOR', villageCode: s.villageCode, reason, evidence } : refuseStanding('householdId')),
        (s) => (s.standing === 'EXITED' ? { kind: 'RETURNED', on: on < s.occurredOn ? s.occurredOn : on, standing: 'POOR', villageCode: s.villageCode, reason, evidence } : null),
      );
      await tx.em.refresh(h);
      return h;
    });
  }

  @Mutation(() => RegistryEvent, { description: '自然减少: a household (with its laborers) or one laborer leaves the registry (died, moved out of the city, other). One transaction, audited.' })
  recordLeaving(@Args(() => LeaveArgs) a: LeaveArgs, @Ctx() ctx: Context): Promise<RegistryEvent> {
    return inTransaction(ctx, async (tx) => {
      if (!a.householdId === !a.laborerId) throw new AppError('REQUIRED', a.householdId ? 'laborerId' : 'householdId');
      const on = checkDay(a.on, 'on');
      const reason = optionalText(a.reason, 'reason', 200);
      const evidence = optionalText(a.evidence, 'evidence', 500);
      const left = (s: { standing: RegistryStanding; villageCode: string; occurredOn: string }) =>
        ({ kind: 'LEFT', on: on < s.occurredOn ? s.occurredOn : on, standing: 'LEFT', villageCode: s.villageCode, leaveReason: a.leaveReason, reason, evidence }) as const;
      if (a.householdId) {
        const h = await mustFind(tx, Household, intId(a.householdId, 'householdId'), 'householdId');
        return recordHouseholdEvent(
          tx,
          h,
          (s) => (s.standing === 'LEFT' ? refuseStanding('householdId') : { ...left(s), on }),
          (s) => (s.standing === 'LEFT' ? null : left(s)),
        );
      }
      const l = await mustFind(tx, Laborer, intId(a.laborerId!, 'laborerId'), 'laborerId');
      return recordLaborerEvent(tx, l, (s) => (s.standing === 'LEFT' ? refuseStanding('laborerId') : { ...left(s), on }));
    });
  }

  @Mutation(() => Household, { description: 'A household moves to another village (迁移): its laborers follow, each keeping their history; dated events, one transaction, audited.' })
  moveHousehold(@Args(() => MoveArgs) a: MoveArgs, @Ctx() ctx: Context): Promise<Household> {
    return inTransaction(ctx, async (tx) => {
      const on = checkDay(a.on, 'on');
      const h = await mustFind(tx, Household, intId(a.householdId, 'householdId'), 'householdId');
      const village = await mustFindVillage(tx, a.villageId);
      await recordHouseholdMove(tx, h, village.code, on, optionalText(a.reason, 'reason', 200), optionalText(a.evidence, 'evidence', 500));
      h.village = tx.em.getReference(Region, village.code, { wrapped: true });
      await tx.em.flush();
      await tx.em.refresh(h);
      return h;
    });
  }

  @Mutation(() => [RegistryEvent], {
    description:
      'A correction (更正): cancels the latest effective event of its subject (and the events recorded with it, e.g. a household exit and its laborers’) with new events; nothing is updated or deleted. A registration cannot be cancelled; an exit or return needs a county-level operator or a city administrator.',
  })
  cancelRegistryEvent(
    @Arg('id', () => ID, { description: 'The event to cancel.' }) id: string,
    @Arg('reason', { description: 'Why (更正原因), required.' }) reasonArg: string,
    @Ctx() ctx: Context,
  ): Promise<RegistryEvent[]> {
    return inTransaction(ctx, async (tx) => {
      const reason = requiredText(reasonArg, 'reason', 200);
      const target = await mustFind(tx, RegistryEvent, String(intId(id, 'eventId')), 'eventId');
      if (target.kind === 'REGISTERED') throw new AppError('VALIDATION_FAILED', 'eventId', { detail: 'CANCEL_REGISTERED' });
      if (target.kind === 'CANCELLED') throw new AppError('VALIDATION_FAILED', 'eventId', { detail: 'CANCEL_LATEST' });
      if (target.kind === 'EXITED' || target.kind === 'RETURNED') requireLevel(tx, 'COUNTY', 'eventId', true);
      const group = target.groupId ? await tx.em.find(RegistryEvent, { groupId: target.groupId }, { orderBy: { id: 'ASC' } }) : [target];
      const out: RegistryEvent[] = [];
      for (const e of group) {
        const latest = e.laborerId ? await laborerState(tx, e.laborerId) : await householdState(tx, e.householdId);
        if (latest?.id !== e.id) throw new AppError('VALIDATION_FAILED', 'eventId', { detail: 'CANCEL_LATEST' });
        const [{ nid }] = await tx.em.getConnection().execute<{ nid: string }[]>(`select nextval(pg_get_serial_sequence('registry_event', 'id'))::text as nid`, [], 'all', tx.em.getTransactionContext());
        out.push(
          tx.em.create(RegistryEvent, {
            id: nid,
            householdId: e.householdId,
            laborerId: e.laborerId ?? null,
            kind: 'CANCELLED',
            occurredOn: e.occurredOn,
            village: tx.em.getReference(Region, e.prevVillageCode ?? e.villageId),
            standing: e.prevStanding!,
            prevVillageCode: e.villageId,
            prevStanding: e.standing,
            cancelsId: e.id,
            cancelledKind: e.kind,
            reason,
            recordedBy: tx.principal?.userId ?? null,
            recordedByName: tx.principal?.username ?? '系统',
          } as never),
        );
      }
      await tx.em.flush();
      return out;
    });
  }
}

// ---------- exit proposals ----------

@InputType({ description: 'Filter of the exit proposal list; all given conditions must hold.' })
export class ExitProposalFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only proposals in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: 'Only proposals of this household.' })
  householdId?: string;
  @Field(() => ExitProposalStatusEnum, { nullable: true, description: 'Only this step.' })
  status?: ExitProposalStatus;
  @Field({ nullable: true, description: 'true: only proposals still in progress (proposed or reviewed); false: only ended ones.' })
  open?: boolean;
  @Field(() => Int, { nullable: true, description: 'Only this exit year.' })
  exitYear?: number;
}

function proposalWhere(f?: ExitProposalFilter): FilterQuery<ExitProposal> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.householdId, () => ({ householdId: intId(f.householdId!, 'householdId') }));
  setIf(w, f.status, () => ({ status: f.status }));
  setIf(w, f.open, () => ({ status: f.open ? { $in: ['PROPOSED', 'REVIEWED'] } : { $in: ['DECIDED', 'REJECTED'] } }));
  setIf(w, f.exitYear, () => ({ exitYear: f.exitYear }));
  return and<ExitProposal>(w);
}

const proposalCrud = crudResolvers<ExitProposal, ExitProposalFilter>({
  name: 'ExitProposal',
  type: ExitProposal,
  entity: ExitProposal,
  filter: ExitProposalFilter,
  where: proposalWhere,
  sortable: { id: 'id', proposedOn: 'proposedOn', status: 'status', exitYear: 'exitYear', villageId: 'village', householdId: 'householdId' },
});

@ArgsType()
class ProposeArgs {
  @Field(() => ID, { description: 'Household proposed for exit.' })
  householdId!: string;
  @Field(() => Int, { description: 'Exit year (脱贫年度).' })
  exitYear!: number;
  @Field({ description: 'A member of the household is in work in the year.' })
  memberEmployed!: boolean;
  @Field(() => String, { nullable: true, description: 'Who works where.' })
  employmentNote?: string | null;
  @Field(() => Float, { description: 'Per-capita net income in the year, yuan.' })
  incomePerCapita!: number;
  @Field(() => Float, { description: "The year's poverty line, yuan per person." })
  povertyLine!: number;
  @Field(() => LocalDate, { nullable: true, description: 'Day proposed (default today).' })
  on?: string;
  @Field(() => String, { nullable: true, description: "The village's remark." })
  remark?: string | null;
}

@ArgsType()
class StepArgs {
  @Field(() => ID, { description: 'Proposal id.' })
  id!: string;
  @Field({ description: 'true: passes this step; false: rejects the proposal (a remark is then required as the reason).' })
  approve!: boolean;
  @Field(() => LocalDate, { nullable: true, description: 'Day of the step (default today); not before the previous step.' })
  on?: string;
  @Field(() => String, { nullable: true, description: 'Remark (意见); the reason when rejecting.' })
  remark?: string | null;
}

const STATUS_DETAIL: Record<ExitProposalStatus, string> = { PROPOSED: 'EXIT_PROPOSED', REVIEWED: 'EXIT_REVIEWED', DECIDED: 'EXIT_DECIDED', REJECTED: 'EXIT_REJECTED' };

function money(v: number, field: string, positive: boolean): string {
  if (!Number.isFinite(v) || v < 0 || (positive && v === 0) || v > 1e7 || Math.round(v * 100) !== v * 100) throw new AppError('VALIDATION_FAILED', field);
  return v.toFixed(2);
}

async function step(ctx: Context, a: StepArgs, from: ExitProposalStatus, to: ExitProposalStatus, level: 'TOWNSHIP' | 'COUNTY'): Promise<ExitProposal> {
  const p = await mustFind(ctx, ExitProposal, intId(a.id), 'id');
  requireLevel(ctx, level);
  if (p.status !== from) throw new AppError('ILLEGAL_TRANSITION', 'status', { from: STATUS_DETAIL[p.status], to: STATUS_DETAIL[a.approve ? to : 'REJECTED'] });
  const on = checkDay(a.on, 'on');
  const previous = from === 'PROPOSED' ? p.proposedOn : p.reviewedOn!;
  if (on < previous) throw new AppError('VALIDATION_FAILED', 'on', { detail: 'EVENT_ORDER' });
  const remark = a.approve ? optionalText(a.remark, 'remark', 500) : requiredText(a.remark, 'remark', 500);
  const who = { by: ctx.principal!.userId, name: ctx.principal!.username };
  if (!a.approve) {
    Object.assign(p, { status: 'REJECTED', rejectedOn: on, rejectedBy: who.by, rejectedByName: who.name, rejectedStep: level === 'TOWNSHIP' ? 'REVIEW' : 'DECISION', rejectionReason: remark });
  } else if (to === 'REVIEWED') {
    Object.assign(p, { status: 'REVIEWED', reviewedOn: on, reviewedBy: who.by, reviewedByName: who.name, reviewRemark: remark });
  } else {
    Object.assign(p, { status: 'DECIDED', decidedOn: on, decidedBy: who.by, decidedByName: who.name, decisionRemark: remark });
  }
  await ctx.em.flush();
  if (p.status === 'DECIDED') {
    // Only now, and only from here, the exit events: the household and its laborers still in poverty.
    const h = await mustFind(ctx, Household, p.householdId, 'householdId');
    await recordHouseholdEvent(
      ctx,
      h,
      (s) => (s.standing === 'POOR' ? { kind: 'EXITED', on, standing: 'EXITED', villageCode: s.villageCode, exitYear: p.exitYear, proposalId: p.id, reason: '县审定脱贫' } : refuseStanding('householdId')),
      (s) => (s.standing === 'POOR' ? { kind: 'EXITED', on: on < s.occurredOn ? s.occurredOn : on, standing: 'EXITED', villageCode: s.villageCode, exitYear: p.exitYear, proposalId: p.id, reason: '县审定脱贫' } : null),
    );
  }
  return p;
}

@Resolver()
export class ExitProposalMutations {
  @Mutation(() => ExitProposal, { description: '村申请: a village-level operator proposes a poor household for exit, with the facts the office checks. One open proposal per household; audited.' })
  proposeExit(@Args(() => ProposeArgs) a: ProposeArgs, @Ctx() ctx: Context): Promise<ExitProposal> {
    return inTransaction(ctx, async (tx) => {
      const h = await mustFind(tx, Household, intId(a.householdId, 'householdId'), 'householdId');
      requireLevel(tx, 'VILLAGE');
      const s = await householdState(tx, h.id);
      if (s?.standing !== 'POOR') refuseStanding('householdId');
      const on = checkDay(a.on, 'on');
      if (!Number.isInteger(a.exitYear) || a.exitYear < 2014 || a.exitYear > Number(today().slice(0, 4)) + 1) throw new AppError('VALIDATION_FAILED', 'exitYear');
      const open = await tx.em.count(ExitProposal, { householdId: h.id, status: { $in: ['PROPOSED', 'REVIEWED'] } });
      if (open) throw new AppError('CONFLICT', 'householdId', { detail: 'OPEN_PROPOSAL' });
      const p = tx.em.create(ExitProposal, {
        householdId: h.id,
        village: h.village,
        exitYear: a.exitYear,
        memberEmployed: a.memberEmployed,
        employmentNote: optionalText(a.employmentNote, 'employmentNote', 200),
        incomePerCapitaRaw: money(a.incomePerCapita, 'incomePerCapita', false),
        povertyLineRaw: money(a.povertyLine, 'povertyLine', true),
        status: 'PROPOSED',
        proposedOn: on,
        proposedBy: tx.principal!.userId,
        proposedByName: tx.principal!.username,
        proposalRemark: optionalText(a.remark, 'remark', 500),
      } as never);
      await tx.em.flush();
      return p;
    });
  }

  @Mutation(() => ExitProposal, { description: '乡镇审核: a township-level operator of the household’s township passes or rejects a proposed exit. Refused (ILLEGAL_TRANSITION) out of order or twice.' })
  reviewExit(@Args(() => StepArgs) a: StepArgs, @Ctx() ctx: Context): Promise<ExitProposal> {
    return inTransaction(ctx, (tx) => step(tx, a, 'PROPOSED', 'REVIEWED', 'TOWNSHIP'));
  }

  @Mutation(() => ExitProposal, { description: '县审定: a county-level operator decides a reviewed exit; approving writes the exit events of the household and its laborers (the only way an exit is recorded).' })
  decideExit(@Args(() => StepArgs) a: StepArgs, @Ctx() ctx: Context): Promise<ExitProposal> {
    return inTransaction(ctx, (tx) => step(tx, a, 'REVIEWED', 'DECIDED', 'COUNTY'));
  }
}

// ---------- a record as of a date ----------

@ObjectType({ description: 'What a household or laborer looked like in the registry on a date, from its events.' })
export class StandingAsOf {
  @Field(() => LocalDate, { description: 'The date asked.' })
  date!: string;
  @Field({ description: 'Whether it was in the registry on that date (registered and not left).' })
  registered!: boolean;
  @Field(() => RegistryStandingEnum, { nullable: true, description: 'Standing on that date; null before its registration.' })
  standing!: RegistryStanding | null;
  @Field(() => ID, { nullable: true, description: 'Village on that date.' })
  villageId!: string | null;
  @Field(() => Int, { nullable: true, description: 'Exit year, when it had exited by then.' })
  exitYear!: number | null;
  @Field(() => LocalDate, { nullable: true, description: 'Day of the latest event up to that date.' })
  since!: string | null;
}

const AS_OF = `select e.standing, e.village_code, to_char(e.occurred_on, 'YYYY-MM-DD') as since,
    (select x.exit_year from registry_event x where %SUBJECT_X% and x.kind = 'EXITED' and x.occurred_on <= ?::date
       and not exists (select 1 from registry_event c where c.cancels_id = x.id) order by x.occurred_on desc, x.id desc limit 1) as exit_year
  from registry_event e
  where %SUBJECT_E% and e.occurred_on <= ?::date and e.kind <> 'CANCELLED' and not exists (select 1 from registry_event c where c.cancels_id = e.id)
  order by e.occurred_on desc, e.id desc limit 1`;

export async function standingAsOf(ctx: Context, subject: { householdId: number } | { laborerId: number }, date: string): Promise<StandingAsOf> {
  const [cond, id] = 'laborerId' in subject ? ['%.laborer_id = ?', subject.laborerId] : ['%.household_id = ? and %.laborer_id is null', subject.householdId];
  const sql = AS_OF.replace('%SUBJECT_X%', cond.replaceAll('%', 'x')).replace('%SUBJECT_E%', cond.replaceAll('%', 'e'));
  const [r] = await ctx.em.getConnection().execute(sql, [id, date, id, date]);
  const out = Object.assign(new StandingAsOf(), { date, registered: false, standing: null, villageId: null, exitYear: null, since: null });
  if (!r) return out;
  const standing = r.standing as RegistryStanding;
  return Object.assign(out, { registered: standing !== 'LEFT', standing, villageId: r.village_code, exitYear: standing === 'EXITED' ? r.exit_year : null, since: r.since });
}

@Resolver(() => Household)
export class HouseholdLifecycleFields {
  @FieldResolver(() => [RegistryEvent], { description: 'The registry events of the household and its laborers, in time order (the timeline).' })
  events(@Root() h: Household, @Ctx() ctx: Context): Promise<RegistryEvent[]> {
    return ctx.loaders
      .get<number, RegistryEvent[]>('household.events', async (ids) => groupByKeys(ids, await ctx.em.find(RegistryEvent, { householdId: { $in: [...ids] } }, { orderBy: { occurredOn: 'ASC', id: 'ASC' } }), (e) => e.householdId))
      .load(h.id);
  }

  @FieldResolver(() => [ExitProposal], { description: 'Exit proposals of the household, newest first.' })
  exitProposals(@Root() h: Household, @Ctx() ctx: Context): Promise<ExitProposal[]> {
    return ctx.loaders
      .get<number, ExitProposal[]>('household.exitProposals', async (ids) => groupByKeys(ids, await ctx.em.find(ExitProposal, { householdId: { $in: [...ids] } }, { orderBy: { id: 'DESC' } }), (p) => p.householdId))
      .load(h.id);
  }

  @FieldResolver(() => StandingAsOf, { description: 'The household as registered on a date (Household(id) as of that date).' })
  asOf(@Root() h: Household, @Arg('date', () => LocalDate, { description: 'The date.' }) date: string, @Ctx() ctx: Context): Promise<StandingAsOf> {
    return standingAsOf(ctx, { householdId: h.id }, date);
  }
}

@Resolver(() => Laborer)
export class LaborerLifecycleFields {
  @FieldResolver(() => [RegistryEvent], { description: 'The registry events of the laborer, in time order (the timeline; a move keeps them).' })
  events(@Root() l: Laborer, @Ctx() ctx: Context): Promise<RegistryEvent[]> {
    return ctx.loaders
      .get<number, RegistryEvent[]>('laborer.events', async (ids) => groupByKeys(ids, await ctx.em.find(RegistryEvent, { laborerId: { $in: [...ids] } }, { orderBy: { occurredOn: 'ASC', id: 'ASC' } }), (e) => e.laborerId!))
      .load(l.id);
  }

  @FieldResolver(() => StandingAsOf, { description: 'The laborer as registered on a date (Laborer(id) as of that date).' })
  asOf(@Root() l: Laborer, @Arg('date', () => LocalDate, { description: 'The date.' }) date: string, @Ctx() ctx: Context): Promise<StandingAsOf> {
    return standingAsOf(ctx, { laborerId: l.id }, date);
  }
}

export const lifecycleResolvers = [...eventCrud, RegistryEventMutations, ...proposalCrud, ExitProposalMutations, HouseholdLifecycleFields, LaborerLifecycleFields];
