import type { RegionLevel } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind } from '../../common/crud';
import { RegionLevelEnum } from '../../common/enums';
import { AppError } from '../../common/errors';
import { BaseFilter, likeEscape, ListArgs, pageOptions } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { checkDay } from '../lifecycle/lifecycle.service';
import { Region } from './region.entity';
import { checkRegionCode, RegionService, withinRegion } from './region.service';

@InputType({ description: 'Filter of the region list; all given conditions must hold.' })
export class RegionFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search: the name contains this text, or the code starts with it.' })
  q?: string;

  @Field(() => RegionLevelEnum, { nullable: true, description: 'Only regions of this level.' })
  level?: RegionLevel;

  @Field(() => ID, { nullable: true, description: 'Only the direct children of this region code.' })
  parentId?: string;

  @Field(() => ID, { nullable: true, description: 'Only regions in the subtree of this region code (the region itself included).' })
  within?: string;

  @Field({ nullable: true, description: 'Only poor (true) or non-poor (false) regions.' })
  isPoor?: boolean;

  @Field({ nullable: true, description: "Only urban residents' committees (true) or not (false)." })
  isUrban?: boolean;
}

@ArgsType()
class UpdateRegionArgs {
  @Field(() => ID, { description: 'Region code.' })
  id!: string;

  @Field({ nullable: true, description: 'Poor county or village flag.' })
  isPoor?: boolean;

  @Field(() => Int, { nullable: true, description: 'Year it left the poor list; null clears it.' })
  exitYear?: number | null;

  @Field(() => LocalDate, { nullable: true, description: 'Day its exit (村出列 / 县摘帽) was decided; the exits counted as of a day read it. Null clears it.' })
  exitedOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Day it was put on the poor list (建档立卡); poor villages as of a day read it.' })
  listedOn?: string | null;
}

function regionWhere(f: RegionFilter | undefined): FilterQuery<Region> {
  const w: Record<string, unknown>[] = [];
  if (!f) return {};
  if (f.ids) w.push({ code: { $in: f.ids } });
  if (f.q) w.push({ $or: [{ name: { $like: `%${likeEscape(f.q)}%` } }, { code: { $like: `${likeEscape(f.q)}%` } }] });
  if (f.level) w.push({ level: f.level });
  if (f.parentId) w.push({ parent: checkRegionCode(f.parentId, 'parentId') });
  if (f.within) w.push({ code: withinRegion(f.within) });
  if (f.isPoor !== undefined && f.isPoor !== null) w.push({ isPoor: f.isPoor });
  if (f.isUrban !== undefined && f.isUrban !== null) w.push({ isUrban: f.isUrban });
  return w.length ? { $and: w } : {};
}

const SORTABLE = { id: 'code', code: 'code', name: 'name', level: 'level', isPoor: 'isPoor', exitYear: 'exitYear' };

export const regionCrudResolvers = crudResolvers<Region, RegionFilter>({
  name: 'Region',
  type: Region,
  entity: Region,
  filter: RegionFilter,
  where: regionWhere,
  sortable: SORTABLE,
  parseId: (id) => checkRegionCode(id, 'id'),
  access: { read: 'SIGNED_IN' },
  update: {
    args: UpdateRegionArgs,
    async run(ctx, args: UpdateRegionArgs) {
      const region = await mustFind(ctx, Region, checkRegionCode(args.id, 'id'));
      if (args.exitYear !== undefined && args.exitYear !== null && (args.exitYear < 2014 || args.exitYear > 2100)) {
        throw new AppError('VALIDATION_FAILED', 'exitYear');
      }
      if (args.isPoor !== undefined && args.isPoor !== null) {
        if (args.isPoor && region.isUrban) throw new AppError('VALIDATION_FAILED', 'isPoor', { detail: 'URBAN_NOT_POOR' });
        if (args.isPoor && (region.level === 'CITY' || region.level === 'TOWNSHIP')) throw new AppError('VALIDATION_FAILED', 'isPoor', { detail: 'POOR_LEVEL' });
        region.isPoor = args.isPoor;
      }
      if (args.exitYear !== undefined) region.exitYear = args.exitYear;
      if (args.exitedOn !== undefined) region.exitedOn = args.exitedOn === null ? null : checkDay(args.exitedOn, 'exitedOn');
      if (args.listedOn !== undefined && args.listedOn !== null) region.listedOn = checkDay(args.listedOn, 'listedOn');
      if (region.exitedOn && region.listedOn && region.exitedOn < region.listedOn) throw new AppError('VALIDATION_FAILED', 'exitedOn');
      return region;
    },
  },
});

@Resolver(() => Region)
export class RegionFieldResolver {
  @FieldResolver(() => Region, { nullable: true, description: 'The parent region; null for the city.' })
  parent(@Root() r: Region, @Ctx() ctx: Context): Promise<Region | null> | null {
    return r.parent ? new RegionService(ctx.em, ctx.loaders).byCode(r.parentId!) : null;
  }

  @FieldResolver(() => [Region], { description: 'Direct children, by code.' })
  children(@Root() r: Region, @Ctx() ctx: Context): Promise<Region[]> {
    return new RegionService(ctx.em, ctx.loaders).children(r.code);
  }

  @FieldResolver(() => [Region], { description: 'Ancestors from the city down to the parent (the breadcrumb).' })
  ancestors(@Root() r: Region, @Ctx() ctx: Context): Promise<Region[]> {
    return new RegionService(ctx.em, ctx.loaders).ancestors(r.code);
  }

  @FieldResolver(() => [Region], { description: 'A page of the whole subtree below this region (itself excluded), optionally of one level, by code.' })
  descendants(
    @Root() r: Region,
    @Arg('level', () => RegionLevelEnum, { nullable: true, description: 'Only this level.' }) level: RegionLevel | undefined,
    @Args(() => ListArgs) args: ListArgs,
    @Ctx() ctx: Context,
  ): Promise<Region[]> {
    return ctx.em.find(Region, new RegionService(ctx.em, ctx.loaders).descendantsWhere(r.code, level), pageOptions(args, SORTABLE, 'code'));
  }

  @FieldResolver(() => Int, { description: 'Number of regions in the subtree below (itself excluded), optionally of one level.' })
  descendantCount(
    @Root() r: Region,
    @Arg('level', () => RegionLevelEnum, { nullable: true, description: 'Only this level.' }) level: RegionLevel | undefined,
    @Ctx() ctx: Context,
  ): Promise<number> {
    return ctx.em.count(Region, new RegionService(ctx.em, ctx.loaders).descendantsWhere(r.code, level));
  }
}

export const regionResolvers = [...regionCrudResolvers, RegionFieldResolver];
