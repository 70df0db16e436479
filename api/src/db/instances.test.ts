import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targets } from '@fupin/seed';
import { gqlAt, type HubProcess, type ScratchDatabase, scratchDatabase, signInAt, startHubProcess } from '../../test/processes';

/**
 * Several hub instances on one database behave as one. Each instance is its own `node dist/main.js`
 * process (nothing shared in memory, as behind a load balancer). They start together on an empty
 * database, one is killed while it loads the demo data, and what one instance does to a session
 * (sign-out, a new password, a deactivated user) holds on the other within a second, also once an
 * instance caches sessions (the test warms the other instance with the session first).
 */

const SCALE = 0.02;
const PASSWORD = 'instances-admin-password';
let db: ScratchDatabase;
let url: string;
const hubs: HubProcess[] = [];
let a: HubProcess;
let b: HubProcess;

const env = () => ({ DATABASE_URL: url, SEED_SCALE: String(SCALE), HUB_ADMIN_PASSWORD: PASSWORD });
const sql: ScratchDatabase['sql'] = (text, params) => db.sql(text, params);

beforeAll(async () => {
  db = await scratchDatabase('fupin_scale_inst');
  url = db.url;
}, 60_000);

afterAll(async () => {
  await Promise.all(hubs.map((h) => h.stop('SIGKILL')));
  await db?.drop();
});

/** How long until `token` is refused on `hub` (polling every 50 ms); fails after `limitMs`. */
async function refusedWithin(hub: HubProcess, token: string, limitMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const r = await gqlAt(hub.url, token, '{ me { username } }');
    if (r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return Date.now() - t0;
    if (Date.now() - t0 > limitMs) throw new Error(`the session still works on the other instance after ${limitMs} ms`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe('several hub instances on one database', () => {
  it('start together on an empty database, and one killed while loading leaves no half-loaded data', async () => {
    // The first takes the startup lock and starts loading the demo data; it dies mid-way.
    const doomed = await startHubProcess(env(), { until: /loading the demo dataset/ });
    hubs.push(doomed);
    const second = startHubProcess(env());
    await new Promise((r) => setTimeout(r, 300));
    await doomed.stop('SIGKILL');
    // The other waited on the lock, then found an empty registry (the dead one's transaction rolled back) and loaded it.
    b = await second;
    hubs.push(b);
    a = await startHubProcess(env());
    hubs.push(a);
    expect(b.output()).toMatch(/loaded the demo dataset/);
    expect(a.output()).not.toMatch(/loading the demo dataset|applied migrations/);

    const [counts] = await sql<{ laborers: string; users: string; migrations: string; distinct_migrations: string }>(
      `select (select count(*) from laborer) as laborers, (select count(*) from app_user where username = 'admin') as users,
              (select count(*) from mikro_orm_migrations) as migrations, (select count(distinct name) from mikro_orm_migrations) as distinct_migrations`,
    );
    expect(Number(counts.laborers)).toBe(targets(SCALE).laborers);
    expect(Number(counts.users)).toBe(1);
    expect(counts.migrations).toBe(counts.distinct_migrations);
  }, 240_000);

  it('ends a session on every instance at sign-out', async () => {
    const token = await signInAt(a.url, 'admin', PASSWORD);
    expect((await gqlAt(b.url, token, '{ me { username } }')).data?.me.username).toBe('admin');
    expect((await gqlAt(a.url, token, 'mutation { signOut }')).data?.signOut).toBe(true);
    expect(await refusedWithin(b, token, 1000)).toBeLessThanOrEqual(1000);
    expect((await gqlAt(a.url, token, '{ me { username } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 120_000);

  it('ends the other sessions on every instance when the password changes, and a deactivated user everywhere', async () => {
    const admin = await signInAt(a.url, 'admin', PASSWORD);
    const created = await gqlAt(a.url, admin, 'mutation($p: String!) { createUser(username: "clerk", displayName: "clerk", password: $p, role: VIEWER) { id } }', { p: 'first-password-1' });
    expect(created.errors).toBeUndefined();
    const id = created.data.createUser.id;

    const onB = await signInAt(b.url, 'clerk', 'first-password-1');
    const onA = await signInAt(a.url, 'clerk', 'first-password-1');
    expect((await gqlAt(b.url, onB, '{ me { username } }')).data?.me.username).toBe('clerk');
    const changed = await gqlAt(a.url, onA, 'mutation { changePassword(currentPassword: "first-password-1", newPassword: "second-password-2") }');
    expect(changed.errors).toBeUndefined();
    expect(await refusedWithin(b, onB, 1000)).toBeLessThanOrEqual(1000);
    // The new password works on the other instance, the old one nowhere.
    const again = await signInAt(b.url, 'clerk', 'second-password-2');
    await expect(signInAt(a.url, 'clerk', 'first-password-1')).rejects.toThrow(/sign-in of clerk failed/);

    expect((await gqlAt(b.url, again, '{ me { username } }')).data?.me.username).toBe('clerk');
    const off = await gqlAt(a.url, admin, 'mutation($id: ID!) { updateUser(id: $id, active: false) { id } }', { id });
    expect(off.errors).toBeUndefined();
    expect(await refusedWithin(b, again, 1000)).toBeLessThanOrEqual(1000);
    // Seven password hashes and checks: slow on purpose, slower on a busy machine.
  }, 240_000);

  it('answers the same on both instances, and a write on one is read on the other', async () => {
    const token = await signInAt(a.url, 'admin', PASSWORD);
    const q = '{ _allLaborersMeta { count } }';
    const onA = await gqlAt(a.url, token, q);
    expect(onA.data._allLaborersMeta.count).toBe(targets(SCALE).laborers);
    const [{ code }] = await sql<{ code: string }>(`select code from region where level = 'VILLAGE' and not is_urban order by code limit 1`);
    const made = await gqlAt(b.url, token, 'mutation($v: ID!) { createHousehold(villageId: $v, headName: "两实例", memberCount: 2) { id } }', { v: code });
    expect(made.errors).toBeUndefined();
    const read = await gqlAt(a.url, token, 'query($id: ID!) { Household(id: $id) { headName } }', { id: made.data.createHousehold.id });
    expect(read.data.Household.headName).toBe('两实例');
  }, 120_000);
});
