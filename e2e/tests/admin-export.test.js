// Journey: a clerk filters the laborer list (a county from the tree, a demand flag) and exports it to
// CSV: the file has Chinese headers and exactly the filtered rows. A list longer than the API's page
// (3,256 regions, 500 a page) exports whole.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const ExcelJS = require('exceljs');
const { AdminApp, RegionPicker } = require('../lib/pom/admin');
const { exportXlsx } = require('../lib/pom/imports');
const { HUB_ENV, makeIdNumber, villagesOf, createHousehold, createLaborer, laborerCount, createPolicyWithBudget, must } = require('../lib/pom/api');

let hub;
let browser;
before(async () => {
  hub = await startHub({ seedScale: '0', env: HUB_ENV });
  browser = await launch();
  // Laborers in two counties, some wanting training.
  const [nanbu] = await villagesOf(hub, '511321000000', 1);
  const [langzhong] = await villagesOf(hub, '511381000000', 1);
  const h1 = await createHousehold(hub, nanbu.id, '刘德明');
  const h2 = await createHousehold(hub, langzhong.id, '张永福');
  const people = [
    [h1, '刘一', true],
    [h1, '刘二', true],
    [h1, '刘三', false],
    [h2, '张一', true],
    [h2, '张二', false],
  ];
  for (const [h, name, wantsTraining] of people) await createLaborer(hub, h.id, name, makeIdNumber({ county: '511321' }), { wantsTraining });
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

/** Parses our CSV (BOM, quoted cells only where needed). */
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 BOM for Excel');
  return text
    .slice(1)
    .trim()
    .split(/\r\n/)
    .map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).slice(0, -1).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
}

async function exportCsv(app) {
  const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-csv').click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), rows: parseCsv(fs.readFileSync(file, 'utf8')) };
}

/** The laborer list filtered to 南部县 and 培训需求 = 是 (two of the five). */
async function filteredLaborers() {
  const app = await AdminApp.open(browser, hub, '/Laborer');
  const { page } = app;
  await page.getByRole('cell', { name: '张二' }).waitFor();
  await new RegionPicker(page).choose('南部县');
  // Filters apply after a short debounce: let this one land before adding the next.
  await page.waitForURL(/filter=[^&]*regionCode%22%3A%22511321000000/);
  await app.settle();
  await page.getByRole('button', { name: '添加筛选' }).click();
  const filterMenu = page.locator('.MuiPopover-root [role="menu"]').filter({ hasText: '培训需求' });
  await filterMenu.getByText('培训需求', { exact: true }).click();
  await filterMenu.waitFor({ state: 'hidden' });
  await app.choose('培训需求', '是');
  await page.waitForURL(/filter=[^&]*wantsTraining%22%3Atrue/);
  await app.settle();
  await page.getByRole('cell', { name: '刘三' }).waitFor({ state: 'detached' });
  const expected = await laborerCount(hub, { regionCode: '511321000000', wantsTraining: true });
  assert.equal(expected, 2);
  assert.equal(await app.until(() => app.listTotal(), expected), expected);
  return { app, expected };
}

test('export the laborers of a county who want training', async () => {
  const { app, expected } = await filteredLaborers();
  await app.shot('export-filtered-list');

  const { name, rows } = await exportCsv(app);
  assert.match(name, /^贫困劳动力-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...data] = rows;
  for (const h of ['姓名', '身份证号', '性别', '出生日期', '县(区、市)', '所在村', '培训需求']) assert.ok(header.includes(h), `header has ${h}: ${header}`);
  assert.equal(data.length, expected);
  const col = (h) => header.indexOf(h);
  assert.deepEqual(data.map((r) => r[col('姓名')]).sort(), ['刘一', '刘二']);
  assert.ok(data.every((r) => r[col('县(区、市)')] === '南部县' && r[col('培训需求')] === '是' && /^\d{4}-\d{2}-\d{2}$/.test(r[col('出生日期')])));
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('a list longer than one API page exports whole', async () => {
  const app = await AdminApp.open(browser, hub, '/Region');
  await app.page.getByRole('cell', { name: '南充市', exact: true }).waitFor();
  const total = await app.listTotal();
  assert.ok(total > 3000, `${total} regions`);
  const { rows } = await exportCsv(app);
  const [header, ...data] = rows;
  assert.deepEqual(header.slice(0, 3), ['区划代码', '名称', '级别']);
  assert.equal(data.length, total);
  assert.equal(new Set(data.map((r) => r[0])).size, total, 'no row twice');
  assert.deepEqual(data[0].slice(0, 3), ['511300000000', '南充市', '市']);
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('the filtered list as .xlsx: Chinese headers, ID numbers as text cells, exactly the filtered rows', async () => {
  const { app, expected } = await filteredLaborers();
  const { page } = app;
  const button = page.getByTestId('export-xlsx');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    (async () => {
      await button.click();
      // A job: the button cannot be pressed twice while it runs, and its progress shows.
      await page.getByTestId('export-progress').waitFor();
      assert.equal(await button.isDisabled(), true);
      await app.shot('export-xlsx-progress');
    })(),
  ]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const sheet = wb.worksheets.find((s) => s.state !== 'hidden' && s.name !== '填写说明');
  let headerRow = 0;
  let cols = {};
  for (let r = 1; r <= 10 && !headerRow; r++) {
    const found = {};
    sheet.getRow(r).eachCell((c, i) => {
      found[String(c.value ?? '').trim()] = i;
    });
    if (found['身份证号']) [headerRow, cols] = [r, found];
  }
  assert.ok(headerRow, 'a header row with 身份证号');
  for (const h of ['姓名', '身份证号', '所在村代码', '户主身份证号', '文化程度', '培训需求']) assert.ok(cols[h], `header has ${h}: ${Object.keys(cols)}`);
  assert.equal(new Set(Object.keys(cols)).size, Object.keys(cols).length, 'no two columns share a header');
  const rows = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) if (sheet.getCell(r, cols['身份证号']).value) rows.push(r);
  assert.equal(rows.length, expected, 'exactly the filtered rows');
  for (const r of rows) {
    const cell = sheet.getCell(r, cols['身份证号']);
    assert.equal(typeof cell.value, 'string', 'the ID number is text, not a number Excel would round');
    assert.match(cell.value, /^\d{17}[\dX]$/);
    assert.equal(cell.numFmt, '@', 'the ID cell is formatted as text');
  }
  assert.deepEqual(rows.map((r) => sheet.getCell(r, cols['姓名']).value).sort(), ['刘一', '刘二']);
  assert.equal(await button.isDisabled(), false, 'the button is back once the file is downloaded');
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('CSV: distinct headers, and formulas are defused', async () => {
  const app = await AdminApp.open(browser, hub, '/Laborer');
  await app.page.getByRole('cell', { name: '张二' }).waitFor();
  const { rows: [header] } = await exportCsv(app);
  assert.equal(new Set(header).size, header.length, `no two columns share a header: ${header}`);
  assert.ok(header.includes('所在村') && header.includes('所在村代码') && header.includes('所属贫困户') && header.includes('所属贫困户编号'), header.join(','));
  await app.close();

  // Free text (a policy's description) may start like a formula: the CSV writes it as text.
  await must(
    hub,
    'mutation($d: String) { createPolicy(name: "公式测试补贴", programKind: TRAINING, subsidyKind: TRAINING, amountRule: PER_PERSON, amount: 100, validFrom: "2016-01-01", validTo: "2018-12-31", description: $d) { id } }',
    { d: '=HYPERLINK("http://example.invalid","点此")' },
  );
  const policies = await AdminApp.open(browser, hub, '/Policy');
  await policies.page.getByRole('cell', { name: '公式测试补贴' }).waitFor();
  const { rows } = await exportCsv(policies);
  const row = rows.find((r) => r.includes('公式测试补贴'));
  assert.ok(row.some((c) => c.startsWith(`'=HYPERLINK(`)), `the description is defused: ${row}`);
  assert.ok(!row.some((c) => c.startsWith('=')), 'no cell starts a formula');
  assert.deepEqual(policies.errors, []);
  await policies.close();
});

test('a leader takes the dashboard’s table of counties as .xlsx', async () => {
  const app = await AdminApp.open(browser, hub, '/');
  const { page } = app;
  await page.locator('[data-testid="dashboard"][data-region="511300000000"]').waitFor();
  await page.getByTestId('children-table').waitFor();
  await app.shot('export-dashboard');
  const { name, path: file } = await exportXlsx(app);
  assert.match(name, /\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets.find((s) => s.state !== 'hidden');
  const texts = [];
  sheet.eachRow((row) => texts.push(row.values.slice(1).map((v) => String(v ?? ''))));
  const header = texts.findIndex((r) => r.includes('地区'));
  assert.ok(header >= 0, `a header row with 地区: ${JSON.stringify(texts.slice(0, 3))}`);
  const counties = texts.slice(header + 1).filter((r) => /^5113\d{2}000000$/.test(r[0]));
  assert.equal(counties.length, 9, 'the nine counties');
  assert.ok(counties.some((r) => r.includes('南部县')));
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('the tracking page’s tables as .xlsx', async () => {
  const { policy } = await createPolicyWithBudget(hub, { name: '导出测试培训补贴' });
  const app = await AdminApp.open(browser, hub, `/tracking?policyId=${policy.id}&year=2017`);
  const { page } = app;
  await page.getByTestId('tracking-totals').waitFor();
  await app.shot('export-tracking');
  const { name, path: file } = await exportXlsx(app);
  assert.match(name, /\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const text = [];
  for (const sheet of wb.worksheets) sheet.eachRow((row) => text.push(row.values.slice(1).map((v) => String(v ?? '')).join('|')));
  assert.ok(text.some((t) => t.includes('南部县')), `the counties are in the file: ${text.slice(0, 4).join(' / ')}`);
  assert.deepEqual(app.errors, []);
  await app.close();
});
