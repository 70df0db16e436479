import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { RegionLevel } from '@fupin/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RegionLevelEnum } from '../../common/enums';
import { Access } from '../auth/access';
import { RegionScoped } from '../auth/scope';

@Entity({ tableName: 'region' })
// A scoped user sees their subtree and the path down to it; dashboard viewers may use the tree.
@RegionScoped('code', { ancestorsReadable: true })
@Access('SIGNED_IN')
@ObjectType({
  description:
    'An administrative division of Nanchong (行政区划): the city, a county-level unit, a township or street office, or a village or residents\' committee. Names and 12-digit codes are the National Bureau of Statistics 2023 division codes.',
})
export class Region {
  @PrimaryKey({ type: 'string', length: 12 })
  @Field(() => ID, { description: '12-digit statistical division code (区划代码), e.g. 511321000000 for 南部县.' })
  code!: string;

  @Field(() => ID, { description: 'Same as `code` (the list conventions need an `id`).' })
  get id(): string {
    return this.code;
  }

  @Property({ type: 'string', length: 64 })
  @Field({ description: 'Official name (名称), e.g. 南部县 or 凤凰村村民委员会.' })
  name!: string;

  @Enum({ items: () => RegionLevelEnum, nativeEnumName: 'region_level' })
  @Field(() => RegionLevelEnum, { description: 'Level in the tree: CITY, COUNTY, TOWNSHIP or VILLAGE.' })
  level!: RegionLevel;

  @ManyToOne(() => Region, { ref: true, nullable: true, fieldName: 'parent_code' })
  @Index({ name: 'region_parent_code_idx' })
  parent?: Ref<Region> | null;

  @Field(() => ID, { nullable: true, description: 'Code of the parent region; null for the city.' })
  get parentId(): string | null {
    return this.parent?.unwrap().code ?? null;
  }

  @Property({ type: 'boolean', default: false })
  @Field({ description: 'Poor county or poor village on the registry (贫困县/贫困村).' })
  isPoor: boolean = false;

  @Property({ type: 'smallint', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Year the county was taken off the poor list (摘帽) or the village exited (出列); null while poor or never poor.' })
  exitYear?: number | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: 'Day it was put on the poor list (建档立卡, YYYY-MM-DD); null on a poor region: listed from the beginning.' })
  listedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: 'Day its exit (村出列 / 县摘帽) was decided (YYYY-MM-DD); `exitYear` is the planned year. Exits counted as of a day read this date.' })
  exitedOn?: string | null;

  @Property({ type: 'boolean', default: false })
  @Field({ description: "Urban residents' committee (社区居民委员会) rather than a village committee; never a poor village." })
  isUrban: boolean = false;
}
