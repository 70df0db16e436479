import { INDICATORS } from '@fupin/schema';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { finished } from 'node:stream/promises';
import { graphql, type GraphQLObjectType, type GraphQLSchema, getNamedType, isEnumType, isObjectType, isScalarType } from 'graphql';
import { AppError, fieldLabel } from '../../common/errors';
import { Loaders } from '../../common/loaders';
import type { Context } from '../../context';
import type { Principal } from '../auth/access';
import { bindScope } from '../auth/scope';
import { assertMaskedUse, mask, seesPersonalData } from '../auth/sensitive';
import { writeAudit } from '../audit/audit.subscriber';
import type { Jobs } from '../jobs/jobs';
import { Laborer } from '../registry/laborer.entity';
import { laborerWhere, type LaborerFilter } from '../registry/registry.resolver';
import { DATASETS, type DatasetDef, LABORERS } from './import.datasets';
import { principalOfBatch, sqlOf } from './import.service';
import { schema } from './import.program';
import { ChunkSink, pipeChunks } from './export.store';
import { openWorkbook, writeTable } from './xlsx';

/**
 * Exports as jobs: every list with its filter, as .xlsx in the template layout of its dataset when it has
 * one (so the file imports back unchanged), else a plain table of the list's fields. Runs as the user
 * who asked (scope filter, masking of personal data for masked roles); audited; the file is streamed
 * into export_chunk as it is written (export.store.ts) so any hub instance can serve it.
 */

const TABLE = 'export_job';
const PAGE = 5000;

/** List resources with a dataset layout: every importable dataset, by the GraphQL type of its records. */
const DATASET_OF: Record<string, DatasetDef> = Object.fromEntries(Object.values(DATASETS).map((d) => [d.type, d]));

/** The list query's selection of a dataset's columns: `laborer.idNumber` and `laborer.name` become `laborer { idNumber name }`. */
function selectionOf(def: DatasetDef): string {
  const top = new Map<string, Set<string>>();
  for (const c of def.columns) {
    const [head, sub] = (c.from ?? c.field).split('.');
    if (!top.has(head)) top.set(head, new Set());
    if (sub) top.get(head)!.add(sub);
  }
  return [...top].map(([head, subs]) => (subs.size ? `${head} { ${[...subs].join(' ')} }` : head)).join(' ');
}

/** A value of a list record at a column's path (`laborer.idNumber`). */
function valueAt(r: Record<string, unknown>, path: string): unknown {
  const [head, sub] = path.split('.');
  const v = r[head];
  return sub ? (v as Record<string, unknown> | null | undefined)?.[sub] : v;
}

function contextFor(em: EntityManager, p: Principal): Context {
  const fork = em.fork();
  bindScope(fork, p);
  return { em: fork, lang: 'zh', loaders: new Loaders(), principal: { ...p, sessionId: 0 } };
}

/** Names of the list query and its metadata for a resource (e.g. Laborer → allLaborers). */
async function listOf(resource: string): Promise<{ list: string; meta: string; type: GraphQLObjectType } | null> {
  const s = await schema();
  const q = s.getQueryType()!.getFields();
  for (const name of Object.keys(q)) {
    if (!name.startsWith('all') || !name.endsWith('s')) continue;
    const t = getNamedType(q[name].type);
    if (isObjectType(t) && t.name === resource && q[`_${name}Meta`]) return { list: name, meta: `_${name}Meta`, type: t };
  }
  return null;
}

/** The GraphQL types of a list query's filter and sort arguments (for the variables of a query sent as the user). */
function argTypes(s: GraphQLSchema, list: string): { filter: string; sortField: string; sortOrder: string } {
  const args = s.getQueryType()!.getFields()[list].args;
  const of = (name: string, dflt: string) => args.find((a) => a.name === name)?.type.toString().replace(/!$/, '') ?? dflt;
  return { filter: of('filter', 'JSON'), sortField: of('sortField', 'String'), sortOrder: of('sortOrder', 'String') };
}

/** The coded error of a list query run as the user (a filter that does not fit its type: VALIDATION_FAILED on filter). */
function errorOf(e: { extensions?: Record<string, unknown>; originalError?: unknown }): AppError {
  if (e.originalError instanceof AppError) return e.originalError;
  const ext = e.extensions as { code?: string; field?: string; params?: Record<string, string> } | undefined;
  if (ext?.code && ext.code !== 'INTERNAL_SERVER_ERROR' && ext.code !== 'BAD_USER_INPUT') return new AppError(ext.code as never, ext.field ?? 'filter', ext.params ?? {});
  return new AppError('VALIDATION_FAILED', 'filter');
}

export class ExportService {
  constructor(
    private orm: MikroORM,
    private jobs: Jobs,
  ) {
    jobs.defineTable({ table: TABLE, running: ['RUNNING'], failSet: `status = 'FAILED', error = '{"code":"IMPORT_INTERRUPTED"}'::jsonb, finished_at = now()` });
    jobs.define('export.run', TABLE, async (p) => this.run(Number(p.id)));
  }

  private sql = () => sqlOf(this.orm.em);

  /**
   * Refuses, before anything is written, what the list itself would refuse this user: the filter and
   * sort go through the list query as the user (limit 1), so its checks apply to every export path and
   * every dataset alike: the filter's own validation, the scope, and for masked roles the ban on sorting
   * by or filtering on personal data beyond what the mask shows (`assertMaskedUse`).
   */
  async check(p: Principal, resource: string, filter: Record<string, unknown> | null, sortField?: string | null, sortOrder?: string | null): Promise<void> {
    if (['DASHBOARD', 'TRACKING'].includes(resource)) return;
    const l = await listOf(resource);
    if (!l) throw new AppError('VALIDATION_FAILED', 'resource');
    if (p.role === 'VIEWER') throw new AppError('FORBIDDEN');
    const s = await schema();
    const t = argTypes(s, l.list);
    const res = await graphql({
      schema: s,
      source: `query($f: ${t.filter}, $sf: ${t.sortField}, $so: ${t.sortOrder}) { rows: ${l.list}(filter: $f, page: 0, perPage: 1, sortField: $sf, sortOrder: $so) { __typename } }`,
      variableValues: { f: filter && Object.keys(filter).length ? filter : null, sf: sortField ?? null, so: sortOrder ?? null },
      contextValue: contextFor(this.orm.em, p),
    });
    if (res.errors?.length) throw errorOf(res.errors[0]);
  }

  async start(p: Principal, resource: string, filter: Record<string, unknown> | null, sortField?: string, sortOrder?: string): Promise<number> {
    if (!['DASHBOARD', 'TRACKING'].includes(resource) && !(await listOf(resource))) throw new AppError('VALIDATION_FAILED', 'resource');
    await this.check(p, resource, filter, sortField, sortOrder);
    const [row] = await this.sql()(
      `insert into export_job (resource, filter, sort_field, sort_order, user_id, username, role, scope) values (?, ?::jsonb, ?, ?, ?, ?, ?, ?) returning id`,
      [resource, JSON.stringify(filter ?? {}), sortField ?? null, sortOrder ?? null, p.userId, p.username, p.role, p.scope],
    );
    await this.jobs.add('export.run', { id: row.id });
    return row.id;
  }

  async job(id: number) {
    const [j] = await this.sql()(`select id, resource, filter, status, rows_done, rows_total, file_name, error, user_id, username, role, scope, created_at, finished_at from export_job where id = ?`, [id]);
    return j ?? null;
  }

  /** The file of a job (name, owner, state, size); its bytes are read by `writeFile`. */
  async file(id: number): Promise<{ name: string; bytes: number | null; userId: number | null; status: string } | null> {
    const [j] = await this.sql()(`select file_name, file_bytes, user_id, status from export_job where id = ?`, [id]);
    return j ? { name: j.file_name, bytes: j.file_bytes === null ? null : Number(j.file_bytes), userId: j.user_id, status: j.status } : null;
  }

  /** Streams a finished job's file to `out`, chunk by chunk (from whichever instance wrote it). */
  async writeFile(id: number, out: NodeJS.WritableStream): Promise<void> {
    await pipeChunks(this.orm.em.fork() as EntityManager, id, out);
  }

  async run(id: number): Promise<void> {
    const [j] = await this.sql()(`update export_job set status = 'RUNNING', heartbeat_at = now() where id = ? and status = 'QUEUED' returning *`, [id]);
    if (!j) return;
    const p = principalOfBatch(j);
    const progress = (done: number, total: number) => this.sql()(`update export_job set rows_done = ?, rows_total = ?, heartbeat_at = now() where id = ?`, [done, total, id]).then(() => undefined);
    try {
      // One transaction holds the file's chunks, the DONE and the audit row: a job that fails, or whose
      // hub dies, leaves no chunk behind (the reads and the progress go through other connections).
      await this.orm.em.fork().transactional(async (em) => {
        const stream = new ChunkSink(em as EntityManager, id);
        // A chunk the database refused fails the job even while the writer is not looking at the stream.
        const sinkFailed = new Promise<never>((_, reject) => stream.once('error', reject));
        let rows = 0;
        let fileName = '';
        const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
        const write = async () => {
          if (j.resource === 'Laborer') {
            rows = await this.exportLaborers(stream, p, j.filter as LaborerFilter, progress);
            fileName = `贫困劳动力名册_${stamp}.xlsx`;
          } else if (j.resource === 'DASHBOARD' || j.resource === 'TRACKING') {
            rows = await this.exportStatistics(stream, p, j.resource, j.filter);
            fileName = `${j.resource === 'DASHBOARD' ? '数据看板' : '补贴跟踪'}_${stamp}.xlsx`;
          } else {
            rows = await this.exportList(stream, p, j.resource, j.filter, j.sort_field, j.sort_order, progress);
            fileName = `${DATASET_OF[j.resource]?.label ?? j.resource}_${stamp}.xlsx`;
          }
          if (!stream.writableFinished) await finished(stream);
        };
        try {
          await Promise.race([write(), sinkFailed]);
        } catch (e) {
          stream.destroy();
          throw e;
        }
        const sql = sqlOf(em as EntityManager);
        // Only a job still running becomes DONE: one another instance marked FAILED (its heartbeat stopped) stays so.
        const done = await sql(`update export_job set status = 'DONE', file_name = ?, file_bytes = ?, rows_done = ?, rows_total = ?, finished_at = now(), heartbeat_at = null where id = ? and status = 'RUNNING' returning id`, [fileName, stream.bytes, rows, rows, id]);
        if (!done.length) throw new AppError('IMPORT_INTERRUPTED');
        // Every export is audited: who took which list, with which filter, how many rows.
        await writeAudit(em as EntityManager, [
          { userId: p.userId, username: p.username, action: 'EXPORT', entity: j.resource, recordId: String(id), regionCode: p.scope, before: null, after: { filter: j.filter, rows, fileName, masked: !['CITY_ADMIN', 'OPERATOR'].includes(p.role) } },
        ]);
      });
    } catch (e) {
      const err = e instanceof AppError ? { code: e.code, field: e.field, params: e.params } : { code: 'INTERNAL_SERVER_ERROR' };
      if (!(e instanceof AppError)) console.error('[hub] export failed', e);
      await this.sql()(`update export_job set status = 'FAILED', error = ?::jsonb, finished_at = now(), heartbeat_at = null where id = ? and status <> 'FAILED'`, [JSON.stringify(err), id]);
    }
  }

  /** A list's records in its dataset's template layout, straight to `out` (the pre-filled template). */
  /** The caller runs `check` first (before the response starts); audited like an export. */
  async writeDataset(out: NodeJS.WritableStream, p: Principal, resource: string, filter: Record<string, unknown>): Promise<void> {
    const none = async () => {};
    const rows = resource === 'Laborer' ? await this.exportLaborers(out, p, filter as LaborerFilter, none) : await this.exportList(out, p, resource, filter, null, null, none);
    await writeAudit(this.orm.em.fork() as EntityManager, [
      { userId: p.userId, username: p.username, action: 'EXPORT', entity: resource, recordId: 'template', regionCode: p.scope, before: null, after: { filter, rows, template: true, masked: !['CITY_ADMIN', 'OPERATOR'].includes(p.role) } },
    ]);
  }

  /**
   * The registry in the LABORERS template layout. The list's own filter and the user's scope (the ORM's
   * scope filter, applied to the query builder) pick each page of ids by keyset in SQL; the page's rows,
   * their households and each household's head's ID number (once per household, not a subquery per row)
   * come in the same statement, as plain rows (no entity per row: the registry is 170,000 of them).
   */
  private async exportLaborers(out: NodeJS.WritableStream, p: Principal, filter: LaborerFilter, progress: (d: number, t: number) => Promise<void>): Promise<number> {
    const ctx = contextFor(this.orm.em, p);
    const where = laborerWhere(filter && Object.keys(filter).length ? (filter as LaborerFilter) : undefined);
    // The same rule as the list's (`check` ran it at the start; the job runs it again on what it applies).
    assertMaskedUse(ctx, 'Laborer', where);
    // The query builder does not apply filters by itself: the scope is added here, as find() would.
    const scoped = async (after: number | null) => {
      const qb = ctx.em.createQueryBuilder(Laborer, 'l').where(where as never);
      if (after !== null) qb.andWhere({ id: { $gt: after } });
      await qb.applyFilters();
      return { qb }; // wrapped: a query builder is thenable, an async function returning it would run it
    };
    const total = await (await scoped(null)).qb.getCount();
    await progress(0, total);
    const wb = openWorkbook(out as never, { def: LABORERS, villages: await this.villagesOf(p), validationRows: total + 1000 });
    const seesAll = seesPersonalData(ctx);
    const sql = sqlOf(this.orm.em);
    const fetchPage = async (after: number | null) => {
      const q = (await scoped(after)).qb.select('l.id').orderBy({ id: 'ASC' }).limit(PAGE).getKnexQuery().toSQL();
      // `= any(array(...))` keeps every step an index scan (joined to a page of ids, the planner reads whole tables).
      return sql(
        `with page as materialized (
             select l.id, l.household_id, l.village_code, l.name, l.id_number, l.phone, l.education, l.skills, l.wants_training, l.wants_transfer, l.wants_enterprise
             from laborer l where l.id = any(array(${q.sql}))),
           hh as materialized (select h.id, h.head_name, h.member_count, h.helper_name from household h where h.id = any(array(select distinct household_id from page))),
           heads as (
             select distinct on (x.household_id) x.household_id, x.id_number
             from laborer x join hh on hh.id = x.household_id
             where x.household_id = any(array(select id from hh))
             order by x.household_id, (x.name = hh.head_name) desc, x.id)
         select l.*, r.name as village_name, h.head_name, h.member_count, h.helper_name, hd.id_number as head_id
         from page l join hh h on h.id = l.household_id join region r on r.code = l.village_code
           left join heads hd on hd.household_id = l.household_id
         order by l.id`,
        q.bindings as unknown[],
      );
    };
    let n = 0;
    let next = fetchPage(null);
    for (;;) {
      const page = await next;
      const more = page.length === PAGE;
      // The next page is read while this one is written (the database works on the other core meanwhile).
      if (more) (next = fetchPage(page[page.length - 1].id)).catch(() => {});
      for (const l of page) {
        // Masked roles get masked values (the scope already left out other regions' rows).
        wb.add({
          villageId: l.village_code,
          villageName: l.village_name,
          headIdNumber: l.head_id && (seesAll ? l.head_id : mask('ID_NUMBER', l.head_id)),
          headName: l.head_name,
          memberCount: l.member_count,
          helperName: l.helper_name,
          name: l.name,
          idNumber: seesAll ? l.id_number : mask('ID_NUMBER', l.id_number),
          phone: l.phone && (seesAll ? l.phone : mask('PHONE', l.phone)),
          education: l.education,
          skills: l.skills,
          wantsTraining: l.wants_training,
          wantsTransfer: l.wants_transfer,
          wantsEnterprise: l.wants_enterprise,
        });
        if (++n % 1000 === 0) await wb.flush();
      }
      await wb.flush();
      // A total that moved while the export ran (rows added or removed meanwhile) is shown as it is now.
      await progress(n, Math.max(total, n));
      if (!more) break;
    }
    await wb.finish();
    return n;
  }

  async villagesOf(p: Principal): Promise<{ code: string; name: string }[]> {
    const prefix = p.scope ? p.scope.replace(/0+$/, '') : '';
    return this.sql()(`select code, name from region where level = 'VILLAGE' and code like ? order by code`, [`${prefix}%`]);
  }

  /** Any other list: through its GraphQL list query as the user (filter, scope and masking as the API applies them). */
  private async exportList(out: NodeJS.WritableStream, p: Principal, resource: string, filter: Record<string, unknown>, sortField: string | null, sortOrder: string | null, progress: (d: number, t: number) => Promise<void>): Promise<number> {
    const s = await schema();
    const l = (await listOf(resource))!;
    const def = DATASET_OF[resource];
    const fields = l.type.getFields();
    const scalar = Object.values(fields).filter((f) => {
      const t = getNamedType(f.type);
      return (isScalarType(t) || isEnumType(t)) && f.args.length === 0;
    });
    const hasLaborer = !!fields.laborer;
    // A dataset's columns name where each value is in the record (`laborer.idNumber`): nested ones are
    // sub-selections, which the list resolves with its loaders (one query per page, none per row).
    const selection = def ? selectionOf(def) : `${scalar.map((f) => f.name).join(' ')}${hasLaborer ? ' laborer { name idNumber }' : ''}`;
    const t = argTypes(s, l.list);
    const run = async (page: number) => {
      const ctx = contextFor(this.orm.em, p);
      const res = await graphql({
        schema: s,
        source: `query($f: ${t.filter}, $page: Int, $sf: ${t.sortField}, $so: ${t.sortOrder}) { rows: ${l.list}(filter: $f, page: $page, perPage: 500, sortField: $sf, sortOrder: $so) { ${selection} } meta: ${l.meta}(filter: $f) { count } }`,
        variableValues: { f: filter && Object.keys(filter).length ? filter : null, page, sf: sortField, so: sortOrder },
        contextValue: ctx,
      });
      if (res.errors?.length) throw errorOf(res.errors[0]);
      return res.data as { rows: Record<string, unknown>[]; meta: { count: number } };
    };
    let n = 0;
    if (def) {
      const first = await run(0);
      // The drop-downs cover the rows written and room to add (known from the first page's count).
      const wb = openWorkbook(out as never, { def, validationRows: first.meta.count + 1000 });
      for (let page = 0; ; page++) {
        const { rows, meta } = page === 0 ? first : await run(page);
        for (const r of rows) wb.add(Object.fromEntries(def.columns.map((c) => [c.field, valueAt(r, c.from ?? c.field)])));
        n += rows.length;
        await progress(n, meta.count);
        await wb.flush();
        if (rows.length < 500) break;
      }
      await wb.finish();
      return n;
    }
    const headers = [...scalar.map((f) => ({ label: fieldLabel(f.name), text: true })), ...(hasLaborer ? [{ label: '姓名' }, { label: '身份证号', width: 22, text: true }] : [])];
    async function* all() {
      for (let page = 0; ; page++) {
        const { rows, meta } = await run(page);
        for (const r of rows) {
          const lab = r.laborer as { name: string; idNumber: string } | undefined;
          yield [...scalar.map((f) => r[f.name] as unknown), ...(hasLaborer ? [lab?.name, lab?.idNumber] : [])];
        }
        n += rows.length;
        await progress(n, meta.count);
        if (rows.length < 500) break;
      }
    }
    await writeTable(out as never, resource, headers, all());
    return n;
  }

  /** The dashboard's and the tracking page's tables. */
  private async exportStatistics(out: NodeJS.WritableStream, p: Principal, resource: string, filter: Record<string, unknown>): Promise<number> {
    const s = await schema();
    const ctx = contextFor(this.orm.em, p);
    if (resource === 'DASHBOARD') {
      const level = (filter.level as string) || 'COUNTY';
      const res = await graphql({
        schema: s,
        // The period the dashboard shows (as of a date, a year, or a range of months): the file has the page's figures.
        source: `query($level: RegionLevel!, $within: ID, $asOf: LocalDate, $year: Int, $from: String, $to: String) {
          leagueTable(level: $level, indicator: laborers, within: $within, order: ASC, asOf: $asOf, year: $year, from: $from, to: $to) { stats { regionCode region { name } ${INDICATORS.map((i) => i.key).join(' ')} } } }`,
        variableValues: {
          level,
          within: ((filter.within ?? filter.regionCode) as string) || null,
          asOf: (filter.asOf as string) || null,
          year: filter.year == null || filter.year === '' ? null : Number(filter.year),
          from: (filter.from as string) || null,
          to: (filter.to as string) || null,
        },
        contextValue: ctx,
      });
      if (res.errors?.length) {
        const ext = res.errors[0].extensions as { code?: string; field?: string; params?: Record<string, string> } | undefined;
        throw new AppError((ext?.code as never) ?? 'VALIDATION_FAILED', ext?.field ?? 'filter', ext?.params ?? {});
      }
      const rows = (res.data as { leagueTable: { stats: Record<string, unknown> & { regionCode: string; region: { name: string } } }[] }).leagueTable.sort((a, b) => a.stats.regionCode.localeCompare(b.stats.regionCode));
      await writeTable(
        out as never,
        '数据看板',
        [{ label: '区划代码', text: true }, { label: '地区' }, ...INDICATORS.map((i) => ({ label: `${i.zh}`, width: 12 }))],
        rows.map((r) => [r.stats.regionCode, r.stats.region.name, ...INDICATORS.map((i) => (r.stats[i.key] as number | null) ?? null)]),
      );
      return rows.length;
    }
    // TRACKING: the tracking page's tables, by child region then by month.
    const res = await graphql({
      schema: s,
      source: `query($p: ID!, $r: ID!, $y: Int!) { t: subsidyTracking(policyId: $p, regionCode: $r, year: $y) { budget approved paid remaining
        byChild { code name budget approved paid } byMonth { month approved paid } } }`,
      variableValues: { p: String(filter.policyId ?? ''), r: String(filter.regionCode ?? ''), y: Number(filter.year) },
      contextValue: ctx,
    });
    if (res.errors?.length) {
      const ext = res.errors[0].extensions as { code?: string; field?: string } | undefined;
      throw new AppError(ext?.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'VALIDATION_FAILED', ext?.field ?? 'filter');
    }
    const t = (res.data as { t: { budget: number; approved: number; paid: number; remaining: number; byChild: { code: string; name: string; budget: number | null; approved: number; paid: number }[]; byMonth: { month: number; approved: number; paid: number }[] } }).t;
    const rows: unknown[][] = [
      ...t.byChild.map((c) => [c.code, c.name, c.budget, c.approved, c.paid]),
      ['', '合计', t.budget, t.approved, t.paid],
      [],
      ['月份', '', '', '批准（元）', '发放（元）'],
      ...t.byMonth.map((m) => [`${m.month}月`, '', '', m.approved, m.paid]),
    ];
    await writeTable(out as never, '补贴跟踪', [{ label: '区划代码', text: true }, { label: '地区' }, { label: '预算（元）' }, { label: '批准（元）' }, { label: '发放（元）' }], rows);
    return t.byChild.length + t.byMonth.length;
  }
}
