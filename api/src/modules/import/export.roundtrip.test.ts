import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each case waits for real jobs (export, upload, preview) on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000 });
import { startTestHub, type TestHub } from '../../../test/hub';
import { commit, download, exportFile, importFile, readSheet, settle, workbook } from '../../../test/import';
import { Programmes } from '../../../test/programmes';

/**
 * Every importable dataset exports in its template layout and imports back: the export of real records
 * previews as all unchanged; one edited cell is one update (old → new); an emptied cell erases nothing.
 * The pre-filled template (a template with a filter) does the same. Files from another dataset's
 * template are refused by the hidden `_hub` sheet, an older template version is a warning.
 */

let hub: TestHub;
let pg: Programmes;
const COUNTY = '511321000000';
/** ID numbers of the two laborers every dataset has a record of: A's row gets the edit, B's the empty cell. */
let idA: string;
let idB: string;
/** A's enrollment (what a training subsidy pays for). */
let enrollmentA: string;

interface Case {
  dataset: string;
  resource: string;
  /** The edited cell (A's row): its column, the value written, and the change the preview must show. */
  edit: { column: string; value: ExcelJS.CellValue; field: string; old: string | null; new: string };
  /** The emptied cell (B's row), which must not erase the stored value. */
  empty: string;
  /** Key column other than the ID number (targets have no person). */
  rowOf?: (row: unknown[], col: (label: string) => number) => 'A' | 'B' | null;
  dateColumn?: string;
  /** The edit is refused instead (a payment application is never changed, only approved, paid or rejected). */
  refusedAs?: { code: string; message: string };
}

const d = (s: string) => new Date(`${s}T00:00:00Z`);

const CASES: Case[] = [
  { dataset: 'ENROLLMENTS', resource: 'Enrollment', edit: { column: '报名日期', value: d('2017-03-05'), field: 'enrolledOn', old: '2017-03-01', new: '2017-03-05' }, empty: '证书编号', dateColumn: '结业日期' },
  { dataset: 'EMPLOYMENTS', resource: 'Employment', edit: { column: '就业单位', value: '宁波新厂', field: 'employer', old: '宁波某厂', new: '宁波新厂' }, empty: '结束日期', dateColumn: '开始日期' },
  { dataset: 'WELFARE_PLACEMENTS', resource: 'WelfarePlacement', edit: { column: '离岗日期', value: d('2017-05-31'), field: 'endDate', old: null, new: '2017-05-31' }, empty: '离岗日期', dateColumn: '上岗日期' },
  { dataset: 'GUARANTEED_LOANS', resource: 'GuaranteedLoan', edit: { column: '贷款金额', value: 60000, field: 'amount', old: '50000.00', new: '60000.00' }, empty: '贷款银行', dateColumn: '申请日期' },
  { dataset: 'DREAM_SCHOOLINGS', resource: 'DreamSchooling', edit: { column: '专业', value: '汽车维修', field: 'major', old: '数控技术', new: '汽车维修' }, empty: '每学期生活补助' },
  { dataset: 'ENTERPRISES', resource: 'Enterprise', edit: { column: '从业人数', value: 5, field: 'employees', old: '1', new: '5' }, empty: '从业人数', dateColumn: '创办日期' },
  {
    dataset: 'SUBSIDY_PAYMENTS',
    resource: 'SubsidyPayment',
    edit: { column: '申请金额', value: 700, field: 'amount', old: '600.00', new: '700.00' },
    empty: '申请金额',
    dateColumn: '申请日期',
    refusedAs: { code: 'CONFLICT', message: '金额冲突：已申请的补贴不能由导入修改，如需更正请驳回后重新申请' },
  },
  {
    dataset: 'TARGETS',
    resource: 'Target',
    edit: { column: '目标值', value: 5500, field: 'value', old: '5000.00', new: '5500.00' },
    empty: '备注',
    rowOf: (row, col) => ({ 技能培训: 'A', 转移就业: 'B' })[String(row[col('指标') - 1])] as 'A' | 'B' | null,
  },
];

beforeAll(async () => {
  hub = await startTestHub();
  pg = new Programmes(hub);
  const v = await pg.village(COUNTY, 0);
  const a = await pg.laborer(v, '张三', '19990101');
  const b = await pg.laborer(v, '李四', '19980505');
  [idA, idB] = (await hub.sql(`select id_number from laborer order by id`)).map((r: { id_number: string }) => r.id_number);
  // Enrollments: A plain, B completed with a certificate (the emptied cell).
  const cls = await pg.trainingClass(COUNTY, '电焊班', '2017-03-01', '2017-03-15');
  const eA = await pg.enroll(cls, a, '2017-03-01');
  enrollmentA = eA;
  const eB = await pg.ok<{ id: string }>(
    `mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-03-02", completed: true, completedOn: "2017-03-15", certificateNo: "ZS2017001", employedAfterTraining: true) { id } }`,
    { c: cls, l: b },
  );
  await pg.employment(a, '宁波某厂', '2017-02-01');
  await pg.employment(b, '深圳某厂', '2017-01-10', '2017-05-31');
  await pg.placement(await pg.post(v, '保洁员'), a, '2017-01-01');
  await pg.placement(await pg.post(v, '护林员'), b, '2017-02-01', '2017-06-30');
  await pg.loan(a, { amount: 50000, termMonths: 36, annualRate: 0.0435, appliedOn: '2017-03-01' });
  await pg.loan(b, { amount: 30000, termMonths: 24, annualRate: 0.0475, appliedOn: '2017-04-01' });
  await pg.schooling(a, 2016);
  await pg.schooling(b, 2015, '南充职业技术学院', '护理');
  await pg.enterprise(a, '张三养殖场', '2017-04-01');
  await pg.ok(`mutation($l: ID!) { createEnterprise(laborerId: $l, name: "李四农家乐", sector: CATERING, startedOn: "2017-05-01", employees: 3) { id } }`, { l: b });
  const policy = await pg.policy({ name: '培训补贴', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 1000, subsidyKind: 'TRAINING' });
  await pg.budget(policy, COUNTY, 2017, 100000);
  await pg.payment(policy, a, eA, '2017', 600);
  await pg.payment(policy, b, eB.id, '2017', 800);
  await pg.ok(`mutation { createTarget(regionId: "${COUNTY}", year: 2017, indicator: TRAINED, value: 5000, note: "市级下达") { id } }`, {});
  await pg.ok(`mutation { createTarget(regionId: "${COUNTY}", year: 2017, indicator: TRANSFER_EMPLOYED, value: 3000, note: "县级分解") { id } }`, {});
});
afterAll(() => hub?.close());

/** The template's columns of a dataset, as the API lists them. */
async function columnsOf(dataset: string): Promise<{ label: string; type: string }[]> {
  const r = await hub.gql(`{ importDatasets { dataset columns { label type } } }`);
  expect(r.errors).toBeUndefined();
  return r.data.importDatasets.find((x: { dataset: string }) => x.dataset === dataset).columns;
}

/** Edits the 数据 sheet of a workbook with exceljs, as a clerk's spreadsheet program would. */
async function edit(buf: Buffer, fn: (ws: ExcelJS.Worksheet, col: (label: string) => number) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.getWorksheet('数据')!;
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  fn(ws, (label) => {
    const i = headers.indexOf(label);
    if (i < 0) throw new Error(`no column ${label} in ${headers.join(',')}`);
    return i + 1;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Row number (1-based, in the sheet) of A's and B's records. */
function rowsOfAB(ws: ExcelJS.Worksheet, c: Case, col: (label: string) => number): { A: number; B: number } {
  const out: Record<string, number> = {};
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    const who = c.rowOf ? c.rowOf(values, col) : values[col('身份证号') - 1] === idA ? 'A' : values[col('身份证号') - 1] === idB ? 'B' : null;
    if (who) out[who] = n;
  });
  expect(Object.keys(out).sort(), `${c.dataset}: rows of A and B`).toEqual(['A', 'B']);
  return out as { A: number; B: number };
}

async function updates(batchId: string) {
  const r = await hub.gql(`query($id: ID!) { importBatch(id: $id) { rows(kind: UPDATE) { rowNumber changes { field old new } } } }`, { id: batchId });
  expect(r.errors).toBeUndefined();
  return r.data.importBatch.rows;
}

/** The round trip of one exported (or pre-filled) file: unchanged as it is, one update for one edited cell, nothing for an emptied one. */
async function roundTrip(c: Case, buffer: Buffer, name: string) {
  // The template layout: the dataset's Chinese headers in order, ID numbers as text, dates as dates.
  const sheet = await readSheet(buffer, '数据');
  expect(sheet[0], c.dataset).toEqual((await columnsOf(c.dataset)).map((x) => x.label));
  expect(sheet).toHaveLength(3);
  const header = sheet[0] as string[];
  if (header.includes('身份证号')) expect(sheet.slice(1).map((r) => r[header.indexOf('身份证号')]).sort()).toEqual([idA, idB].sort());
  const ws = await (async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as never);
    return wb.getWorksheet('数据')!;
  })();
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  if (header.includes('身份证号')) expect(ws.getColumn(header.indexOf('身份证号') + 1)).toMatchObject({ width: 22, numFmt: '@' });
  if (c.dateColumn) expect(sheet.slice(1).some((r) => r[header.indexOf(c.dateColumn!)] instanceof Date), `${c.dataset}: ${c.dateColumn} is a date cell`).toBe(true);

  const same = await importFile(hub, hub.gql, c.dataset, name, buffer);
  expect(same.error, c.dataset).toBeNull();
  expect(same.counts, c.dataset).toMatchObject({ create: 0, update: 0, unchanged: 2, refused: 0 });

  const changed = await edit(buffer, (ws, col) => {
    const { A, B } = rowsOfAB(ws, c, col);
    ws.getCell(A, col(c.edit.column)).value = c.edit.value;
    ws.getCell(B, col(c.empty)).value = null;
  });
  const b = await importFile(hub, hub.gql, c.dataset, `changed-${name}`, changed);
  expect(b.error, c.dataset).toBeNull();
  if (c.refusedAs) {
    expect(b.counts, c.dataset).toMatchObject({ create: 0, update: 0, unchanged: 1, refused: 1 });
    expect(b.refusals).toEqual([{ ...c.refusedAs, field: c.edit.field, column: c.edit.column, count: 1, rowNumbers: [expect.any(Number)] }]);
    return;
  }
  expect(b.counts, c.dataset).toMatchObject({ create: 0, update: 1, unchanged: 1, refused: 0 });
  const [u] = await updates(b.id);
  expect(u.changes, c.dataset).toEqual([{ field: c.edit.field, old: c.edit.old, new: c.edit.new }]);
}

describe('every dataset exports in its template layout and imports back', () => {
  for (const c of CASES) {
    it(`${c.dataset}: export → import is unchanged; ${c.refusedAs ? 'an edited amount is refused (an application is never changed)' : 'one edited cell is one update'}; an empty cell erases nothing`, async () => {
      const { job, buffer } = await exportFile(hub, hub.gql, c.resource, {});
      expect(job.rowsDone).toBe(2);
      await roundTrip(c, buffer, `${c.dataset}.xlsx`);
    });
  }

  for (const c of CASES) {
    it(`${c.dataset}: the pre-filled template (a filter) round-trips too, with its 填写说明`, async () => {
      // The filter goes through the list query as the user; `{}` pre-fills every record the user may see.
      const full = await download(hub, hub.gql, `/api/import/templates/${c.dataset}.xlsx?filter=${encodeURIComponent('{}')}`);
      expect(full.status).toBe(200);
      expect((await readSheet(full.buffer, '填写说明'))[0]).toEqual(['列名', '是否必填', '填写规则', '示例']);
      await roundTrip(c, full.buffer, `template-${c.dataset}.xlsx`);
    });
  }

  it('nothing was written by any preview; every export and pre-filled template was audited', async () => {
    expect((await hub.sql(`select amount::text from guaranteed_loan order by id`)).map((r: { amount: string }) => r.amount)).toEqual(['50000.00', '30000.00']);
    const audit = await hub.sql(`select entity, count(*)::int as n from audit_log where action = 'EXPORT' group by 1 order by 1`);
    expect(audit).toEqual(CASES.map((c) => ({ entity: c.resource, n: 2 })).sort((x, y) => x.entity.localeCompare(y.entity)));
  });
});

describe('subsidy applications in bulk', () => {
  it('a file creates applications; its undo rejects them (no payment is ever deleted)', async () => {
    const policy = await pg.policy({ name: '培训生活补贴', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 500, subsidyKind: 'LIVING' });
    await pg.budget(policy, COUNTY, 2017, 10000);
    const f = await importFile(hub, hub.gql, 'SUBSIDY_PAYMENTS', '补贴申请.xlsx', await workbook([
      ['政策编号', '身份证号', '项目记录编号', '所属期', '申请金额', '申请日期'],
      [policy, idA, enrollmentA, '2017', '300元', '2017-04-01'],
    ]));
    expect(f.counts).toMatchObject({ create: 1, refused: 0 });
    expect((await commit(hub.gql, f.id)).counts).toMatchObject({ created: 1 });
    const [made] = await hub.sql(`select id, status, amount::text from subsidy_payment where policy_id = $1`, [policy]);
    expect(made).toMatchObject({ status: 'APPLIED', amount: '300.00' });
    const u = await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: f.id });
    expect(u.errors).toBeUndefined();
    const done = await settle(hub.gql, f.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('UNDONE');
    expect(await hub.sql(`select status, reject_reason from subsidy_payment where id = $1`, [made.id])).toEqual([{ status: 'REJECTED', reject_reason: '撤销导入批次' }]);
  });
});

describe('the hidden _hub sheet is read on upload', () => {
  it("a file from another dataset's template is refused, naming the sheet and both datasets", async () => {
    const { buffer } = await exportFile(hub, hub.gql, 'Enrollment', {});
    const b = await importFile(hub, hub.gql, 'EMPLOYMENTS', '培训报名.xlsx', buffer);
    expect(b.status).toBe('FAILED');
    expect(b.error.code).toBe('IMPORT_TEMPLATE_MISMATCH');
    expect(b.error.message).toBe('工作表“数据”来自“培训报名”导入模板，不是所选的“就业记录”：请改选“培训报名”导入，或下载“就业记录”模板填写');
    expect(b.counts).toMatchObject({ create: 0, update: 0, unchanged: 0, refused: 0 });
    // Saved again by a spreadsheet program (exceljs writes shared strings, as Excel does): still recognised.
    const resaved = await edit(buffer, () => {});
    const again = await importFile(hub, hub.gql, 'EMPLOYMENTS', '培训报名-另存.xlsx', resaved);
    expect(again.error?.code).toBe('IMPORT_TEMPLATE_MISMATCH');
    // The blank registry template chosen as enrollments: the same.
    const blank = await download(hub, hub.gql, '/api/import/templates/LABORERS.xlsx');
    const c = await importFile(hub, hub.gql, 'ENROLLMENTS', '名册模板.xlsx', blank.buffer);
    expect(c.error).toMatchObject({ code: 'IMPORT_TEMPLATE_MISMATCH' });
    expect(c.error.message).toContain('“贫困户及劳动力”');
  });

  it('an older template version is read with a warning; a sheet without _hub (a clerk\'s own) has none', async () => {
    const { buffer } = await exportFile(hub, hub.gql, 'Enrollment', {});
    const old = await edit(buffer, (ws) => {
      const mark = ws.workbook.getWorksheet('_hub')!;
      expect(mark.state).toBe('veryHidden');
      expect(mark.getCell('A2').value).toBe('version');
      mark.getCell('B2').value = 0;
    });
    const b = await hub.gql(`query($id: ID!) { importBatch(id: $id) { status counts { unchanged } warnings { code message } } }`, { id: (await importFile(hub, hub.gql, 'ENROLLMENTS', 'old.xlsx', old)).id });
    expect(b.data.importBatch).toMatchObject({ status: 'PREVIEWED', counts: { unchanged: 2 } });
    expect(b.data.importBatch.warnings).toEqual([{ code: 'IMPORT_TEMPLATE_VERSION', message: expect.stringContaining('第0版“培训报名”模板') }]);
    const own = await importFile(hub, hub.gql, 'ENROLLMENTS', 'own.xlsx', await workbook([['培训班编号', '身份证号', '报名日期'], ['1', idA, '2017-03-01']]));
    const w = await hub.gql(`query($id: ID!) { importBatch(id: $id) { error { code } warnings { code } } }`, { id: own.id });
    expect(w.data.importBatch).toEqual({ error: null, warnings: [] });
  });
});
