import { loadDemoData } from '@fupin/seed';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Exports of thousands of rows and a hub process started and killed, on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });
import { startDemoHub } from '../../../test/demo';
import { startTestHub, type Gql, type TestHub } from '../../../test/hub';
import { download, exportFile, readSheet } from '../../../test/import';
import { type HubProcess, startHubProcess } from '../../../test/processes';

/**
 * The registry export at a size that spans several keyset pages (5,000 rows) and several stored
 * chunks (1 MB): the file downloads whole, opens, and holds every laborer of the user's scope once;
 * a job that fails, or whose hub dies, mid-way leaves no file to download.
 */

const EXPORT = `mutation($r: String!, $f: JSONObject) { startExport(resource: $r, filter: $f) { id } }`;
const JOB = `query($id: ID!) { exportJob(id: $id) { status rowsDone rowsTotal url error { code } } }`;

async function waitFor(gql: Gql, id: string, until: (j: any) => boolean, timeoutMs = 120_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const j = (await gql(JOB, { id })).data.exportJob;
    if (until(j)) return j;
    if (Date.now() > end) throw new Error(`export ${id} still ${j.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The data sheet's rows as objects keyed by header. */
async function rowsOf(buffer: Buffer): Promise<Record<string, unknown>[]> {
  const [header, ...rows] = await readSheet(buffer, '数据');
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i] ?? null])));
}

describe('the registry export at size', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startDemoHub(0.1);
  });
  afterAll(() => hub?.close());

  it('streams every laborer over several pages into several chunks; the download is whole and opens with the right rows', async () => {
    const [{ n }] = await hub.sql(`select count(*)::int as n from laborer`);
    expect(n).toBeGreaterThan(10_000);
    const { job, buffer } = await exportFile(hub, hub.gql, 'Laborer');
    expect(job).toMatchObject({ rowsDone: n, rowsTotal: n });
    const chunks = await hub.sql(`select count(*)::int as n, sum(octet_length(bytes))::int as bytes from export_chunk where job_id = $1`, [job.id]);
    expect(chunks[0].n).toBeGreaterThan(1);
    expect(chunks[0].bytes).toBe(buffer.length);
    const again = await download(hub, hub.gql, job.url);
    expect(again.status).toBe(200);
    expect(Number(again.headers.get('content-length'))).toBe(buffer.length);
    expect(again.buffer.equals(buffer)).toBe(true);

    // Every laborer once, in id order, with its household head's ID number (the member named as the head, else the first).
    const rows = await rowsOf(buffer);
    expect(rows).toHaveLength(n);
    const expected = await hub.sql(`select l.id_number, (select x.id_number from laborer x where x.household_id = l.household_id order by (x.name = h.head_name) desc, x.id limit 1) as head_id, l.village_code, l.phone
      from laborer l join household h on h.id = l.household_id order by l.id`);
    expect(rows.map((r) => r['身份证号'])).toEqual(expected.map((e) => e.id_number));
    expect(rows.map((r) => r['户主身份证号'])).toEqual(expected.map((e) => e.head_id));
    expect(rows.map((r) => r['所在村代码'])).toEqual(expected.map((e) => e.village_code));
    expect(rows.map((r) => r['联系电话'])).toEqual(expected.map((e) => e.phone));
    expect(rows.every((r) => typeof r['身份证号'] === 'string')).toBe(true);
    const audit = await hub.sql(`select after->>'rows' as rows from audit_log where action = 'EXPORT' and record_id = $1`, [String(job.id)]);
    expect(audit).toEqual([{ rows: String(n) }]);
  });

  it("an operator's export holds their county's laborers only, with the list's filter applied on top", async () => {
    const [county] = await hub.sql(`select substr(village_code, 1, 6) as c, count(*)::int as n from laborer group by 1 order by 2 desc limit 1`);
    const others = await hub.sql(`select count(*)::int as n from laborer where village_code not like $1`, [`${county.c}%`]);
    expect(others[0].n).toBeGreaterThan(0);
    const operator = await hub.as('OPERATOR', `${county.c}000000`);
    const all = await rowsOf((await exportFile(hub, operator, 'Laborer')).buffer);
    expect(all).toHaveLength(county.n);
    expect(all.every((r) => String(r['所在村代码']).startsWith(county.c))).toBe(true);
    const [trained] = await hub.sql(`select count(*)::int as n from laborer where village_code like $1 and wants_training`, [`${county.c}%`]);
    const some = await rowsOf((await exportFile(hub, operator, 'Laborer', { wantsTraining: true })).buffer);
    expect(some).toHaveLength(trained.n);
    expect(some.every((r) => r['培训需求'] === '是')).toBe(true);
    // An analyst of the city gets every laborer, masked.
    const analyst = await hub.as('ANALYST');
    const masked = await rowsOf((await exportFile(hub, analyst, 'Laborer', { regionCode: `${county.c}000000` })).buffer);
    expect(masked).toHaveLength(county.n);
    expect(masked.every((r) => /^\d{6}\*{12}$/.test(String(r['身份证号'])) && /^\d{6}\*{12}$/.test(String(r['户主身份证号'])))).toBe(true);
  });

  it('a job whose file cannot be stored half-way fails with no file: nothing to download', async () => {
    // The second chunk is refused (as a full disk would): the first, already written, must not survive.
    await hub.sql(`create function export_chunk_fail() returns trigger language plpgsql as $$ begin if new.seq = 1 then raise exception 'no room'; end if; return new; end $$`);
    await hub.sql(`create trigger export_chunk_fail before insert on export_chunk for each row execute function export_chunk_fail()`);
    try {
      const id = (await hub.gql(EXPORT, { r: 'Laborer', f: {} })).data.startExport.id;
      const j = await waitFor(hub.gql, id, (x) => x.status !== 'QUEUED' && x.status !== 'RUNNING');
      expect(j.status).toBe('FAILED');
      expect(j.url).toBeNull();
      expect((await hub.sql(`select count(*)::int as n from export_chunk where job_id = $1`, [id]))[0].n).toBe(0);
      expect((await hub.sql(`select count(*)::int as n from audit_log where action = 'EXPORT' and record_id = $1`, [String(id)]))[0].n).toBe(0);
      const res = await download(hub, hub.gql, `/api/export/${id}.xlsx`);
      expect(res.status).toBe(409);
    } finally {
      await hub.sql(`drop trigger export_chunk_fail on export_chunk; drop function export_chunk_fail()`);
    }
  });
});

describe('a hub killed during an export', () => {
  let hub: TestHub;
  let child: HubProcess | undefined;
  beforeAll(async () => {
    // This instance runs no jobs (the child does) but sweeps stale ones (10 s: a loaded machine may miss a beat or two).
    hub = await startTestHub({ env: { HUB_JOBS: 'off', HUB_JOB_STALE_SECONDS: '10' } });
    await loadDemoData(hub.dbUrl, { scale: 0.01, seed: 2017 });
  });
  afterAll(async () => {
    await child?.stop('SIGKILL');
    await hub?.close();
  });

  it('leaves the job FAILED with no chunk stored and no file served', async () => {
    child = await startHubProcess({ DATABASE_URL: hub.dbUrl, SEED_SCALE: '0', HUB_JOB_STALE_SECONDS: '10' });
    // Hold the audit table: the export writes its whole file, marks itself done, then waits on its audit row, all in its transaction.
    const blocker = new pg.Client({ connectionString: hub.dbUrl });
    await blocker.connect();
    try {
      await blocker.query(`begin; lock table audit_log in exclusive mode`);
      const id = (await hub.gql(EXPORT, { r: 'Laborer', f: {} })).data.startExport.id;
      for (let i = 0; ; i++) {
        // The export's connection waits for the audit table while holding the rows it inserted into export_chunk.
        const [w] = await hub.sql(`select count(*)::int as n from pg_locks a join pg_locks c on c.pid = a.pid
          where a.relation = 'audit_log'::regclass and not a.granted and c.relation = 'export_chunk'::regclass and c.mode = 'RowExclusiveLock' and c.granted`);
        if (w.n > 0) break;
        if (i > 600) throw new Error('the export never reached its audit row');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await download(hub, hub.gql, `/api/export/${id}.xlsx`)).status).toBe(409);
      await child.stop('SIGKILL');
    } finally {
      await blocker.query('rollback').catch(() => {});
      await blocker.end();
    }
    const id = (await hub.sql(`select max(id) as id from export_job`))[0].id;
    const j = await waitFor(hub.gql, String(id), (x) => x.status === 'FAILED', 90_000);
    expect(j.error.code).toBe('IMPORT_INTERRUPTED');
    expect(j.url).toBeNull();
    expect((await hub.sql(`select count(*)::int as n from export_chunk`))[0].n).toBe(0);
    expect((await download(hub, hub.gql, `/api/export/${id}.xlsx`)).status).toBe(409);
  });
});
