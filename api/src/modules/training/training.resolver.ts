import type { ProviderKind, TrainingKind } from '@fupin/schema';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind, mustFindRef, removeAndReturn } from '../../common/crud';
import { ProviderKindEnum, TrainingKindEnum } from '../../common/enums';
import { AppError } from '../../common/errors';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { mustFindCounty, RegionService, withinRegion } from '../region/region.service';
import { Laborer } from '../registry/laborer.entity';
import { checkName, laborerLoader, mustFindLaborer } from '../registry/registry.service';
import { Enrollment, TrainingClass, TrainingProvider } from './training.entity';
import {
  checkCapacity,
  checkDates,
  checkOptionalText,
  classCountsLoader,
  classEnrollmentsLoader,
  classLoader,
  countEnrollments,
  laborerEnrollmentsLoader,
  lockClass,
  lockSeats,
  providerClassesLoader,
  providerLoader,
  resolveCompletion,
} from './training.service';

// ---------- providers ----------

@InputType({ description: 'Filter of the training provider list; all given conditions must hold.' })
export class TrainingProviderFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the name.' })
  q?: string;
  @Field(() => ProviderKindEnum, { nullable: true, description: 'Only this kind of provider.' })
  kind?: ProviderKind;
  @Field(() => ID, { nullable: true, description: 'Only providers whose county is in the subtree of this region code.' })
  regionCode?: string;
}

@ArgsType()
class CreateTrainingProviderArgs {
  @Field({ description: 'Name, unique.' })
  name!: string;
  @Field(() => ProviderKindEnum, { description: 'Kind of provider.' })
  kind!: ProviderKind;
  @Field(() => ID, { description: 'County code (must be a county-level region).' })
  countyId!: string;
}

@ArgsType()
class UpdateTrainingProviderArgs {
  @Field(() => ID, { description: 'Provider id.' })
  id!: string;
  @Field({ nullable: true, description: 'Name, unique.' })
  name?: string;
  @Field(() => ProviderKindEnum, { nullable: true, description: 'Kind of provider.' })
  kind?: ProviderKind;
  @Field(() => ID, { nullable: true, description: 'County code (must be a county-level region).' })
  countyId?: string;
}

async function assertProviderNameFree(ctx: Context, name: string, exceptId?: number): Promise<void> {
  // Names are unique city-wide: look beyond the caller's region scope.
  const other = await ctx.em.findOne(TrainingProvider, { name }, { fields: ['id'], filters: false });
  if (other && other.id !== exceptId) throw new AppError('DUPLICATE', 'name');
}

function providerWhere(f?: TrainingProviderFilter): FilterQuery<TrainingProvider> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ name: { $like: `%${likeEscape(f.q!.trim())}%` } }));
  setIf(w, f.kind, () => ({ kind: f.kind }));
  setIf(w, f.regionCode, () => ({ county: withinRegion(f.regionCode!, 'regionCode') }));
  return and(w);
}

const providerCrud = crudResolvers<TrainingProvider, TrainingProviderFilter>({
  name: 'TrainingProvider',
  type: TrainingProvider,
  entity: TrainingProvider,
  filter: TrainingProviderFilter,
  where: providerWhere,
  sortable: { id: 'id', name: 'name', kind: 'kind', countyId: 'county', createdAt: 'createdAt' },
  create: {
    args: CreateTrainingProviderArgs,
    async run(ctx, a: CreateTrainingProviderArgs) {
      const name = checkName(a.name, 'name', 100);
      const county = await mustFindCounty(ctx, a.countyId);
      await assertProviderNameFree(ctx, name);
      const p = ctx.em.create(TrainingProvider, { name, kind: a.kind, county } as never);
      await ctx.em.flush();
      return p;
    },
  },
  update: {
    args: UpdateTrainingProviderArgs,
    async run(ctx, a: UpdateTrainingProviderArgs) {
      const p = await mustFind(ctx, TrainingProvider, intId(a.id));
      if (a.name !== undefined && a.name !== null) {
        p.name = checkName(a.name, 'name', 100);
        await assertProviderNameFree(ctx, p.name, p.id);
      }
      if (a.kind !== undefined && a.kind !== null) p.kind = a.kind;
      if (a.countyId !== undefined && a.countyId !== null) p.county = ctx.em.getReference(Region, (await mustFindCounty(ctx, a.countyId)).code, { wrapped: true });
      await ctx.em.flush();
      return p;
    },
  },
  async remove(ctx, id) {
    const p = await mustFind(ctx, TrainingProvider, id);
    return removeAndReturn(ctx, p);
  },
});

@Resolver(() => TrainingProvider)
export class TrainingProviderFieldResolver {
  @FieldResolver(() => Region, { description: 'The county where the provider is.' })
  county(@Root() p: TrainingProvider, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(p.countyId);
  }

  @FieldResolver(() => [TrainingClass], { description: 'The classes the provider runs, earliest first.' })
  classes(@Root() p: TrainingProvider, @Ctx() ctx: Context) {
    return providerClassesLoader(ctx).load(p.id);
  }
}

// ---------- classes ----------

@InputType({ description: 'Filter of the training class list; all given conditions must hold.' })
export class TrainingClassFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the title.' })
  q?: string;
  @Field(() => TrainingKindEnum, { nullable: true, description: 'Only this kind of training.' })
  kind?: TrainingKind;
  @Field(() => ID, { nullable: true, description: 'Only classes whose county is in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: 'Only classes of this provider.' })
  providerId?: string;
  @Field({ nullable: true, description: 'Only "menu" classes (true) or only the others (false).' })
  isMenu?: boolean;
  @Field(() => LocalDate, { nullable: true, description: 'Starting on or after this day.' })
  startDate_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Starting on or before this day.' })
  startDate_lte?: string;
}

@ArgsType()
class CreateTrainingClassArgs {
  @Field({ description: 'Title, e.g. 厨师+种植技术.' })
  title!: string;
  @Field(() => TrainingKindEnum, { description: 'Kind of training.' })
  kind!: TrainingKind;
  @Field(() => ID, { description: 'Id of the provider.' })
  providerId!: string;
  @Field(() => ID, { description: 'Code of the county that runs the class (must be a county-level region).' })
  countyId!: string;
  @Field(() => String, { nullable: true, description: 'Specialty of a "menu" class.' })
  specialty?: string | null;
  @Field({ nullable: true, description: 'A "menu" class (菜单式培训); false by default.' })
  isMenu?: boolean;
  @Field(() => LocalDate, { description: 'First day.' })
  startDate!: string;
  @Field(() => LocalDate, { description: 'Last day, not before the first.' })
  endDate!: string;
  @Field(() => Int, { description: 'Seats, 1 to 2000.' })
  capacity!: number;
}

@ArgsType()
class UpdateTrainingClassArgs {
  @Field(() => ID, { description: 'Class id.' })
  id!: string;
  @Field({ nullable: true, description: 'Title.' })
  title?: string;
  @Field(() => TrainingKindEnum, { nullable: true, description: 'Kind of training.' })
  kind?: TrainingKind;
  @Field(() => ID, { nullable: true, description: 'Id of the provider.' })
  providerId?: string;
  @Field(() => ID, { nullable: true, description: 'Code of the county that runs the class.' })
  countyId?: string;
  @Field(() => String, { nullable: true, description: 'Specialty of a "menu" class; null clears it.' })
  specialty?: string | null;
  @Field({ nullable: true, description: 'A "menu" class.' })
  isMenu?: boolean;
  @Field(() => LocalDate, { nullable: true, description: 'First day.' })
  startDate?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Last day, not before the first.' })
  endDate?: string;
  @Field(() => Int, { nullable: true, description: 'Seats, 1 to 2000, never fewer than the enrollments already made.' })
  capacity?: number;
}

function classWhere(f?: TrainingClassFilter): FilterQuery<TrainingClass> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ title: { $like: `%${likeEscape(f.q!.trim())}%` } }));
  setIf(w, f.kind, () => ({ kind: f.kind }));
  setIf(w, f.regionCode, () => ({ county: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.providerId, () => ({ provider: intId(f.providerId!, 'providerId') }));
  setIf(w, f.isMenu, () => ({ isMenu: f.isMenu }));
  setIf(w, f.startDate_gte, () => ({ startDate: { $gte: f.startDate_gte } }));
  setIf(w, f.startDate_lte, () => ({ startDate: { $lte: f.startDate_lte } }));
  return and(w);
}

const classCrud = crudResolvers<TrainingClass, TrainingClassFilter>({
  name: 'TrainingClass',
  plural: 'TrainingClasses',
  type: TrainingClass,
  entity: TrainingClass,
  filter: TrainingClassFilter,
  where: classWhere,
  sortable: { id: 'id', title: 'title', kind: 'kind', providerId: 'provider', countyId: 'county', startDate: 'startDate', endDate: 'endDate', capacity: 'capacity', createdAt: 'createdAt' },
  create: {
    args: CreateTrainingClassArgs,
    async run(ctx, a: CreateTrainingClassArgs) {
      const title = checkName(a.title, 'title', 100);
      const specialty = checkOptionalText(a.specialty, 'specialty', 100);
      checkDates(a.startDate, a.endDate);
      const capacity = checkCapacity(a.capacity);
      const provider = await mustFindRef(ctx, TrainingProvider, a.providerId, 'providerId');
      const county = await mustFindCounty(ctx, a.countyId);
      const c = ctx.em.create(TrainingClass, { title, kind: a.kind, provider, county, specialty, isMenu: a.isMenu ?? false, startDate: a.startDate, endDate: a.endDate, capacity } as never);
      await ctx.em.flush();
      return c;
    },
  },
  update: {
    args: UpdateTrainingClassArgs,
    async run(ctx, a: UpdateTrainingClassArgs) {
      // Locked like an enrollment locks it, so a capacity cut and a concurrent enrollment cannot both pass.
      const c = await ctx.em.findOne(TrainingClass, intId(a.id), { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c) throw new AppError('NOT_FOUND', 'id');
      if (a.title !== undefined && a.title !== null) c.title = checkName(a.title, 'title', 100);
      if (a.kind !== undefined && a.kind !== null) c.kind = a.kind;
      if (a.specialty !== undefined) c.specialty = checkOptionalText(a.specialty, 'specialty', 100);
      if (a.isMenu !== undefined && a.isMenu !== null) c.isMenu = a.isMenu;
      if (a.startDate !== undefined && a.startDate !== null) c.startDate = a.startDate;
      if (a.endDate !== undefined && a.endDate !== null) c.endDate = a.endDate;
      checkDates(c.startDate, c.endDate);
      if (a.providerId !== undefined && a.providerId !== null) {
        c.provider = ctx.em.getReference(TrainingProvider, (await mustFindRef(ctx, TrainingProvider, a.providerId, 'providerId')).id, { wrapped: true });
      }
      if (a.countyId !== undefined && a.countyId !== null) c.county = ctx.em.getReference(Region, (await mustFindCounty(ctx, a.countyId)).code, { wrapped: true });
      if (a.capacity !== undefined && a.capacity !== null) {
        c.capacity = checkCapacity(a.capacity);
        if ((await countEnrollments(ctx, c.id)) > c.capacity) throw new AppError('CONFLICT', 'capacity', { detail: 'BELOW_ENROLLED' });
      }
      await ctx.em.flush();
      return c;
    },
  },
  async remove(ctx, id) {
    const c = await mustFind(ctx, TrainingClass, id);
    return removeAndReturn(ctx, c);
  },
});

@Resolver(() => TrainingClass)
export class TrainingClassFieldResolver {
  @FieldResolver(() => TrainingProvider, { nullable: true, description: "The provider that runs the class; null when it lies outside the caller's region scope (a provider of another county)." })
  provider(@Root() c: TrainingClass, @Ctx() ctx: Context) {
    return providerLoader(ctx).load(c.providerId);
  }

  @FieldResolver(() => Region, { description: 'The county that runs the class.' })
  county(@Root() c: TrainingClass, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(c.countyId);
  }

  @FieldResolver(() => [Enrollment], { description: 'Enrollments of the class in the order they were made: all of them, or one page when perPage is given.' })
  enrollments(
    @Root() c: TrainingClass,
    @Ctx() ctx: Context,
    @Arg('page', () => Int, { nullable: true, description: 'Zero-based page (default 0); used with perPage.' }) page?: number,
    @Arg('perPage', () => Int, { nullable: true, description: 'Enrollments per page, at most 500; all of them when omitted.' }) perPage?: number,
  ) {
    return classEnrollmentsLoader(ctx, page ?? 0, perPage ?? null).load(c.id);
  }

  @FieldResolver(() => Int, { description: 'Laborers enrolled: seats taken, counting every enrollment of the class.' })
  async enrolledCount(@Root() c: TrainingClass, @Ctx() ctx: Context): Promise<number> {
    return (await classCountsLoader(ctx).load(c.id)).enrolled;
  }

  @FieldResolver(() => Int, { description: 'Enrollments completed (trained, 已培训).' })
  async completedCount(@Root() c: TrainingClass, @Ctx() ctx: Context): Promise<number> {
    return (await classCountsLoader(ctx).load(c.id)).completed;
  }
}

// ---------- enrollments ----------

@InputType({ description: 'Filter of the enrollment list; all given conditions must hold.' })
export class EnrollmentFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only enrollments in this class.' })
  classId?: string;
  @Field(() => ID, { nullable: true, description: 'Only enrollments of this laborer.' })
  laborerId?: string;
  @Field(() => ID, { nullable: true, description: "Only enrollments of laborers whose village is in the subtree of this region code." })
  regionCode?: string;
  @Field({ nullable: true, description: 'Only completed (true) or not completed (false) enrollments.' })
  completed?: boolean;
  @Field({ nullable: true, description: 'Only those employed after training (true) or not (false).' })
  employedAfterTraining?: boolean;
  @Field(() => LocalDate, { nullable: true, description: 'Enrolled on or after this day.' })
  enrolledOn_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Enrolled on or before this day.' })
  enrolledOn_lte?: string;
}

@ArgsType()
class CompletionArgs {
  @Field({ nullable: true, description: 'Completed the class.' })
  completed?: boolean;
  @Field(() => LocalDate, { nullable: true, description: 'Day of completion; required when completed, refused otherwise.' })
  completedOn?: string | null;
  @Field(() => String, { nullable: true, description: 'Certificate number; only when completed.' })
  certificateNo?: string | null;
  @Field({ nullable: true, description: 'Found work after the training; only when completed.' })
  employedAfterTraining?: boolean;
}

@ArgsType()
class CreateEnrollmentArgs extends CompletionArgs {
  @Field(() => ID, { description: 'Id of the class; refused when the class is full.' })
  classId!: string;
  @Field(() => ID, { description: 'Id of the laborer; once per class.' })
  laborerId!: string;
  @Field(() => LocalDate, { description: 'Day of enrollment.' })
  enrolledOn!: string;
}

@ArgsType()
class UpdateEnrollmentArgs extends CompletionArgs {
  @Field(() => ID, { description: 'Enrollment id (class and laborer do not change: delete and enroll again).' })
  id!: string;
  @Field(() => LocalDate, { nullable: true, description: 'Day of enrollment.' })
  enrolledOn?: string;
}

function enrollmentWhere(f?: EnrollmentFilter): FilterQuery<Enrollment> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.classId, () => ({ trainingClass: intId(f.classId!, 'classId') }));
  setIf(w, f.laborerId, () => ({ laborer: intId(f.laborerId!, 'laborerId') }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.completed, () => ({ completed: f.completed }));
  setIf(w, f.employedAfterTraining, () => ({ employedAfterTraining: f.employedAfterTraining }));
  setIf(w, f.enrolledOn_gte, () => ({ enrolledOn: { $gte: f.enrolledOn_gte } }));
  setIf(w, f.enrolledOn_lte, () => ({ enrolledOn: { $lte: f.enrolledOn_lte } }));
  return and(w);
}

const NOT_COMPLETED = { completed: false, completedOn: null, certificateNo: null, employedAfterTraining: false };

const enrollmentCrud = crudResolvers<Enrollment, EnrollmentFilter>({
  name: 'Enrollment',
  type: Enrollment,
  entity: Enrollment,
  filter: EnrollmentFilter,
  where: enrollmentWhere,
  sortable: { id: 'id', enrolledOn: 'enrolledOn', classId: 'trainingClass', laborerId: 'laborer', villageId: 'village', completedOn: 'completedOn', createdAt: 'createdAt' },
  create: {
    args: CreateEnrollmentArgs,
    async run(ctx, a: CreateEnrollmentArgs) {
      const completion = resolveCompletion(NOT_COMPLETED, a);
      const cls = await mustFindRef(ctx, TrainingClass, String(a.classId), 'classId');
      const laborer = await mustFindLaborer(ctx, a.laborerId);
      // A second enrollment of the person in the class is refused by enrollment_class_laborer_unique at the
      // insert (CONFLICT ALREADY_ENROLLED, registered in training.service.ts): no statement of its own to ask first.
      const e = ctx.em.create(Enrollment, { trainingClass: cls, laborer, village: laborer.village, enrolledOn: a.enrolledOn, ...completion } as never);
      await ctx.em.flush();
      // Counted under the seats lock, this enrollment included: every enrollment of the class takes the
      // lock before it commits, so the one that would exceed the capacity sees all the others and rolls back.
      await lockSeats(ctx, cls.id);
      // Capacity and seats taken (every enrollment of the class, whatever the scope) in one statement, after the lock.
      const [seats] = await ctx.em.execute<{ capacity: number; taken: number }[]>(
        'select c.capacity, (select count(*)::int from enrollment e where e.class_id = c.id) as taken from training_class c where c.id = ?',
        [cls.id],
      );
      if (seats.taken > seats.capacity) throw new AppError('CONFLICT', 'classId', { detail: 'CLASS_FULL' });
      return e;
    },
  },
  update: {
    args: UpdateEnrollmentArgs,
    async run(ctx, a: UpdateEnrollmentArgs) {
      const e = await mustFind(ctx, Enrollment, intId(a.id));
      if (a.enrolledOn !== undefined && a.enrolledOn !== null) e.enrolledOn = a.enrolledOn;
      Object.assign(e, resolveCompletion({ completed: e.completed, completedOn: e.completedOn ?? null, certificateNo: e.certificateNo ?? null, employedAfterTraining: e.employedAfterTraining }, a));
      await ctx.em.flush();
      return e;
    },
  },
  async remove(ctx, id) {
    const e = await mustFind(ctx, Enrollment, id);
    return removeAndReturn(ctx, e);
  },
});

@Resolver(() => Enrollment)
export class EnrollmentFieldResolver {
  @FieldResolver(() => Laborer, { description: 'The enrolled laborer.' })
  laborer(@Root() e: Enrollment, @Ctx() ctx: Context) {
    return laborerLoader(ctx).load(e.laborerId);
  }

  @FieldResolver(() => TrainingClass, {
    nullable: true,
    description: "The class; null when it lies outside the caller's region scope (a class of another county than the caller's). A township's operators read their county's classes.",
  })
  trainingClass(@Root() e: Enrollment, @Ctx() ctx: Context) {
    return classLoader(ctx).load(e.classId);
  }
}

@Resolver(() => Laborer)
export class LaborerEnrollmentsResolver {
  @FieldResolver(() => [Enrollment], { description: 'Training enrollments of the laborer, earliest first.' })
  enrollments(@Root() l: Laborer, @Ctx() ctx: Context) {
    return laborerEnrollmentsLoader(ctx).load(l.id);
  }
}

export const trainingResolvers = [
  ...providerCrud,
  TrainingProviderFieldResolver,
  ...classCrud,
  TrainingClassFieldResolver,
  ...enrollmentCrud,
  EnrollmentFieldResolver,
  LaborerEnrollmentsResolver,
];
