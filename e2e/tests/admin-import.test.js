// Journey: a township clerk brings a sheet into the registry through the import centre. She opens it
// from the laborer list, downloads the template, fills four rows (one with a bad check character, one
// with 初中毕业 for the education), uploads it, reads the preview, maps 初中毕业 once, downloads the error
// workbook, fixes it, commits, finds the new laborers in the list and on the dashboard, and undoes the
// batch (a row changed since is kept). On a 1366x768 laptop, in Chinese.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ExcelJS = require('exceljs');
const { idCheckChar } = require('@fupin/schema');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const { AdminApp } = require('../lib/pom/admin');
const { signIn } = require('../lib/pom/signIn');
const { DashboardPage } = require('../lib/pom/dashboard');
const { ImportCentre } = require('../lib/pom/imports');
const { HUB_ENV, must, villagesOf, makeIdNumber } = require('../lib/pom/api');

const NANBU = '511321000000';
const PASSWORD = 'import-journey-password-2017';
const LAPTOP = { width: 1366, height: 768 };

let hub;
let browser;
let village;
let dir;
before(async () => {
  hub = await startHub({ seedScale: '0', env: HUB_ENV });
  browser = await launch();
  [village] = await villagesOf(hub, NANBU, 1);
  // The clerk works for one township: her file may only touch its villages.
  await must(hub, 'mutation($u: String!, $p: String!, $s: ID) { createUser(username: $u, displayName: "乡镇录入员", password: $p, role: OPERATOR, scopeRegionCode: $s) { id } }', {
    u: 'clerk1',
    p: PASSWORD,
    s: village.township.id,
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-import-e2e-'));
});
after(async () => {
  await browser?.close();
  await hub?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The clerk signed in through the sign-in form, on a laptop-sized window. */
async function asClerk(pathname) {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: LAPTOP });
  const app = new AdminApp(await context.newPage(), hub.url);
  app.context = context;
  // The first load of the SPA on a busy shared machine can take longer than a click.
  app.page.setDefaultTimeout(45_000);
  await signIn(app.page, hub, { username: 'clerk1', password: PASSWORD, path: pathname });
  app.page.setDefaultTimeout(20_000);
  return app;
}

/** Nothing wider than the window (a cut-off column or button shows as a horizontal scroll). */
async function assertFits(app, what) {
  const width = await app.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= LAPTOP.width, `${what}: the page is ${width}px wide on a ${LAPTOP.width}px screen`);
}

/** The header row of a sheet (the row that has 身份证号) and its column numbers by header. */
function headerOf(sheet) {
  for (let r = 1; r <= 10; r++) {
    const row = sheet.getRow(r);
    const cols = {};
    row.eachCell((cell, c) => {
      cols[String(cell.value ?? '').trim()] = c;
    });
    if (cols['身份证号']) return { row: r, cols };
  }
  throw new Error(`no header row in ${sheet.name}`);
}

const cellText = (v) => (v && typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : v && typeof v === 'object' && 'result' in v ? String(v.result) : String(v ?? ''));

test('a township clerk imports a sheet, fixes the refused row, commits and undoes', async (t) => {
  t.after(() => {
    if (process.exitCode || t.passed === false) console.log(hub.output().slice(-4000));
  });
  const app = await asClerk('/Laborer');
  const { page } = app;
  const centre = new ImportCentre(app);

  // From the list: 导入 opens the centre with the dataset chosen.
  await app.settle();
  await app.shot('import-list-toolbar');
  await page.getByTestId('list-import').click();
  await centre.root().waitFor();
  await page.getByTestId('import-columns').waitFor();
  assert.equal(await centre.datasetName(), '贫困户及劳动力');
  await assertFits(app, 'import centre');
  await centre.shot('import-centre-new');

  // The template: instructions, a data sheet with a frozen header and ID cells as text, the hidden sheet.
  const template = await centre.download('template-blank');
  assert.match(template.name, /\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template.bytes);
  const names = wb.worksheets.map((s) => s.name);
  assert.ok(names.includes('填写说明') && names.includes('数据'), `sheets: ${names}`);
  const sheet = wb.getWorksheet('数据');
  const { row: headerRow, cols } = headerOf(sheet);
  for (const h of ['所在村代码', '户主身份证号', '户主姓名', '家庭人口', '姓名', '身份证号', '文化程度', '建档立卡日期']) assert.ok(cols[h], `template header has ${h}: ${Object.keys(cols)}`);
  assert.equal(sheet.getColumn(cols['身份证号']).numFmt ?? sheet.getCell(headerRow + 1, cols['身份证号']).numFmt, '@', 'ID numbers are text cells');
  assert.ok(sheet.views?.[0]?.state === 'frozen', 'the header row is frozen');

  // Four laborers of one household; 王小军's check character is wrong, 王小花 wrote 初中毕业.
  const head = makeIdNumber({ county: '511321', birth: '19700312', male: true });
  const good = (birth, male) => makeIdNumber({ county: '511321', birth, male });
  const junFirst17 = good('19980101', true).slice(0, 17);
  const junRight = junFirst17 + idCheckChar(junFirst17);
  const junWrong = junFirst17 + (idCheckChar(junFirst17) === '1' ? '2' : '1');
  const people = [
    ['王大山', head, '初中'],
    ['王小花', good('19960505', false), '初中毕业'],
    ['王小军', junWrong, '高中'],
    ['王小红', good('20000808', false), '小学'],
  ];
  people.forEach(([name, id, education], i) => {
    const r = sheet.getRow(headerRow + 1 + i);
    r.getCell(cols['所在村代码']).value = village.id;
    r.getCell(cols['户主身份证号']).value = head;
    r.getCell(cols['户主姓名']).value = '王大山';
    r.getCell(cols['家庭人口']).value = 4;
    r.getCell(cols['姓名']).value = name;
    r.getCell(cols['身份证号']).value = id;
    r.getCell(cols['文化程度']).value = education;
    // The office's own registry: registered (建档立卡) in 2016, so they count on the dashboard's 2017-06-30.
    r.getCell(cols['建档立卡日期']).value = '2016-05-01';
    r.commit?.();
  });
  const filled = path.join(dir, '王家台账.xlsx');
  await wb.xlsx.writeFile(filled);

  // Upload: the preview of the whole file, nothing written yet.
  const batch1 = await centre.upload(filled);
  await centre.waitForStatus('PREVIEWED');
  // The batch lives on the hub: a reload finds it where it was.
  await page.reload();
  await centre.waitForStatus('PREVIEWED');
  await page.getByTestId('import-values').waitFor();
  await centre.shot('import-preview-unknown-value');
  await assertFits(app, 'preview with an unknown value');

  // 初中毕业 is mapped once (to 初中); the preview runs again.
  await centre.mapValue('文化程度', '初中毕业', '初中');
  await app.until(async () => (await centre.counts()).create, 3, 60_000);
  await centre.waitForStatus('PREVIEWED');
  assert.deepEqual(await centre.counts(), { create: 3, update: 0, unchanged: 0, refused: 1 });
  const refusals = await centre.refusals();
  assert.equal(refusals.length, 1, JSON.stringify(refusals));
  assert.equal(refusals[0].column, '身份证号');
  assert.equal(refusals[0].rows, String(headerRow + 3), 'the refused row is 王小军’s sheet row');
  // The message says the number is wrong and to check it against the card, never which check character fits.
  assert.match(refusals[0].message, /号码有误，请对照身份证/);
  assert.doesNotMatch(refusals[0].message, /应为/);
  // All or nothing is the registry's default: the commit waits for the fix.
  assert.equal(await page.getByTestId('commit').isDisabled(), true);
  await page.getByTestId('commit-blocked').waitFor();
  await centre.shot('import-preview');
  await assertFits(app, 'preview');

  // The error workbook: the refused row, its 错误说明, the bad cell marked.
  const errors = await centre.download('error-workbook');
  const ewb = new ExcelJS.Workbook();
  await ewb.xlsx.load(errors.bytes);
  const esheet = ewb.worksheets.find((s) => s.state !== 'hidden' && s.name !== '填写说明') ?? ewb.worksheets[0];
  const eh = headerOf(esheet);
  assert.ok(eh.cols['错误说明'], `error workbook has 错误说明: ${Object.keys(eh.cols)}`);
  const bad = [];
  for (let r = eh.row + 1; r <= esheet.rowCount; r++) {
    const id = cellText(esheet.getCell(r, eh.cols['身份证号']).value);
    if (id) bad.push({ r, id, name: cellText(esheet.getCell(r, eh.cols['姓名']).value), why: cellText(esheet.getCell(r, eh.cols['错误说明']).value) });
  }
  assert.deepEqual(bad.map((b) => [b.name, b.id]), [['王小军', junWrong]]);
  assert.match(bad[0].why, /号码有误，请对照身份证/);
  assert.doesNotMatch(bad[0].why, /应为/);
  const badCell = esheet.getCell(bad[0].r, eh.cols['身份证号']);
  assert.ok(badCell.fill?.fgColor || badCell.note, 'the bad cell is marked');

  // The valid rows go in now; the fixed row follows in its own batch.
  await centre.chooseAtomicity('VALID_ONLY');
  assert.equal(await page.getByTestId('commit').isDisabled(), false);
  await centre.commit();
  await centre.waitForStatus('COMMITTED');
  await page.getByTestId('batch-committed').waitFor();
  assert.match(await page.getByTestId('batch-committed').innerText(), /新增 3 行/);
  await centre.shot('import-committed');

  badCell.value = junRight;
  const fixed = path.join(dir, '王家台账-已改正.xlsx');
  await ewb.xlsx.writeFile(fixed);
  await centre.newImport();
  await page.getByTestId('import-columns').waitFor();
  assert.equal(await centre.datasetName(), '贫困户及劳动力');
  const batch2 = await centre.upload(fixed);
  assert.notEqual(batch2, batch1);
  await centre.waitForStatus('PREVIEWED');
  assert.deepEqual(await centre.counts(), { create: 1, update: 0, unchanged: 0, refused: 0 });
  await centre.commit();
  await centre.waitForStatus('COMMITTED');

  // The batches: who, when, file, counts.
  const row1 = page.getByTestId(`batch-row-${batch1}`);
  await row1.waitFor();
  assert.match(await row1.innerText(), /王家台账\.xlsx[\s\S]*clerk1[\s\S]*已导入[\s\S]*3 \/ 0 \/ 0 \/ 1/);
  await centre.shot('import-batches');

  // The four are in the clerk's list and on her township's dashboard.
  await app.goto('/Laborer');
  const nameCell = (name) => page.locator('td.column-name').filter({ hasText: new RegExp(`^${name}$`) });
  await nameCell('王小军').waitFor();
  for (const [name] of people) await nameCell(name).waitFor();
  assert.equal(await app.until(() => app.listTotal(), 4), 4);
  await app.shot('import-laborers-list');
  await app.goto('/');
  const dashboard = new DashboardPage(app);
  await dashboard.waitFor(village.township.id);
  assert.equal(await app.until(async () => (await dashboard.card('laborers')).replace(/\D/g, ''), '4'), '4');
  await dashboard.shot('import-dashboard');

  // Somebody corrects 王小红 after the import: undoing the first batch keeps her and says so.
  const { allLaborers } = await must(hub, 'query($q: String) { allLaborers(filter: { q: $q }) { id idNumber } }', { q: '王小红' });
  await must(hub, 'mutation($id: ID!) { updateLaborer(id: $id, phone: "13800000009") { id } }', { id: allLaborers[0].id });
  await app.goto(`/imports?batch=${batch1}`);
  await centre.waitForStatus('COMMITTED');
  await page.getByTestId('undo').click();
  await page.getByTestId('undo-confirm').waitFor();
  const undoCount = async (k) => Number((await page.getByTestId(`undo-${k}-value`).innerText()).replace(/,/g, ''));
  await centre.shot('import-undo-preview');
  // Kept: 王小红 (changed since) and the household (王小军 of the second batch lives in it).
  assert.equal(await undoCount('kept'), 2);
  assert.equal(await undoCount('remove'), 2, '王大山 and 王小花 are removed');
  const kept = await page.getByTestId('undo-kept-list').innerText();
  assert.match(kept, /导入后已被修改/);
  assert.match(kept, /已被其他记录引用/);
  await assertFits(app, 'undo preview');
  await page.getByTestId('undo-confirm').click();
  await centre.waitForStatus('UNDONE');
  await page.getByTestId('batch-undone').waitFor();
  await centre.shot('import-undone');

  // Left: 王小军 (the second batch) and 王小红 (changed since); 王大山 and 王小花 are gone.
  await app.goto('/Laborer');
  await nameCell('王小红').waitFor();
  assert.equal(await app.until(() => app.listTotal(), 2), 2);
  assert.equal(await nameCell('王小花').count(), 0);
  assert.equal(await nameCell('王大山').count(), 0);
  assert.deepEqual(app.errors, []);
  await app.close();
});
