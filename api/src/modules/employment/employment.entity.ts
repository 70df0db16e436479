import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import type { EmploymentChannel, EmploymentKind } from '@fupin/schema';
import { Field, ID, ObjectType } from 'type-graphql';
import { EmploymentChannelEnum, EmploymentKindEnum } from '../../common/enums';
import { LaborerRecord } from '../../common/laborer-record';
import { LocalDate } from '../../common/scalars';
import { Program } from '../program/program.interface';

/** Months a job must last to count as stable employment (稳定就业). */
export const STABLE_MONTHS = 6;

/** Whether a job that started on `start` and ended on `end` (null: still held) is stable as of `asOf`. */
export function isStable(start: string, end: string | null | undefined, asOf: string): boolean {
  const until = end && end < asOf ? end : asOf;
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + STABLE_MONTHS);
  return until >= d.toISOString().slice(0, 10);
}

@Entity({ tableName: 'employment' })
@ObjectType({ description: 'A job a laborer holds or held: transfer employment away from home (转移就业) or local employment (就地就业); each record is one person-time (人次).', implements: Program })
export class Employment extends LaborerRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Employment id.' })
  id!: number;

  @Enum({ items: () => EmploymentKindEnum, nativeEnumName: 'employment_kind' })
  @Field(() => EmploymentKindEnum, { description: 'TRANSFER (away from home) or LOCAL.' })
  kind!: EmploymentKind;

  @Enum({ items: () => EmploymentChannelEnum, nativeEnumName: 'employment_channel' })
  @Field(() => EmploymentChannelEnum, { description: 'How the job was found; offices, chambers and labour cooperation only for TRANSFER, parks and bases only for LOCAL.' })
  channel!: EmploymentChannel;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Employer.' })
  employer!: string;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Place of work (city, province or local site).' })
  place!: string;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'First day of work.' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Last day of work; null while the job lasts.' })
  endDate?: string | null;
}
