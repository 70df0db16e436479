import type { Education, Gender, PovertyStatus } from '@fupin/schema';
import { type FilterQuery, raw } from '@mikro-orm/postgresql';
import { ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind, removeAndReturn } from '../../common/crud';
import { AppError, registerConstraintFields } from '../../common/errors';
import { EducationEnum, GenderEnum, PovertyStatusEnum } from '../../common/enums';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { Sensitive } from '../auth/sensitive';
import { Region } from '../region/region.entity';
import { mustFindVillage, RegionService, withinRegion } from '../region/region.service';
import { Household } from './household.entity';
import { Laborer } from './laborer.entity';
import { checkDay, recordHouseholdMove, recordLaborerMove, recordRegistration, today } from '../lifecycle/lifecycle.service';
import {
  assertIdNumberFree,
  checkIdNumber,
  checkHouseholdFields,
  checkLaborerFields,
  checkName,
  householdLaborersLoader,
  householdLoader,
} from './registry.service';

// The registry's events own a household's and laborer's standing: the shared field checks never carry it.

// ---------- households ----------

@InputType({ description: 'Filter of the household list; all given conditions must hold.' })
export class HouseholdFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the head of household name.' })
  q?: string;

  @Field(() => ID, { nullable: true, description: 'Only households in the subtree of this region code.' })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: 'Only households of this village code.' })
  villageId?: string;

  @Field(() => PovertyStatusEnum, { nullable: true, description: 'Only this poverty status.' })
  povertyStatus?: PovertyStatus;

  @Field({ nullable: true, description: 'true: only households with a current helper (一户一帮); false: only those without one.' })
  hasHelper?: boolean;
}

@ArgsType()
class CreateHouseholdArgs {
  @Field(() => ID, { description: 'Village code (must be a village).' })
  villageId!: string;
  @Field({ description: 'Head of household.' })
  headName!: string;
  @Field(() => Int, { description: 'Household members, 1 to 30.' })
  memberCount!: number;
  @Field(() => String, { nullable: true, description: 'Assigned helper.' })
  helperName?: string | null;
  @Field(() => LocalDate, { nullable: true, description: 'Registration date (建档立卡日期), default today: the household counts in the registry from then (its REGISTERED event).' })
  registeredOn?: string;
}

@ArgsType()
class UpdateHouseholdArgs {
  @Field(() => ID, { description: 'Household id.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'Village code; moving the household moves its laborers and records their MOVED events dated today (moveHousehold takes a date). Status and exit year are not arguments: they follow the registry events.' })
  villageId?: string;
  @Field({ nullable: true, description: 'Head of household.' })
  headName?: string;
  @Field(() => Int, { nullable: true, description: 'Household members, 1 to 30.' })
  memberCount?: number;
  @Field(() => String, { nullable: true, description: 'Assigned helper.' })
  helperName?: string | null;
}

export function householdWhere(f?: HouseholdFilter): FilterQuery<Household> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ headName: { $like: `%${likeEscape(f.q!)}%` } }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.villageId, () => ({ village: f.villageId }));
  setIf(w, f.povertyStatus, () => ({ povertyStatus: f.povertyStatus }));
  setIf(w, f.hasHelper, () => ({ id: { [f.hasHelper ? '$in' : '$nin']: raw(`(select household_id from helper_assignment where end_date is null)`) } }));
  return and<Household>(w);
}

/**
 * A household or laborer with registry events is not deleted (its past counts would change with no event
 * saying so): leaving the registry is recorded as 自然减少 (`recordLeaving`). The database refuses it too.
 */
async function refuseWithHistory(ctx: Context, where: string, id: number): Promise<void> {
  const rows = await ctx.em.execute<{ n: number }[]>(`select count(*)::int as n from registry_event where ${where}`, [id]);
  if (rows[0].n > 0) throw new AppError('HAS_REGISTRY_EVENTS', 'id');
}
registerConstraintFields({
  household_keeps_history: { code: 'HAS_REGISTRY_EVENTS', field: 'id' },
  laborer_keeps_history: { code: 'HAS_REGISTRY_EVENTS', field: 'id' },
});

const householdCrud = crudResolvers<Household, HouseholdFilter>({
  name: 'Household',
  type: Household,
  entity: Household,
  filter: HouseholdFilter,
  where: householdWhere,
  sortable: { id: 'id', headName: 'headName', memberCount: 'memberCount', villageId: 'village', povertyStatus: 'povertyStatus', createdAt: 'createdAt' },
  create: {
    args: CreateHouseholdArgs,
    async run(ctx, a: CreateHouseholdArgs) {
      const village = await mustFindVillage(ctx, a.villageId);
      const registeredOn = checkDay(a.registeredOn, 'registeredOn');
      // A new household is POOR until its events say otherwise (the registry's events own the status).
      const h = ctx.em.create(Household, { village, helperName: null, ...checkHouseholdFields(a), povertyStatus: 'POOR', exitedPovertyYear: null } as never);
      await ctx.em.flush();
      await recordRegistration(ctx, h.id, null, village.code, registeredOn);
      return h;
    },
  },
  update: {
    args: UpdateHouseholdArgs,
    async run(ctx, a: UpdateHouseholdArgs) {
      const h = await mustFind(ctx, Household, intId(a.id));
      if (a.villageId !== undefined && a.villageId !== null && a.villageId !== h.villageId) {
        const to = (await mustFindVillage(ctx, a.villageId)).code;
        await recordHouseholdMove(ctx, h, to, today(), null, null);
        h.village = ctx.em.getReference(Region, to, { wrapped: true });
      }
      Object.assign(h, checkHouseholdFields(a, h));
      await ctx.em.flush();
      return h;
    },
  },
  async remove(ctx, id) {
    const h = await mustFind(ctx, Household, id);
    await refuseWithHistory(ctx, 'household_id = ? and laborer_id is null', h.id);
    return removeAndReturn(ctx, h);
  },
});

@Resolver(() => Household)
export class HouseholdFieldResolver {
  @FieldResolver(() => Region, { description: 'The village.' })
  village(@Root() h: Household, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(h.villageId);
  }

  @FieldResolver(() => [Laborer], { description: 'The laborers of the household.' })
  laborers(@Root() h: Household, @Ctx() ctx: Context) {
    return householdLaborersLoader(ctx).load(h.id);
  }
}

// ---------- laborers ----------

@InputType({ description: 'Filter of the laborer list; all given conditions must hold.' })
export class LaborerFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search: the name contains this text, or the ID number starts with it.' })
  q?: string;
  @Field(() => ID, { nullable: true, description: 'Only laborers in the subtree of this region code (county, township or village).' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: 'Only laborers of this household.' })
  householdId?: string;
  @Field({ nullable: true, description: 'Exact ID number.' })
  idNumber?: string;
  @Field({
    nullable: true,
    description: 'The last 4 to 8 characters of the ID number or of the phone number (a clerk reads them off a card or a call). Only for roles that see personal data.',
  })
  idOrPhoneTail?: string;
  @Field(() => GenderEnum, { nullable: true, description: 'Only this gender.' })
  gender?: Gender;
  @Field(() => EducationEnum, { nullable: true, description: 'Only this education.' })
  education?: Education;
  @Field(() => PovertyStatusEnum, { nullable: true, description: 'Only this poverty status.' })
  povertyStatus?: PovertyStatus;
  @Field({ nullable: true, description: 'Only those who want training (true) or do not (false).' })
  wantsTraining?: boolean;
  @Field({ nullable: true, description: 'Only those who want transfer employment (true) or do not (false).' })
  wantsTransfer?: boolean;
  @Field({ nullable: true, description: 'Only those who want to start a business (true) or do not (false).' })
  wantsEnterprise?: boolean;
  @Field(() => LocalDate, { nullable: true, description: 'Born on or after this date.' })
  birthDate_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Born on or before this date.' })
  birthDate_lte?: string;
  @Field(() => Int, { nullable: true, description: 'Exited poverty in this year.' })
  exitedPovertyYear?: number;
}

@ArgsType()
class LaborerFields {
  @Field(() => String, { nullable: true, description: 'Phone.' })
  phone?: string | null;
  @Field(() => EducationEnum, { nullable: true, description: 'Education.' })
  education?: Education;
  @Field(() => String, { nullable: true, description: 'Skills, free text.' })
  skills?: string | null;
  @Field({ nullable: true, description: 'Wants training.' })
  wantsTraining?: boolean;
  @Field({ nullable: true, description: 'Wants transfer employment.' })
  wantsTransfer?: boolean;
  @Field({ nullable: true, description: 'Wants to start a business.' })
  wantsEnterprise?: boolean;
}

@ArgsType()
export class CreateLaborerArgs extends LaborerFields {
  @Field(() => ID, { description: 'Household id.' })
  householdId!: string;
  @Field({ description: 'Full name.' })
  name!: string;
  @Field({ description: 'Resident ID number; gender and birth date are taken from it.' })
  idNumber!: string;
  @Field(() => LocalDate, { nullable: true, description: 'Registration date (建档立卡日期), default today: the laborer counts in the registry from then (their REGISTERED event).' })
  registeredOn?: string;
}

@ArgsType()
class UpdateLaborerArgs extends LaborerFields {
  @Field(() => ID, { description: 'Laborer id.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'Household id.' })
  householdId?: string;
  @Field({ nullable: true, description: 'Full name.' })
  name?: string;
  @Field({ nullable: true, description: 'Resident ID number.' })
  idNumber?: string;
}

export function laborerWhere(f?: LaborerFilter): FilterQuery<Laborer> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  if (f.q) {
    const q = likeEscape(f.q.trim());
    // Beyond the 6 digits a masked ID number shows, a prefix search is refused to masked roles (assertMaskedUse).
    w.push(/^\d{4,17}[\dXx]?$/.test(q) ? { idNumber: { $like: `${q.toUpperCase()}%` } } : { name: { $like: `%${q}%` } });
  }
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.householdId, () => ({ household: intId(f.householdId!, 'householdId') }));
  if (f.idOrPhoneTail) {
    // A suffix of a hidden value is the value: masked roles are refused it (assertMaskedUse sees idNumber and phone).
    const tail = f.idOrPhoneTail.trim().toUpperCase();
    if (!/^\d{3,7}[\dX]$/.test(tail)) throw new AppError('VALIDATION_FAILED', 'idOrPhoneTail', { detail: 'TAIL_DIGITS' });
    w.push({ $or: [{ idNumber: { $like: `%${tail}` } }, { phone: { $like: `%${tail}` } }] });
  }
  setIf(w, f.idNumber, () => ({ idNumber: f.idNumber!.trim().toUpperCase() }));
  setIf(w, f.gender, () => ({ gender: f.gender }));
  setIf(w, f.education, () => ({ education: f.education }));
  setIf(w, f.povertyStatus, () => ({ povertyStatus: f.povertyStatus }));
  setIf(w, f.wantsTraining, () => ({ wantsTraining: f.wantsTraining }));
  setIf(w, f.wantsTransfer, () => ({ wantsTransfer: f.wantsTransfer }));
  setIf(w, f.wantsEnterprise, () => ({ wantsEnterprise: f.wantsEnterprise }));
  setIf(w, f.birthDate_gte, () => ({ birthDate: { $gte: f.birthDate_gte } }));
  setIf(w, f.birthDate_lte, () => ({ birthDate: { $lte: f.birthDate_lte } }));
  setIf(w, f.exitedPovertyYear, () => ({ exitedPovertyYear: f.exitedPovertyYear }));
  return and<Laborer>(w);
}

function applyLaborerFields(l: Laborer, a: LaborerFields): void {
  Object.assign(l, checkLaborerFields(a));
}

/**
 * Creates a laborer with their registration event (建档立卡), in the caller's transaction: the one path
 * for a new laborer (the API's createLaborer, and imports), so every laborer has its events.
 */
export async function createLaborerRecord(ctx: Context, a: CreateLaborerArgs): Promise<Laborer> {
  const name = checkName(a.name, 'name');
  const id = checkIdNumber(a.idNumber);
  const registeredOn = checkDay(a.registeredOn, 'registeredOn');
  const household = await mustFind(ctx, Household, intId(a.householdId, 'householdId'), 'householdId');
  await assertIdNumberFree(ctx, id.idNumber);
  const l = ctx.em.create(Laborer, {
    household,
    village: household.village,
    name,
    idNumber: id.idNumber,
    gender: id.gender,
    birthDate: id.birthDate,
  } as never);
  applyLaborerFields(l, a);
  await ctx.em.flush();
  await recordRegistration(ctx, household.id, l.id, household.villageId, registeredOn);
  return l;
}

const laborerCrud = crudResolvers<Laborer, LaborerFilter>({
  name: 'Laborer',
  type: Laborer,
  entity: Laborer,
  filter: LaborerFilter,
  where: laborerWhere,
  sortable: { id: 'id', name: 'name', birthDate: 'birthDate', villageId: 'village', householdId: 'household', education: 'education', povertyStatus: 'povertyStatus', createdAt: 'createdAt', updatedAt: 'updatedAt' },
  // A person's page shows the household: one statement with the laborer.
  joinWhenSelected: { household: 'household' },
  create: { args: CreateLaborerArgs, run: createLaborerRecord },
  update: {
    args: UpdateLaborerArgs,
    async run(ctx, a: UpdateLaborerArgs) {
      const l = await mustFind(ctx, Laborer, intId(a.id));
      if (a.name !== undefined && a.name !== null) l.name = checkName(a.name, 'name');
      if (a.idNumber !== undefined && a.idNumber !== null) {
        const id = checkIdNumber(a.idNumber);
        await assertIdNumberFree(ctx, id.idNumber, l.id);
        Object.assign(l, { idNumber: id.idNumber, gender: id.gender, birthDate: id.birthDate });
      }
      let movedTo: string | null = null;
      if (a.householdId !== undefined && a.householdId !== null) {
        const household = await mustFind(ctx, Household, intId(a.householdId, 'householdId'), 'householdId');
        if (household.villageId !== l.villageId) movedTo = household.villageId;
        l.household = ctx.em.getReference(Household, household.id, { wrapped: true });
        l.village = household.village;
      }
      applyLaborerFields(l, a);
      await ctx.em.flush();
      // A laborer joining a household of another village moves, keeping their history.
      if (movedTo) await recordLaborerMove(ctx, l, movedTo, today());
      return l;
    },
  },
  async remove(ctx, id) {
    const l = await mustFind(ctx, Laborer, id);
    await refuseWithHistory(ctx, 'laborer_id = ?', l.id);
    return removeAndReturn(ctx, l);
  },
});

@Resolver(() => Laborer)
export class LaborerFieldResolver {
  @FieldResolver(() => Household, { description: 'The household.' })
  household(@Root() l: Laborer, @Ctx() ctx: Context) {
    // Joined into the laborer's own statement by the detail (`joinWhenSelected`).
    if (l.household.isInitialized()) return l.household.unwrap();
    return householdLoader(ctx).load(l.household.id);
  }

  @FieldResolver(() => Region, { description: 'The village.' })
  village(@Root() l: Laborer, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(l.villageId);
  }

  @FieldResolver(() => Region, { description: 'The township or street office.' })
  township(@Root() l: Laborer, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(`${l.villageId.slice(0, 9)}000`);
  }

  @FieldResolver(() => Region, { description: 'The county-level unit.' })
  county(@Root() l: Laborer, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(`${l.villageId.slice(0, 6)}000000`);
  }

  @Sensitive('AGE')
  @FieldResolver(() => Int, { description: 'Age in whole years today. Personal data: for roles that see birth dates hidden, the difference of the years (this year minus the birth year), which does not move on the birthday.' })
  age(@Root() l: Laborer): number {
    const [y, m, d] = l.birthDate.split('-').map(Number);
    const now = new Date();
    return now.getFullYear() - y - (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d) ? 1 : 0);
  }
}

export const registryResolvers = [...householdCrud, HouseholdFieldResolver, ...laborerCrud, LaborerFieldResolver];
