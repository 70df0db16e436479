import { CITY_CODE, ProgramKind, regionPrefix } from '@fupin/schema';
import { scopeLike } from '../auth/scope';
import type { EntityName } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { AppError } from '../../common/errors';
import { likeEscape } from '../../common/list';
import { Employment } from '../employment/employment.entity';
import { Enterprise } from '../enterprise/enterprise.entity';
import { JobFair } from '../job-fair/job-fair.entity';
import { GuaranteedLoan } from '../loan/guaranteed-loan.entity';
import { checkRegionCode } from '../region/region.service';
import { DreamSchooling } from '../schooling/dream-schooling.entity';
import { TrainingClass } from '../training/training.entity';
import { WelfarePost } from '../welfare/welfare.entity';

export type ProgramEntity = TrainingClass | WelfarePost | JobFair | GuaranteedLoan | DreamSchooling | Employment | Enterprise;

interface KindInfo {
  entity: EntityName<ProgramEntity> & (new (...args: never[]) => ProgramEntity);
  /** SELECT of (id, start_date, end_date, region_code) of every programme of the kind; `%REGION%` is the region condition. */
  rows: string;
  /** Column of subsidy_payment naming the record, and how records group into programmes (null: one record is the programme). */
  payment?: { column: string; join?: string; programId: string };
  title(e: ProgramEntity): string;
  regionId(e: ProgramEntity): string;
  /** The same dates as `rows`, from the record's own fields: for a record the database no longer has (a delete's answer). */
  ownDates(e: ProgramEntity): { startDate: string; endDate: string | null };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * One place that says, per kind, where a programme's dates, region, participants and subsidies come
 * from: the UNION of `programs` and the interface field resolvers both read it, so the list order and
 * the fields cannot disagree.
 */
export const PROGRAM_KINDS: Record<ProgramKind, KindInfo> = {
  TRAINING: {
    entity: TrainingClass,
    rows: `select id, start_date, end_date, county_code as region_code from training_class where county_code like %REGION%`,
    payment: { column: 'enrollment_id', join: 'join enrollment r on r.id = sp.enrollment_id', programId: 'r.class_id' },
    title: (e) => (e as TrainingClass).title,
    regionId: (e) => (e as TrainingClass).countyId,
    ownDates: (e) => ({ startDate: (e as TrainingClass).startDate, endDate: (e as TrainingClass).endDate }),
  },
  WELFARE_POST: {
    entity: WelfarePost,
    // A post has no dates of its own: it runs from its first placement (or its creation) and ends with its
    // last placement once it is closed.
    rows: `select p.id, coalesce(min(pl.start_date), p.created_at::date) as start_date,
        case when p.status = 'CLOSED' then coalesce(max(pl.end_date), p.updated_at::date) end as end_date, p.region_code
      from welfare_post p left join welfare_placement pl on pl.post_id = p.id
      where p.region_code like %REGION% group by p.id`,
    payment: { column: 'placement_id', join: 'join welfare_placement r on r.id = sp.placement_id', programId: 'r.post_id' },
    title: (e) => (e as WelfarePost).title,
    regionId: (e) => (e as WelfarePost).regionId,
    // Its placements are gone with it: creation and, once closed, the last change.
    ownDates: (e) => ({ startDate: day(e.createdAt), endDate: (e as WelfarePost).status === 'CLOSED' ? day(e.updatedAt) : null }),
  },
  JOB_FAIR: {
    entity: JobFair,
    rows: `select id, held_on as start_date, held_on as end_date, county_code as region_code from job_fair where county_code like %REGION%`,
    title: (e) => (e as JobFair).title,
    regionId: (e) => (e as JobFair).countyId,
    ownDates: (e) => ({ startDate: (e as JobFair).heldOn, endDate: (e as JobFair).heldOn }),
  },
  LOAN: {
    entity: GuaranteedLoan,
    rows: `select id, coalesce(disbursed_on, applied_on) as start_date, closed_on as end_date, village_code as region_code from guaranteed_loan where village_code like %REGION%`,
    payment: { column: 'loan_id', programId: 'sp.loan_id' },
    title: (e) => (e as GuaranteedLoan).bank,
    regionId: (e) => (e as GuaranteedLoan).villageId,
    ownDates: (e) => ({ startDate: (e as GuaranteedLoan).disbursedOn ?? (e as GuaranteedLoan).appliedOn, endDate: (e as GuaranteedLoan).closedOn ?? null }),
  },
  DREAM_SCHOOLING: {
    entity: DreamSchooling,
    // The school year starts on 1 September of the intake year.
    rows: `select id, make_date(intake_year, 9, 1) as start_date, null::date as end_date, village_code as region_code from dream_schooling where village_code like %REGION%`,
    payment: { column: 'schooling_id', programId: 'sp.schooling_id' },
    title: (e) => `${(e as DreamSchooling).school} ${(e as DreamSchooling).major}`,
    regionId: (e) => (e as DreamSchooling).villageId,
    ownDates: (e) => ({ startDate: `${(e as DreamSchooling).intakeYear}-09-01`, endDate: null }),
  },
  EMPLOYMENT: {
    entity: Employment,
    rows: `select id, start_date, end_date, village_code as region_code from employment where village_code like %REGION%`,
    payment: { column: 'employment_id', programId: 'sp.employment_id' },
    title: (e) => (e as Employment).employer,
    regionId: (e) => (e as Employment).villageId,
    ownDates: (e) => ({ startDate: (e as Employment).startDate, endDate: (e as Employment).endDate ?? null }),
  },
  ENTERPRISE: {
    entity: Enterprise,
    rows: `select id, started_on as start_date, null::date as end_date, village_code as region_code from enterprise where village_code like %REGION%`,
    payment: { column: 'enterprise_id', programId: 'sp.enterprise_id' },
    title: (e) => (e as Enterprise).name,
    regionId: (e) => (e as Enterprise).villageId,
    ownDates: (e) => ({ startDate: (e as Enterprise).startedOn, endDate: null }),
  },
};

export function programKindOf(e: object): ProgramKind {
  for (const kind of ProgramKind.values) if (e instanceof PROGRAM_KINDS[kind].entity) return kind;
  throw new Error(`not a programme: ${e.constructor.name}`);
}

/** A Postgres array literal of integer ids (ids are integers, so nothing to escape). */
export const intArray = (ids: readonly number[]) => `{${ids.map((i) => Math.trunc(Number(i))).join(',')}}`;

/**
 * The region a raw SQL read may cover: the one asked for, narrowed to the signed-in user's scope (the
 * ORM's scope filter does not see raw SQL). An ancestor of the scope narrows to the scope; a region
 * outside it gives null (nothing is visible there).
 */
export function narrowToScope(ctx: Context, code: string): string | null {
  const scope = ctx.principal?.scope;
  if (!scope) return code;
  const s = regionPrefix(scope);
  const c = regionPrefix(code);
  if (c.startsWith(s)) return code;
  if (s.startsWith(c)) return scope;
  return null;
}

export interface ProgramQuery {
  regionCode?: string | null;
  kinds?: ProgramKind[] | null;
  from?: string | null;
  to?: string | null;
}

/**
 * The UNION ALL of the programme tables, restricted to a region subtree (prefix match, which the
 * `collate "C"` region columns serve from their indexes), to the kinds asked for, and to programmes
 * that overlap [from, to].
 */
function unionSql(ctx: Context, q: ProgramQuery): { sql: string; params: unknown[] } | null {
  const region = narrowToScope(ctx, q.regionCode ? checkRegionCode(q.regionCode, 'regionCode') : CITY_CODE);
  if (region === null) return null;
  const prefix = regionPrefix(region);
  const kinds = q.kinds?.length ? [...new Set(q.kinds)] : ProgramKind.values;
  if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION_FAILED', 'to', { detail: 'END_BEFORE_START' });
  const params: unknown[] = [];
  const branches = kinds.map((k) => {
    params.push(`${likeEscape(prefix)}%`);
    return `select '${k}'::text as kind, b.* from (${PROGRAM_KINDS[k].rows.replace('%REGION%', '?')}) b`;
  });
  const where: string[] = [];
  if (q.from) {
    where.push('(end_date is null or end_date >= ?)');
    params.push(q.from);
  }
  if (q.to) {
    where.push('start_date <= ?');
    params.push(q.to);
  }
  const sql = `select * from (${branches.join('\nunion all\n')}) u${where.length ? ` where ${where.join(' and ')}` : ''}`;
  return { sql, params };
}

export async function countPrograms(ctx: Context, q: ProgramQuery): Promise<number> {
  const union = unionSql(ctx, q);
  if (!union) return 0;
  const { sql, params } = union;
  const [row] = await ctx.em.execute<{ n: number }[]>(`select count(*)::int as n from (${sql}) c`, params);
  return row.n;
}

/** One page of programmes ordered by start date: one UNION query for the page, then one query per kind present. */
export async function findPrograms(ctx: Context, q: ProgramQuery, limit: number, offset: number): Promise<ProgramEntity[]> {
  const union = unionSql(ctx, q);
  if (!union) return [];
  const { sql, params } = union;
  const page = await ctx.em.execute<{ kind: ProgramKind; id: number }[]>(
    `select kind, id from (${sql}) p order by start_date, kind, id limit ? offset ?`,
    [...params, limit, offset],
  );
  const byKind = new Map<ProgramKind, number[]>();
  for (const r of page) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
  const loaded = new Map<string, ProgramEntity>();
  for (const [kind, ids] of byKind) {
    const rows = (await ctx.em.find(PROGRAM_KINDS[kind].entity, { id: { $in: ids } } as never)) as ProgramEntity[];
    for (const e of rows) loaded.set(`${kind}:${e.id}`, e);
  }
  return page.map((r) => loaded.get(`${r.kind}:${r.id}`)).filter((e): e is ProgramEntity => e !== undefined);
}

export interface ProgramDates {
  startDate: string;
  endDate: string | null;
}

/** Dates of programmes of one kind by id (the same expressions the UNION orders by). */
export function programDatesLoader(ctx: Context, kind: ProgramKind) {
  return ctx.loaders.get<number, ProgramDates | null>(`program.dates.${kind}`, async (ids) => {
    const rows = await ctx.em.execute<{ id: number; start_date: string; end_date: string | null }[]>(
      `select id, start_date::text, end_date::text from (${PROGRAM_KINDS[kind].rows.replace('%REGION%', "'%'")}) b where id = any(?::int[])`,
      [intArray(ids)],
    );
    const m = new Map(rows.map((r) => [r.id, { startDate: r.start_date, endDate: r.end_date }]));
    return ids.map((id) => m.get(id) ?? null);
  });
}

/** Participants of classes (enrollments) and posts (placements) by id: those of the user's scope (a class of one county may teach laborers of another). */
export function participantsLoader(ctx: Context, kind: 'TRAINING' | 'WELFARE_POST') {
  const [table, column] = kind === 'TRAINING' ? ['enrollment', 'class_id'] : ['welfare_placement', 'post_id'];
  return ctx.loaders.get<number, number>(`program.participants.${kind}`, async (ids) => {
    const rows = await ctx.em.execute<{ id: number; n: number }[]>(
      `select ${column} as id, count(*)::int as n from ${table} where ${column} = any(?::int[]) and village_code like ? group by ${column}`,
      [intArray(ids), scopeLike(ctx.principal)],
    );
    const m = new Map(rows.map((r) => [r.id, r.n]));
    return ids.map((id) => m.get(id) ?? 0);
  });
}

export interface SubsidyTotals {
  approved: number;
  paid: number;
}

/** Subsidies approved (APPROVED + PAID) and paid for the records of programmes of one kind, by programme id: payments to laborers of the user's scope. */
export function programSubsidyLoader(ctx: Context, kind: ProgramKind) {
  return ctx.loaders.get<number, SubsidyTotals>(`program.subsidy.${kind}`, async (ids) => {
    const p = PROGRAM_KINDS[kind].payment;
    if (!p) return ids.map(() => ({ approved: 0, paid: 0 }));
    const rows = await ctx.em.execute<{ id: number; approved: string; paid: string }[]>(
      `select ${p.programId} as id,
          coalesce(sum(sp.amount) filter (where sp.status in ('APPROVED', 'PAID')), 0) as approved,
          coalesce(sum(sp.amount) filter (where sp.status = 'PAID'), 0) as paid
        from subsidy_payment sp ${p.join ?? ''}
        where ${p.programId} = any(?::int[]) and sp.village_code like ? group by ${p.programId}`,
      [intArray(ids), scopeLike(ctx.principal)],
    );
    const m = new Map(rows.map((r) => [r.id, { approved: Number(r.approved), paid: Number(r.paid) }]));
    return ids.map((id) => m.get(id) ?? { approved: 0, paid: 0 });
  });
}
