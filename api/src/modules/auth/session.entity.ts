import { Entity, ManyToOne, PrimaryKey, Property, type Ref, Unique } from '@mikro-orm/core';
import { NotAudited } from '../audit/audit.subscriber';
import { AdminOnly } from './scope';
import { User } from './user.entity';

/** A signed-in session. Only the SHA-256 of its random token is stored: a database leak signs no one in. */
@Entity({ tableName: 'user_session' })
@AdminOnly()
@NotAudited()
export class UserSession {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 64, hidden: true })
  @Unique({ name: 'user_session_token_hash_unique' })
  tokenHash!: string;

  @ManyToOne(() => User, { ref: true, fieldName: 'user_id', deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
