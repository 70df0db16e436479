import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import type { SchoolingStatus } from '@fupin/schema';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { SchoolingStatusEnum } from '../../common/enums';
import { LaborerRecord, money } from '../../common/laborer-record';
import { Program } from '../program/program.interface';

@Entity({ tableName: 'dream_schooling' })
@ObjectType({ description: '圆梦 action: a teen of a registered household who left school after junior or senior middle school (两后生) studying free at a technical school, with a living subsidy.', implements: Program })
export class DreamSchooling extends LaborerRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Record id.' })
  id!: number;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Technical school (技工院校).' })
  school!: string;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Major.' })
  major!: string;

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Year of intake.' })
  intakeYear!: number;

  @Property({ type: 'boolean', default: true })
  @Field({ description: 'Tuition waived.' })
  tuitionWaived: boolean = true;

  @Property({ type: money(), columnType: 'numeric(12,2)' })
  @Field(() => Float, { description: 'Living subsidy per term in yuan.' })
  livingSubsidyPerTerm: number = 0;

  @Enum({ items: () => SchoolingStatusEnum, nativeEnumName: 'schooling_status' })
  @Field(() => SchoolingStatusEnum, { description: 'ENROLLED, GRADUATED or DROPPED_OUT.' })
  status: SchoolingStatus = 'ENROLLED';
}
