import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each step waits for real jobs (upload, preview, commit) on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000 });
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { batch, settle, workbook } from '../../../test/import';

/**
 * A hub killed in the middle of a commit: the commit is one transaction, so PostgreSQL rolls it back;
 * the batch's heartbeat stops and another instance marks it FAILED. Nothing half-written, never
 * "committing" forever.
 */

let hub: TestHub;
let child: ChildProcess | undefined;

beforeAll(async () => {
  // This instance runs no jobs (the child does) but sweeps stale ones, with a stale heartbeat of 10 s (under load a busy event loop may miss a 2 s beat or two).
  hub = await startTestHub({ env: { HUB_JOBS: 'off', HUB_JOB_STALE_SECONDS: '10' } });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await hub?.close();
});

function startChild(dbUrl: string): Promise<string> {
  const main = path.resolve(__dirname, '../../../dist/main.js');
  child = spawn(process.execPath, [main], { env: { ...process.env, DATABASE_URL: dbUrl, PORT: '0', SEED_SCALE: '0', HUB_JOB_STALE_SECONDS: '10', ADMIN_DIST: '/nonexistent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child hub did not start: ${out}`)), 60_000);
    child!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /GraphQL (http:\/\/[\d.:]+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child!.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child!.on('exit', (code) => reject(new Error(`child hub exited ${code}: ${out}`)));
  });
}

describe('a hub restart during a commit', () => {
  it('leaves nothing half-written and the batch FAILED', async () => {
    const url = await startChild(hub.dbUrl);
    const village = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511321000000", isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
    const rows: unknown[][] = [['所在村代码', '户主身份证号', '户主姓名', '家庭人口', '姓名', '身份证号']];
    for (let i = 0; i < 2000; i++) {
      const idn = makeIdNumber('511321', `19${50 + (i % 40)}0101`, String(100 + (i % 900)).padStart(3, '0'));
      rows.push([village, idn, `户${i}`, 2, `人${i}`, idn]);
    }
    const form = new FormData();
    form.append('dataset', 'LABORERS');
    form.append('file', new Blob([await workbook(rows)]), 'restart.xlsx');
    const up = await fetch(`${url}/api/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${hub.gql.token}`, 'x-hub-csrf': '1' } });
    expect(up.status).toBe(201);
    const { batchId } = (await up.json()) as { batchId: string };
    const previewed = await settle(hub.gql, batchId);
    expect(previewed.status).toBe('PREVIEWED');
    const creates = previewed.counts.create;
    expect(creates).toBeGreaterThan(1000);

    // Hold the county's statistics lock exclusively (as rebuild_stats() does; writers take it shared):
    // the commit writes every row, then waits for it at its final refresh.
    await hub.sql(`select pg_advisory_lock(hashtext('fupin.stats'), 511321)`);
    const r = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.gql.token}` },
      body: JSON.stringify({ query: `mutation($id: ID!) { commitImport(batchId: $id, atomicity: VALID_ONLY) { status } }`, variables: { id: batchId } }),
    });
    expect(((await r.json()) as any).data.commitImport.status).toBe('COMMITTING');
    for (let i = 0; ; i++) {
      const waiting = await hub.sql(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`);
      if (waiting[0].n > 0) break;
      if (i > 400) throw new Error('the commit never reached the statistics refresh');
      await new Promise((res) => setTimeout(res, 100));
    }
    expect((await batch(hub.gql, batchId)).status).toBe('COMMITTING');
    child!.kill('SIGKILL');
    await new Promise((res) => child!.once('exit', res));
    await hub.sql(`select pg_advisory_unlock(hashtext('fupin.stats'), 511321)`);

    // Another instance notices the heartbeat stopped.
    let b = await batch(hub.gql, batchId);
    for (let i = 0; b.status === 'COMMITTING' && i < 300; i++) {
      await new Promise((res) => setTimeout(res, 200));
      b = await batch(hub.gql, batchId);
    }
    expect(b.status).toBe('FAILED');
    expect(b.error.code).toBe('IMPORT_INTERRUPTED');
    expect(b.error.message).toContain('未写入任何数据');
    const counts = await hub.sql(`select (select count(*)::int from laborer) as l, (select count(*)::int from household) as h,
      (select count(*)::int from audit_log where entity in ('Laborer', 'Household')) as a, (select count(*)::int from import_change) as c`);
    expect(counts[0]).toEqual({ l: 0, h: 0, a: 0, c: 0 });
  });
});
