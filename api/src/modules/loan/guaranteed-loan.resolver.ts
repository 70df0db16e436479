import type { LoanStatus, Sector } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, ArgsType, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, inTransaction, mustFind, removeAndReturn } from '../../common/crud';
import { LoanStatusEnum, SectorEnum } from '../../common/enums';
import { AppError } from '../../common/errors';
import { and, BaseFilter, intId, setIf } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { Enterprise } from '../enterprise/enterprise.entity';
import { withinRegion } from '../region/region.service';
import { Laborer } from '../registry/laborer.entity';
import { checkName, laborerLoader } from '../registry/registry.service';
import { DreamSchooling } from '../schooling/dream-schooling.entity';
import { dreamSchoolingLoader } from '../schooling/dream-schooling.service';
import { GuaranteedLoan } from './guaranteed-loan.entity';
import {
  changeLoanStatus,
  checkAmount,
  checkRate,
  checkSubsidyRate,
  checkTerm,
  enterpriseLoader,
  laborerLoansLoader,
  laborersEnterprise,
  laborersSchooling,
} from './guaranteed-loan.service';

@InputType({ description: 'Filter of the guaranteed loan list; all given conditions must hold.' })
export class GuaranteedLoanFilter extends BaseFilter {
  @Field(() => ID, { nullable: true, description: "Only borrowers whose village is in the subtree of this region code." })
  regionCode?: string;
  @Field(() => LoanStatusEnum, { nullable: true, description: 'Only this status.' })
  status?: LoanStatus;
  @Field(() => SectorEnum, { nullable: true, description: 'Only this purpose.' })
  purpose?: Sector;
  @Field(() => ID, { nullable: true, description: 'Only loans of this laborer.' })
  laborerId?: string;
  @Field(() => ID, { nullable: true, description: 'Only loans financing this enterprise.' })
  enterpriseId?: string;
  @Field(() => ID, { nullable: true, description: 'Only loans tied to this 圆梦 schooling record.' })
  dreamSchoolingId?: string;
  @Field(() => Float, { nullable: true, description: 'Amount at least this many yuan.' })
  amount_gte?: number;
  @Field(() => Float, { nullable: true, description: 'Amount at most this many yuan.' })
  amount_lte?: number;
  @Field(() => LocalDate, { nullable: true, description: 'Applied on or after this day.' })
  appliedOn_gte?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Applied on or before this day.' })
  appliedOn_lte?: string;
  @Field({ nullable: true, description: 'Only loans financing an enterprise (true) or none (false).' })
  hasEnterprise?: boolean;
  @Field({ nullable: true, description: 'Only loans tied to a 圆梦 schooling record (true) or none (false).' })
  hasDreamSchooling?: boolean;
}

@ArgsType()
class LoanLinks {
  @Field(() => Float, { nullable: true, description: 'Share of the interest the government pays, 0 to 1 (1 by default).' })
  interestSubsidyRate?: number;
  @Field(() => ID, { nullable: true, description: 'Enterprise the loan finances; must be the borrower’s own. Null removes the link.' })
  enterpriseId?: string | null;
  @Field(() => ID, { nullable: true, description: '圆梦 schooling record the loan is tied to; must be the borrower’s own. Null removes the link.' })
  dreamSchoolingId?: string | null;
}

@ArgsType()
class CreateGuaranteedLoanArgs extends LoanLinks {
  @Field(() => ID, { description: 'Borrower (laborer id).' })
  laborerId!: string;
  @Field(() => SectorEnum, { description: 'Purpose: sector from the project library.' })
  purpose!: Sector;
  @Field({ description: 'Lending bank.' })
  bank!: string;
  @Field(() => Float, { description: 'Principal in yuan, more than 0 and at most 1,000,000.' })
  amount!: number;
  @Field(() => Int, { description: 'Term in months, 1 to 120.' })
  termMonths!: number;
  @Field(() => Float, { description: 'Annual interest rate as a fraction (0.0435 = 4.35%), below 0.5.' })
  annualRate!: number;
  @Field(() => LocalDate, { description: 'Day of application.' })
  appliedOn!: string;
}

/** No status here: it moves only through `changeLoanStatus`. */
@ArgsType()
class UpdateGuaranteedLoanArgs extends LoanLinks {
  @Field(() => ID, { description: 'Loan id.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'Borrower (laborer id); links to an enterprise or schooling record must then be the new borrower’s.' })
  laborerId?: string;
  @Field(() => SectorEnum, { nullable: true, description: 'Purpose: sector from the project library.' })
  purpose?: Sector;
  @Field({ nullable: true, description: 'Lending bank.' })
  bank?: string;
  @Field(() => Float, { nullable: true, description: 'Principal in yuan, more than 0 and at most 1,000,000.' })
  amount?: number;
  @Field(() => Int, { nullable: true, description: 'Term in months, 1 to 120.' })
  termMonths?: number;
  @Field(() => Float, { nullable: true, description: 'Annual interest rate as a fraction (0.0435 = 4.35%), below 0.5.' })
  annualRate?: number;
  @Field(() => LocalDate, { nullable: true, description: 'Day of application; not after the approval.' })
  appliedOn?: string;
}

function loanWhere(f?: GuaranteedLoanFilter): FilterQuery<GuaranteedLoan> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  setIf(w, f.ids, () => ({ id: { $in: f.ids!.map((i) => intId(i, 'ids')) } }));
  setIf(w, f.regionCode, () => ({ village: withinRegion(f.regionCode!, 'regionCode') }));
  setIf(w, f.status, () => ({ status: f.status }));
  setIf(w, f.purpose, () => ({ purpose: f.purpose }));
  setIf(w, f.laborerId, () => ({ laborer: intId(f.laborerId!, 'laborerId') }));
  setIf(w, f.enterpriseId, () => ({ enterprise: intId(f.enterpriseId!, 'enterpriseId') }));
  setIf(w, f.dreamSchoolingId, () => ({ dreamSchooling: intId(f.dreamSchoolingId!, 'dreamSchoolingId') }));
  setIf(w, f.amount_gte, () => ({ amount: { $gte: f.amount_gte } }));
  setIf(w, f.amount_lte, () => ({ amount: { $lte: f.amount_lte } }));
  setIf(w, f.appliedOn_gte, () => ({ appliedOn: { $gte: f.appliedOn_gte } }));
  setIf(w, f.appliedOn_lte, () => ({ appliedOn: { $lte: f.appliedOn_lte } }));
  setIf(w, f.hasEnterprise, () => ({ enterprise: f.hasEnterprise ? { $ne: null } : null }));
  setIf(w, f.hasDreamSchooling, () => ({ dreamSchooling: f.hasDreamSchooling ? { $ne: null } : null }));
  return and<GuaranteedLoan>(w);
}

/** Sets the optional links; each is checked against the loan's (possibly new) borrower. */
async function applyLinks(ctx: Context, loan: GuaranteedLoan, laborer: Laborer, a: LoanLinks, laborerChanged: boolean): Promise<void> {
  if (a.interestSubsidyRate !== undefined && a.interestSubsidyRate !== null) loan.interestSubsidyRate = checkSubsidyRate(a.interestSubsidyRate);
  // A new borrower must also own the links the loan keeps.
  const enterpriseId = a.enterpriseId !== undefined ? a.enterpriseId : laborerChanged ? (loan.enterprise?.id ?? null) : undefined;
  if (enterpriseId !== undefined) {
    loan.enterprise = enterpriseId === null ? null : ctx.em.getReference(Enterprise, (await laborersEnterprise(ctx, intId(enterpriseId, 'enterpriseId'), laborer)).id, { wrapped: true });
  }
  const schoolingId = a.dreamSchoolingId !== undefined ? a.dreamSchoolingId : laborerChanged ? (loan.dreamSchooling?.id ?? null) : undefined;
  if (schoolingId !== undefined) {
    loan.dreamSchooling = schoolingId === null ? null : ctx.em.getReference(DreamSchooling, (await laborersSchooling(ctx, intId(schoolingId, 'dreamSchoolingId'), laborer)).id, { wrapped: true });
  }
}

const loanCrud = crudResolvers<GuaranteedLoan, GuaranteedLoanFilter>({
  name: 'GuaranteedLoan',
  type: GuaranteedLoan,
  entity: GuaranteedLoan,
  filter: GuaranteedLoanFilter,
  where: loanWhere,
  sortable: {
    id: 'id',
    amount: 'amount',
    termMonths: 'termMonths',
    appliedOn: 'appliedOn',
    approvedOn: 'approvedOn',
    disbursedOn: 'disbursedOn',
    status: 'status',
    purpose: 'purpose',
    bank: 'bank',
    laborerId: 'laborer',
    villageId: 'village',
    createdAt: 'createdAt',
    updatedAt: 'updatedAt',
  },
  create: {
    args: CreateGuaranteedLoanArgs,
    async run(ctx, a: CreateGuaranteedLoanArgs) {
      const laborer = await mustFind(ctx, Laborer, intId(a.laborerId, 'laborerId'), 'laborerId');
      const loan = ctx.em.create(GuaranteedLoan, {
        laborer,
        village: laborer.village,
        purpose: a.purpose,
        bank: checkName(a.bank, 'bank', 100),
        amount: checkAmount(a.amount),
        termMonths: checkTerm(a.termMonths),
        annualRate: checkRate(a.annualRate),
        appliedOn: a.appliedOn,
      } as never);
      await applyLinks(ctx, loan, laborer, a, false);
      await ctx.em.flush();
      return loan;
    },
  },
  update: {
    args: UpdateGuaranteedLoanArgs,
    async run(ctx, a: UpdateGuaranteedLoanArgs) {
      const loan = await mustFind(ctx, GuaranteedLoan, intId(a.id));
      let laborer = await mustFind(ctx, Laborer, loan.laborer.id, 'laborerId');
      const changed = a.laborerId !== undefined && a.laborerId !== null && intId(a.laborerId, 'laborerId') !== laborer.id;
      if (changed) {
        laborer = await mustFind(ctx, Laborer, intId(a.laborerId!, 'laborerId'), 'laborerId');
        loan.laborer = ctx.em.getReference(Laborer, laborer.id, { wrapped: true });
        loan.village = laborer.village;
      }
      if (a.purpose !== undefined && a.purpose !== null) loan.purpose = a.purpose;
      if (a.bank !== undefined && a.bank !== null) loan.bank = checkName(a.bank, 'bank', 100);
      if (a.amount !== undefined && a.amount !== null) loan.amount = checkAmount(a.amount);
      if (a.termMonths !== undefined && a.termMonths !== null) loan.termMonths = checkTerm(a.termMonths);
      if (a.annualRate !== undefined && a.annualRate !== null) loan.annualRate = checkRate(a.annualRate);
      if (a.appliedOn !== undefined && a.appliedOn !== null) {
        if (loan.approvedOn && a.appliedOn > loan.approvedOn) throw new AppError('VALIDATION_FAILED', 'appliedOn', { detail: 'LOAN_APPLIED_AFTER_APPROVAL' });
        loan.appliedOn = a.appliedOn;
      }
      await applyLinks(ctx, loan, laborer, a, changed);
      await ctx.em.flush();
      return loan;
    },
  },
  async remove(ctx, id) {
    const loan = await mustFind(ctx, GuaranteedLoan, id);
    return removeAndReturn(ctx, loan);
  },
});

@Resolver(() => GuaranteedLoan)
export class GuaranteedLoanStatusResolver {
  @Mutation(() => GuaranteedLoan, {
    description: 'Moves a loan to its next status (APPLIED -> APPROVED -> DISBURSED -> REPAID or DEFAULTED, DEFAULTED -> REPAID) and records the day: approvedOn, disbursedOn or closedOn (repaid). Any other step is refused with ILLEGAL_TRANSITION; one transaction.',
  })
  changeLoanStatus(
    @Arg('id', () => ID, { description: 'Loan id.' }) id: string,
    @Arg('status', () => LoanStatusEnum, { description: 'The new status.' }) status: LoanStatus,
    @Arg('on', () => LocalDate, { description: 'Day of the step; not before the previous step.' }) on: string,
    @Ctx() ctx: Context,
  ): Promise<GuaranteedLoan> {
    return inTransaction(ctx, (tx) => changeLoanStatus(tx, intId(id), status, on));
  }
}

@Resolver(() => GuaranteedLoan)
export class GuaranteedLoanFieldResolver {
  // LaborerRecord is no GraphQL type, so its getters reach the schema only through these resolvers.
  @FieldResolver(() => ID, { description: 'Id of the laborer.' })
  laborerId(@Root() r: GuaranteedLoan): number {
    return r.laborer.id;
  }

  @FieldResolver(() => ID, { description: "Code of the laborer's village." })
  villageId(@Root() r: GuaranteedLoan): string {
    return r.village.unwrap().code;
  }

  @FieldResolver(() => Laborer, { description: 'The borrower.' })
  laborer(@Root() loan: GuaranteedLoan, @Ctx() ctx: Context) {
    return laborerLoader(ctx).load(loan.laborer.id);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The enterprise the loan finances.' })
  enterprise(@Root() loan: GuaranteedLoan, @Ctx() ctx: Context) {
    return loan.enterprise ? enterpriseLoader(ctx).load(loan.enterprise.id) : null;
  }

  @FieldResolver(() => DreamSchooling, { nullable: true, description: 'The 圆梦 schooling record the loan is tied to.' })
  dreamSchooling(@Root() loan: GuaranteedLoan, @Ctx() ctx: Context) {
    return loan.dreamSchooling ? dreamSchoolingLoader(ctx).load(loan.dreamSchooling.id) : null;
  }
}

@Resolver(() => Laborer)
export class LaborerLoansResolver {
  @FieldResolver(() => [GuaranteedLoan], { description: 'Guaranteed loans of the laborer, latest application first.' })
  loans(@Root() l: Laborer, @Ctx() ctx: Context) {
    return laborerLoansLoader(ctx).load(l.id);
  }
}

export const guaranteedLoanResolvers = [...loanCrud, GuaranteedLoanStatusResolver, GuaranteedLoanFieldResolver, LaborerLoansResolver];
