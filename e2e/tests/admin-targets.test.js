// Journeys: the city administrator sets a 2017 training target for a township of 阆中市 (目标任务), finds
// it in the target list, changes it, and sees it on the progress page (league table of 阆中市's townships,
// and the city's supervision list) with the status the API computes, in words and colour; the monthly
// profiles list opens. A dashboard viewer sees the progress page but no way to create or change a target.
// Screenshots at 1366x768 in Chinese.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const { AdminApp, RegionPicker } = require('../lib/pom/admin');
const { HUB_ENV, must } = require('../lib/pom/api');

const LANGZHONG = '511381000000';
const VIEWPORT = { width: 1366, height: 768 };
const VIEWER = { u: 'target-viewer', p: 'target-viewer-password-2017' };
const STATUS_ZH = { ON_TRACK: '进度正常', BEHIND: '进度滞后', FAR_BEHIND: '严重滞后' };
const STATUS_COLOUR = { ON_TRACK: 'MuiChip-colorSuccess', BEHIND: 'MuiChip-colorWarning', FAR_BEHIND: 'MuiChip-colorError' };

let hub;
let browser;
let township;
before(async () => {
  hub = await startHub({ seedScale: '0.01', env: HUB_ENV });
  browser = await launch();
  await must(hub, 'mutation($u: String!, $p: String!) { createUser(username: $u, displayName: "看板用户", password: $p, role: VIEWER) { id } }', VIEWER);
  const children = (await must(hub, `{ Region(id: "${LANGZHONG}") { children { code name } } }`)).Region.children;
  township = children[0];
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

/** Nothing wider than the window (a table cut off at the right edge). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('the city administrator creates a township target, finds it in the list and on the progress page with its status', async () => {
  const app = await AdminApp.open(browser, hub, '/Target');
  const { page } = app;
  await page.setViewportSize(VIEWPORT);
  // The demo's 2017 targets of the nine counties (and 南部县's townships) are listed.
  await app.rows().first().waitFor();
  await app.settle();
  assert.ok((await app.listTotal()) >= 9 * 5);
  assert.ok(await page.getByText('补贴资金支出').first().isVisible());
  const values = (await page.locator('td.column-value').allInnerTexts()).map((v) => v.trim());
  assert.ok(values.some((v) => /^[\d,]+\.\d\d元$/.test(v)), `money targets carry their unit: ${values}`);
  assert.ok(values.every((v) => /^([\d,]+\.\d\d元|[\d,]+[人个])$/.test(v)), `every value has its unit: ${values}`);
  assert.ok((await overflow(page)) <= 0, 'the list fits 1366px');
  await app.shot('targets-list');

  await page.getByRole('link', { name: '新建' }).click();
  await page.waitForURL(/#\/Target\/create/);
  await new RegionPicker(page).choose('阆中市', township.name);
  await app.choose('指标', '技能培训');
  await page.getByLabel('目标值（人）').waitFor();
  await app.input('value').fill('50000');
  await app.input('note').fill('市级下达（督办测试）');
  await app.shot('targets-create');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/Target(\?|$)/).catch(async (e) => {
    await app.shot('targets-create-failed');
    throw new Error(`${e.message}: ${await app.notification().allInnerTexts()}`);
  });

  const api = (await must(hub, `{ allTargets(filter: { regionCode: "${township.code}", year: 2017 }) { id value indicator } }`)).allTargets;
  assert.deepEqual(api.map((t) => [t.indicator, t.value]), [['TRAINED', 50000]]);

  // The list filtered to the township shows it, with its unit; a click opens it for a change.
  await app.goto(`/Target?filter=${encodeURIComponent(JSON.stringify({ regionCode: township.code, year: 2017 }))}`);
  await page.getByText('50,000人').waitFor();
  assert.equal(await app.rows().count(), 1);
  await app.rows().first().click();
  await page.waitForURL(new RegExp(`#/Target/${api[0].id}`));
  await app.input('value').fill('60000');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/Target(\?|$)/);
  await page.getByText('60,000人').waitFor();

  // The progress page, from the menu: 阆中市's townships ranked, the township's training target with its status.
  const [progress] = (await must(hub, `{ targetProgress(regionCode: "${township.code}") { indicator status share } }`)).targetProgress.filter((p) => p.indicator === 'TRAINED');
  assert.equal(progress.status, 'FAR_BEHIND', '60,000 people trained in one township is far out of reach');
  await app.menuItem('目标进度督办').click();
  await page.getByTestId('progress-league').waitFor();
  await app.settle();
  // The city's league: the nine counties, each with an overall status.
  assert.equal(await page.locator('[data-testid="progress-league"] tbody tr').count(), 9);
  // The supervision list names the township's target, far behind, in words and red.
  const row = page.getByTestId(`supervision-${township.code}-TRAINED`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`阆中市\\s+${township.name}`));
  const chip = row.locator('[data-status]');
  assert.equal(await chip.innerText(), STATUS_ZH.FAR_BEHIND);
  assert.match(await chip.getAttribute('class'), new RegExp(STATUS_COLOUR.FAR_BEHIND));
  assert.match(await row.innerText(), /60,000人/);
  assert.ok((await overflow(page)) <= 0, 'the progress page fits 1366px');
  await app.shot('targets-progress-city');

  // Within 阆中市: its townships ranked; the township's training cell shows the API's share and status.
  await page.getByTestId('progress-within').locator('..').click();
  await page.getByRole('option', { name: '阆中市', exact: true }).click();
  await page.waitForURL(/within=511381000000/);
  const cell = page.getByTestId(`league-${township.code}-TRAINED`);
  await cell.waitFor();
  assert.equal(await cell.locator('[data-status]').innerText(), STATUS_ZH[progress.status]);
  assert.match(await cell.innerText(), new RegExp(`${(progress.share * 100).toFixed(1).replace('.', '\\.')}%`));
  assert.ok((await overflow(page)) <= 0);
  await app.shot('targets-progress-langzhong');

  // The monthly profiles: the demo's quarterly profile of subsidy spending, in percent.
  await app.goto('/TargetProfile');
  await app.rows().first().waitFor();
  assert.match(await app.rows().first().innerText(), /补贴资金支出[\s\S]*0% · 0% · 20%/);
  await app.shot('targets-profiles');

  // Deleting the target (the city administrator only) removes it.
  await app.goto(`/Target/${api[0].id}`);
  await page.getByRole('button', { name: '删除' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
  await page.waitForURL(/#\/Target(\?|$)/);
  assert.deepEqual((await must(hub, `{ allTargets(filter: { regionCode: "${township.code}" }) { id } }`)).allTargets, []);
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('a dashboard viewer sees the progress page, with no create button and no target records', async () => {
  const app = await AdminApp.open(browser, hub, '/', VIEWER);
  const { page } = app;
  await page.setViewportSize(VIEWPORT);
  await app.menuItem('目标进度督办').click();
  await page.getByTestId('progress-league').waitFor();
  await page.getByTestId('progress-supervision').waitFor();
  await app.settle();
  assert.equal(await page.getByTestId('progress-create-target').count(), 0);
  assert.equal(await page.getByRole('link', { name: '新建' }).count(), 0);
  assert.equal(await app.menuItem('年度目标').count(), 0);
  assert.ok((await page.locator('[data-testid="progress-supervision"] [data-status]').count()) > 0);
  assert.ok((await overflow(page)) <= 0);
  await app.shot('targets-progress-viewer');
  assert.deepEqual(app.errors, []);
  await app.close();
});
