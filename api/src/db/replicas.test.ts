import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplicated, type Replicated } from '../../test/clusters';
import { TEST_ADMIN_PASSWORD } from '../../test/global-setup';
import { loadEnv } from '../config/env';
import { ormConfig } from '../mikro-orm.config';
import { ensureAdminUser } from '../modules/auth/auth.service';
import { createServer, type Hub } from '../server';
import { prepareDatabase } from './bootstrap';
import { formatLsn, parseLsn } from './replicas';

/**
 * Read replicas for real: a throwaway primary and a hot standby made from it with pg_basebackup
 * (test/clusters.ts), a hub on the primary with the standby in DATABASE_REPLICA_URLS. Which server
 * answered is proven by what it answers (a standby whose replay is paused does not have the newest
 * rows), not only by the hub's own `x-hub-read-from` header.
 */

const DB = 'fupin_scale_repl';
const MAX_LAG_MS = 1500;
let cluster: Replicated;
let orm: MikroORM;
let hub: Hub;
let base: string;
const logs: string[] = [];
let village: string;

interface Answer {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
  from: string | null;
  lsn: string | null;
  ms: number;
}

type Client = ((query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<Answer>) & { token: string };

async function post(token: string | undefined, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const t0 = Date.now();
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Answer;
  return { ...body, from: res.headers.get('x-hub-read-from'), lsn: res.headers.get('x-hub-lsn'), ms: Date.now() - t0 };
}

/** A new session of the administrator (each sign-in is a session of its own). */
async function session(): Promise<Client> {
  const r = await post(undefined, 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: 'admin', p: TEST_ADMIN_PASSWORD });
  expect(r.errors).toBeUndefined();
  const token = r.data.signIn.token as string;
  const fn = ((q: string, v?: Record<string, unknown>, h?: Record<string, string>) => post(token, q, v, h)) as Client;
  fn.token = token;
  return fn;
}

async function health(): Promise<any> {
  return (await fetch(`${base}/healthz`)).json();
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const replicaState = async () => (await health()).replicas[0];

let households = 0;
async function createHousehold(c: Client): Promise<Answer> {
  const r = await c('mutation($v: ID!, $n: String!) { createHousehold(villageId: $v, headName: $n, memberCount: 3) { id } }', { v: village, n: `户主${++households}` });
  expect(r.errors).toBeUndefined();
  return r;
}

const COUNT_FIELD = '_allHouseholdsMeta { count }';
const COUNT = `{ ${COUNT_FIELD} }`;
const count = (a: Answer) => a.data._allHouseholdsMeta.count as number;

beforeAll(async () => {
  cluster = await startReplicated();
  await cluster.sqlPrimary(`create database ${DB}`);
  orm = await MikroORM.init(ormConfig(cluster.primaryUrl(DB)));
  await prepareDatabase(orm, () => {}, { scale: 0, seed: 0 });
  await ensureAdminUser(orm.em, { password: TEST_ADMIN_PASSWORD, log: () => {} });
  [{ code: village }] = await cluster.sqlPrimary<{ code: string }>(`select code from region where level = 'VILLAGE' and not is_urban order by code limit 1`, [], DB);
  const env = loadEnv({
    PORT: '0',
    DATABASE_URL: cluster.primaryUrl(DB),
    DATABASE_REPLICA_URLS: cluster.standbyUrl(DB),
    DATABASE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
    NODE_ENV: 'test',
    ADMIN_DIST: '/nonexistent',
  });
  hub = await createServer(orm, env, (m) => logs.push(m));
  base = await hub.listen(0, '127.0.0.1');
  await cluster.catchUp(DB);
  await until('the standby to be up', replicaState, (s) => s.state === 'up');
}, 180_000);

afterAll(async () => {
  await hub?.close();
  await orm?.close(true);
  cluster?.remove();
});

describe('read replicas', { timeout: 120_000 }, () => {
  it('reports the standby in /healthz', async () => {
    const h = await health();
    expect(h.status).toBe('ok');
    expect(h.replicas).toHaveLength(1);
    expect(h.replicas[0]).toMatchObject({ name: 'replica-1', state: 'up', lagMs: 0, target: `127.0.0.1:${cluster.standbyPort}/${DB}` });
    expect(parseLsn(h.replicas[0].replayLsn)).not.toBeNull();
    expect(JSON.stringify(h)).not.toContain('postgres@');
  });

  it('sends lists and statistics to the standby, and every mutation to the primary', async () => {
    const a = await session();
    const list = await a(COUNT);
    expect(list.errors).toBeUndefined();
    expect(list.from).toBe('replica-1');
    const stats = await a(`{ Region(id: "511300000000") { name stats { households laborers } } }`);
    expect(stats.errors).toBeUndefined();
    expect(stats.from).toBe('replica-1');
    // The standby holds the hub's connections (the stale reads below prove it answers them).
    const [conns] = await cluster.sqlStandby<{ n: string }>(`select count(*) as n from pg_stat_activity where datname = $1 and backend_type = 'client backend'`, [DB]);
    expect(Number(conns.n)).toBeGreaterThan(0);

    const w = await createHousehold(a);
    expect(w.from).toBe('primary');
    expect(parseLsn(w.lsn)).not.toBeNull();
  });

  it('reads its own writes while the standby lags, and serves others from the standby until the lag bound', async () => {
    const writer = await session();
    const other = await session();
    await cluster.catchUp(DB);
    await until('the standby to be up', replicaState, (s) => s.state === 'up' && s.lagMs === 0);
    const start = count(await other(COUNT));

    await cluster.pauseReplay();
    try {
      const w = await createHousehold(writer);
      const id = w.data.createHousehold.id;
      // The writer sees its household at once (the standby has not replayed it: the primary answers).
      const mine = await writer(`query($id: ID!) { Household(id: $id) { id headName } ${COUNT_FIELD} }`, { id });
      expect(mine.errors).toBeUndefined();
      expect(mine.data.Household?.id).toBe(id);
      expect(count(mine)).toBe(start + 1);
      expect(mine.from).toBe('primary');
      // A household counts in the registry from its registration (today): the statistics as of today.
      const stats = await writer(`{ Region(id: "511300000000") { stats(asOf: "${new Date().toISOString().slice(0, 10)}") { households } } }`);
      expect(stats.data.Region.stats.households).toBe(start + 1);

      // Another session, which wrote nothing, reads from the standby: it does not have the row yet.
      const stale = await other(COUNT);
      expect(stale.from).toBe('replica-1');
      expect(count(stale)).toBe(start);
      // ...unless it carries the writer's position (another hub instance's client sends the header back).
      const carried = await other(COUNT, undefined, { 'x-hub-lsn': w.lsn! });
      expect(carried.from).toBe('primary');
      expect(count(carried)).toBe(start + 1);

      // Past the lag bound the standby is skipped for everyone.
      const lagging = await until('the standby to be lagging', replicaState, (s) => s.state === 'lagging', MAX_LAG_MS + 5000);
      expect(lagging.lagMs).toBeGreaterThan(MAX_LAG_MS);
      const fresh = await other(COUNT);
      expect(fresh.from).toBe('primary');
      expect(count(fresh)).toBe(start + 1);
    } finally {
      await cluster.resumeReplay();
    }
    await until('the standby to catch up', replicaState, (s) => s.state === 'up' && s.lagMs === 0);
    const caughtUp = await other(COUNT);
    expect(caughtUp.from).toBe('replica-1');
    expect(count(caughtUp)).toBe(start + 1);
    // The writer's position has been replayed: it reads from the standby again.
    const back = await writer(COUNT);
    expect(back.from).toBe('replica-1');
    expect(count(back)).toBe(start + 1);
  });

  it('runs a query that writes (an audited reveal) on the primary', async () => {
    const a = await session();
    await cluster.catchUp(DB);
    await until('the standby to be up', replicaState, (s) => s.state === 'up');
    const r = await a(`{ revealLaborerIdNumber(id: "999999") _allHouseholdsMeta { count } }`);
    expect(r.errors).toBeUndefined();
    expect(r.from).toBe('primary');
  });

  it('falls back to the primary when the standby is down, and uses it again once it is back', async () => {
    const a = await session();
    await createHousehold(a);
    await cluster.catchUp(DB);
    const expected = Number((await cluster.sqlPrimary<{ n: string }>('select count(*) as n from household', [], DB))[0].n);
    cluster.stopStandby();
    const down = await until('the standby to be reported down', replicaState, (s) => s.state === 'down', 5000);
    expect(down.error).toBeTruthy();
    const reader = await session();
    for (let i = 0; i < 5; i++) {
      const r = await reader(COUNT);
      expect(r.errors).toBeUndefined();
      expect(r.from).toBe('primary');
      expect(count(r)).toBe(expected);
      // Never a wait for a connection that will not come.
      expect(r.ms).toBeLessThan(2000);
    }
    const w = await createHousehold(reader);
    expect(w.errors).toBeUndefined();
    expect((await health()).status).toBe('ok');

    await cluster.startStandby();
    await until('the standby to be up again', replicaState, (s) => s.state === 'up' && s.lagMs === 0, 20_000);
    const again = await reader(COUNT);
    expect(again.errors).toBeUndefined();
    expect(again.from).toBe('replica-1');
    expect(count(again)).toBe(expected + 1);
  });

  it('never wrote to the standby: it is still in recovery, equal to the primary, and no write was refused', async () => {
    await cluster.catchUp(DB);
    const [s] = await cluster.sqlStandby<{ r: boolean }>('select pg_is_in_recovery() as r');
    expect(s.r).toBe(true);
    const q = 'select (select count(*) from household) as h, (select count(*) from audit_log) as a, (select count(*) from user_session) as s';
    expect(await cluster.sqlStandby(q, [], DB)).toEqual(await cluster.sqlPrimary(q, [], DB));
    expect(logs.join('\n')).not.toMatch(/read-only transaction|cannot execute/);
  });
});

describe('WAL positions', () => {
  it('parse and format in WAL order', () => {
    expect(parseLsn('0/3001150')).toBe(0x3001150n);
    expect(parseLsn('16/B374D848')! > parseLsn('F/FFFFFFFF')!).toBe(true);
    expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
    expect(parseLsn('nonsense')).toBeNull();
  });
});

describe('replica configuration', () => {
  it('takes comma-separated standby URLs and a lag bound, and refuses what cannot work', () => {
    const env = loadEnv({ DATABASE_URL: 'postgres://p/db', DATABASE_REPLICA_URLS: ' postgres://a/db , postgresql://b:5433/db,' });
    expect(env.replicaUrls).toEqual(['postgres://a/db', 'postgresql://b:5433/db']);
    expect(env.replicaMaxLagMs).toBe(5000);
    expect(loadEnv({}).replicaUrls).toEqual([]);
    expect(() => loadEnv({ DATABASE_URL: 'postgres://p/db', DATABASE_REPLICA_URLS: 'mysql://a/db' })).toThrow(/DATABASE_REPLICA_URLS/);
    expect(() => loadEnv({ DATABASE_REPLICA_URLS: 'postgres://a/db' })).toThrow(/need DATABASE_URL/);
    expect(() => loadEnv({ DATABASE_URL: 'postgres://p/db', DATABASE_REPLICA_MAX_LAG_MS: '-1' })).toThrow(/DATABASE_REPLICA_MAX_LAG_MS/);
    expect(loadEnv({ DATABASE_URL: 'postgres://p/db', DATABASE_DIRECT_URL: 'postgres://direct/db' }).directUrl).toBe('postgres://direct/db');
  });
});
