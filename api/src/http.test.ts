import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../test/hub';
import { TEST_ADMIN_PASSWORD } from '../test/global-setup';
import { loadEnv } from './config/env';
import { createServer, type Hub } from './server';

/** HTTP hardening: the security headers on every path, and TRUST_PROXY for the Secure session cookie. */
let hub: TestHub;
let proxied: Hub;
let proxiedUrl: string;
beforeAll(async () => {
  hub = await startTestHub();
  // A built admin of one page, so / and /graphiql answer with it as they do in production.
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-security-dist-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>admin</title><script type="module" src="/app.js"></script>');
  proxied = await createServer(hub.orm, loadEnv({ PORT: '0', DATABASE_URL: 'postgres://x', NODE_ENV: 'test', ADMIN_DIST: dist, TRUST_PROXY: 'loopback' }), () => {});
  proxiedUrl = await proxied.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await proxied?.close();
  await hub?.close();
});

const SIGN_IN = JSON.stringify({ query: `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }`, variables: { u: 'admin', p: TEST_ADMIN_PASSWORD } });

describe('security headers', () => {
  it('sends a strict CSP, no framing and nosniff on /, /graphiql, /graphql and /healthz', async () => {
    for (const [path, init] of [
      ['/', {}],
      ['/graphiql', {}],
      ['/healthz', {}],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ hub { version } }' }) }],
    ] as const) {
      const res = await fetch(`${proxiedUrl}${path}`, init as RequestInit);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('gives the session cookie Secure behind a TLS-terminating proxy it trusts, and only then', async () => {
    const post = (url: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: SIGN_IN });
    const behindProxy = await post(proxiedUrl, { 'x-forwarded-proto': 'https' });
    expect(behindProxy.headers.get('set-cookie')).toMatch(/fupin_session=.*; Secure/i);
    const direct = await post(proxiedUrl);
    expect(direct.headers.get('set-cookie')).not.toMatch(/Secure/i);
    // Without TRUST_PROXY a client cannot claim HTTPS (nor another address) with a header.
    const untrusted = await post(hub.url, { 'x-forwarded-proto': 'https' });
    expect(untrusted.headers.get('set-cookie')).toMatch(/fupin_session=/);
    expect(untrusted.headers.get('set-cookie')).not.toMatch(/Secure/i);
  });

  it('is refused at start when it is not a proxy setting', () => {
    expect(() => loadEnv({ TRUST_PROXY: 'yes please; rm' })).toThrow(/TRUST_PROXY/);
    expect(loadEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadEnv({}).trustProxy).toBe(false);
  });
});
