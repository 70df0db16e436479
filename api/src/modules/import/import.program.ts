import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { graphql, type GraphQLSchema } from 'graphql';
import { AppError, fromDatabaseError, renderMessage } from '../../common/errors';
import { Loaders } from '../../common/loaders';
import type { Context } from '../../context';
import type { Principal } from '../auth/access';
import { bindScope } from '../auth/scope';
import { cellError, type ConvertedRow } from './import.convert';
import type { DatasetDef } from './import.datasets';
import type { PreviewRow, Sql } from './import.registry';

/**
 * Programme datasets (enrollments, employments …): every row goes through the API's own create or
 * update mutation, executed against the hub's schema as the clerk (same rules, same scope check, same
 * audit trail, same events). The preview runs them in a transaction it rolls back; the commit runs them
 * for real, one savepoint per row (VALID_ONLY skips a refused row; ALL_OR_NOTHING fails the whole).
 */

interface ProgramSpec {
  table: string;
  create: string;
  /** null: the API changes no stored record of this dataset (a payment application), so a changed row is refused. */
  update: string | null;
  /** How undo takes back a record the batch created: the delete mutation, or one with more arguments. */
  remove: string | { mutation: string; args: Record<string, unknown> };
  /** The natural key of a row's values. */
  key(v: Record<string, unknown>): string | null;
  /** SQL answering id, version, key and the updatable fields (as the file writes them) of stored records whose key is in the JSON array `?`. */
  lookup: string;
  /** Fields the update mutation takes (the rest of the key is fixed). */
  updatable: string[];
  /** Create arguments from the row's values (laborerId resolved; null for a dataset of no person). */
  createArgs(v: Record<string, unknown>, laborerId: number | null): Record<string, unknown>;
  /** Rows name a laborer by ID number (default); false: the key is the record's own (targets). */
  laborer?: false;
}

const SPECS: Record<string, ProgramSpec> = {
  ENROLLMENTS: {
    table: 'enrollment',
    create: 'createEnrollment',
    update: 'updateEnrollment',
    remove: 'deleteEnrollment',
    key: (v) => (v.classId && v.idNumber ? `${v.classId}:${v.idNumber}` : null),
    lookup: `select e.id, extract(epoch from e.updated_at)::text as version, e.class_id || ':' || l.id_number as key,
        e.enrolled_on::text as "enrolledOn", e.completed, e.completed_on::text as "completedOn", e.certificate_no as "certificateNo", e.employed_after_training as "employedAfterTraining"
      from enrollment e join laborer l on l.id = e.laborer_id where e.class_id || ':' || l.id_number in (select jsonb_array_elements_text(?::jsonb))`,
    updatable: ['enrolledOn', 'completed', 'completedOn', 'certificateNo', 'employedAfterTraining'],
    createArgs: (v, laborerId) => ({ classId: v.classId, laborerId: String(laborerId), enrolledOn: v.enrolledOn, completed: v.completed, completedOn: v.completedOn, certificateNo: v.certificateNo, employedAfterTraining: v.employedAfterTraining }),
  },
  EMPLOYMENTS: {
    table: 'employment',
    create: 'createEmployment',
    update: 'updateEmployment',
    remove: 'deleteEmployment',
    key: (v) => (v.idNumber && v.kind && v.startDate ? `${v.idNumber}:${v.kind}:${v.startDate}` : null),
    lookup: `select m.id, extract(epoch from m.updated_at)::text as version, l.id_number || ':' || m.kind || ':' || m.start_date::text as key,
        m.channel, m.employer, m.place, m.end_date::text as "endDate"
      from employment m join laborer l on l.id = m.laborer_id where l.id_number || ':' || m.kind || ':' || m.start_date::text in (select jsonb_array_elements_text(?::jsonb))`,
    updatable: ['channel', 'employer', 'place', 'endDate'],
    createArgs: (v, laborerId) => ({ laborerId: String(laborerId), kind: v.kind, channel: v.channel, employer: v.employer, place: v.place, startDate: v.startDate, endDate: v.endDate }),
  },
  WELFARE_PLACEMENTS: {
    table: 'welfare_placement',
    create: 'createWelfarePlacement',
    update: 'updateWelfarePlacement',
    remove: 'deleteWelfarePlacement',
    key: (v) => (v.postId && v.idNumber && v.startDate ? `${v.postId}:${v.idNumber}:${v.startDate}` : null),
    lookup: `select x.id, extract(epoch from x.updated_at)::text as version, x.post_id || ':' || l.id_number || ':' || x.start_date::text as key, x.end_date::text as "endDate"
      from welfare_placement x join laborer l on l.id = x.laborer_id where x.post_id || ':' || l.id_number || ':' || x.start_date::text in (select jsonb_array_elements_text(?::jsonb))`,
    updatable: ['endDate'],
    createArgs: (v, laborerId) => ({ postId: v.postId, laborerId: String(laborerId), startDate: v.startDate, endDate: v.endDate }),
  },
  GUARANTEED_LOANS: {
    table: 'guaranteed_loan',
    create: 'createGuaranteedLoan',
    update: 'updateGuaranteedLoan',
    remove: 'deleteGuaranteedLoan',
    key: (v) => (v.idNumber && v.appliedOn ? `${v.idNumber}:${v.appliedOn}` : null),
    lookup: `select x.id, extract(epoch from x.updated_at)::text as version, l.id_number || ':' || x.applied_on::text as key, x.purpose, x.bank, x.amount::text as amount,
        x.term_months as "termMonths", x.annual_rate::text as "annualRate"
      from guaranteed_loan x join laborer l on l.id = x.laborer_id where l.id_number || ':' || x.applied_on::text in (select jsonb_array_elements_text(?::jsonb))`,
    updatable: ['purpose', 'bank', 'amount', 'termMonths', 'annualRate'],
    createArgs: (v, laborerId) => ({ laborerId: String(laborerId), purpose: v.purpose, bank: v.bank, amount: num(v.amount), termMonths: v.termMonths, annualRate: num(v.annualRate), appliedOn: v.appliedOn }),
  },
  DREAM_SCHOOLINGS: {
    table: 'dream_schooling',
    create: 'createDreamSchooling',
    update: 'updateDreamSchooling',
    remove: 'deleteDreamSchooling',
    key: (v) => (v.idNumber && v.intakeYear ? `${v.idNumber}:${v.intakeYear}` : null),
    lookup: `select x.id, extract(epoch from x.updated_at)::text as version, l.id_number || ':' || x.intake_year as key, x.school, x.major, x.tuition_waived as "tuitionWaived",
        x.living_subsidy_per_term::text as "livingSubsidyPerTerm"
      from dream_schooling x join laborer l on l.id = x.laborer_id where l.id_number || ':' || x.intake_year in (select jsonb_array_elements_text(?::jsonb))`,
    updatable: ['school', 'major', 'tuitionWaived', 'livingSubsidyPerTerm'],
    createArgs: (v, laborerId) => ({ laborerId: String(laborerId), school: v.school, major: v.major, intakeYear: v.intakeYear, tuitionWaived: v.tuitionWaived, livingSubsidyPerTerm: num(v.livingSubsidyPerTerm) }),
  },
  ENTERPRISES: {
    table: 'enterprise',
    create: 'createEnterprise',
    update: 'updateEnterprise',
    remove: 'deleteEnterprise',
    key: (v) => (v.idNumber && v.name ? `${v.idNumber}:${v.name}` : null),
    lookup: `select x.id, extract(epoch from x.updated_at)::text as version, l.id_number || ':' || x.name as key, x.sector, x.started_on::text as "startedOn", x.employees
      from enterprise x join laborer l on l.id = x.laborer_id where l.id_number || ':' || x.name in (select jsonb_array_elements_text(?::jsonb))`,
    updatable: ['sector', 'startedOn', 'employees'],
    createArgs: (v, laborerId) => ({ laborerId: String(laborerId), name: v.name, sector: v.sector, startedOn: v.startedOn, employees: v.employees }),
  },
  SUBSIDY_PAYMENTS: {
    table: 'subsidy_payment',
    create: 'createSubsidyPayment',
    // An application is never edited: the API only approves, pays or rejects it (a rejected one is applied for again).
    update: null,
    // No payment is ever deleted (money keeps its trail): undo rejects the application it made, which
    // frees its share of the budget; one approved or paid since has changed and is kept.
    remove: { mutation: 'rejectSubsidyPayment', args: { reason: '撤销导入批次' } },
    key: (v) => (v.policyId && v.idNumber && v.period ? `${v.policyId}:${v.idNumber}:${v.period}` : null),
    lookup: `select x.id, extract(epoch from x.updated_at)::text as version, x.policy_id || ':' || l.id_number || ':' || x.period as key, x.amount::text as amount, x.applied_on::text as "appliedOn"
      from subsidy_payment x join laborer l on l.id = x.laborer_id where x.policy_id || ':' || l.id_number || ':' || x.period in (select jsonb_array_elements_text(?::jsonb))`,
    updatable: ['amount'],
    createArgs: (v, laborerId) => ({ policyId: v.policyId, laborerId: String(laborerId), recordId: v.recordId, period: v.period, amount: num(v.amount), appliedOn: v.appliedOn }),
  },
  // Keyed by region, year and indicator (the table's unique key): a row sets a new target or changes the
  // value or note of the stored one; the mutations check the region level, the year and the value.
  TARGETS: {
    table: 'target',
    create: 'createTarget',
    update: 'updateTarget',
    remove: 'deleteTarget',
    laborer: false,
    key: (v) => (v.regionId && v.year != null && v.indicator ? `${v.regionId}:${v.year}:${v.indicator}` : null),
    lookup: `select x.id, extract(epoch from x.updated_at)::text as version, x.region_code || ':' || x.year || ':' || x.indicator as key, x.value::text as value, x.note
      from target x where x.region_code || ':' || x.year || ':' || x.indicator in (select jsonb_array_elements_text(?::jsonb))`,
    updatable: ['value', 'note'],
    createArgs: (v) => ({ regionId: v.regionId, year: v.year, indicator: v.indicator, value: num(v.value), note: v.note }),
  },
};

/** The table of a programme dataset's records. */
export function programTable(dataset: string): string {
  return SPECS[dataset].table;
}

/** Update arguments: money and rates (decimal strings) as the numbers the API's Float arguments take. */
function numbers(set: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(set)) out[k] = ['amount', 'annualRate', 'livingSubsidyPerTerm', 'value'].includes(k) && typeof v === 'string' ? Number(v) : v;
  return out;
}

/** Money arrives as a two-decimal string; the API's Float arguments take a number. */
function num(v: unknown): number | undefined {
  return v === undefined || v === null ? undefined : Number(v);
}

let hubSchema: GraphQLSchema | undefined;
/** The hub's executable schema (given by the server: this module's resolvers are part of it). */
export function useSchema(s: GraphQLSchema): void {
  hubSchema = s;
}
export async function schema(): Promise<GraphQLSchema> {
  if (!hubSchema) throw new Error('import: the schema was not given (useSchema)');
  return hubSchema;
}

/** Runs one mutation of the API as the clerk, in `em`'s transaction; answers the record id or the coded error. */
async function runMutation(em: EntityManager, p: Principal, name: string, args: Record<string, unknown>): Promise<{ id?: number; error?: { code: string; field?: string; params?: Record<string, string | number>; message: string } }> {
  const s = await schema();
  const field = s.getMutationType()!.getFields()[name];
  const given = field.args.filter((a) => args[a.name] !== undefined);
  const source = `mutation(${given.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')}) { r: ${name}(${given.map((a) => `${a.name}: $${a.name}`).join(', ')}) { id } }`;
  bindScope(em, p);
  const ctx: Context = { em, lang: 'zh', loaders: new Loaders(), principal: { ...p, sessionId: 0 } };
  const res = await graphql({ schema: s, source: given.length ? source : `mutation { r: ${name} { id } }`, variableValues: args, contextValue: ctx });
  if (res.errors?.length) {
    const e = res.errors[0];
    const ext = (e.extensions ?? {}) as { code?: string; field?: string; params?: Record<string, string | number> };
    const mapped = ext.code ? ext : dbError(e.originalError);
    const code = mapped.code ?? 'VALIDATION_FAILED';
    return { error: { code, field: mapped.field, params: mapped.params, message: renderMessage(code as never, 'zh', mapped.field, mapped.params ?? {}) } };
  }
  return { id: Number((res.data as { r: { id: string } }).r.id) };
}

function dbError(e: unknown): { code?: string; field?: string; params?: Record<string, string | number> } {
  // Constraint violations are mapped by the same function the API's formatError uses.
  const m = fromDatabaseError(e);
  return m ? { code: m.code, field: m.field, params: m.params } : {};
}

/** Inside a savepoint: kept when `fn` answers true, rolled back otherwise. */
async function savepoint(em: EntityManager, fn: (em: EntityManager) => Promise<boolean>): Promise<boolean> {
  class Rollback extends Error {}
  try {
    await em.transactional(async (inner) => {
      if (!(await fn(inner as EntityManager))) throw new Rollback();
    });
    return true;
  } catch (e) {
    if (e instanceof Rollback) return false;
    throw e;
  }
}

const show = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

export class ProgramPreview {
  private spec: ProgramSpec;
  private seen = new Map<string, number>();

  constructor(
    private orm: MikroORM,
    private def: DatasetDef,
    private principal: Principal,
    private columnOf: (field: string | undefined) => string | undefined,
    private eraseEmpty: boolean,
  ) {
    this.spec = SPECS[def.dataset];
  }

  async prepare(rows: ConvertedRow[]): Promise<PreviewRow[]> {
    const out: PreviewRow[] = [];
    // Validated by the API's own mutations in a transaction that is rolled back: the preview writes nothing.
    class Discard extends Error {}
    await this.orm.em
      .fork()
      .transactional(async (em) => {
        const sql: Sql = (t, p = []) => em.getConnection('write').execute(t, p as never[], 'all', em.getTransactionContext());
        const plan = await planRows(sql, this.spec, rows, this.seen, this.columnOf, this.principal, this.eraseEmpty);
        for (const r of plan) {
          if (r.kind === 'REFUSED' || r.kind === 'UNCHANGED') {
            out.push(r);
            continue;
          }
          await savepoint(em as EntityManager, async (inner) => {
            const args = r.kind === 'CREATE' ? (r.values!.create as Record<string, unknown>) : { id: String(r.targetId), ...numbers(r.values!.set as Record<string, unknown>) };
            const res = await runMutation(inner, this.principal, r.kind === 'CREATE' ? this.spec.create : this.spec.update!, args);
            if (res.error) {
              const field = res.error.field === 'laborerId' ? 'idNumber' : res.error.field;
              r.kind = 'REFUSED';
              r.errors = [{ ...res.error, field, column: this.columnOf(field) }];
              r.values = null;
              return false;
            }
            return true;
          });
          out.push(r);
        }
        throw new Discard();
      })
      .catch((e) => {
        if (!(e instanceof Discard)) throw e;
      });
    return out;
  }
}

/** Kind, changes and mutation arguments of each row (no write). */
async function planRows(sql: Sql, spec: ProgramSpec, rows: ConvertedRow[], seen: Map<string, number>, columnOf: (f: string | undefined) => string | undefined, p: Principal, eraseEmpty: boolean): Promise<PreviewRow[]> {
  const ids = [...new Set(rows.map((r) => r.values.idNumber).filter((x): x is string => typeof x === 'string'))];
  const laborers = new Map<string, { id: number; village_code: string }>();
  if (ids.length) for (const l of await sql(`select id, id_number, village_code from laborer where id_number in (select jsonb_array_elements_text(?::jsonb))`, [JSON.stringify(ids)])) laborers.set(l.id_number, l);
  const keys = [...new Set(rows.map((r) => spec.key(r.values)).filter((k): k is string => !!k))];
  const stored = new Map<string, Record<string, unknown>>();
  if (keys.length) for (const s of await sql(spec.lookup, [JSON.stringify(keys)])) stored.set(s.key, s);
  return rows.map((r) => {
    const out: PreviewRow = { n: r.n, kind: 'REFUSED', key: spec.key(r.values), raw: r.raw, values: null, before: null, changes: null, errors: null, empties: r.empties, targetId: null, targetVersion: null, countyCode: null };
    const byLaborer = spec.laborer !== false;
    if (byLaborer && r.values.idNumber === undefined && !r.errors.some((e) => e.field === 'idNumber')) r.errors.push(cellError('REQUIRED', 'idNumber', columnOf('idNumber')));
    const laborer = byLaborer && typeof r.values.idNumber === 'string' ? laborers.get(r.values.idNumber) : undefined;
    if (byLaborer && typeof r.values.idNumber === 'string' && !laborer) r.errors.push(cellError('INVALID_REFERENCE', 'idNumber', columnOf('idNumber')));
    if (laborer) out.countyCode = `${laborer.village_code.slice(0, 6)}000000`;
    if (out.key) {
      const first = seen.get(out.key);
      const keyField = byLaborer ? 'idNumber' : 'regionId';
      if (first !== undefined) r.errors.push(cellError('DUPLICATE_IN_FILE', keyField, columnOf(keyField), { max: first }));
      else seen.set(out.key, r.n);
    }
    if (r.errors.length) {
      out.errors = r.errors;
      return out;
    }
    const existing = out.key ? stored.get(out.key) : undefined;
    if (existing) {
      const set: Record<string, unknown> = {};
      const before: Record<string, unknown> = {};
      for (const f of spec.updatable) {
        const nv = f in r.values ? r.values[f] : eraseEmpty && r.empties.includes(f) ? null : undefined;
        if (nv === undefined) continue;
        const same = typeof nv === 'string' && /^-?\d+(\.\d+)?$/.test(nv) && existing[f] !== null && !Number.isNaN(Number(existing[f])) ? Number(nv) === Number(existing[f]) : show(nv) === show(existing[f]);
        if (!same) {
          set[f] = nv;
          before[f] = existing[f];
        }
      }
      out.targetId = Number(existing.id);
      out.targetVersion = String(existing.version);
      out.before = before;
      out.values = { set };
      out.changes = Object.entries(set).map(([f, nv]) => ({ field: f, label: f, old: show(before[f]), new: show(nv) }));
      out.kind = out.changes.length ? 'UPDATE' : 'UNCHANGED';
      if (out.changes.length && !spec.update) {
        const f = out.changes[0].field;
        out.errors = [cellError('CONFLICT', f, columnOf(f), { detail: 'IMPORT_NO_UPDATE' })];
        out.kind = 'REFUSED';
        out.values = null;
        out.changes = null;
      }
    } else {
      out.values = { create: spec.createArgs(r.values, laborer?.id ?? null) };
      out.kind = 'CREATE';
    }
    void p;
    return out;
  });
}

export async function commitProgram(
  _orm: MikroORM,
  em: EntityManager,
  def: DatasetDef,
  batchId: number,
  p: Principal,
  kinds: string[],
  atomicity: string,
  progress: (done: number) => Promise<void>,
): Promise<{ created: number; updated: number; householdsCreated?: number; householdsUpdated?: number }> {
  const spec = SPECS[def.dataset];
  const sql: Sql = (t, params = []) => em.getConnection('write').execute(t, params as never[], 'all', em.getTransactionContext());
  const rows = await sql(`select row_number, kind, target_id, "values", before from import_row where batch_id = ? and kind in (select jsonb_array_elements_text(?::jsonb)) order by row_number`, [batchId, JSON.stringify(kinds)]);
  let created = 0;
  let updated = 0;
  let done = 0;
  for (const r of rows) {
    const ok = await savepoint(em, async (inner) => {
      const args = r.kind === 'CREATE' ? r.values.create : { id: String(r.target_id), ...numbers(r.values.set) };
      const res = await runMutation(inner, p, r.kind === 'CREATE' ? spec.create : spec.update!, args);
      if (res.error) {
        if (atomicity === 'ALL_OR_NOTHING') {
          throw new AppError(res.error.code as never, res.error.field, res.error.params ?? {});
        }
        return false;
      }
      const id = r.kind === 'CREATE' ? res.id! : r.target_id;
      const [v] = await sql(`select extract(epoch from updated_at)::text as version from ${spec.table} where id = ?`, [id]);
      await sql(`insert into import_change (batch_id, entity, record_id, action, before, version, row_number) values (?, ?, ?, ?, ?::jsonb, ?, ?)`, [
        batchId,
        def.type,
        id,
        r.kind,
        r.kind === 'UPDATE' ? JSON.stringify(r.before) : null,
        v.version,
        r.row_number,
      ]);
      return true;
    });
    if (ok && r.kind === 'CREATE') created++;
    if (ok && r.kind === 'UPDATE') updated++;
    if (++done % 200 === 0) await progress(done);
  }
  return { created, updated };
}

export async function planProgramUndo(sql: Sql, def: DatasetDef, batchId: number) {
  const spec = SPECS[def.dataset];
  const rows = await sql(
    `select c.record_id, c.action, c.row_number, case when x.id is null then 'GONE' when extract(epoch from x.updated_at)::text <> c.version then 'CHANGED' else 'OK' end as state
     from import_change c left join ${spec.table} x on x.id = c.record_id where c.batch_id = ?`,
    [batchId],
  );
  const plan = { remove: 0, restore: 0, kept: [] as { entity: string; recordId: number; rowNumber: number | null; reason: string }[] };
  for (const r of rows) {
    if (r.state === 'OK') r.action === 'CREATE' ? plan.remove++ : plan.restore++;
    else if (r.state !== 'GONE') plan.kept.push({ entity: def.type, recordId: r.record_id, rowNumber: r.row_number, reason: r.state });
  }
  return plan;
}

export async function undoProgram(_orm: MikroORM, em: EntityManager, def: DatasetDef, batchId: number, p: Principal) {
  const spec = SPECS[def.dataset];
  const sql: Sql = (t, params = []) => em.getConnection('write').execute(t, params as never[], 'all', em.getTransactionContext());
  const plan = await planProgramUndo(sql, def, batchId);
  const kept = new Set(plan.kept.map((k) => k.recordId));
  const changes = await sql(`select record_id, action, before from import_change where batch_id = ? order by record_id desc`, [batchId]);
  for (const c of changes) {
    if (kept.has(c.record_id)) continue;
    const remove = typeof spec.remove === 'string' ? { mutation: spec.remove, args: {} } : spec.remove;
    const res = c.action === 'CREATE' ? await runMutation(em, p, remove.mutation, { id: String(c.record_id), ...remove.args }) : await runMutation(em, p, spec.update!, { id: String(c.record_id), ...numbers(c.before) });
    if (res.error && res.error.code !== 'NOT_FOUND') {
      throw new AppError(res.error.code as never, res.error.field, res.error.params ?? {});
    }
  }
  return plan;
}
