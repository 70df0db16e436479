import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each step waits for real jobs (upload, preview, commit, undo) on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000 });
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { commit, importFile, settle, workbook } from '../../../test/import';

const HEADER = ['所在村代码', '户主身份证号', '户主姓名', '家庭人口', '姓名', '身份证号', '联系电话', '文化程度', '技能', '培训需求', '建档立卡日期'];

let hub: TestHub;
let village: string;

beforeAll(async () => {
  // A progress report every 3 rows: a 10-row file shows four steps.
  hub = await startTestHub({ env: { HUB_IMPORT_PROGRESS_ROWS: '3' } });
  village = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511321000000", isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
  // Every value the batch row takes, as the admin's polling would see it (a poll may miss a short step; the log does not).
  // With the transaction that wrote each: a value written inside the commit's own transaction is seen by nobody before its end.
  await hub.sql(`create table progress_seen (seq serial primary key, batch_id integer, status text, phase text, rows_done integer, rows_total integer, xid bigint)`);
  await hub.sql(`create function progress_seen() returns trigger language plpgsql as $$ begin
      insert into progress_seen (batch_id, status, phase, rows_done, rows_total, xid) values (new.id, new.status, new.phase, new.rows_done, new.rows_total, txid_current() % 4294967296);
      return new; end $$`);
  await hub.sql(`create trigger progress_seen after update of rows_done, status, phase on import_batch for each row execute function progress_seen()`);
});
afterAll(() => hub?.close());

async function seen(batchId: string, status: string): Promise<{ phase: string; rows_done: number; rows_total: number; xid: string }[]> {
  return hub.sql(`select phase, rows_done, rows_total, xid from progress_seen where batch_id = $1 and status = $2 order by seq`, [Number(batchId), status]);
}

/** The transaction that wrote the batch's change records (the commit's, or the undo's audit rows). */
async function writer(sqlText: string, params: unknown[]): Promise<string> {
  return (await hub.sql(sqlText, params))[0].xid;
}

describe('progress of a registry commit and its undo', () => {
  // Ten laborers of four households (three rows of the first one, then one, two and four).
  const heads = ['011', '021', '031', '041'].map((s, i) => makeIdNumber('511321', `196${i}0101`, s));
  const sizes = [3, 1, 2, 4];
  // `changed`: every row gets a phone, and the last household (rows 8-11: two windows) 5 members.
  const rows = (changed = false): unknown[][] => [
    HEADER,
    ...heads.flatMap((head, h) =>
      Array.from({ length: sizes[h] }, (_, k) => {
        const idNumber = k === 0 ? head : makeIdNumber('511321', `199${h}0${k + 1}01`, `${h}${k}2`);
        const members = changed && h === 3 ? 5 : sizes[h];
        return [village, head, `户主${h}`, members, k === 0 ? `户主${h}` : `成员${h}${k}`, idNumber, changed ? `1380000${h}${k}00` : null, '初中', null, '是', '2016-03-01'];
      }),
    ),
  ];
  let batchId: string;

  it('the commit reports its rows done every few rows, in its writing phase, ending at the total', async () => {
    const b = await importFile(hub, hub.gql, 'LABORERS', '进度.xlsx', await workbook(rows()));
    expect(b.refusals ?? [], JSON.stringify(b.refusals)).toEqual([]);
    expect(b.counts).toMatchObject({ create: 10, refused: 0 });
    batchId = b.id;
    const done = await commit(hub.gql, batchId);
    expect(done.status).toBe('COMMITTED');
    expect(done.counts).toMatchObject({ created: 10 });
    expect(done.rowsDone).toBe(10);
    expect(done.rowsTotal).toBe(10);
    const steps = (await seen(batchId, 'COMMITTING')).filter((s) => s.phase === 'WRITING');
    // Rows 1-3, 4-6, 7-9, 10: 3, 6, 9, 10, in order, never past the total.
    expect(steps.map((s) => s.rows_done).filter((n) => n > 0)).toEqual([3, 6, 9, 10]);
    expect(steps.every((s) => s.rows_total === 10)).toBe(true);
    expect((await hub.sql(`select count(*)::int as n from laborer`))[0].n).toBe(10);
    // Each value was written outside the commit's transaction, so the admin's polling saw it as it came.
    const commitXid = await writer(`select xmin::text::bigint as xid from import_change where batch_id = $1 limit 1`, [Number(batchId)]);
    expect(steps.filter((s) => s.rows_done > 0).every((s) => String(s.xid) !== String(commitXid))).toBe(true);
  });

  it('the undo reports its rows done every few rows too, from zero, ending at the total', async () => {
    const r = await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: batchId });
    expect(r.errors).toBeUndefined();
    const b = await settle(hub.gql, batchId);
    expect(b.status).toBe('UNDONE');
    expect(b.rowsDone).toBe(10);
    const steps = await seen(batchId, 'UNDOING');
    expect(steps[0]).toMatchObject({ phase: 'UNDOING', rows_done: 0 });
    expect(steps.map((s) => s.rows_done).filter((n) => n > 0)).toEqual([3, 6, 9, 10]);
    const undoXid = await writer(`select xmin::text::bigint as xid from audit_log where action = 'DELETE' and entity = 'Laborer' order by id desc limit 1`, []);
    expect(steps.filter((s) => s.rows_done > 0).every((s) => String(s.xid) !== String(undoXid))).toBe(true);
    expect((await hub.sql(`select count(*)::int as n from laborer`))[0].n).toBe(0);
    expect((await hub.sql(`select count(*)::int as n from household`))[0].n).toBe(0);
  });

  it('updates across windows: a household whose rows span two windows is updated once, and undo restores it', async () => {
    const created = await importFile(hub, hub.gql, 'LABORERS', '进度.xlsx', await workbook(rows()));
    expect((await commit(hub.gql, created.id)).status).toBe('COMMITTED');
    const b = await importFile(hub, hub.gql, 'LABORERS', '进度-更新.xlsx', await workbook(rows(true)));
    expect(b.counts).toMatchObject({ update: 10, refused: 0 });
    const done = await commit(hub.gql, b.id);
    expect(done.status).toBe('COMMITTED');
    expect(done.counts).toMatchObject({ updated: 10 });
    expect((await seen(b.id, 'COMMITTING')).map((s) => s.rows_done).filter((n) => n > 0)).toEqual([3, 6, 9, 10]);
    const household = async () => (await hub.sql(`select h.member_count from household h join laborer l on l.household_id = h.id where l.id_number = $1`, [heads[3]]))[0].member_count;
    expect(await household()).toBe(5);
    // One change record (and one audit row) for the household, whose `before` is the stored 4.
    const changes = await hub.sql(`select before from import_change where batch_id = $1 and entity = 'Household'`, [Number(b.id)]);
    expect(changes).toEqual([{ before: { memberCount: 4 } }]);
    expect((await hub.sql(`select count(*)::int as n from laborer where phone is not null`))[0].n).toBe(10);
    await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: b.id });
    expect((await settle(hub.gql, b.id)).status).toBe('UNDONE');
    expect((await seen(b.id, 'UNDOING')).map((s) => s.rows_done).filter((n) => n > 0)).toEqual([3, 6, 9, 10]);
    expect(await household()).toBe(4);
    expect((await hub.sql(`select count(*)::int as n from laborer where phone is not null`))[0].n).toBe(0);
  });
});
