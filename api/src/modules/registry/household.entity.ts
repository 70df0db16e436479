import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { PovertyStatus } from '@fupin/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PovertyStatusEnum } from '../../common/enums';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { Region } from '../region/region.entity';

@Entity({ tableName: 'household' })
@ObjectType({ description: 'A registered poor household (建档立卡贫困户) in a village; its laborers are some of its members.' })
export class Household extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Household id.' })
  id!: number;

  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  @Index({ name: 'household_village_code_idx' })
  village!: Ref<Region>;

  @Field(() => ID, { description: 'Code of the village (村) the household is registered in.' })
  get villageId(): string {
    return this.village.unwrap().code;
  }

  @Property({ type: 'string', length: 32 })
  @Field({ description: 'Name of the head of household (户主姓名).' })
  headName!: string;

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Number of household members (家庭人口), laborers included.' })
  memberCount!: number;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => String, { nullable: true, description: 'Official assigned to help the household (帮扶责任人, 一户一帮).' })
  helperName?: string | null;

  @Enum({ items: () => PovertyStatusEnum, nativeEnumName: 'poverty_status' })
  @Field(() => PovertyStatusEnum, { description: 'Whether the household is still poor or has exited poverty.' })
  povertyStatus: PovertyStatus = 'POOR';

  @Property({ type: 'smallint', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Year the household exited poverty (脱贫年度); set exactly when the status is EXITED. Derived from the registry events (a decided exit proposal), never typed.' })
  exitedPovertyYear?: number | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day the household left the registry (自然减少); null while registered. Derived from the registry events, as the status and exit year are.' })
  leftOn?: string | null;
}
