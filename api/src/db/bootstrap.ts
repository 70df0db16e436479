import type { MikroORM } from '@mikro-orm/postgresql';
import { loadDemoData, regionRows, type LoadProgress } from '@fupin/seed';

/** Applies the committed migrations (never a schema sync). */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}

/** Loads Nanchong's region tree when the region table is empty; returns how many rows it wrote. */
export async function loadRegions(orm: MikroORM): Promise<number> {
  const conn = orm.em.getConnection();
  const [{ n }] = await conn.execute<{ n: string }[]>('select count(*) as n from region');
  if (Number(n) > 0) return 0;
  const rows = regionRows();
  await conn.execute(
    `insert into region (code, name, level, parent_code, is_urban)
     select code, name, level::region_level, "parentCode", "isUrban" from json_to_recordset(?::json)
       as x(code text, name text, level text, "parentCode" text, "isUrban" boolean)`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

export interface DemoDataOptions {
  /** Demo data scale loaded when the registry is empty; 0 loads none. */
  scale: number;
  seed: number;
  onProgress?: (p: LoadProgress) => void;
}

/**
 * Everything an empty database needs before the hub serves: schema, regions, and the demo dataset at
 * `demo.scale` when no laborer is registered yet (a database in use is never touched). Each step is one
 * transaction that says by itself whether it is done (migrations all or nothing, the region tree one
 * statement, the demo data one transaction), so a start interrupted at any moment leaves a state the
 * next start completes, nothing twice.
 */
export async function prepareDatabase(orm: MikroORM, log: (msg: string) => void, demo: DemoDataOptions): Promise<void> {
  const pending = await orm.getMigrator().getPendingMigrations();
  if (pending.length) log(`applying ${pending.length} migrations`);
  const applied = await migrate(orm);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  log('checking the region tree');
  const regions = await loadRegions(orm);
  if (regions) log(`loaded ${regions} regions of Nanchong`);
  if (demo.scale > 0) {
    const [{ empty }] = await orm.em.getConnection().execute<{ empty: boolean }[]>('select not exists (select 1 from laborer) as empty');
    if (!empty) return;
    log(`loading the demo dataset (scale ${demo.scale}, seed ${demo.seed})`);
    const report = await loadDemoData(orm.config.getClientUrl(), demo);
    const laborers = report.rows.laborer ?? 0;
    log(`loaded the demo dataset: ${laborers} laborers, ${Object.values(report.rows).reduce((a, b) => a + b, 0)} rows in ${((report.generateMs + report.loadMs) / 1000).toFixed(1)} s`);
  }
}
