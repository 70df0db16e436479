import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { PlanMeasureKind } from '@fupin/schema';
import { Field, ID, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { Region } from '../region/region.entity';
import { PlanMeasureKindEnum } from './lifecycle.enums';

/** 一人一策: one assistance plan per laborer. */
@Entity({ tableName: 'assistance_plan' })
@ObjectType({ description: 'The assistance plan of a laborer (一人一策): the measures chosen for them.' })
export class AssistancePlan extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Plan id.' })
  id!: number;

  @Property({ type: 'integer' })
  @Field(() => ID, { description: 'Laborer (one plan each).' })
  laborerId!: number;

  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  village!: Ref<Region>;

  @Field(() => ID, { description: "The laborer's village." })
  get villageId(): string {
    return this.village.unwrap().code;
  }

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Day the plan was drawn up.' })
  drawnUpOn!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Note.' })
  note?: string | null;
}

/** A measure of a plan; met by the programme record linked to it, overdue past its date without one. */
@Entity({ tableName: 'plan_measure' })
@ObjectType({ description: 'A measure of an assistance plan with its target date; met when the programme record that fulfils it is linked (its date is the day met), overdue past the target date without it.' })
export class PlanMeasure extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Measure id.' })
  id!: number;

  @Property({ type: 'integer' })
  @Field(() => ID, { description: 'Plan.' })
  planId!: number;

  @Property({ type: 'integer' })
  @Field(() => ID, { description: 'Laborer.' })
  laborerId!: number;

  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  village!: Ref<Region>;

  @Field(() => ID, { description: "The laborer's village." })
  get villageId(): string {
    return this.village.unwrap().code;
  }

  @Enum({ items: () => PlanMeasureKindEnum, nativeEnumName: 'plan_measure_kind' })
  @Field(() => PlanMeasureKindEnum, { description: 'Kind of measure.' })
  kind!: PlanMeasureKind;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Target date.' })
  targetDate!: string;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Id of the programme record that fulfilled it (an enrollment for TRAINING, an employment for the employment kinds, a placement, an enterprise, a disbursed loan, a 圆梦 record).' })
  recordId?: number | null;

  /** Set by the database from the linked record's date. */
  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day the measure was met: the date of the linked record (completion, start, disbursement, intake).' })
  metOn?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Note.' })
  note?: string | null;
}
