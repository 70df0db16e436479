import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { ProviderKind, TrainingKind } from '@fupin/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ProviderKindEnum, TrainingKindEnum } from '../../common/enums';
import { LaborerRecord } from '../../common/laborer-record';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { Region } from '../region/region.entity';
import { Program } from '../program/program.interface';
import { RegionScoped } from '../auth/scope';

@Entity({ tableName: 'training_provider' })
// Kept by the county: a township's operators read their county's providers (to enroll in its classes), change none.
@RegionScoped('county', { ancestorsReadable: true })
@ObjectType({ description: 'A training provider (培训机构): vocational college, private institution or high-skill training base.' })
export class TrainingProvider extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Provider id.' })
  id!: number;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Name, unique.' })
  name!: string;

  @Enum({ items: () => ProviderKindEnum, nativeEnumName: 'provider_kind' })
  @Field(() => ProviderKindEnum, { description: 'Kind of provider.' })
  kind!: ProviderKind;

  @ManyToOne(() => Region, { ref: true, fieldName: 'county_code' })
  county!: Ref<Region>;

  @Field(() => ID, { description: 'Code of the county where the provider is.' })
  get countyId(): string {
    return this.county.unwrap().code;
  }
}

@Entity({ tableName: 'training_class' })
// Run by the county for all its townships: their operators read the county's classes and enroll their own laborers.
@RegionScoped('county', { ancestorsReadable: true })
@ObjectType({ description: 'A training class (培训班) run by a provider in a county.', implements: Program })
export class TrainingClass extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Class id.' })
  id!: number;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Title, e.g. 厨师+种植技术.' })
  title!: string;

  @Enum({ items: () => TrainingKindEnum, nativeEnumName: 'training_kind' })
  @Field(() => TrainingKindEnum, { description: 'Kind: employment skills, entrepreneurship, brand or other.' })
  kind!: TrainingKind;

  @ManyToOne(() => TrainingProvider, { ref: true, fieldName: 'provider_id' })
  provider!: Ref<TrainingProvider>;

  @Field(() => ID, { description: 'Id of the provider.' })
  get providerId(): number {
    return this.provider.id;
  }

  @ManyToOne(() => Region, { ref: true, fieldName: 'county_code' })
  county!: Ref<Region>;

  @Field(() => ID, { description: 'Code of the county that runs the class.' })
  get countyId(): string {
    return this.county.unwrap().code;
  }

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Specialty of a "menu" class (菜单式培训), e.g. 电商下乡.' })
  specialty?: string | null;

  @Property({ type: 'boolean', default: false })
  @Field({ description: 'A special "menu" class chosen by the trainees (菜单式培训).' })
  isMenu: boolean = false;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'First day.' })
  startDate!: string;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Last day (not before the first).' })
  endDate!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Seats; enrollments never exceed it.' })
  capacity!: number;
}

@Entity({ tableName: 'enrollment' })
@ObjectType({ description: 'A laborer enrolled in a training class, with completion, certificate and employment after training.' })
export class Enrollment extends LaborerRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Enrollment id.' })
  id!: number;

  @ManyToOne(() => TrainingClass, { ref: true, fieldName: 'class_id' })
  trainingClass!: Ref<TrainingClass>;

  @Field(() => ID, { description: 'Id of the class.' })
  get classId(): number {
    return this.trainingClass.id;
  }

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Day of enrollment.' })
  enrolledOn!: string;

  @Property({ type: 'boolean', default: false })
  @Field({ description: 'Completed the class (counts as trained, 已培训).' })
  completed: boolean = false;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day of completion; set exactly when completed.' })
  completedOn?: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => String, { nullable: true, description: 'Certificate number (only when completed).' })
  certificateNo?: string | null;

  @Property({ type: 'boolean', default: false })
  @Field({ description: 'Found work after the training (培训后就业); only when completed.' })
  employedAfterTraining: boolean = false;
}
