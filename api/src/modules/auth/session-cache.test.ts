import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type Gql, type TestHub } from '../../../test/hub';
import { loadEnv } from '../../config/env';
import { ormConfig } from '../../mikro-orm.config';
import { createServer, type Hub } from '../../server';
import { SESSION_CACHE_TTL_MS } from './session-cache';

/*
 * The session cache: a signed-in request does not ask the database for its session again within the
 * TTL, and a revocation (sign-out, password change, deactivation, role change) takes effect on this
 * instance at once and on another instance on the same database within a second (NOTIFY).
 */

let hub: TestHub;
let orm2: MikroORM;
let hub2: Hub;
let url2: string;

beforeAll(async () => {
  hub = await startTestHub();
  // A second instance on the same database, with its own ORM, pool and listener.
  orm2 = await MikroORM.init(ormConfig(hub.orm.config.get('clientUrl')!));
  hub2 = await createServer(orm2, loadEnv({ PORT: '0', DATABASE_URL: hub.orm.config.get('clientUrl'), NODE_ENV: 'test', ADMIN_DIST: '/nonexistent' }), () => {});
  url2 = await hub2.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await hub2?.close();
  await orm2?.close(true);
  await hub?.close();
});

const ME = '{ me { username role } }';

async function on(base: string, g: Gql, query = ME) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${g.token}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

/** Milliseconds until `base` refuses the token (polling), or Infinity after `limit`. */
async function refusedWithin(base: string, g: Gql, limit = 3000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < limit) {
    const r = await on(base, g);
    if (r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

/** Signs in on both instances' caches: one request each. */
async function warm(g: Gql) {
  expect((await on(hub.url, g)).data?.me.username).toBe(g.username);
  expect((await on(url2, g)).data?.me.username).toBe(g.username);
}

describe('session cache', () => {
  it('answers a repeated request without looking the session up, until the TTL', async () => {
    const g = await hub.as('ANALYST');
    await warm(g);
    // Remove the session behind the triggers' back (no NOTIFY): only the TTL can end it.
    await hub.sql(`begin; set local session_replication_role = replica; delete from user_session where user_id = ${Number(g.userId)}; commit;`);
    expect((await on(hub.url, g)).data?.me.username).toBe(g.username);
    const t = await refusedWithin(hub.url, g, SESSION_CACHE_TTL_MS + 2000);
    expect(t).toBeGreaterThan(SESSION_CACHE_TTL_MS / 2);
    expect(t).toBeLessThanOrEqual(SESSION_CACHE_TTL_MS + 500);
  });

  it('ends a signed-out session at once here and within a second on the other instance', async () => {
    const g = await hub.as('VIEWER');
    await warm(g);
    expect((await on(hub.url, g, 'mutation { signOut }')).data?.signOut).toBe(true);
    expect((await on(hub.url, g)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await refusedWithin(url2, g)).toBeLessThan(1000);
  });

  it('ends the sessions of a deactivated user, and of one whose password was set, on both instances', async () => {
    const a = await hub.as('ANALYST');
    const b = await hub.as('ANALYST');
    await warm(a);
    await warm(b);
    const r1 = await hub.gql(`mutation($id: ID!) { updateUser(id: $id, active: false) { id } }`, { id: a.userId });
    expect(r1.errors).toBeUndefined();
    expect((await on(hub.url, a)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await refusedWithin(url2, a)).toBeLessThan(1000);
    const r2 = await hub.gql(`mutation($id: ID!) { setPassword(id: $id, password: "another-password-1") { id } }`, { id: b.userId });
    expect(r2.errors).toBeUndefined();
    expect(await refusedWithin(hub.url, b)).toBeLessThan(1000);
    expect(await refusedWithin(url2, b)).toBeLessThan(1000);
  });

  it('applies a role change made through another instance, or by SQL on another connection, within a second', async () => {
    const g = await hub.as('ANALYST');
    await warm(g);
    await hub.sql(`update app_user set role = 'VIEWER' where id = $1`, [Number(g.userId)]);
    const t0 = Date.now();
    for (;;) {
      const r1 = await on(hub.url, g);
      const r2 = await on(url2, g);
      if (r1.data?.me.role === 'VIEWER' && r2.data?.me.role === 'VIEWER') break;
      expect(Date.now() - t0).toBeLessThan(1000);
      await new Promise((r) => setTimeout(r, 20));
    }
    // A change that rolls back tells no one.
    await hub.sql(`begin; update app_user set active = false where id = ${Number(g.userId)}; rollback;`);
    await new Promise((r) => setTimeout(r, 200));
    expect((await on(url2, g)).data?.me.role).toBe('VIEWER');
  });

  it('looks every session up while the listener is down, and caches again once it reconnects', async () => {
    const g = await hub.as('VIEWER');
    await warm(g);
    // Cut the listener connections of both instances.
    await hub.sql(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'fupin-session-listener' and datname = current_database()`);
    await new Promise((r) => setTimeout(r, 100));
    await hub.sql(`begin; set local session_replication_role = replica; delete from user_session where user_id = ${Number(g.userId)}; commit;`);
    // Not cached while down (a missed NOTIFY cannot keep it alive), whatever the TTL says.
    expect((await on(hub.url, g)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await on(url2, g)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const t0 = Date.now();
    let back = 0;
    while (Date.now() - t0 < 5000) {
      back = Number((await hub.sql(`select count(*)::int as n from pg_stat_activity where application_name = 'fupin-session-listener' and datname = current_database()`))[0].n);
      if (back === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).toBe(2);
    const h = await hub.as('VIEWER');
    await warm(h);
    expect((await on(hub.url, h, 'mutation { signOut }')).data?.signOut).toBe(true);
    expect(await refusedWithin(url2, h)).toBeLessThan(1000);
  });
});
