import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { Sensitive } from '../auth/sensitive';
import { Region } from '../region/region.entity';

/** 帮扶责任人 (一户一帮): an official who helps households of the region they serve. */
@Entity({ tableName: 'helper' })
@ObjectType({ description: 'A helper (帮扶责任人): an official assigned to help poor households (一户一帮).' })
export class Helper extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Helper id.' })
  id!: number;

  @Property({ type: 'string', length: 32 })
  @Field({ description: 'Name (姓名).' })
  name!: string;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Work unit (工作单位).' })
  workUnit!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'Post (职务).' })
  post?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  @Sensitive('PHONE')
  @Field(() => String, { nullable: true, description: "Phone (联系电话). Personal data: masked (last 4 kept) for roles other than administrators and operators of the region, as a laborer's." })
  phone?: string | null;

  @ManyToOne(() => Region, { ref: true, fieldName: 'region_code' })
  region!: Ref<Region>;

  @Field(() => ID, { description: 'Code of the region served (village, township or county).' })
  get regionCode(): string {
    return this.region.unwrap().code;
  }
}

/** A household's helper from a day (until the next assignment): history is kept, never rewritten. */
@Entity({ tableName: 'helper_assignment' })
@ObjectType({ description: 'A household assigned to a helper from a start date; a reassignment ends the previous one on its start date (the history is kept).' })
export class HelperAssignment extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Assignment id.' })
  id!: number;

  @Property({ type: 'integer' })
  @Field(() => ID, { description: 'Household.' })
  householdId!: number;

  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  village!: Ref<Region>;

  @Field(() => ID, { description: "The household's village." })
  get villageId(): string {
    return this.village.unwrap().code;
  }

  @Property({ type: 'integer' })
  @Field(() => ID, { description: 'Helper.' })
  helperId!: number;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'First day.' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day it ended (the next assignment began); null while current.' })
  endDate?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Note.' })
  note?: string | null;
}
