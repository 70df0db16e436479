import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Throwaway PostgreSQL clusters for the tests that need servers of their own: a primary with a hot
 * standby (streaming replication from a physical slot, made with pg_basebackup), and PgBouncer. They
 * use the machine's PostgreSQL binaries (Debian's /usr/lib/postgresql/<major>/bin), run as the
 * `postgres` user when the tests run as root (PostgreSQL refuses root), live under /tmp on ports of
 * the scale team's range 5440-5459, and are removed afterwards, also when a test fails or the
 * process exits early.
 */

/** The scale team's ports: clusters in the first half, PgBouncer in the second (test files run in parallel). */
const CLUSTER_PORTS = { first: 5440, last: 5449 };
const POOLER_PORTS = { first: 5450, last: 5459 };

function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin/initdb'))) : [];
  if (!majors.length) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  return path.join(root, majors.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a server tool, as `postgres` when we are root. */
export function runAsPostgres(cmd: string, args: string[], opts: { allowFail?: boolean } = {}): string {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** `n` free ports of the range, taken from a random start so concurrent test files rarely collide. */
export async function freePorts(n: number, PORTS = CLUSTER_PORTS): Promise<number[]> {
  const size = PORTS.last - PORTS.first + 1;
  const start = Math.floor(Math.random() * size);
  const out: number[] = [];
  for (let i = 0; i < size && out.length < n; i++) {
    const p = PORTS.first + ((start + i) % size);
    if (await portFree(p)) out.push(p);
  }
  if (out.length < n) throw new Error(`fewer than ${n} free ports in ${PORTS.first}-${PORTS.last}`);
  return out;
}

export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fupin-scale-${label}-`));
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  fs.chmodSync(dir, 0o755);
  return dir;
}

const cleanups = new Set<() => void>();
process.on('exit', () => {
  for (const c of cleanups) c();
});

export interface Replicated {
  primaryPort: number;
  standbyPort: number;
  /** postgres://postgres@127.0.0.1:<port>/<db> */
  primaryUrl(db?: string): string;
  standbyUrl(db?: string): string;
  sqlPrimary<R extends pg.QueryResultRow = any>(text: string, params?: unknown[], db?: string): Promise<R[]>;
  sqlStandby<R extends pg.QueryResultRow = any>(text: string, params?: unknown[], db?: string): Promise<R[]>;
  /** Waits until the standby has replayed everything the primary has written so far. */
  catchUp(db?: string): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stopStandby(): void;
  startStandby(): Promise<void>;
  /** Stops both servers and removes their files. */
  remove(): void;
}

async function query<R extends pg.QueryResultRow>(url: string, text: string, params?: unknown[]): Promise<R[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return (await c.query<R>(text, params as unknown[])).rows;
  } finally {
    await c.end();
  }
}

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await ok()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A primary (`wal_level=replica`, a replication slot) and a hot standby made from it with
 * `pg_basebackup -X stream -S <slot> -R`. fsync is off: the clusters are thrown away.
 */
export async function startReplicated(): Promise<Replicated> {
  const bin = pgBin();
  const dir = tempDir('repl');
  const [primaryPort, standbyPort] = await freePorts(2);
  const pdata = path.join(dir, 'primary');
  const sdata = path.join(dir, 'standby');
  const stop = (data: string, mode = 'fast') => runAsPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop'], { allowFail: true });
  const removeNow = () => {
    for (const d of [sdata, pdata]) if (fs.existsSync(path.join(d, 'postmaster.pid'))) stop(d, 'immediate');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(removeNow);
  try {
    runAsPostgres(path.join(bin, 'initdb'), ['-D', pdata, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    fs.appendFileSync(
      path.join(pdata, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'max_replication_slots = 4',
        'hot_standby = on',
        'fsync = off',
        'full_page_writes = off',
        'shared_buffers = 32MB',
        'max_connections = 60',
        '',
      ].join('\n'),
    );
    runAsPostgres(path.join(bin, 'pg_ctl'), ['-D', pdata, '-l', path.join(dir, 'primary.log'), '-w', 'start']);
    const primaryUrl = (db = 'postgres') => `postgres://postgres@127.0.0.1:${primaryPort}/${db}`;
    const standbyUrl = (db = 'postgres') => `postgres://postgres@127.0.0.1:${standbyPort}/${db}`;
    await query(primaryUrl(), `select pg_create_physical_replication_slot('fupin_standby')`);
    runAsPostgres(path.join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', sdata, '-X', 'stream', '-S', 'fupin_standby', '-R']);
    // The copy carries the primary's settings: the standby only needs its own port.
    fs.appendFileSync(path.join(sdata, 'postgresql.conf'), `port = ${standbyPort}\n`);
    const startStandby = async () => {
      runAsPostgres(path.join(bin, 'pg_ctl'), ['-D', sdata, '-l', path.join(dir, 'standby.log'), '-w', 'start']);
      await waitFor('the standby to accept connections', async () => (await query<{ r: boolean }>(standbyUrl(), 'select pg_is_in_recovery() as r'))[0].r);
    };
    await startStandby();

    const r: Replicated = {
      primaryPort,
      standbyPort,
      primaryUrl,
      standbyUrl,
      sqlPrimary: (text, params, db) => query(primaryUrl(db), text, params),
      sqlStandby: (text, params, db) => query(standbyUrl(db), text, params),
      async catchUp(db) {
        const [{ lsn }] = await query<{ lsn: string }>(primaryUrl(db), 'select pg_current_wal_lsn()::text as lsn');
        await waitFor('the standby to catch up', async () => (await query<{ ok: boolean }>(standbyUrl(db), 'select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn]))[0].ok);
      },
      async pauseReplay() {
        await query(standbyUrl(), 'select pg_wal_replay_pause()');
        await waitFor('replay to pause', async () => (await query<{ s: string }>(standbyUrl(), 'select pg_get_wal_replay_pause_state() as s'))[0].s === 'paused');
      },
      async resumeReplay() {
        await query(standbyUrl(), 'select pg_wal_replay_resume()');
      },
      stopStandby: () => void stop(sdata),
      startStandby,
      remove() {
        cleanups.delete(removeNow);
        removeNow();
      },
    };
    return r;
  } catch (e) {
    cleanups.delete(removeNow);
    removeNow();
    throw e;
  }
}

export interface Bouncer {
  port: number;
  url(db: string): string;
  remove(): void;
}

/**
 * PgBouncer in transaction mode in front of `server` (host:port), on a port of our range, with its
 * config under /tmp (never the system service). `connectQuery` runs on each server connection it opens.
 */
export async function startPgBouncer(server: { host: string; port: number }, opts: { poolSize?: number; connectQuery?: string } = {}): Promise<Bouncer> {
  const exe = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => fs.existsSync(p));
  if (!exe) throw new Error('pgbouncer is not installed (apt-get install -y pgbouncer; .ci/run does it)');
  const dir = tempDir('pgbouncer');
  const [port] = await freePorts(1, POOLER_PORTS);
  const ini = path.join(dir, 'pgbouncer.ini');
  const connectQuery = opts.connectQuery ? ` connect_query='${opts.connectQuery.replace(/'/g, "''")}'` : '';
  fs.writeFileSync(path.join(dir, 'users.txt'), '"postgres" ""\n');
  fs.writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${server.host} port=${server.port}${connectQuery}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${opts.poolSize ?? 3}`,
      'max_client_conn = 200',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  if (asRoot) execFileSync('chown', ['-R', 'postgres', dir]);
  const removeNow = () => {
    const pidFile = path.join(dir, 'pgbouncer.pid');
    if (fs.existsSync(pidFile)) {
      try {
        process.kill(Number(fs.readFileSync(pidFile, 'utf8').trim()), 'SIGINT');
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(removeNow);
  runAsPostgres(exe, ['-d', ini]);
  await waitFor('pgbouncer to listen', async () => !(await portFree(port)), 10_000);
  return {
    port,
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    remove() {
      cleanups.delete(removeNow);
      removeNow();
    },
  };
}
