import { createHash, randomBytes } from 'node:crypto';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Request, Response } from 'express';
import { AppError } from '../../common/errors';
import { writeAudit } from '../audit/audit.subscriber';
import type { Principal, Role } from './access';
import { dummyHash, hashPassword, randomPassword, verifyPassword } from './password';
import { SessionCache } from './session-cache';
import { UserSession } from './session.entity';
import { SignInThrottle } from './throttle';
import { User } from './user.entity';

export const SESSION_COOKIE = 'fupin_session';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** The session token of a request: `Authorization: Bearer <token>` (scripts) or the session cookie (the admin). */
export function tokenOf(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth && /^Bearer\s+\S+$/i.test(auth)) return auth.replace(/^Bearer\s+/i, '');
  const cookies = req.headers.cookie;
  if (!cookies) return undefined;
  for (const part of cookies.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === SESSION_COOKIE) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function normalizeUsername(username: string | undefined | null): string {
  return (username ?? '').trim().toLowerCase();
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: User;
}

/**
 * Sign-in, sessions and the first administrator. It works on its own EntityManager forks (no user
 * scope: it must find the user before there is one) and writes its audit entries itself.
 */
export class AuthService {
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly em: EntityManager,
    readonly sessionHours: number,
    /** Sessions seen in the last seconds; invalidated by NOTIFY from every instance (session-cache.ts). */
    readonly sessions: SessionCache = new SessionCache(),
  ) {
    this.throttle = new SignInThrottle(em);
  }

  /**
   * The user behind a session token; null when there is none, it expired or the user was deactivated.
   * Read from the database, or from the session cache while its listener is connected.
   */
  async principalFor(token: string | undefined): Promise<(Principal & { sessionId: number }) | null> {
    if (!token || token.length > 128) return null;
    const hash = sha256(token);
    const cached = this.sessions.get(hash);
    if (cached) return cached;
    const epoch = this.sessions.begin();
    const [row] = await this.em.getConnection().execute<{ session_id: number; id: number; username: string; role: Role; scope: string | null; expires_at: Date }[]>(
      `select s.id as session_id, u.id, u.username, u.role, u.scope_region_code as scope, s.expires_at
         from user_session s join app_user u on u.id = s.user_id
        where s.token_hash = ? and s.expires_at > now() and u.active`,
      [hash],
    );
    if (!row) return null;
    const principal = { sessionId: row.session_id, userId: row.id, username: row.username, role: row.role, scope: row.scope };
    this.sessions.put(hash, principal, new Date(row.expires_at).getTime(), epoch);
    return principal;
  }

  /** Forgets this instance's cached sessions of a user at once (the database's NOTIFY tells the other instances, and this one again, at commit). */
  forgetUser(userId: number): void {
    this.sessions.invalidate({ userId });
  }

  /**
   * Checks the password and opens a session. A wrong name, a wrong password and a deactivated user get
   * the same answer in about the same time. `client` is the caller's address (req.ip: behind a proxy,
   * from X-Forwarded-For when TRUST_PROXY trusts it); throttling follows throttle.ts: a client that must
   * wait is refused without checking (LOCKED, with retryAfter), a client with no failures never is.
   */
  async signIn(username: string, password: string, client = 'local'): Promise<SignedIn> {
    const name = normalizeUsername(username).slice(0, 64);
    const now = Date.now();
    // Counted before the password is checked (one step with the decision): see throttle.ts.
    const verdict = await this.throttle.attempt(client, name);
    if (verdict.retryAfter > 0) throw new AppError('UNAUTHENTICATED', 'username', { detail: 'LOCKED', retryAfter: verdict.retryAfter });
    const em = this.em.fork();
    const user = name ? await em.findOne(User, { username: name }) : null;
    const ok = await verifyPassword(password ?? '', user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok || !user.active) {
      const { holdMs, locked } = await this.throttle.failed(client, name, verdict.counts);
      // Typed names that are no user are not stored (they may be a password typed in the wrong box).
      const who = { userId: user?.id ?? null, username: user?.username ?? '(unknown)', entity: 'User', recordId: user ? String(user.id) : '-', regionCode: user?.scopeRegionCode ?? null, before: null };
      await writeAudit(em, [
        { ...who, action: 'SIGN_IN_FAILED', after: { client } },
        ...locked.map((kind) => ({ ...who, action: 'SIGN_IN_LOCKED' as const, after: { client, kind } })),
      ]);
      if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
      throw new AppError('UNAUTHENTICATED', 'username', { detail: 'BAD_CREDENTIALS' });
    }
    await this.throttle.succeeded(client, name);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + this.sessionHours * 3600_000);
    await em.transactional(async (tx) => {
      await tx.getConnection().execute('delete from user_session where expires_at <= now()', [], 'run', tx.getTransactionContext());
      tx.create(UserSession, { tokenHash: sha256(token), user, expiresAt, createdAt: new Date(now) });
      await tx.flush();
      await writeAudit(tx, [{ userId: user.id, username: user.username, action: 'SIGN_IN', entity: 'User', recordId: String(user.id), regionCode: user.scopeRegionCode, before: null, after: null }]);
    });
    return { token, expiresAt, user };
  }

  async signOut(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.em.getConnection().execute('delete from user_session where token_hash = ?', [sha256(token)], 'run');
    this.sessions.invalidate({ hash: sha256(token) });
  }

  /** Ends a user's sessions (password set, deactivated), except the one given. */
  async endSessions(userId: number, exceptSessionId?: number): Promise<void> {
    await this.em.getConnection().execute('delete from user_session where user_id = ? and id <> ?', [userId, exceptSessionId ?? 0], 'run');
    this.forgetUser(userId);
  }

  userById(id: number): Promise<User | null> {
    return this.em.fork().findOne(User, id);
  }

  /** Changes the signed-in user's own password after checking the current one; other sessions end. */
  async changeOwnPassword(p: Principal & { sessionId?: number }, current: string, next: string): Promise<void> {
    const em = this.em.fork();
    const user = await em.findOne(User, p.userId);
    if (!user || !(await verifyPassword(current ?? '', user.passwordHash))) throw new AppError('UNAUTHENTICATED', 'currentPassword', { detail: 'BAD_CREDENTIALS' });
    user.passwordHash = await hashPassword(next);
    await em.transactional(async (tx) => {
      await tx.flush();
      await writeAudit(tx, [{ userId: user.id, username: user.username, action: 'UPDATE', entity: 'User', recordId: String(user.id), regionCode: user.scopeRegionCode, before: { passwordHash: '[secret]' }, after: { passwordHash: '[secret]' } }]);
    });
    await this.endSessions(user.id, p.sessionId);
  }

  setCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure, expires: expiresAt });
  }

  clearCookie(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure });
  }
}

/**
 * The first start of an empty hub creates the city administrator `admin`: with HUB_ADMIN_PASSWORD when
 * set (tests, CI, scripted installs), else with a random password printed once. There is no default
 * password in the code. Returns whether it created one.
 */
export async function ensureAdminUser(em: EntityManager, opts: { password?: string; log: (msg: string) => void }): Promise<boolean> {
  const fork = em.fork();
  // The demo clerks (inactive, no password) are users too: what matters is whether anyone can administer.
  if ((await fork.count(User, { role: 'CITY_ADMIN' })) > 0) return false;
  const password = opts.password ?? randomPassword();
  const passwordHash = await hashPassword(password);
  const announce = () =>
    opts.log(
      opts.password
        ? 'created the city administrator "admin" with the password from HUB_ADMIN_PASSWORD'
        : `created the city administrator "admin" with the one-time password ${password} (shown only this once: sign in and change it)`,
    );
  try {
    await fork.transactional(async (tx) => {
      const user = tx.create(User, { username: 'admin', displayName: '市级管理员', passwordHash, role: 'CITY_ADMIN', active: true } as never);
      await tx.flush();
      await writeAudit(tx, [{ userId: null, username: 'system', action: 'CREATE', entity: 'User', recordId: String(user.id), regionCode: null, before: null, after: { username: 'admin', role: 'CITY_ADMIN', passwordHash: '[secret]' } }]);
      // Said before the commit: a start killed after it would otherwise leave a password no one saw.
      // Killed before it, nothing was created and the next start prints a new one.
      announce();
    });
  } catch (e) {
    // Another hub on the same database created it first.
    if (e instanceof UniqueConstraintViolationException) return false;
    throw e;
  }
  return true;
}
