import 'reflect-metadata';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import helmet from 'helmet';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Env } from './config/env';
import { type Context, createContext } from './context';
import { ReadReplicas, replicaPlugin } from './db/replicas';
import { AppError, formatError, langOf, localizeErrors, renderMessage } from './common/errors';
import { inputPlugin } from './common/input';
import { countNestedLists, LIMITS, limitRules, resultSizePlugin } from './common/limits';
import { accessPlugin } from './modules/auth/access.plugin';
import { AuthService, tokenOf } from './modules/auth/auth.service';
import { SessionCache } from './modules/auth/session-cache';
import { ExportService } from './modules/import/export.service';
import { importRoutes } from './modules/import/import.http';
import { provideImportServices } from './modules/import/import.resolver';
import { useSchema } from './modules/import/import.program';
import { ImportService } from './modules/import/import.service';
import { Jobs } from './modules/jobs/jobs';
import { getSchema } from './schema';
import { mountReportRoutes } from './modules/report/report.route';

/**
 * HTTP hardening on every path (/, /graphiql, /graphql, /healthz): a strict Content-Security-Policy (all
 * scripts, styles, fonts and workers from the hub itself, so the admin and GraphiQL work offline and no
 * injected markup can load or run anything else), no framing (frame-ancestors 'none' and
 * X-Frame-Options DENY), X-Content-Type-Options nosniff, no referrer leaving the hub.
 * Inline styles stay allowed: MUI (the admin) and GraphiQL set them at run time; inline scripts do not.
 */
export function securityHeaders(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // An intranet hub is often plain HTTP: HSTS only makes sense once it is behind TLS (TRUST_PROXY).
    strictTransportSecurity: false,
  });
}

export interface Hub {
  app: express.Express;
  http: http.Server;
  /** Listens on `port` (0 for any free one) and resolves with the URL of the hub. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** Re-renders coded error messages in the language the request asked for. */
const localizePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind === 'single' && response.body.singleResult.errors) {
          response.body.singleResult.errors = localizeErrors(response.body.singleResult.errors, contextValue?.lang ?? 'zh');
        }
      },
    };
  },
};

/**
 * Builds the hub's HTTP server: GraphQL at /graphql, health at /healthz, the admin SPA at /.
 * It does not listen and owns no database: `main.ts` (or a test) gives it a connected ORM.
 */
export async function createServer(orm: MikroORM, env: Env, log: (msg: string) => void = console.log): Promise<Hub> {
  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy, X-Forwarded-Proto makes req.secure true (the session cookie gets
  // Secure) and X-Forwarded-For gives the client address (sign-in throttling); only when trusted.
  app.set('trust proxy', env.trustProxy);
  app.use(securityHeaders());
  const httpServer = http.createServer(app);
  const dev = env.nodeEnv === 'development';
  const sessions = new SessionCache(log);
  // LISTEN needs a session of its own: the direct primary when DATABASE_URL goes through a pooler.
  await sessions.start(env.directUrl ?? orm.config.get('clientUrl')!);
  const auth = new AuthService(orm.em, env.sessionHours, sessions);
  // Hot standbys for read-only operations (db/replicas.ts); none configured: everything on the primary.
  const replicas = env.replicaUrls.length ? await ReadReplicas.open(orm, env.replicaUrls, { maxLagMs: env.replicaMaxLagMs, log }) : null;
  // Long work (imports, exports) runs as jobs in PostgreSQL (graphile-worker LISTENs: the direct primary
  // too); the services declare theirs before the runner starts.
  const jobs = new Jobs(orm, { concurrency: env.jobConcurrency, staleSeconds: env.jobStaleSeconds, runJobs: env.runJobs, log, connectionString: env.directUrl ?? orm.config.get('clientUrl')! });
  const imports = new ImportService(orm, jobs, { limits: env.importLimits, progressRows: env.importProgressRows });
  const exports = new ExportService(orm, jobs);
  provideImportServices(orm.config, { imports, exports });

  const schema = await getSchema();
  useSchema(schema);
  const apollo = new ApolloServer<Context>({
    schema: countNestedLists(schema),
    // Introspection is allowed, but only with a session (access.plugin.ts).
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // No "Did you mean ...?" in errors outside development.
    hideSchemaDetailsFromClientErrors: !dev,
    parseOptions: { maxTokens: LIMITS.tokens },
    maxRecursiveSelections: LIMITS.recursiveSelections,
    validationRules: limitRules,
    formatError: (formatted, error) => formatError(formatted, error, { log: (e) => log(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`), dev }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 2000 }),
      ApolloServerPluginLandingPageDisabled(),
      // The default cache-control plugin wraps every field's resolver to compute cache hints we never
      // send; a drill-down answers about a thousand fields.
      ApolloServerPluginCacheControlDisabled(),
      accessPlugin(),
      inputPlugin(),
      resultSizePlugin(),
      localizePlugin,
      ...(replicas ? [replicaPlugin(replicas)] : []),
    ],
  });
  await apollo.start();
  await jobs.start();

  app.get('/healthz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      // Each standby's state and lag: a standby down or behind is skipped, the hub keeps answering.
      res.json({ status: 'ok', database: 'up', ...(replicas ? { replicas: replicas.health() } : {}) });
    } catch {
      res.status(503).json({ status: 'error', database: 'down', ...(replicas ? { replicas: replicas.health() } : {}) });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: LIMITS.bodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const token = tokenOf(req);
        const principal = await auth.principalFor(token);
        return createContext(orm.em, langOf(req.headers['accept-language'], env.defaultLang), principal, { auth, http: { req, res, token } });
      },
    }),
  );
  // A body the JSON parser refuses (too large, malformed) is answered like any GraphQL error, not with an HTML page.
  app.use('/graphql', (err: { type?: string; status?: number }, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!err?.type?.startsWith('entity.')) return next(err);
    const lang = langOf(req.headers['accept-language'], env.defaultLang);
    const e =
      err.type === 'entity.too.large'
        ? new AppError('LIMIT_EXCEEDED', undefined, { detail: 'BODY_SIZE', max: LIMITS.bodyBytes })
        : new AppError('VALIDATION_FAILED', 'body');
    res.status(err.type === 'entity.too.large' ? 413 : (err.status ?? 400)).json({ errors: [{ message: renderMessage(e.code, lang, e.field, e.params), extensions: e.extensions }] });
  });

  // The monthly report's workbook, beside /graphql behind the same session.
  mountReportRoutes(app, orm, env, auth, log);
  importRoutes(app, { auth, imports, exports, defaultLang: env.defaultLang, maxFileBytes: env.importLimits.fileBytes });

  const index = path.join(env.adminDist, 'index.html');
  if (fs.existsSync(index)) {
    app.use(express.static(env.adminDist, { index: false, maxAge: '1h' }));
    // Client-side routes of the SPA all answer with its index page.
    app.get(/^\/(?!graphql|healthz|report\/|api\/).*/, (_req, res) => res.sendFile(index));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>扶贫数据中台</title><h1>扶贫数据中台 Fupin Hub</h1><p>The admin is not built: run <code>npm run build</code>. GraphQL is at <a href="/graphql">/graphql</a>.</p></html>');
    });
  }

  return {
    app,
    http: httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const addr = httpServer.address() as AddressInfo;
          resolve(`http://127.0.0.1:${addr.port}`);
        });
      }),
    close: async () => {
      await jobs.stop();
      await apollo.stop();
      await sessions.stop();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      await replicas?.close();
    },
  };
}
