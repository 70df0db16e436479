import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { WelfarePostCategory, WelfarePostStatus } from '@fupin/schema';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { WelfarePostCategoryEnum, WelfarePostStatusEnum } from '../../common/enums';
import { LaborerRecord, money } from '../../common/laborer-record';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { Region } from '../region/region.entity';
import { Program } from '../program/program.interface';

@Entity({ tableName: 'welfare_post' })
@ObjectType({ description: 'A public-welfare post (公益性岗位) in a village or township, a last-resort placement for poor laborers.', implements: Program })
export class WelfarePost extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Post id.' })
  id!: number;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Title of the post.' })
  title!: string;

  @Enum({ items: () => WelfarePostCategoryEnum, nativeEnumName: 'welfare_post_category' })
  @Field(() => WelfarePostCategoryEnum, { description: 'Category (one of the six in the report).' })
  category!: WelfarePostCategory;

  @ManyToOne(() => Region, { ref: true, fieldName: 'region_code' })
  region!: Ref<Region>;

  @Field(() => ID, { description: 'Code of the village or township of the post.' })
  get regionId(): string {
    return this.region.unwrap().code;
  }

  @Property({ type: money(), columnType: 'numeric(12,2)' })
  @Field(() => Float, { description: 'Monthly pay in yuan.' })
  monthlyPay!: number;

  @Enum({ items: () => WelfarePostStatusEnum, nativeEnumName: 'welfare_post_status' })
  @Field(() => WelfarePostStatusEnum, { description: 'OPEN, FILLED (someone holds it now) or CLOSED.' })
  status: WelfarePostStatus = 'OPEN';
}

@Entity({ tableName: 'welfare_placement' })
@ObjectType({ description: 'A laborer placed on a public-welfare post (托底安置) for a period; one post per laborer and one holder per post at a time.' })
export class WelfarePlacement extends LaborerRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Placement id.' })
  id!: number;

  @ManyToOne(() => WelfarePost, { ref: true, fieldName: 'post_id' })
  post!: Ref<WelfarePost>;

  @Field(() => ID, { description: 'Id of the post.' })
  get postId(): number {
    return this.post.id;
  }

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'First day on the post.' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day the placement ended (exclusive); null while it lasts.' })
  endDate?: string | null;
}
