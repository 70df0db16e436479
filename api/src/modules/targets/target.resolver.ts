import { CITY_CODE, regionLevelOf, regionPrefix, type TargetIndicator, TargetStatus } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, ArgsType, Ctx, Field, FieldResolver, Float, ID, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, mustFind, removeAndReturn } from '../../common/crud';
import { graphqlEnum } from '../../common/enums';
import { AppError } from '../../common/errors';
import { and, BaseFilter, intId, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { Statistics } from '../auth/access';
import { Region } from '../region/region.entity';
import { checkRegionCode, mustFindRegionAt, RegionService, withinRegion } from '../region/region.service';
import { Target, TargetIndicatorEnum, TargetProfile } from './target.entity';
import { checkShares, paceOf, type Progress, progressPeriod, TargetService } from './target.service';

export const TargetStatusEnum = graphqlEnum('TargetStatus', 'Progress of a target against the pace expected by a date.', TargetStatus);

// ---------- CRUD ----------

@InputType({ description: 'Filter of the target list; all given conditions must hold.' })
export class TargetFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only targets of regions in the subtree of this region code (the region itself included).' })
  regionCode?: string;
  @Field(() => Int, { nullable: true, description: 'Only targets of this year.' })
  year?: number;
  @Field(() => TargetIndicatorEnum, { nullable: true, description: 'Only targets of this indicator.' })
  indicator?: TargetIndicator;
}

@ArgsType()
class CreateTargetArgs {
  @Field(() => ID, { description: 'Code of the city, a county or a township.' })
  regionId!: string;
  @Field(() => Int, { description: 'Calendar year.' })
  year!: number;
  @Field(() => TargetIndicatorEnum, { description: 'What the target counts.' })
  indicator!: TargetIndicator;
  @Field(() => Float, { description: 'The target for the whole year; more than 0.' })
  value!: number;
  @Field(() => String, { nullable: true, description: 'Note.' })
  note?: string;
}

@ArgsType()
class UpdateTargetArgs {
  @Field(() => ID, { description: 'Target id.' })
  id!: string;
  @Field(() => Float, { nullable: true, description: 'The target for the whole year; more than 0.' })
  value?: number;
  @Field(() => String, { nullable: true, description: 'Note.' })
  note?: string;
}

function checkValue(v: number): number {
  if (!Number.isFinite(v) || v <= 0 || v >= 1e13) throw new AppError('VALIDATION_FAILED', 'value', { detail: 'POSITIVE' });
  return Math.round(v * 100) / 100;
}

function checkYear(y: number): number {
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new AppError('VALIDATION_FAILED', 'year', { detail: 'PERIOD_RANGE' });
  return y;
}

const checkNote = (n: string | undefined | null) => {
  const t = n?.trim() || null;
  if (t && t.length > 200) throw new AppError('VALIDATION_FAILED', 'note');
  return t;
};

const targetCrud = crudResolvers<Target, TargetFilter>({
  name: 'Target',
  type: Target,
  entity: Target,
  filter: TargetFilter,
  where(f) {
    if (!f) return {};
    const w: Record<string, unknown>[] = [];
    setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
    setIf(w, f.regionCode, () => ({ region: withinRegion(f.regionCode!, 'regionCode') }));
    setIf(w, f.year, () => ({ year: f.year }));
    setIf(w, f.indicator, () => ({ indicator: f.indicator }));
    return and<Target>(w) as FilterQuery<Target>;
  },
  sortable: { id: 'id', regionId: 'region', year: 'year', indicator: 'indicator', value: 'value', createdAt: 'createdAt' },
  // The city sets the targets (汇总+督促): everyone who reads records sees those of their region.
  access: { write: 'ADMIN' },
  create: {
    args: CreateTargetArgs,
    async run(ctx, a: CreateTargetArgs) {
      const region = await mustFindRegionAt(ctx, a.regionId, ['CITY', 'COUNTY', 'TOWNSHIP'], 'regionId');
      const t = ctx.em.create(Target, { region, year: checkYear(a.year), indicator: a.indicator, value: checkValue(a.value), note: checkNote(a.note) } as never);
      await ctx.em.flush();
      return t;
    },
  },
  update: {
    args: UpdateTargetArgs,
    async run(ctx, a: UpdateTargetArgs) {
      const t = await mustFind(ctx, Target, intId(a.id));
      if (a.value != null) t.value = checkValue(a.value);
      if (a.note !== undefined) t.note = checkNote(a.note);
      await ctx.em.flush();
      return t;
    },
  },
  async remove(ctx, id) {
    return removeAndReturn(ctx, await mustFind(ctx, Target, id));
  },
});

@InputType({ description: 'Filter of the target profile list.' })
export class TargetProfileFilter extends BaseFilter {
  @Field(() => Int, { nullable: true, description: 'Only profiles of this year.' })
  year?: number;
  @Field(() => TargetIndicatorEnum, { nullable: true, description: 'Only profiles of this indicator.' })
  indicator?: TargetIndicator;
}

@ArgsType()
class CreateTargetProfileArgs {
  @Field(() => Int, { description: 'Calendar year.' })
  year!: number;
  @Field(() => TargetIndicatorEnum, { description: 'The indicator whose targets follow it.' })
  indicator!: TargetIndicator;
  @Field(() => [Float], { description: 'Twelve cumulative shares (0 to 1) expected by the end of each month, never decreasing, the last 1.' })
  shares!: number[];
}

@ArgsType()
class UpdateTargetProfileArgs {
  @Field(() => ID, { description: 'Profile id.' })
  id!: string;
  @Field(() => [Float], { nullable: true, description: 'Twelve cumulative shares (0 to 1), never decreasing, the last 1.' })
  shares?: number[];
}

const profileCrud = crudResolvers<TargetProfile, TargetProfileFilter>({
  name: 'TargetProfile',
  type: TargetProfile,
  entity: TargetProfile,
  filter: TargetProfileFilter,
  where(f) {
    if (!f) return {};
    const w: Record<string, unknown>[] = [];
    setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
    setIf(w, f.year, () => ({ year: f.year }));
    setIf(w, f.indicator, () => ({ indicator: f.indicator }));
    return and<TargetProfile>(w) as FilterQuery<TargetProfile>;
  },
  sortable: { id: 'id', year: 'year', indicator: 'indicator' },
  create: {
    args: CreateTargetProfileArgs,
    async run(ctx, a: CreateTargetProfileArgs) {
      const p = ctx.em.create(TargetProfile, { year: checkYear(a.year), indicator: a.indicator, shares: checkShares(a.shares) } as never);
      await ctx.em.flush();
      return p;
    },
  },
  update: {
    args: UpdateTargetProfileArgs,
    async run(ctx, a: UpdateTargetProfileArgs) {
      const p = await mustFind(ctx, TargetProfile, intId(a.id));
      if (a.shares != null) p.shares = checkShares(a.shares);
      await ctx.em.flush();
      return p;
    },
  },
  async remove(ctx, id) {
    return removeAndReturn(ctx, await mustFind(ctx, TargetProfile, id));
  },
});

@Resolver(() => Target)
export class TargetFieldResolver {
  @FieldResolver(() => Region, { description: 'The region the target is set for.' })
  region(@Root() t: Target, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(t.regionId);
  }
}

// ---------- progress, league table, supervision ----------

// Aggregates of a region, never a personal record: dashboard viewers reach them through the league and the report.
@Statistics()
@ObjectType({ description: 'Progress of a region on one yearly target at a date (汇总+督促).' })
export class TargetProgress {
  @Field(() => ID, { description: 'Code of the region.' })
  regionCode!: string;
  @Field(() => TargetIndicatorEnum, { description: 'What the target counts.' })
  indicator!: TargetIndicator;
  @Field(() => Int, { description: 'Year of the target.' })
  year!: number;
  @Field(() => LocalDate, { description: 'Last day counted: the end of the as-of month (statistics are kept by month).' })
  to!: string;
  @Field(() => Float, { description: "The year's target: the region's own, or the sum of its children's (see `source`)." })
  target!: number;
  @Field({ description: "OWN: set for the region itself; CHILDREN: the sum of its children's targets." })
  source!: string;
  @Field(() => Float, { description: 'Achieved from 1 January to `to`, by the same indicator definitions as the statistics.' })
  achieved!: number;
  @Field(() => Float, { description: 'Achieved over the target (a fraction; more than 1 when exceeded).' })
  share!: number;
  @Field(() => Float, { description: "Share of the target expected by `to`: the share of the year elapsed, or the city's monthly profile." })
  expected!: number;
  @Field(() => Float, { description: 'Pace: share over expected share (1 or more: on pace).' })
  pace!: number;
  @Field(() => TargetStatusEnum, { description: 'ON_TRACK (pace 90% or more), BEHIND (70% to 90%), FAR_BEHIND (below 70%).' })
  status!: string;
  @Field(() => Float, { description: 'How far below the pace: target x expected - achieved (0 at or above it).' })
  shortfall!: number;
  region?: Region;
}

const toGql = (p: Progress, region?: Region): TargetProgress => Object.assign(new TargetProgress(), p, { pace: paceOf(p), region });

@Statistics()
@ObjectType({ description: 'A row of the target league table: a region ranked by its progress.' })
export class TargetLeagueEntry {
  @Field(() => Int, { description: 'Rank, 1 for the best pace.' })
  rank!: number;
  @Field(() => Region, { description: 'The region.' })
  region!: Region;
  @Field(() => Float, { nullable: true, description: 'The ranking score: the pace of the indicator asked, or the mean pace over all its targets; null without targets.' })
  score!: number | null;
  @Field(() => [TargetProgress], { description: 'Progress on each of its targets.' })
  progress!: TargetProgress[];
}

@Resolver(() => TargetProgress)
export class TargetProgressFieldResolver {
  @FieldResolver(() => Region, { description: 'The region.' })
  region(@Root() p: TargetProgress, @Ctx() ctx: Context) {
    return p.region ?? new RegionService(ctx.em, ctx.loaders).byCode(p.regionCode);
  }
}

/** A region code the user may report on: a scoped user only within their subtree (not the city above it). */
export async function reportRegion(ctx: Context, code: string, field = 'regionCode'): Promise<Region> {
  checkRegionCode(code, field);
  const scope = ctx.principal?.scope;
  if (scope && !code.startsWith(regionPrefix(scope))) throw new AppError('NOT_FOUND', field);
  const r = await new RegionService(ctx.em, ctx.loaders).byCode(code);
  if (!r) throw new AppError('NOT_FOUND', field);
  return r;
}

/** Progress of a region's children (counties of the city, townships of a county), ranked. */
export async function targetLeague(ctx: Context, within: Region, year: number, to: string, indicator?: TargetIndicator | null): Promise<TargetLeagueEntry[]> {
  if (within.level !== 'CITY' && within.level !== 'COUNTY') throw new AppError('VALIDATION_FAILED', 'within', { detail: 'TARGET_REGION' });
  const children = await new RegionService(ctx.em, ctx.loaders).children(within.code);
  const progress = await new TargetService(ctx.em, ctx.loaders).progress(children.map((c) => c.code), within.code, year, to);
  return rankLeague(children, progress, indicator);
}

/** Regions ranked by their pace: on one indicator, or the mean over all their targets. */
export function rankLeague(children: Region[], progress: Map<string, Progress[]>, indicator?: TargetIndicator | null): TargetLeagueEntry[] {
  const rows = children.map((region) => {
    const list = progress.get(region.code)!;
    const scored = indicator ? list.filter((p) => p.indicator === indicator) : list;
    const score = scored.length ? scored.reduce((s, p) => s + paceOf(p), 0) / scored.length : null;
    return { region, score, progress: list.map((p) => toGql(p, region)) };
  });
  rows.sort((a, b) => (a.score === null ? 1 : b.score === null ? -1 : b.score - a.score) || (a.region.code < b.region.code ? -1 : 1));
  return rows.map((r, i) => ({ rank: i + 1, ...r }));
}

/** The supervision list (督办清单): targets of the counties (and townships with targets) below `within` not on track, the farthest behind first. */
export async function supervisionList(ctx: Context, within: Region, year: number, to: string): Promise<TargetProgress[]> {
  const svc = new TargetService(ctx.em, ctx.loaders);
  const rows = await svc.rows(within.code, year);
  const codes = new Set<string>();
  for (const r of rows) {
    if (r.code === within.code) continue;
    const level = regionLevelOf(r.code);
    if (level === 'COUNTY' || level === 'TOWNSHIP') codes.add(r.code);
    if (level === 'TOWNSHIP' && within.level === 'CITY') codes.add(`${r.code.slice(0, 6)}000000`);
  }
  if (within.level === 'CITY') for (const c of await new RegionService(ctx.em, ctx.loaders).children(within.code)) codes.add(c.code);
  const list = [...codes].filter((c) => c !== within.code && c.startsWith(regionPrefix(within.code))).sort();
  const progress = await svc.progress(list, within.code, year, to);
  return [...progress.values()]
    .flat()
    .filter((p) => p.status !== 'ON_TRACK')
    .sort((a, b) => paceOf(a) - paceOf(b) || (a.regionCode < b.regionCode ? -1 : 1))
    .map((p) => toGql(p));
}

@Resolver()
export class TargetQueryResolver {
  @Statistics()
  @Query(() => [TargetProgress], { description: "A region's progress on each of its yearly targets at a date (default: the year of the report date, as of 2017-06-30)." })
  async targetProgress(
    @Arg('regionCode', () => ID, { description: 'City, county or township code.' }) regionCode: string,
    @Arg('year', () => Int, { nullable: true, description: 'Year of the targets (default: the year of asOf).' }) year: number | undefined,
    @Arg('asOf', () => LocalDate, { nullable: true, description: 'Progress as of this day (counted to the end of its month); default the report date, or 31 December of another year.' }) asOf: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<TargetProgress[]> {
    const region = await reportRegion(ctx, regionCode);
    const p = progressPeriod(year, asOf);
    const progress = await new TargetService(ctx.em, ctx.loaders).progress([region.code], region.code, p.year, p.to);
    return progress.get(region.code)!.map((x) => toGql(x, region));
  }

  @Statistics()
  @Query(() => [TargetLeagueEntry], { description: "The counties of the city (or a county's townships) ranked by progress on their targets." })
  async targetLeague(
    @Arg('within', () => ID, { nullable: true, description: 'The city (default) or a county.' }) within: string | undefined,
    @Arg('indicator', () => TargetIndicatorEnum, { nullable: true, description: 'Rank by this target only (default: the mean pace over all targets).' }) indicator: TargetIndicator | undefined,
    @Arg('year', () => Int, { nullable: true, description: 'Year of the targets (default: the year of asOf).' }) year: number | undefined,
    @Arg('asOf', () => LocalDate, { nullable: true, description: 'As of this day (default the report date).' }) asOf: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<TargetLeagueEntry[]> {
    const region = await reportRegion(ctx, within ?? ctx.principal?.scope ?? CITY_CODE, 'within');
    const p = progressPeriod(year, asOf);
    return targetLeague(ctx, region, p.year, p.to, indicator);
  }

  @Statistics()
  @Query(() => [TargetProgress], { description: 'The supervision list (督办清单): targets of counties and townships below a region that are behind the pace at a date, the farthest behind first.' })
  async supervisionList(
    @Arg('within', () => ID, { nullable: true, description: 'The city (default) or a county.' }) within: string | undefined,
    @Arg('year', () => Int, { nullable: true, description: 'Year of the targets (default: the year of asOf).' }) year: number | undefined,
    @Arg('asOf', () => LocalDate, { nullable: true, description: 'As of this day (default the report date).' }) asOf: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<TargetProgress[]> {
    const region = await reportRegion(ctx, within ?? ctx.principal?.scope ?? CITY_CODE, 'within');
    const p = progressPeriod(year, asOf);
    return supervisionList(ctx, region, p.year, p.to);
  }
}

export const targetResolvers = [...targetCrud, ...profileCrud, TargetFieldResolver, TargetProgressFieldResolver, TargetQueryResolver];
