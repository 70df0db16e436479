// Journey: a clerk filters the laborer list (a county from the tree, a demand flag) and exports it to
// CSV: the file has Chinese headers and exactly the filtered rows. A list longer than the API's page
// (3,256 regions, 500 a page) exports whole.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const { AdminApp, RegionPicker } = require('../lib/pom/admin');
const { HUB_ENV, makeIdNumber, villagesOf, createHousehold, createLaborer, laborerCount } = require('../lib/pom/api');

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

test('export the laborers of a county who want training', async () => {
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
