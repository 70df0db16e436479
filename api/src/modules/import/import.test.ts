import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each step waits for real jobs (upload, preview, commit) on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000 });
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { batch, commit, download, exportFile, importFile, readSheet, upload, workbook } from '../../../test/import';

let hub: TestHub;
let village: string;
let village2: string;
let otherCounty: string;

const HEADER = ['所在村代码', '户主身份证号', '户主姓名', '家庭人口', '姓名', '身份证号', '联系电话', '文化程度', '技能', '培训需求', '建档立卡日期'];
const id = (birth: string, seq: string, region = '511321') => makeIdNumber(region, birth, seq);

beforeAll(async () => {
  hub = await startTestHub();
  const v = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511321000000", isUrban: false }, perPage: 2) { code } }`)).data.allRegions;
  village = v[0].code;
  village2 = v[1].code;
  otherCounty = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511381000000", isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
});
afterAll(() => hub?.close());

describe('registry import: preview, commit, export, re-import', () => {
  const head = id('19600101', '011');
  const rows = () => [
    HEADER,
    [village, head, '张德明', 4, '张德明', head, '13800000001', '初中', '电焊', '是', '2016-03-01'],
    [village, head, '张德明', 4, '张小明', id('19900202', '022'), '13800000002', '高中', null, '否', '2016/3/1'],
    [village2, id('19700303', '031'), '李大山', 3, '李大山', id('19700303', '031'), null, '小学', null, '√', '2017年5月20日'],
  ];
  let batchId: string;

  it('reads a sheet with a title row and a 合计 row, previews every row as a create, writes nothing', async () => {
    const b = await importFile(hub, hub.gql, 'LABORERS', '南部县台账.xlsx', await workbook(rows(), { title: '南部县2017年贫困劳动力台账', total: true }));
    expect(b.error).toBeNull();
    expect(b.status).toBe('PREVIEWED');
    expect(b.headerRow).toBe(3);
    expect(b.counts).toMatchObject({ create: 3, update: 0, unchanged: 0, refused: 0 });
    expect(b.rowsTotal).toBe(3);
    expect(b.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.headers.find((h: any) => h.header === '身份证号').field).toBe('idNumber');
    expect((await hub.sql('select count(*)::int as n from laborer'))[0].n).toBe(0);
    batchId = b.id;
  });

  it('commits what the preview showed: households, laborers, audit rows, statistics', async () => {
    const b = await commit(hub.gql, batchId);
    expect(b.errors).toBeUndefined();
    expect(b.error).toBeNull();
    expect(b.status).toBe('COMMITTED');
    expect(b.counts).toMatchObject({ created: 3 });
    const ls = await hub.sql('select l.name, l.phone, l.education, l.wants_training, l.poverty_status, l.exited_poverty_year, h.head_name, h.member_count from laborer l join household h on h.id = l.household_id order by l.id');
    expect(ls).toHaveLength(3);
    expect(ls[0]).toMatchObject({ name: '张德明', phone: '13800000001', education: 'JUNIOR', wants_training: true, head_name: '张德明', member_count: 4 });
    expect(ls[2]).toMatchObject({ name: '李大山', poverty_status: 'POOR', exited_poverty_year: null, wants_training: true });
    // Each created household and laborer has its 建档立卡 event, dated by the file (the household: its first row's).
    const ev = await hub.sql(`select coalesce(l.name, h.head_name) as who, e.laborer_id is null as household, e.kind, to_char(e.occurred_on, 'YYYY-MM-DD') as on, e.standing, e.village_code, e.reason, e.recorded_by_name
      from registry_event e join household h on h.id = e.household_id left join laborer l on l.id = e.laborer_id order by e.laborer_id nulls first, e.household_id`);
    expect(ev).toEqual([
      { who: '张德明', household: true, kind: 'REGISTERED', on: '2016-03-01', standing: 'POOR', village_code: village, reason: '建档立卡', recorded_by_name: 'admin' },
      { who: '李大山', household: true, kind: 'REGISTERED', on: '2017-05-20', standing: 'POOR', village_code: village2, reason: '建档立卡', recorded_by_name: 'admin' },
      { who: '张德明', household: false, kind: 'REGISTERED', on: '2016-03-01', standing: 'POOR', village_code: village, reason: '建档立卡', recorded_by_name: 'admin' },
      { who: '张小明', household: false, kind: 'REGISTERED', on: '2016-03-01', standing: 'POOR', village_code: village, reason: '建档立卡', recorded_by_name: 'admin' },
      { who: '李大山', household: false, kind: 'REGISTERED', on: '2017-05-20', standing: 'POOR', village_code: village2, reason: '建档立卡', recorded_by_name: 'admin' },
    ]);
    expect((await hub.sql('select count(*)::int as n from household'))[0].n).toBe(2);
    const audit = await hub.sql(`select entity, action, count(*)::int as n from audit_log where entity in ('Laborer', 'Household') group by 1, 2 order by 1`);
    expect(audit).toEqual([
      { entity: 'Household', action: 'CREATE', n: 2 },
      { entity: 'Laborer', action: 'CREATE', n: 3 },
    ]);
    const stats = await hub.gql(`{ Region(id: "511321000000") { stats { laborers households } } }`);
    expect(stats.errors).toBeUndefined();
    expect(stats.data.Region.stats).toMatchObject({ laborers: 3, households: 2 });
  });

  it('the same file again changes nothing', async () => {
    const b = await importFile(hub, hub.gql, 'LABORERS', '南部县台账.xlsx', await workbook(rows(), { title: '南部县2017年贫困劳动力台账', total: true }));
    expect(b.counts).toMatchObject({ create: 0, update: 0, unchanged: 3, refused: 0 });
  });

  it('exports the registry in the template layout, and the export imports back unchanged', async () => {
    const { job, buffer } = await exportFile(hub, hub.gql, 'Laborer', { regionCode: '511321000000' });
    expect(job.rowsDone).toBe(3);
    const sheet = await readSheet(buffer, '数据');
    expect(sheet[0]).toContain('身份证号');
    const idCol = (sheet[0] as string[]).indexOf('身份证号');
    expect(typeof sheet[1][idCol]).toBe('string');
    const b = await importFile(hub, hub.gql, 'LABORERS', 'export.xlsx', buffer);
    expect(b.error).toBeNull();
    expect(b.counts).toMatchObject({ create: 0, update: 0, unchanged: 3, refused: 0 });
    const audit = await hub.sql(`select action, entity, after->>'rows' as rows from audit_log where action = 'EXPORT'`);
    expect(audit).toEqual([{ action: 'EXPORT', entity: 'Laborer', rows: '3' }]);
  });

  it('shows update diffs old → new; an empty cell does not erase; asking to erase does', async () => {
    const r = rows();
    r[1][6] = '13900000009';
    r[1][8] = null; // skills were 电焊: empty does not erase
    const b = await importFile(hub, hub.gql, 'LABORERS', 'changed.xlsx', await workbook(r));
    expect(b.counts).toMatchObject({ update: 1, unchanged: 2 });
    const page = (await hub.gql(`query($id: ID!) { importBatch(id: $id) { rows(kind: UPDATE) { rowNumber key changes { field label old new } } } }`, { id: b.id })).data.importBatch.rows;
    expect(page).toEqual([{ rowNumber: 2, key: head, changes: [{ field: 'phone', label: '联系电话', old: '13800000001', new: '13900000009' }] }]);
    const c = await commit(hub.gql, b.id);
    expect(c.status).toBe('COMMITTED');
    expect((await hub.sql('select phone, skills from laborer where id_number = $1', [head]))[0]).toEqual({ phone: '13900000009', skills: '电焊' });
    // Asking to erase re-runs the preview (it shows the erase) before anything is written.
    const b2 = await importFile(hub, hub.gql, 'LABORERS', 'erase.xlsx', await workbook(r));
    const again = await commit(hub.gql, b2.id, { eraseEmpty: true });
    expect(again.status).toBe('PREVIEWED');
    expect(again.revalidated).toBe(true);
    expect(again.counts).toMatchObject({ update: 1 });
    const done = await commit(hub.gql, b2.id, { eraseEmpty: true });
    expect(done.status).toBe('COMMITTED');
    expect((await hub.sql('select skills from laborer where id_number = $1', [head]))[0].skills).toBeNull();
    // Undo of that batch restores the skills.
    await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: b2.id });
    const u = await batch(hub.gql, b2.id);
    expect(['UNDOING', 'UNDONE']).toContain(u.status);
  });

  it('undo keeps a household it created that someone has since added a laborer to, and removes the rest', async () => {
    const h = id('19700303', '331');
    const f = await importFile(hub, hub.gql, 'LABORERS', 'keep.xlsx', await workbook([HEADER, [village, h, '孙红', 2, '孙红', h, null, '初中', null, '是', null]]));
    expect(f.counts).toMatchObject({ create: 1, refused: 0 });
    expect((await commit(hub.gql, f.id)).status).toBe('COMMITTED');
    const [{ household_id }] = await hub.sql<{ household_id: number }>('select household_id from laborer where id_number = $1', [h]);
    const added = await hub.gql(`mutation($h: ID!, $i: String!) { createLaborer(householdId: $h, name: "孙小红", idNumber: $i) { id } }`, { h: String(household_id), i: id('19980303', '332') });
    expect(added.errors).toBeUndefined();
    const plan = await hub.gql(`mutation($id: ID!) { previewUndo(batchId: $id) { undoPreview { remove kept keptRecords { entity reason } } } }`, { id: f.id });
    expect(plan.errors).toBeUndefined();
    expect(plan.data.previewUndo.undoPreview).toEqual({ remove: 1, kept: 1, keptRecords: [{ entity: 'Household', reason: 'IN_USE' }] });
    await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: f.id });
    const { settle } = await import('../../../test/import');
    expect((await settle(hub.gql, f.id)).status).toBe('UNDONE');
    expect(await hub.sql('select name from laborer where household_id = $1 order by id', [household_id])).toEqual([{ name: '孙小红' }]);
  });
});

describe('registry import and the lifecycle (issue #12): events, as-of counts, counters', () => {
  const LC = `select region_code, month, ${['households', 'poor_households', 'households_registered', 'laborers', 'poor_laborers', 'wants_training', 'wants_transfer', 'wants_enterprise', 'laborers_registered'].join(', ')} from lifecycle_month order by 1, 2`;
  const counts = async (code: string, asOf: string) =>
    (await hub.gql(`{ Region(id: "${code}") { stats(asOf: "${asOf}") { laborers households trainingDemand } } }`)).data.Region.stats as Record<string, number>;
  const levels = () => [village, `${village.slice(0, 9)}000`, '511321000000', '511300000000'];
  /** lifecycle_month as the triggers kept it equals a recount from the events (rebuild_lifecycle()). */
  async function expectCountersExact() {
    const kept = await hub.sql(LC);
    await hub.sql(`select rebuild_lifecycle()`);
    expect(await hub.sql(LC)).toEqual(kept);
  }
  const a = id('19660606', '611');
  const b = id('19880808', '612');

  it('counts imported households and laborers from the file\'s 建档立卡日期 at village, township, county and city', async () => {
    const days = ['2015-06-30', '2015-07-31'];
    const before = await Promise.all(days.flatMap((d) => levels().map((c) => counts(c, d))));
    const f = await importFile(hub, hub.gql, 'LABORERS', 'lc.xlsx', await workbook([
      HEADER,
      [village, a, '何建国', 2, '何建国', a, null, '初中', null, '是', '2015-07-15'],
      [village, a, '何建国', 2, '何小丽', b, null, '高中', null, '否', '2015-07-20'],
    ]));
    expect(f.counts).toMatchObject({ create: 2, refused: 0 });
    expect((await commit(hub.gql, f.id)).status).toBe('COMMITTED');
    const after = await Promise.all(days.flatMap((d) => levels().map((c) => counts(c, d))));
    for (let i = 0; i < 4; i++) {
      expect(after[i].laborers - before[i].laborers, `June, level ${i}`).toBe(0);
      expect(after[4 + i].laborers - before[4 + i].laborers, `July, level ${i}`).toBe(2);
      expect(after[4 + i].households - before[4 + i].households, `July, level ${i}`).toBe(1);
      expect(after[4 + i].trainingDemand - before[4 + i].trainingDemand, `July, level ${i}`).toBe(1);
    }
    const ev = await hub.sql(`select to_char(e.occurred_on, 'YYYY-MM-DD') as on from registry_event e join laborer l on l.id = e.laborer_id where l.id_number = $1`, [b]);
    expect(ev).toEqual([{ on: '2015-07-20' }]);
    await expectCountersExact();
  });

  it('an update of a demand flag moves its counter; undo of a create removes its counts and keeps its events', async () => {
    const v0 = await counts(village, '2015-07-31');
    const f = await importFile(hub, hub.gql, 'LABORERS', 'lc2.xlsx', await workbook([
      HEADER,
      [village, a, '何建国', 2, '何小丽', b, null, '高中', null, '是', null],
      [village, a, '何建国', 2, '何小军', id('19900909', '613'), null, '高中', null, '是', '2015-07-25'],
    ]));
    expect(f.counts).toMatchObject({ create: 1, update: 1, refused: 0 });
    expect((await commit(hub.gql, f.id)).status).toBe('COMMITTED');
    const v1 = await counts(village, '2015-07-31');
    expect(v1.laborers - v0.laborers).toBe(1);
    expect(v1.trainingDemand - v0.trainingDemand).toBe(2);
    await expectCountersExact();
    const events = (await hub.sql(`select count(*)::int as n from registry_event`))[0].n;
    const u = await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: f.id });
    expect(u.errors).toBeUndefined();
    const { settle } = await import('../../../test/import');
    expect((await settle(hub.gql, f.id)).status).toBe('UNDONE');
    expect(await counts(village, '2015-07-31')).toEqual(v0);
    expect((await hub.sql(`select count(*)::int as n from registry_event`))[0].n).toBe(events);
    await expectCountersExact();
  });
});

describe('refusals: each rule with its row and column, in the API\'s words', () => {
  it('groups refusals by rule and column with row numbers', async () => {
    const good = id('19800115', '231');
    const badCheck = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    const asNumber = Number(id('19810115', '231').slice(0, 15) + '000');
    const b = await importFile(
      hub,
      hub.gql,
      'LABORERS',
      'bad.xlsx',
      await workbook([
        HEADER,
        [village, good, '王五', 3, '王五', good, null, '初中', null, '是', null],
        [village, good, '王五', 3, '王六', badCheck, null, '初中', null, '是', null],
        [village, good, '王五', 3, '王七', asNumber, null, '初中', null, '是', null],
        [village, good, '王五', 3, '\u200b\u200b', id('19820115', '231'), null, '初中', null, '是', null],
        [village, good, '王五', 3, '王八', id('19830115', '231'), null, '初中毕业', null, '是', null],
        [village, good, '王五', 3, '王九', id('19840115', '231'), '12345', '初中毕业', null, '是', null],
        [village, good, '王五', 3, '王十', good, null, '初中', null, '是', null],
        [otherCounty, id('19850115', '231', '511381'), '赵一', 40, '赵一', id('19850115', '231', '511381'), null, '初中', null, '也许', '2099-01-01'],
      ]),
    );
    expect(b.status).toBe('PREVIEWED');
    expect(b.counts).toMatchObject({ create: 1, refused: 7 });
    const by = (code: string, column?: string) => b.refusals.find((r: any) => r.code === code && (column === undefined || r.column === column));
    expect(by('INVALID_ID_NUMBER', '身份证号')).toMatchObject({ rowNumbers: [3], message: '身份证号无效：号码有误，请对照身份证逐位核对' });
    expect(by('IMPORT_ID_AS_NUMBER', '身份证号')).toMatchObject({ rowNumbers: [4] });
    expect(by('IMPORT_ID_AS_NUMBER').message).toContain('文本格式');
    expect(by('VALIDATION_FAILED', '姓名')).toMatchObject({ rowNumbers: [5], message: '姓名不符合要求：含有零宽等不可见字符' });
    expect(by('IMPORT_UNKNOWN_VALUE', '文化程度')).toMatchObject({ rowNumbers: [6, 7], count: 2 });
    expect(by('VALIDATION_FAILED', '联系电话')).toMatchObject({ rowNumbers: [7] });
    expect(by('DUPLICATE_IN_FILE', '身份证号')).toMatchObject({ rowNumbers: [8] });
    expect(by('VALIDATION_FAILED', '家庭人口')).toMatchObject({ rowNumbers: [9] });
    expect(by('VALIDATION_FAILED', '培训需求')).toMatchObject({ rowNumbers: [9] });
    expect(by('VALIDATION_FAILED', '建档立卡日期')).toMatchObject({ rowNumbers: [9] });
    // An unknown value is listed once, to map instead of fixing every row.
    expect(b.unknownValues).toEqual([{ field: 'education', column: '文化程度', value: '初中毕业', count: 2, mappedTo: null }]);
    // An all-or-nothing commit is refused while rows are refused.
    const c = await hub.gql(`mutation($id: ID!) { commitImport(batchId: $id) { id } }`, { id: b.id });
    expect(c.errors?.[0].extensions).toMatchObject({ code: 'IMPORT_HAS_REFUSALS' });
    // The error workbook: the refused rows with 错误说明.
    const err = await download(hub, hub.gql, `/api/import/batches/${b.id}/errors.xlsx`);
    expect(err.status).toBe(200);
    const sheet = await readSheet(err.buffer, '错误说明');
    expect(sheet[0]).toEqual([...HEADER, '原行号', '错误说明']);
    expect(sheet).toHaveLength(8);
    expect(String(sheet[1][HEADER.length + 1])).toContain('身份证号：身份证号无效：号码有误');
    // Mapping the unknown value once fixes both rows.
    const m = await hub.gql(`mutation($id: ID!, $v: JSONObject!) { mapImportValues(batchId: $id, values: $v) { id status } }`, { id: b.id, v: { education: { 初中毕业: 'JUNIOR' } } });
    expect(m.errors).toBeUndefined();
    const { settle } = await import('../../../test/import');
    const after = await settle(hub.gql, b.id);
    expect(after.refusals.find((r: any) => r.code === 'IMPORT_UNKNOWN_VALUE')).toBeUndefined();
    expect(after.counts.create).toBe(2);
  });

  it('imported text passes the API input check: a direction override or invisible-only text is refused per row, as the API refuses it (xlsx and csv)', async () => {
    const b = await importFile(
      hub,
      hub.gql,
      'LABORERS',
      'bidi.xlsx',
      await workbook([
        HEADER,
        [village, id('19900101', '501'), '张\u202E三', 1, '张\u202E三', id('19900101', '501'), null, '初中', null, '是', null],
        [village, id('19900101', '502'), '李四', 1, '\u200B\u2060', id('19900101', '502'), null, '初中', null, '是', null],
        [village, id('19900101', '503'), '王五', 1, '王五', id('19900101', '503'), null, '初中', '电焊', '是', '1899-12-31'],
      ]),
    );
    expect(b.status).toBe('PREVIEWED');
    expect(b.counts).toMatchObject({ create: 0, refused: 3 });
    const by = (column: string) => b.refusals.find((r: any) => r.code === 'VALIDATION_FAILED' && r.column === column);
    expect(by('户主姓名')).toMatchObject({ rowNumbers: [2], message: '户主姓名不符合要求：含有改变文字方向的字符' });
    expect(by('姓名').rowNumbers).toEqual([2, 3]);
    const names = await hub.sql(`select row_number as n, e->>'message' as message from import_row, jsonb_array_elements(errors) e where batch_id = $1 and e->>'column' = '姓名' order by 1`, [b.id]);
    expect(names).toEqual([
      { n: 2, message: '姓名不符合要求：含有改变文字方向的字符' },
      { n: 3, message: '姓名不符合要求：含有零宽等不可见字符' },
    ]);
    expect(by('建档立卡日期')).toMatchObject({ rowNumbers: [4] });
    // A program dataset (the direct GraphQL path) and a CSV: the same rule.
    const csv = ['身份证号,姓名,就业类型,就业渠道,就业单位,就业地点,开始日期', `${id('19900101', '504')},赵六,转移就业,其他,某\u202E公司,深\u0007圳,2017-02-10`].join('\r\n');
    const e = await importFile(hub, hub.gql, 'EMPLOYMENTS', 'bidi.csv', Buffer.from(`\uFEFF${csv}\r\n`));
    expect(e.refusals.find((r: any) => r.column === '就业单位')).toMatchObject({ code: 'VALIDATION_FAILED', rowNumbers: [2], message: '就业单位不符合要求：含有改变文字方向的字符' });
    expect(e.refusals.find((r: any) => r.column === '就业地点')).toMatchObject({ code: 'VALIDATION_FAILED', rowNumbers: [2], message: '就业地点不符合要求：含有不可见的控制字符' });
    expect((await hub.sql(`select count(*)::int as n from laborer where id_number like '51132119900101%'`))[0].n).toBe(0);
  });
});
