import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Timestamped } from '../../common/timestamps';
import { Region } from '../region/region.entity';
import { Access, type Role } from './access';
import { UserDutyEnum, UserRoleEnum } from './auth.enums';
import type { UserDuty } from '@fupin/schema';
import { AdminOnly } from './scope';

@Entity({ tableName: 'app_user' })
@AdminOnly()
@Access('ADMIN')
@ObjectType('User', { description: 'A person who signs in to the hub, with one role and, for operators, the region they work in. The password is never readable.' })
export class User extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'User id.' })
  id!: number;

  @Property({ type: 'string', length: 32 })
  @Unique({ name: 'app_user_username_unique' })
  @Field({ description: 'Sign-in name (登录名): lower-case letters, digits, dot, dash, underscore; 3 to 32 characters.' })
  username!: string;

  @Property({ type: 'string', length: 64 })
  @Field({ description: 'Name shown in the admin and in the audit trail (姓名).' })
  displayName!: string;

  /** scrypt hash with its parameters and salt (see password.ts); never leaves the hub, never audited. */
  @Property({ type: 'string', length: 255, hidden: true, lazy: false })
  passwordHash!: string;

  @Enum({ items: () => UserRoleEnum, nativeEnumName: 'user_role' })
  @Field(() => UserRoleEnum, { description: 'Role (角色).' })
  role!: Role;

  @ManyToOne(() => Region, { ref: true, nullable: true, fieldName: 'scope_region_code' })
  scopeRegion?: Ref<Region> | null;

  @Field(() => ID, { nullable: true, description: 'Code of the county, township or village whose subtree the user is limited to (管辖区域); null for the whole city. Required for operators.' })
  get scopeRegionCode(): string | null {
    return this.scopeRegion ? this.scopeRegion.unwrap().code : null;
  }

  @Property({ type: 'string', length: 16, nullable: true })
  @Field(() => UserDutyEnum, { nullable: true, description: 'Duty besides the role (职责): FINANCE pays approved subsidies of the townships of the county; null: none.' })
  duty?: UserDuty | null = null;

  @Property({ type: 'boolean', default: true })
  @Field({ description: 'Whether the user may sign in; deactivating ends their sessions.' })
  active: boolean = true;
}
