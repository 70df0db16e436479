import type { WelfarePostCategory, WelfarePostStatus } from '@fupin/schema';
import { raw } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { ArgsType, Ctx, Field, FieldResolver, Float, ID, InputType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind, removeAndReturn } from '../../common/crud';
import { WelfarePostCategoryEnum, WelfarePostStatusEnum } from '../../common/enums';
import { AppError } from '../../common/errors';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { withinRegion } from '../region/region.service';
import { Laborer } from '../registry/laborer.entity';
import { checkName, laborerLoader } from '../registry/registry.service';
import { WelfarePlacement, WelfarePost } from './welfare.entity';
import {
  activePlacementExists,
  activePlacementsLoader,
  activeWhere,
  assertNoOverlap,
  checkPay,
  checkPeriod,
  hasActivePlacement,
  laborerPlacementsLoader,
  lockPost,
  mustFindPostRegion,
  postLoader,
  postPlacementsLoader,
  refreshPostStatus,
  today,
} from './welfare.service';

// ---------- posts ----------

@InputType({ description: 'Filter of the public-welfare post list; all given conditions must hold.' })
export class WelfarePostFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the title.' })
  q?: string;
  @Field(() => ID, { nullable: true, description: 'Only posts in the subtree of this region code (county, township or village).' })
  regionCode?: string;
  @Field(() => WelfarePostCategoryEnum, { nullable: true, description: 'Only this category.' })
  category?: WelfarePostCategory;
  @Field(() => WelfarePostStatusEnum, { nullable: true, description: 'Only this status (FILLED: a placement is active today).' })
  status?: WelfarePostStatus;
}

@ArgsType()
class CreateWelfarePostArgs {
  @Field({ description: 'Title of the post.' })
  title!: string;
  @Field(() => WelfarePostCategoryEnum, { description: 'Category (one of the six in the report).' })
  category!: WelfarePostCategory;
  @Field(() => ID, { description: 'Code of a village or township.' })
  regionId!: string;
  @Field(() => Float, { description: 'Monthly pay in yuan, more than 0.' })
  monthlyPay!: number;
  @Field(() => WelfarePostStatusEnum, { nullable: true, description: 'OPEN (default) or CLOSED; FILLED follows from the placements and cannot be set.' })
  status?: WelfarePostStatus;
}

@ArgsType()
class UpdateWelfarePostArgs {
  @Field(() => ID, { description: 'Post id.' })
  id!: string;
  @Field({ nullable: true, description: 'Title of the post.' })
  title?: string;
  @Field(() => WelfarePostCategoryEnum, { nullable: true, description: 'Category.' })
  category?: WelfarePostCategory;
  @Field(() => ID, { nullable: true, description: 'Code of a village or township.' })
  regionId?: string;
  @Field(() => Float, { nullable: true, description: 'Monthly pay in yuan, more than 0.' })
  monthlyPay?: number;
  @Field(() => WelfarePostStatusEnum, { nullable: true, description: 'OPEN or CLOSED (refused while the post has an active placement). FILLED cannot be set; re-sending it for a filled post changes nothing.' })
  status?: WelfarePostStatus;
}

function settableStatus(s: WelfarePostStatus): WelfarePostStatus {
  if (s === 'FILLED') throw new AppError('VALIDATION_FAILED', 'status', { detail: 'WELFARE_STATUS_DERIVED' });
  return s;
}

function postWhere(f?: WelfarePostFilter): FilterQuery<WelfarePost> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ title: { $like: `%${likeEscape(f.q!.trim())}%` } }));
  setIf(w, f.regionCode, () => ({ region: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.category, () => ({ category: f.category }));
  if (f.status === 'CLOSED') w.push({ status: 'CLOSED' });
  else if (f.status) {
    // Judged from the placements, as the `status` field is, so a placement that ended yesterday no longer fills the post.
    const cond = f.status === 'FILLED' ? '' : 'not ';
    w.push({ status: { $ne: 'CLOSED' }, [raw((alias: string) => `${cond}${activePlacementExists(alias)}`, [today()])]: true });
  }
  return and<WelfarePost>(w);
}

const postCrud = crudResolvers<WelfarePost, WelfarePostFilter>({
  name: 'WelfarePost',
  type: WelfarePost,
  entity: WelfarePost,
  filter: WelfarePostFilter,
  where: postWhere,
  // status sorts by the stored column, which every write keeps current (see refreshPostStatus).
  sortable: { id: 'id', title: 'title', category: 'category', regionId: 'region', monthlyPay: 'monthlyPay', status: 'status', createdAt: 'createdAt', updatedAt: 'updatedAt' },
  create: {
    args: CreateWelfarePostArgs,
    async run(ctx, a: CreateWelfarePostArgs) {
      const post = ctx.em.create(WelfarePost, {
        title: checkName(a.title, 'title', 100),
        category: a.category,
        region: await mustFindPostRegion(ctx, a.regionId),
        monthlyPay: checkPay(a.monthlyPay),
        status: settableStatus(a.status ?? 'OPEN'),
      } as never);
      await ctx.em.flush();
      return post;
    },
  },
  update: {
    args: UpdateWelfarePostArgs,
    async run(ctx, a: UpdateWelfarePostArgs) {
      const post = await lockPost(ctx, intId(a.id), 'id');
      if (a.title !== undefined && a.title !== null) post.title = checkName(a.title, 'title', 100);
      if (a.category !== undefined && a.category !== null) post.category = a.category;
      if (a.regionId !== undefined && a.regionId !== null) post.region = ctx.em.getReference(Region, (await mustFindPostRegion(ctx, a.regionId)).code, { wrapped: true });
      if (a.monthlyPay !== undefined && a.monthlyPay !== null) post.monthlyPay = checkPay(a.monthlyPay);
      let status = a.status ?? undefined;
      if (status === 'FILLED') {
        // An edit form re-sends the status it showed: FILLED is accepted as "no change" while it is true.
        if (post.status === 'CLOSED' || !(await hasActivePlacement(ctx, post.id))) settableStatus(status);
        status = undefined;
      }
      if (status === 'CLOSED' && post.status !== 'CLOSED') {
        if (await hasActivePlacement(ctx, post.id)) throw new AppError('CONFLICT', 'status', { detail: 'WELFARE_POST_FILLED' });
        post.status = 'CLOSED';
      } else if (status === 'OPEN' && post.status === 'CLOSED') {
        post.status = 'OPEN';
      }
      await refreshPostStatus(ctx, post);
      await ctx.em.flush();
      return post;
    },
  },
  async remove(ctx, id) {
    const post = await mustFind(ctx, WelfarePost, id);
    return removeAndReturn(ctx, post);
  },
});

@Resolver(() => WelfarePost)
export class WelfarePostFieldResolver {
  @FieldResolver(() => WelfarePostStatusEnum)
  async status(@Root() post: WelfarePost, @Ctx() ctx: Context): Promise<WelfarePostStatus> {
    // Derived at read time, so a placement whose end date has passed stops filling the post without a write.
    if (post.status === 'CLOSED') return 'CLOSED';
    return (await activePlacementsLoader(ctx).load(post.id)).length ? 'FILLED' : 'OPEN';
  }

  @FieldResolver(() => [WelfarePlacement], { description: 'Every placement on the post, latest first.' })
  placements(@Root() post: WelfarePost, @Ctx() ctx: Context) {
    return postPlacementsLoader(ctx).load(post.id);
  }

  @FieldResolver(() => Laborer, { nullable: true, description: 'The laborer of the active placement (the one holding the post now, or due to start next); null while the post is open.' })
  async currentHolder(@Root() post: WelfarePost, @Ctx() ctx: Context) {
    const [active] = await activePlacementsLoader(ctx).load(post.id);
    return active ? laborerLoader(ctx).load(active.laborer.id) : null;
  }
}

// ---------- placements ----------

@InputType({ description: 'Filter of the placement list; all given conditions must hold.' })
export class WelfarePlacementFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only placements on this post.' })
  postId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements of this laborer.' })
  laborerId?: string;
  @Field(() => ID, { nullable: true, description: "Only laborers whose village is in the subtree of this region code." })
  regionCode?: string;
  @Field({ nullable: true, description: 'Only placements active today (no end date or ending after today), or with false only ended ones.' })
  active?: boolean;
}

@ArgsType()
class CreateWelfarePlacementArgs {
  @Field(() => ID, { description: 'Post id; the post must not be closed nor held by someone else in the period.' })
  postId!: string;
  @Field(() => ID, { description: 'Laborer id; the laborer must hold no other post in the period.' })
  laborerId!: string;
  @Field(() => LocalDate, { description: 'First day on the post.' })
  startDate!: string;
  @Field(() => LocalDate, { nullable: true, description: 'Day the placement ends (exclusive), after the start; none while it lasts.' })
  endDate?: string | null;
}

@ArgsType()
class UpdateWelfarePlacementArgs {
  @Field(() => ID, { description: 'Placement id.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'Post id.' })
  postId?: string;
  @Field(() => ID, { nullable: true, description: 'Laborer id.' })
  laborerId?: string;
  @Field(() => LocalDate, { nullable: true, description: 'First day on the post.' })
  startDate?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Day the placement ends (exclusive); null makes it open-ended again.' })
  endDate?: string | null;
}

function placementWhere(f?: WelfarePlacementFilter): FilterQuery<WelfarePlacement> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.postId, () => ({ post: intId(f.postId!, 'postId') }));
  setIf(w, f.laborerId, () => ({ laborer: intId(f.laborerId!, 'laborerId') }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.active, () => (f.active ? (activeWhere() as Record<string, unknown>) : { endDate: { $lte: today() } }));
  return and<WelfarePlacement>(w);
}

const isActive = (p: WelfarePlacement) => !p.endDate || p.endDate > today();

const placementCrud = crudResolvers<WelfarePlacement, WelfarePlacementFilter>({
  name: 'WelfarePlacement',
  type: WelfarePlacement,
  entity: WelfarePlacement,
  filter: WelfarePlacementFilter,
  where: placementWhere,
  sortable: { id: 'id', startDate: 'startDate', endDate: 'endDate', postId: 'post', laborerId: 'laborer', villageId: 'village', createdAt: 'createdAt', updatedAt: 'updatedAt' },
  create: {
    args: CreateWelfarePlacementArgs,
    async run(ctx, a: CreateWelfarePlacementArgs) {
      const post = await lockPost(ctx, intId(a.postId, 'postId'));
      if (post.status === 'CLOSED') throw new AppError('CONFLICT', 'postId', { detail: 'WELFARE_POST_CLOSED' });
      const laborer = await mustFind(ctx, Laborer, intId(a.laborerId, 'laborerId'), 'laborerId');
      checkPeriod(a.startDate, a.endDate);
      await assertNoOverlap(ctx, { postId: post.id, laborerId: laborer.id, startDate: a.startDate, endDate: a.endDate });
      const placement = ctx.em.create(WelfarePlacement, { post, laborer, village: laborer.village, startDate: a.startDate, endDate: a.endDate ?? null } as never);
      await refreshPostStatus(ctx, post);
      await ctx.em.flush();
      return placement;
    },
  },
  update: {
    args: UpdateWelfarePlacementArgs,
    async run(ctx, a: UpdateWelfarePlacementArgs) {
      const p = await mustFind(ctx, WelfarePlacement, intId(a.id));
      const oldPostId = p.post.id;
      const newPostId = a.postId !== undefined && a.postId !== null ? intId(a.postId, 'postId') : oldPostId;
      // Both posts locked in id order, so two moves between the same posts cannot deadlock.
      const posts = new Map<number, WelfarePost>();
      for (const id of [...new Set([oldPostId, newPostId])].sort((x, y) => x - y)) posts.set(id, await lockPost(ctx, id));
      const post = posts.get(newPostId)!;
      if (newPostId !== oldPostId) {
        if (post.status === 'CLOSED') throw new AppError('CONFLICT', 'postId', { detail: 'WELFARE_POST_CLOSED' });
        p.post = ctx.em.getReference(WelfarePost, newPostId, { wrapped: true });
      }
      if (a.laborerId !== undefined && a.laborerId !== null) {
        const laborer = await mustFind(ctx, Laborer, intId(a.laborerId, 'laborerId'), 'laborerId');
        p.laborer = ctx.em.getReference(Laborer, laborer.id, { wrapped: true });
        p.village = laborer.village;
      }
      if (a.startDate !== undefined && a.startDate !== null) p.startDate = a.startDate;
      if (a.endDate !== undefined) p.endDate = a.endDate;
      checkPeriod(p.startDate, p.endDate);
      // Re-opening a placement on a closed post would hold a post nobody may take.
      if (post.status === 'CLOSED' && isActive(p)) throw new AppError('CONFLICT', 'postId', { detail: 'WELFARE_POST_CLOSED' });
      await assertNoOverlap(ctx, { id: p.id, postId: newPostId, laborerId: p.laborer.id, startDate: p.startDate, endDate: p.endDate });
      for (const each of posts.values()) await refreshPostStatus(ctx, each);
      await ctx.em.flush();
      return p;
    },
  },
  async remove(ctx, id) {
    const p = await mustFind(ctx, WelfarePlacement, id);
    const post = await lockPost(ctx, p.post.id);
    const snapshot = Object.assign(Object.create(WelfarePlacement.prototype) as WelfarePlacement, p);
    ctx.em.remove(p);
    await refreshPostStatus(ctx, post);
    await ctx.em.flush();
    return snapshot;
  },
});

@Resolver(() => WelfarePlacement)
export class WelfarePlacementFieldResolver {
  // LaborerRecord is no GraphQL type, so its getters reach the schema only through these resolvers.
  @FieldResolver(() => ID, { description: 'Id of the laborer.' })
  laborerId(@Root() r: WelfarePlacement): number {
    return r.laborer.id;
  }

  @FieldResolver(() => ID, { description: "Code of the laborer's village." })
  villageId(@Root() r: WelfarePlacement): string {
    return r.village.unwrap().code;
  }

  @FieldResolver(() => WelfarePost, { description: 'The post.' })
  post(@Root() p: WelfarePlacement, @Ctx() ctx: Context) {
    return postLoader(ctx).load(p.post.id);
  }

  @FieldResolver(() => Laborer, { description: 'The laborer placed.' })
  laborer(@Root() p: WelfarePlacement, @Ctx() ctx: Context) {
    return laborerLoader(ctx).load(p.laborer.id);
  }

  @FieldResolver(() => Boolean, { description: 'True while the placement holds its post: no end date, or an end date after today.' })
  active(@Root() p: WelfarePlacement): boolean {
    return isActive(p);
  }
}

@Resolver(() => Laborer)
export class LaborerWelfareResolver {
  @FieldResolver(() => [WelfarePlacement], { description: 'Public-welfare placements of the laborer, latest first.' })
  welfarePlacements(@Root() l: Laborer, @Ctx() ctx: Context) {
    return laborerPlacementsLoader(ctx).load(l.id);
  }
}

export const welfareResolvers = [...postCrud, WelfarePostFieldResolver, ...placementCrud, WelfarePlacementFieldResolver, LaborerWelfareResolver];
