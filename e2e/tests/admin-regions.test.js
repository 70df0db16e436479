// Journey: walk the region tree city -> county -> township -> village and back by the breadcrumb,
// and narrow the region list with the tree picker.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const { AdminApp, RegionPicker } = require('../lib/pom/admin');
const { HUB_ENV, gql } = require('../lib/pom/api');

let hub;
let browser;
before(async () => {
  hub = await startHub({ seedScale: '0', env: HUB_ENV });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

/** The first township of 南部县 and its first village, from the API. */
async function firstTownshipAndVillage() {
  const r = await gql(hub, '{ Region(id: "511321000000") { children { id name children { id name } } } }');
  const township = r.data.Region.children[0];
  return { township, village: township.children[0] };
}

test('city -> county -> township -> village in the region pages, and back up by the breadcrumb', async () => {
  const { township, village } = await firstTownshipAndVillage();
  const app = await AdminApp.open(browser, hub, '/Region');
  const { page } = app;

  // The list starts at the city (sorted by code); its row opens the city.
  await page.getByRole('cell', { name: '南充市', exact: true }).click();
  await page.waitForURL(/#\/Region\/511300000000\/show/);
  await page.getByText('下级区划 (9)').waitFor();
  assert.equal(await app.until(() => app.rows().count(), 9), 9);

  await page.getByRole('cell', { name: '南部县', exact: true }).click();
  await page.waitForURL(/#\/Region\/511321000000\/show/);
  await page.getByTestId('region-breadcrumb').getByRole('link', { name: '南充市' }).waitFor();
  await page.getByRole('cell', { name: township.name, exact: true }).click();
  await page.waitForURL(new RegExp(`#/Region/${township.id}/show`));

  await page.getByRole('cell', { name: village.name, exact: true }).click();
  await page.waitForURL(new RegExp(`#/Region/${village.id}/show`));
  const crumbs = page.getByTestId('region-breadcrumb');
  await crumbs.getByText(village.name).waitFor();
  // (The page first shows the row the list had, then the full record with its ancestors.)
  const path = ['南充市', '南部县', township.name];
  assert.deepEqual(await app.until(() => crumbs.locator('a').allInnerTexts(), path), path);
  // A village page lists its households (none yet on an empty registry) instead of subdivisions.
  await page.getByText('本村贫困户').waitFor();
  await app.shot('regions-village');

  // Back up: the breadcrumb's county link.
  await crumbs.getByRole('link', { name: '南部县' }).click();
  await page.waitForURL(/#\/Region\/511321000000\/show/);
  await page.getByRole('cell', { name: township.name, exact: true }).waitFor();
  await app.shot('regions-county');
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('the region list narrows to a subtree with the tree picker', async () => {
  const { township } = await firstTownshipAndVillage();
  const app = await AdminApp.open(browser, hub, '/Region');
  await app.page.getByRole('cell', { name: '南充市', exact: true }).waitFor();
  await new RegionPicker(app.page).choose('南部县', township.name);
  await app.page.waitForURL(new RegExp(`within.*${township.id}`));
  await app.settle();
  const expected = (await gql(hub, `{ _allRegionsMeta(filter: { within: "${township.id}" }) { count } }`)).data._allRegionsMeta.count;
  assert.ok(expected > 1);
  assert.equal(await app.until(() => app.listTotal(), expected), expected);
  const codes = await app.rows().locator('td:first-child').allInnerTexts();
  assert.ok(codes.every((c) => c.startsWith(township.id.slice(0, 9))), codes.join(','));
  await app.shot('regions-filtered');
  assert.deepEqual(app.errors, []);
  await app.close();
});
