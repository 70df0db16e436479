import path from 'node:path';

/**
 * The one place the process environment is read. Validated at start: a bad value stops the hub with a
 * message naming the variable, instead of failing later in some request.
 */
export interface Env {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  /** PostgreSQL connection string; unset means the embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (git-ignored). */
  dataDir: string;
  /** Port of the embedded PostgreSQL. */
  embeddedPgPort: number;
  /** Demo data scale loaded into an empty database at start; 0 loads only the region tree. */
  seedScale: number;
  /** Seed of the demo data generator. */
  seed: number;
  nodeEnv: 'development' | 'production' | 'test';
  /** Default language of messages when the request does not ask (Accept-Language). */
  defaultLang: 'zh' | 'en';
  /** Folder of the built admin SPA served at `/`. */
  adminDist: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Password of the first administrator, used only when the database has no user yet; unset: a random one is printed once. */
  adminPassword: string | undefined;
  /** Hours a session lasts after sign-in. */
  sessionHours: number;
  /** Milliseconds between folds of the statistics deltas into `stats_month` (STATS_FOLD_MS); 0: this instance does not fold. */
  statsFoldMs: number;
  /** Hot standbys (streaming replicas of DATABASE_URL's primary) that read-only operations read from. */
  replicaUrls: string[];
  /** A standby further behind the primary than this is skipped (reads go to the primary). */
  replicaMaxLagMs: number;
  /**
   * The primary reached directly when DATABASE_URL goes through a transaction-mode pooler (PgBouncer):
   * session-level work (advisory locks, LISTEN, the job worker, migrations) uses it, and no startup
   * parameter (statement_timeout) is sent on DATABASE_URL. Unset: DATABASE_URL is direct.
   */
  directUrl: string | undefined;
  /** Express's `trust proxy`: false (default), true, a number of hops, or addresses/subnets of the proxies. */
  trustProxy: boolean | number | string;
  /** Jobs (imports, exports) this instance runs at once. */
  jobConcurrency: number;
  /** A running job whose heartbeat is older than this is marked FAILED (its hub died). */
  jobStaleSeconds: number;
  /** false: this instance queues jobs but runs none. */
  runJobs: boolean;
  /** Bounds of an uploaded file. */
  importLimits: { fileBytes: number; rows: number; columns: number; unzippedBytes: number };
  /** Rows an import's commit or undo writes between two progress reports. */
  importProgressRows: number;
}

export class EnvError extends Error {}

const repoRoot = path.resolve(__dirname, '../../..');

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new EnvError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function oneOf<T extends string>(name: string, raw: string | undefined, values: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new EnvError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** TRUST_PROXY: unset or false, true, a hop count, or a comma-separated list of proxy addresses or subnets (loopback, 10.0.0.0/8 ...). */
function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return int('TRUST_PROXY', raw, 0, 0, 10);
  if (!/^[\w.:/,\s-]+$/.test(raw)) throw new EnvError(`TRUST_PROXY must be true, false, a number of hops or proxy addresses, got "${raw}"`);
  return raw;
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const databaseUrl = source.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new EnvError('DATABASE_URL must start with postgres:// or postgresql://');
  const seedScale = source.SEED_SCALE === undefined || source.SEED_SCALE === '' ? 1 : Number(source.SEED_SCALE);
  if (!Number.isFinite(seedScale) || seedScale < 0 || seedScale > 100) throw new EnvError(`SEED_SCALE must be a number from 0 to 100, got "${source.SEED_SCALE}"`);
  const pgUrl = (name: string, raw: string) => {
    if (!/^postgres(ql)?:\/\//.test(raw)) throw new EnvError(`${name} must be postgres:// or postgresql:// URLs`);
    return raw;
  };
  const replicaUrls = (source.DATABASE_REPLICA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean).map((u) => pgUrl('DATABASE_REPLICA_URLS', u));
  const directUrl = source.DATABASE_DIRECT_URL ? pgUrl('DATABASE_DIRECT_URL', source.DATABASE_DIRECT_URL) : undefined;
  if ((replicaUrls.length || directUrl) && !databaseUrl) throw new EnvError('DATABASE_REPLICA_URLS and DATABASE_DIRECT_URL need DATABASE_URL (the primary)');
  const adminPassword = source.HUB_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && ([...adminPassword].length < 10 || [...adminPassword].length > 128)) throw new EnvError('HUB_ADMIN_PASSWORD must be 10 to 128 characters');
  return {
    port: int('PORT', source.PORT, 4000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(source.HUB_DATA_DIR || path.join(repoRoot, '.data')),
    embeddedPgPort: int('EMBEDDED_PG_PORT', source.EMBEDDED_PG_PORT, 54329, 1, 65535),
    seedScale,
    seed: int('SEED', source.SEED, 2017, 0, 2 ** 31 - 1),
    nodeEnv: oneOf('NODE_ENV', source.NODE_ENV, ['development', 'production', 'test'] as const, 'production'),
    defaultLang: oneOf('HUB_LANG', source.HUB_LANG, ['zh', 'en'] as const, 'zh'),
    adminDist: path.resolve(source.ADMIN_DIST || path.join(repoRoot, 'admin/dist')),
    logLevel: oneOf('LOG_LEVEL', source.LOG_LEVEL, ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    adminPassword,
    sessionHours: int('HUB_SESSION_HOURS', source.HUB_SESSION_HOURS, 8, 1, 720),
    statsFoldMs: int('STATS_FOLD_MS', source.STATS_FOLD_MS, 1000, 0, 3_600_000),
    replicaUrls,
    replicaMaxLagMs: int('DATABASE_REPLICA_MAX_LAG_MS', source.DATABASE_REPLICA_MAX_LAG_MS, 5000, 0, 3_600_000),
    directUrl,
    trustProxy: trustProxy(source.TRUST_PROXY),
    jobConcurrency: int('HUB_JOB_CONCURRENCY', source.HUB_JOB_CONCURRENCY, 2, 1, 16),
    jobStaleSeconds: int('HUB_JOB_STALE_SECONDS', source.HUB_JOB_STALE_SECONDS, 30, 2, 3600),
    runJobs: oneOf('HUB_JOBS', source.HUB_JOBS, ['on', 'off'] as const, 'on') === 'on',
    importLimits: {
      fileBytes: int('HUB_IMPORT_MAX_MB', source.HUB_IMPORT_MAX_MB, 50, 1, 1024) * 1024 * 1024,
      rows: int('HUB_IMPORT_MAX_ROWS', source.HUB_IMPORT_MAX_ROWS, 300_000, 1, 5_000_000),
      columns: int('HUB_IMPORT_MAX_COLUMNS', source.HUB_IMPORT_MAX_COLUMNS, 100, 5, 1000),
      unzippedBytes: int('HUB_IMPORT_MAX_UNZIPPED_MB', source.HUB_IMPORT_MAX_UNZIPPED_MB, 600, 1, 8192) * 1024 * 1024,
    },
    importProgressRows: int('HUB_IMPORT_PROGRESS_ROWS', source.HUB_IMPORT_PROGRESS_ROWS, 5000, 1, 1_000_000),
  };
}
