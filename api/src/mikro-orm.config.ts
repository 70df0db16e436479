import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { DataloaderType } from '@mikro-orm/core';
import path from 'node:path';
import { entities } from './entities';
import { migrationsList } from './migrations';
import { AuditTrail } from './modules/audit/audit.subscriber';
import { ScopeGuard } from './modules/auth/scope';
import { RegionCacheInvalidator } from './modules/region/region.cache';

/** Longest a single SQL statement of the hub may run before PostgreSQL cancels it. */
export const STATEMENT_TIMEOUT_MS = 15_000;

/** ORM settings for a database URL. Schema changes only ever come from the committed migrations. */
export interface OrmOptions {
  debug?: boolean;
  statementTimeoutMs?: number;
  /**
   * A hot standby (db/replicas.ts): connections fail fast (a standby that is down must not hold a
   * request until the pool's 60 s acquire timeout); it is only read from.
   */
  replica?: boolean;
  /**
   * `clientUrl` is a transaction-mode pooler (PgBouncer): it refuses startup parameters, so the
   * statement timeout must be set on the server side (the pooler's `connect_query`, or `alter role`).
   */
  pooled?: boolean;
}

/** Connection timeouts of a standby's pool: a standby that does not answer is skipped quickly. */
export const REPLICA_CONNECT_TIMEOUT_MS = 2000;

export function ormConfig(clientUrl: string, opts: OrmOptions = {}): Options {
  const connection = {
    ...(opts.pooled ? {} : { statement_timeout: opts.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS }),
    ...(opts.replica ? { connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS } : {}),
  };
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    // Batches reference and collection loads of one tick into one query: lists never do N+1.
    dataloader: DataloaderType.ALL,
    debug: opts.debug ?? false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: 10 },
    // Set on every pooled connection: a runaway query cannot hold a connection (or the database) for long.
    // (Per-replica pool settings must go here: MikroORM ignores a replica's own `pool`, RESEARCH.md.)
    driverOptions: { connection, ...(opts.replica ? { acquireConnectionTimeout: REPLICA_CONNECT_TIMEOUT_MS + 1000 } : {}) },
    // Order matters: the scope check refuses a flush before the audit trail records it.
    subscribers: [new ScopeGuard(), new AuditTrail(), new RegionCacheInvalidator()],
    // Every entity is filtered on its own region column; joining to-one relations to re-filter them adds only cost.
    autoJoinRefsForFilters: false,
    migrations: {
      tableName: 'mikro_orm_migrations',
      silent: true,
      // Listed, not globbed: the same list works from src (tests) and dist (the hub).
      migrationsList,
      path: path.join(__dirname, '../src/migrations'),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
  });
}

// For the mikro-orm CLI (`npm run migration:create --workspace @fupin/api`).
export default ormConfig(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/fupin');
