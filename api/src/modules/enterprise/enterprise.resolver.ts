import type { Sector } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind, removeAndReturn } from '../../common/crud';
import { SectorEnum } from '../../common/enums';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { withinRegion } from '../region/region.service';
import { Laborer } from '../registry/laborer.entity';
import { checkName, laborerLoader, mustFindLaborer } from '../registry/registry.service';
import { Enterprise } from './enterprise.entity';
import { checkEmployees, laborerEnterprisesLoader } from './enterprise.service';

@InputType({ description: 'Filter of the enterprise list; all given conditions must hold.' })
export class EnterpriseFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the name of the business.' })
  q?: string;
  @Field(() => ID, { nullable: true, description: "Only businesses of laborers whose village is in the subtree of this region code." })
  regionCode?: string;
  @Field(() => SectorEnum, { nullable: true, description: 'Only this sector.' })
  sector?: Sector;
  @Field(() => ID, { nullable: true, description: 'Only businesses of this laborer.' })
  laborerId?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Started on or after this day.' })
  startedOn_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Started on or before this day.' })
  startedOn_lte?: string;
}

@ArgsType()
class CreateEnterpriseArgs {
  @Field(() => ID, { description: 'Id of the laborer who started it.' })
  laborerId!: string;
  @Field({ description: 'Name of the business.' })
  name!: string;
  @Field(() => SectorEnum, { description: 'Sector from the project library.' })
  sector!: Sector;
  @Field(() => LocalDate, { description: 'Day the business started.' })
  startedOn!: string;
  @Field(() => Int, { nullable: true, description: 'People working in it, the founder included; at least 1 (the default).' })
  employees?: number;
}

@ArgsType()
class UpdateEnterpriseArgs {
  @Field(() => ID, { description: 'Enterprise id.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'Id of the laborer who started it.' })
  laborerId?: string;
  @Field({ nullable: true, description: 'Name of the business.' })
  name?: string;
  @Field(() => SectorEnum, { nullable: true, description: 'Sector from the project library.' })
  sector?: Sector;
  @Field(() => LocalDate, { nullable: true, description: 'Day the business started.' })
  startedOn?: string;
  @Field(() => Int, { nullable: true, description: 'People working in it, the founder included; at least 1.' })
  employees?: number;
}

function enterpriseWhere(f?: EnterpriseFilter): FilterQuery<Enterprise> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ name: { $like: `%${likeEscape(f.q!.trim())}%` } }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.sector, () => ({ sector: f.sector }));
  setIf(w, f.laborerId, () => ({ laborer: intId(f.laborerId!, 'laborerId') }));
  setIf(w, f.startedOn_gte, () => ({ startedOn: { $gte: f.startedOn_gte } }));
  setIf(w, f.startedOn_lte, () => ({ startedOn: { $lte: f.startedOn_lte } }));
  return and<Enterprise>(w);
}

const enterpriseCrud = crudResolvers<Enterprise, EnterpriseFilter>({
  name: 'Enterprise',
  type: Enterprise,
  entity: Enterprise,
  filter: EnterpriseFilter,
  where: enterpriseWhere,
  sortable: { id: 'id', name: 'name', sector: 'sector', startedOn: 'startedOn', employees: 'employees', laborerId: 'laborer', villageId: 'village', createdAt: 'createdAt' },
  create: {
    args: CreateEnterpriseArgs,
    async run(ctx, a: CreateEnterpriseArgs) {
      const name = checkName(a.name, 'name', 100);
      const employees = checkEmployees(a.employees ?? 1);
      const laborer = await mustFindLaborer(ctx, a.laborerId);
      const e = ctx.em.create(Enterprise, { laborer, village: laborer.village, name, sector: a.sector, startedOn: a.startedOn, employees } as never);
      await ctx.em.flush();
      return e;
    },
  },
  update: {
    args: UpdateEnterpriseArgs,
    async run(ctx, a: UpdateEnterpriseArgs) {
      const e = await mustFind(ctx, Enterprise, intId(a.id));
      if (a.name !== undefined && a.name !== null) e.name = checkName(a.name, 'name', 100);
      if (a.sector !== undefined && a.sector !== null) e.sector = a.sector;
      if (a.startedOn !== undefined && a.startedOn !== null) e.startedOn = a.startedOn;
      if (a.employees !== undefined && a.employees !== null) e.employees = checkEmployees(a.employees);
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
    const e = await mustFind(ctx, Enterprise, id);
    return removeAndReturn(ctx, e);
  },
});

@Resolver(() => Enterprise)
export class EnterpriseFieldResolver {
  @FieldResolver(() => Laborer, { description: 'The laborer who started the business.' })
  laborer(@Root() e: Enterprise, @Ctx() ctx: Context) {
    return laborerLoader(ctx).load(e.laborerId);
  }
}

@Resolver(() => Laborer)
export class LaborerEnterprisesResolver {
  @FieldResolver(() => [Enterprise], { description: 'Businesses the laborer started, earliest first.' })
  enterprises(@Root() l: Laborer, @Ctx() ctx: Context) {
    return laborerEnterprisesLoader(ctx).load(l.id);
  }
}

export const enterpriseResolvers = [...enterpriseCrud, EnterpriseFieldResolver, LaborerEnterprisesResolver];
