import type { EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { mayRead } from '../auth/scope';
import { Region } from './region.entity';

/** How long a region row is served from memory; a change made through another hub instance shows after this at the latest. */
export const REGION_CACHE_TTL_MS = 5_000;

type Row = Record<string, unknown>;

/**
 * Rows of the region table by code, shared by the requests of this hub: the village, township and
 * county of every laborer on a page are read from memory, not by a statement per request. The tree
 * changes rarely (updateRegion, the tree load at first start); this hub's own changes empty the cache
 * when they commit (`RegionCacheInvalidator`), others' show within the TTL. Rows are kept as the
 * database gave them and mapped into each request's EntityManager, which applies the region scope
 * (`mayRead`, the scope filter's own rule): a region the request may not read is null, as from the database.
 */
class RegionCache {
  private readonly rows = new Map<string, { row: Row; until: number }>();
  private generation = 0;

  invalidate(): void {
    this.generation++;
    this.rows.clear();
  }

  async byCodes(em: EntityManager, codes: readonly string[]): Promise<(Region | null)[]> {
    const now = Date.now();
    const found = new Map<string, Row>();
    const missing: string[] = [];
    for (const code of codes) {
      const e = this.rows.get(code);
      if (e && e.until > now) found.set(code, e.row);
      else if (/^\d{12}$/.test(code)) missing.push(code);
    }
    if (missing.length) {
      const generation = this.generation;
      // Every row asked for, whatever the scope: the scope is applied per request below.
      const rows = await em.execute<Row[]>('select * from region where code = any(?::text[])', [`{${missing.join(',')}}`]);
      for (const row of rows) {
        found.set(row.code as string, row);
        // A read that overlapped a change is used once, not kept.
        if (generation === this.generation) this.rows.set(row.code as string, { row, until: now + REGION_CACHE_TTL_MS });
      }
    }
    return codes.map((code) => {
      const row = found.get(code);
      if (!row || !mayRead(em, Region.name, code)) return null;
      // refresh: false: a region this request already holds (changed in its transaction, say) is kept as it is.
      return em.map(Region, { ...row }, { refresh: false } as never);
    });
  }
}

// One cache per ORM (its configuration, shared by all its forks): a process may hold hubs of several databases (tests).
const caches = new WeakMap<object, RegionCache>();

export function regionCacheOf(em: { config: object }): RegionCache {
  const key = em.config;
  let c = caches.get(key);
  if (!c) caches.set(key, (c = new RegionCache()));
  return c;
}

/** Empties the region cache when a change to a region is flushed, and again when its transaction commits (a read in between cached the old row). */
export class RegionCacheInvalidator implements EventSubscriber {
  private readonly pending = new WeakSet<object>();

  afterFlush({ em, uow }: FlushEventArgs): void {
    if (!uow.getChangeSets().some((cs) => cs.meta.className === Region.name)) return;
    regionCacheOf(em).invalidate();
    const tx = em.getTransactionContext();
    if (tx) this.pending.add(tx);
  }

  afterTransactionCommit({ em, transaction }: TransactionEventArgs): void {
    if (transaction && this.pending.has(transaction)) regionCacheOf(em).invalidate();
  }
}
