// Journey (怎么进、怎么出, 一户一帮): a village clerk proposes a household's exit, the township reviews it,
// the county decides it, and the dashboard's count of exited households as of this month rises at the
// village, township, county and city; a helper is assigned and the village page (一村一图) shows it.
// Each step by its own user, signed in through the form, at 1366x768.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch, screenshot } = require('../lib/browser');
const { signIn } = require('../lib/pom/signIn');
const { HUB_ENV, must, villagesOf, createHousehold, createLaborer, makeIdNumber } = require('../lib/pom/api');

const CITY = '511300000000';
const PASSWORD = 'lifecycle-journey-password-2017';
const TODAY = new Date().toISOString().slice(0, 10);

let hub;
let browser;
let village;
let household;
const levels = {};

before(async () => {
  hub = await startHub({ seedScale: '0', env: HUB_ENV });
  browser = await launch();
  [village] = await villagesOf(hub, '511321000000', 1);
  levels.village = village.id;
  levels.township = village.township.id;
  levels.county = village.county.id;
  levels.city = CITY;
  for (const [username, scope] of [
    ['clerk1', village.id],
    ['township1', village.township.id],
    ['county1', village.county.id],
  ]) {
    await must(hub, 'mutation($u: String!, $s: ID, $p: String!) { createUser(username: $u, displayName: $u, password: $p, role: OPERATOR, scopeRegionCode: $s) { id } }', { u: username, s: scope, p: PASSWORD });
  }
  household = await createHousehold(hub, village.id, '张脱贫');
  await createLaborer(hub, household.id, '张一', makeIdNumber({ birth: '19820202' }));
  await must(hub, `mutation($v: ID!) { createHelper(name: "刘帮扶", workUnit: "南部县人力资源和社会保障局", post: "科员", phone: "13899990000", regionCode: $v) { id } }`, { v: village.id });
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

async function as(username, path) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, hub, username ? { username, password: PASSWORD, path } : { path });
  return { page, errors, close: () => context.close() };
}

/** The dashboard's exited-households card of each level, as of today, read in the browser. */
async function exitedCards(page) {
  const out = {};
  for (const [name, code] of Object.entries(levels)) {
    await page.goto(`${hub.url}/#/dashboard/${code}?asOf=${TODAY}`);
    // A fresh load: no figure from the page's earlier visit (its query cache) is shown while it refetches.
    await page.reload();
    await page.locator(`[data-testid="dashboard"][data-region="${code}"]`).waitFor();
    const value = page.getByTestId('card-householdsExited-value');
    await value.waitFor();
    await page.waitForLoadState('networkidle');
    out[name] = Number((await value.innerText()).replace(/[^\d]/g, ''));
  }
  return out;
}

test('a village clerk proposes, the township reviews, the county decides; the exit count rises at every level', async () => {
  const admin = await as(null, '/');
  const before = await exitedCards(admin.page);

  // 村申请: the clerk of the village, from the household's page.
  const clerk = await as('clerk1', `/Household/${household.id}/show`);
  await clerk.page.getByTestId('registry-timeline').getByTestId('event-REGISTERED').first().waitFor();
  await clerk.page.getByTestId('propose-exit').click();
  await clerk.page.getByTestId('propose-employmentNote').fill('张一在浙江宁波务工');
  await clerk.page.getByTestId('propose-incomePerCapita').fill('4800');
  await clerk.page.getByTestId('propose-povertyLine').fill('3535');
  await clerk.page.getByTestId('propose-remark').fill('两不愁三保障已达标');
  await screenshot(clerk.page, 'lifecycle-propose');
  await clerk.page.getByTestId('propose-submit').click();
  await clerk.page.locator('.MuiSnackbarContent-message').filter({ hasText: '已提交脱贫申请' }).waitFor();
  const [proposal] = (await must(hub, `query($h: ID!) { allExitProposals(filter: { householdId: $h }) { id status } }`, { h: household.id })).allExitProposals;
  assert.equal(proposal.status, 'PROPOSED');
  // The clerk has no step to take on it.
  await clerk.page.goto(`${hub.url}/#/ExitProposal/${proposal.id}/show`);
  await clerk.page.getByTestId('step-proposedOn').waitFor();
  assert.equal(await clerk.page.getByTestId('reviewExit-approve').count(), 0);
  assert.deepEqual(clerk.errors, []);
  await clerk.close();

  // 乡镇审核.
  const township = await as('township1', `/ExitProposal/${proposal.id}/show`);
  await township.page.getByTestId('reviewExit-approve').click();
  // The day is typed yyyy-mm-dd (no browser date control, which shows mm/dd/yyyy): a wrong one is said in
  // Chinese next to the field and nothing is sent.
  const dialog = township.page.getByRole('dialog');
  assert.equal(await dialog.locator('input[type="date"]').count(), 0, 'no native date picker');
  assert.match(await township.page.getByTestId('step-on').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
  await township.page.getByTestId('step-on').fill('2017-13-45');
  await dialog.getByText('日期应写作 yyyy-mm-dd').waitFor();
  assert.equal(await township.page.getByTestId('step-submit').isDisabled(), true);
  await township.page.getByTestId('step-on').fill(new Date().toISOString().slice(0, 10));
  await township.page.getByTestId('step-remark').fill('入户核实，公示无异议');
  await township.page.getByTestId('step-submit').click();
  await township.page.getByTestId('step-reviewedOn').waitFor();
  assert.equal(await township.page.getByTestId('decideExit-approve').count(), 0);
  await township.close();

  // 县审定: the county sees the facts the village entered, then decides.
  const county = await as('county1', `/ExitProposal/${proposal.id}/show`);
  await county.page.getByText('张一在浙江宁波务工').waitFor();
  await screenshot(county.page, 'lifecycle-decide');
  await county.page.getByTestId('decideExit-approve').click();
  await county.page.getByTestId('step-remark').fill('同意脱贫');
  await county.page.getByTestId('step-submit').click();
  await county.page.getByTestId('step-decidedOn').waitFor();
  await county.page.goto(`${hub.url}/#/Household/${household.id}/show`);
  await county.page.getByTestId('registry-timeline').getByTestId('event-EXITED').first().waitFor();
  await screenshot(county.page, 'lifecycle-household');
  assert.deepEqual(county.errors, []);
  await county.close();

  const after = await exitedCards(admin.page);
  for (const level of Object.keys(levels)) assert.equal(after[level], before[level] + 1, level);
  await screenshot(admin.page, 'lifecycle-dashboard');
  assert.deepEqual(admin.errors, []);
  await admin.close();
});

test('a helper is assigned to a household and the village page shows it', async () => {
  const other = await createHousehold(hub, village.id, '李待帮');
  const clerk = await as('clerk1', `/Household/${other.id}/show`);
  await clerk.page.getByTestId('assign-helper').click();
  await clerk.page.getByRole('combobox', { name: '帮扶责任人' }).click();
  await clerk.page.getByRole('option', { name: /刘帮扶/ }).click();
  assert.equal(await clerk.page.getByRole('dialog').locator('input[type="date"]').count(), 0, 'no native date picker');
  await clerk.page.getByTestId('assign-start').fill('2017/02/30');
  await clerk.page.getByRole('dialog').getByText('日期应写作 yyyy-mm-dd').waitFor();
  assert.equal(await clerk.page.getByTestId('assign-submit').isDisabled(), true);
  await clerk.page.getByTestId('assign-start').fill('2017-03-01');
  await screenshot(clerk.page, 'lifecycle-assign-helper');
  await clerk.page.getByTestId('assign-submit').click();
  await clerk.page.getByTestId('helper-current').filter({ hasText: '刘帮扶' }).waitFor();
  await clerk.page.getByTestId('village-ledger-link').click();
  await clerk.page.getByTestId('village-page').waitFor();
  await clerk.page.getByTestId(`village-household-${other.id}`).filter({ hasText: '刘帮扶' }).waitFor();
  assert.match(await clerk.page.getByTestId('village-householdsWithHelper').innerText(), /1/);
  await screenshot(clerk.page, 'lifecycle-village');
  assert.deepEqual(clerk.errors, []);
  await clerk.close();
  const h = (await must(hub, `query($h: ID!) { Household(id: $h) { currentHelper { helper { name } } } }`, { h: other.id })).Household;
  assert.equal(h.currentHelper.helper.name, '刘帮扶');

  // 无帮扶责任人: the list's filter leaves out the household just assigned, keeps one without a helper.
  const admin = await as(null, `/Household?filter=${encodeURIComponent(JSON.stringify({ hasHelper: false }))}`);
  const without = await createHousehold(hub, village.id, '赵无帮');
  await admin.page.reload();
  await admin.page.getByRole('cell', { name: '赵无帮' }).waitFor();
  assert.equal(await admin.page.getByRole('cell', { name: '李待帮' }).count(), 0);
  await admin.page.goto(`${hub.url}/#/Household?filter=${encodeURIComponent(JSON.stringify({ hasHelper: true }))}`);
  await admin.page.getByRole('cell', { name: '刘帮扶' }).first().waitFor();
  assert.equal(await admin.page.getByRole('cell', { name: '赵无帮' }).count(), 0);
  void without;

  // The dashboard's chart picker offers the registry's flows (建档立卡, 脱贫, 返贫, 自然减少).
  await admin.page.goto(`${hub.url}/#/dashboard/${CITY}`);
  await admin.page.getByRole('combobox', { name: '指标' }).click();
  for (const name of ['自然减少人数', '返贫人数']) await admin.page.getByRole('option', { name }).waitFor();
  await admin.page.getByRole('option', { name: '自然减少人数' }).click();
  await admin.page.waitForURL(/chart=laborersLeft/);
  assert.deepEqual(admin.errors, []);
  await admin.close();
});

test('a village clerk draws up a laborer\'s plan and adds a measure; the record created later meets it, and a measure is linked from the page', async () => {
  const h = await createHousehold(hub, village.id, '王计划');
  const laborer = await createLaborer(hub, h.id, '王二', makeIdNumber({ birth: '19850505' }));
  const clerk = await as('clerk1', `/Laborer/${laborer.id}/show`);
  const plan = clerk.page.getByTestId('laborer-plan');
  await plan.getByTestId('plan-create').click();
  await plan.getByText(/ 制定$/).waitFor();
  await plan.getByRole('combobox', { name: '帮扶措施' }).click();
  await clerk.page.getByRole('option', { name: '转移就业' }).click();
  await plan.getByTestId('measure-target').fill('2099-12-31');
  await plan.getByTestId('measure-add').click();
  await plan.getByTestId('measure-PENDING').filter({ hasText: '转移就业' }).waitFor();
  // The job is recorded afterwards (through the API here): the measure is met by it, with no link by hand.
  await must(hub, `mutation($l: ID!) { createEmployment(laborerId: $l, kind: TRANSFER, channel: OUT_OF_TOWN_OFFICE, employer: "宁波某厂", place: "浙江宁波", startDate: "${TODAY}") { id } }`, { l: laborer.id });
  await clerk.page.reload();
  await clerk.page.getByTestId('laborer-plan').getByTestId('measure-MET').filter({ hasText: '转移就业' }).waitFor();
  // Unlinked (through the API), the clerk links it again from the page, picking the job from the laborer's records.
  const [measure] = (await must(hub, `query($l: ID!) { Laborer(id: $l) { plan { measures { id } } } }`, { l: laborer.id })).Laborer.plan.measures;
  await must(hub, `mutation($id: ID!) { linkPlanMeasure(id: $id, recordId: null) { id } }`, { id: measure.id });
  await clerk.page.reload();
  const again = clerk.page.getByTestId('laborer-plan');
  await again.getByTestId('measure-PENDING').waitFor();
  await again.getByRole('combobox', { name: '对应项目记录' }).click();
  await clerk.page.getByRole('option', { name: /宁波某厂/ }).click();
  await again.getByTestId(`measure-link-${measure.id}`).click();
  await again.getByTestId('measure-MET').filter({ hasText: '转移就业' }).waitFor();
  assert.deepEqual(clerk.errors, []);
  await clerk.close();
  const m = (await must(hub, `query($l: ID!) { Laborer(id: $l) { plan { measures { kind state } } } }`, { l: laborer.id })).Laborer.plan.measures;
  assert.deepEqual(m, [{ kind: 'TRANSFER_EMPLOYMENT', state: 'MET' }]);
});

test('a registered laborer is never deleted: the clerk records 自然减少 from the page, the timeline shows it, and the registry keeps the earlier months', async () => {
  const h = await createHousehold(hub, village.id, '李减少');
  const laborer = await createLaborer(hub, h.id, '李三', makeIdNumber({ birth: '19700707' }));
  const clerk = await as('clerk1', `/Laborer/${laborer.id}/show`);
  await clerk.page.getByTestId('leave-registry').waitFor();
  // The hub refuses deleting a record with registry events: the page offers no button that always fails.
  assert.equal(await clerk.page.getByRole('button', { name: '删除' }).count(), 0);
  await clerk.page.getByTestId('leave-registry').click();
  const dialog = clerk.page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: '减少原因' }).click();
  await clerk.page.getByRole('option', { name: '死亡' }).click();
  await dialog.getByTestId('leave-on').fill('2017/13/01');
  assert.equal(await dialog.getByTestId('leave-submit').isDisabled(), true, 'a day that does not exist is not sent');
  await dialog.getByTestId('leave-on').fill(TODAY);
  await dialog.getByTestId('leave-submit').click();
  await clerk.page.getByText('已记录自然减少').waitFor();
  await clerk.page.getByTestId('leave-registry').waitFor({ state: 'detached' });
  await screenshot(clerk.page, 'lifecycle-laborer-left');
  assert.deepEqual(clerk.errors, []);
  await clerk.close();
  const r = (await must(hub, `query($l: ID!) { Laborer(id: $l) { leftOn events { kind leaveReason occurredOn } } }`, { l: laborer.id })).Laborer;
  assert.equal(r.leftOn, TODAY);
  assert.deepEqual(r.events.map((e) => [e.kind, e.leaveReason]), [['REGISTERED', null], ['LEFT', 'DIED']]);
  // The household page offers no delete either.
  const again = await as('clerk1', `/Household/${h.id}/show`);
  await again.page.getByTestId('household-lifecycle').waitFor();
  assert.equal(await again.page.getByRole('button', { name: '删除' }).count(), 0);
  await again.close();
});
