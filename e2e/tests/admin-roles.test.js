// Journey: what each role sees. A dashboard viewer gets the dashboard and nothing of the records; an
// analyst reads every list but has no button that writes; an operator limited to a county opens the
// dashboard on that county and may record payments there.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch, screenshot } = require('../lib/browser');
const { signIn } = require('../lib/pom/signIn');
const { HUB_ENV, must } = require('../lib/pom/api');

const CITY = '511300000000';
const NANBU = '511321000000';
const PASSWORD = 'role-journey-password-2017';

let hub;
let browser;
before(async () => {
  hub = await startHub({ seedScale: '0.01', env: HUB_ENV });
  browser = await launch();
  for (const [username, role, scope] of [
    ['viewer1', 'VIEWER', null],
    ['analyst1', 'ANALYST', null],
    ['operator1', 'OPERATOR', NANBU],
  ]) {
    await must(hub, 'mutation($u: String!, $r: UserRole!, $s: ID, $p: String!) { createUser(username: $u, displayName: $u, password: $p, role: $r, scopeRegionCode: $s) { id } }', {
      u: username,
      r: role,
      s: scope,
      p: PASSWORD,
    });
  }
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

/** A fresh page signed in through the sign-in form as `username`, with its console errors collected. */
async function as(username, path = '/') {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, hub, { username, password: PASSWORD, path });
  return { page, errors, close: () => context.close() };
}

const menu = (page) => page.locator('.RaMenu-open, [class*="RaMenu"]').first().getByRole('menuitem');

test('a dashboard viewer sees the dashboard and its statistics, no records', async () => {
  const { page, errors, close } = await as('viewer1');
  await page.locator(`[data-testid="dashboard"][data-region="${CITY}"]`).waitFor();
  await page.getByTestId('card-laborers-value').waitFor();
  assert.deepEqual((await menu(page).allInnerTexts()).map((s) => s.trim()), ['首页', '补贴资金跟踪', '目标进度督办', '培训转化与稳定就业', 'GraphQL 查询']);
  // Down to a village: its figures, but not its people.
  const township = (await must(hub, `{ Region(id: "${NANBU}") { children { id children { id } } } }`)).Region.children[0];
  await page.goto(`${hub.url}/#/dashboard/${township.children[0].id}`);
  await page.locator(`[data-testid="dashboard"][data-region="${township.children[0].id}"]`).waitFor();
  await page.getByTestId('card-laborers-value').waitFor();
  assert.equal(await page.getByTestId('village-laborers').count(), 0);
  await screenshot(page, 'roles-viewer');
  assert.deepEqual(errors, []);
  await close();
});

test('an analyst reads every list and has no button that writes', async () => {
  const { page, errors, close } = await as('analyst1', '/SubsidyPayment');
  await page.getByRole('button', { name: '导出 CSV' }).waitFor();
  await page.locator('tbody tr').first().waitFor();
  assert.equal(await page.getByRole('link', { name: '新建' }).count(), 0);
  assert.equal(await page.getByTestId('payment-status-buttons').locator('button').count(), 0);
  await page.goto(`${hub.url}/#/GuaranteedLoan`);
  await page.locator('tbody tr').first().waitFor();
  assert.equal(await page.getByTestId('loan-status-buttons').locator('button').count(), 0);
  await page.locator('tbody tr').first().click();
  await page.waitForURL(/#\/GuaranteedLoan\/\d+\/show/);
  await page.locator('.RaLabeled-label').filter({ hasText: '贷款状态' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '编辑' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: '删除' }).count(), 0);
  assert.ok((await menu(page).allInnerTexts()).some((s) => s.includes('补贴资金跟踪')));
  await screenshot(page, 'roles-analyst');
  assert.deepEqual(errors, []);
  await close();
});

test('an operator of a county opens the dashboard on the county and may record in it', async () => {
  const { page, errors, close } = await as('operator1');
  await page.locator(`[data-testid="dashboard"][data-region="${NANBU}"]`).waitFor();
  await page.getByTestId('card-laborers-value').waitFor();
  await page.goto(`${hub.url}/#/Enrollment`);
  await page.getByRole('link', { name: '新建' }).waitFor();
  // Policies are the city's: the operator reads them, changes none.
  await page.goto(`${hub.url}/#/Policy`);
  await page.locator('tbody tr').first().waitFor();
  assert.equal(await page.getByRole('link', { name: '新建' }).count(), 0);
  await screenshot(page, 'roles-operator');
  assert.deepEqual(errors, []);
  await close();
});
