import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { inject } from 'vitest';
import { idCheckChar } from '@fupin/schema';
import { loadEnv } from '../src/config/env';
import { ormConfig } from '../src/mikro-orm.config';
import { createServer } from '../src/server';
import { TEST_ADMIN_PASSWORD, withDatabase } from './global-setup';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
}

export type Role = 'CITY_ADMIN' | 'OPERATOR' | 'ANALYST' | 'VIEWER';

export interface GqlOptions {
  lang?: string;
  headers?: Record<string, string>;
}

/** POSTs a GraphQL request over HTTP as one user (or anonymously). */
export interface Gql {
  <T = any>(query: string, variables?: Record<string, unknown>, opts?: GqlOptions): Promise<GqlResult<T>>;
  /** The session token sent as `Authorization: Bearer`; undefined when anonymous. */
  token?: string;
  userId?: string;
  username?: string;
  password?: string;
}

export interface TestHub {
  url: string;
  /** Connection string of the hub's own database. */
  dbUrl: string;
  orm: MikroORM;
  /** POSTs a GraphQL request over HTTP, as any client would, signed in as the city administrator `admin`. */
  gql: Gql;
  /** POSTs without a session. */
  anonymous: Gql;
  /**
   * A second city administrator: approves and pays what `gql` (admin) applied for, since the one who
   * applies for money never approves or pays it.
   */
  approver: Gql;
  /** A fresh user of `role` (created by the administrator through the API, then signed in) and its gql. */
  as(role: Role, scopeRegionCode?: string): Promise<Gql>;
  /** The administrator's password (the `admin` user of every test database). */
  adminPassword: string;
  /** Runs SQL directly, to check what the API wrote (never to set up what the API should do). */
  sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<R[]>;
  /** Counts the SQL statements the ORM runs while `fn` runs (the session lookup of each request left out). */
  countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: string[] }>;
  close(): Promise<void>;
}

let counter = 0;

/** A hub on its own fresh database (a clone of the migrated template with the region tree), on a free port. */
export async function startTestHub(opts: { env?: Record<string, string> } = {}): Promise<TestHub> {
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
      // Colours (when the terminal has them) wrap the tag: strip them before matching.
      const plain = msg.replace(/\x1b\[[0-9;]*m/g, '');
      // The session lookup every signed-in request starts with is not the work being counted.
      if (recording && /^\[query\]/.test(plain) && !/from user_session s join app_user/.test(plain)) recording.push(msg);
    },
  });
  const env = loadEnv({ PORT: '0', DATABASE_URL: url, NODE_ENV: 'test', ADMIN_DIST: '/nonexistent', ...opts.env });
  const hub = await createServer(orm, env, process.env.HUB_TEST_LOG ? console.log : () => {});
  const base = await hub.listen(0, '127.0.0.1');
  const client = new pg.Client({ connectionString: url });
  await client.connect();

  const gqlAs = (token: string | undefined): Gql => {
    const fn = (async (query: string, variables?: Record<string, unknown>, opts: GqlOptions = {}) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(opts.lang ? { 'accept-language': opts.lang } : {}),
          ...opts.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status };
    }) as Gql;
    fn.token = token;
    return fn;
  };
  const anonymous = gqlAs(undefined);
  const signIn = async (username: string, password: string): Promise<Gql> => {
    const r = await anonymous(`mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token user { id username } } }`, { u: username, p: password });
    if (r.errors) throw new Error(`sign-in of ${username} failed: ${r.errors[0].message}`);
    const g = gqlAs(r.data.signIn.token);
    g.userId = r.data.signIn.user.id;
    g.username = username;
    g.password = password;
    return g;
  };
  const adminGql = await signIn('admin', TEST_ADMIN_PASSWORD);
  let users = 0;
  const approverPassword = `pw-approver-${Math.random().toString(36).slice(2)}`;
  const made = await adminGql(`mutation($p: String!) { createUser(username: "approver", displayName: "市级审批人", password: $p, role: CITY_ADMIN) { id } }`, { p: approverPassword });
  if (made.errors) throw new Error(`creating the approver failed: ${made.errors[0].message}`);
  const approver = await signIn('approver', approverPassword);

  return {
    url: base,
    dbUrl: url,
    orm,
    gql: adminGql,
    anonymous,
    approver,
    adminPassword: TEST_ADMIN_PASSWORD,
    async as(role, scopeRegionCode) {
      const username = `${role.toLowerCase().replace('_', '-')}-${++users}`;
      const password = `pw-${username}-${Math.random().toString(36).slice(2)}`;
      const r = await adminGql(
        `mutation($u: String!, $p: String!, $r: UserRole!, $s: ID) { createUser(username: $u, displayName: $u, password: $p, role: $r, scopeRegionCode: $s) { id } }`,
        { u: username, p: password, r: role, s: scopeRegionCode ?? null },
      );
      if (r.errors) throw new Error(`creating a ${role} failed: ${r.errors[0].message}`);
      return signIn(username, password);
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
