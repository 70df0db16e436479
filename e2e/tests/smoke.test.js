const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startHub } = require('../lib/hub');
const { launch, screenshot } = require('../lib/browser');
const { signIn, failedSignIn } = require('../lib/pom/signIn');

let hub;
let browser;
before(async () => {
  hub = await startHub({ seedScale: '0' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

test('the hub answers a region query with real Nanchong names', async () => {
  const r = await hub.gql('{ Region(id: "511300000000") { name children { name } } }');
  assert.equal(r.data.Region.name, '南充市');
  assert.ok(r.data.Region.children.some((c) => c.name === '南部县'));
});

test('the hub answers nothing but sign-in without a session', async () => {
  const r = await hub.gql('{ Region(id: "511300000000") { name } }', {}, { authorization: '' });
  assert.equal(r.errors[0].extensions.code, 'UNAUTHENTICATED');
});

test('the admin refuses a wrong password', async () => {
  const page = await browser.newPage({ locale: 'zh-CN' });
  assert.match(await failedSignIn(page, hub), /用户名或密码错误/);
  await page.close();
});

test('the admin page loads in Chromium after signing in', async () => {
  const page = await browser.newPage({ locale: 'zh-CN' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(hub.url);
  // Without a session the admin shows its sign-in page.
  await page.locator('input[name="password"]').waitFor({ timeout: 30_000 });
  await signIn(page, hub, { path: '/Region' });
  await page.getByText('511300000000').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.title(), '南充市就业扶贫数据中台');
  const file = await screenshot(page, 'smoke-admin');
  assert.ok(fs.statSync(file).size > 1000);
  assert.deepEqual(errors, []);
  await page.close();
});
