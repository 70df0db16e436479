import { ArrayType, Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { TargetIndicator } from '@fupin/schema';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { money } from '../../common/laborer-record';
import { graphqlEnum } from '../../common/enums';
import { Timestamped } from '../../common/timestamps';
import { CityWide } from '../auth/scope';
import { Region } from '../region/region.entity';

export const TargetIndicatorEnum = graphqlEnum('TargetIndicator', 'What a yearly target (年度目标任务) counts.', TargetIndicator);

@Entity({ tableName: 'target' })
@ObjectType({ description: "A yearly target (年度目标任务) of the city, a county or a township for one indicator. A region without its own target has the sum of its children's (the city: of its counties')." })
export class Target extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Target id.' })
  id!: number;

  @ManyToOne(() => Region, { ref: true, fieldName: 'region_code' })
  region!: Ref<Region>;

  @Field(() => ID, { description: 'Code of the city, county or township the target is set for.' })
  get regionId(): string {
    return this.region.unwrap().code;
  }

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Calendar year of the target.' })
  year!: number;

  @Enum({ items: () => TargetIndicatorEnum, nativeEnumName: 'target_indicator' })
  @Field(() => TargetIndicatorEnum, { description: 'What the target counts.' })
  indicator!: TargetIndicator;

  @Property({ type: money(), columnType: 'numeric(16,2)' })
  @Field(() => Float, { description: 'The target for the whole year (people, villages, counties or yuan); more than 0.' })
  value!: number;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Note (the document that set it, ...).' })
  note: string | null = null;
}

@Entity({ tableName: 'target_profile' })
@CityWide()
@ObjectType({ description: "The city's monthly profile of an indicator for a year: the cumulative share of every target expected by the end of each month (instead of the share of the year elapsed)." })
export class TargetProfile extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Profile id.' })
  id!: number;

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Calendar year.' })
  year!: number;

  @Enum({ items: () => TargetIndicatorEnum, nativeEnumName: 'target_indicator' })
  @Field(() => TargetIndicatorEnum, { description: 'The indicator whose targets follow it.' })
  indicator!: TargetIndicator;

  @Property({ type: new ArrayType((x) => Number(x)), columnType: 'numeric(6,4)[]' })
  @Field(() => [Float], { description: 'Twelve cumulative shares (0 to 1) expected by the end of January ... December, never decreasing, the last 1.' })
  shares!: number[];
}
