import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { cityScales, DEMO_TABLES, loadDemoData, PROVINCES, provinceRegionRows, type LoadProgress } from '@fupin/seed';
import { EnvError, loadEnv } from '../config/env';
import { openDatabase } from '../db/database';
import { prepareDatabase } from '../db/bootstrap';
import { ormConfig } from '../mikro-orm.config';
import { eachArg, UsageError } from './args';

const USAGE = `usage: npm run seed -- [--scale N] [--seed S] [--reset] [--province P]
  --scale N  dataset size, 1 = the city as the 2017 article describes it (default: SEED_SCALE or 1);
             0 loads no demo data (with --province: only the region tree)
  --province P  also load the whole region tree of province P (51: Sichuan, 21 cities); above one
             block, block 0 stays in Nanchong (the article's figures) and every later block goes to
             another city of the province (Nanchong's plan mapped onto its counties and villages)
  --block-scale B  scale of one block (default 1; a smaller one makes several blocks of a small dataset)
  --seed S   generator seed; the same seed and scale give the same data (default: SEED or 2017)
  --reset    empty the registry and programme tables first (otherwise a non-empty registry is refused)`;

function parseArgs(argv: string[], defaults: { scale: number; seed: number }) {
  const out: { scale: number; seed: number; reset: boolean; province: string | null; blockScale: number } = { ...defaults, reset: false, province: null, blockScale: 1 };
  eachArg(argv, (flag, value) => {
    if (flag === '--scale') {
      out.scale = Number(value());
      if (!Number.isFinite(out.scale) || out.scale < 0 || out.scale > 100) throw new UsageError('--scale must be a number from 0 to 100');
    } else if (flag === '--seed') {
      out.seed = Number(value());
      if (!Number.isInteger(out.seed) || out.seed < 0 || out.seed > 2 ** 31 - 1) throw new UsageError('--seed must be an integer from 0 to 2147483647');
    } else if (flag === '--block-scale') {
      out.blockScale = Number(value());
      if (!(out.blockScale > 0 && out.blockScale <= 1)) throw new UsageError('--block-scale must be a number above 0 and at most 1');
    } else if (flag === '--reset') out.reset = true;
    else if (flag === '--province') {
      out.province = value();
      if (!PROVINCES[out.province]) throw new UsageError(`--province must be one of ${Object.keys(PROVINCES).join(', ')}`);
    }
    else return false;
    return true;
  });
  return out;
}

/** A progress bar redrawn in place on a terminal; one line per tenth when stderr is a file or pipe. */
function progressPrinter() {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  let lastDraw = 0;
  let lastPhase = '';
  return {
    update(p: LoadProgress) {
      const fraction = p.total ? p.done / p.total : 0;
      const label = p.phase === 'copy' ? `copy ${p.table}` : p.phase === 'generate' ? 'generating rows' : 'sequences and statistics';
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 80 && p.phase === lastPhase && p.done < p.total) return;
        lastDraw = now;
        lastPhase = p.phase;
        const width = 30;
        const filled = Math.round(fraction * width);
        const counts = p.total ? ` ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} rows` : '';
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${label}${counts}\x1b[K`);
      } else if (p.phase !== lastPhase) {
        lastPhase = p.phase;
        if (p.phase !== 'copy') process.stderr.write(`${label}\n`);
      } else {
        const tenth = Math.floor(fraction * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          process.stderr.write(`${tenth * 10}% (${p.done}/${p.total} rows, ${label})\n`);
        }
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

async function main(): Promise<void> {
  const env = loadEnv();
  const args = parseArgs(process.argv.slice(2), { scale: env.seedScale || 1, seed: env.seed });
  const log = (msg: string) => console.log(`[seed] ${msg}`);
  const db = await openDatabase(env, log);
  const orm = await MikroORM.init(ormConfig(db.url));
  try {
    await prepareDatabase(orm, log, { scale: 0, seed: args.seed });
    const conn = orm.em.getConnection();
    if (args.province) {
      // Regions already there (Nanchong's) are kept with their flags; parents sort before children.
      const rows = provinceRegionRows(args.province);
      const res = await conn.execute<{ n: string }[]>(
        `with added as (
           insert into region (code, name, level, parent_code, is_urban)
           select code, name, level::region_level, "parentCode", "isUrban" from json_to_recordset(?::json)
             as x(code text, name text, level text, "parentCode" text, "isUrban" boolean)
           on conflict (code) do nothing returning 1)
         select count(*) as n from added`,
        [JSON.stringify(rows)],
      );
      log(`region tree of ${PROVINCES[args.province]}: ${rows.length} regions, ${res[0].n} added`);
    }
    if (args.scale === 0) return;
    const [{ n }] = await conn.execute<{ n: string }[]>('select (select count(*) from household) + (select count(*) from laborer) as n');
    if (Number(n) > 0) {
      if (!args.reset) {
        console.error('[seed] the registry is not empty: pass --reset to empty the registry and programme tables first');
        process.exitCode = 1;
        return;
      }
      // Tables that refer to the registry (added by later modules) go too: cascade.
      // The registry's events refuse TRUNCATE except in a transaction that says it resets the demo data.
      await conn.transactional(async (trx) => {
        await conn.execute(`set local fupin.registry_reset = 'on'`, [], 'run', trx);
        await conn.execute(`truncate ${DEMO_TABLES.join(', ')} restart identity cascade`, [], 'run', trx);
      });
      log('emptied the registry and programme tables');
    }
    log(`loading scale ${args.scale} with seed ${args.seed}`);
    if (args.province) {
      const cities = [...cityScales(args.scale, args.blockScale, args.province)].map(([code, s]) => `${code.slice(0, 4)}: ${s}`);
      log(`blocks by city (scale): ${cities.join(', ')}`);
    }
    const bar = progressPrinter();
    const started = Date.now();
    const report = await loadDemoData(db.url, {
      scale: args.scale,
      seed: args.seed,
      blockScale: args.blockScale,
      ...(args.province ? { province: args.province } : {}),
      onProgress: (p) => bar.update(p),
    });
    bar.done();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const [size] = await conn.execute<{ bytes: string; pretty: string }[]>(
      'select pg_database_size(current_database()) as bytes, pg_size_pretty(pg_database_size(current_database())) as pretty',
    );
    for (const [table, rows] of Object.entries(report.rows)) {
      log(`${table.padEnd(20)} ${rows.toLocaleString('en').padStart(10)} rows ${((report.steps[table] ?? 0) / 1000).toFixed(1).padStart(6)} s`);
    }
    for (const step of ['lifecycle', 'statistics', 'report', 'targets', 'analyze']) if (report.steps[step] !== undefined) log(`${step.padEnd(20)} ${''.padStart(15)} ${(report.steps[step] / 1000).toFixed(1).padStart(6)} s`);
    log(`loaded in ${seconds} s (generate ${(report.generateMs / 1000).toFixed(1)} s, write ${(report.loadMs / 1000).toFixed(1)} s); database size ${size.pretty} (${size.bytes} bytes)`);
  } finally {
    await orm.close(true);
    await db.stop();
  }
}

main().catch((e) => {
  if (e instanceof UsageError) {
    if (e.message) console.error(`[seed] ${e.message}`);
    console.error(USAGE);
    process.exit(e.message ? 2 : 0);
  }
  console.error(e instanceof EnvError ? `[seed] configuration error: ${e.message}` : e);
  process.exit(1);
});
