import type { EmploymentChannel, EmploymentKind } from '@fupin/schema';
import { checkRecordDatesAgainstPayments } from '../subsidy/subsidy.service';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind, removeAndReturn } from '../../common/crud';
import { EmploymentChannelEnum, EmploymentKindEnum } from '../../common/enums';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { withinRegion } from '../region/region.service';
import { Laborer } from '../registry/laborer.entity';
import { checkName, laborerLoader, mustFindLaborer } from '../registry/registry.service';
import { Employment, isStable, STABLE_MONTHS } from './employment.entity';
import { checkChannel, checkEmploymentDates, laborerEmploymentsLoader, todayInChina } from './employment.service';

@InputType({ description: 'Filter of the employment list; all given conditions must hold.' })
export class EmploymentFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the employer.' })
  q?: string;
  @Field(() => ID, { nullable: true, description: "Only jobs of laborers whose village is in the subtree of this region code." })
  regionCode?: string;
  @Field(() => EmploymentKindEnum, { nullable: true, description: 'Only this kind (TRANSFER or LOCAL).' })
  kind?: EmploymentKind;
  @Field(() => EmploymentChannelEnum, { nullable: true, description: 'Only jobs found through this channel.' })
  channel?: EmploymentChannel;
  @Field(() => ID, { nullable: true, description: 'Only jobs of this laborer.' })
  laborerId?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Started on or after this day.' })
  startDate_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Started on or before this day.' })
  startDate_lte?: string;
  @Field({ nullable: true, description: 'Only jobs still held, without an end date (true), or only ended ones (false).' })
  active?: boolean;
}

@ArgsType()
class CreateEmploymentArgs {
  @Field(() => ID, { description: 'Id of the laborer.' })
  laborerId!: string;
  @Field(() => EmploymentKindEnum, { description: 'TRANSFER (away from home) or LOCAL.' })
  kind!: EmploymentKind;
  @Field(() => EmploymentChannelEnum, { description: 'How the job was found; must fit the kind.' })
  channel!: EmploymentChannel;
  @Field({ description: 'Employer.' })
  employer!: string;
  @Field({ description: 'Place of work.' })
  place!: string;
  @Field(() => LocalDate, { description: 'First day of work.' })
  startDate!: string;
  @Field(() => LocalDate, { nullable: true, description: 'Last day of work, not before the first; omit while the job lasts.' })
  endDate?: string | null;
}

@ArgsType()
class UpdateEmploymentArgs {
  @Field(() => ID, { description: 'Employment id.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'Id of the laborer.' })
  laborerId?: string;
  @Field(() => EmploymentKindEnum, { nullable: true, description: 'TRANSFER (away from home) or LOCAL.' })
  kind?: EmploymentKind;
  @Field(() => EmploymentChannelEnum, { nullable: true, description: 'How the job was found; must fit the kind.' })
  channel?: EmploymentChannel;
  @Field({ nullable: true, description: 'Employer.' })
  employer?: string;
  @Field({ nullable: true, description: 'Place of work.' })
  place?: string;
  @Field(() => LocalDate, { nullable: true, description: 'First day of work.' })
  startDate?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Last day of work, not before the first; null reopens the job.' })
  endDate?: string | null;
}

function employmentWhere(f?: EmploymentFilter): FilterQuery<Employment> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ employer: { $like: `%${likeEscape(f.q!.trim())}%` } }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.kind, () => ({ kind: f.kind }));
  setIf(w, f.channel, () => ({ channel: f.channel }));
  setIf(w, f.laborerId, () => ({ laborer: intId(f.laborerId!, 'laborerId') }));
  setIf(w, f.startDate_gte, () => ({ startDate: { $gte: f.startDate_gte } }));
  setIf(w, f.startDate_lte, () => ({ startDate: { $lte: f.startDate_lte } }));
  setIf(w, f.active, () => ({ endDate: f.active ? null : { $ne: null } }));
  return and<Employment>(w);
}

const employmentCrud = crudResolvers<Employment, EmploymentFilter>({
  name: 'Employment',
  type: Employment,
  entity: Employment,
  filter: EmploymentFilter,
  where: employmentWhere,
  sortable: { id: 'id', kind: 'kind', channel: 'channel', employer: 'employer', startDate: 'startDate', endDate: 'endDate', laborerId: 'laborer', villageId: 'village', createdAt: 'createdAt' },
  create: {
    args: CreateEmploymentArgs,
    async run(ctx, a: CreateEmploymentArgs) {
      checkChannel(a.kind, a.channel);
      const employer = checkName(a.employer, 'employer', 100);
      const place = checkName(a.place, 'place', 100);
      checkEmploymentDates(a.startDate, a.endDate);
      const laborer = await mustFindLaborer(ctx, a.laborerId);
      const e = ctx.em.create(Employment, {
        laborer,
        village: laborer.village,
        kind: a.kind,
        channel: a.channel,
        employer,
        place,
        startDate: a.startDate,
        endDate: a.endDate ?? null,
      } as never);
      await ctx.em.flush();
      return e;
    },
  },
  update: {
    args: UpdateEmploymentArgs,
    async run(ctx, a: UpdateEmploymentArgs) {
      const e = await mustFind(ctx, Employment, intId(a.id));
      if (a.kind !== undefined && a.kind !== null) e.kind = a.kind;
      if (a.channel !== undefined && a.channel !== null) e.channel = a.channel;
      checkChannel(e.kind, e.channel);
      if (a.employer !== undefined && a.employer !== null) e.employer = checkName(a.employer, 'employer', 100);
      if (a.place !== undefined && a.place !== null) e.place = checkName(a.place, 'place', 100);
      if (a.startDate !== undefined && a.startDate !== null) e.startDate = a.startDate;
      if (a.endDate !== undefined) e.endDate = a.endDate;
      checkEmploymentDates(e.startDate, e.endDate);
      // The payments made for this job keep their periods inside it (the database checks the same).
      if (a.startDate != null || a.endDate !== undefined) await checkRecordDatesAgainstPayments(ctx, 'EMPLOYMENT', e, { start: 'startDate', end: 'endDate' });
      if (a.laborerId !== undefined && a.laborerId !== null) {
        const laborer = await mustFindLaborer(ctx, a.laborerId);
        e.laborer = ctx.em.getReference(Laborer, laborer.id, { wrapped: true });
        e.village = laborer.village;
      }
      await ctx.em.flush();
      return e;
    },
  },
  async remove(ctx, id) {
    const e = await mustFind(ctx, Employment, id);
    return removeAndReturn(ctx, e);
  },
});

@Resolver(() => Employment)
export class EmploymentFieldResolver {
  @FieldResolver(() => Boolean, {
    description: `Stable employment (稳定就业): held for ${STABLE_MONTHS} months or more by asOf (the end date counts when earlier). Derived from the dates, never typed in.`,
  })
  stable(
    @Root() e: Employment,
    @Arg('asOf', () => LocalDate, { nullable: true, description: 'Day to judge on; today (China time) when omitted.' }) asOf?: string,
  ): boolean {
    return isStable(e.startDate, e.endDate, asOf ?? todayInChina());
  }

  @FieldResolver(() => Laborer, { description: 'The employed laborer.' })
  laborer(@Root() e: Employment, @Ctx() ctx: Context) {
    return laborerLoader(ctx).load(e.laborerId);
  }
}

@Resolver(() => Laborer)
export class LaborerEmploymentsResolver {
  @FieldResolver(() => [Employment], { description: 'Jobs of the laborer, earliest start first.' })
  employments(@Root() l: Laborer, @Ctx() ctx: Context) {
    return laborerEmploymentsLoader(ctx).load(l.id);
  }
}

export const employmentResolvers = [...employmentCrud, EmploymentFieldResolver, LaborerEmploymentsResolver];
