import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../test/hub';

const MAIN = path.resolve(__dirname, '../dist/main.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-embedded-'));
fs.chmodSync(dataDir, 0o755);
const pgPort = String(56000 + Math.floor(Math.random() * 3000));

/** Starts the built hub as `npm start` does, without DATABASE_URL, and waits for its URL. */
function startHub(): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HUB_DATA_DIR: dataDir, EMBEDDED_PG_PORT: pgPort, SEED_SCALE: '0' };
  delete env.DATABASE_URL;
  // The first administrator's password is then generated and printed once.
  delete env.HUB_ADMIN_PASSWORD;
  const proc = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 90_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /GraphQL (http:\/\/[^\s]+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], output: () => out });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`hub exited with ${code}:\n${out}`)));
  });
}

function stopHub(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    proc.removeAllListeners('exit');
    proc.on('exit', (code) => resolve(code));
    proc.kill('SIGINT');
  });
}

let token: string | undefined;

async function gql(url: string, query: string, variables?: object) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: any; errors?: { extensions?: { code?: string } }[] };
}

async function signIn(url: string, password: string) {
  token = undefined;
  const r = await gql(url, 'mutation($p: String!) { signIn(username: "admin", password: $p) { token } }', { p: password });
  token = r.data?.signIn?.token;
  return r;
}

const ONE_TIME = /created the city administrator "admin" with the one-time password (\S+) /;

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded default (no DATABASE_URL)', () => {
  it('starts, keeps what was written across a clean stop and a restart', async () => {
    expect(fs.existsSync(MAIN), 'api is built').toBe(true);
    const first = await startHub();
    const health = await fetch(`${first.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
    // The first start printed the administrator's password, once; nothing answers without it.
    const password = ONE_TIME.exec(first.output())?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);
    expect((await gql(first.url, '{ Region(id: "511381000000") { name } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await signIn(first.url, password!)).errors).toBeUndefined();
    const county = await gql(first.url, '{ Region(id: "511381000000") { name children { code } } }');
    expect(county.data.Region.name).toBe('阆中市');
    const village = (await gql(first.url, '{ allRegions(filter: { within: "511381000000", level: VILLAGE }, perPage: 1) { code } }')).data.allRegions[0].code;
    const h = await gql(first.url, 'mutation($v: ID!) { createHousehold(villageId: $v, headName: "持久户", memberCount: 3) { id } }', { v: village });
    const idn = makeIdNumber('511381', '19790909', '017');
    const l = await gql(first.url, 'mutation($h: ID!, $i: String!) { createLaborer(householdId: $h, name: "持久", idNumber: $i) { id } }', { h: h.data.createHousehold.id, i: idn });
    expect(l.errors).toBeUndefined();
    expect(await stopHub(first.proc)).toBe(0);
    expect(first.output()).toContain('stopped');

    const second = await startHub();
    try {
      expect(second.output()).not.toMatch(/created the city administrator/);
      expect((await signIn(second.url, password!)).errors).toBeUndefined();
      const back = await gql(second.url, 'query($i: String) { allLaborers(filter: { idNumber: $i }) { name village { code } } }', { i: idn });
      expect(back.data.allLaborers).toEqual([{ name: '持久', village: { code: village } }]);
      expect(second.output()).not.toContain('loaded 3256 regions');
    } finally {
      expect(await stopHub(second.proc)).toBe(0);
    }
  }, 180_000);
});
