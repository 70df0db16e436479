import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import type { Lang } from './common/errors';
import { Loaders } from './common/loaders';
import type { Principal } from './modules/auth/access';
import type { AuthService } from './modules/auth/auth.service';
import { bindScope } from './modules/auth/scope';

/** The signed-in user of a request, with the session it came with. */
export type RequestPrincipal = Principal & { sessionId: number };

/**
 * What every resolver gets: its own EntityManager fork and DataLoaders, both living for one request,
 * and who is asking. The fork is bound to that user's region scope: every read through it (and through
 * its transactions) sees only what the user may see.
 */
export interface Context {
  em: EntityManager;
  lang: Lang;
  loaders: Loaders;
  /** The signed-in user; null for an anonymous request. */
  principal: RequestPrincipal | null;
  /** Sign-in and sessions (set by the server). */
  auth?: AuthService;
  /** The HTTP exchange, for the session cookie. */
  http?: { req: Request; res: Response; token?: string };
}

/**
 * A request's context. The EntityManager fork is made on first use: a request that reads no entity
 * (`{ hub { version } }`, sign-in, a refused operation) pays nothing for it. A class, so the getter
 * survives Apollo's copy of the context (it keeps the prototype; a getter on the object would be
 * called by the copy).
 */
class RequestContext implements Context {
  loaders = new Loaders();
  auth?: AuthService;
  http?: Context['http'];
  private fork: EntityManager | undefined = undefined;

  constructor(
    private readonly root: EntityManager,
    readonly lang: Lang,
    readonly principal: RequestPrincipal | null,
    extra: Pick<Context, 'auth' | 'http'>,
  ) {
    this.auth = extra.auth;
    this.http = extra.http;
  }

  get em(): EntityManager {
    if (!this.fork) {
      const p = this.principal;
      this.fork = this.root.fork();
      bindScope(this.fork, p && { userId: p.userId, username: p.username, role: p.role, scope: p.scope });
    }
    return this.fork;
  }

  /** A request may be moved to another EntityManager (db/replicas.ts: a standby's, bound the same way). */
  set em(em: EntityManager) {
    this.fork = em;
  }
}

export function createContext(
  em: EntityManager,
  lang: Lang,
  principal: RequestPrincipal | null = null,
  extra: Pick<Context, 'auth' | 'http'> = {},
): Context {
  return new RequestContext(em, lang, principal, extra);
}
