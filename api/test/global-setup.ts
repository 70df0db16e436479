import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { loadEnv } from '../src/config/env';
import { openDatabase } from '../src/db/database';
import { prepareDatabase } from '../src/db/bootstrap';
import { ormConfig } from '../src/mikro-orm.config';
import { ensureAdminUser } from '../src/modules/auth/auth.service';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a database on the test server from which test databases are created. */
    serverUrl: string;
    /** Migrated database with the region tree, cloned for each test file. */
    templateDb: string;
  }
}

/** Password of the `admin` user of every test database. */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

/** Replaces the database name of a connection URL. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * Tests run against a real PostgreSQL: the server at DATABASE_URL, else an embedded one started here.
 * One template database is migrated and loaded with the region tree; each test file clones it.
 */
export default async function setup(project: TestProject) {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let serverUrl = process.env.DATABASE_URL;
  let tmpDir: string | undefined;
  if (!serverUrl) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-test-pg-'));
    fs.chmodSync(tmpDir, 0o755);
    const port = 55000 + Math.floor(Math.random() * 5000);
    const db = await openDatabase(loadEnv({ HUB_DATA_DIR: tmpDir, EMBEDDED_PG_PORT: String(port) }));
    serverUrl = db.url;
    stopEmbedded = db.stop;
  }
  const templateDb = `fupin_tmpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${templateDb}`);
  const orm = await MikroORM.init(ormConfig(withDatabase(serverUrl, templateDb)));
  // The template holds no demo data: tests create what they need (or load a small scale themselves).
  await prepareDatabase(orm, () => {}, { scale: 0, seed: 0 });
  // The city administrator every test signs in as (hashed once here, not per test file).
  await ensureAdminUser(orm.em, { password: TEST_ADMIN_PASSWORD, log: () => {} });
  await orm.close(true);

  project.provide('serverUrl', serverUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    await admin.query(`drop database if exists ${templateDb} with (force)`);
    await admin.end();
    if (stopEmbedded) await stopEmbedded();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  };
}
