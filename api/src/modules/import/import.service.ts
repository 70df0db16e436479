import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, registerDetails, renderMessage } from '../../common/errors';
import type { Principal } from '../auth/access';
import type { Jobs } from '../jobs/jobs';
import { autoMapping, convertRow, type Mapping } from './import.convert';
import { DATASETS, type DatasetDef, headerShape, type ImportDataset } from './import.datasets';
import type { ParsedHeader, ParsedRow, ParseLimits } from './import.parse';
import { commitRegistry, type PreviewRow, planRegistryUndo, RegistryPreview, type Sql, undoRegistry } from './import.registry';
import { writeErrorRows } from './import.http';
import { ProgramPreview, commitProgram, planProgramUndo, programTable, undoProgram } from './import.program';

registerDetails({
  MOVED: { zh: '与该劳动力登记的村不一致（调整所属户请在名册中操作）', en: "differs from the laborer's registered village (move households in the registry list)" },
  PREVIEW: { zh: '预览', en: 'preview' },
  COMMIT: { zh: '提交', en: 'commit' },
  UNDO: { zh: '撤销', en: 'undo' },
  MAP: { zh: '修改列对应', en: 'change the mapping' },
  DISCARD: { zh: '放弃', en: 'discard' },
});

export interface ImportLimits extends ParseLimits {
  fileBytes: number;
}

export interface ImportConfig {
  limits: ImportLimits;
  /** Rows a commit or undo writes between two progress reports. */
  progressRows?: number;
}

const BATCH_TABLE = 'import_batch';

export interface BatchRow {
  id: number;
  dataset: ImportDataset;
  status: string;
  phase: string;
  rows_done: number;
  rows_total: number;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  user_id: number | null;
  username: string;
  role: string;
  scope: string | null;
  created_at: Date;
  previewed_at: Date | null;
  committed_at: Date | null;
  undone_at: Date | null;
  duration_ms: number | null;
  counts: Record<string, number>;
  options: Record<string, unknown> | null;
  error: { code: string; params?: Record<string, string | number>; field?: string } | null;
  revalidated: boolean;
  sheet: string | null;
  header_row: number | null;
  headers: string[];
  header_shape: string | null;
  mapping: Mapping | null;
  value_map: Record<string, Record<string, string>>;
  undo_preview: Record<string, unknown> | null;
}

export function principalOfBatch(b: { user_id: number | null; username: string; role: string; scope: string | null }): Principal {
  return { userId: b.user_id ?? 0, username: b.username, role: b.role as Principal['role'], scope: b.scope };
}

/** Raw SQL on the primary, optionally inside a transaction. */
export function sqlOf(em: EntityManager, trx?: unknown): Sql {
  return (text, params = []) => em.getConnection('write').execute(text, params as never[], 'all', (trx ?? em.getTransactionContext()) as never);
}

/**
 * Raw SQL whose values travel as bind parameters instead of being spliced into the text (`sqlOf` quotes
 * every value into the statement): for the preview's statements that carry thousands of rows as one JSON
 * value, which would otherwise be escaped character by character and copied twice more.
 */
export function bulkSqlOf(em: EntityManager, trx?: unknown): Sql {
  return async (text, params = []) => {
    const q = em.getConnection('write').getKnex().raw(text, params as never[]);
    const ctx = trx ?? em.getTransactionContext();
    if (ctx) q.transacting(ctx as never);
    return ((await q) as { rows: any[] }).rows;
  };
}

/** The parsing worker's file: the compiled one (tests run from src, after the build). */
function workerFile(): string {
  const here = path.join(__dirname, 'import.parse.worker.js');
  if (fs.existsSync(here)) return here;
  return path.resolve(__dirname, '../../../dist/modules/import/import.parse.worker.js');
}

class StaleError extends Error {}
let workerHeap = 0;

export class ImportService {
  constructor(
    private orm: MikroORM,
    private jobs: Jobs,
    private config: ImportConfig,
  ) {
    jobs.defineTable({
      table: BATCH_TABLE,
      running: ['PARSING', 'COMMITTING', 'UNDOING'],
      // An interrupted undo rolled back as a whole: the batch is still committed.
      failSet: `status = case when status = 'UNDOING' then 'COMMITTED' else 'FAILED' end, phase = 'DONE', error = '{"code":"IMPORT_INTERRUPTED"}'::jsonb`,
    });
    jobs.define('import.preview', BATCH_TABLE, async (p) => this.runPreview(Number(p.id)));
    jobs.define('import.commit', BATCH_TABLE, async (p) => this.runCommit(Number(p.id)));
    jobs.define('import.undo', BATCH_TABLE, async (p) => this.runUndo(Number(p.id), { userId: Number(p.userId), username: String(p.username) }));
  }

  private sql(trx?: unknown): Sql {
    return sqlOf(this.orm.em, trx);
  }

  private get progressRows(): number {
    return this.config.progressRows ?? 5000;
  }

  /**
   * The rows done of a running commit or undo, written on a connection of its own: called from inside the
   * job's transaction, `this.sql()` would join it (the ORM's context), so nobody would see the progress
   * before the end and the batch row would stay locked against the heartbeat and the sweeper.
   */
  private progress(id: number): (done: number) => Promise<void> {
    return async (done) => {
      await this.orm.em.getConnection('write').getKnex().raw(`update import_batch set rows_done = ?, heartbeat_at = now() where id = ?`, [done, id]);
    };
  }

  async batch(id: number): Promise<BatchRow | null> {
    const rows = await this.sql()(`select * from import_batch where id = ?`, [id]);
    return (rows[0] as BatchRow) ?? null;
  }

  /** Stores the file as a batch and queues its preview. */
  async upload(p: Principal, dataset: ImportDataset, fileName: string, content: Buffer): Promise<number> {
    if (DATASETS[dataset].cityAdminOnly && p.role !== 'CITY_ADMIN') throw new AppError('FORBIDDEN', 'dataset');
    const sha = crypto.createHash('sha256').update(content).digest('hex');
    const [b] = await this.sql()(
      `insert into import_batch (dataset, file_name, file_sha256, file_bytes, user_id, username, role, scope, options)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) returning id`,
      [dataset, fileName.slice(0, 255), sha, content.length, p.userId, p.username, p.role, p.scope, JSON.stringify({ eraseEmpty: false })],
    );
    // A bind parameter: spliced into the text, a 20 MB file would become a 40 MB hex literal and its copies.
    await bulkSqlOf(this.orm.em)(`insert into import_file (batch_id, content) values (?, ?)`, [b.id, content]);
    await this.jobs.add('import.preview', { id: b.id });
    return b.id;
  }

  // ---------- preview ----------

  async runPreview(id: number): Promise<void> {
    const sql = this.sql();
    const b = await this.batch(id);
    if (!b || !['UPLOADED', 'PARSING'].includes(b.status)) return;
    const def = DATASETS[b.dataset];
    await sql(`update import_batch set status = 'PARSING', phase = 'READING', rows_done = 0, error = null, heartbeat_at = now() where id = ?`, [id]);
    await sql(`delete from import_row where batch_id = ?`, [id]);
    const [file] = await bulkSqlOf(this.orm.em)(`select content from import_file where batch_id = ?`, [id]);
    const p = principalOfBatch(b);
    const eraseEmpty = !!b.options?.eraseEmpty;
    let header: ParsedHeader | undefined;
    let mapping: Mapping = [];
    let columnOf: (f: string | undefined) => string | undefined = () => undefined;
    let preview: { prepare(rows: ReturnType<typeof convertRow>[]): Promise<PreviewRow[]> } | undefined;
    let done = 0;
    const unknowns = new Map<string, { field: string; column: string; value: string; count: number }>();
    const onHeader = async (h: ParsedHeader) => {
      header = h;
      const shape = headerShape(h.headers);
      const saved = b.mapping && b.header_shape === shape ? Object.fromEntries(h.headers.map((x, i) => [x, b.mapping![i] ?? null])) : ((await sql(`select columns, "values" from import_mapping where dataset = ? and header_shape = ?`, [b.dataset, shape]))[0]?.columns ?? undefined);
      mapping = autoMapping(def, h.headers, saved);
      const savedValues = (await sql(`select "values" from import_mapping where dataset = ? and header_shape = ?`, [b.dataset, shape]))[0]?.values ?? {};
      b.value_map = { ...savedValues, ...b.value_map };
      columnOf = (f) => {
        const i = f ? mapping.indexOf(f) : -1;
        return i >= 0 ? h.headers[i] : undefined;
      };
      preview = b.dataset === 'LABORERS' ? new RegistryPreview(bulkSqlOf(this.orm.em), p, columnOf, eraseEmpty) : new ProgramPreview(this.orm, def, p, columnOf, eraseEmpty);
      // Warnings about the file as a whole (an older template version) are kept with the preview's options.
      await sql(`update import_batch set sheet = ?, header_row = ?, headers = ?::jsonb, header_shape = ?, mapping = ?::jsonb, value_map = ?::jsonb, phase = 'VALIDATING', options = options || ?::jsonb where id = ?`, [
        h.sheet,
        h.headerRow,
        JSON.stringify(h.headers),
        shape,
        JSON.stringify(mapping),
        JSON.stringify(b.value_map),
        JSON.stringify({ warnings: h.warnings ?? [] }),
        id,
      ]);
    };
    const prof = { convert: 0, prepare: 0, store: 0, progress: 0, wait: 0, started: Date.now(), last: Date.now(), firstRows: 0, firstStored: 0 };
    const onRows = async (rows: ParsedRow[]) => {
      let t = Date.now();
      prof.wait += t - prof.last;
      prof.firstRows ||= t - prof.started;
      const converted = rows.map((r) => convertRow(def, header!.headers, mapping, r, header!.date1904, b.value_map));
      prof.convert += Date.now() - t;
      for (const c of converted)
        for (const u of c.unknown) {
          const k = `${u.field}\u0000${u.value}`;
          const e = unknowns.get(k) ?? { field: u.field, column: columnOf(u.field) ?? u.field, value: u.value, count: 0 };
          e.count++;
          unknowns.set(k, e);
        }
      t = Date.now();
      const out = await preview!.prepare(converted);
      prof.prepare += Date.now() - t;
      // Stored while the next chunk is validated (one write in flight).
      t = Date.now();
      await storing;
      prof.store += Date.now() - t;
      done += rows.length;
      const n = done;
      storing = this.storeRows(id, out).then(() => sql(`update import_batch set rows_done = ?, rows_total = greatest(rows_total, ?), heartbeat_at = now() where id = ?`, [n, n, id])).then(() => {
        prof.firstStored ||= Date.now() - prof.started;
      });
      storing.catch(() => {});
      prof.last = Date.now();
      if (process.env.HUB_IMPORT_PROFILE) {
        (globalThis as { gc?: () => void }).gc?.();
        const m = process.memoryUsage();
        for (const [k, v] of Object.entries({ rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, workerHeap: workerHeap }))
          mem[k] = Math.max(mem[k] ?? 0, Math.round(v / 1048576));
      }
    };
    const mem: Record<string, number> = {};
    let storing: Promise<void> = Promise.resolve();
    try {
      const parsing = this.parseInWorker(file.content as Buffer, b.file_name, b.dataset, onHeader, onRows);
      // The worker has its copy: this one need not live as long as the preview.
      delete file.content;
      const total = await parsing;
      await storing;
      if (process.env.HUB_IMPORT_PROFILE) console.log(`[hub] preview ${id}: ${JSON.stringify({ ...prof, total: Date.now() - prof.started, mem })}`);
      const counts = await this.countsOf(id);
      await sql(
        `update import_batch set status = 'PREVIEWED', phase = 'DONE', rows_total = ?, rows_done = ?, previewed_at = now(), counts = ?::jsonb, heartbeat_at = null,
           undo_preview = null, options = options || ?::jsonb where id = ? and status = 'PARSING'`,
        [total, total, JSON.stringify(counts), JSON.stringify({ unknownValues: [...unknowns.values()] }), id],
      );
    } catch (e) {
      const err = e instanceof AppError ? { code: e.code, params: e.params, field: e.field } : { code: 'IMPORT_BAD_FILE', params: { detail: 'CORRUPT' } };
      if (!(e instanceof AppError)) console.error('[hub] import preview failed', e);
      await sql(`update import_batch set status = 'FAILED', phase = 'DONE', error = ?::jsonb, heartbeat_at = null where id = ?`, [JSON.stringify(err), id]);
    }
  }

  private async storeRows(id: number, rows: PreviewRow[]): Promise<void> {
    if (!rows.length) return;
    await bulkSqlOf(this.orm.em)(
      `insert into import_row (batch_id, row_number, kind, key, raw, "values", before, changes, errors, empties, target_id, target_version, county_code)
       select ?, x.n, x.kind, x.key, x.raw, x."values", x.before, x.changes, x.errors, x.empties, x.target_id, x.target_version, x.county_code
       from jsonb_to_recordset(?::jsonb) as x(n integer, kind text, key text, raw jsonb, "values" jsonb, before jsonb, changes jsonb, errors jsonb, empties jsonb, target_id integer, target_version text, county_code text)`,
      [
        id,
        JSON.stringify(
          rows.map((r) => ({
            n: r.n,
            kind: r.kind,
            key: r.key,
            // The original cells only for refused rows (the error workbook); what a commit needs only for creates and updates.
            raw: r.kind === 'REFUSED' ? r.raw.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : (c ?? null))) : [],
            values: r.kind === 'UNCHANGED' ? null : r.values,
            before: r.kind === 'UPDATE' ? r.before : null,
            changes: r.changes,
            errors: r.errors,
            empties: r.kind === 'REFUSED' || r.kind === 'UNCHANGED' ? null : r.empties,
            target_id: r.targetId,
            target_version: r.targetVersion,
            county_code: r.countyCode,
          })),
        ),
      ],
    );
  }

  private parseInWorker(
    content: Buffer,
    fileName: string,
    dataset: ImportDataset,
    onHeader: (h: ParsedHeader) => Promise<void>,
    onRows: (rows: ParsedRow[]) => Promise<void>,
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      const buffer = new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
      const worker = new Worker(workerFile(), {
        workerData: { buffer, fileName, dataset, limits: this.config.limits, batchSize: 1000 },
        resourceLimits: { maxOldGenerationSizeMb: 384 },
      });
      let chain = Promise.resolve();
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        reject(e);
      };
      worker.on('message', (m: { type: string; header?: ParsedHeader; rows?: ParsedRow[]; total?: number; code?: string; params?: Record<string, string | number>; heap?: number }) => {
        if (m.heap) workerHeap = m.heap;
        chain = chain
          .then(async () => {
            if (settled) return;
            if (m.type === 'header') await onHeader(m.header!);
            else if (m.type === 'rows') {
              await onRows(m.rows!);
              worker.postMessage({ type: 'more' });
            } else if (m.type === 'done') {
              settled = true;
              void worker.terminate();
              resolve(m.total!);
            } else if (m.type === 'error') fail(new AppError(m.code as never, undefined, m.params ?? {}));
          })
          .catch(fail);
      });
      worker.on('error', (e) => fail(/memory/i.test(String(e)) ? new AppError('IMPORT_ZIP_BOMB', undefined, { max: this.config.limits.unzippedBytes }) : e));
      worker.on('exit', (code) => {
        if (!settled && code !== 0) fail(new AppError('IMPORT_BAD_FILE', undefined, { detail: 'CORRUPT' }));
      });
    });
  }

  async countsOf(id: number): Promise<Record<string, number>> {
    const rows = await this.sql()(`select kind, count(*)::int as n from import_row where batch_id = ? group by kind`, [id]);
    const c: Record<string, number> = { create: 0, update: 0, unchanged: 0, refused: 0 };
    for (const r of rows) c[String(r.kind).toLowerCase()] = r.n;
    return c;
  }

  /** Refusals grouped by code and column, with their row numbers (up to 200 each). */
  async refusals(id: number, lang: 'zh' | 'en') {
    const rows = await this.sql()(
      `select e->>'code' as code, e->>'field' as field, e->>'column' as "column", min(e->>'message') as message, (array_agg(e->'params' order by r.row_number))[1] as params,
              count(*)::int as count, (array_agg(r.row_number order by r.row_number))[1:200] as row_numbers
       from import_row r cross join lateral jsonb_array_elements(r.errors) e
       where r.batch_id = ? and r.kind = 'REFUSED' group by 1, 2, 3 order by min(r.row_number)`,
      [id],
    );
    return rows.map((r) => ({
      code: r.code,
      field: r.field,
      column: r.column,
      message: lang === 'zh' ? r.message : renderMessage(r.code, 'en', r.field ?? undefined, r.params ?? {}),
      count: r.count,
      rowNumbers: r.row_numbers,
    }));
  }

  async rows(id: number, kind: string | undefined, page: number, perPage: number) {
    return this.sql()(
      `select row_number, kind, key, "values", changes, errors from import_row where batch_id = ? and (?::text is null or kind = ?) order by row_number limit ? offset ?`,
      [id, kind ?? null, kind ?? null, perPage, page * perPage],
    );
  }

  async rowsNumbered(id: number, numbers: number[]) {
    if (!numbers.length) return [];
    return this.sql()(`select row_number, kind, key, "values", changes, errors from import_row where batch_id = ? and row_number in (select (jsonb_array_elements_text(?::jsonb))::integer) order by row_number`, [
      id,
      JSON.stringify(numbers),
    ]);
  }

  // ---------- mapping ----------

  private mayChange(b: BatchRow, p: Principal, action: string): void {
    if (b.user_id !== p.userId && p.role !== 'CITY_ADMIN') throw new AppError('FORBIDDEN');
    const ok: Record<string, string[]> = { MAP: ['PREVIEWED', 'FAILED'], COMMIT: ['PREVIEWED'], UNDO: ['COMMITTED'], DISCARD: ['PREVIEWED', 'UPLOADED'] };
    if (!ok[action].includes(b.status) || (action === 'MAP' && b.status === 'FAILED' && !b.header_shape)) throw new AppError('IMPORT_STATE', 'id', { from: b.status, to: action });
  }

  /** A new column mapping (saved for the header shape) and the preview runs again. */
  async setMapping(p: Principal, id: number, columns: Record<string, string | null>): Promise<void> {
    const b = await this.batch(id);
    if (!b) throw new AppError('NOT_FOUND', 'id');
    this.mayChange(b, p, 'MAP');
    const def = DATASETS[b.dataset];
    const fields = new Set(def.columns.map((c) => c.field));
    for (const [h, f] of Object.entries(columns)) if (f !== null && !fields.has(f)) throw new AppError('VALIDATION_FAILED', 'columns', { detail: h.slice(0, 20) });
    const mapping = autoMapping(def, b.headers, Object.fromEntries(b.headers.map((h) => [h, h in columns ? columns[h] : (b.mapping?.[b.headers.indexOf(h)] ?? null)])));
    const saved = Object.fromEntries(b.headers.map((h, i) => [h, mapping[i]]));
    await this.sql()(
      `insert into import_mapping (dataset, header_shape, columns, updated_by) values (?, ?, ?::jsonb, ?)
       on conflict (dataset, header_shape) do update set columns = excluded.columns, updated_by = excluded.updated_by, updated_at = now()`,
      [b.dataset, b.header_shape, JSON.stringify(saved), p.username],
    );
    await this.requeue(id, { mapping });
  }

  async mapValues(p: Principal, id: number, values: Record<string, Record<string, string>>): Promise<void> {
    const b = await this.batch(id);
    if (!b) throw new AppError('NOT_FOUND', 'id');
    this.mayChange(b, p, 'MAP');
    const def = DATASETS[b.dataset];
    for (const [field, m] of Object.entries(values)) {
      const c = def.columns.find((x) => x.field === field);
      if (!c?.vocab) throw new AppError('VALIDATION_FAILED', 'values', { detail: field.slice(0, 20) });
      for (const v of Object.values(m)) if (!c.vocab.values.includes(v)) throw new AppError('VALIDATION_FAILED', field);
    }
    const merged = { ...b.value_map };
    for (const [f, m] of Object.entries(values)) merged[f] = { ...(merged[f] ?? {}), ...m };
    await this.sql()(
      `insert into import_mapping (dataset, header_shape, columns, "values", updated_by) values (?, ?, ?::jsonb, ?::jsonb, ?)
       on conflict (dataset, header_shape) do update set "values" = excluded."values", updated_by = excluded.updated_by, updated_at = now()`,
      [b.dataset, b.header_shape, JSON.stringify(Object.fromEntries(b.headers.map((h, i) => [h, b.mapping?.[i] ?? null]))), JSON.stringify(merged), p.username],
    );
    await this.requeue(id, { valueMap: merged });
  }

  private async requeue(id: number, o: { mapping?: Mapping; valueMap?: Record<string, unknown>; revalidated?: boolean; eraseEmpty?: boolean }): Promise<void> {
    await this.sql()(
      `update import_batch set status = 'UPLOADED', phase = 'QUEUED', rows_done = 0, error = null,
         mapping = coalesce(?::jsonb, mapping), value_map = coalesce(?::jsonb, value_map), revalidated = ?,
         options = options || ?::jsonb where id = ?`,
      [o.mapping ? JSON.stringify(o.mapping) : null, o.valueMap ? JSON.stringify(o.valueMap) : null, !!o.revalidated, JSON.stringify(o.eraseEmpty === undefined ? {} : { eraseEmpty: o.eraseEmpty }), id],
    );
    await this.jobs.add('import.preview', { id });
  }

  // ---------- commit ----------

  async startCommit(p: Principal, id: number, opts: { atomicity?: string; mode: string; eraseEmpty: boolean }): Promise<void> {
    const b = await this.batch(id);
    if (!b) throw new AppError('NOT_FOUND', 'id');
    this.mayChange(b, p, 'COMMIT');
    const atomicity = opts.atomicity ?? DATASETS[b.dataset].defaultAtomicity;
    // Erasing is part of what the preview shows: asked now, the preview runs again with it first.
    if (!!b.options?.eraseEmpty !== opts.eraseEmpty) {
      await this.requeue(id, { revalidated: true, eraseEmpty: opts.eraseEmpty });
      return;
    }
    if (atomicity === 'ALL_OR_NOTHING' && (b.counts.refused ?? 0) > 0) throw new AppError('IMPORT_HAS_REFUSALS', undefined, { max: b.counts.refused });
    const updated = await this.sql()(
      `update import_batch set status = 'COMMITTING', phase = 'QUEUED', rows_done = 0, revalidated = false, options = options || ?::jsonb where id = ? and status = 'PREVIEWED' returning id`,
      [JSON.stringify({ atomicity, mode: opts.mode, eraseEmpty: opts.eraseEmpty }), id],
    );
    if (!updated.length) throw new AppError('IMPORT_STATE', 'id', { from: b.status, to: 'COMMIT' });
    await this.jobs.add('import.commit', { id });
  }

  async runCommit(id: number): Promise<void> {
    const b = await this.batch(id);
    if (!b || b.status !== 'COMMITTING') return;
    const started = Date.now();
    const status = this.sql();
    await status(`update import_batch set phase = 'WRITING', heartbeat_at = now() where id = ?`, [id]);
    const mode = String(b.options?.mode ?? 'CREATE_AND_UPDATE');
    const kinds = mode === 'CREATE_ONLY' ? ['CREATE'] : mode === 'UPDATE_ONLY' ? ['UPDATE'] : ['CREATE', 'UPDATE'];
    const p = principalOfBatch(b);
    try {
      const counts = await this.orm.em.fork().transactional(async (em) => {
        const sql = sqlOf(em as EntityManager);
        // The whole commit is one transaction: all of it or, if the hub dies, nothing.
        await sql(`set local statement_timeout = '600s'`);
        // Imports into a county queue behind each other (the second then sees the first's rows);
        // this lock is the import's own: other writers never wait on it.
        const counties = (await sql(`select distinct county_code from import_row where batch_id = ? and county_code is not null order by 1`, [id])).map((r) => r.county_code as string);
        for (const c of counties) await sql(`select pg_advisory_xact_lock(hashtext('fupin.import:' || ?))`, [c]);
        await this.assertNotStale(sql, b, kinds);
        if (b.dataset === 'LABORERS') return commitRegistry(sql, id, p, kinds, this.progress(id), this.progressRows);
        return commitProgram(this.orm, em as EntityManager, DATASETS[b.dataset], id, p, kinds, String(b.options?.atomicity), this.progress(id));
      });
      const preview = b.counts;
      await status(
        `update import_batch set status = 'COMMITTED', phase = 'DONE', committed_at = now(), duration_ms = ?, heartbeat_at = null, rows_done = rows_total,
           counts = counts || ?::jsonb where id = ?`,
        [Date.now() - started, JSON.stringify({ ...preview, created: counts.created, updated: counts.updated, householdsCreated: counts.householdsCreated ?? 0, householdsUpdated: counts.householdsUpdated ?? 0 }), id],
      );
    } catch (e) {
      if (e instanceof StaleError) {
        // Something changed since the preview: validate again rather than commit something else.
        await status(`update import_batch set status = 'PARSING' where id = ?`, [id]);
        await this.requeue(id, { revalidated: true });
        await status(`update import_batch set revalidated = true where id = ?`, [id]);
        return;
      }
      const err = e instanceof AppError ? { code: e.code, field: e.field, params: e.params } : { code: 'INTERNAL_SERVER_ERROR' };
      if (!(e instanceof AppError)) console.error('[hub] import commit failed', e);
      await status(`update import_batch set status = 'FAILED', phase = 'DONE', error = ?::jsonb, heartbeat_at = null where id = ?`, [JSON.stringify(err), id]);
    }
  }

  /** Every row the preview compared must still be as it was; a key it would create must still be free. */
  private async assertNotStale(sql: Sql, b: BatchRow, kinds: string[]): Promise<void> {
    if (b.dataset === 'LABORERS') {
      const [r] = await sql(
        `select (select count(*)::int from import_row r join laborer l on l.id = r.target_id join household h on h.id = l.household_id
                  where r.batch_id = ? and r.kind in ('UPDATE', 'UNCHANGED') and extract(epoch from l.updated_at)::text || '|' || extract(epoch from h.updated_at)::text <> r.target_version)
              + (select count(*)::int from import_row r where r.batch_id = ? and r.kind in ('UPDATE', 'UNCHANGED') and not exists (select 1 from laborer l where l.id = r.target_id))
              + (select count(*)::int from import_row r join laborer l on l.id_number = r.key where r.batch_id = ? and r.kind = 'CREATE' and ? ) as n`,
        [b.id, b.id, b.id, kinds.includes('CREATE')],
      );
      if (r.n > 0) throw new StaleError();
      return;
    }
    const [r] = await sql(
      `select count(*)::int as n from import_row r where r.batch_id = ? and r.kind in ('UPDATE', 'UNCHANGED') and r.target_version is distinct from (
         select extract(epoch from x.updated_at)::text from ${programTable(b.dataset)} x where x.id = r.target_id)`,
      [b.id],
    );
    if (r.n > 0) throw new StaleError();
  }

  // ---------- undo ----------

  async previewUndo(p: Principal, id: number): Promise<void> {
    const b = await this.batch(id);
    if (!b) throw new AppError('NOT_FOUND', 'id');
    this.mayChange(b, p, 'UNDO');
    // A whole registry's batch (170,200 rows) is planned in seconds, more than a page's 15 s on a busy
    // machine: this read-only plan gets the import's own bound.
    const plan = await this.orm.em.fork().transactional(async (em) => {
      const sql = sqlOf(em as EntityManager);
      await sql(`set local statement_timeout = '120s'`);
      return b.dataset === 'LABORERS' ? planRegistryUndo(sql, id) : planProgramUndo(sql, DATASETS[b.dataset], id);
    });
    await this.sql()(`update import_batch set undo_preview = ?::jsonb where id = ?`, [JSON.stringify(plan), id]);
  }

  async startUndo(p: Principal, id: number): Promise<void> {
    const b = await this.batch(id);
    if (!b) throw new AppError('NOT_FOUND', 'id');
    this.mayChange(b, p, 'UNDO');
    const updated = await this.sql()(`update import_batch set status = 'UNDOING', phase = 'UNDOING', rows_done = 0, heartbeat_at = now() where id = ? and status = 'COMMITTED' returning id`, [id]);
    if (!updated.length) throw new AppError('IMPORT_STATE', 'id', { from: b.status, to: 'UNDO' });
    // Undo is audited as the user who asks for it.
    await this.jobs.add('import.undo', { id, userId: p.userId, username: p.username });
  }

  async runUndo(id: number, by: { userId: number; username: string }): Promise<void> {
    const b = await this.batch(id);
    if (!b || b.status !== 'UNDOING') return;
    const status = this.sql();
    const p: Principal = { ...principalOfBatch(b), userId: by.userId, username: by.username };
    try {
      const plan = await this.orm.em.fork().transactional(async (em) => {
        const sql = sqlOf(em as EntityManager);
        await sql(`set local statement_timeout = '600s'`);
        const counties = (await sql(`select distinct county_code from import_row where batch_id = ? and county_code is not null order by 1`, [id])).map((r) => r.county_code as string);
        for (const c of counties) await sql(`select pg_advisory_xact_lock(hashtext('fupin.import:' || ?))`, [c]);
        return b.dataset === 'LABORERS' ? undoRegistry(sql, id, p, this.progress(id), this.progressRows) : undoProgram(this.orm, em as EntityManager, DATASETS[b.dataset], id, p);
      });
      await status(
        `update import_batch set status = 'UNDONE', phase = 'DONE', undone_at = now(), heartbeat_at = null, undo_preview = ?::jsonb, rows_done = rows_total,
           counts = counts || ?::jsonb where id = ?`,
        [JSON.stringify(plan), JSON.stringify({ removed: plan.remove, restored: plan.restore, kept: plan.kept.length }), id],
      );
    } catch (e) {
      const err = e instanceof AppError ? { code: e.code, field: e.field, params: e.params } : { code: 'INTERNAL_SERVER_ERROR' };
      if (!(e instanceof AppError)) console.error('[hub] import undo failed', e);
      // Undo failed as a whole (one transaction): the batch is still committed.
      await status(`update import_batch set status = 'COMMITTED', phase = 'DONE', rows_done = rows_total, error = ?::jsonb, heartbeat_at = null where id = ?`, [JSON.stringify(err), id]);
    }
  }

  async discard(p: Principal, id: number): Promise<void> {
    const b = await this.batch(id);
    if (!b) throw new AppError('NOT_FOUND', 'id');
    this.mayChange(b, p, 'DISCARD');
    await this.sql()(`update import_batch set status = 'FAILED', phase = 'DONE', error = '{"code":"IMPORT_DISCARDED"}'::jsonb where id = ?`, [id]);
    await this.sql()(`delete from import_file where batch_id = ?`, [id]);
  }

  /** The error workbook of a batch: its refused rows as uploaded, with the reasons. */
  async writeErrorWorkbook(out: NodeJS.WritableStream, b: BatchRow): Promise<void> {
    const sql = this.sql();
    async function* rows() {
      for (let after = 0; ; ) {
        const page = await sql(`select row_number, raw, errors from import_row where batch_id = ? and kind = 'REFUSED' and row_number > ? order by row_number limit 2000`, [b.id, after]);
        if (!page.length) return;
        for (const r of page) yield r as { row_number: number; raw: unknown[]; errors: { column?: string; message: string }[] };
        after = page[page.length - 1].row_number;
      }
    }
    await writeErrorRows(out, b.headers, rows());
  }

  /** The dataset declarations, for the resolver. */
  static dataset(d: ImportDataset): DatasetDef {
    return DATASETS[d];
  }
}

