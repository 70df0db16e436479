// Journey: a clerk opens the admin (Chinese by default), switches to English and back.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const { AdminApp } = require('../lib/pom/admin');
const { HUB_ENV, makeIdNumber, villagesOf, createHousehold, createLaborer } = require('../lib/pom/api');

let hub;
let browser;
before(async () => {
  hub = await startHub({ seedScale: '0', env: HUB_ENV });
  browser = await launch();
  // One registered laborer, so the lists show their toolbars rather than the empty-list invitation.
  const [village] = await villagesOf(hub, '511321000000', 1);
  const household = await createHousehold(hub, village.id, '陈光明');
  await createLaborer(hub, household.id, '陈光明', makeIdNumber());
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

test('the admin opens in Chinese, switches to English and back', async () => {
  const app = await AdminApp.open(browser, hub);
  // Chinese: the menu, the dashboard's city and counties.
  await app.menuItem('行政区划').waitFor();
  await app.menuItem('贫困劳动力').waitFor();
  await app.menuItem('GraphQL 查询').waitFor();
  await app.page.getByTestId('county-511321000000').getByText('南部县').waitFor();
  assert.equal(await app.page.getByTestId('dashboard').locator('[data-testid^="county-5113"]').count(), 9);
  assert.match(await app.languageButton().innerText(), /简体中文/);
  await app.shot('language-zh');

  await app.switchLanguage('English');
  await app.menuItem('Regions').waitFor();
  await app.menuItem('Laborers').waitFor();
  await app.page.getByText('The nine counties').waitFor();
  // The list and react-admin's own texts follow.
  await app.menuItem('Laborers').click();
  await app.page.getByRole('button', { name: 'Add filter' }).waitFor();
  await app.page.getByRole('button', { name: 'Export CSV' }).waitFor();
  await app.shot('language-en');

  await app.switchLanguage('简体中文');
  await app.menuItem('贫困劳动力').waitFor();
  await app.page.getByRole('button', { name: '添加筛选' }).waitFor();
  await app.page.getByRole('button', { name: '导出 CSV' }).waitFor();
  // The choice is remembered across a reload.
  await app.switchLanguage('English');
  await app.page.reload();
  await app.menuItem('Laborers').waitFor();
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('the server answers in the language of the screen', async () => {
  const app = await AdminApp.open(browser, hub, '/Laborer');
  const langs = [];
  app.page.on('request', (r) => {
    if (r.url().endsWith('/graphql') && r.method() === 'POST') langs.push(r.headers()['accept-language']);
  });
  await app.page.getByRole('button', { name: '导出 CSV' }).waitFor();
  await app.page.reload();
  await app.page.getByRole('button', { name: '导出 CSV' }).waitFor();
  await app.settle();
  assert.ok(langs.includes('zh-CN'), `requests carried ${langs.join(', ')}`);
  langs.length = 0;
  await app.switchLanguage('English');
  await app.page.getByRole('button', { name: 'Refresh' }).click().catch(async () => app.page.reload());
  await app.settle();
  assert.ok(langs.length > 0 && langs.every((l) => l === 'en'), `requests carried ${langs.join(', ')}`);
  await app.close();
});
