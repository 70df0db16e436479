import type { SchoolingStatus } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { ArgsType, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind, removeAndReturn } from '../../common/crud';
import { SchoolingStatusEnum } from '../../common/enums';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { withinRegion } from '../region/region.service';
import { Laborer } from '../registry/laborer.entity';
import { checkName, laborerLoader } from '../registry/registry.service';
import { DreamSchooling } from './dream-schooling.entity';
import { assertIntakeFree, checkIntakeYear, checkSubsidy, checkTeen, checkTransition, laborerSchoolingsLoader } from './dream-schooling.service';

@InputType({ description: 'Filter of the 圆梦 schooling list; all given conditions must hold.' })
export class DreamSchoolingFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the school name.' })
  q?: string;
  @Field(() => ID, { nullable: true, description: "Only students whose village is in the subtree of this region code." })
  regionCode?: string;
  @Field(() => SchoolingStatusEnum, { nullable: true, description: 'Only this status.' })
  status?: SchoolingStatus;
  @Field(() => Int, { nullable: true, description: 'Only this intake year.' })
  intakeYear?: number;
  @Field(() => ID, { nullable: true, description: 'Only records of this laborer.' })
  laborerId?: string;
}

@ArgsType()
class CreateDreamSchoolingArgs {
  @Field(() => ID, { description: 'The student (laborer id): a teen of a registered household, 14 to 22 years old on 1 September of the intake year.' })
  laborerId!: string;
  @Field({ description: 'Technical school.' })
  school!: string;
  @Field({ description: 'Major.' })
  major!: string;
  @Field(() => Int, { description: 'Year of intake, from 2014 to next year; one record per student and year.' })
  intakeYear!: number;
  @Field({ nullable: true, description: 'Tuition waived (true by default).' })
  tuitionWaived?: boolean;
  @Field(() => Float, { nullable: true, description: 'Living subsidy per term in yuan, 0 or more (0 by default).' })
  livingSubsidyPerTerm?: number;
}

@ArgsType()
class UpdateDreamSchoolingArgs {
  @Field(() => ID, { description: 'Record id.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'The student (laborer id).' })
  laborerId?: string;
  @Field({ nullable: true, description: 'Technical school.' })
  school?: string;
  @Field({ nullable: true, description: 'Major.' })
  major?: string;
  @Field(() => Int, { nullable: true, description: 'Year of intake.' })
  intakeYear?: number;
  @Field({ nullable: true, description: 'Tuition waived.' })
  tuitionWaived?: boolean;
  @Field(() => Float, { nullable: true, description: 'Living subsidy per term in yuan, 0 or more.' })
  livingSubsidyPerTerm?: number;
  @Field(() => SchoolingStatusEnum, { nullable: true, description: 'New status: ENROLLED may become GRADUATED or DROPPED_OUT; those are final.' })
  status?: SchoolingStatus;
}

function schoolingWhere(f?: DreamSchoolingFilter): FilterQuery<DreamSchooling> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ school: { $like: `%${likeEscape(f.q!.trim())}%` } }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.status, () => ({ status: f.status }));
  setIf(w, f.intakeYear, () => ({ intakeYear: f.intakeYear }));
  setIf(w, f.laborerId, () => ({ laborer: intId(f.laborerId!, 'laborerId') }));
  return and<DreamSchooling>(w);
}

const schoolingCrud = crudResolvers<DreamSchooling, DreamSchoolingFilter>({
  name: 'DreamSchooling',
  type: DreamSchooling,
  entity: DreamSchooling,
  filter: DreamSchoolingFilter,
  where: schoolingWhere,
  sortable: {
    id: 'id',
    school: 'school',
    major: 'major',
    intakeYear: 'intakeYear',
    status: 'status',
    livingSubsidyPerTerm: 'livingSubsidyPerTerm',
    laborerId: 'laborer',
    villageId: 'village',
    createdAt: 'createdAt',
    updatedAt: 'updatedAt',
  },
  create: {
    args: CreateDreamSchoolingArgs,
    async run(ctx, a: CreateDreamSchoolingArgs) {
      const laborer = await mustFind(ctx, Laborer, intId(a.laborerId, 'laborerId'), 'laborerId');
      const intakeYear = checkIntakeYear(a.intakeYear);
      checkTeen(laborer, intakeYear);
      await assertIntakeFree(ctx, laborer.id, intakeYear);
      const s = ctx.em.create(DreamSchooling, {
        laborer,
        village: laborer.village,
        school: checkName(a.school, 'school', 100),
        major: checkName(a.major, 'major', 100),
        intakeYear,
        tuitionWaived: a.tuitionWaived ?? true,
        livingSubsidyPerTerm: checkSubsidy(a.livingSubsidyPerTerm ?? 0),
      } as never);
      await ctx.em.flush();
      return s;
    },
  },
  update: {
    args: UpdateDreamSchoolingArgs,
    async run(ctx, a: UpdateDreamSchoolingArgs) {
      const s = await mustFind(ctx, DreamSchooling, intId(a.id));
      const laborerId = a.laborerId !== undefined && a.laborerId !== null ? intId(a.laborerId, 'laborerId') : s.laborer.id;
      const intakeYear = a.intakeYear !== undefined && a.intakeYear !== null ? checkIntakeYear(a.intakeYear) : s.intakeYear;
      if (laborerId !== s.laborer.id || intakeYear !== s.intakeYear) {
        const laborer = await mustFind(ctx, Laborer, laborerId, 'laborerId');
        checkTeen(laborer, intakeYear);
        await assertIntakeFree(ctx, laborer.id, intakeYear, s.id);
        s.laborer = ctx.em.getReference(Laborer, laborer.id, { wrapped: true });
        s.village = laborer.village;
        s.intakeYear = intakeYear;
      }
      if (a.school !== undefined && a.school !== null) s.school = checkName(a.school, 'school', 100);
      if (a.major !== undefined && a.major !== null) s.major = checkName(a.major, 'major', 100);
      if (a.tuitionWaived !== undefined && a.tuitionWaived !== null) s.tuitionWaived = a.tuitionWaived;
      if (a.livingSubsidyPerTerm !== undefined && a.livingSubsidyPerTerm !== null) s.livingSubsidyPerTerm = checkSubsidy(a.livingSubsidyPerTerm);
      if (a.status !== undefined && a.status !== null) s.status = checkTransition(s.status, a.status);
      await ctx.em.flush();
      return s;
    },
  },
  async remove(ctx, id) {
    const s = await mustFind(ctx, DreamSchooling, id);
    return removeAndReturn(ctx, s);
  },
});

@Resolver(() => DreamSchooling)
export class DreamSchoolingFieldResolver {
  // LaborerRecord is no GraphQL type, so its getters reach the schema only through these resolvers.
  @FieldResolver(() => ID, { description: 'Id of the laborer.' })
  laborerId(@Root() r: DreamSchooling): number {
    return r.laborer.id;
  }

  @FieldResolver(() => ID, { description: "Code of the laborer's village." })
  villageId(@Root() r: DreamSchooling): string {
    return r.village.unwrap().code;
  }

  @FieldResolver(() => Laborer, { description: 'The student.' })
  laborer(@Root() s: DreamSchooling, @Ctx() ctx: Context) {
    return laborerLoader(ctx).load(s.laborer.id);
  }
}

@Resolver(() => Laborer)
export class LaborerSchoolingResolver {
  @FieldResolver(() => [DreamSchooling], { description: '圆梦 schooling records of the laborer, latest intake first.' })
  dreamSchoolings(@Root() l: Laborer, @Ctx() ctx: Context) {
    return laborerSchoolingsLoader(ctx).load(l.id);
  }
}

export const dreamSchoolingResolvers = [...schoolingCrud, DreamSchoolingFieldResolver, LaborerSchoolingResolver];
