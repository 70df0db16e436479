import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generateDataset, type DemoOptions } from './dataset';
import { loadLifecycle } from './lifecycle';

export interface LoadProgress {
  /**
   * `generate` while the rows are made in memory, `copy` while they stream into the tables, `finish`
   * while sequences are moved and the statistics rebuilt.
   */
  phase: 'generate' | 'copy' | 'finish';
  table?: string;
  /** Rows written so far and in all (`copy`); both 0 in the other phases. */
  done: number;
  total: number;
}

export interface LoadOptions extends DemoOptions {
  onProgress?: (p: LoadProgress) => void;
}

export interface LoadReport {
  /** Rows written per table. */
  rows: Record<string, number>;
  /** Milliseconds per step: each table's COPY, `statistics` (rebuild), `analyze`. */
  steps: Record<string, number>;
  generateMs: number;
  loadMs: number;
}

/** Lines are sent in chunks of about this many characters. */
const CHUNK = 1 << 16;

/**
 * Loads the demo dataset into a migrated database whose region tree is loaded and whose registry is
 * empty: region flags, then every table with COPY, all in one transaction (nothing is left half-loaded),
 * then identity sequences moved past the ids written and the tables analysed.
 *
 * Every constraint and rule trigger of the schema checks the rows as they arrive. The one exception is
 * the statistics tables, whose migration offers exactly this for bulk loads: their triggers are switched
 * off for the transaction (`fupin.stats_off`) and `rebuild_stats()` recomputes them once at the end.
 */
export async function loadDemoData(target: string | pg.Client, options: LoadOptions): Promise<LoadReport> {
  const progress = options.onProgress ?? (() => {});
  const client = typeof target === 'string' ? new pg.Client({ connectionString: target }) : target;
  if (typeof target === 'string') await client.connect();
  try {
    const t0 = Date.now();
    progress({ phase: 'generate', done: 0, total: 0 });
    const data = generateDataset(options);
    const generateMs = Date.now() - t0;

    const total = data.tables.reduce((n, t) => n + t.count, 0);
    let done = 0;
    const rows: Record<string, number> = {};
    const steps: Record<string, number> = {};
    const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      try {
        return await fn();
      } finally {
        steps[step] = (steps[step] ?? 0) + Date.now() - started;
      }
    };
    await client.query('begin');
    try {
      const { rows: used } = await client.query<{ n: number }>('select (select count(*) from household) + (select count(*) from laborer) as n');
      if (Number(used[0].n) > 0) throw new Error('the registry is not empty: load the demo data into an empty database');
      const { rows: regions } = await client.query<{ n: string }>('select count(*) as n from region');
      if (Number(regions[0].n) === 0) throw new Error('the region tree is not loaded');

      const { rows: stats } = await client.query<{ rebuild: boolean }>(`select to_regprocedure('rebuild_stats()') is not null as rebuild`);
      const rebuildStats = stats[0].rebuild;
      if (rebuildStats) await client.query(`set local fupin.stats_off = 'on'`);

      await client.query('update region set is_poor = false, exit_year = null where is_poor or exit_year is not null');
      await client.query(
        `update region r set is_poor = true, exit_year = f.exit_year
         from json_to_recordset($1::json) as f(code text, exit_year smallint) where r.code = f.code`,
        [JSON.stringify(data.flags.map((f) => ({ code: f.code, exit_year: f.exitYear })))],
      );

      for (const table of data.tables) {
        progress({ phase: 'copy', table: table.table, done, total });
        const stream = client.query(copyFrom(`copy ${table.table} (${table.columns.join(', ')}) from stdin`));
        const chunks = function* () {
          let buf = '';
          let n = 0;
          for (const line of table.lines()) {
            buf += line;
            n++;
            if (buf.length >= CHUNK) {
              yield buf;
              done += n;
              n = 0;
              buf = '';
              progress({ phase: 'copy', table: table.table, done, total });
            }
          }
          if (buf) yield buf;
          done += n;
          progress({ phase: 'copy', table: table.table, done, total });
        };
        await timed(table.table, () => pipeline(Readable.from(chunks()), stream));
        rows[table.table] = table.count;
      }

      progress({ phase: 'finish', done, total });
      // Ids were written explicitly: move each identity sequence past the largest one.
      const { rows: identities } = await client.query<{ table_name: string; column_name: string }>(
        `select table_name, column_name from information_schema.columns
         where table_schema = current_schema() and is_identity = 'YES' and table_name = any($1)`,
        [data.tables.map((t) => t.table)],
      );
      for (const { table_name: t, column_name: c } of identities) {
        await client.query(`select setval(pg_get_serial_sequence('${t}', '${c}'), coalesce(max(${c}), 1), max(${c}) is not null) from ${t}`);
      }
      await timed('lifecycle', () => loadLifecycle(client));
      if (rebuildStats) {
        await timed('statistics', () => client.query('select rebuild_stats()'));
        await client.query(`set local fupin.stats_off = 'off'`);
      }
      await client.query('commit');
    } catch (e) {
      await client.query('rollback').catch(() => {});
      throw e;
    }
    // Fresh statistics for the planner: the tables went from empty to full.
    await timed('analyze', () => client.query('analyze'));
    return { rows, steps, generateMs, loadMs: Date.now() - t0 - generateMs };
  } finally {
    if (typeof target === 'string') await client.end();
  }
}
