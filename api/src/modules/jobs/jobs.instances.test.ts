import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlAt, type HubProcess, type ScratchDatabase, scratchDatabase, signInAt, startHubProcess } from '../../../test/processes';

/**
 * Jobs on two hub instances (two `node dist/main.js` processes on one database, both running jobs):
 * each export queued on either runs exactly once, by whichever instance takes it; an instance killed in
 * the middle of a job leaves that job FAILED by the other's sweeper within HUB_JOB_STALE_SECONDS, with
 * nothing half-written (no file, no audit row). Which instance runs a job is read from the database:
 * each instance names its connections (`PGAPPNAME`). (Sign-out across instances: db/instances.test.ts.)
 */

const SCALE = 0.01;
const STALE_SECONDS = 6;
const PASSWORD = 'jobs-instances-password';
let db: ScratchDatabase;
const hubs: HubProcess[] = [];
let token: string;

const env = (name: string) => ({ DATABASE_URL: db.url, SEED_SCALE: String(SCALE), HUB_ADMIN_PASSWORD: PASSWORD, HUB_JOB_STALE_SECONDS: String(STALE_SECONDS), PGAPPNAME: name });
const sql: ScratchDatabase['sql'] = (text, params) => db.sql(text, params);

beforeAll(async () => {
  db = await scratchDatabase('fupin_jobs_inst');
  hubs.push(await startHubProcess(env('hub-a'), { timeoutMs: 180_000 }));
  hubs.push(await startHubProcess(env('hub-b'), { timeoutMs: 180_000 }));
  token = await signInAt(hubs[0].url, 'admin', PASSWORD);
}, 240_000);

afterAll(async () => {
  await Promise.all(hubs.map((h) => h.stop('SIGKILL')));
  await db?.drop();
});

async function startExport(hub: HubProcess, resource: string): Promise<string> {
  const r = await gqlAt(hub.url, token, 'mutation($r: String!) { startExport(resource: $r) { id status } }', { r: resource });
  expect(r.errors).toBeUndefined();
  return r.data.startExport.id;
}

async function statusOf(hub: HubProcess, id: string): Promise<{ status: string; error: { code: string } | null }> {
  const r = await gqlAt(hub.url, token, 'query($id: ID!) { exportJob(id: $id) { status error { code } } }', { id });
  expect(r.errors).toBeUndefined();
  return r.data.exportJob;
}

async function waitFor<T>(what: string, limitMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() - t0 > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe('jobs on two hub instances', () => {
  it('runs each export once, whichever instance queued or took it', async () => {
    const [a, b] = hubs;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await startExport(i % 2 ? b : a, i % 4 < 2 ? 'Laborer' : 'Household'));
    await waitFor('every export done', 120_000, async () => {
      const s = await Promise.all(ids.map((id, i) => statusOf(i % 2 ? a : b, id)));
      expect(s.filter((x) => x.status === 'FAILED')).toEqual([]);
      return s.every((x) => x.status === 'DONE') ? true : undefined;
    });
    // One audit row per export (written in the job's final transaction), one finished row, nothing left in the queue.
    const audits = await sql<{ record_id: string; n: number }>(
      `select record_id, count(*)::int as n from audit_log where action = 'EXPORT' and record_id = any($1) group by record_id order by record_id::int`,
      [ids],
    );
    expect(audits).toEqual(ids.map((id) => ({ record_id: id, n: 1 })));
    const [queue] = await sql<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs`);
    expect(queue.n).toBe(0);
  }, 180_000);

  it('fails the job of an instance killed mid-way, from the other instance, with nothing written', async () => {
    // Hold the households: a laborer export (it joins them for the household columns) stops there, RUNNING.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table household in access exclusive mode');
      const id = await startExport(hubs[0], 'Laborer');
      // The instance whose connection waits on the lock is the one running the job.
      const runner = await waitFor('the export waits on the households', 60_000, async () => {
        const [w] = await sql<{ app: string }>(
          `select a.application_name as app from pg_locks l join pg_stat_activity a on a.pid = l.pid
           where not l.granted and l.relation = 'household'::regclass and a.datname = current_database() limit 1`,
        );
        return w?.app;
      });
      expect(['hub-a', 'hub-b']).toContain(runner);
      expect((await statusOf(hubs[0], id)).status).toBe('RUNNING');
      const doomed = hubs[runner === 'hub-a' ? 0 : 1];
      const survivor = hubs[runner === 'hub-a' ? 1 : 0];
      await doomed.stop('SIGKILL');
      const killedAt = Date.now();
      await blocker.query('rollback');

      const failed = await waitFor('the other instance fails the job', 3 * STALE_SECONDS * 1000, async () => {
        const s = await statusOf(survivor, id);
        return s.status === 'RUNNING' ? undefined : s;
      });
      const seconds = (Date.now() - killedAt) / 1000;
      expect(failed).toEqual({ status: 'FAILED', error: { code: 'IMPORT_INTERRUPTED' } });
      // The heartbeat is at most STALE_SECONDS old at the kill, the sweep runs every STALE_SECONDS / 3: a busy machine gets a beat of slack.
      expect(seconds).toBeLessThan(STALE_SECONDS + STALE_SECONDS / 3 + 2);
      const [row] = await sql<{ chunks: number; file_name: string | null; audits: number }>(
        `select (select count(*)::int from export_chunk c where c.job_id = j.id) as chunks, file_name,
           (select count(*)::int from audit_log where action = 'EXPORT' and record_id = $1) as audits from export_job j where id = $1::int`,
        [id],
      );
      expect(row).toEqual({ chunks: 0, file_name: null, audits: 0 });
      // The survivor still runs jobs.
      const next = await startExport(survivor, 'Household');
      await waitFor('a later export', 60_000, async () => ((await statusOf(survivor, next)).status === 'DONE' ? true : undefined));
    } finally {
      await blocker.end().catch(() => {});
    }
  }, 180_000);
});
