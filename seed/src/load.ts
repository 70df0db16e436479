import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { loadClerks } from './clerks';
import { from as copyFrom } from 'pg-copy-streams';
import { blocksOf } from './plan';
import { cityScales, datasetFlags } from './province';
import { streamDataset, type DemoOptions, type DemoPart } from './dataset';
import { loadDemoTargets } from './targets';
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
  /** Demo rows of other modules, written with each block (dataset.ts `DemoPart`). */
  parts?: DemoPart[];
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
    // Rows are generated block by block while they are written (streamDataset): generateMs is the
    // time spent making rows, loadMs the rest.
    let generateMs = 0;
    const blocks = blocksOf(options.scale, options.blockScale);
    const clerks = new Map<string, number>();
    const stream = streamDataset(options, options.parts, clerks);
    const nextTable = () => {
      const started = Date.now();
      try {
        return stream.next();
      } finally {
        generateMs += Date.now() - started;
      }
    };

    // The total is known once the first block is made: the others are like it, in proportion.
    let total = 0;
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
        [JSON.stringify(datasetFlags(options.scale, options.blockScale, options.province).map((f) => ({ code: f.code, exit_year: f.exitYear })))],
      );
      // Dated standing (listed 2014, exits spread over their year): what the statistics count as of a day.
      const { rows: dated } = await client.query<{ ok: boolean }>(`select to_regprocedure('demo_region_exit_day(varchar,integer)') is not null as ok`);
      if (dated[0].ok) {
        await client.query(
          `update region set listed_on = case when is_poor then date '2014-10-17' end,
             exited_on = case when is_poor and exit_year is not null then demo_region_exit_day(code, exit_year) end
           where is_poor or listed_on is not null or exited_on is not null`,
        );
      }

      // The clerks the payments name, before the stream reaches the payments (it is lazy).
      for (const [k, v] of await loadClerks(client)) clerks.set(k, v);

      const staged = new Map<string, readonly string[]>();
      for (let it = nextTable(); !it.done; it = nextTable()) {
        const table = it.value;
        if (!total && table.blockRows) total = Math.round((table.blockRows * options.scale) / blocks[0]);
        const shown = () => Math.max(total, done);
        // A staged table goes to a temporary copy of itself first (no triggers, dropped at commit).
        let target = table.table;
        if (table.staged) {
          target = `demo_stage_${table.table}`;
          if (!staged.has(table.table)) {
            await client.query(`create temporary table ${target} (like ${table.table}) on commit drop`);
            staged.set(table.table, table.columns);
          }
        }
        progress({ phase: 'copy', table: table.table, done, total: shown() });
        const copy = client.query(copyFrom(`copy ${target} (${table.columns.join(', ')}) from stdin`));
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
              progress({ phase: 'copy', table: table.table, done, total: shown() });
            }
          }
          if (buf) yield buf;
          done += n;
          progress({ phase: 'copy', table: table.table, done, total: shown() });
        };
        await timed(table.table, () => pipeline(Readable.from(chunks()), copy));
        rows[table.table] = (rows[table.table] ?? 0) + table.count;
      }
      // Staged rows in id order, through every constraint and rule trigger like the COPYs.
      for (const [t, columns] of staged) {
        await timed(t, () => client.query(`insert into ${t} (${columns.join(', ')}) select ${columns.join(', ')} from demo_stage_${t} order by id`));
      }
      total = done;

      progress({ phase: 'finish', done, total });
      // Ids were written explicitly: move each identity sequence past the largest one.
      const { rows: identities } = await client.query<{ table_name: string; column_name: string }>(
        `select table_name, column_name from information_schema.columns
         where table_schema = current_schema() and is_identity = 'YES' and table_name = any($1)`,
        [Object.keys(rows)],
      );
      for (const { table_name: t, column_name: c } of identities) {
        await client.query(`select setval(pg_get_serial_sequence('${t}', '${c}'), coalesce(max(${c}), 1), max(${c}) is not null) from ${t}`);
      }
      await timed('lifecycle', () => loadLifecycle(client));
      if (rebuildStats) {
        await timed('statistics', () => client.query('select rebuild_stats()'));
        // The report's own counters (funnels, exits) and the demo's yearly targets (seed/src/targets.ts).
        const { rows: report } = await client.query<{ ok: boolean }>(`select to_regprocedure('rebuild_report_stats()') is not null as ok`);
        if (report[0].ok) {
          await timed('report', () => client.query('select rebuild_report_stats()'));
          await timed('targets', () => loadDemoTargets(client, options.scale, options.province ? cityScales(options.scale, options.blockScale, options.province) : undefined));
        }
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
