import type { ApolloServerPlugin } from '@apollo/server';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Context } from '../context';
import { bindScope } from '../modules/auth/scope';
import { ormConfig } from '../mikro-orm.config';
import { redactUrl } from './database';
import { PRIMARY_EXTENSION } from './on-primary';

/**
 * Read replicas (hot standbys fed by PostgreSQL streaming replication).
 *
 * MikroORM's own `replicas` option picks a random replica for every read outside a transaction, with no
 * lag awareness, and its `em.execute` (the statistics' raw SQL) always runs on the primary (RESEARCH.md).
 * So each standby gets an ORM of its own, and one decision per GraphQL operation picks where the whole
 * operation reads (`routeOperation`, called by `replicaPlugin` where the request's EntityManager is
 * chosen): a query with no field that writes reads from a standby that is up, within
 * `DATABASE_REPLICA_MAX_LAG_MS`, and has replayed the session's last write; anything else (every
 * mutation, every transaction) runs on the primary. A standby refuses writes itself, so nothing is ever
 * written there.
 *
 * Read-your-writes: after a session's mutation the primary's WAL position (`pg_current_wal_lsn()`) is
 * remembered for that session (and sent back as the `x-hub-lsn` header and cookie, so another hub
 * instance behind the same load balancer knows it too); the session reads from a standby only once the
 * standby's `pg_last_wal_replay_lsn()` has passed it, else from the primary.
 */

/** How often the standbys' replay position and the primary's WAL position are polled. */
export const REPLICA_POLL_MS = 250;
/** A poll (or a connection) that takes longer marks the standby down. */
const CHECK_TIMEOUT_MS = 1500;
/** Header and cookie carrying the session's last write position between instances. */
export const LSN_HEADER = 'x-hub-lsn';
const LSN_COOKIE = 'fupin_lsn';

export type ReplicaState = 'up' | 'lagging' | 'down' | 'not-standby' | 'unknown';

export interface ReplicaHealth {
  name: string;
  /** host:port/database, no credentials. */
  target: string;
  state: ReplicaState;
  /** How far behind the primary it was at the last poll (ms; null when unknown). */
  lagMs: number | null;
  replayLsn: string | null;
  checkedAt: string | null;
  error?: string;
}

/** '16/B374D848' as a number that orders like the WAL. */
export function parseLsn(lsn: string | null | undefined): bigint | null {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : null;
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

class Replica {
  state: ReplicaState = 'unknown';
  lagMs: number | null = null;
  replay: bigint | null = null;
  checkedAt = 0;
  error: string | undefined;

  constructor(
    readonly name: string,
    readonly target: string,
    readonly orm: MikroORM,
  ) {}
}

export interface ReplicaOptions {
  maxLagMs: number;
  pollMs?: number;
  log?: (msg: string) => void;
}

export class ReadReplicas {
  readonly replicas: Replica[];
  private readonly maxLagMs: number;
  private readonly pollMs: number;
  private readonly log: (msg: string) => void;
  /** The primary's WAL position at recent polls, oldest first: how long ago a standby's position was current. */
  private history: { at: number; lsn: bigint }[] = [];
  /** Last write position per session id. */
  private readonly sessionLsn = new Map<number, { lsn: bigint; at: number }>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private next = 0;

  private constructor(
    private readonly primary: MikroORM,
    replicas: Replica[],
    opts: ReplicaOptions,
  ) {
    this.replicas = replicas;
    this.maxLagMs = opts.maxLagMs;
    this.pollMs = opts.pollMs ?? REPLICA_POLL_MS;
    this.log = opts.log ?? (() => {});
  }

  /**
   * Connects an ORM to each standby (lazily: a standby that is down now is found by the poller and
   * skipped) and starts polling. `primary` is the hub's ORM.
   */
  static async open(primary: MikroORM, urls: string[], opts: ReplicaOptions): Promise<ReadReplicas> {
    const replicas: Replica[] = [];
    for (const [i, url] of urls.entries()) {
      // connect: false: MikroORM.init must not wait for (or fail on) a standby that is down.
      const orm = await MikroORM.init({ ...ormConfig(url, { replica: true }), connect: false });
      replicas.push(new Replica(`replica-${i + 1}`, redactUrl(url), orm));
    }
    const set = new ReadReplicas(primary, replicas, opts);
    await set.poll();
    set.timer = setInterval(() => void set.poll(), set.pollMs);
    set.timer.unref();
    return set;
  }

  /** Polls the primary's WAL position and every standby's replay position (never two polls at once). */
  poll(): Promise<void> {
    if (!this.polling) this.polling = this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const now = Date.now();
    let primaryLsn: bigint | null = null;
    try {
      const [row] = await withTimeout(this.primary.em.getConnection().execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn'), CHECK_TIMEOUT_MS, 'primary');
      primaryLsn = parseLsn(row.lsn);
    } catch {
      // The primary is unreachable: standbys are judged on the positions seen before.
    }
    if (primaryLsn !== null) {
      this.history.push({ at: now, lsn: primaryLsn });
      const keep = now - Math.max(10_000, 3 * this.maxLagMs);
      while (this.history.length > 2 && this.history[1].at < keep) this.history.shift();
    }
    await Promise.all(this.replicas.map((r) => this.check(r)));
    // Forget write positions every usable standby has replayed.
    const passed = this.replicas.filter((r) => r.state === 'up' && r.replay !== null).map((r) => r.replay!);
    const floor = passed.length === this.replicas.length && passed.length ? passed.reduce((a, b) => (a < b ? a : b)) : null;
    for (const [k, v] of this.sessionLsn) if ((floor !== null && v.lsn <= floor) || now - v.at > 3_600_000) this.sessionLsn.delete(k);
  }

  private async check(r: Replica): Promise<void> {
    try {
      const [row] = await withTimeout(
        r.orm.em.getConnection().execute<{ recovery: boolean; replay: string | null }[]>('select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replay'),
        CHECK_TIMEOUT_MS,
        r.name,
      );
      const now = Date.now();
      r.checkedAt = now;
      r.error = undefined;
      if (!row.recovery) {
        // Promoted, or not a standby at all: its data no longer follows the primary.
        if (r.state !== 'not-standby') this.log(`${r.name} (${r.target}) is not in recovery: not used for reads`);
        r.state = 'not-standby';
        r.replay = null;
        r.lagMs = null;
        return;
      }
      r.replay = parseLsn(row.replay);
      r.lagMs = this.lagOf(r.replay, now);
      const state: ReplicaState = r.lagMs !== null && r.lagMs <= this.maxLagMs ? 'up' : 'lagging';
      if (state !== r.state) this.log(`${r.name} (${r.target}) is ${state}${r.lagMs !== null ? `, ${r.lagMs} ms behind` : ''}`);
      r.state = state;
    } catch (e) {
      this.markDown(r, e);
    }
  }

  /** Time since the primary was last at a position the standby has not replayed; 0 when it is caught up. */
  private lagOf(replay: bigint | null, now: number): number | null {
    if (replay === null || !this.history.length) return null;
    const behind = this.history.find((h) => h.lsn > replay);
    return behind ? now - behind.at : 0;
  }

  private markDown(r: Replica, e: unknown): void {
    if (r.state !== 'down') this.log(`${r.name} (${r.target}) is down: ${e instanceof Error ? e.message : String(e)}`);
    r.state = 'down';
    r.error = e instanceof Error ? e.message : String(e);
    r.checkedAt = Date.now();
  }

  /**
   * A standby to read from for a session that last wrote at `minLsn` (null: no write to wait for), or
   * null for the primary. Round robin among those that qualify.
   */
  pick(minLsn: bigint | null): Replica | null {
    const fresh = Date.now() - (3 * this.pollMs + CHECK_TIMEOUT_MS);
    const ok = this.replicas.filter((r) => r.state === 'up' && r.checkedAt >= fresh && r.replay !== null && (minLsn === null || r.replay >= minLsn));
    if (!ok.length) return null;
    return ok[this.next++ % ok.length];
  }

  /** The write position a request must see: its session's, or the one the client carries (header or cookie). */
  requiredLsn(ctx: Context): bigint | null {
    let lsn = ctx.principal ? (this.sessionLsn.get(ctx.principal.sessionId)?.lsn ?? null) : null;
    const req = ctx.http?.req;
    const carried = parseLsn(String(req?.headers[LSN_HEADER] ?? '') || cookie(req?.headers.cookie, LSN_COOKIE));
    if (carried !== null && (lsn === null || carried > lsn)) lsn = carried;
    return lsn;
  }

  /** After a session's mutation: remembers the primary's WAL position, which covers its commits. */
  async noteWrite(sessionId: number | null): Promise<bigint | null> {
    const [row] = await this.primary.em.getConnection().execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn');
    const lsn = parseLsn(row.lsn);
    if (lsn !== null && sessionId !== null) {
      if (this.sessionLsn.size > 100_000) this.sessionLsn.clear();
      this.sessionLsn.set(sessionId, { lsn, at: Date.now() });
    }
    return lsn;
  }

  /** A failed read on a standby (connection refused, reset, shut down): skip it until a poll finds it well. */
  readFailed(name: string, e: unknown): void {
    const r = this.replicas.find((x) => x.name === name);
    if (r && isConnectionError(e)) this.markDown(r, e);
  }

  health(): ReplicaHealth[] {
    return this.replicas.map((r) => ({
      name: r.name,
      target: r.target,
      state: r.state,
      lagMs: r.lagMs,
      replayLsn: r.replay === null ? null : formatLsn(r.replay),
      checkedAt: r.checkedAt ? new Date(r.checkedAt).toISOString() : null,
      ...(r.error ? { error: r.error } : {}),
    }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.polling?.catch(() => {});
    await Promise.all(this.replicas.map((r) => r.orm.close(true).catch(() => {})));
  }
}

function cookie(header: string | undefined, name: string): string {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return '';
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08006', '08001', '08003', '08004']);

function isConnectionError(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown; originalError?: unknown; message?: string } | undefined, depth = 0; x && depth < 5; depth++) {
    if (x.code && CONNECTION_CODES.has(x.code)) return true;
    if (/Connection terminated|timeout exceeded when trying to connect|Knex: Timeout acquiring a connection|no answer in/i.test(x.message ?? '')) return true;
    x = (x.originalError ?? x.cause) as typeof x;
  }
  return false;
}

/** True when the operation only reads: a query none of whose root fields (fragments included) is marked to write. */
export function readsOnly(schema: GraphQLSchema, document: DocumentNode, op: OperationDefinitionNode): boolean {
  if (op.operation !== 'query') return false;
  const fields = schema.getQueryType()?.getFields() ?? {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();
  const writes = (set: SelectionSetNode): boolean =>
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return !!fields[s.name.value]?.extensions?.[PRIMARY_EXTENSION];
      if (s.kind === Kind.INLINE_FRAGMENT) return writes(s.selectionSet);
      const f = fragments.get(s.name.value);
      if (!f || seen.has(f.name.value)) return false;
      seen.add(f.name.value);
      return writes(f.selectionSet);
    });
  return !writes(op.selectionSet);
}

/** The request's EntityManager on a standby: a fork bound to the user's region scope, as `createContext` binds the primary's. */
function forkOn(orm: MikroORM, principal: Context['principal']): EntityManager {
  const fork = orm.em.fork();
  bindScope(fork, principal && { userId: principal.userId, username: principal.username, role: principal.role, scope: principal.scope });
  return fork;
}

/**
 * Where an operation reads: the one routing decision. Swaps the request's EntityManager for a fork on a
 * standby when the operation only reads and a standby qualifies; returns the name of the server chosen.
 */
export function routeOperation(replicas: ReadReplicas, ctx: Context, schema: GraphQLSchema, document: DocumentNode, op: OperationDefinitionNode): string {
  if (!readsOnly(schema, document, op)) return 'primary';
  const r = replicas.pick(replicas.requiredLsn(ctx));
  if (!r) return 'primary';
  // `createContext` makes `em` a lazy getter (the primary's fork, made on first use): replace the
  // property itself, so the primary's fork is never made for this request.
  Object.defineProperty(ctx, 'em', { value: forkOn(r.orm, ctx.principal), writable: true, configurable: true, enumerable: true });
  return r.name;
}

/**
 * Routes each GraphQL operation (`routeOperation`), remembers each mutation's write position, and says
 * where a request read (`x-hub-read-from`, for operators and tests).
 */
export function replicaPlugin(replicas: ReadReplicas): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let route = 'primary';
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          route = operation ? routeOperation(replicas, contextValue, schema, document, operation) : 'primary';
        },
        async didEncounterErrors({ errors }) {
          if (route !== 'primary') for (const e of errors) replicas.readFailed(route, e.originalError ?? e);
        },
        async willSendResponse({ operation, contextValue, response }) {
          response.http.headers.set('x-hub-read-from', route);
          if (operation?.operation !== 'mutation') return;
          const lsn = await replicas.noteWrite(contextValue.principal?.sessionId ?? null).catch(() => null);
          if (lsn === null) return;
          const text = formatLsn(lsn);
          response.http.headers.set(LSN_HEADER, text);
          // Browsers send it back to whichever instance serves the next request; no personal data in it.
          // Appended on the HTTP response itself, beside the session cookie a sign-in sets there.
          contextValue.http?.res.append('Set-Cookie', `${LSN_COOKIE}=${encodeURIComponent(text)}; Path=/graphql; Max-Age=3600; HttpOnly; SameSite=Strict`);
        },
      };
    },
  };
}
