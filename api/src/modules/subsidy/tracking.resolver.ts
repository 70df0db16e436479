import { ProgramKind } from '@fupin/schema';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { LocalDate } from '../../common/scalars';
import { Statistics } from '../auth/access';
import { Region } from '../region/region.entity';
import { RegionService } from '../region/region.service';
import { Laborer } from '../registry/laborer.entity';
import { laborerLoader } from '../registry/registry.service';
import { Policy } from './subsidy.entity';
import { policyLoader } from './subsidy.service';
import {
  laborerHistory,
  policyBeneficiaries,
  subsidyTracking,
  type Beneficiary,
  type BeneficiaryPage,
  type HistoryKind,
  type MonthAmounts,
  type Tracking,
} from './tracking.service';

export const HistoryEventKindEnum = Object.fromEntries([...ProgramKind.values, 'PAYMENT'].map((v) => [v, v])) as Record<HistoryKind, HistoryKind>;
registerEnumType(HistoryEventKindEnum, {
  name: 'HistoryEventKind',
  description: 'What an event of a laborer\'s history is: a record of a programme, or a subsidy payment.',
  valuesConfig: {
    ...Object.fromEntries(ProgramKind.values.map((v) => [v, { description: `A record of the programme ${ProgramKind.labels[v].zh} (${ProgramKind.labels[v].en}).` }])),
    PAYMENT: { description: 'A subsidy payment (补贴发放).' },
  } as never,
});

@Statistics()
@ObjectType({ description: 'Yuan approved and paid in one month of the tracked year.' })
class MonthlySubsidy implements MonthAmounts {
  @Field(() => Int, { description: 'Month, 1 to 12.' })
  month!: number;
  @Field(() => Float, { description: 'Yuan approved in the month (by day of approval).' })
  approved!: number;
  @Field(() => Float, { description: 'Yuan paid in the month (by day of payment).' })
  paid!: number;
}

@Statistics()
@ObjectType({ description: 'Budget, approvals and payments of one child region (a county of the city, a township of a county, a village of a township).' })
class RegionSubsidy {
  @Field(() => ID, { description: 'Region code.' })
  code!: string;
  @Field({ description: 'Region name.' })
  name!: string;
  @Field(() => Float, { nullable: true, description: 'Yearly budget of a county; null below county level (budgets are set per county).' })
  budget!: number | null;
  @Field(() => Float, { description: 'Yuan approved (APPROVED and PAID payments).' })
  approved!: number;
  @Field(() => Float, { description: 'Yuan paid.' })
  paid!: number;
}

@Statistics()
@ObjectType({ description: 'Budget against approvals and payments of one policy in a region subtree for one budget year (the year of the payment periods).' })
class SubsidyTracking implements Omit<Tracking, 'byMonth' | 'byChild'> {
  @Field(() => ID, { description: 'Policy id.' })
  policyId!: number;
  @Field(() => ID, { description: 'Code of the region tracked (the whole subtree).' })
  regionCode!: string;
  @Field(() => Int, { description: 'Budget year.' })
  year!: number;
  @Field(() => Float, {
    description:
      'Yearly budget in yuan: the sum of the budgets of the counties in the region. Budgets are set per county, so for a township or village this is the budget of its whole county (see budgetRegionId), which the other townships of the county share.',
  })
  budget!: number;
  @Field(() => ID, { description: 'Region whose budget `budget` is: the region itself, or its county when the region is a township or village.' })
  budgetRegionId!: string;
  @Field(() => Float, { description: 'Yuan approved in the region (APPROVED and PAID payments).' })
  approved!: number;
  @Field(() => Float, { description: 'Yuan paid in the region.' })
  paid!: number;
  @Field(() => Float, { description: 'Yuan still free to approve: budget less what its whole region (the county, for a township or village) has approved.' })
  remaining!: number;
  @Field(() => [MonthlySubsidy], { description: 'Twelve rows, January to December of the year: approved by day of approval, paid by day of payment (an approval or payment dated in another calendar year is in the totals only).' })
  byMonth!: MonthlySubsidy[];
  @Field(() => [RegionSubsidy], { description: 'One row per child region, by code; empty for a village.' })
  byChild!: RegionSubsidy[];
}

@ObjectType({ description: 'A laborer who received approved or paid subsidies under a policy, with their totals.' })
class PolicyBeneficiary implements Beneficiary {
  @Field(() => ID, { description: 'Laborer id.' })
  laborerId!: number;
  @Field(() => ID, { description: "Code of the laborer's village when paid." })
  villageId!: string;
  @Field(() => Int, { description: 'Approved or paid payments.' })
  payments!: number;
  @Field(() => Float, { description: 'Yuan approved (APPROVED and PAID).' })
  approved!: number;
  @Field(() => Float, { description: 'Yuan paid.' })
  paid!: number;
  @Field({ description: 'Earliest period paid for.' })
  firstPeriod!: string;
  @Field({ description: 'Latest period paid for.' })
  lastPeriod!: string;
}

@ObjectType({ description: 'One page of the beneficiaries of a policy, with the totals over all pages.' })
class PolicyBeneficiaryPage implements Omit<BeneficiaryPage, 'items'> {
  @Field(() => Int, { description: 'Beneficiaries over all pages.' })
  count!: number;
  @Field(() => Float, { description: 'Yuan approved to all of them.' })
  approved!: number;
  @Field(() => Float, { description: 'Yuan paid to all of them.' })
  paid!: number;
  @Field(() => [PolicyBeneficiary], { description: 'This page, by laborer id.' })
  items!: PolicyBeneficiary[];
}

@ObjectType({ description: "One event of a laborer's history: a programme record or a subsidy payment." })
class HistoryEvent {
  @Field(() => LocalDate, { description: 'When it began: enrollment, first day on the post or job, loan application, 1 September of the intake year, business start, payment application.' })
  date!: string;
  @Field(() => HistoryEventKindEnum, { description: 'Programme of the record, or PAYMENT.' })
  kind!: HistoryKind;
  @Field({ description: 'The class or post title, the bank, the school, the employer, the business name, or the policy name.' })
  title!: string;
  @Field({ description: 'Status and particulars in one line, in the language of the request.' })
  detail!: string;
  @Field(() => ID, { description: 'Id of the record (of the enrollment, placement, loan, schooling, employment, enterprise or payment).' })
  recordId!: number;
  @Field(() => Float, { nullable: true, description: 'Yuan: the loan amount, the monthly pay of the post, the living subsidy per term, or the payment amount; null otherwise.' })
  amount!: number | null;
}

@ArgsType()
class BeneficiaryArgs {
  @Field(() => ID, { description: 'Policy id.' })
  policyId!: string;
  @Field(() => ID, { nullable: true, description: 'Only laborers whose payments are in the subtree of this region code (the whole city when omitted).' })
  regionCode?: string;
  @Field(() => Int, { nullable: true, description: 'Only payments for periods of this year.' })
  year?: number;
  @Field(() => Int, { nullable: true, description: 'Zero-based page number (default 0).' })
  page?: number;
  @Field(() => Int, { nullable: true, description: 'Rows per page: 25 by default, at most 500.' })
  perPage?: number;
}

@Resolver(() => SubsidyTracking)
export class TrackingResolver {
  // Aggregates without personal data: dashboard viewers may read them too (within their scope).
  @Statistics()
  @Query(() => SubsidyTracking, { description: 'Budget vs approved vs paid of a policy in a region subtree for a budget year, by month and by child region.' })
  subsidyTracking(
    @Arg('policyId', () => ID, { description: 'Policy id.' }) policyId: string,
    @Arg('regionCode', () => ID, { description: "Region code: the city, a county, a township or a village (narrowed to the user's scope; outside it: NOT_FOUND)." }) regionCode: string,
    @Arg('year', () => Int, { description: 'Budget year (the year of the payment periods).' }) year: number,
    @Ctx() ctx: Context,
  ): Promise<Tracking> {
    return subsidyTracking(ctx, policyId, regionCode, year);
  }

  // A policy is city-wide reference data, no personal record: readable with the aggregate.
  @Statistics()
  @FieldResolver(() => Policy, { description: 'The policy.' })
  policy(@Root() t: Tracking, @Ctx() ctx: Context) {
    return policyLoader(ctx).load(t.policyId);
  }

  @FieldResolver(() => Region, { description: 'The region tracked.' })
  region(@Root() t: Tracking, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(t.regionCode);
  }

  @Query(() => PolicyBeneficiaryPage, { description: 'Laborers with approved or paid subsidies under a policy in a region subtree, by laborer id, with totals.' })
  policyBeneficiaries(@Args(() => BeneficiaryArgs) args: BeneficiaryArgs, @Ctx() ctx: Context): Promise<BeneficiaryPage> {
    return policyBeneficiaries(ctx, args);
  }

  @Query(() => [HistoryEvent], { description: "A laborer's full history: every programme record and subsidy payment, oldest first (same day: records before payments)." })
  laborerHistory(@Arg('laborerId', () => ID, { description: 'Laborer id.' }) laborerId: string, @Ctx() ctx: Context) {
    return laborerHistory(ctx, laborerId);
  }
}

@Resolver(() => PolicyBeneficiary)
export class PolicyBeneficiaryResolver {
  @FieldResolver(() => Laborer, { description: 'The laborer.' })
  laborer(@Root() b: Beneficiary, @Ctx() ctx: Context) {
    return laborerLoader(ctx).load(b.laborerId);
  }
}

export const trackingResolvers = [TrackingResolver, PolicyBeneficiaryResolver];
