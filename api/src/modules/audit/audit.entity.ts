import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { AuditAction } from '@fupin/schema';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTime } from '../../common/scalars';
import { Access } from '../auth/access';
import { AuditActionEnum } from '../auth/auth.enums';
import { RegionScoped } from '../auth/scope';
import { NotAudited } from './audit.subscriber';

/**
 * One entry of the audit trail (操作日志): written by the hub in the transaction of the change it
 * records, never changed afterwards (the database refuses UPDATE, DELETE and TRUNCATE on the table).
 */
@Entity({ tableName: 'audit_log', readonly: true })
@RegionScoped('regionCode')
@NotAudited()
@Access(['CITY_ADMIN', 'OPERATOR'])
@ObjectType({ description: 'An audit trail entry (操作日志): who changed, revealed or signed in to what, when, with the fields before and after. Append-only.' })
export class AuditLog {
  @PrimaryKey({ type: 'bigint' })
  @Field(() => ID, { description: 'Entry id, increasing with time.' })
  id!: string;

  @Property({ type: 'datetime' })
  @Index({ name: 'audit_log_at_idx' })
  @Field(() => DateTime, { description: 'When (the time of the transaction).' })
  at!: Date;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Id of the user; null for the hub itself (first start).' })
  userId?: number | null;

  @Property({ type: 'string', length: 32 })
  @Field({ description: 'Sign-in name of the user at the time (kept when the user is deleted).' })
  username!: string;

  @Enum({ items: () => AuditActionEnum, nativeEnumName: 'audit_action' })
  @Field(() => AuditActionEnum, { description: 'What happened.' })
  action!: AuditAction;

  @Property({ type: 'string', length: 64 })
  @Field({ description: 'Type of the record, e.g. Laborer.' })
  entity!: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => ID, { description: 'Id of the record.' })
  recordId!: string;

  @Property({ type: 'string', length: 12, nullable: true })
  @Field(() => ID, { nullable: true, description: "Region code of the record (after the change; before it for a delete); null for records without a region." })
  regionCode?: string | null;

  @Property({ type: 'json', nullable: true })
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Fields before the change (the changed ones for an update; all for a delete). Secrets show as "[secret]".' })
  before?: Record<string, unknown> | null;

  @Property({ type: 'json', nullable: true })
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Fields after the change (the changed ones for an update; all for a create); for a reveal, the field revealed.' })
  after?: Record<string, unknown> | null;
}
