import { CITY_CODE, FUNNEL_STEP_KEYS, FUNNEL_STEPS, type FunnelStep, type TrainingKind } from '@fupin/schema';
import { Arg, Args, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import { TrainingKindEnum } from '../../common/enums';
import { AppError } from '../../common/errors';
import { LocalDate } from '../../common/scalars';
import { Statistics } from '../auth/access';
import { RegionService } from '../region/region.service';
import { resolvePeriod } from '../stats/stats.service';
import { StatsPeriodArgs } from '../stats/stats.resolver';
import { reportRegion } from '../targets/target.resolver';
import { DELAY_BUCKETS, DELAY_LABELS, type FunnelCounts, FunnelService, funnelSteps } from './funnel.service';

export const FunnelStepEnum = Object.fromEntries(FUNNEL_STEP_KEYS.map((k) => [k, k])) as { [K in FunnelStep]: K };
registerEnumType(FunnelStepEnum, {
  name: 'FunnelStep',
  description: 'A step of the training funnel, in enrollments (person-times) in the month it happened.',
  valuesConfig: Object.fromEntries(FUNNEL_STEP_KEYS.map((k) => [k, { description: `${FUNNEL_STEPS[k].zh} (${FUNNEL_STEPS[k].en})` }])) as never,
});
export const FunnelGroupEnum = { CLASS: 'CLASS', PROVIDER: 'PROVIDER' } as const;
registerEnumType(FunnelGroupEnum, { name: 'FunnelGroup', description: 'Rows of a funnel league table.', valuesConfig: { CLASS: { description: 'Training classes.' }, PROVIDER: { description: 'Training providers.' } } });

// Statistics: dashboard viewers read it (a nested type's rule is its own, READ by default).
@Statistics()
@ObjectType({ description: 'One step of a training funnel.' })
export class FunnelStepCount {
  @Field(() => FunnelStepEnum, { description: 'The step.' })
  step!: FunnelStep;
  @Field({ description: 'Label in the language of the request.' })
  label!: string;
  @Field(() => Int, { description: 'Enrollments that reached this step in the period (person-times).' })
  count!: number;
  @Field(() => Float, { nullable: true, description: 'This step over the step it follows from (completed over enrolled; certified and in work over completed; stable over in work), a fraction; null for the first or when that is 0.' })
  conversion!: number | null;
  @Field(() => Float, { nullable: true, description: 'This step over the enrolled (a fraction); null when nobody enrolled.' })
  ofEnrolled!: number | null;
}

@Statistics()
@ObjectType({ description: 'The training funnel (培训→就业→稳定就业) of a region for a period: enrolled → completed → certified → in work within 3 months of completion → still in work 6 months after the job started.' })
export class TrainingFunnel {
  @Field(() => ID, { description: 'Region code.' })
  regionCode!: string;
  @Field(() => TrainingKindEnum, { nullable: true, description: 'Kind of training; null: all kinds.' })
  kind!: TrainingKind | null;
  @Field(() => LocalDate, { nullable: true, description: 'First day of the period; null from the beginning.' })
  from!: string | null;
  @Field(() => LocalDate, { description: 'Last day of the period.' })
  to!: string;
  @Field(() => [FunnelStepCount], { description: 'The five steps in order.' })
  steps!: FunnelStepCount[];
}

@Statistics()
@ObjectType({ description: 'A class or provider ranked by the conversion of its funnel.' })
export class FunnelLeagueEntry {
  @Field(() => Int, { description: 'Rank, 1 for the best rate.' })
  rank!: number;
  @Field(() => ID, { description: 'Class or provider id.' })
  id!: string;
  @Field({ description: 'Title of the class, or name of the provider.' })
  name!: string;
  @Field(() => TrainingKindEnum, { nullable: true, description: 'Kind of the class (null for a provider).' })
  kind!: TrainingKind | null;
  @Field(() => ID, { description: 'County running the class, or of the provider.' })
  countyCode!: string;
  @Field(() => String, { nullable: true, description: 'Provider of the class.' })
  providerName!: string | null;
  @Field(() => Float, { nullable: true, description: 'The ranking rate: the step asked over the enrolled; null when nobody enrolled.' })
  rate!: number | null;
  @Field(() => [FunnelStepCount], { description: 'Its funnel.' })
  steps!: FunnelStepCount[];
}

@Statistics()
@ObjectType({ description: 'Days from registration (建档立卡: the laborer\'s REGISTERED registry event) to first work in a region (median and distribution).' })
export class FirstWorkDelay {
  @Field(() => ID, { description: 'Region code.' })
  regionCode!: string;
  @Field({ description: 'Region name.' })
  name!: string;
  @Field(() => Int, { description: 'Registered laborers.' })
  laborers!: number;
  @Field(() => Int, { description: 'Laborers who have started work of any kind (job, welfare post, business).' })
  working!: number;
  @Field(() => Int, { description: 'Of those, already in work when registered.' })
  workingWhenRegistered!: number;
  @Field(() => Int, { nullable: true, description: 'Median days from registration to first work of those who started after registering.' })
  medianDays!: number | null;
  @Field(() => [String], { description: 'Labels of the distribution buckets.' })
  bucketLabels!: string[];
  @Field(() => [Int], { description: 'Laborers per bucket of days (≤30, 31-90, 91-180, 181-365, over a year).' })
  buckets!: number[];
}

export function toFunnel(code: string, kind: TrainingKind | null, period: { from: string | null; to: string }, c: FunnelCounts, lang: 'zh' | 'en'): TrainingFunnel {
  return { regionCode: code, kind, from: period.from, to: period.to, steps: funnelSteps(c, lang) };
}

@Resolver()
export class FunnelResolver {
  @Statistics()
  @Query(() => TrainingFunnel, { description: 'The training funnel of a region for a period (default as of the report date), all kinds or one.' })
  async trainingFunnel(
    @Arg('regionCode', () => ID, { description: 'Region code (city, county, township or village).' }) regionCode: string,
    @Arg('kind', () => TrainingKindEnum, { nullable: true, description: 'Only this kind of training.' }) kind: TrainingKind | undefined,
    @Args(() => StatsPeriodArgs) p: StatsPeriodArgs,
    @Ctx() ctx: Context,
  ): Promise<TrainingFunnel> {
    const region = await reportRegion(ctx, regionCode);
    const period = resolvePeriod(p);
    const m = await new FunnelService(ctx.em).byRegion([region.code], period, kind);
    return toFunnel(region.code, kind ?? null, period, m.get(region.code)!, ctx.lang);
  }

  @Statistics()
  @Query(() => [TrainingFunnel], { description: 'The training funnel of a region per kind of training.' })
  async trainingFunnelByKind(
    @Arg('regionCode', () => ID, { description: 'Region code.' }) regionCode: string,
    @Args(() => StatsPeriodArgs) p: StatsPeriodArgs,
    @Ctx() ctx: Context,
  ): Promise<TrainingFunnel[]> {
    const region = await reportRegion(ctx, regionCode);
    const period = resolvePeriod(p);
    const m = await new FunnelService(ctx.em).byKind(region.code, period);
    return [...m].map(([k, c]) => toFunnel(region.code, k, period, c, ctx.lang));
  }

  @Statistics()
  @Query(() => [TrainingFunnel], { description: "The training funnel of each child of a region (the drill-down table); the parent's funnel is their sum." })
  async childrenFunnels(
    @Arg('regionCode', () => ID, { description: 'Region code.' }) regionCode: string,
    @Args(() => StatsPeriodArgs) p: StatsPeriodArgs,
    @Ctx() ctx: Context,
  ): Promise<TrainingFunnel[]> {
    const region = await reportRegion(ctx, regionCode);
    const period = resolvePeriod(p);
    const children = await new RegionService(ctx.em, ctx.loaders).children(region.code);
    const m = await new FunnelService(ctx.em).byRegion(children.map((c) => c.code), period);
    return children.map((c) => toFunnel(c.code, null, period, m.get(c.code)!, ctx.lang));
  }

  @Statistics()
  @Query(() => [FunnelLeagueEntry], { description: 'Training classes or providers of the counties in a region ranked by how many of their enrollments reached a step (default: in work after training).' })
  async funnelLeague(
    @Arg('by', () => FunnelGroupEnum, { description: 'CLASS or PROVIDER.' }) by: 'CLASS' | 'PROVIDER',
    @Arg('within', () => ID, { nullable: true, description: 'The city (default) or a county.' }) within: string | undefined,
    @Arg('step', () => FunnelStepEnum, { nullable: true, description: 'The step whose share of the enrolled ranks them (default employed).' }) step: FunnelStep | undefined,
    @Arg('limit', () => Int, { nullable: true, description: 'At most this many rows (default 50, at most 500).' }) limit: number | undefined,
    @Args(() => StatsPeriodArgs) p: StatsPeriodArgs,
    @Ctx() ctx: Context,
  ): Promise<FunnelLeagueEntry[]> {
    if (limit != null && (!Number.isInteger(limit) || limit < 1 || limit > 500)) throw new AppError('PAGE_SIZE_EXCEEDED', 'limit', { max: 500 });
    const region = await reportRegion(ctx, within ?? ctx.principal?.scope ?? CITY_CODE, 'within');
    const period = resolvePeriod(p);
    const key = step ?? 'employed';
    const rows = await new FunnelService(ctx.em).byGroup(by, region.level === 'CITY' || region.level === 'COUNTY' ? region.code : `${region.code.slice(0, 6)}000000`, period);
    const rate = (c: FunnelCounts) => (c.enrolled ? c[key] / c.enrolled : null);
    rows.sort((a, b) => (rate(b.counts) ?? -1) - (rate(a.counts) ?? -1) || b.counts.enrolled - a.counts.enrolled || a.id - b.id);
    return rows.slice(0, limit ?? 50).map((r, i) => ({
      rank: i + 1,
      id: String(r.id),
      name: r.name,
      kind: r.kind,
      countyCode: r.countyCode,
      providerName: by === 'CLASS' ? r.providerName : null,
      rate: rate(r.counts),
      steps: funnelSteps(r.counts, ctx.lang),
    }));
  }

  @Statistics()
  @Query(() => [FirstWorkDelay], { description: 'Days from registration to first work in each child of a region (counties of the city, townships of a county, villages of a township): median and distribution.' })
  async timeToFirstWork(@Arg('regionCode', () => ID, { nullable: true, description: 'The city (default), a county or a township.' }) regionCode: string | undefined, @Ctx() ctx: Context): Promise<FirstWorkDelay[]> {
    const region = await reportRegion(ctx, regionCode ?? ctx.principal?.scope ?? CITY_CODE);
    const len = { CITY: 6, COUNTY: 9, TOWNSHIP: 12 }[region.level as 'CITY'];
    if (!len) throw new AppError('VALIDATION_FAILED', 'regionCode', { detail: 'TARGET_REGION' });
    const [children, rows] = await Promise.all([new RegionService(ctx.em, ctx.loaders).children(region.code), new FunnelService(ctx.em).timeToFirstWork(region.code, len)]);
    const by = new Map(rows.map((r) => [r.code, r]));
    return children.map((c) => {
      const r = by.get(c.code);
      return {
        regionCode: c.code,
        name: c.name,
        laborers: r?.laborers ?? 0,
        working: r?.working ?? 0,
        workingWhenRegistered: r?.before ?? 0,
        medianDays: r?.median ?? null,
        bucketLabels: DELAY_LABELS[ctx.lang],
        buckets: r?.buckets ?? DELAY_BUCKETS.map(() => 0),
      };
    });
  }
}

export const funnelResolvers = [FunnelResolver];
