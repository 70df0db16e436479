import type { FilterQuery } from '@mikro-orm/postgresql';
import { ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind, removeAndReturn } from '../../common/crud';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { mustFindCounty, RegionService, withinRegion } from '../region/region.service';
import { checkName } from '../registry/registry.service';
import { JobFair } from './job-fair.entity';
import { checkCount, checkIntentions } from './job-fair.service';

@InputType({ description: 'Filter of the job fair list; all given conditions must hold.' })
export class JobFairFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the title or the venue.' })
  q?: string;
  @Field(() => ID, { nullable: true, description: 'Only fairs whose county is in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Held on or after this day.' })
  heldOn_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Held on or before this day.' })
  heldOn_lte?: string;
}

@ArgsType()
class CreateJobFairArgs {
  @Field({ description: 'Title.' })
  title!: string;
  @Field(() => ID, { description: 'Code of the county that held it (must be a county-level region).' })
  countyId!: string;
  @Field(() => LocalDate, { description: 'Day it was held.' })
  heldOn!: string;
  @Field({ description: 'Venue.' })
  venue!: string;
  @Field(() => Int, { nullable: true, description: 'Posts offered by employers; 0 or more (0 by default).' })
  postsOffered?: number;
  @Field(() => Int, { nullable: true, description: 'Poor laborers registered; 0 or more (0 by default).' })
  laborersRegistered?: number;
  @Field(() => Int, { nullable: true, description: 'Letters of intent signed; 0 or more, never more than registered (0 by default).' })
  intentionsSigned?: number;
}

@ArgsType()
class UpdateJobFairArgs {
  @Field(() => ID, { description: 'Job fair id.' })
  id!: string;
  @Field({ nullable: true, description: 'Title.' })
  title?: string;
  @Field(() => ID, { nullable: true, description: 'Code of the county that held it (must be a county-level region).' })
  countyId?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Day it was held.' })
  heldOn?: string;
  @Field({ nullable: true, description: 'Venue.' })
  venue?: string;
  @Field(() => Int, { nullable: true, description: 'Posts offered by employers; 0 or more.' })
  postsOffered?: number;
  @Field(() => Int, { nullable: true, description: 'Poor laborers registered; 0 or more.' })
  laborersRegistered?: number;
  @Field(() => Int, { nullable: true, description: 'Letters of intent signed; 0 or more, never more than registered.' })
  intentionsSigned?: number;
}

function jobFairWhere(f?: JobFairFilter): FilterQuery<JobFair> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  if (f.q) {
    const like = `%${likeEscape(f.q.trim())}%`;
    w.push({ $or: [{ title: { $like: like } }, { venue: { $like: like } }] });
  }
  setIf(w, f.regionCode, () => ({ county: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.heldOn_gte, () => ({ heldOn: { $gte: f.heldOn_gte } }));
  setIf(w, f.heldOn_lte, () => ({ heldOn: { $lte: f.heldOn_lte } }));
  return and<JobFair>(w);
}

const jobFairCrud = crudResolvers<JobFair, JobFairFilter>({
  name: 'JobFair',
  type: JobFair,
  entity: JobFair,
  filter: JobFairFilter,
  where: jobFairWhere,
  sortable: { id: 'id', title: 'title', countyId: 'county', heldOn: 'heldOn', postsOffered: 'postsOffered', laborersRegistered: 'laborersRegistered', intentionsSigned: 'intentionsSigned', createdAt: 'createdAt' },
  create: {
    args: CreateJobFairArgs,
    async run(ctx, a: CreateJobFairArgs) {
      const title = checkName(a.title, 'title', 100);
      const venue = checkName(a.venue, 'venue', 100);
      const postsOffered = checkCount(a.postsOffered ?? 0, 'postsOffered');
      const laborersRegistered = checkCount(a.laborersRegistered ?? 0, 'laborersRegistered');
      const intentionsSigned = checkCount(a.intentionsSigned ?? 0, 'intentionsSigned');
      checkIntentions(intentionsSigned, laborersRegistered);
      const county = await mustFindCounty(ctx, a.countyId);
      const f = ctx.em.create(JobFair, { title, county, heldOn: a.heldOn, venue, postsOffered, laborersRegistered, intentionsSigned } as never);
      await ctx.em.flush();
      return f;
    },
  },
  update: {
    args: UpdateJobFairArgs,
    async run(ctx, a: UpdateJobFairArgs) {
      const f = await mustFind(ctx, JobFair, intId(a.id));
      if (a.title !== undefined && a.title !== null) f.title = checkName(a.title, 'title', 100);
      if (a.venue !== undefined && a.venue !== null) f.venue = checkName(a.venue, 'venue', 100);
      if (a.heldOn !== undefined && a.heldOn !== null) f.heldOn = a.heldOn;
      if (a.postsOffered !== undefined && a.postsOffered !== null) f.postsOffered = checkCount(a.postsOffered, 'postsOffered');
      if (a.laborersRegistered !== undefined && a.laborersRegistered !== null) f.laborersRegistered = checkCount(a.laborersRegistered, 'laborersRegistered');
      if (a.intentionsSigned !== undefined && a.intentionsSigned !== null) f.intentionsSigned = checkCount(a.intentionsSigned, 'intentionsSigned');
      checkIntentions(f.intentionsSigned, f.laborersRegistered);
      if (a.countyId !== undefined && a.countyId !== null) f.county = ctx.em.getReference(Region, (await mustFindCounty(ctx, a.countyId)).code, { wrapped: true });
      await ctx.em.flush();
      return f;
    },
  },
  async remove(ctx, id) {
    const f = await mustFind(ctx, JobFair, id);
    return removeAndReturn(ctx, f);
  },
});

@Resolver(() => JobFair)
export class JobFairFieldResolver {
  @FieldResolver(() => Region, { description: 'The county that held the fair.' })
  county(@Root() f: JobFair, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(f.countyId);
  }
}

export const jobFairResolvers = [...jobFairCrud, JobFairFieldResolver];
