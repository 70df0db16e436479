import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';
import { ensureAdminUser } from './auth.service';
import { hashPassword, verifyPassword } from './password';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

const SIGN_IN = `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token expiresAt user { id username displayName role scopeRegionCode active } } }`;
const CREATE_USER = `mutation($u: String!, $n: String!, $p: String!, $r: UserRole!, $s: ID, $a: Boolean) {
  createUser(username: $u, displayName: $n, password: $p, role: $r, scopeRegionCode: $s, active: $a) { id username role scopeRegionCode scopeRegion { name } active }
}`;

async function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('signing in', () => {
  it('answers everything but sign-in and hub info with UNAUTHENTICATED without a session', async () => {
    expect((await hub.anonymous(`{ hub { version } }`)).data.hub.version).toBeTruthy();
    for (const q of [`{ allRegions { code } }`, `{ me { id } }`, `mutation { signOut }`, `{ __schema { types { name } } }`, `{ __type(name: "Laborer") { name } }`]) {
      const r = await hub.anonymous(q);
      expect(r.errors?.[0].extensions?.code, q).toBe('UNAUTHENTICATED');
      expect(r.data ?? null, q).toBeNull();
    }
    // Nor does it tell which fields exist.
    const unknown = await hub.anonymous(`{ allLaborerz { id } }`);
    expect(unknown.errors).toEqual([{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }]);
    const en = await hub.anonymous(`{ me { id } }`, {}, { lang: 'en' });
    expect(en.errors?.[0].message).toBe('Please sign in');
  });

  it('signs in with a cookie (HttpOnly, SameSite=Lax) and a bearer token, and signs out', async () => {
    const res = await post({ query: SIGN_IN, variables: { u: 'ADMIN', p: hub.adminPassword } });
    const body = (await res.json()) as { data: { signIn: { token: string; expiresAt: string; user: { username: string; role: string } } } };
    expect(body.data.signIn.user).toMatchObject({ username: 'admin', role: 'CITY_ADMIN' });
    const hours = (Date.parse(body.data.signIn.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^fupin_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(';')[0];
    const byCookie = await post({ query: '{ me { username } }' }, { cookie: session });
    expect(((await byCookie.json()) as { data: { me: { username: string } } }).data.me.username).toBe('admin');
    const byBearer = await post({ query: '{ me { username } }' }, { authorization: `Bearer ${body.data.signIn.token}` });
    expect(((await byBearer.json()) as { data: { me: { username: string } } }).data.me.username).toBe('admin');

    // Only a hash of the token is stored.
    const rows = await hub.sql('select token_hash from user_session');
    expect(rows.some((r) => r.token_hash === body.data.signIn.token)).toBe(false);

    const out = await post({ query: 'mutation { signOut }' }, { cookie: session });
    expect(out.headers.get('set-cookie')).toMatch(/fupin_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await post({ query: '{ me { username } }' }, { authorization: `Bearer ${body.data.signIn.token}` });
    expect(((await after.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password, an unknown user and a deactivated one alike, without saying which', async () => {
    const created = await hub.gql(CREATE_USER, { u: 'li.si', n: '李四', p: 'correct horse battery', r: 'ANALYST' });
    expect(created.errors).toBeUndefined();
    const answers = [];
    for (const [u, p] of [['li.si', 'wrong password!'], ['nobody', 'wrong password!']]) answers.push(await hub.anonymous(SIGN_IN, { u, p }));
    await hub.gql(`mutation($id: ID!) { updateUser(id: $id, active: false) { active } }`, { id: created.data.createUser.id });
    answers.push(await hub.anonymous(SIGN_IN, { u: 'li.si', p: 'correct horse battery' }));
    for (const r of answers) {
      expect(r.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', field: 'username', params: { detail: 'BAD_CREDENTIALS' } });
      expect(r.errors?.[0].message).toBe('请先登录：用户名或密码错误');
    }
  });

  it('ends a session when it expires', async () => {
    const g = await hub.as('VIEWER');
    expect((await g(`{ me { role } }`)).data.me.role).toBe('VIEWER');
    // Time passing, simulated: the session's end moves into the past.
    await hub.sql('update user_session set expires_at = now() - interval \'1 second\' where user_id = $1', [g.userId]);
    // Changed by SQL on another connection: the hub hears it by NOTIFY, within a second (session-cache.ts).
    const t0 = Date.now();
    while ((await g(`{ me { role } }`)).errors?.[0].extensions?.code !== 'UNAUTHENTICATED') {
      expect(Date.now() - t0).toBeLessThan(1000);
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  // Throttling of failed sign-ins (per client and per name, never locking the real user out): throttle.test.ts.
});

describe('users (city administrators only)', () => {
  it('creates users with a role and a region, never showing a password or its hash', async () => {
    const r = await hub.gql(CREATE_USER, { u: ' Zhao.Liu ', n: '赵六', p: 'a long password', r: 'OPERATOR', s: '511321000000' });
    expect(r.errors).toBeUndefined();
    expect(r.data.createUser).toMatchObject({ username: 'zhao.liu', role: 'OPERATOR', scopeRegionCode: '511321000000', scopeRegion: { name: '南部县' }, active: true });
    const [row] = await hub.sql('select password_hash from app_user where username = $1', ['zhao.liu']);
    expect(row.password_hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const sdl = JSON.stringify((await hub.gql(`{ __type(name: "User") { fields { name } } }`)).data);
    expect(sdl).not.toMatch(/password/i);
    const audit = await hub.sql(`select after from audit_log where entity = 'User' and record_id = $1`, [r.data.createUser.id]);
    expect(audit[0].after.passwordHash).toBe('[secret]');
    expect(JSON.stringify(audit)).not.toContain(row.password_hash);
  });

  it('checks names, passwords and that the region fits the role', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ u: 'ab', n: 'x', p: 'a long password', r: 'VIEWER' }, 'VALIDATION_FAILED', 'username'],
      [{ u: 'zhao.liu', n: 'x', p: 'a long password', r: 'VIEWER' }, 'DUPLICATE', 'username'],
      [{ u: 'short.pw', n: 'x', p: 'short', r: 'VIEWER' }, 'VALIDATION_FAILED', 'password'],
      [{ u: 'no.scope', n: 'x', p: 'a long password', r: 'OPERATOR' }, 'REQUIRED', 'scopeRegionCode'],
      [{ u: 'village.op', n: 'x', p: 'a long password', r: 'OPERATOR', s: '511321100001' }, 'INVALID_REFERENCE', 'scopeRegionCode'],
      [{ u: 'city.op', n: 'x', p: 'a long password', r: 'OPERATOR', s: '511300000000' }, 'VALIDATION_FAILED', 'scopeRegionCode'],
      [{ u: 'admin.scope', n: 'x', p: 'a long password', r: 'CITY_ADMIN', s: '511321000000' }, 'VALIDATION_FAILED', 'scopeRegionCode'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await hub.gql(CREATE_USER, vars);
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    const r = await hub.gql(CREATE_USER, { u: 'short.pw', n: 'x', p: 'short', r: 'VIEWER' }, { lang: 'en' });
    expect(r.errors?.[0].message).toBe('Password is invalid: must be 10 to 128 characters');
  });

  it('applies a changed role or region at the next request, and ends the sessions on a new password', async () => {
    const g = await hub.as('OPERATOR', '511321000000');
    expect((await g(`{ _allRegionsMeta(filter: { level: COUNTY }) { count } }`)).data._allRegionsMeta.count).toBe(1);
    await hub.gql(`mutation($id: ID!) { updateUser(id: $id, role: ANALYST, scopeRegionCode: null) { role } }`, { id: g.userId });
    expect((await g(`{ _allRegionsMeta(filter: { level: COUNTY }) { count } }`)).data._allRegionsMeta.count).toBe(9);
    expect((await g(`mutation { createHousehold(villageId: "511321100001", headName: "x", memberCount: 1) { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const set = await hub.gql(`mutation($id: ID!) { setPassword(id: $id, password: "a brand new password") { id } }`, { id: g.userId });
    expect(set.errors).toBeUndefined();
    expect((await g(`{ me { id } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await hub.anonymous(SIGN_IN, { u: g.username, p: 'a brand new password' })).errors).toBeUndefined();
  });

  it('lets any user change their own password, checking the current one', async () => {
    const g = await hub.as('VIEWER');
    const wrong = await g(`mutation { changePassword(currentPassword: "not it at all", newPassword: "another password") }`);
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'currentPassword' });
    const ok = await g(`mutation($c: String!) { changePassword(currentPassword: $c, newPassword: "another password") }`, { c: g.password });
    expect(ok.data.changePassword).toBe(true);
    expect((await g(`{ me { id } }`)).data.me.id).toBe(g.userId);
    expect((await hub.anonymous(SIGN_IN, { u: g.username, p: 'another password' })).errors).toBeUndefined();
  });

  it('keeps an administrator from locking themselves out', async () => {
    const me = (await hub.gql(`{ me { id } }`)).data.me.id;
    for (const m of [`updateUser(id: $id, active: false) { id }`, `updateUser(id: $id, role: VIEWER) { id }`, `deleteUser(id: $id) { id }`]) {
      expect((await hub.gql(`mutation($id: ID!) { ${m} }`, { id: me })).errors?.[0].extensions, m).toMatchObject({ code: 'CONFLICT', params: { detail: 'SELF' } });
    }
  });

  it('refuses user management to every other role', async () => {
    for (const role of ['OPERATOR', 'ANALYST', 'VIEWER'] as const) {
      const g = await hub.as(role, role === 'OPERATOR' ? '511321000000' : undefined);
      expect((await g(`{ allUsers { id } }`)).errors?.[0].extensions?.code, role).toBe('FORBIDDEN');
      expect((await g(CREATE_USER, { u: `x.${role.toLowerCase()}`, n: 'x', p: 'a long password', r: 'CITY_ADMIN' })).errors?.[0].extensions?.code, role).toBe('FORBIDDEN');
    }
  }, 60_000);
});

describe('the first administrator', () => {
  it('is created only in an empty user table, with the given password or a random one printed once', async () => {
    const lines: string[] = [];
    expect(await ensureAdminUser(hub.orm.em.fork(), { log: (m) => lines.push(m) })).toBe(false);
    expect(lines).toEqual([]);
    // The password parts: scrypt with a per-user salt; the same password hashes differently twice.
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same passwore', a)).toBe(false);
  });
});
