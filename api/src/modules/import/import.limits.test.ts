import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each step waits for real jobs (upload, preview, commit) on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000 });
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { batch, commit, importFile, settle, upload, workbook } from '../../../test/import';
import { dateOf, serialToDate } from './import.values';

let hub: TestHub;
let village: string;
let otherCounty: string;

const HEADER = ['所在村代码', '户主身份证号', '户主姓名', '家庭人口', '姓名', '身份证号', '联系电话'];
const id = (birth: string, seq: string, region = '511321') => makeIdNumber(region, birth, seq);

beforeAll(async () => {
  hub = await startTestHub({ env: { HUB_IMPORT_MAX_MB: '1', HUB_IMPORT_MAX_UNZIPPED_MB: '20' } });
  village = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511321000000", isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
  otherCounty = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511381000000", isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
});
afterAll(() => hub?.close());

/** A zip with one stored-as-deflate entry of `size` zero bytes (a bomb when large): built by hand, never expanded here. */
function zipOf(name: string, size: number): Buffer {
  const data = zlib.deflateRawSync(Buffer.alloc(size), { level: 9 });
  const nameBuf = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(1000, 22); // the declared size lies
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(1000, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + nameBuf.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBuf.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBuf, data, central, nameBuf, end]);
}

// Built before any request: compressing 200 MB blocks this process for seconds, long enough for the hub
// to close an idle keep-alive connection the next fetch would reuse.
const bomb = zipOf('xl/worksheets/sheet1.xml', 200 * 1024 * 1024);

describe('bounds and guards of the upload', () => {
  it('refuses a zip bomb without expanding it, with a coded error', async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const b = await importFile(hub, hub.gql, 'LABORERS', 'bomb.xlsx', bomb);
    expect(b.status).toBe('FAILED');
    expect(b.error.code).toBe('IMPORT_ZIP_BOMB');
    expect(b.error.message).toContain('解压后过大');
  });

  it('refuses an oversized file with 413 IMPORT_FILE_TOO_LARGE', async () => {
    const r = await upload(hub, hub.gql, 'LABORERS', 'big.csv', Buffer.alloc(1024 * 1024 + 10, 0x41));
    expect(r.status).toBe(413);
    expect(r.body.errors[0].extensions.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect((await hub.sql('select count(*)::int as n from import_batch where file_name = $1', ['big.csv']))[0].n).toBe(0);
  });

  it('refuses an upload without the CSRF header, without a session, and for a masked role', async () => {
    const file = await workbook([HEADER]);
    const noCsrf = await upload(hub, hub.gql, 'LABORERS', 'a.xlsx', file, {});
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.errors[0].extensions.code).toBe('CSRF_REQUIRED');
    const anon = await upload(hub, hub.anonymous, 'LABORERS', 'a.xlsx', file);
    expect(anon.status).toBe(401);
    const analyst = await upload(hub, await hub.as('ANALYST'), 'LABORERS', 'a.xlsx', file);
    expect(analyst.status).toBe(403);
    const badType = await upload(hub, hub.gql, 'LABORERS', 'a.xls', file);
    expect(badType.body.errors[0].extensions.code).toBe('IMPORT_FILE_TYPE');
  });

  it('refuses a file without a recognisable header', async () => {
    const b = await importFile(hub, hub.gql, 'LABORERS', 'x.xlsx', await workbook([['甲', '乙'], ['1', '2']]));
    expect(b.error.code).toBe('IMPORT_NO_HEADER');
  });
});

describe('values from real sheets', () => {
  it('reads GB18030 CSV (no BOM) with rare characters, a lower-case x, full-width digits and no-break spaces', async () => {
    const head = id('19700101', '123');
    const withX = (() => {
      for (let s = 100; s < 999; s++) {
        const v = id('19750101', String(s));
        if (v.endsWith('X')) return v;
      }
      throw new Error('no X');
    })();
    const fullWidth = [...head].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const csv = `${HEADER.join(',')}\r\n${village},${head},李䶮,3,李䶮,${fullWidth},\r\n${village},${head},李䶮,3,\u00a0𠮷祥\u200b,${withX.toLowerCase()},138 0000 0003\r\n`;
    // GB18030 bytes written by hand: TextEncoder has no GB18030, so encode through the decoder's inverse table.
    const bytes = encodeGb18030(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const b = await importFile(hub, hub.gql, 'LABORERS', '台账.csv', bytes);
    expect(b.error).toBeNull();
    expect(b.refusals).toEqual([]);
    expect(b.counts.create).toBe(2);
    expect((await commit(hub.gql, b.id)).status).toBe('COMMITTED');
    const rows = await hub.sql('select name, id_number, phone from laborer where household_id = (select household_id from laborer where id_number = $1) order by id', [head]);
    expect(rows).toEqual([
      { name: '李䶮', id_number: head, phone: null },
      { name: '𠮷祥', id_number: withX, phone: '13800000003' },
    ]);
  });

  it('reads Excel serial dates in both date systems and the written date shapes', async () => {
    expect(serialToDate(42916)).toBe('2017-06-30');
    expect(serialToDate(41454, true)).toBe('2017-06-30');
    for (const s of ['2017-06-30', '2017/6/30', '2017.6.30', '2017年6月30日', '20170630', ' 2017-06-30 ']) expect(dateOf(s, 'd')).toBe('2017-06-30');
    expect(dateOf(20170630, 'd')).toBe('2017-06-30');
    expect(() => dateOf('2017-02-30', 'startDate')).toThrow(/不符合要求/);
    // Over HTTP: employments whose start dates are serial numbers in a 1900 and in a 1904 workbook.
    const person = (await hub.sql('select id_number from laborer order by id limit 1'))[0].id_number;
    const header = ['身份证号', '就业类型', '就业渠道', '就业单位', '就业地点', '开始日期'];
    const b1900 = await importFile(hub, hub.gql, 'EMPLOYMENTS', 'e1900.xlsx', await workbook([header, [person, '转移就业', '驻外办', '某公司', '深圳', 42916]]));
    expect(b1900.refusals).toEqual([]);
    expect(b1900.counts.create).toBe(1);
    const rows1900 = (await hub.gql(`query($id: ID!) { importBatch(id: $id) { rows { values } } }`, { id: b1900.id })).data.importBatch.rows;
    expect(rows1900[0].values.create.startDate).toBe('2017-06-30');
    const b1904 = await importFile(hub, hub.gql, 'EMPLOYMENTS', 'e1904.xlsx', await workbook([header, [person, '转移就业', '驻外办', '某公司', '深圳', { formula: 'DATE(2017,6,30)', result: 41454 }]], { date1904: true }));
    const rows1904 = (await hub.gql(`query($id: ID!) { importBatch(id: $id) { rows { values } } }`, { id: b1904.id })).data.importBatch.rows;
    expect(rows1904[0].values.create.startDate).toBe('2017-06-30');
    // Employments go through the API's own create: committed, then the same file is unchanged.
    expect((await commit(hub.gql, b1900.id)).counts.created).toBe(1);
    expect((await hub.sql(`select start_date::text as d, channel from employment`))[0]).toEqual({ d: '2017-06-30', channel: 'OUT_OF_TOWN_OFFICE' });
    const again = await importFile(hub, hub.gql, 'EMPLOYMENTS', 'e1900.xlsx', await workbook([header, [person, '转移就业', '驻外办', '某公司', '深圳', 42916]]));
    expect(again.counts).toMatchObject({ unchanged: 1, create: 0 });
    // A channel that does not fit the kind is refused by the API's own rule, with its code.
    const bad = await importFile(hub, hub.gql, 'EMPLOYMENTS', 'bad.xlsx', await workbook([header, [person, '就地就业', '驻外办', '某公司', '深圳', '2017-01-05']]));
    expect(bad.counts.refused).toBe(1);
    expect(bad.refusals[0].rowNumbers).toEqual([2]);
  });
});

describe('scope, undo and concurrency', () => {
  it("refuses, per row, an operator's rows of another county", async () => {
    const op = await hub.as('OPERATOR', '511321000000');
    const a = id('19880101', '301');
    const o = id('19880101', '302', '511381');
    const b = await importFile(hub, op, 'LABORERS', 'op.xlsx', await workbook([HEADER, [village, a, '甲', 2, '甲', a, null], [otherCounty, o, '乙', 2, '乙', o, null]]));
    expect(b.counts).toMatchObject({ create: 1, refused: 1 });
    expect(b.refusals).toEqual([expect.objectContaining({ code: 'OUT_OF_SCOPE', column: '所在村代码', rowNumbers: [3], message: '所在村不在您的管辖范围内' })]);
    const c = await commit(op, b.id, { atomicity: 'VALID_ONLY' });
    expect(c.status).toBe('COMMITTED');
    expect((await hub.sql('select count(*)::int as n from laborer where id_number in ($1, $2)', [a, o]))[0].n).toBe(1);
  });

  it('undo removes what the batch created and restores what it updated, but keeps a row changed since', async () => {
    const a = id('19890101', '401');
    const c2 = id('19890101', '402');
    const g = id('19890101', '403');
    const first = await importFile(hub, hub.gql, 'LABORERS', 'u1.xlsx', await workbook([HEADER, [village, a, '丙', 2, '丙', a, '13700000001'], [village, g, '庚', 1, '庚', g, null]]));
    await commit(hub.gql, first.id);
    // Second batch: updates 丙's phone, creates 丁.
    const second = await importFile(hub, hub.gql, 'LABORERS', 'u2.xlsx', await workbook([HEADER, [village, a, '丙', 2, '丙', a, '13700000002'], [village, a, '丙', 2, '丁', c2, '13700000003']]));
    expect(second.counts).toMatchObject({ update: 1, create: 1 });
    await commit(hub.gql, second.id);
    // Someone changes 丁 after the import: undo must keep it.
    const dId = (await hub.sql('select id from laborer where id_number = $1', [c2]))[0].id;
    expect((await hub.gql(`mutation($id: ID!) { updateLaborer(id: $id, skills: "木工") { id } }`, { id: String(dId) })).errors).toBeUndefined();
    const pv = await hub.gql(`mutation($id: ID!) { previewUndo(batchId: $id) { undoPreview { remove restore kept keptRows { rowNumber key } keptRecords { entity reason } } } }`, { id: second.id });
    expect(pv.errors).toBeUndefined();
    expect(pv.data.previewUndo.undoPreview).toEqual({ remove: 0, restore: 1, kept: 1, keptRows: [{ rowNumber: 3, key: c2 }], keptRecords: [{ entity: 'Laborer', reason: 'CHANGED' }] });
    await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: second.id });
    const u = await settle(hub.gql, second.id);
    expect(u.status).toBe('UNDONE');
    expect(u.counts).toMatchObject({ restored: 1, kept: 1 });
    expect((await hub.sql('select phone from laborer where id_number = $1', [a]))[0].phone).toBe('13700000001');
    expect((await hub.sql('select skills from laborer where id_number = $1', [c2]))[0].skills).toBe('木工');
    const audit = await hub.sql(`select action, count(*)::int as n from audit_log where entity = 'Laborer' and record_id = $1 group by 1 order by 1`, [String((await hub.sql('select id from laborer where id_number = $1', [a]))[0].id)]);
    expect(audit).toEqual([
      { action: 'CREATE', n: 1 },
      { action: 'UPDATE', n: 2 },
    ]);
    // Undo of the first batch removes 庚 and its household; 丙 changed since (the second batch and its undo): kept.
    await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: first.id });
    const u1 = await settle(hub.gql, first.id);
    expect(u1.counts).toMatchObject({ removed: 2, kept: 2 });
    expect((await hub.sql('select id_number from laborer where id_number in ($1, $2)', [a, g])).map((r) => r.id_number)).toEqual([a]);
    expect((await hub.sql(`select count(*)::int as n from household where head_name = '庚'`))[0].n).toBe(0);
    // Registered on the commit day (no 建档立卡日期 in the file): counted as of today.
    const stats = (await hub.gql(`{ Region(id: "511321000000") { stats(asOf: "${new Date().toISOString().slice(0, 10)}") { laborers } } }`)).data.Region.stats.laborers;
    expect(stats).toBe((await hub.sql(`select count(*)::int as n from laborer where village_code like '511321%'`))[0].n);
  });

  it('two imports into the same county at once: both commit; one that overlaps the other validates again', async () => {
    const rowsA = [HEADER, ...[1, 2, 3].map((i) => [village, id('19910101', '501'), '戊', 3, `戊${i}`, id('19910101', String(500 + i)), null])];
    const rowsB = [HEADER, ...[1, 2, 3].map((i) => [village, id('19920101', '601'), '己', 3, `己${i}`, id('19920101', String(600 + i)), null])];
    const [a, b] = await Promise.all([importFile(hub, hub.gql, 'LABORERS', 'a.xlsx', await workbook(rowsA)), importFile(hub, hub.gql, 'LABORERS', 'b.xlsx', await workbook(rowsB))]);
    const overlap = await importFile(hub, hub.gql, 'LABORERS', 'a-again.xlsx', await workbook(rowsA));
    expect(overlap.counts.create).toBe(3);
    const [ca, cb] = await Promise.all([commit(hub.gql, a.id), commit(hub.gql, b.id)]);
    expect([ca.status, cb.status]).toEqual(['COMMITTED', 'COMMITTED']);
    expect((await hub.sql(`select count(*)::int as n from laborer where name like '戊%' or name like '己%'`))[0].n).toBe(6);
    // The third batch previewed A's rows as creates; they exist now: the commit validates again instead.
    const co = await commit(hub.gql, overlap.id);
    expect(co.status).toBe('PREVIEWED');
    expect(co.revalidated).toBe(true);
    expect(co.counts).toMatchObject({ create: 0, unchanged: 3 });
    expect((await hub.sql(`select count(*)::int as n from laborer where name like '戊%'`))[0].n).toBe(3);
  });
});

/** GB18030 encoding for the test: every character's bytes found by decoding candidates (the test text is short). */
function encodeGb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    out.push(...gbBytes(ch, dec));
  }
  return Buffer.from(out);
}
function gbBytes(ch: string, dec: TextDecoder): number[] {
  for (let b1 = 0x81; b1 <= 0xfe; b1++)
    for (let b2 = 0x40; b2 <= 0xfe; b2++) {
      if (b2 === 0x7f) continue;
      if (dec.decode(Uint8Array.of(b1, b2)) === ch) return [b1, b2];
    }
  // Four-byte sequences (rare characters outside GBK, such as 𠮷 and 䶮).
  for (let b1 = 0x81; b1 <= 0xfe; b1++)
    for (let b2 = 0x30; b2 <= 0x39; b2++)
      for (let b3 = 0x81; b3 <= 0xfe; b3++)
        for (let b4 = 0x30; b4 <= 0x39; b4++) if (dec.decode(Uint8Array.of(b1, b2, b3, b4)) === ch) return [b1, b2, b3, b4];
  throw new Error(`no GB18030 bytes for ${ch}`);
}
