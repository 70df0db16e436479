// Journeys: lasting work (培训转化与稳定就业). A dashboard viewer (a leader) opens it from the menu: the
// training classes ranked by conversion as the API ranks them, the providers, the ranking by lasting work;
// the days from registration to first work by county (median and distribution), and a click on 南部县 shows
// its townships. The city administrator reaches it from the dashboard. Screenshots at 1366x768 in Chinese.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const { AdminApp } = require('../lib/pom/admin');
const { HUB_ENV, must } = require('../lib/pom/api');

const CITY = '511300000000';
const NANBU = '511321000000';
const VIEWPORT = { width: 1366, height: 768 };
const VIEWER = { u: 'funnel-viewer', p: 'funnel-viewer-password-2017' };

let hub;
let browser;
before(async () => {
  hub = await startHub({ seedScale: '0.01', env: HUB_ENV });
  browser = await launch();
  await must(hub, 'mutation($u: String!, $p: String!) { createUser(username: $u, displayName: "市领导", password: $p, role: VIEWER) { id } }', VIEWER);
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

/** Nothing wider than the window (a table cut off at the right edge). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const pct = (v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
/** Both tables show the current choice's rows (not the previous ones kept while it loads). */
const ready = (page) => page.waitForFunction(() => [...document.querySelectorAll('[data-testid="funnel-league"], [data-testid="first-work"]')].every((t) => t.dataset.state === 'ready'));
const LEAGUE = `query($b: FunnelGroup!, $s: FunnelStep) { funnelLeague(by: $b, step: $s, year: 2017, limit: 100) { id name rate steps { count } } }`;

test('a leader ranks classes and providers by conversion and reads the days to first work by county, then 南部县 by township', async () => {
  const app = await AdminApp.open(browser, hub, '/', VIEWER);
  const { page } = app;
  await page.setViewportSize(VIEWPORT);
  await app.menuItem('培训转化与稳定就业').click();
  await page.waitForURL(/#\/funnel/);
  await page.getByTestId('funnel-league').waitFor();
  await page.getByTestId('first-work').waitFor();
  await ready(page);
  await app.settle();

  // Classes in the API's order, each with its counts and rate of 培训后就业.
  const classes = (await must(hub, LEAGUE, { b: 'CLASS', s: 'employed' })).funnelLeague;
  assert.ok(classes.length > 5, `${classes.length} classes`);
  const rows = page.locator('[data-testid="funnel-league"] tbody tr');
  assert.equal(await app.until(() => rows.count(), classes.length), classes.length);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.testid)), classes.map((c) => `funnel-row-${c.id}`));
  const first = await page.getByTestId(`funnel-row-${classes[0].id}`).innerText();
  assert.ok(first.includes(classes[0].name.slice(0, 6)), first);
  for (const c of classes[0].steps) assert.ok(first.includes(c.count.toLocaleString('en-US')), `${first} has ${c.count}`);
  assert.equal(await page.getByTestId(`funnel-rate-${classes[0].id}`).innerText(), pct(classes[0].rate));
  const head = await page.locator('[data-testid="funnel-league"] thead').innerText();
  for (const h of ['名次', '培训班', '培训类别', '培训机构', '报名参训（人次）', '稳定就业（人次）', '培训后就业率']) assert.ok(head.includes(h), `head: ${h}`);
  assert.ok((await overflow(page)) <= 0, 'the page fits 1366px');
  await app.shot('funnel-classes');

  // Providers, ranked by lasting work.
  await page.getByTestId('funnel-by-provider').click();
  await page.getByTestId('funnel-step').locator('..').click();
  await page.getByRole('option', { name: '稳定就业', exact: true }).click();
  await page.waitForURL(/step=stable/);
  await ready(page);
  const providers = (await must(hub, LEAGUE, { b: 'PROVIDER', s: 'stable' })).funnelLeague;
  await page.getByTestId(`funnel-rate-${providers[0].id}`).waitFor();
  assert.equal(await app.until(() => rows.count(), providers.length), providers.length);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.testid)), providers.map((c) => `funnel-row-${c.id}`));
  assert.equal(await page.getByTestId(`funnel-rate-${providers.at(-1).id}`).innerText(), pct(providers.at(-1).rate));
  assert.ok((await page.locator('[data-testid="funnel-league"] thead').innerText()).includes('稳定就业率'));
  await app.shot('funnel-providers-stable');

  // Days from registration to first work: the nine counties with the API's median and buckets.
  const delays = (await must(hub, `{ timeToFirstWork { regionCode name medianDays buckets working } }`)).timeToFirstWork;
  assert.equal(delays.length, 9);
  assert.equal(await page.locator('[data-testid="first-work"] tbody tr').count(), 9);
  for (const d of delays) {
    assert.equal(await page.getByTestId(`first-work-median-${d.regionCode}`).innerText(), d.medianDays == null ? '—' : d.medianDays.toLocaleString('en-US'));
    const cells = await page.getByTestId(`first-work-${d.regionCode}`).locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(5, 10).map((c) => c.trim()), d.buckets.map((b) => b.toLocaleString('en-US')));
  }
  assert.ok(delays.some((d) => d.medianDays != null), 'some county has a median');
  const fhead = await page.locator('[data-testid="first-work"] thead').innerText();
  for (const h of ['地区', '中位数（天）', '30天内（人）', '一年以上（人）', '分布']) assert.ok(fhead.includes(h), `head: ${h}`);
  assert.ok((await overflow(page)) <= 0);
  await page.getByTestId('first-work').scrollIntoViewIfNeeded();
  await app.shot('funnel-first-work-city');

  // A click on 南部县: its townships, and the league of its classes.
  await page.getByTestId(`first-work-${NANBU}`).click();
  await page.waitForURL(new RegExp(`within=${NANBU}`));
  await ready(page);
  const townships = (await must(hub, `{ timeToFirstWork(regionCode: "${NANBU}") { regionCode medianDays } }`)).timeToFirstWork;
  assert.ok(townships.length > 10);
  await page.getByTestId(`first-work-${townships[0].regionCode}`).waitFor();
  assert.equal(await page.locator('[data-testid="first-work"] tbody tr').count(), townships.length);
  const nanbu = (await must(hub, `query { funnelLeague(by: PROVIDER, within: "${NANBU}", step: stable, year: 2017, limit: 100) { id } }`)).funnelLeague;
  assert.equal(await app.until(() => rows.count(), nanbu.length), nanbu.length);
  assert.ok((await overflow(page)) <= 0);
  await app.shot('funnel-nanbu');
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('the city administrator opens it from the dashboard', async () => {
  const app = await AdminApp.open(browser, hub, '/');
  const { page } = app;
  await page.setViewportSize(VIEWPORT);
  await page.getByTestId('open-funnel').click();
  await page.waitForURL(new RegExp(`#/funnel\\?within=${CITY}`));
  await page.getByTestId('funnel-league').waitFor();
  await page.getByTestId('first-work').waitFor();
  assert.equal(await page.locator('[data-testid="first-work"] tbody tr').count(), 9);
  assert.ok((await overflow(page)) <= 0);
  assert.deepEqual(app.errors, []);
  await app.close();
});
