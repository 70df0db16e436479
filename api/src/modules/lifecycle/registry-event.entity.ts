import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { LeaveReason, RegistryEventKind, RegistryStanding } from '@fupin/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTime, LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { LeaveReasonEnum, RegistryEventKindEnum, RegistryStandingEnum } from './lifecycle.enums';

/**
 * One change of a household's or a laborer's standing (怎么进、怎么出). Append-only: the database refuses
 * UPDATE, DELETE and TRUNCATE; a correction is a CANCELLED event naming the one it cancels. Each row keeps
 * the state after it and before it, so the counters and the derived status follow from the rows alone.
 */
@Entity({ tableName: 'registry_event' })
@ObjectType({ description: 'A registry event (建档立卡, 脱贫, 返贫, 迁移, 自然减少, or a correction cancelling one): dated, recorded by whom and when, never changed.' })
export class RegistryEvent {
  @PrimaryKey({ type: 'bigint' })
  @Field(() => ID, { description: 'Event id, increasing with the order of recording.' })
  id!: string;

  @Property({ type: 'integer' })
  @Field(() => ID, { description: 'Household the event is about (for a laborer: their household at the time).' })
  householdId!: number;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Laborer the event is about; null for an event of the household itself.' })
  laborerId?: number | null;

  @Enum({ items: () => RegistryEventKindEnum, nativeEnumName: 'registry_event_kind' })
  @Field(() => RegistryEventKindEnum, { description: 'Kind of event.' })
  kind!: RegistryEventKind;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Day the event took effect (for a correction: the day of the event it cancels).' })
  occurredOn!: string;

  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  village!: Ref<Region>;

  @Field(() => ID, { description: 'Village of the subject after the event.' })
  get villageId(): string {
    return this.village.unwrap().code;
  }

  @Enum({ items: () => RegistryStandingEnum, nativeEnumName: 'registry_standing' })
  @Field(() => RegistryStandingEnum, { description: 'Standing after the event.' })
  standing!: RegistryStanding;

  @Property({ type: 'string', length: 12, nullable: true })
  @Field(() => ID, { nullable: true, description: 'Village before the event (null for a registration).' })
  prevVillageCode?: string | null;

  @Enum({ items: () => RegistryStandingEnum, nativeEnumName: 'registry_standing', nullable: true })
  @Field(() => RegistryStandingEnum, { nullable: true, description: 'Standing before the event (null for a registration).' })
  prevStanding?: RegistryStanding | null;

  @Property({ type: 'smallint', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Exit year (脱贫年度) of an exit.' })
  exitYear?: number | null;

  @Enum({ items: () => LeaveReasonEnum, nativeEnumName: 'leave_reason', nullable: true })
  @Field(() => LeaveReasonEnum, { nullable: true, description: 'Why the subject left the registry (LEFT only).' })
  leaveReason?: LeaveReason | null;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Reason given (required for a return to poverty and a correction).' })
  reason?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Evidence note (佐证材料), optional.' })
  evidence?: string | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The decided exit proposal an exit follows.' })
  proposalId?: number | null;

  @Property({ type: 'bigint', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The event a correction cancels.' })
  cancelsId?: string | null;

  @Enum({ items: () => RegistryEventKindEnum, nativeEnumName: 'registry_event_kind', nullable: true })
  @Field(() => RegistryEventKindEnum, { nullable: true, description: 'Kind of the cancelled event (corrections only).' })
  cancelledKind?: RegistryEventKind | null;

  @Property({ type: 'bigint', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Events recorded together (a household and its laborers) share the household event id here.' })
  groupId?: string | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'User who recorded it; null for the demo data and history loaded at migration.' })
  recordedBy?: number | null;

  @Property({ type: 'string', length: 64 })
  @Field({ description: 'Name of who recorded it.' })
  recordedByName!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  @Field(() => DateTime, { description: 'When it was recorded.' })
  recordedAt: Date = new Date();
}
