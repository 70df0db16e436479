import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { DataloaderType } from '@mikro-orm/core';
import path from 'node:path';
import { entities } from './entities';
import { migrationsList } from './migrations';
import { AuditTrail } from './modules/audit/audit.subscriber';
import { ScopeGuard } from './modules/auth/scope';

/** Longest a single SQL statement of the hub may run before PostgreSQL cancels it. */
export const STATEMENT_TIMEOUT_MS = 15_000;

/** ORM settings for a database URL. Schema changes only ever come from the committed migrations. */
export function ormConfig(clientUrl: string, opts: { debug?: boolean; statementTimeoutMs?: number } = {}): Options {
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
    driverOptions: { connection: { statement_timeout: opts.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS } },
    // Order matters: the scope check refuses a flush before the audit trail records it.
    subscribers: [new ScopeGuard(), new AuditTrail()],
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
