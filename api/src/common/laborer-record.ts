import { DecimalType, ManyToOne, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Region } from '../modules/region/region.entity';
import { Laborer } from '../modules/registry/laborer.entity';
import { Timestamped } from './timestamps';

/** Yuan with two decimals (numeric in the database, a JS number here: exact for sums below 10^13). */
export const money = () => new DecimalType('number');

/**
 * A record about one laborer. It carries the laborer's village (kept equal by a composite foreign
 * key), so every record has a region code to filter, scope and aggregate by without joins.
 */
@ObjectType()
export abstract class LaborerRecord extends Timestamped {
  @ManyToOne(() => Laborer, { ref: true, fieldName: 'laborer_id' })
  laborer!: Ref<Laborer>;

  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  village!: Ref<Region>;

  @Field(() => ID, { description: 'Id of the laborer.' })
  get laborerId(): number {
    return this.laborer.id;
  }

  @Field(() => ID, { description: "Code of the laborer's village." })
  get villageId(): string {
    return this.village.unwrap().code;
  }
}
