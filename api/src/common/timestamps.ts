import { Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateTime } from './scalars';

/**
 * Creation and last-change times every record carries. Decorated so type-graphql passes its fields on
 * to the types that extend it (it is never a type of its own in the schema).
 */
@ObjectType()
export abstract class Timestamped {
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  @Field(() => DateTime, { description: 'When the record was created.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  @Field(() => DateTime, { description: 'When the record last changed.' })
  updatedAt: Date = new Date();
}
