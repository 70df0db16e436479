import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref, Unique } from '@mikro-orm/core';
import type { Education, Gender, PovertyStatus } from '@fupin/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EducationEnum, GenderEnum, PovertyStatusEnum } from '../../common/enums';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { Sensitive } from '../auth/sensitive';
import { Region } from '../region/region.entity';
import { Household } from './household.entity';

@Entity({ tableName: 'laborer' })
@ObjectType({ description: 'A registered poor laborer (建档立卡贫困劳动力): a working-age member of a registered poor household.' })
export class Laborer extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Laborer id.' })
  id!: number;

  @ManyToOne(() => Household, { ref: true, fieldName: 'household_id' })
  @Index({ name: 'laborer_household_id_idx' })
  household!: Ref<Household>;

  @Field(() => ID, { description: 'Id of the household the laborer belongs to.' })
  get householdId(): number {
    return this.household.id;
  }

  /** Always the household's village (kept so by a composite foreign key); lets lists filter by region without a join. */
  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  village!: Ref<Region>;

  @Field(() => ID, { description: "Code of the laborer's village (the household's)." })
  get villageId(): string {
    return this.village.unwrap().code;
  }

  @Property({ type: 'string', length: 32 })
  @Field({ description: 'Full name (姓名).' })
  name!: string;

  @Property({ type: 'string', length: 18 })
  @Unique({ name: 'laborer_id_number_unique' })
  @Sensitive('ID_NUMBER')
  @Field({ description: 'Resident ID number (身份证号), 18 characters; unique in the registry. Personal data: masked (only the 6-digit region part kept) for roles other than administrators and operators of the region; `revealLaborerIdNumber` shows it in full, audited.' })
  idNumber!: string;

  @Enum({ items: () => GenderEnum, nativeEnumName: 'gender' })
  @Field(() => GenderEnum, { description: 'Gender, derived from the ID number.' })
  gender!: Gender;

  @Property({ type: 'date' })
  @Sensitive('BIRTH_DATE')
  @Field(() => LocalDate, { nullable: true, description: 'Birth date, derived from the ID number. Personal data: null for roles that see ID numbers masked (with it, a masked ID number could be completed); they cannot sort by it and filter it by whole years only.' })
  birthDate!: string;

  @Property({ type: 'string', length: 20, nullable: true })
  @Sensitive('PHONE')
  @Field(() => String, { nullable: true, description: 'Phone number (联系电话). Personal data: masked (last 4 kept) for roles other than administrators and operators of the region; `revealLaborerPhone` shows it in full, audited.' })
  phone?: string | null;

  @Enum({ items: () => EducationEnum, nativeEnumName: 'education' })
  @Field(() => EducationEnum, { description: 'Highest education completed (文化程度).' })
  education: Education = 'JUNIOR';

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Skills the person has (技能), free text.' })
  skills?: string | null;

  @Property({ type: 'boolean', default: false })
  @Field({ description: 'Wants training (培训需求): the denominator of the trained share.' })
  wantsTraining: boolean = false;

  @Property({ type: 'boolean', default: false })
  @Field({ description: 'Wants transfer employment away from home (转移就业需求).' })
  wantsTransfer: boolean = false;

  @Property({ type: 'boolean', default: false })
  @Field({ description: 'Wants to start a business (创业需求).' })
  wantsEnterprise: boolean = false;

  @Enum({ items: () => PovertyStatusEnum, nativeEnumName: 'poverty_status' })
  @Field(() => PovertyStatusEnum, { description: 'Whether the person is still poor or has exited poverty.' })
  povertyStatus: PovertyStatus = 'POOR';

  @Property({ type: 'smallint', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Year the person exited poverty (脱贫年度); set exactly when the status is EXITED. Derived from the registry events (a decided exit proposal), never typed.' })
  exitedPovertyYear?: number | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day the person left the registry (自然减少); null while registered. Derived from the registry events, as the status and exit year are.' })
  leftOn?: string | null;
}
