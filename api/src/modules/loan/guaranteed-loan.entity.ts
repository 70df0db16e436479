import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { LoanStatus, Sector } from '@fupin/schema';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { LoanStatusEnum, SectorEnum } from '../../common/enums';
import { LaborerRecord, money } from '../../common/laborer-record';
import { LocalDate } from '../../common/scalars';
import { Enterprise } from '../enterprise/enterprise.entity';
import { DreamSchooling } from '../schooling/dream-schooling.entity';
import { Program } from '../program/program.interface';

@Entity({ tableName: 'guaranteed_loan' })
@ObjectType({ description: 'A government-guaranteed start-up loan (创业担保贷款) with interest subsidy; its status moves only along legal transitions.', implements: Program })
export class GuaranteedLoan extends LaborerRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Loan id.' })
  id!: number;

  @Enum({ items: () => SectorEnum, nativeEnumName: 'sector' })
  @Field(() => SectorEnum, { description: 'Purpose: sector from the project library.' })
  purpose!: Sector;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Lending bank.' })
  bank!: string;

  @Property({ type: money(), columnType: 'numeric(14,2)' })
  @Field(() => Float, { description: 'Principal in yuan.' })
  amount!: number;

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Term in months.' })
  termMonths!: number;

  @Property({ type: money(), columnType: 'numeric(6,4)' })
  @Field(() => Float, { description: 'Annual interest rate as a fraction (0.0435 = 4.35%).' })
  annualRate!: number;

  @Property({ type: money(), columnType: 'numeric(5,4)' })
  @Field(() => Float, { description: 'Share of the interest the government pays (贴息), 0 to 1.' })
  interestSubsidyRate: number = 1;

  @Enum({ items: () => LoanStatusEnum, nativeEnumName: 'loan_status' })
  @Field(() => LoanStatusEnum, { description: 'APPLIED -> APPROVED -> DISBURSED -> REPAID or DEFAULTED (-> REPAID).' })
  status: LoanStatus = 'APPLIED';

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Day of application.' })
  appliedOn!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day of approval.' })
  approvedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day the money was disbursed.' })
  disbursedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day the loan was repaid.' })
  closedOn?: string | null;

  @ManyToOne(() => Enterprise, { ref: true, nullable: true, fieldName: 'enterprise_id' })
  enterprise?: Ref<Enterprise> | null;

  @Field(() => ID, { nullable: true, description: 'Enterprise the loan finances, of the same laborer.' })
  get enterpriseId(): number | null {
    return this.enterprise?.id ?? null;
  }

  @ManyToOne(() => DreamSchooling, { ref: true, nullable: true, fieldName: 'dream_schooling_id' })
  dreamSchooling?: Ref<DreamSchooling> | null;

  @Field(() => ID, { nullable: true, description: '圆梦 schooling record the loan is tied to, of the same laborer.' })
  get dreamSchoolingId(): number | null {
    return this.dreamSchooling?.id ?? null;
  }

  @Field(() => Float, { description: 'Interest over the whole term in yuan (simple interest).' })
  get interest(): number {
    return Math.round(this.amount * this.annualRate * this.termMonths / 12 * 100) / 100;
  }

  @Field(() => Float, { description: 'Interest subsidy over the whole term in yuan (interest x subsidy rate).' })
  get interestSubsidy(): number {
    return Math.round(this.amount * this.annualRate * this.termMonths / 12 * this.interestSubsidyRate * 100) / 100;
  }
}
