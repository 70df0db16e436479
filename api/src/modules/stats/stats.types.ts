import { INDICATORS, type IndicatorKey, IndicatorUnitLabels, type RegionLevel } from '@fupin/schema';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RegionLevelEnum } from '../../common/enums';
import { LocalDate } from '../../common/scalars';
import { Access } from '../auth/access';
import type { Region } from '../region/region.entity';

/** The indicators as a GraphQL enum; its values are the `RegionStats` field names. */
export const StatsIndicatorEnum = Object.fromEntries(INDICATORS.map((x) => [x.key, x.key])) as { [K in IndicatorKey]: K };
registerEnumType(StatsIndicatorEnum, {
  name: 'StatsIndicator',
  description: 'A statistical indicator: each value is the name of a `RegionStats` field (sort, series and league tables take one).',
  valuesConfig: Object.fromEntries(INDICATORS.map((x) => [x.key, { description: `${x.zh} (${x.en})` }])) as never,
});

const UNIT_DOC: Record<string, string> = { RATIO: 'a fraction from 0 to 1', YUAN: 'yuan' };

function describe(ind: (typeof INDICATORS)[number]): string {
  const unit = UNIT_DOC[ind.unit] ?? IndicatorUnitLabels[ind.unit].en;
  return `${ind.zh} (${ind.en}): ${ind.description} Unit: ${unit}.${ind.aggregation === 'COUNTY' ? ' Null below the county.' : ''}`;
}

@ObjectType({
  description:
    'Statistics of one region (its whole subtree) for a period of whole months. Every indicator of the programme is a field; '
    + 'a parent\'s counts are the sums of its children\'s. Read from counters kept in the same transaction as every write: '
    + 'a change is in the statistics of every ancestor at once.',
})
@Access('STATISTICS')
export class RegionStats {
  @Field(() => ID, { description: 'Code of the region.' })
  regionCode!: string;

  @Field(() => RegionLevelEnum, { description: 'Level of the region.' })
  level!: RegionLevel;

  @Field(() => LocalDate, { nullable: true, description: 'First day of the period; null: from the beginning of the records (an as-of period).' })
  from!: string | null;

  @Field(() => LocalDate, { description: 'Last day of the period (statistics are kept by month: the end of the month of an as-of date).' })
  to!: string;

  /** The region when the resolver already has it (children, league tables), else loaded on demand. */
  regionRow?: Region;

  [indicator: string]: unknown;
}

for (const ind of INDICATORS) {
  const float = ind.unit === 'YUAN' || ind.unit === 'RATIO';
  Field(() => (float ? Float : Int), { nullable: ind.aggregation === 'COUNTY' || ind.aggregation === 'RATIO', description: describe(ind) })(RegionStats.prototype, ind.key);
}

@ObjectType({ description: 'One month of an indicator series.' })
@Access('STATISTICS')
export class StatsPoint {
  @Field({ description: 'Month, YYYY-MM.' })
  month!: string;

  @Field(() => Float, { nullable: true, description: 'Value of the indicator for that month (or up to its end, for a cumulative series); null where a ratio has no denominator or a county figure is asked below the county.' })
  value!: number | null;
}

@ObjectType({ description: 'A row of a league table: a region ranked by one indicator, with all its statistics.' })
@Access('STATISTICS')
export class LeagueEntry {
  @Field(() => Int, { description: 'Rank, 1 for the first; regions with equal values share no rank (ties go by code).' })
  rank!: number;

  @Field(() => Float, { nullable: true, description: 'Value of the ranking indicator.' })
  value!: number | null;

  @Field(() => RegionStats, { description: 'The region with all its statistics.' })
  stats!: RegionStats;
}

@ObjectType({ description: 'An indicator: key, labels, unit and definition (the same list as @fupin/schema INDICATORS).' })
@Access('STATISTICS')
export class StatsIndicatorInfo {
  @Field(() => StatsIndicatorEnum, { description: 'Key: the `RegionStats` field.' })
  key!: IndicatorKey;

  @Field({ description: 'Group: REGISTRY, TRAINING, EMPLOYMENT, WELFARE, ENTERPRISE, LOANS, DREAM or SUBSIDIES.' })
  group!: string;

  @Field({ description: 'Label in the language of the request.' })
  label!: string;

  @Field({ description: 'Chinese label.' })
  labelZh!: string;

  @Field({ description: 'English label.' })
  labelEn!: string;

  @Field({ description: 'Unit: PERSONS, PERSON_TIMES, HOUSEHOLDS, VILLAGES, COUNTIES, POSTS, LOANS, CLASSES, FAIRS, YUAN or RATIO (a fraction).' })
  unit!: string;

  @Field({ description: 'Unit label in the language of the request (人, 人次, 元, % ...).' })
  unitLabel!: string;

  @Field({ description: 'What it counts.' })
  description!: string;

  @Field({ description: 'SUM (a parent is the sum of its children), SUM_OWN (plus records at the region itself), COUNTY (kept by county, null below) or RATIO.' })
  aggregation!: string;
}
