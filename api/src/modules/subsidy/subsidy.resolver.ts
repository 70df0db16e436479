import type { AmountRule, PaymentStatus, ProgramKind, SubsidyKind } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, inTransaction, mustFind, removeAndReturn } from '../../common/crud';
import { AmountRuleEnum, PaymentStatusEnum, ProgramKindEnum, SubsidyKindEnum } from '../../common/enums';
import { AppError } from '../../common/errors';
import { and, BaseFilter, intId, likeEscape, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { mustFindCounty, RegionService, withinRegion } from '../region/region.service';
import { Laborer } from '../registry/laborer.entity';
import { laborerLoader } from '../registry/registry.service';
import { Policy, PolicyBudget, SubsidyPayment } from './subsidy.entity';
import {
  approvePayment,
  assertBudgetCovers,
  assertPolicyUnpaid,
  budgetUseLoader,
  checkBudgetYear,
  checkMoney,
  checkPolicy,
  createPayment,
  payPayment,
  policyBudgetsLoader,
  policyLoader,
  RECORDS,
  rejectPayment,
  type PaymentInput,
} from './subsidy.service';

const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

// ---------- policies ----------

@InputType({ description: 'Filter of the policy list; all given conditions must hold.' })
export class PolicyFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the name.' })
  q?: string;
  @Field(() => SubsidyKindEnum, { nullable: true, description: 'Only this kind of subsidy.' })
  subsidyKind?: SubsidyKind;
  @Field(() => ProgramKindEnum, { nullable: true, description: 'Only policies paying for this programme.' })
  programKind?: ProgramKind;
  @Field(() => AmountRuleEnum, { nullable: true, description: 'Only this amount rule.' })
  amountRule?: AmountRule;
  @Field(() => LocalDate, { nullable: true, description: 'Only policies valid on this day.' })
  validOn?: string;
}

@ArgsType()
class CreatePolicyArgs {
  @Field({ description: 'Name, unique.' })
  name!: string;
  @Field(() => SubsidyKindEnum, { description: 'Kind of subsidy.' })
  subsidyKind!: SubsidyKind;
  @Field(() => ProgramKindEnum, { description: 'Programme whose records it pays for (not JOB_FAIR).' })
  programKind!: ProgramKind;
  @Field(() => AmountRuleEnum, { description: 'How the most one payment may be is computed; INTEREST_SHARE only for LOAN.' })
  amountRule!: AmountRule;
  @Field(() => Float, { description: 'Yuan (> 0) per person, month or term; for INTEREST_SHARE the share of the interest (0 < share <= 1).' })
  amount!: number;
  @Field(() => LocalDate, { description: 'First day the policy applies.' })
  validFrom!: string;
  @Field(() => LocalDate, { nullable: true, description: 'Last day the policy applies; null: open-ended.' })
  validTo?: string | null;
  @Field(() => String, { nullable: true, description: 'Description.' })
  description?: string | null;
}

@ArgsType()
class UpdatePolicyArgs {
  @Field(() => ID, { description: 'Policy id.' })
  id!: string;
  @Field({ nullable: true, description: 'Name, unique.' })
  name?: string;
  @Field(() => SubsidyKindEnum, { nullable: true, description: 'Kind of subsidy.' })
  subsidyKind?: SubsidyKind;
  @Field(() => ProgramKindEnum, { nullable: true, description: 'Programme paid for; fixed once the policy has payments.' })
  programKind?: ProgramKind;
  @Field(() => AmountRuleEnum, { nullable: true, description: 'Amount rule; fixed once the policy has payments.' })
  amountRule?: AmountRule;
  @Field(() => Float, { nullable: true, description: 'Amount (see createPolicy); payments already made keep theirs.' })
  amount?: number;
  @Field(() => LocalDate, { nullable: true, description: 'First day the policy applies.' })
  validFrom?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Last day the policy applies; null makes it open-ended.' })
  validTo?: string | null;
  @Field(() => String, { nullable: true, description: 'Description; null clears it.' })
  description?: string | null;
}

function policyWhere(f?: PolicyFilter): FilterQuery<Policy> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.q, () => ({ name: { $like: `%${likeEscape(f.q!.trim())}%` } }));
  setIf(w, f.subsidyKind, () => ({ subsidyKind: f.subsidyKind }));
  setIf(w, f.programKind, () => ({ programKind: f.programKind }));
  setIf(w, f.amountRule, () => ({ amountRule: f.amountRule }));
  setIf(w, f.validOn, () => ({ validFrom: { $lte: f.validOn }, $or: [{ validTo: null }, { validTo: { $gte: f.validOn } }] }));
  return and(w);
}

const policyCrud = crudResolvers<Policy, PolicyFilter>({
  name: 'Policy',
  plural: 'Policies',
  type: Policy,
  entity: Policy,
  filter: PolicyFilter,
  where: policyWhere,
  // Dashboard viewers read the policies (names, rules, amounts: no personal data) to pick one on the
  // subsidy tracking page; budgets and payments stay READ.
  access: { read: 'STATISTICS' },
  sortable: { id: 'id', name: 'name', subsidyKind: 'subsidyKind', programKind: 'programKind', amountRule: 'amountRule', amount: 'amount', validFrom: 'validFrom', validTo: 'validTo' },
  create: {
    args: CreatePolicyArgs,
    async run(ctx, a: CreatePolicyArgs) {
      const values = await checkPolicy(ctx, { ...a, validTo: a.validTo ?? null, description: a.description ?? null });
      const p = ctx.em.create(Policy, values as never);
      await ctx.em.flush();
      return p;
    },
  },
  update: {
    args: UpdatePolicyArgs,
    async run(ctx, a: UpdatePolicyArgs) {
      const p = await mustFind(ctx, Policy, intId(a.id));
      if (given(a.programKind) && a.programKind !== p.programKind) await assertPolicyUnpaid(ctx, p, 'programKind');
      if (given(a.amountRule) && a.amountRule !== p.amountRule) await assertPolicyUnpaid(ctx, p, 'amountRule');
      const values = await checkPolicy(
        ctx,
        {
          name: a.name ?? p.name,
          subsidyKind: a.subsidyKind ?? p.subsidyKind,
          programKind: a.programKind ?? p.programKind,
          amountRule: a.amountRule ?? p.amountRule,
          amount: a.amount ?? p.amount,
          validFrom: a.validFrom ?? p.validFrom,
          validTo: a.validTo !== undefined ? a.validTo : (p.validTo ?? null),
          description: a.description !== undefined ? a.description : (p.description ?? null),
        },
        p.id,
      );
      Object.assign(p, values);
      await ctx.em.flush();
      return p;
    },
  },
  async remove(ctx, id) {
    const p = await mustFind(ctx, Policy, id);
    // Budgets go with the policy; payments keep it (the foreign key refuses: IN_USE).
    return removeAndReturn(ctx, p);
  },
});

@Resolver(() => Policy)
export class PolicyFieldResolver {
  @FieldResolver(() => [PolicyBudget], { description: 'Yearly budgets per county, by year then county.' })
  budgets(@Root() p: Policy, @Ctx() ctx: Context) {
    return policyBudgetsLoader(ctx).load(p.id);
  }
}

// ---------- budgets ----------

@InputType({ description: 'Filter of the policy budget list; all given conditions must hold.' })
export class PolicyBudgetFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only budgets of this policy.' })
  policyId?: string;
  @Field(() => ID, { nullable: true, description: 'Only budgets of counties in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: 'Only budgets of this county.' })
  countyId?: string;
  @Field(() => Int, { nullable: true, description: 'Only budgets of this year.' })
  year?: number;
}

@ArgsType()
class CreatePolicyBudgetArgs {
  @Field(() => ID, { description: 'Policy id.' })
  policyId!: string;
  @Field(() => ID, { description: 'County code (must be a county-level region).' })
  countyId!: string;
  @Field(() => Int, { description: 'Budget year, 2014 to 2100; one budget per policy, county and year.' })
  year!: number;
  @Field(() => Float, { description: 'Budget in yuan, not negative.' })
  budget!: number;
}

@ArgsType()
class UpdatePolicyBudgetArgs {
  @Field(() => ID, { description: 'Budget id.' })
  id!: string;
  @Field(() => Float, { nullable: true, description: 'Budget in yuan; never below what is already approved against it.' })
  budget?: number;
}

function budgetWhere(f?: PolicyBudgetFilter): FilterQuery<PolicyBudget> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.policyId, () => ({ policy: intId(f.policyId!, 'policyId') }));
  setIf(w, f.regionCode, () => ({ county: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.countyId, () => ({ county: f.countyId }));
  setIf(w, f.year, () => ({ year: f.year }));
  return and(w);
}

const budgetCrud = crudResolvers<PolicyBudget, PolicyBudgetFilter>({
  name: 'PolicyBudget',
  type: PolicyBudget,
  entity: PolicyBudget,
  filter: PolicyBudgetFilter,
  where: budgetWhere,
  sortable: { id: 'id', policyId: 'policy', countyId: 'county', year: 'year', budget: 'budget' },
  // Budgets are set by the city: the operators whose approvals they limit only read them.
  access: { write: 'ADMIN' },
  create: {
    args: CreatePolicyBudgetArgs,
    async run(ctx, a: CreatePolicyBudgetArgs) {
      const policy = await ctx.em.findOne(Policy, intId(a.policyId, 'policyId'));
      if (!policy) throw new AppError('INVALID_REFERENCE', 'policyId');
      const county = await mustFindCounty(ctx, a.countyId);
      const year = checkBudgetYear(a.year);
      const budget = checkMoney(a.budget, 'budget', true);
      if (await ctx.em.count(PolicyBudget, { policy: policy.id, county: county.code, year })) throw new AppError('DUPLICATE', 'year');
      const b = ctx.em.create(PolicyBudget, { policy, county, year, budget, setBy: ctx.principal?.userId ?? null } as never);
      await ctx.em.flush();
      return b;
    },
  },
  update: {
    args: UpdatePolicyBudgetArgs,
    async run(ctx, a: UpdatePolicyBudgetArgs) {
      const b = await mustFind(ctx, PolicyBudget, intId(a.id));
      if (given(a.budget)) {
        const budget = checkMoney(a.budget, 'budget', true);
        await assertBudgetCovers(ctx, b, budget);
        b.budget = budget;
      }
      b.setBy = ctx.principal?.userId ?? null;
      await ctx.em.flush();
      return b;
    },
  },
  async remove(ctx, id) {
    const b = await mustFind(ctx, PolicyBudget, id);
    // Approvals stand on their budget: while there are any, the budget stays (lower it to what they use instead).
    await assertBudgetCovers(ctx, b, 0).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'BUDGET_EXCEEDED' ? new AppError('IN_USE', 'id') : e;
    });
    return removeAndReturn(ctx, b);
  },
});

@Resolver(() => PolicyBudget)
export class PolicyBudgetFieldResolver {
  @FieldResolver(() => Policy, { description: 'The policy.' })
  policy(@Root() b: PolicyBudget, @Ctx() ctx: Context) {
    return policyLoader(ctx).load(b.policy.id);
  }

  @FieldResolver(() => Region, { description: 'The county.' })
  county(@Root() b: PolicyBudget, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(b.countyId);
  }

  @FieldResolver(() => Float, { description: 'Yuan approved against this budget (APPROVED and PAID payments of the county for the year).' })
  async approved(@Root() b: PolicyBudget, @Ctx() ctx: Context): Promise<number> {
    return (await budgetUseLoader(ctx).load(b.id)).approved;
  }

  @FieldResolver(() => Float, { description: 'Yuan paid against this budget.' })
  async paid(@Root() b: PolicyBudget, @Ctx() ctx: Context): Promise<number> {
    return (await budgetUseLoader(ctx).load(b.id)).paid;
  }

  @FieldResolver(() => Float, { description: 'Yuan still free to approve: budget less approved.' })
  async remaining(@Root() b: PolicyBudget, @Ctx() ctx: Context): Promise<number> {
    return Math.round((b.budget - (await budgetUseLoader(ctx).load(b.id)).approved) * 100) / 100;
  }
}

// ---------- payments ----------

@InputType({ description: 'Filter of the subsidy payment list; all given conditions must hold.' })
export class SubsidyPaymentFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: "Only payments to laborers whose village is in the subtree of this region code." })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: 'Only payments under this policy.' })
  policyId?: string;
  @Field(() => PaymentStatusEnum, { nullable: true, description: 'Only this status.' })
  status?: PaymentStatus;
  @Field(() => [PaymentStatusEnum], { nullable: true, description: 'Only payments in any of these statuses (APPROVED and PAID: what counts against the budget).' })
  statusIn?: PaymentStatus[];
  @Field(() => ProgramKindEnum, { nullable: true, description: 'Only payments for records of this programme.' })
  programKind?: ProgramKind;
  @Field(() => ID, { nullable: true, description: 'Only payments for this programme record (enrollment, placement, loan, schooling, enterprise or employment id); needs programKind, which says which of them.' })
  recordId?: string;
  @Field(() => ID, { nullable: true, description: 'Only payments to this laborer.' })
  laborerId?: string;
  @Field({ nullable: true, description: "Only this period ('YYYY', 'YYYY-MM' or 'YYYY-T1'/'YYYY-T2')." })
  period?: string;
  @Field(() => Int, { nullable: true, description: "Only periods of this year (the budget year: 'YYYY', 'YYYY-MM' and 'YYYY-Tn' alike), 2014 to 2100." })
  periodYear?: number;
  @Field(() => LocalDate, { nullable: true, description: 'Applied for on or after this day.' })
  appliedOn_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Applied for on or before this day.' })
  appliedOn_lte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Approved on or after this day (payments never approved are left out).' })
  approvedOn_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Approved on or before this day (payments never approved are left out).' })
  approvedOn_lte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Paid on or after this day (unpaid payments are left out).' })
  paidOn_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Paid on or before this day (unpaid payments are left out).' })
  paidOn_lte?: string;
}

@ArgsType()
class CreateSubsidyPaymentArgs implements PaymentInput {
  @Field(() => ID, { description: 'Policy id.' })
  policyId!: string;
  @Field(() => ID, { description: 'Laborer id.' })
  laborerId!: string;
  @Field(() => ID, { description: "Id of the laborer's record of the policy's programme: enrollment, placement, loan, schooling, enterprise or employment." })
  recordId!: string;
  @Field({ description: "Period: 'YYYY-MM' for PER_MONTH, 'YYYY-T1' (January to June) or 'YYYY-T2' (July to December) for PER_TERM, else 'YYYY'; the period must overlap the policy's validity. Its year is the budget year." })
  period!: string;
  @Field(() => Float, { description: "Amount in yuan; at most the policy's amount, or for INTEREST_SHARE that share of the loan's interest subsidy over its term." })
  amount!: number;
  @Field(() => LocalDate, { nullable: true, description: 'Day of application; today when omitted.' })
  appliedOn?: string | null;
}

function paymentWhere(f?: SubsidyPaymentFilter): FilterQuery<SubsidyPayment> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.policyId, () => ({ policy: intId(f.policyId!, 'policyId') }));
  setIf(w, f.status, () => ({ status: f.status }));
  setIf(w, f.statusIn, () => ({ status: { $in: f.statusIn } }));
  setIf(w, f.programKind, () => ({ programKind: f.programKind }));
  setIf(w, f.recordId, () => recordWhere(f.programKind, f.recordId!));
  setIf(w, f.laborerId, () => ({ laborer: intId(f.laborerId!, 'laborerId') }));
  setIf(w, f.period, () => ({ period: f.period!.trim() }));
  setIf(w, f.periodYear, () => ({ period: { $like: `${periodYear(f.periodYear!)}%` } }));
  setIf(w, f.appliedOn_gte, () => ({ appliedOn: { $gte: f.appliedOn_gte } }));
  setIf(w, f.appliedOn_lte, () => ({ appliedOn: { $lte: f.appliedOn_lte } }));
  setIf(w, f.approvedOn_gte, () => ({ approvedOn: { $gte: f.approvedOn_gte } }));
  setIf(w, f.approvedOn_lte, () => ({ approvedOn: { $lte: f.approvedOn_lte } }));
  setIf(w, f.paidOn_gte, () => ({ paidOn: { $gte: f.paidOn_gte } }));
  setIf(w, f.paidOn_lte, () => ({ paidOn: { $lte: f.paidOn_lte } }));
  return and(w);
}

/** Four digits, so the prefix match cannot hit another year ('201' would match 2010 to 2019). */
function periodYear(year: number): number {
  if (!Number.isInteger(year) || year < 2014 || year > 2100) throw new AppError('VALIDATION_FAILED', 'periodYear', { detail: 'BUDGET_YEAR' });
  return year;
}

/** A record id means nothing without its programme: enrollment 5 and loan 5 are different records. */
function recordWhere(kind: ProgramKind | undefined, recordId: string): Record<string, unknown> {
  if (!kind) throw new AppError('VALIDATION_FAILED', 'recordId', { detail: 'RECORD_NEEDS_PROGRAM' });
  const id = intId(recordId, 'recordId');
  // Job fairs have no personal records: nothing is paid for one.
  if (kind === 'JOB_FAIR') return { id: { $in: [] } };
  return { [RECORDS[kind].property]: id };
}

const paymentCrud = crudResolvers<SubsidyPayment, SubsidyPaymentFilter>({
  name: 'SubsidyPayment',
  type: SubsidyPayment,
  entity: SubsidyPayment,
  filter: SubsidyPaymentFilter,
  where: paymentWhere,
  sortable: {
    id: 'id',
    policyId: 'policy',
    laborerId: 'laborer',
    villageId: 'village',
    programKind: 'programKind',
    period: 'period',
    amount: 'amount',
    status: 'status',
    appliedOn: 'appliedOn',
    approvedOn: 'approvedOn',
    paidOn: 'paidOn',
  },
  defaultSort: 'id',
  // Created through the rules of createSubsidyPayment; the status moves only through the three decisions below.
  create: { args: CreateSubsidyPaymentArgs, run: (ctx, a: CreateSubsidyPaymentArgs) => createPayment(ctx, a) },
});

@Resolver(() => SubsidyPayment)
export class SubsidyPaymentResolver {
  @Mutation(() => SubsidyPayment, { description: "Approves an APPLIED payment; refused when it would take the laborer's county past the policy's budget for the period's year." })
  approveSubsidyPayment(
    @Arg('id', () => ID, { description: 'Payment id.' }) id: string,
    @Arg('on', () => LocalDate, { nullable: true, description: 'Day of approval (today when omitted), not before the application.' }) on: string | null,
    @Ctx() ctx: Context,
  ): Promise<SubsidyPayment> {
    return inTransaction(ctx, (tx) => approvePayment(tx, id, on));
  }

  @Mutation(() => SubsidyPayment, { description: 'Marks an APPROVED payment as paid.' })
  paySubsidyPayment(
    @Arg('id', () => ID, { description: 'Payment id.' }) id: string,
    @Arg('on', () => LocalDate, { nullable: true, description: 'Day of payment (today when omitted), not before the approval.' }) on: string | null,
    @Ctx() ctx: Context,
  ): Promise<SubsidyPayment> {
    return inTransaction(ctx, (tx) => payPayment(tx, id, on));
  }

  @Mutation(() => SubsidyPayment, { description: 'Rejects an APPLIED or APPROVED payment with a reason (frees its share of the budget).' })
  rejectSubsidyPayment(
    @Arg('id', () => ID, { description: 'Payment id.' }) id: string,
    @Arg('reason', { description: 'Why, at most 200 characters.' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<SubsidyPayment> {
    return inTransaction(ctx, (tx) => rejectPayment(tx, id, reason));
  }

  // The getters of LaborerRecord are not inherited by type-graphql (the base class is no GraphQL type).
  @FieldResolver(() => ID, { description: 'Id of the laborer.' })
  laborerId(@Root() p: SubsidyPayment): number {
    return p.laborerId;
  }

  @FieldResolver(() => ID, { description: "Code of the laborer's village (the county's budget pays)." })
  villageId(@Root() p: SubsidyPayment): string {
    return p.villageId;
  }

  @FieldResolver(() => Policy, { description: 'The policy.' })
  policy(@Root() p: SubsidyPayment, @Ctx() ctx: Context) {
    return policyLoader(ctx).load(p.policy.id);
  }

  @FieldResolver(() => Laborer, { description: 'The laborer paid.' })
  laborer(@Root() p: SubsidyPayment, @Ctx() ctx: Context) {
    return laborerLoader(ctx).load(p.laborer.id);
  }

  @FieldResolver(() => Region, { description: "The laborer's village." })
  village(@Root() p: SubsidyPayment, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(p.villageId);
  }

  @FieldResolver(() => Region, { description: "The laborer's county, whose budget the payment counts against." })
  county(@Root() p: SubsidyPayment, @Ctx() ctx: Context) {
    return new RegionService(ctx.em, ctx.loaders).byCode(`${p.villageId.slice(0, 6)}000000`);
  }
}

export const subsidyResolvers = [
  ...policyCrud,
  PolicyFieldResolver,
  ...budgetCrud,
  PolicyBudgetFieldResolver,
  ...paymentCrud,
  SubsidyPaymentResolver,
];
