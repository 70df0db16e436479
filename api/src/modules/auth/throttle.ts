import type { EntityManager } from '@mikro-orm/core';

/**
 * Sign-in throttling, in PostgreSQL so every hub instance on the database shares it. Three counters of
 * failures, each forgotten after WINDOW of quiet: per client address, per user name, per client and name.
 * - A client: CLIENT_FREE failures (any names) are free; after that each attempt must wait a delay that
 *   doubles per failure (1 s, 2 s, 4 s ... at most MAX_DELAY), refused unchecked until it has passed.
 * - A name: after NAME_SLOW failures (from anywhere) every failed answer is slowed a little more; after
 *   NAME_LOCK, a client that has already failed on that name must wait a doubling delay per failure
 *   before trying it again. A client with no failures is never refused: a stranger cannot lock the real
 *   user out, and guessing from many addresses costs each one a growing wait.
 * The hub audits each failed sign-in and each start of a lock-out (not every refused attempt, which
 * would let an attacker flood the audit trail).
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  // High enough for an office of clerks behind one address (NAT) to mistype for a morning.
  clientFree: 30,
  nameSlow: 5,
  nameLock: 10,
  maxDelayMs: 15 * 60_000,
  /** Added to a failed answer per failure of the name beyond NAME_SLOW, at most `slowMaxMs`. */
  slowStepMs: 100,
  slowMaxMs: 1000,
} as const;

interface Row {
  key: string;
  failures: number;
  last_at: Date;
}

const delayMs = (n: number) => Math.min(2 ** Math.max(n - 1, 0) * 1000, THROTTLE.maxDelayMs);

const keys = (client: string, name: string) => ({ client: `c:${client}`, name: `n:${name}`, pair: `p:${client}|${name}` });

export interface Verdict {
  /** Seconds to wait before this client may try again (refused unchecked); 0: go ahead. */
  retryAfter: number;
}

export class SignInThrottle {
  constructor(private readonly em: EntityManager) {}

  /**
   * Whether this client may try this name now; when it may, the attempt is counted at once, as a
   * failure, before the password is checked. Decision and count are one step under a lock per client
   * (a transaction-scoped advisory lock), so parallel attempts from one client are judged one after the
   * other, each seeing the ones before it: a burst of wrong passwords cannot all pass the check before
   * the first is counted. A right password takes its count back (`succeeded`).
   */
  async attempt(client: string, name: string): Promise<Verdict & { counts?: Map<string, number> }> {
    const k = keys(client, name);
    return this.em.fork().transactional(async (tx) => {
      const run = async <T>(sql: string, params: unknown[]): Promise<T[]> => (await tx.getConnection().execute(sql, params, 'all', tx.getTransactionContext())) as T[];
      await run(`select pg_advisory_xact_lock(hashtext(?))`, [`sign-in ${k.client}`]);
      const found = await run<Row>(
        `select key, failures, last_at from sign_in_throttle where key in (?, ?, ?) and last_at > now() - make_interval(secs => ?)`,
        [k.client, k.name, k.pair, THROTTLE.windowMs / 1000],
      );
      const rows = new Map(found.map((r): [string, Row] => [r.key, { ...r, failures: Number(r.failures), last_at: new Date(r.last_at) }]));
      const now = Date.now();
      const waits: number[] = [];
      const c = rows.get(k.client);
      if (c && c.failures >= THROTTLE.clientFree) waits.push(c.last_at.getTime() + delayMs(c.failures - THROTTLE.clientFree + 1) - now);
      const n = rows.get(k.name);
      const p = rows.get(k.pair);
      if (n && p && n.failures >= THROTTLE.nameLock) waits.push(p.last_at.getTime() + delayMs(p.failures) - now);
      const wait = Math.max(0, ...waits);
      if (wait > 0) return { retryAfter: Math.ceil(wait / 1000) };
      // Counted on the three counters (a counter quiet for WINDOW starts again at 1).
      const counted = await run<{ key: string; failures: number }>(
        `insert into sign_in_throttle as t (key, failures, last_at) values (?, 1, now()), (?, 1, now()), (?, 1, now())
         on conflict (key) do update set
           failures = case when t.last_at <= now() - make_interval(secs => ?) then 1 else t.failures + 1 end,
           last_at = now()
         returning key, failures`,
        [k.client, k.name, k.pair, THROTTLE.windowMs / 1000],
      );
      return { retryAfter: 0, counts: new Map(counted.map((r): [string, number] => [r.key, Number(r.failures)])) };
    });
  }

  /**
   * The attempt (counted by `attempt`) failed: says how long to hold the answer and which lock-outs began
   * with it, and forgets counters quiet for the window.
   */
  async failed(client: string, name: string, counts: Map<string, number> = new Map()): Promise<{ holdMs: number; locked: ('CLIENT' | 'NAME')[] }> {
    const k = keys(client, name);
    // Forget counters quiet for the window, a few at a time (never the whole table at once).
    await this.em.getConnection().execute(
      `delete from sign_in_throttle where key in (select key from sign_in_throttle where last_at <= now() - make_interval(secs => ?) order by last_at limit 100)`,
      [THROTTLE.windowMs / 1000],
    );
    const nameFailures = counts.get(k.name) ?? 0;
    const locked: ('CLIENT' | 'NAME')[] = [];
    if (counts.get(k.client) === THROTTLE.clientFree) locked.push('CLIENT');
    if (nameFailures === THROTTLE.nameLock) locked.push('NAME');
    const holdMs = Math.min(Math.max(0, nameFailures - THROTTLE.nameSlow) * THROTTLE.slowStepMs, THROTTLE.slowMaxMs);
    return { holdMs, locked };
  }

  /**
   * A successful sign-in forgets the name's failures and this client's on it, and takes back the count
   * `attempt` made on the client (the client's other failures stay).
   */
  async succeeded(client: string, name: string): Promise<void> {
    const k = keys(client, name);
    await this.em.getConnection().execute('delete from sign_in_throttle where key in (?, ?)', [k.name, k.pair]);
    await this.em.getConnection().execute(
      `with gone as (delete from sign_in_throttle where key = ? and failures <= 1 returning key)
       update sign_in_throttle set failures = failures - 1 where key = ? and failures > 1`,
      [k.client, k.client],
    );
  }
}
