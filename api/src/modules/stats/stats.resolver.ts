import { CITY_CODE, INDICATORS, type IndicatorKey, IndicatorUnitLabels, PROGRAMME_YEAR, REPORT_DATE, type RegionLevel, regionLevelOf } from '@fupin/schema';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { RegionLevelEnum, SortOrderEnum } from '../../common/enums';
import { AppError } from '../../common/errors';
import { LocalDate } from '../../common/scalars';
import { Statistics } from '../auth/access';
import { Region } from '../region/region.entity';
import { checkRegionCode, RegionService, withinRegion } from '../region/region.service';
import { type IndicatorValues, indicatorValues, monthsBetween, type Period, resolvePeriod, StatsService, toCounters } from './stats.service';
import { LeagueEntry, RegionStats, StatsIndicatorEnum, StatsIndicatorInfo, StatsPoint } from './stats.types';

@ArgsType()
export class StatsPeriodArgs {
  @Field(() => LocalDate, { nullable: true, description: `Everything up to the end of this date's month (statistics are kept by month). The default when no period is given: as of ${REPORT_DATE}.` })
  asOf?: string | null;

  @Field(() => Int, { nullable: true, description: 'A calendar year: January to December.' })
  year?: number | null;

  @Field(() => String, { nullable: true, description: 'First month of a range, YYYY-MM (alone: that month only).' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Last month of a range, YYYY-MM (alone: everything up to its end).' })
  to?: string | null;
}

function toStats(code: string, period: Period, values: IndicatorValues, region?: Region): RegionStats {
  return Object.assign(new RegionStats(), values, { regionCode: code, level: region?.level ?? regionLevelOf(code), from: period.from, to: period.to, regionRow: region });
}

/** Sorts by an indicator (nulls last whatever the order), ties by region code. */
function sortStats(rows: RegionStats[], key: IndicatorKey | undefined, order: 'ASC' | 'DESC'): RegionStats[] {
  const dir = order === 'DESC' ? -1 : 1;
  return rows.sort((a, b) => {
    if (key) {
      const x = a[key] as number | null;
      const y = b[key] as number | null;
      if (x === null && y !== null) return 1;
      if (y === null && x !== null) return -1;
      if (x !== null && y !== null && x !== y) return (x - y) * dir;
    }
    return a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : 0;
  });
}

async function statsOf(ctx: Context, regions: Region[], period: Period): Promise<RegionStats[]> {
  const counters = await new StatsService(ctx.em, ctx.loaders).counters(
    regions.map((r) => r.code),
    period,
  );
  return regions.map((r) => toStats(r.code, period, indicatorValues(r.code, counters.get(r.code)!), r));
}

@Resolver(() => Region)
export class RegionStatsFieldResolver {
  @Statistics()
  @FieldResolver(() => RegionStats, { description: 'Statistics of the region and everything below it for a period (default: as of the report date).' })
  async stats(@Root() r: Region, @Args(() => StatsPeriodArgs) p: StatsPeriodArgs, @Ctx() ctx: Context): Promise<RegionStats> {
    const period = resolvePeriod(p);
    const counters = await new StatsService(ctx.em, ctx.loaders).counter(r.code, period);
    return toStats(r.code, period, indicatorValues(r.code, counters), r);
  }

  @Statistics()
  @FieldResolver(() => [RegionStats], {
    description: 'The direct children with their statistics (the drill-down table), sorted by an indicator (default: by code). One statement for all children, whatever the number of people below them.',
  })
  async childrenStats(
    @Root() r: Region,
    @Args(() => StatsPeriodArgs) p: StatsPeriodArgs,
    @Arg('sortBy', () => StatsIndicatorEnum, { nullable: true, description: 'Indicator to sort by; nulls go last.' }) sortBy: IndicatorKey | undefined,
    @Arg('order', () => SortOrderEnum, { nullable: true, description: 'ASC (default) or DESC.' }) order: 'ASC' | 'DESC' | undefined,
    @Ctx() ctx: Context,
  ): Promise<RegionStats[]> {
    const period = resolvePeriod(p);
    // Both at once: the children (which the scope filter may narrow) and the counters of all of them.
    const [children, counters] = await Promise.all([
      new RegionService(ctx.em, ctx.loaders).children(r.code),
      new StatsService(ctx.em, ctx.loaders).childCounters(r.code, period),
    ]);
    return sortStats(
      children.map((c) => toStats(c.code, period, indicatorValues(c.code, counters.get(c.code) ?? toCounters(undefined)), c)),
      sortBy ?? undefined,
      order ?? 'ASC',
    );
  }
}

@Resolver(() => RegionStats)
export class RegionStatsResolver {
  @FieldResolver(() => Region, { description: 'The region.' })
  region(@Root() s: RegionStats, @Ctx() ctx: Context): Promise<Region | null> | Region {
    return s.regionRow ?? new RegionService(ctx.em, ctx.loaders).byCode(s.regionCode);
  }
}

@Resolver()
export class StatsQueryResolver {
  @Statistics()
  @Query(() => [StatsPoint], { description: 'An indicator of a region month by month: each month alone, or (cumulative) everything up to the end of each month.' })
  async statsTimeSeries(
    @Arg('regionCode', () => ID, { description: 'Region code.' }) regionCode: string,
    @Arg('indicator', () => StatsIndicatorEnum, { description: 'The indicator.' }) indicator: IndicatorKey,
    @Arg('from', () => String, { nullable: true, description: `First month, YYYY-MM (default ${PROGRAMME_YEAR}-01).` }) from: string | undefined,
    @Arg('to', () => String, { nullable: true, description: `Last month, YYYY-MM (default ${REPORT_DATE.slice(0, 7)}); at most 240 months.` }) to: string | undefined,
    @Arg('cumulative', () => Boolean, { nullable: true, description: 'true (default): each value is as of the end of its month; false: that month alone.' }) cumulative: boolean | undefined,
    @Ctx() ctx: Context,
  ): Promise<StatsPoint[]> {
    const code = checkRegionCode(regionCode, 'regionCode');
    const first = from ?? `${PROGRAMME_YEAR}-01`;
    const last = to ?? REPORT_DATE.slice(0, 7);
    resolvePeriod({ from: first, to: last });
    if (monthsBetween(first, last).length > 240) throw new AppError('VALIDATION_FAILED', 'to', { detail: 'PERIOD_RANGE' });
    // Through the request's EntityManager, so a region outside the user's scope is not found.
    if (!(await new RegionService(ctx.em, ctx.loaders).byCode(code))) throw new AppError('NOT_FOUND', 'regionCode');
    const series = await new StatsService(ctx.em, ctx.loaders).series(code, first, last, cumulative ?? true);
    return series.map((s) => ({ month: s.month, value: indicatorValues(code, s.counters)[indicator] }));
  }

  @Statistics()
  @Query(() => [LeagueEntry], { description: 'Counties, townships or villages ranked by an indicator, with all their statistics.' })
  async leagueTable(
    @Arg('level', () => RegionLevelEnum, { description: 'COUNTY, TOWNSHIP or VILLAGE.' }) level: RegionLevel,
    @Arg('indicator', () => StatsIndicatorEnum, { description: 'The ranking indicator.' }) indicator: IndicatorKey,
    @Arg('within', () => ID, { nullable: true, description: 'Only regions in the subtree of this region code (default: the city).' }) within: string | undefined,
    @Arg('limit', () => Int, { nullable: true, description: 'At most this many rows (default all, at most 500).' }) limit: number | undefined,
    @Arg('order', () => SortOrderEnum, { nullable: true, description: 'DESC (default: largest first) or ASC.' }) order: 'ASC' | 'DESC' | undefined,
    @Args(() => StatsPeriodArgs) p: StatsPeriodArgs,
    @Ctx() ctx: Context,
  ): Promise<LeagueEntry[]> {
    if (level === 'CITY') throw new AppError('VALIDATION_FAILED', 'level', { detail: 'LEAGUE_LEVEL' });
    if (limit != null && (!Number.isInteger(limit) || limit < 1 || limit > 500)) throw new AppError('PAGE_SIZE_EXCEEDED', 'limit', { max: 500 });
    const period = resolvePeriod(p);
    const regions = await ctx.em.find(Region, { level, code: withinRegion(within ?? CITY_CODE) }, { orderBy: { code: 'ASC' } });
    const ranked = sortStats(await statsOf(ctx, regions, period), indicator, order ?? 'DESC').slice(0, limit ?? 500);
    return ranked.map((stats, i) => ({ rank: i + 1, value: stats[indicator] as number | null, stats }));
  }

  @Statistics()
  @Query(() => [StatsIndicatorInfo], { description: 'The indicators with their labels, units and definitions, in display order.' })
  statsIndicators(@Ctx() ctx: Context): StatsIndicatorInfo[] {
    return INDICATORS.map((x) => ({
      key: x.key,
      group: x.group,
      label: x[ctx.lang],
      labelZh: x.zh,
      labelEn: x.en,
      unit: x.unit,
      unitLabel: IndicatorUnitLabels[x.unit][ctx.lang],
      description: x.description,
      aggregation: x.aggregation,
    }));
  }
}

export const statsResolvers = [RegionStatsFieldResolver, RegionStatsResolver, StatsQueryResolver];
