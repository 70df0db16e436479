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

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a database on the test server from which test databases are created. */
    serverUrl: string;
    /** Migrated database with the region tree, cloned for each test file. */
    templateDb: string;
  }
}

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
  await prepareDatabase(orm, () => {});
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
