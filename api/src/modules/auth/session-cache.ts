import pg from 'pg';
import type { Principal } from './access';

/** The NOTIFY channel the database triggers of `user_session` and `app_user` send on (Migration20261201010000_session_notify). */
export const SESSION_CHANNEL = 'fupin_sessions';

/** How long a looked-up session is trusted without asking again; revocation comes by NOTIFY well before. */
export const SESSION_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type CachedPrincipal = Principal & { sessionId: number };

interface Entry {
  principal: CachedPrincipal;
  /** Trusted until then (the TTL, or the session's end if sooner). */
  until: number;
}

/**
 * Sessions looked up in the last few seconds, by token hash, so a signed-in request does not start
 * with a database round trip. Every instance LISTENs on `fupin_sessions` on a pg connection of its own;
 * the database's triggers NOTIFY there, in the transaction that ends a session or changes a user
 * (sign-out, password change, deactivation, role or scope change, deletion), so the change reaches every
 * instance when it commits, whichever path or instance wrote it. While the listener is not connected
 * nothing is cached (every request asks the database), so a missed notification can never keep a
 * revoked session alive. A lookup that overlaps an invalidation is not cached (the epoch check).
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private epoch = 0;
  private listening = false;
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly log: (msg: string) => void = () => {}) {}

  /** Whether lookups are cached now (the listener is connected). */
  get active(): boolean {
    return this.listening;
  }

  get(hash: string, now = Date.now()): CachedPrincipal | undefined {
    if (!this.listening) return undefined;
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (e.until <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return e.principal;
  }

  /** Marks the start of a database lookup; pass the result to `put`. */
  begin(): number {
    return this.epoch;
  }

  put(hash: string, principal: CachedPrincipal, sessionExpiresAt: number, epoch: number, now = Date.now()): void {
    if (!this.listening || epoch !== this.epoch) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(hash, { principal, until: Math.min(now + SESSION_CACHE_TTL_MS, sessionExpiresAt) });
  }

  /** Forgets one session, a user's sessions, or all. */
  invalidate(what: { hash?: string; userId?: number } | 'all'): void {
    this.epoch++;
    if (what === 'all') return this.entries.clear();
    if (what.hash) this.entries.delete(what.hash);
    if (what.userId !== undefined) for (const [k, e] of this.entries) if (e.principal.userId === what.userId) this.entries.delete(k);
  }

  /** Parses a notification: `user:<id>`, `session:<hash>` or `all`. */
  onNotification(payload: string | undefined): void {
    if (!payload || payload === 'all') return this.invalidate('all');
    const [kind, value] = payload.split(':', 2);
    if (kind === 'user' && /^\d+$/.test(value)) return this.invalidate({ userId: Number(value) });
    if (kind === 'session' && value) return this.invalidate({ hash: value });
    this.invalidate('all');
  }

  /** Connects the listener (and keeps reconnecting until `stop`). Resolves once listening or after the first failure. */
  async start(connectionString: string): Promise<void> {
    this.stopped = false;
    await this.connect(connectionString);
  }

  private async connect(connectionString: string): Promise<void> {
    const client = new pg.Client({ connectionString, application_name: 'fupin-session-listener' });
    const down = (why: string) => {
      if (this.client !== client) return;
      this.client = null;
      this.listening = false;
      this.invalidate('all');
      client.removeAllListeners();
      client.end().catch(() => {});
      if (this.stopped) return;
      this.log(`session listener ${why}; sessions are looked up on every request until it reconnects`);
      this.retry = setTimeout(() => void this.connect(connectionString), 1_000);
      this.retry.unref();
    };
    this.client = client;
    client.on('error', (e) => down(`lost (${e.message})`));
    client.on('end', () => down('closed'));
    client.on('notification', (m) => {
      if (m.channel === SESSION_CHANNEL) this.onNotification(m.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${SESSION_CHANNEL}`);
      if (this.client !== client) return;
      this.invalidate('all');
      this.listening = true;
    } catch (e) {
      down(`failed (${(e as Error).message})`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    this.listening = false;
    this.entries.clear();
    if (c) {
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
    }
  }
}
