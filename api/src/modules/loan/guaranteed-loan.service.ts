import { LOAN_TRANSITIONS, LoanStatus } from '@fupin/schema';
import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { laborerRecordList, laborerRecords } from '../../common/laborer-record';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { byKeys } from '../../common/loaders';
import { Enterprise } from '../enterprise/enterprise.entity';
import type { Laborer } from '../registry/laborer.entity';
import { DreamSchooling } from '../schooling/dream-schooling.entity';
import { GuaranteedLoan } from './guaranteed-loan.entity';

export const MAX_LOAN_AMOUNT = 1_000_000;

registerFieldLabels({
  laborerId: { zh: '贫困劳动力', en: 'Laborer' },
  purpose: { zh: '贷款用途', en: 'Purpose' },
  bank: { zh: '贷款银行', en: 'Bank' },
  amount: { zh: '金额', en: 'Amount' },
  termMonths: { zh: '贷款期限', en: 'Term' },
  annualRate: { zh: '年利率', en: 'Annual rate' },
  interestSubsidyRate: { zh: '贴息比例', en: 'Interest subsidy rate' },
  appliedOn: { zh: '申请日期', en: 'Application date' },
  on: { zh: '日期', en: 'Date' },
  enterpriseId: { zh: '创业项目', en: 'Enterprise' },
  dreamSchoolingId: { zh: '圆梦计划记录', en: 'Dream schooling record' },
  status: { zh: '状态', en: 'Status' },
});
registerDetails({
  // Status names in messages ("状态不能从已申请变为已还清").
  ...LoanStatus.labels,
  LOAN_AMOUNT: { zh: `应大于0且不超过${MAX_LOAN_AMOUNT}元`, en: `must be more than 0 and at most ${MAX_LOAN_AMOUNT} yuan` },
  LOAN_TERM: { zh: '应为1到120个月的整数', en: 'must be a whole number of months from 1 to 120' },
  LOAN_RATE: { zh: '应不小于0且小于0.5', en: 'must be at least 0 and below 0.5' },
  LOAN_SUBSIDY_RATE: { zh: '应在0到1之间', en: 'must be from 0 to 1' },
  LOAN_DATE_ORDER: { zh: '不能早于上一步的日期', en: 'cannot be before the date of the previous step' },
  LOAN_APPLIED_AFTER_APPROVAL: { zh: '不能晚于审批日期', en: 'cannot be after the approval date' },
  // The trigger does not say which statuses it saw; the service check (which runs first) does.
  CURRENT_STATUS: { zh: '当前状态', en: 'the current status' },
  REQUESTED_STATUS: { zh: '所请求的状态', en: 'the requested one' },
});
registerConstraintFields({
  guaranteed_loan_transition: { code: 'ILLEGAL_TRANSITION', field: 'status', params: { from: 'CURRENT_STATUS', to: 'REQUESTED_STATUS' } },
  guaranteed_loan_laborer_fk: 'laborerId',
  guaranteed_loan_enterprise_fk: 'enterpriseId',
  guaranteed_loan_dream_fk: 'dreamSchoolingId',
  guaranteed_loan_dates_check: 'status',
  guaranteed_loan_amount_check: { code: 'VALIDATION_FAILED', field: 'amount', params: { detail: 'LOAN_AMOUNT' } },
  guaranteed_loan_term_months_check: { code: 'VALIDATION_FAILED', field: 'termMonths', params: { detail: 'LOAN_TERM' } },
  guaranteed_loan_annual_rate_check: { code: 'VALIDATION_FAILED', field: 'annualRate', params: { detail: 'LOAN_RATE' } },
  guaranteed_loan_interest_subsidy_rate_check: { code: 'VALIDATION_FAILED', field: 'interestSubsidyRate', params: { detail: 'LOAN_SUBSIDY_RATE' } },
});

export function checkAmount(v: number): number {
  if (!Number.isFinite(v) || v <= 0 || v > MAX_LOAN_AMOUNT) throw new AppError('VALIDATION_FAILED', 'amount', { detail: 'LOAN_AMOUNT' });
  return Math.round(v * 100) / 100;
}

export function checkTerm(v: number): number {
  if (!Number.isInteger(v) || v < 1 || v > 120) throw new AppError('VALIDATION_FAILED', 'termMonths', { detail: 'LOAN_TERM' });
  return v;
}

export function checkRate(v: number): number {
  if (!Number.isFinite(v) || v < 0 || v >= 0.5) throw new AppError('VALIDATION_FAILED', 'annualRate', { detail: 'LOAN_RATE' });
  return Math.round(v * 10000) / 10000;
}

export function checkSubsidyRate(v: number): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new AppError('VALIDATION_FAILED', 'interestSubsidyRate', { detail: 'LOAN_SUBSIDY_RATE' });
  return Math.round(v * 10000) / 10000;
}

/** The enterprise a loan finances must be the borrower's own (the composite foreign key holds the same). */
export async function laborersEnterprise(ctx: Context, id: number, laborer: Laborer): Promise<Enterprise> {
  const e = await ctx.em.findOne(Enterprise, id);
  if (!e || e.laborer.id !== laborer.id) throw new AppError('INVALID_REFERENCE', 'enterpriseId');
  return e;
}

/** Likewise the 圆梦 record a loan is tied to. */
export async function laborersSchooling(ctx: Context, id: number, laborer: Laborer): Promise<DreamSchooling> {
  const s = await ctx.em.findOne(DreamSchooling, id);
  if (!s || s.laborer.id !== laborer.id) throw new AppError('INVALID_REFERENCE', 'dreamSchoolingId');
  return s;
}

/**
 * Moves a loan along LOAN_TRANSITIONS and records the day of the step. The row is locked first, so two
 * clerks acting at once are judged one after the other on the status the first one left.
 */
export async function changeLoanStatus(ctx: Context, id: number, to: LoanStatus, on: string): Promise<GuaranteedLoan> {
  const loan = await ctx.em.findOne(GuaranteedLoan, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!loan) throw new AppError('NOT_FOUND', 'id');
  const from = loan.status;
  if (!LOAN_TRANSITIONS[from].includes(to)) throw new AppError('ILLEGAL_TRANSITION', 'status', { from, to });
  const previous = loan.disbursedOn ?? loan.approvedOn ?? loan.appliedOn;
  if (on < previous) throw new AppError('VALIDATION_FAILED', 'on', { detail: 'LOAN_DATE_ORDER' });
  if (to === 'APPROVED') loan.approvedOn = on;
  if (to === 'DISBURSED') loan.disbursedOn = on;
  if (to === 'REPAID') loan.closedOn = on;
  loan.status = to;
  await ctx.em.flush();
  return loan;
}

const loansList = laborerRecordList('loans', GuaranteedLoan, 't.applied_on desc, t.id desc');

/** The laborer's loans (read together with their other record lists: `laborerRecords`). */
export function laborerLoansLoader(ctx: Context) {
  return { load: (laborerId: number) => laborerRecords(ctx, loansList, laborerId) };
}

export function enterpriseLoader(ctx: Context) {
  return ctx.loaders.get<number, Enterprise | null>('loan.enterpriseById', async (ids) => byKeys(ids, await ctx.em.find(Enterprise, { id: { $in: [...ids] } }), (e) => e.id));
}
