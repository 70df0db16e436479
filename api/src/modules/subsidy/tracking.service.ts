import {
  CITY_CODE,
  EmploymentChannel,
  EmploymentKind,
  LoanStatus,
  PaymentStatus,
  ProgramKind,
  regionLevelOf,
  regionPrefix,
  SchoolingStatus,
  Sector,
  TrainingKind,
  WelfarePostCategory,
  type Lang,
} from '@fupin/schema';
import type { Context } from '../../context';
import { AppError } from '../../common/errors';
import { likeEscape, pageOptions } from '../../common/list';
import { narrowToScope } from '../program/program.service';
import { Region } from '../region/region.entity';
import { checkRegionCode, RegionService } from '../region/region.service';
import { scopeSql } from '../auth/scope';
import { Laborer } from '../registry/laborer.entity';
import { Policy } from './subsidy.entity';

export interface MonthAmounts {
  month: number;
  approved: number;
  paid: number;
}

export interface ChildAmounts {
  code: string;
  name: string;
  budget: number | null;
  approved: number;
  paid: number;
}

export interface Tracking {
  policyId: number;
  regionCode: string;
  year: number;
  budget: number;
  budgetRegionId: string;
  approved: number;
  paid: number;
  remaining: number;
  byMonth: MonthAmounts[];
  byChild: ChildAmounts[];
}

const yuan = (v: string | number | null | undefined) => Math.round(Number(v ?? 0) * 100) / 100;

async function mustFindPolicy(ctx: Context, id: string): Promise<Policy> {
  const n = Number(id);
  const p = Number.isSafeInteger(n) && n > 0 ? await ctx.em.findOne(Policy, n) : null;
  if (!p) throw new AppError('NOT_FOUND', 'policyId');
  return p;
}

/** The region asked for, narrowed to the user's scope; one outside the scope does not exist for the request. */
async function mustFindRegion(ctx: Context, code: string): Promise<Region> {
  const visible = narrowToScope(ctx, checkRegionCode(code, 'regionCode'));
  const r = visible ? await new RegionService(ctx.em, ctx.loaders).byCode(visible) : null;
  if (!r) throw new AppError('NOT_FOUND', 'regionCode');
  return r;
}

/** Payments that count: of the policy, in the region subtree, for the budget year. */
const COUNTED = `policy_id = ? and village_code like ? and substr(period, 1, 4)::smallint = ?`;

/**
 * Budget against approvals and payments of one policy in a region subtree for one budget year (the year
 * of the payments' periods, as the budget check counts them), by month and by child region.
 * Budgets are set per county: a township or village is reported with its county's budget.
 */
export async function subsidyTracking(ctx: Context, policyId: string, regionCode: string, year: number): Promise<Tracking> {
  const policy = await mustFindPolicy(ctx, policyId);
  const region = await mustFindRegion(ctx, regionCode);
  if (!Number.isInteger(year) || year < 2014 || year > 2100) throw new AppError('VALIDATION_FAILED', 'year', { detail: 'BUDGET_YEAR' });
  const level = regionLevelOf(region.code);
  const prefix = regionPrefix(region.code);
  const like = `${likeEscape(prefix)}%`;
  const belowCounty = level === 'TOWNSHIP' || level === 'VILLAGE';
  const budgetRegionId = belowCounty ? `${region.code.slice(0, 6)}000000` : region.code;

  const budgets = await ctx.em.execute<{ county_code: string; budget: string }[]>(
    `select county_code, budget from policy_budget where policy_id = ? and year = ? and county_code like ?`,
    [policy.id, year, `${likeEscape(regionPrefix(budgetRegionId))}%`],
  );
  const budgetOf = new Map(budgets.map((b) => [b.county_code, yuan(b.budget)]));

  // Children are the next level down; a village has none, so its payments group under itself.
  const childLength = { CITY: 6, COUNTY: 9, TOWNSHIP: 12, VILLAGE: 12 }[level];
  const byChildRows = await ctx.em.execute<{ child: string; approved: string; paid: string }[]>(
    `select substr(village_code, 1, ${childLength}) as child, sum(amount) as approved, coalesce(sum(amount) filter (where status = 'PAID'), 0) as paid
      from subsidy_payment where ${COUNTED} and status in ('APPROVED', 'PAID') group by 1`,
    [policy.id, like, year],
  );
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const monthRows = await ctx.em.execute<{ month: number; approved: string; paid: string }[]>(
    `select month, sum(approved) as approved, sum(paid) as paid from (
        select extract(month from approved_on)::int as month, amount as approved, 0 as paid from subsidy_payment
          where ${COUNTED} and status in ('APPROVED', 'PAID') and approved_on between ? and ?
        union all
        select extract(month from paid_on)::int, 0, amount from subsidy_payment
          where ${COUNTED} and status = 'PAID' and paid_on between ? and ?
      ) m group by month`,
    [policy.id, like, year, from, to, policy.id, like, year, from, to],
  );
  const children = level === 'VILLAGE' ? [] : await new RegionService(ctx.em, ctx.loaders).children(region.code);

  const childUse = new Map(byChildRows.map((r) => [r.child.padEnd(12, '0'), { approved: yuan(r.approved), paid: yuan(r.paid) }]));
  const months = new Map(monthRows.map((r) => [r.month, r]));
  const approved = yuan(byChildRows.reduce((s, r) => s + Number(r.approved), 0));
  const paid = yuan(byChildRows.reduce((s, r) => s + Number(r.paid), 0));
  const budget = yuan([...budgetOf.values()].reduce((s, b) => s + b, 0));
  return {
    policyId: policy.id,
    regionCode: region.code,
    year,
    budget,
    budgetRegionId,
    approved,
    paid,
    remaining: belowCounty ? yuan(budget - (await countyApproved(ctx, policy.id, budgetRegionId, year))) : yuan(budget - approved),
    byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, approved: yuan(months.get(i + 1)?.approved), paid: yuan(months.get(i + 1)?.paid) })),
    byChild: children.map((c) => ({
      code: c.code,
      name: c.name,
      budget: level === 'CITY' ? (budgetOf.get(c.code) ?? 0) : null,
      approved: childUse.get(c.code)?.approved ?? 0,
      paid: childUse.get(c.code)?.paid ?? 0,
    })),
  };
}

/** What the whole county has approved: the budget a township shares is used by its neighbours too. */
async function countyApproved(ctx: Context, policyId: number, county: string, year: number): Promise<number> {
  const [row] = await ctx.em.execute<{ approved: string | null }[]>(
    `select sum(amount) as approved from subsidy_payment where ${COUNTED} and status in ('APPROVED', 'PAID')`,
    [policyId, `${county.slice(0, 6)}%`, year],
  );
  return yuan(row.approved);
}

export interface Beneficiary {
  laborerId: number;
  villageId: string;
  payments: number;
  approved: number;
  paid: number;
  firstPeriod: string;
  lastPeriod: string;
}

export interface BeneficiaryPage {
  count: number;
  approved: number;
  paid: number;
  items: Beneficiary[];
}

/** Laborers with approved or paid payments under a policy in a region subtree, by laborer id, with totals. */
export async function policyBeneficiaries(
  ctx: Context,
  a: { policyId: string; regionCode?: string | null; year?: number | null; page?: number; perPage?: number },
): Promise<BeneficiaryPage> {
  const policy = await mustFindPolicy(ctx, a.policyId);
  const region = await mustFindRegion(ctx, a.regionCode ?? CITY_CODE);
  const { limit, offset } = pageOptions({ page: a.page, perPage: a.perPage }, { id: 'id' }, 'id');
  const params: unknown[] = [policy.id, `${likeEscape(regionPrefix(region.code))}%`];
  let where = `policy_id = ? and village_code like ? and status in ('APPROVED', 'PAID')`;
  if (a.year !== undefined && a.year !== null) {
    where += ` and substr(period, 1, 4)::smallint = ?`;
    params.push(a.year);
  }
  const [totals] = await ctx.em.execute<{ count: number; approved: string | null; paid: string | null }[]>(
    `select count(distinct laborer_id)::int as count, sum(amount) as approved, sum(amount) filter (where status = 'PAID') as paid from subsidy_payment where ${where}`,
    params,
  );
  const rows = await ctx.em.execute<{ laborer_id: number; village_code: string; payments: number; approved: string; paid: string | null; first_period: string; last_period: string }[]>(
    `select laborer_id, min(village_code) as village_code, count(*)::int as payments, sum(amount) as approved,
        sum(amount) filter (where status = 'PAID') as paid, min(period) as first_period, max(period) as last_period
      from subsidy_payment where ${where} group by laborer_id order by laborer_id limit ? offset ?`,
    [...params, limit, offset],
  );
  return {
    count: totals.count,
    approved: yuan(totals.approved),
    paid: yuan(totals.paid),
    items: rows.map((r) => ({
      laborerId: r.laborer_id,
      villageId: r.village_code,
      payments: r.payments,
      approved: yuan(r.approved),
      paid: yuan(r.paid),
      firstPeriod: r.first_period,
      lastPeriod: r.last_period,
    })),
  };
}

export type HistoryKind = ProgramKind | 'PAYMENT';

export interface HistoryEvent {
  date: string;
  kind: HistoryKind;
  title: string;
  detail: string;
  recordId: number;
  amount: number | null;
}

type Extra = Record<string, string | number | boolean | null>;

const label = (v: { labels: Record<string, { zh: string; en: string }> }, value: unknown, lang: Lang) => v.labels[String(value)]?.[lang] ?? String(value);

/** The detail line of an event, in the request's language, from the enum labels of the shared vocabulary. */
function detailOf(kind: HistoryKind, x: Extra, lang: Lang): string {
  const zh = lang === 'zh';
  const parts: string[] = [];
  switch (kind) {
    case 'TRAINING':
      parts.push(label(TrainingKind, x.trainingKind, lang));
      parts.push(x.completedOn ? (zh ? `${x.completedOn}结业` : `completed ${x.completedOn}`) : zh ? '未结业' : 'not completed');
      if (x.certified) parts.push(zh ? '已取证' : 'certified');
      if (x.employed) parts.push(zh ? '培训后就业' : 'employed after training');
      break;
    case 'WELFARE_POST':
      parts.push(label(WelfarePostCategory, x.category, lang));
      parts.push(x.endDate ? (zh ? `至${x.endDate}` : `until ${x.endDate}`) : zh ? '在岗' : 'holding the post');
      break;
    case 'LOAN':
      parts.push(label(Sector, x.purpose, lang), label(LoanStatus, x.status, lang), zh ? `${x.termMonths}个月` : `${x.termMonths} months`);
      break;
    case 'DREAM_SCHOOLING':
      parts.push(String(x.major), label(SchoolingStatus, x.status, lang));
      break;
    case 'EMPLOYMENT':
      parts.push(label(EmploymentKind, x.kind, lang), label(EmploymentChannel, x.channel, lang), String(x.place));
      if (x.endDate) parts.push(zh ? `至${x.endDate}` : `until ${x.endDate}`);
      break;
    case 'ENTERPRISE':
      parts.push(label(Sector, x.sector, lang));
      break;
    case 'PAYMENT':
      parts.push(String(x.period), label(ProgramKind, x.programKind, lang), label(PaymentStatus, x.status, lang));
      if (x.rejectReason) parts.push(String(x.rejectReason));
      break;
    default:
      break;
  }
  return parts.join(zh ? '，' : ', ');
}

/**
 * Every programme record and payment of a laborer, oldest first, in one query over the seven tables.
 * Each event is dated by when it began: enrollment, first day on the post or job, loan application,
 * 1 September of the intake year, business start, payment application.
 */
export async function laborerHistory(ctx: Context, laborerId: string): Promise<HistoryEvent[]> {
  const n = Number(laborerId);
  if (!Number.isSafeInteger(n) || n < 1) throw new AppError('NOT_FOUND', 'laborerId');
  // The laborer, as the scope filter lets the request see it, is in the same statement: its row (kind
  // LABORER) says whether they exist for the request; out of scope, the records are not read either.
  const scope = scopeSql(ctx.em, Laborer.name, 'la');
  const rows = await ctx.em.execute<{ kind: HistoryKind | 'LABORER'; id: number; date: string; title: string; extra: Extra; amount: string | null }[]>(
    `with l as (select la.id from laborer la where la.id = ? and ${scope.sql})
    select * from (
      select 'LABORER' as kind, 0 as ord, l.id, null::text as date, null::text as title, null::json as extra, null::numeric as amount from l
      union all
      select 'TRAINING' as kind, 1 as ord, e.id, e.enrolled_on::text as date, c.title::text as title,
          json_build_object('trainingKind', c.kind, 'completedOn', e.completed_on::text, 'certified', e.certificate_no is not null, 'employed', e.employed_after_training) as extra,
          null::numeric as amount
        from enrollment e join training_class c on c.id = e.class_id where e.laborer_id = (select id from l)
      union all
      select 'WELFARE_POST', 1, pl.id, pl.start_date::text, p.title::text, json_build_object('category', p.category, 'endDate', pl.end_date::text), p.monthly_pay
        from welfare_placement pl join welfare_post p on p.id = pl.post_id where pl.laborer_id = (select id from l)
      union all
      select 'LOAN', 1, g.id, g.applied_on::text, g.bank::text, json_build_object('purpose', g.purpose, 'status', g.status, 'termMonths', g.term_months), g.amount
        from guaranteed_loan g where g.laborer_id = (select id from l)
      union all
      select 'DREAM_SCHOOLING', 1, s.id, make_date(s.intake_year, 9, 1)::text, s.school::text, json_build_object('major', s.major, 'status', s.status), s.living_subsidy_per_term
        from dream_schooling s where s.laborer_id = (select id from l)
      union all
      select 'EMPLOYMENT', 1, m.id, m.start_date::text, m.employer::text, json_build_object('kind', m.kind, 'channel', m.channel, 'place', m.place, 'endDate', m.end_date::text), null
        from employment m where m.laborer_id = (select id from l)
      union all
      select 'ENTERPRISE', 1, b.id, b.started_on::text, b.name::text, json_build_object('sector', b.sector), null
        from enterprise b where b.laborer_id = (select id from l)
      union all
      select 'PAYMENT', 2, sp.id, sp.applied_on::text, p.name::text,
          json_build_object('period', sp.period, 'programKind', sp.program_kind, 'status', sp.status, 'rejectReason', sp.reject_reason), sp.amount
        from subsidy_payment sp join policy p on p.id = sp.policy_id where sp.laborer_id = (select id from l)
    ) h order by date nulls first, ord, kind, id`,
    [n, ...scope.params],
  );
  if (rows[0]?.kind !== 'LABORER') throw new AppError('NOT_FOUND', 'laborerId');
  return (rows.slice(1) as { kind: HistoryKind; id: number; date: string; title: string; extra: Extra; amount: string | null }[]).map((r) => ({
    date: r.date,
    kind: r.kind,
    title: r.title,
    detail: detailOf(r.kind, r.extra, ctx.lang),
    recordId: r.id,
    amount: r.amount === null ? null : yuan(r.amount),
  }));
}
