import type { PlanMeasureKind } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, inTransaction, mustFind, mustFindRef, removeAndReturn } from '../../common/crud';
import { AppError } from '../../common/errors';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { byKeys, groupByKeys } from '../../common/loaders';
import { LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { withinRegion } from '../region/region.service';
import { Household } from '../registry/household.entity';
import { Laborer } from '../registry/laborer.entity';
import { checkName, checkPhone, householdLoader } from '../registry/registry.service';
import { Helper, HelperAssignment } from './helper.entity';
import { MeasureStateEnum, PlanMeasureKindEnum } from './lifecycle.enums';
import { checkDay, optionalText, today } from './lifecycle.service';
import { AssistancePlan, PlanMeasure } from './plan.entity';

// ---------- helpers (帮扶责任人) ----------

@InputType({ description: 'Filter of the helper list; all given conditions must hold.' })
export class HelperFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the name or work unit.' })
  q?: string;
  @Field(() => ID, { nullable: true, description: 'Only helpers serving a region in the subtree of this code.' })
  regionCode?: string;
}

function helperWhere(f?: HelperFilter): FilterQuery<Helper> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ $or: [{ name: { $like: `%${likeEscape(f.q!)}%` } }, { workUnit: { $like: `%${likeEscape(f.q!)}%` } }] }));
  setIf(w, f.regionCode, () => ({ region: withinRegion(f.regionCode!, 'regionCode') }));
  return and<Helper>(w);
}

@ArgsType()
class HelperFields {
  @Field(() => String, { nullable: true, description: 'Post (职务).' })
  post?: string | null;
  @Field(() => String, { nullable: true, description: 'Phone.' })
  phone?: string | null;
}
@ArgsType()
class CreateHelperArgs extends HelperFields {
  @Field({ description: 'Name.' })
  name!: string;
  @Field({ description: 'Work unit.' })
  workUnit!: string;
  @Field(() => ID, { description: 'Region served (village, township or county code).' })
  regionCode!: string;
}
@ArgsType()
class UpdateHelperArgs extends HelperFields {
  @Field(() => ID, { description: 'Helper id.' })
  id!: string;
  @Field({ nullable: true, description: 'Name.' })
  name?: string;
  @Field({ nullable: true, description: 'Work unit.' })
  workUnit?: string;
  @Field(() => ID, { nullable: true, description: 'Region served.' })
  regionCode?: string;
}

async function regionServed(ctx: Context, code: string): Promise<Region> {
  const r = /^\d{12}$/.test(code) ? await ctx.em.findOne(Region, code) : null;
  if (!r || r.level === 'CITY') throw new AppError('INVALID_REFERENCE', 'regionCode');
  return r;
}

const helperCrud = crudResolvers<Helper, HelperFilter>({
  name: 'Helper',
  type: Helper,
  entity: Helper,
  filter: HelperFilter,
  where: helperWhere,
  sortable: { id: 'id', name: 'name', workUnit: 'workUnit', regionCode: 'region' },
  create: {
    args: CreateHelperArgs,
    async run(ctx, a: CreateHelperArgs) {
      const h = ctx.em.create(Helper, {
        name: checkName(a.name, 'name'),
        workUnit: checkName(a.workUnit, 'workUnit', 100),
        post: optionalText(a.post, 'post', 64),
        phone: checkPhone(a.phone),
        region: await regionServed(ctx, a.regionCode),
      } as never);
      await ctx.em.flush();
      return h;
    },
  },
  update: {
    args: UpdateHelperArgs,
    async run(ctx, a: UpdateHelperArgs) {
      const h = await mustFind(ctx, Helper, intId(a.id));
      if (a.name != null) h.name = checkName(a.name, 'name');
      if (a.workUnit != null) h.workUnit = checkName(a.workUnit, 'workUnit', 100);
      if (a.post !== undefined) h.post = optionalText(a.post, 'post', 64);
      if (a.phone !== undefined) h.phone = checkPhone(a.phone);
      if (a.regionCode != null) h.region = ctx.em.getReference(Region, (await regionServed(ctx, a.regionCode)).code, { wrapped: true });
      await ctx.em.flush();
      return h;
    },
  },
  async remove(ctx, id) {
    return removeAndReturn(ctx, await mustFind(ctx, Helper, id));
  },
});

@InputType({ description: 'Filter of the helper assignment list.' })
export class HelperAssignmentFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only assignments in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: "Only this helper's assignments (the helper's households)." })
  helperId?: string;
  @Field(() => ID, { nullable: true, description: "Only this household's (its history)." })
  householdId?: string;
  @Field({ nullable: true, description: 'true: only current ones; false: only ended ones.' })
  current?: boolean;
}

const assignmentCrud = crudResolvers<HelperAssignment, HelperAssignmentFilter>({
  name: 'HelperAssignment',
  type: HelperAssignment,
  entity: HelperAssignment,
  filter: HelperAssignmentFilter,
  where(f) {
    if (!f) return {};
    const w: Record<string, unknown>[] = [];
    setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
    setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
    setIf(w, f.helperId, () => ({ helperId: intId(f.helperId!, 'helperId') }));
    setIf(w, f.householdId, () => ({ householdId: intId(f.householdId!, 'householdId') }));
    setIf(w, f.current, () => ({ endDate: f.current ? null : { $ne: null } }));
    return and<HelperAssignment>(w);
  },
  sortable: { id: 'id', startDate: 'startDate', endDate: 'endDate', householdId: 'householdId', helperId: 'helperId' },
});

@Resolver()
export class HelperMutations {
  @Mutation(() => HelperAssignment, { description: '一户一帮: assigns a household to a helper from a start date; a current assignment to someone else ends on that day (history kept). One transaction, audited.' })
  assignHelper(
    @Arg('householdId', () => ID, { description: 'Household.' }) householdId: string,
    @Arg('helperId', () => ID, { description: 'Helper.' }) helperId: string,
    @Arg('startDate', () => LocalDate, { nullable: true, description: 'First day (default today).' }) startDate: string | undefined,
    @Arg('note', () => String, { nullable: true, description: 'Note.' }) note: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<HelperAssignment> {
    return inTransaction(ctx, async (tx) => {
      const h = await mustFind(tx, Household, intId(householdId, 'householdId'), 'householdId');
      const helper = await mustFindRef(tx, Helper, helperId, 'helperId');
      const on = checkDay(startDate, 'startDate');
      const current = await tx.em.findOne(HelperAssignment, { householdId: h.id, endDate: null });
      if (current) {
        if (current.helperId === helper.id) throw new AppError('CONFLICT', 'helperId', { detail: 'SAME_HELPER' });
        if (on < current.startDate) throw new AppError('VALIDATION_FAILED', 'startDate', { detail: 'EVENT_ORDER' });
        current.endDate = on;
        await tx.em.flush();
      }
      const a = tx.em.create(HelperAssignment, { householdId: h.id, village: h.village, helperId: helper.id, startDate: on, note: optionalText(note, 'note', 200) } as never);
      await tx.em.flush();
      return a;
    });
  }
}

@Resolver(() => Helper)
export class HelperFields2 {
  @FieldResolver(() => Region, { description: 'Region served.' })
  region(@Root() h: Helper, @Ctx() ctx: Context) {
    return ctx.em.findOne(Region, h.regionCode);
  }
  @FieldResolver(() => [HelperAssignment], { description: "The helper's current households (assignments not ended)." })
  households(@Root() h: Helper, @Ctx() ctx: Context): Promise<HelperAssignment[]> {
    return ctx.loaders
      .get<number, HelperAssignment[]>('helper.households', async (ids) =>
        groupByKeys(ids, await ctx.em.find(HelperAssignment, { helperId: { $in: [...ids] }, endDate: null }, { orderBy: { householdId: 'ASC' } }), (a) => a.helperId),
      )
      .load(h.id);
  }
}

@Resolver(() => HelperAssignment)
export class HelperAssignmentFields {
  @FieldResolver(() => Helper, { nullable: true, description: 'The helper.' })
  helper(@Root() a: HelperAssignment, @Ctx() ctx: Context) {
    return ctx.loaders.get<number, Helper | null>('helper.byId', async (ids) => {
      const rows = await ctx.em.find(Helper, { id: { $in: [...ids] } });
      return ids.map((i) => rows.find((r) => r.id === i) ?? null);
    }).load(a.helperId);
  }
  @FieldResolver(() => Household, { nullable: true, description: 'The household.' })
  household(@Root() a: HelperAssignment, @Ctx() ctx: Context) {
    return householdLoader(ctx).load(a.householdId);
  }
}

@Resolver(() => Household)
export class HouseholdHelperFields {
  @FieldResolver(() => HelperAssignment, { nullable: true, description: "The household's current helper assignment (一户一帮); null when it has none." })
  currentHelper(@Root() h: Household, @Ctx() ctx: Context) {
    return ctx.loaders.get<number, HelperAssignment | null>('assignment.current', async (ids) => {
      const rows = await ctx.em.find(HelperAssignment, { householdId: { $in: [...ids] }, endDate: null });
      return ids.map((i) => rows.find((r) => r.householdId === i) ?? null);
    }).load(h.id);
  }
  @FieldResolver(() => [HelperAssignment], { description: "The household's helper history, oldest first." })
  helperHistory(@Root() h: Household, @Ctx() ctx: Context) {
    return ctx.loaders
      .get<number, HelperAssignment[]>('household.helperHistory', async (ids) =>
        groupByKeys(ids, await ctx.em.find(HelperAssignment, { householdId: { $in: [...ids] } }, { orderBy: { startDate: 'ASC', id: 'ASC' } }), (a) => a.householdId),
      )
      .load(h.id);
  }
}

// ---------- plans (一人一策) ----------

@InputType({ description: 'Filter of the plan list.' })
export class AssistancePlanFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only plans in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: "Only this laborer's plan." })
  laborerId?: string;
}

@ArgsType()
class CreatePlanArgs {
  @Field(() => ID, { description: 'Laborer (one plan each).' })
  laborerId!: string;
  @Field(() => LocalDate, { nullable: true, description: 'Day drawn up (default today).' })
  drawnUpOn?: string;
  @Field(() => String, { nullable: true, description: 'Note.' })
  note?: string | null;
}

const planCrud = crudResolvers<AssistancePlan, AssistancePlanFilter>({
  name: 'AssistancePlan',
  type: AssistancePlan,
  entity: AssistancePlan,
  filter: AssistancePlanFilter,
  where(f) {
    if (!f) return {};
    const w: Record<string, unknown>[] = [];
    setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
    setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
    setIf(w, f.laborerId, () => ({ laborerId: intId(f.laborerId!, 'laborerId') }));
    return and<AssistancePlan>(w);
  },
  sortable: { id: 'id', drawnUpOn: 'drawnUpOn', laborerId: 'laborerId' },
  create: {
    args: CreatePlanArgs,
    async run(ctx, a: CreatePlanArgs) {
      const l = await mustFindRef(ctx, Laborer, a.laborerId, 'laborerId');
      if (await ctx.em.count(AssistancePlan, { laborerId: l.id })) throw new AppError('DUPLICATE', 'laborerId');
      const p = ctx.em.create(AssistancePlan, { laborerId: l.id, village: l.village, drawnUpOn: checkDay(a.drawnUpOn, 'drawnUpOn'), note: optionalText(a.note, 'note', 500) } as never);
      await ctx.em.flush();
      return p;
    },
  },
});

@InputType({ description: 'Filter of the plan measure list.' })
export class PlanMeasureFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only measures in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: "Only this plan's measures." })
  planId?: string;
  @Field(() => ID, { nullable: true, description: "Only this laborer's measures." })
  laborerId?: string;
  @Field(() => PlanMeasureKindEnum, { nullable: true, description: 'Only this kind.' })
  kind?: PlanMeasureKind;
  @Field(() => MeasureStateEnum, { nullable: true, description: 'Only met, pending or overdue measures (as of today).' })
  state?: 'MET' | 'PENDING' | 'OVERDUE';
}

const measureCrud = crudResolvers<PlanMeasure, PlanMeasureFilter>({
  name: 'PlanMeasure',
  type: PlanMeasure,
  entity: PlanMeasure,
  filter: PlanMeasureFilter,
  where(f) {
    if (!f) return {};
    const w: Record<string, unknown>[] = [];
    setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
    setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
    setIf(w, f.planId, () => ({ planId: intId(f.planId!, 'planId') }));
    setIf(w, f.laborerId, () => ({ laborerId: intId(f.laborerId!, 'laborerId') }));
    setIf(w, f.kind, () => ({ kind: f.kind }));
    setIf(w, f.state, () =>
      f.state === 'MET' ? { metOn: { $ne: null } } : f.state === 'OVERDUE' ? { metOn: null, targetDate: { $lt: today() } } : { metOn: null, targetDate: { $gte: today() } },
    );
    return and<PlanMeasure>(w);
  },
  sortable: { id: 'id', targetDate: 'targetDate', kind: 'kind', metOn: 'metOn' },
});

@Resolver()
export class PlanMutations {
  @Mutation(() => PlanMeasure, { description: 'Adds a measure to a plan with its target date; linked to the laborer’s first matching programme record when one exists (met on its date). Audited.' })
  addPlanMeasure(
    @Arg('planId', () => ID, { description: 'Plan.' }) planId: string,
    @Arg('kind', () => PlanMeasureKindEnum, { description: 'Kind of measure.' }) kind: PlanMeasureKind,
    @Arg('targetDate', () => LocalDate, { description: 'Target date.' }) targetDate: string,
    @Arg('recordId', () => ID, { nullable: true, description: 'The programme record that fulfils it; default: the first matching one of the laborer, if any.' }) recordId: string | undefined,
    @Arg('note', () => String, { nullable: true, description: 'Note.' }) note: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<PlanMeasure> {
    return inTransaction(ctx, async (tx) => {
      const plan = await mustFindRef(tx, AssistancePlan, planId, 'planId');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(targetDate) || targetDate < '2014-01-01' || targetDate > '2100-12-31') throw new AppError('VALIDATION_FAILED', 'targetDate');
      const record = recordId != null ? intId(recordId, 'recordId') : await firstRecord(tx, kind, plan.laborerId);
      const m = tx.em.create(PlanMeasure, { planId: plan.id, laborerId: plan.laborerId, village: plan.village, kind, targetDate, recordId: record, note: optionalText(note, 'note', 200) } as never);
      await tx.em.flush();
      await tx.em.refresh(m);
      return m;
    });
  }

  @Mutation(() => PlanMeasure, { description: 'Links a measure to the programme record that fulfilled it (null unlinks). Audited.' })
  linkPlanMeasure(
    @Arg('id', () => ID, { description: 'Measure.' }) id: string,
    @Arg('recordId', () => ID, { nullable: true, description: 'The record (of the same laborer and kind).' }) recordId: string | null,
    @Ctx() ctx: Context,
  ): Promise<PlanMeasure> {
    return inTransaction(ctx, async (tx) => {
      const m = await mustFind(tx, PlanMeasure, intId(id));
      m.recordId = recordId == null ? null : intId(recordId, 'recordId');
      await tx.em.flush();
      await tx.em.refresh(m);
      return m;
    });
  }

  @Mutation(() => PlanMeasure, { description: 'Removes a measure from its plan. Audited.' })
  deletePlanMeasure(@Arg('id', () => ID, { description: 'Measure.' }) id: string, @Ctx() ctx: Context): Promise<PlanMeasure> {
    return inTransaction(ctx, async (tx) => removeAndReturn(tx, await mustFind(tx, PlanMeasure, intId(id))));
  }
}

const FIRST_RECORD: Record<PlanMeasureKind, string> = {
  TRAINING: `select id from enrollment where laborer_id = ? and completed order by completed_on, id limit 1`,
  TRANSFER_EMPLOYMENT: `select id from employment where laborer_id = ? and kind = 'TRANSFER' order by start_date, id limit 1`,
  LOCAL_EMPLOYMENT: `select id from employment where laborer_id = ? and kind = 'LOCAL' order by start_date, id limit 1`,
  WELFARE_POST: `select id from welfare_placement where laborer_id = ? order by start_date, id limit 1`,
  BUSINESS: `select id from enterprise where laborer_id = ? order by started_on, id limit 1`,
  BUSINESS_LOAN: `select id from guaranteed_loan where laborer_id = ? and disbursed_on is not null and dream_schooling_id is null order by disbursed_on, id limit 1`,
  DREAM_SCHOOLING: `select id from dream_schooling where laborer_id = ? order by intake_year, id limit 1`,
};

async function firstRecord(ctx: Context, kind: PlanMeasureKind, laborerId: number): Promise<number | null> {
  const [r] = await ctx.em.getConnection().execute(FIRST_RECORD[kind], [laborerId], 'all', ctx.em.getTransactionContext());
  return r ? Number(r.id) : null;
}

@Resolver(() => PlanMeasure)
export class PlanMeasureFields {
  @FieldResolver(() => MeasureStateEnum, { description: 'Met (its record is linked), overdue (past its target date without one, as of today) or pending.' })
  state(@Root() m: PlanMeasure): 'MET' | 'PENDING' | 'OVERDUE' {
    return m.metOn ? 'MET' : m.targetDate < today() ? 'OVERDUE' : 'PENDING';
  }
}

@Resolver(() => AssistancePlan)
export class PlanFields {
  @FieldResolver(() => [PlanMeasure], { description: 'The measures, by target date.' })
  measures(@Root() p: AssistancePlan, @Ctx() ctx: Context) {
    return ctx.loaders
      .get<number, PlanMeasure[]>('plan.measures', async (ids) => groupByKeys(ids, await ctx.em.find(PlanMeasure, { planId: { $in: [...ids] } }, { orderBy: { targetDate: 'ASC', id: 'ASC' } }), (m) => m.planId))
      .load(p.id);
  }
}

@Resolver(() => Laborer)
export class LaborerPlanFields {
  @FieldResolver(() => AssistancePlan, { nullable: true, description: 'The laborer’s assistance plan (一人一策); null when none has been drawn up.' })
  plan(@Root() l: Laborer, @Ctx() ctx: Context) {
    return ctx.loaders
      .get<number, AssistancePlan | null>('laborer.plan', async (ids) => byKeys(ids, await ctx.em.find(AssistancePlan, { laborerId: { $in: [...ids] } }), (p) => p.laborerId))
      .load(l.id);
  }
}

export const helperResolvers = [
  ...helperCrud,
  ...assignmentCrud,
  HelperMutations,
  HelperFields2,
  HelperAssignmentFields,
  HouseholdHelperFields,
  ...planCrud,
  ...measureCrud,
  PlanMutations,
  PlanMeasureFields,
  PlanFields,
  LaborerPlanFields,
];
