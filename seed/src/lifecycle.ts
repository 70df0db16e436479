import type pg from 'pg';

/**
 * The registry's history for the rows just copied (issue #12): registration events dated 2014-2016,
 * for exited households a decided exit proposal and the exit events, helpers and their assignments from
 * the households' helper names, and assistance plans from the laborers' demands, met by their records.
 * Deterministic SQL in the database (`lifecycle_backfill()`, the same the migration runs for databases
 * that held data before it), then its counters recomputed once (the load runs with `fupin.stats_off`).
 * Skipped on a database migrated before the lifecycle tables existed.
 */
export async function loadLifecycle(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ ok: boolean }>(`select to_regprocedure('lifecycle_backfill()') is not null as ok`);
  if (!rows[0].ok) return;
  await client.query('select lifecycle_backfill()');
  await client.query('select rebuild_lifecycle()');
}
