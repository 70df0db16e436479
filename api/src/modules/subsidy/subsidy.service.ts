import { PAYMENT_TRANSITIONS, type AmountRule, type PaymentStatus, type ProgramKind, startsLikeFormula } from '@fupin/schema';
import { LockMode } from '@mikro-orm/core';
import type { EntityName } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { mustFind } from '../../common/crud';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { byKeys, groupByKeys } from '../../common/loaders';
import { intId } from '../../common/list';
import { Employment } from '../employment/employment.entity';
import { Enterprise } from '../enterprise/enterprise.entity';
import { GuaranteedLoan } from '../loan/guaranteed-loan.entity';
import { intArray } from '../program/program.service';
import { Laborer } from '../registry/laborer.entity';
import { DreamSchooling } from '../schooling/dream-schooling.entity';
import { Enrollment } from '../training/training.entity';
import { WelfarePlacement } from '../welfare/welfare.entity';
import { assertDuty } from './payment-duties';
import { Policy, PolicyBudget, SubsidyPayment } from './subsidy.entity';

// amount, countyId, laborerId, status, on and appliedOn are labelled by the programme modules already.
registerFieldLabels({
  subsidyKind: { zh: '补贴类型', en: 'Subsidy kind' },
  programKind: { zh: '项目类型', en: 'Programme kind' },
  amountRule: { zh: '补贴标准', en: 'Amount rule' },
  validFrom: { zh: '生效日期', en: 'Valid from' },
  validTo: { zh: '失效日期', en: 'Valid to' },
  description: { zh: '说明', en: 'Description' },
  policyId: { zh: '政策', en: 'Policy' },
  year: { zh: '预算年度', en: 'Budget year' },
  budget: { zh: '预算金额', en: 'Budget' },
  recordId: { zh: '项目记录', en: 'Programme record' },
  periodYear: { zh: '补贴年度', en: 'Period year' },
  period: { zh: '补贴期间', en: 'Period' },
  reason: { zh: '驳回理由', en: 'Reason' },
  to: { zh: '截止日期', en: 'End date' },
});

registerDetails({
  NO_JOB_FAIR_SUBSIDY: { zh: '招聘会没有个人记录，不能作为补贴对象', en: 'job fairs have no personal records to pay for' },
  INTEREST_SHARE_RANGE: { zh: '贴息比例应在0到1之间', en: 'an interest share must be between 0 and 1' },
  MONEY_POSITIVE: { zh: '应大于0', en: 'must be greater than 0' },
  MONEY_NOT_NEGATIVE: { zh: '不能为负数', en: 'must not be negative' },
  MONEY_CENTS: { zh: '最多两位小数', en: 'at most two decimals' },
  INTEREST_NEEDS_LOAN: { zh: '贴息比例只适用于创业担保贷款', en: 'an interest share applies to guaranteed loans only' },
  END_BEFORE_START: { zh: '不能早于开始日期', en: 'must not be before the start' },
  BUDGET_YEAR: { zh: '应在2014到2100之间', en: 'must be from 2014 to 2100' },
  PERIOD_PER_MONTH: { zh: '按月补贴应为YYYY-MM', en: "must be 'YYYY-MM' for a monthly rule" },
  PERIOD_PER_TERM: { zh: '按学期补贴应为YYYY-T1或YYYY-T2', en: "must be 'YYYY-T1' or 'YYYY-T2' for a per-term rule" },
  PERIOD_PER_YEAR: { zh: '应为年份YYYY', en: "must be a year 'YYYY'" },
  PERIOD_RULE: { zh: '与政策的补贴标准不符', en: "does not fit the policy's amount rule" },
  OUTSIDE_VALIDITY: { zh: '不在政策有效期内', en: "is outside the policy's validity" },
  BEFORE_PREVIOUS_STEP: { zh: '不能早于上一步的日期', en: 'must not be before the previous step' },
  POLICY_HAS_PAYMENTS: { zh: '政策已有补贴记录，不能更改', en: 'the policy already has payments' },
  PAYMENT_FROZEN: { zh: '已审批的补贴不能修改', en: 'an approved payment cannot change' },
  RECORD_NEEDS_PROGRAM: { zh: '按项目记录筛选时须同时指定项目类型', en: 'filtering by record needs the programme kind too' },
  NO_BUDGET: { zh: '{county}{year}年度未下达本政策预算，请联系市级管理员', en: '{county} has no {year} budget under this policy: ask the city administrator' },
  BUDGET_USED_UP: {
    zh: '{county}{year}年度本政策预算{budget}元已全部审批，本笔{amount}元无法审批，请联系市级管理员追加预算',
    en: "{county}'s {year} budget of {budget} yuan under this policy is used up: {amount} yuan cannot be approved; ask the city administrator for more",
  },
  BUDGET_SHORT: {
    zh: '{county}{year}年度本政策预算剩余{remaining}元，不足本笔{amount}元（预算{budget}元，已审批{approved}元）',
    en: "{county}'s {year} budget under this policy has {remaining} yuan left, less than this {amount} yuan (budget {budget}, approved {approved})",
  },
  BELOW_APPROVED: {
    zh: '{county}{year}年度本政策已审批{approved}元，预算不能调低到{budget}元',
    en: '{county} has {approved} yuan approved under this policy for {year}: the budget cannot go down to {budget}',
  },
  BEFORE_RECORD_START: { zh: '补贴期间早于所补贴项目记录的开始日期', en: 'the period ends before the programme record starts' },
  AFTER_RECORD_END: { zh: '补贴期间晚于所补贴项目记录的结束日期', en: 'the period begins after the programme record ended' },
  AFTER_PAID_PERIOD: { zh: '不能晚于已申请补贴的期间{period}，请先驳回或调整该笔补贴', en: 'must not be after the period {period} of a subsidy applied for: reject or change that payment first' },
  BEFORE_PAID_PERIOD: { zh: '不能早于已申请补贴的期间{period}，请先驳回或调整该笔补贴', en: 'must not be before the period {period} of a subsidy applied for: reject or change that payment first' },
});

// A record's dates edited after a payment was made for it (Migration20261207090000): the trigger names the
// record's own date field.
registerConstraintFields({
  enrollment_start_after_payment: { code: 'VALIDATION_FAILED', field: 'enrolledOn', params: { detail: 'AFTER_PAID_PERIOD', period: '' } },
  welfare_placement_start_after_payment: { code: 'VALIDATION_FAILED', field: 'startDate', params: { detail: 'AFTER_PAID_PERIOD', period: '' } },
  welfare_placement_end_before_payment: { code: 'VALIDATION_FAILED', field: 'endDate', params: { detail: 'BEFORE_PAID_PERIOD', period: '' } },
  guaranteed_loan_start_after_payment: { code: 'VALIDATION_FAILED', field: 'disbursedOn', params: { detail: 'AFTER_PAID_PERIOD', period: '' } },
  guaranteed_loan_end_before_payment: { code: 'VALIDATION_FAILED', field: 'closedOn', params: { detail: 'BEFORE_PAID_PERIOD', period: '' } },
  dream_schooling_start_after_payment: { code: 'VALIDATION_FAILED', field: 'intakeYear', params: { detail: 'AFTER_PAID_PERIOD', period: '' } },
  enterprise_start_after_payment: { code: 'VALIDATION_FAILED', field: 'startedOn', params: { detail: 'AFTER_PAID_PERIOD', period: '' } },
  employment_start_after_payment: { code: 'VALIDATION_FAILED', field: 'startDate', params: { detail: 'AFTER_PAID_PERIOD', period: '' } },
  employment_end_before_payment: { code: 'VALIDATION_FAILED', field: 'endDate', params: { detail: 'BEFORE_PAID_PERIOD', period: '' } },
});

const PAYMENT_FK: Record<Exclude<ProgramKind, 'JOB_FAIR'>, string> = {
  TRAINING: 'enrollment_id', WELFARE_POST: 'placement_id', LOAN: 'loan_id', DREAM_SCHOOLING: 'schooling_id', ENTERPRISE: 'enterprise_id', EMPLOYMENT: 'employment_id',
};

/** First and last day of a period as written (YYYY, YYYY-MM, YYYY-T1/T2), as subsidy_period_span() reads it. */
function spanOfPeriod(p: string): { from: string; to: string } | null {
  let m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) {
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return { from: `${p}-01`, to: `${p}-${String(last).padStart(2, '0')}` };
  }
  m = /^(\d{4})-T([12])$/.exec(p);
  if (m) return m[2] === '1' ? { from: `${m[1]}-01-01`, to: `${m[1]}-06-30` } : { from: `${m[1]}-07-01`, to: `${m[1]}-12-31` };
  return /^\d{4}$/.test(p) ? { from: `${p}-01-01`, to: `${p}-12-31` } : null;
}

/**
 * A record's new dates against the periods of the payments already made for it (not rejected ones): the
 * record may not start after a period ends, nor end before one begins. `fields` names the record's start
 * and end inputs for the answer (employment: startDate / endDate).
 */
export async function checkRecordDatesAgainstPayments(ctx: Context, kind: Exclude<ProgramKind, 'JOB_FAIR'>, record: object & { id: number }, fields: { start: string; end?: string }): Promise<void> {
  const rows = (await ctx.em.getConnection().execute(`select period from subsidy_payment where ${PAYMENT_FK[kind]} = ? and status <> 'REJECTED' order by period`, [record.id])) as { period: string }[];
  const r = recordSpan(kind, record);
  for (const { period } of rows) {
    const span = spanOfPeriod(period);
    if (!span) continue;
    if (span.to < r.start) throw new AppError('VALIDATION_FAILED', fields.start, { detail: 'AFTER_PAID_PERIOD', period });
    if (r.end && (span.from > r.end || (r.endExclusive && span.from >= r.end))) throw new AppError('VALIDATION_FAILED', fields.end ?? fields.start, { detail: 'BEFORE_PAID_PERIOD', period });
  }
}

// The rules the database enforces as well (constraints and the check_subsidy_payment trigger): a violation
// it catches answers with the same code and field as the service check would.
registerConstraintFields({
  policy_name_unique: 'name',
  policy_amount_check: { code: 'VALIDATION_FAILED', field: 'amount', params: { detail: 'MONEY_POSITIVE' } },
  policy_share_check: { code: 'VALIDATION_FAILED', field: 'amount', params: { detail: 'INTEREST_SHARE_RANGE' } },
  policy_dates_check: { code: 'VALIDATION_FAILED', field: 'validTo', params: { detail: 'END_BEFORE_START' } },
  policy_program_check: { code: 'VALIDATION_FAILED', field: 'programKind', params: { detail: 'NO_JOB_FAIR_SUBSIDY' } },
  policy_budget_unique: 'year',
  policy_budget_policy_id_fkey: 'policyId',
  policy_budget_county_code_fkey: 'countyId',
  policy_budget_county_code_check: { code: 'INVALID_REFERENCE', field: 'countyId' },
  policy_budget_year_check: { code: 'VALIDATION_FAILED', field: 'year', params: { detail: 'BUDGET_YEAR' } },
  policy_budget_budget_check: { code: 'VALIDATION_FAILED', field: 'budget', params: { detail: 'MONEY_NOT_NEGATIVE' } },
  subsidy_payment_policy_id_fkey: 'policyId',
  subsidy_payment_laborer_fk: 'laborerId',
  subsidy_payment_enrollment_fk: 'recordId',
  subsidy_payment_placement_fk: 'recordId',
  subsidy_payment_loan_fk: 'recordId',
  subsidy_payment_schooling_fk: 'recordId',
  subsidy_payment_enterprise_fk: 'recordId',
  subsidy_payment_employment_fk: 'recordId',
  subsidy_payment_record_check: { code: 'INVALID_REFERENCE', field: 'recordId' },
  subsidy_payment_program_match: { code: 'INVALID_REFERENCE', field: 'recordId' },
  subsidy_payment_period_check: { code: 'VALIDATION_FAILED', field: 'period', params: { detail: 'PERIOD_RULE' } },
  subsidy_payment_period_rule: { code: 'VALIDATION_FAILED', field: 'period', params: { detail: 'PERIOD_RULE' } },
  subsidy_payment_amount_check: { code: 'VALIDATION_FAILED', field: 'amount', params: { detail: 'MONEY_POSITIVE' } },
  subsidy_payment_amount_rule: { code: 'AMOUNT_EXCEEDS_RULE', field: 'amount' },
  subsidy_payment_once_per_period: 'period',
  subsidy_payment_transition: { code: 'ILLEGAL_TRANSITION', field: 'status' },
  subsidy_payment_frozen: { code: 'CONFLICT', field: 'amount', params: { detail: 'PAYMENT_FROZEN' } },
  subsidy_payment_status_check: { code: 'VALIDATION_FAILED', field: 'status' },
  subsidy_payment_budget: { code: 'BUDGET_EXCEEDED', field: 'countyId' },
  policy_budget_below_committed: { code: 'BUDGET_EXCEEDED', field: 'budget', params: { detail: 'BELOW_APPROVED' } },
  subsidy_payment_period_before_record: { code: 'VALIDATION_FAILED', field: 'period', params: { detail: 'BEFORE_RECORD_START' } },
  subsidy_payment_period_after_record: { code: 'VALIDATION_FAILED', field: 'period', params: { detail: 'AFTER_RECORD_END' } },
});

// ---------- shared checks ----------

/** Yuan with at most two decimals, above zero (or zero when allowed). */
export function checkMoney(value: number, field: string, allowZero = false): number {
  if (!Number.isFinite(value) || (allowZero ? value < 0 : value <= 0)) throw new AppError('VALIDATION_FAILED', field, { detail: allowZero ? 'MONEY_NOT_NEGATIVE' : 'MONEY_POSITIVE' });
  if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) throw new AppError('VALIDATION_FAILED', field, { detail: 'MONEY_CENTS' });
  return Math.round(value * 100) / 100;
}

const cents = (v: number | string) => Math.round(Number(v) * 100);

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** County code of a village (or any code below a county). */
export const countyOf = (code: string) => `${code.slice(0, 6)}000000`;

// ---------- policies ----------

export interface PolicyFields {
  name?: string;
  subsidyKind?: Policy['subsidyKind'];
  programKind?: ProgramKind;
  amountRule?: AmountRule;
  amount?: number;
  validFrom?: string;
  validTo?: string | null;
  description?: string | null;
}

/**
 * Checks and normalises a policy as it would be after the change; runs before the entity is touched, so
 * the name look-up does not flush a half-checked row.
 */
export async function checkPolicy(ctx: Context, p: Required<PolicyFields>, exceptId?: number): Promise<Required<PolicyFields>> {
  const name = (p.name ?? '').trim();
  if (!name) throw new AppError('REQUIRED', 'name');
  if (name.length > 100) throw new AppError('VALIDATION_FAILED', 'name', { detail: 'TOO_LONG' });
  if (startsLikeFormula(name)) throw new AppError('VALIDATION_FAILED', 'name', { detail: 'FORMULA' });
  if (p.programKind === 'JOB_FAIR') throw new AppError('VALIDATION_FAILED', 'programKind', { detail: 'NO_JOB_FAIR_SUBSIDY' });
  const amount = checkMoney(p.amount, 'amount');
  if (p.amountRule === 'INTEREST_SHARE') {
    // The trigger computes the ceiling from the loan paid for: there is none for other programmes.
    if (p.programKind !== 'LOAN') throw new AppError('VALIDATION_FAILED', 'amountRule', { detail: 'INTEREST_NEEDS_LOAN' });
    if (amount > 1) throw new AppError('VALIDATION_FAILED', 'amount', { detail: 'INTEREST_SHARE_RANGE' });
  }
  if (p.validTo && p.validTo < p.validFrom) throw new AppError('VALIDATION_FAILED', 'validTo', { detail: 'END_BEFORE_START' });
  const description = p.description?.trim() || null;
  if (description && description.length > 500) throw new AppError('VALIDATION_FAILED', 'description', { detail: 'TOO_LONG' });
  const other = await ctx.em.findOne(Policy, { name }, { fields: ['id'] });
  if (other && other.id !== exceptId) throw new AppError('DUPLICATE', 'name');
  return { ...p, name, amount, validTo: p.validTo ?? null, description };
}

/** What a policy's payments depend on cannot change once it has some. */
export async function assertPolicyUnpaid(ctx: Context, p: Policy, field: string): Promise<void> {
  if (await ctx.em.count(SubsidyPayment, { policy: p.id })) throw new AppError('CONFLICT', field, { detail: 'POLICY_HAS_PAYMENTS' });
}

// ---------- budgets ----------

export function checkBudgetYear(year: number): number {
  if (!Number.isInteger(year) || year < 2014 || year > 2100) throw new AppError('VALIDATION_FAILED', 'year', { detail: 'BUDGET_YEAR' });
  return year;
}

/** Yuan approved (APPROVED + PAID) under a policy in a county for a budget year, `exceptId` left out. */
export async function approvedInCounty(ctx: Context, policyId: number, countyCode: string, year: number, exceptId = 0): Promise<number> {
  const [row] = await ctx.em.execute<{ used: string }[]>(
    `select coalesce(sum(amount), 0) as used from subsidy_payment
      where policy_id = ? and status in ('APPROVED', 'PAID') and id <> ? and village_code like ? and substr(period, 1, 4)::smallint = ?`,
    [policyId, exceptId, `${countyCode.slice(0, 6)}%`, year],
  );
  return Number(row.used);
}

/** Locks a budget row for the rest of the transaction, so approvals and budget changes of one county, policy and year queue. */
async function lockBudget(ctx: Context, policyId: number, countyCode: string, year: number): Promise<number | null> {
  const rows = await ctx.em.execute<{ budget: string }[]>(
    `select budget from policy_budget where policy_id = ? and county_code = ? and year = ? for update`,
    [policyId, countyCode, year],
  );
  return rows.length ? Number(rows[0].budget) : null;
}

/** A budget may go down, but never below what is already approved against it. */
export async function assertBudgetCovers(ctx: Context, b: PolicyBudget, newBudget: number): Promise<void> {
  await lockBudget(ctx, b.policy.id, b.countyId, b.year);
  const used = await approvedInCounty(ctx, b.policy.id, b.countyId, b.year);
  if (cents(newBudget) < cents(used)) {
    throw new AppError('BUDGET_EXCEEDED', 'countyId', { detail: 'BELOW_APPROVED', county: await countyName(ctx, b.countyId), year: b.year, approved: used, budget: newBudget });
  }
}

/** The county's name for a message (the code when it has none). Read unscoped: a name is no record. */
async function countyName(ctx: Context, code: string): Promise<string> {
  const [row] = await ctx.em.execute<{ name: string }[]>('select name from region where code = ?', [code]);
  return row?.name ?? code;
}


// ---------- payments ----------

export const RECORDS: Record<Exclude<ProgramKind, 'JOB_FAIR'>, { entity: EntityName<object>; property: keyof SubsidyPayment }> = {
  TRAINING: { entity: Enrollment, property: 'enrollmentId' },
  WELFARE_POST: { entity: WelfarePlacement, property: 'placementId' },
  LOAN: { entity: GuaranteedLoan, property: 'loanId' },
  DREAM_SCHOOLING: { entity: DreamSchooling, property: 'schoolingId' },
  ENTERPRISE: { entity: Enterprise, property: 'enterpriseId' },
  EMPLOYMENT: { entity: Employment, property: 'employmentId' },
};

/** First and last day of a period, and its budget year; the shape must follow the policy's rule. */
export function periodSpan(rule: AmountRule, period: string): { from: string; to: string; year: number } {
  const p = (period ?? '').trim();
  if (rule === 'PER_MONTH') {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(p);
    if (!m) throw new AppError('VALIDATION_FAILED', 'period', { detail: 'PERIOD_PER_MONTH' });
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return { from: `${p}-01`, to: `${p}-${last}`, year: Number(m[1]) };
  }
  if (rule === 'PER_TERM') {
    // Terms by calendar half-year, so a term never straddles two budget years.
    const m = /^(\d{4})-T([12])$/.exec(p);
    if (!m) throw new AppError('VALIDATION_FAILED', 'period', { detail: 'PERIOD_PER_TERM' });
    return m[2] === '1' ? { from: `${m[1]}-01-01`, to: `${m[1]}-06-30`, year: Number(m[1]) } : { from: `${m[1]}-07-01`, to: `${m[1]}-12-31`, year: Number(m[1]) };
  }
  if (!/^\d{4}$/.test(p)) throw new AppError('VALIDATION_FAILED', 'period', { detail: 'PERIOD_PER_YEAR' });
  return { from: `${p}-01-01`, to: `${p}-12-31`, year: Number(p) };
}

/**
 * The life of a programme record as a payment period must meet it: the period may not end before the
 * record starts, nor (for a job, a placement, a loan: records with an end) begin after it ended. A
 * training, a 圆梦 schooling and a new business have no end: their subsidies follow them. The database
 * keeps the same rule (check_subsidy_payment_period()).
 */
export function recordSpan(kind: Exclude<ProgramKind, 'JOB_FAIR'>, r: object): { start: string; end: string | null; endExclusive?: boolean } {
  switch (kind) {
    case 'TRAINING':
      return { start: (r as Enrollment).enrolledOn, end: null };
    case 'WELFARE_POST':
      // A placement's end date is its first day off the post.
      return { start: (r as WelfarePlacement).startDate, end: (r as WelfarePlacement).endDate ?? null, endExclusive: true };
    case 'LOAN':
      return { start: (r as GuaranteedLoan).disbursedOn ?? (r as GuaranteedLoan).appliedOn, end: (r as GuaranteedLoan).closedOn ?? null };
    case 'DREAM_SCHOOLING':
      return { start: `${(r as DreamSchooling).intakeYear}-09-01`, end: null };
    case 'ENTERPRISE':
      return { start: (r as Enterprise).startedOn, end: null };
    case 'EMPLOYMENT':
      return { start: (r as Employment).startDate, end: (r as Employment).endDate ?? null };
  }
}

export function checkPeriodInRecord(kind: Exclude<ProgramKind, 'JOB_FAIR'>, record: object, span: { from: string; to: string }): void {
  const r = recordSpan(kind, record);
  if (span.to < r.start) throw new AppError('VALIDATION_FAILED', 'period', { detail: 'BEFORE_RECORD_START', start: r.start });
  if (r.end && (span.from > r.end || (r.endExclusive && span.from >= r.end))) throw new AppError('VALIDATION_FAILED', 'period', { detail: 'AFTER_RECORD_END', end: r.end });
}

/** The most one payment under the policy may be for this record, in cents. */
async function ceilingCents(ctx: Context, policy: Policy, record: object): Promise<number> {
  if (policy.amountRule !== 'INTEREST_SHARE') return cents(policy.amount);
  // The same expression as the trigger, computed by the database so both round alike.
  const [row] = await ctx.em.execute<{ ceiling: string }[]>(
    `select round(amount * annual_rate * term_months / 12 * interest_subsidy_rate * ?, 2) as ceiling from guaranteed_loan where id = ?`,
    [policy.amount, (record as GuaranteedLoan).id],
  );
  return cents(row.ceiling);
}

export interface PaymentInput {
  policyId: string;
  laborerId: string;
  recordId: string;
  period: string;
  amount: number;
  appliedOn?: string | null;
}

export async function createPayment(ctx: Context, a: PaymentInput): Promise<SubsidyPayment> {
  const policy = await ctx.em.findOne(Policy, intId(a.policyId, 'policyId'));
  if (!policy) throw new AppError('INVALID_REFERENCE', 'policyId');
  const laborer = await ctx.em.findOne(Laborer, intId(a.laborerId, 'laborerId'));
  if (!laborer) throw new AppError('INVALID_REFERENCE', 'laborerId');
  const amount = checkMoney(a.amount, 'amount');
  if (policy.programKind === 'JOB_FAIR') throw new AppError('VALIDATION_FAILED', 'programKind', { detail: 'NO_JOB_FAIR_SUBSIDY' });
  const kind = RECORDS[policy.programKind];
  // The record of the policy's programme, of this laborer: another laborer's record is no reference at all.
  const recordId = Number(a.recordId);
  const record = Number.isSafeInteger(recordId) && recordId > 0 ? await ctx.em.findOne(kind.entity, { id: recordId, laborer: laborer.id } as never) : null;
  if (!record) throw new AppError('INVALID_REFERENCE', 'recordId');

  const period = a.period?.trim() ?? '';
  const span = periodSpan(policy.amountRule, period);
  if (span.to < policy.validFrom || (policy.validTo && span.from > policy.validTo)) throw new AppError('VALIDATION_FAILED', 'period', { detail: 'OUTSIDE_VALIDITY' });
  checkPeriodInRecord(policy.programKind, record, span);
  const max = await ceilingCents(ctx, policy, record);
  if (cents(amount) > max) throw new AppError('AMOUNT_EXCEEDS_RULE', 'amount', { max: max / 100 });
  const twin = await ctx.em.findOne(SubsidyPayment, { policy: policy.id, laborer: laborer.id, period, status: { $ne: 'REJECTED' } }, { fields: ['id'] });
  if (twin) throw new AppError('DUPLICATE', 'period');

  const payment = ctx.em.create(SubsidyPayment, {
    policy,
    laborer,
    village: laborer.village,
    programKind: policy.programKind,
    [kind.property]: recordId,
    period,
    amount,
    status: 'APPLIED',
    appliedOn: a.appliedOn ?? today(),
    appliedBy: ctx.principal?.userId ?? null,
  } as never);
  await ctx.em.flush();
  return payment;
}

function assertTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!PAYMENT_TRANSITIONS[from].includes(to)) throw new AppError('ILLEGAL_TRANSITION', 'status', { from, to });
}

/** Loads a payment with its row locked, so two decisions on one payment queue and the second sees the first. */
async function lockPayment(ctx: Context, id: string): Promise<SubsidyPayment> {
  const p = await ctx.em.findOne(SubsidyPayment, intId(id), { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!p) throw new AppError('NOT_FOUND', 'id');
  return p;
}

export async function approvePayment(ctx: Context, id: string, on: string | null | undefined): Promise<SubsidyPayment> {
  const p = await lockPayment(ctx, id);
  assertTransition(p.status, 'APPROVED');
  const approver = await assertDuty(ctx, p, 'approve');
  const day = on ?? today();
  if (day < p.appliedOn) throw new AppError('VALIDATION_FAILED', 'on', { detail: 'BEFORE_PREVIOUS_STEP' });
  // The county of the laborer's village, for the budget year of the period. The budget row lock makes
  // concurrent approvals against it take turns, so each sees what the ones before it approved.
  const county = countyOf(p.villageId);
  const year = Number(p.period.slice(0, 4));
  const budget = await lockBudget(ctx, p.policy.id, county, year);
  // Three different answers, each with what the clerk needs to act: no budget was set (the city sets
  // budgets), or this one would take the county past what is left.
  if (budget === null) throw new AppError('BUDGET_EXCEEDED', 'countyId', { detail: 'NO_BUDGET', county: await countyName(ctx, county), year, budget: 0 });
  const used = await approvedInCounty(ctx, p.policy.id, county, year, p.id);
  if (cents(used) + cents(p.amount) > cents(budget)) {
    const remaining = (cents(budget) - cents(used)) / 100;
    throw new AppError('BUDGET_EXCEEDED', 'countyId', {
      detail: remaining > 0 ? 'BUDGET_SHORT' : 'BUDGET_USED_UP', county: await countyName(ctx, county), year, remaining, budget, approved: used, amount: p.amount,
    });
  }
  p.status = 'APPROVED';
  p.approvedOn = day;
  p.approvedBy = approver;
  await ctx.em.flush();
  return p;
}

export async function payPayment(ctx: Context, id: string, on: string | null | undefined): Promise<SubsidyPayment> {
  const p = await lockPayment(ctx, id);
  assertTransition(p.status, 'PAID');
  const payer = await assertDuty(ctx, p, 'pay');
  const day = on ?? today();
  if (day < (p.approvedOn ?? p.appliedOn)) throw new AppError('VALIDATION_FAILED', 'on', { detail: 'BEFORE_PREVIOUS_STEP' });
  p.status = 'PAID';
  p.paidOn = day;
  p.paidBy = payer;
  await ctx.em.flush();
  return p;
}

export async function rejectPayment(ctx: Context, id: string, reason: string): Promise<SubsidyPayment> {
  const text = (reason ?? '').trim();
  if (!text) throw new AppError('REQUIRED', 'reason');
  if (text.length > 200) throw new AppError('VALIDATION_FAILED', 'reason', { detail: 'TOO_LONG' });
  const p = await lockPayment(ctx, id);
  assertTransition(p.status, 'REJECTED');
  p.status = 'REJECTED';
  p.rejectReason = text;
  await ctx.em.flush();
  return p;
}

// ---------- loaders ----------

export function policyLoader(ctx: Context) {
  return ctx.loaders.get<number, Policy | null>('policy.byId', async (ids) => byKeys(ids, await ctx.em.find(Policy, { id: { $in: [...ids] } }), (p) => p.id));
}

export function policyBudgetsLoader(ctx: Context) {
  return ctx.loaders.get<number, PolicyBudget[]>('policy.budgets', async (ids) =>
    groupByKeys(ids, await ctx.em.find(PolicyBudget, { policy: { $in: [...ids] } }, { orderBy: { year: 'ASC', county: 'ASC' } }), (b) => b.policy.id),
  );
}

/** Approved (APPROVED + PAID) and paid yuan against each budget row: its policy, county and year. */
export function budgetUseLoader(ctx: Context) {
  return ctx.loaders.get<number, { approved: number; paid: number }>('policyBudget.use', async (ids) => {
    const rows = await ctx.em.execute<{ id: number; approved: string; paid: string }[]>(
      `select b.id,
          coalesce(sum(p.amount) filter (where p.status in ('APPROVED', 'PAID')), 0) as approved,
          coalesce(sum(p.amount) filter (where p.status = 'PAID'), 0) as paid
        from policy_budget b
        left join subsidy_payment p on p.policy_id = b.policy_id and p.village_code like substr(b.county_code, 1, 6) || '%'
          and substr(p.period, 1, 4)::smallint = b.year
        where b.id = any(?::int[]) group by b.id`,
      [intArray(ids)],
    );
    const m = new Map(rows.map((r) => [r.id, { approved: Number(r.approved), paid: Number(r.paid) }]));
    return ids.map((id) => m.get(id) ?? { approved: 0, paid: 0 });
  });
}

export { mustFind };
