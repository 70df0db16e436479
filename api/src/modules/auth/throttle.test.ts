import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';
import { loadEnv } from '../../config/env';
import { createServer, type Hub } from '../../server';
import { THROTTLE } from './throttle';

/**
 * Sign-in throttling by client and by name: a stranger's failures never lock the real user out of their
 * own client; the stranger waits longer and longer; failures and lock-outs are audited; nothing clears
 * the table wholesale. Clients are told apart by X-Forwarded-For on a hub that trusts the local proxy.
 */
let hub: TestHub;
let server: Hub;
let url: string;
beforeAll(async () => {
  hub = await startTestHub();
  server = await createServer(hub.orm, loadEnv({ PORT: '0', DATABASE_URL: 'postgres://x', NODE_ENV: 'test', ADMIN_DIST: '/nonexistent', TRUST_PROXY: 'loopback' }), () => {});
  url = await server.listen(0, '127.0.0.1');
  await hub.gql(`mutation { createUser(username: "victim", displayName: "受害人", password: "the right password", role: VIEWER) { id } }`);
});
afterAll(async () => {
  await server?.close();
  await hub?.close();
});

async function signIn(client: string, username: string, password: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ query: `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }`, variables: { u: username, p: password } }),
  });
  const body = (await res.json()) as { data?: { signIn: { token: string } }; errors?: { extensions: { code: string; params?: Record<string, unknown> } }[] };
  return body.errors?.[0].extensions.params?.detail ?? (body.data?.signIn.token ? 'OK' : 'NONE');
}

describe('sign-in throttling', () => {
  it('never refuses the right password from a client with no failures, whatever a stranger did', async () => {
    for (let i = 0; i < THROTTLE.nameLock + 2; i++) expect(await signIn('203.0.113.7', 'victim', `guess ${i}`)).toMatch(/BAD_CREDENTIALS|LOCKED/);
    // The stranger now waits before each further try on that name, even with the right password.
    expect(await signIn('203.0.113.7', 'victim', 'the right password')).toBe('LOCKED');
    // The real user, from their own client, gets in at once.
    expect(await signIn('198.51.100.20', 'victim', 'the right password')).toBe('OK');
    // A second stranger gets one try, then waits too.
    expect(await signIn('203.0.113.8', 'victim', 'guess x')).toBe('BAD_CREDENTIALS');
    for (let i = 0; i < THROTTLE.nameLock; i++) await signIn('203.0.113.8', 'victim', `guess y${i}`);
    expect(await signIn('203.0.113.8', 'victim', 'the right password')).toBe('LOCKED');
    expect(await signIn('198.51.100.20', 'victim', 'the right password')).toBe('OK');
  }, 120_000);

  it('makes a client that fails on many names wait, and only that client', async () => {
    for (let i = 0; i < THROTTLE.clientFree; i++) await signIn('192.0.2.50', `nobody${i}`, 'x');
    expect(await signIn('192.0.2.50', 'admin', hub.adminPassword)).toBe('LOCKED');
    expect(await signIn('192.0.2.51', 'admin', hub.adminPassword)).toBe('OK');
  }, 120_000);

  it('counts each attempt before the password check: parallel wrong passwords cannot all slip past the client delay', async () => {
    const burst = THROTTLE.clientFree + 20;
    const answers = await Promise.all(Array.from({ length: burst }, (_, i) => signIn('192.0.2.77', `burst${i}`, 'wrong')));
    const checked = answers.filter((a) => a === 'BAD_CREDENTIALS').length;
    // The free failures are checked; every attempt past them waits (LOCKED), however many arrived at once.
    expect(checked).toBeLessThanOrEqual(THROTTLE.clientFree + 1);
    expect(answers.filter((a) => a === 'LOCKED').length).toBeGreaterThanOrEqual(burst - THROTTLE.clientFree - 1);
    expect(answers.every((a) => a === 'BAD_CREDENTIALS' || a === 'LOCKED')).toBe(true);
    // The same burst on one name with the right password among them: the right one from a client with
    // no failures on it still gets in (a success takes its own count back).
    const fresh = await Promise.all([signIn('192.0.2.78', 'admin', hub.adminPassword), ...Array.from({ length: 5 }, (_, i) => signIn('192.0.2.78', `other${i}`, 'wrong'))]);
    expect(fresh[0]).toBe('OK');
    const [{ failures }] = await hub.sql(`select failures from sign_in_throttle where key = 'c:192.0.2.78'`);
    expect(failures).toBe(5);
  }, 120_000);

  it('audits failed sign-ins and lock-outs, without storing names that are no user', async () => {
    const rows = await hub.sql(`select action::text, username, after->>'client' as client, after->>'kind' as kind from audit_log where action in ('SIGN_IN_FAILED', 'SIGN_IN_LOCKED')`);
    expect(rows.filter((r) => r.action === 'SIGN_IN_FAILED' && r.username === 'victim' && r.client === '203.0.113.7').length).toBeGreaterThanOrEqual(THROTTLE.nameLock);
    expect(rows.some((r) => r.action === 'SIGN_IN_LOCKED' && r.username === 'victim' && r.kind === 'NAME')).toBe(true);
    expect(rows.some((r) => r.action === 'SIGN_IN_LOCKED' && r.kind === 'CLIENT' && r.client === '192.0.2.50')).toBe(true);
    expect(rows.some((r) => /^nobody/.test(r.username))).toBe(false);
    // The counters live in the database (shared by hub instances); the table is never emptied wholesale.
    const keys = await hub.sql(`select key from sign_in_throttle`);
    expect(keys.length).toBeGreaterThan(THROTTLE.clientFree);
  });
});
