import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { inject } from 'vitest';
import { idCheckChar } from '@fupin/schema';
import { loadEnv } from '../src/config/env';
import { ormConfig } from '../src/mikro-orm.config';
import { createServer } from '../src/server';
import { withDatabase } from './global-setup';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
}

export interface TestHub {
  url: string;
  orm: MikroORM;
  /** POSTs a GraphQL request over HTTP, as any client would. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, opts?: { lang?: string; headers?: Record<string, string> }): Promise<GqlResult<T>>;
  /** Runs SQL directly, to check what the API wrote (never to set up what the API should do). */
  sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<R[]>;
  /** Counts the SQL statements the ORM runs while `fn` runs. */
  countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: string[] }>;
  close(): Promise<void>;
}

let counter = 0;

/** A hub on its own fresh database (a clone of the migrated template with the region tree), on a free port. */
export async function startTestHub(): Promise<TestHub> {
  const serverUrl = inject('serverUrl');
  const template = inject('templateDb');
  const dbName = `fupin_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // Two workers may clone the template at the same moment; PostgreSQL refuses the second while the first copies.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${dbName} template ${template}`);
      break;
    } catch (e) {
      if (attempt > 40 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = withDatabase(serverUrl, dbName);
  let recording: string[] | undefined;
  const orm = await MikroORM.init({
    ...ormConfig(url),
    debug: ['query'],
    logger: (msg: string) => {
      if (recording && /^\[query\]/.test(msg)) recording.push(msg);
    },
  });
  const env = loadEnv({ PORT: '0', DATABASE_URL: url, NODE_ENV: 'test', ADMIN_DIST: '/nonexistent' });
  const hub = await createServer(orm, env, () => {});
  const base = await hub.listen(0, '127.0.0.1');
  const client = new pg.Client({ connectionString: url });
  await client.connect();

  return {
    url: base,
    orm,
    async gql(query, variables, opts = {}) {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(opts.lang ? { 'accept-language': opts.lang } : {}), ...opts.headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status };
    },
    async sql(text, params) {
      return (await client.query(text, params as unknown[])).rows;
    },
    async countQueries(fn) {
      recording = [];
      try {
        const result = await fn();
        return { result, queries: recording };
      } finally {
        recording = undefined;
      }
    },
    async close() {
      await hub.close();
      await client.end();
      await orm.close(true);
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    },
  };
}

/** Makes a valid 18-character ID number from a region code, a birth date (YYYYMMDD) and a sequence. */
export function makeIdNumber(region6: string, birth8: string, seq3: string): string {
  const first17 = `${region6}${birth8}${seq3}`;
  return first17 + idCheckChar(first17);
}
