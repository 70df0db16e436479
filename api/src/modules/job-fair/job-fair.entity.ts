import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { Region } from '../region/region.entity';
import { Program } from '../program/program.interface';
import { RegionScoped } from '../auth/scope';

// A county's job fairs are read (not changed) by the township operators below it, who send their laborers there.
@RegionScoped('county', { ancestorsReadable: true })
@Entity({ tableName: 'job_fair' })
@ObjectType({ description: 'A job fair (招聘会) held by a county for poor laborers, with posts offered, laborers registered and letters of intent signed.', implements: Program })
export class JobFair extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Job fair id.' })
  id!: number;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Title.' })
  title!: string;

  @ManyToOne(() => Region, { ref: true, fieldName: 'county_code' })
  county!: Ref<Region>;

  @Field(() => ID, { description: 'Code of the county that held it.' })
  get countyId(): string {
    return this.county.unwrap().code;
  }

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Day it was held.' })
  heldOn!: string;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Venue.' })
  venue!: string;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Posts offered by employers.' })
  postsOffered: number = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Poor laborers registered.' })
  laborersRegistered: number = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Letters of intent signed (意向性协议); never more than registered.' })
  intentionsSigned: number = 0;
}
