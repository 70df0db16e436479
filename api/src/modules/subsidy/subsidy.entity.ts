import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { AmountRule, PaymentStatus, ProgramKind, SubsidyKind } from '@fupin/schema';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { AmountRuleEnum, PaymentStatusEnum, ProgramKindEnum, SubsidyKindEnum } from '../../common/enums';
import { LaborerRecord, money } from '../../common/laborer-record';
import { LocalDate } from '../../common/scalars';
import { Timestamped } from '../../common/timestamps';
import { CityWide, RegionScoped } from '../auth/scope';
import { Region } from '../region/region.entity';

@Entity({ tableName: 'policy' })
// The same policies apply across the city: every reader sees them, only city administrators change them.
@CityWide()
@ObjectType({ description: 'A subsidy policy (政策): what it pays for, how much at most, with a yearly budget per county.' })
export class Policy extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Policy id.' })
  id!: number;

  @Property({ type: 'string', length: 100 })
  @Field({ description: 'Name, unique.' })
  name!: string;

  @Enum({ items: () => SubsidyKindEnum, nativeEnumName: 'subsidy_kind' })
  @Field(() => SubsidyKindEnum, { description: 'Kind of subsidy.' })
  subsidyKind!: SubsidyKind;

  @Enum({ items: () => ProgramKindEnum, nativeEnumName: 'program_kind' })
  @Field(() => ProgramKindEnum, { description: 'Programme whose records it pays for.' })
  programKind!: ProgramKind;

  @Enum({ items: () => AmountRuleEnum, nativeEnumName: 'amount_rule' })
  @Field(() => AmountRuleEnum, { description: 'How the most one payment may be is computed.' })
  amountRule!: AmountRule;

  @Property({ type: money(), columnType: 'numeric(12,2)' })
  @Field(() => Float, { description: 'Yuan per person, per month or per term; for INTEREST_SHARE the share of the interest (0 to 1).' })
  amount!: number;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'First day the policy applies.' })
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Last day the policy applies; null: open-ended.' })
  validTo?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Description.' })
  description?: string | null;
}

@Entity({ tableName: 'policy_budget' })
// A county's budget: the county's townships read it (what is left for their applications), change none.
@RegionScoped('county', { ancestorsReadable: true })
@ObjectType({ description: 'The yearly budget of a policy in one county; approvals never exceed it.' })
export class PolicyBudget extends Timestamped {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Budget id.' })
  id!: number;

  @ManyToOne(() => Policy, { ref: true, fieldName: 'policy_id' })
  policy!: Ref<Policy>;

  @Field(() => ID, { description: 'Id of the policy.' })
  get policyId(): number {
    return this.policy.id;
  }

  @ManyToOne(() => Region, { ref: true, fieldName: 'county_code' })
  county!: Ref<Region>;

  @Field(() => ID, { description: 'Code of the county.' })
  get countyId(): string {
    return this.county.unwrap().code;
  }

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Budget year.' })
  year!: number;

  @Property({ type: money(), columnType: 'numeric(14,2)' })
  @Field(() => Float, { description: 'Budget in yuan.' })
  budget!: number;

  // Who last set it: the database refuses anyone but a city administrator (check_budget_duties).
  @Property({ type: 'integer', nullable: true })
  setBy?: number | null;
}

@Entity({ tableName: 'subsidy_payment' })
@ObjectType({ description: 'A subsidy payment (补贴发放) to a laborer under a policy for a programme record and a period: applied -> approved -> paid, or rejected with a reason.' })
export class SubsidyPayment extends LaborerRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  @Field(() => ID, { description: 'Payment id.' })
  id!: number;

  @ManyToOne(() => Policy, { ref: true, fieldName: 'policy_id' })
  policy!: Ref<Policy>;

  @Field(() => ID, { description: 'Id of the policy.' })
  get policyId(): number {
    return this.policy.id;
  }

  @Enum({ items: () => ProgramKindEnum, nativeEnumName: 'program_kind' })
  @Field(() => ProgramKindEnum, { description: "Programme of the record it pays for (the policy's)." })
  programKind!: ProgramKind;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Enrollment paid for (TRAINING).' })
  enrollmentId?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Welfare placement paid for (WELFARE_POST).' })
  placementId?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Loan paid for (LOAN).' })
  loanId?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: '圆梦 schooling record paid for (DREAM_SCHOOLING).' })
  schoolingId?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Enterprise paid for (ENTERPRISE).' })
  enterpriseId?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Employment paid for (EMPLOYMENT).' })
  employmentId?: number | null;

  @Field(() => ID, { description: 'Id of the programme record paid for, whichever of the six it is (see programKind).' })
  get recordId(): number {
    return (this.enrollmentId ?? this.placementId ?? this.loanId ?? this.schoolingId ?? this.enterpriseId ?? this.employmentId)!;
  }

  @Property({ type: 'string', length: 7 })
  @Field({ description: "Period: 'YYYY' (per person, interest share), 'YYYY-MM' (per month) or 'YYYY-T1'/'YYYY-T2' (per term)." })
  period!: string;

  @Property({ type: money(), columnType: 'numeric(12,2)' })
  @Field(() => Float, { description: "Amount in yuan; never above the policy's rule." })
  amount!: number;

  @Enum({ items: () => PaymentStatusEnum, nativeEnumName: 'payment_status' })
  @Field(() => PaymentStatusEnum, { description: 'APPLIED, APPROVED, PAID or REJECTED.' })
  status: PaymentStatus = 'APPLIED';

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was rejected; set exactly when REJECTED.' })
  rejectReason?: string | null;

  @Property({ type: 'date' })
  @Field(() => LocalDate, { description: 'Day of application.' })
  appliedOn!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day of approval.' })
  approvedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDate, { nullable: true, description: 'Day it was paid.' })
  paidOn?: string | null;

  // Who took each step (separation of duties: see payment-duties.ts).
  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Id of the user who applied (null for payments loaded in bulk before this was recorded).' })
  appliedBy?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Id of the user who approved: never the applicant, at the level above.' })
  approvedBy?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Id of the user who paid: never the applicant; the city or the county finance user.' })
  paidBy?: number | null;
}
