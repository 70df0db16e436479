import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { ExitProposalStatus } from '@fupin/schema';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { Region } from '../region/region.entity';
import { ExitProposalStatusEnum } from './lifecycle.enums';

/** An exit (脱贫) going through 村申请 -> 乡镇审核 -> 县审定; only a decided one writes exit events. */
@Entity({ tableName: 'exit_proposal' })
@ObjectType({ description: 'An exit proposal (贫困户脱贫退出): proposed by the village, reviewed by the township, decided by the county, each step dated with a remark; a rejection at any step ends it.' })
export class ExitProposal extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Proposal id.' })
  id!: number;

  @Property({ type: 'integer' })
  @Field(() => ID, { description: 'Household proposed for exit.' })
  householdId!: number;

  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  village!: Ref<Region>;

  @Field(() => ID, { description: "The household's village." })
  get villageId(): string {
    return this.village.unwrap().code;
  }

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Exit year (脱贫年度) proposed.' })
  exitYear!: number;

  @Property({ type: 'boolean' })
  @Field({ description: 'A member of the household is in work in the year (entered by the village).' })
  memberEmployed!: boolean;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Who works where (entered by the village).' })
  employmentNote?: string | null;

  @Property({ type: 'decimal', precision: 10, scale: 2, fieldName: 'income_per_capita' })
  incomePerCapitaRaw!: string;

  @Field(() => Float, { description: 'Per-capita net income of the household in the year, yuan (entered by the village).' })
  get incomePerCapita(): number {
    return Number(this.incomePerCapitaRaw);
  }

  @Property({ type: 'decimal', precision: 10, scale: 2, fieldName: 'poverty_line' })
  povertyLineRaw!: string;

  @Field(() => Float, { description: "The year's poverty line, yuan per person (entered by the village)." })
  get povertyLine(): number {
    return Number(this.povertyLineRaw);
  }

  @Field({ description: 'Whether the income is above the line (what the county checks with the employment fact).' })
  get incomeAboveLine(): boolean {
    return Number(this.incomePerCapitaRaw) > Number(this.povertyLineRaw);
  }

  @Enum({ items: () => ExitProposalStatusEnum, nativeEnumName: 'exit_proposal_status' })
  @Field(() => ExitProposalStatusEnum, { description: 'Step reached.' })
  status: ExitProposalStatus = 'PROPOSED';

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: '村申请: day proposed.' })
  proposedOn!: string;
  @Property({ type: 'integer', nullable: true })
  proposedBy?: number | null;
  @Property({ type: 'string', length: 64 })
  @Field({ description: 'Who proposed (village user).' })
  proposedByName!: string;
  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: "The village's remark." })
  proposalRemark?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: '乡镇审核: day reviewed.' })
  reviewedOn?: string | null;
  @Property({ type: 'integer', nullable: true })
  reviewedBy?: number | null;
  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'Who reviewed (township user).' })
  reviewedByName?: string | null;
  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: "The township's remark." })
  reviewRemark?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: '县审定: day decided.' })
  decidedOn?: string | null;
  @Property({ type: 'integer', nullable: true })
  decidedBy?: number | null;
  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'Who decided (county user).' })
  decidedByName?: string | null;
  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: "The county's remark." })
  decisionRemark?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day rejected.' })
  rejectedOn?: string | null;
  @Property({ type: 'integer', nullable: true })
  rejectedBy?: number | null;
  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'Who rejected.' })
  rejectedByName?: string | null;
  @Property({ type: 'string', length: 8, nullable: true })
  @Field(() => String, { nullable: true, description: 'Step at which it was rejected: REVIEW (township) or DECISION (county).' })
  rejectedStep?: string | null;
  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  rejectionReason?: string | null;
}
