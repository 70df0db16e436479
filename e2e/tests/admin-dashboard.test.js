// Journey: a viewer opens the dashboard on the city and sees the article's headline figures as the hub
// computes them; drills city -> county -> township -> village -> a laborer of the village, and walks back
// up by the breadcrumb and by the browser's back button (the URL holds the place).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const { AdminApp } = require('../lib/pom/admin');
const { DashboardPage } = require('../lib/pom/dashboard');
const { HUB_ENV, must, regionStats } = require('../lib/pom/api');

const CITY = '511300000000';
const NANBU = '511321000000';

let hub;
let browser;
before(async () => {
  // The demo dataset at 1% (1,702 laborers): every indicator has something to show.
  hub = await startHub({ seedScale: '0.01', env: HUB_ENV });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

const count = (n) => n.toLocaleString('en-US');
/** The admin's one money format (admin/src/format.ts): yuan, separators, two decimals, 元 (never ¥ or 万元). */
const money = (y) => `${y.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`;
const percent = (r) => `${(r * 100).toFixed(1).replace(/\.0$/, '')}%`;

test('the dashboard opens on the city with its headline figures and the nine counties', async () => {
  const s = await regionStats(
    hub,
    CITY,
    'laborers households trained trainedShare trainingDemand transferEmployed transferEmployedShare enterprisesStarted enterprisesStartedShare welfarePosts welfarePlaced loanAmountIssued subsidyPaid',
  );
  assert.ok(s.laborers > 1000 && s.trained > 0 && s.loanAmountIssued > 0, JSON.stringify(s));
  const app = await AdminApp.open(browser, hub, '/');
  const dash = new DashboardPage(app);
  await dash.waitFor(CITY);
  assert.equal(await dash.card('laborers'), count(s.laborers));
  assert.equal(await dash.cardSub('laborers'), `${count(s.households)} 户`);
  assert.equal(await dash.card('trained'), count(s.trained));
  assert.equal(await dash.cardSub('trained'), `占需求 ${percent(s.trainedShare)}（需求 ${count(s.trainingDemand)} 人）`);
  assert.equal(await dash.card('transferEmployed'), count(s.transferEmployed));
  assert.match(await dash.cardSub('transferEmployed'), new RegExp(`占需求 ${percent(s.transferEmployedShare).replace('.', '\\.')}`));
  assert.equal(await dash.card('enterprisesStarted'), count(s.enterprisesStarted));
  assert.equal(await dash.card('welfarePosts'), count(s.welfarePosts));
  assert.equal(await dash.cardSub('welfarePosts'), `已安置 ${count(s.welfarePlaced)} 人`);
  assert.equal(await dash.card('loanAmountIssued'), money(s.loanAmountIssued));
  assert.equal(await dash.card('subsidyPaid'), money(s.subsidyPaid));
  // The nine counties in the table (by code), each with its own laborers; the bars and the trend drawn.
  const counties = (await must(hub, `{ Region(id: "${CITY}") { childrenStats { regionCode laborers region { name } } } }`)).Region.childrenStats;
  assert.equal(counties.length, 9);
  assert.deepEqual(await dash.rowNames(), counties.map((c) => c.region.name));
  const nanbu = counties.find((c) => c.regionCode === NANBU);
  assert.equal(await app.page.getByTestId(`county-${NANBU}`).locator('td[data-col="laborers"]').innerText(), count(nanbu.laborers));
  await app.page.getByTestId('chart-children').locator('svg rect').first().waitFor();
  await app.page.getByTestId('chart-trend').locator('svg path').first().waitFor();
  await app.shot('dashboard-city');

  // Sorted by laborers, largest first (on the server), and the sort is in the URL.
  await dash.sortBy('laborers');
  await app.page.waitForURL(/sort=laborers/);
  const byLaborers = [...counties].sort((a, b) => b.laborers - a.laborers || a.regionCode.localeCompare(b.regionCode)).map((c) => c.region.name);
  assert.deepEqual(await app.until(() => dash.rowNames(), byLaborers), byLaborers);
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('drill city -> county -> township -> village -> laborer, and back by the breadcrumb and the back button', async () => {
  // A laborer of the demo data in 南部县, and the places above them.
  const [person] = (
    await must(hub, `{ allLaborers(filter: { regionCode: "${NANBU}" }, perPage: 1, sortField: "id") { id name village { id name parent { id name } } } }`)
  ).allLaborers;
  const village = person.village;
  const township = village.parent;
  const app = await AdminApp.open(browser, hub, '/');
  const { page } = app;
  const dash = new DashboardPage(app);
  await dash.waitFor(CITY);

  await dash.drill('南部县');
  await page.waitForURL(new RegExp(`#/dashboard/${NANBU}`));
  await dash.waitFor(NANBU);
  assert.deepEqual(await dash.crumbs(), ['南充市', '南部县']);
  const nanbu = await regionStats(hub, NANBU, 'laborers');
  assert.equal(await dash.card('laborers'), count(nanbu.laborers));

  await dash.drill(township.name);
  await page.waitForURL(new RegExp(`#/dashboard/${township.id}`));
  await dash.waitFor(township.id);

  await dash.drill(village.name);
  await page.waitForURL(new RegExp(`#/dashboard/${village.id}`));
  await dash.waitFor(village.id);
  assert.deepEqual(await dash.crumbs(), ['南充市', '南部县', township.name, village.name]);
  // A village has no subdivisions: its households and laborers instead.
  const laborers = page.getByTestId('village-laborers');
  await laborers.getByRole('link', { name: person.name, exact: true }).first().waitFor();
  await page.getByTestId('village-households').locator('tbody tr').first().waitFor();
  await dash.shot('dashboard-village');

  await laborers.getByRole('link', { name: person.name, exact: true }).first().click();
  await page.waitForURL(new RegExp(`#/Laborer/${person.id}/show`));
  await page.getByTestId('laborer-timeline').waitFor();

  // Back: the village again, then up the breadcrumb level by level.
  await page.goBack();
  await page.waitForURL(new RegExp(`#/dashboard/${village.id}`));
  await dash.waitFor(village.id);
  await dash.up(township.name);
  await page.waitForURL(new RegExp(`#/dashboard/${township.id}$`));
  await dash.waitFor(township.id);
  await dash.up('南部县');
  await dash.waitFor(NANBU);
  await dash.up('南充市');
  await page.waitForURL(new RegExp(`#/dashboard/${CITY}$`));
  await dash.waitFor(CITY);
  // The browser's back button retraces the same path.
  await page.goBack();
  await page.waitForURL(new RegExp(`#/dashboard/${NANBU}$`));
  await dash.waitFor(NANBU);
  await page.goBack();
  await dash.waitFor(township.id);
  await dash.shot('dashboard-township');
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('a shared link opens the place it names, in English too', async () => {
  const app = await AdminApp.open(browser, hub, `/dashboard/${NANBU}?chart=laborers`);
  const dash = new DashboardPage(app);
  await dash.waitFor(NANBU);
  await app.switchLanguage('English');
  await app.page.getByTestId('card-laborers').getByText('Registered poor laborers').waitFor();
  await app.page.getByText('By Township').first().waitFor();
  await app.shot('dashboard-county-en');
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('the dashboard’s 导出 Excel has the figures of the period shown (a year, not the default date)', async () => {
  const { INDICATORS } = require('@fupin/schema');
  const ExcelJS = require('exceljs');
  const { exportXlsx } = require('../lib/pom/imports');
  const YEAR = 2016;
  const KEYS = ['laborers', 'trained', 'transferEmployed', 'enterprisesStarted', 'loanAmountIssued', 'subsidyPaid'];
  // The year's flows are not the default period's (as of 2017-06-30): a file of the default is caught.
  const byDefault = await regionStats(hub, NANBU, KEYS.join(' '));
  const app = await AdminApp.open(browser, hub, `/?year=${YEAR}`);
  const { page } = app;
  await page.locator(`[data-testid="dashboard"][data-region="${CITY}"]`).waitFor();
  await page.getByTestId('children-table').waitFor();
  const shown = {};
  for (const row of await page.getByTestId('children-table').locator('tbody tr[data-testid^="county-"]').all()) {
    const code = (await row.getAttribute('data-testid')).slice('county-'.length);
    shown[code] = {};
    for (const k of KEYS) shown[code][k] = Number((await row.locator(`td[data-col="${k}"]`).innerText()).replace(/,/g, ''));
  }
  assert.equal(Object.keys(shown).length, 9);
  assert.notDeepEqual(KEYS.map((k) => shown[NANBU][k]), KEYS.map((k) => byDefault[k]), 'the year differs from the default period');
  await app.shot('dashboard-year-export');

  const { path: file } = await exportXlsx(app);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets.find((s) => s.state !== 'hidden');
  const rows = [];
  sheet.eachRow((row) => rows.push(row.values.slice(1)));
  const header = rows.findIndex((r) => r.includes('地区')).valueOf();
  assert.ok(header >= 0);
  const col = (k) => rows[header].indexOf(INDICATORS.find((i) => i.key === k).zh);
  const inFile = {};
  for (const r of rows.slice(header + 1)) {
    const code = String(r[0] ?? '');
    if (!/^5113\d{2}000000$/.test(code)) continue;
    inFile[code] = Object.fromEntries(KEYS.map((k) => [k, Number(r[col(k)] ?? 0)]));
  }
  assert.deepEqual(inFile, shown, 'the workbook has the figures the page shows for the year');
  // The note says what the stock figures count now that the registry is dated (no more 暂不分日期).
  const note = await page.getByTestId('period-note').innerText();
  assert.doesNotMatch(note, /暂不分日期/);
  assert.match(note, /建档立卡登记日期/);
  assert.match(note, new RegExp(`${YEAR}-01 至 ${YEAR}-12`));
  assert.deepEqual(app.errors, []);
  await app.close();
});
