import type { MikroORM } from '@mikro-orm/postgresql';
import { regionRows } from '@fupin/seed';

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

/** Everything an empty database needs before the hub serves: schema, regions. */
export async function prepareDatabase(orm: MikroORM, log: (msg: string) => void): Promise<void> {
  const applied = await migrate(orm);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const regions = await loadRegions(orm);
  if (regions) log(`loaded ${regions} regions of Nanchong`);
}
