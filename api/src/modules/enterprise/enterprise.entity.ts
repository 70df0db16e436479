import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import type { Sector } from '@fupin/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { SectorEnum } from '../../common/enums';
import { LaborerRecord } from '../../common/laborer-record';
import { LocalDate } from '../../common/scalars';
import { Program } from '../program/program.interface';

@Entity({ tableName: 'enterprise' })
@ObjectType({ description: 'A business a poor laborer started (创业), with its loans and subsidies.', implements: Program })
export class Enterprise extends LaborerRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Enterprise id.' })
  id!: number;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Name of the business.' })
  name!: string;

  @Enum({ items: () => SectorEnum, nativeEnumName: 'sector' })
  @Field(() => SectorEnum, { description: 'Sector from the project library.' })
  sector!: Sector;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Day the business started.' })
  startedOn!: string;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'People working in it, the founder included.' })
  employees: number = 1;
}
