import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Folds the counter deltas the triggers append (`stats_delta`) into `stats_month` every `everyMs`, so
 * reads sum few delta rows. Every instance may run one: `stats_fold()` lets one fold at a time and the
 * others skip. Reads are exact whether or not a fold has run (they read `stats_live`); folding only keeps
 * them cheap. A failed fold writes nothing and is tried again at the next tick. `sql`: another summary's
 * fold (the report's `funnel_fold()`).
 */
export function startStatsFolder(orm: MikroORM, everyMs: number, log: (msg: string) => void, sql = 'select stats_fold()'): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    running = orm.em
      .getConnection()
      .execute(sql)
      .then(
        () => undefined,
        (e: Error) => log(`statistics fold failed (tried again in ${everyMs} ms): ${e.message}`),
      )
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  timer = setTimeout(tick, everyMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
