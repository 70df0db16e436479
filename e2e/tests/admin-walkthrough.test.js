// Journeys of issue #17 at 1366x768, in Chinese, as the three people who walked the admin: a township
// clerk of 老鸦镇 (OPERATOR), a county leader of 南部县 (VIEWER) and the city administrator.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch, screenshot } = require('../lib/browser');
const { signIn, failedSignIn } = require('../lib/pom/signIn');
const api = require('../lib/pom/api');

const CITY = '511300000000';
const NANBU = '511321000000';
const LAOYA = '511321102000'; // 老鸦镇
const LANGZHONG = '511381000000';
const PASSWORD = 'walkthrough-password-2017';
const VIEWPORT = { width: 1366, height: 768 };

let hub;
let browser;
let clerkToken;
let laborer;
let laborer2;
let cls;
let policy;
let travel;
let employment;

/** A GraphQL request as the clerk (applications are theirs; approvals are someone else's). */
async function asClerk(query, variables) {
  const r = await hub.gql(query, variables, { authorization: `Bearer ${clerkToken}` });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

before(async () => {
  hub = await startHub({ seedScale: '0.01', env: api.HUB_ENV });
  browser = await launch();
  for (const [username, role, scope] of [
    ['laoya', 'OPERATOR', LAOYA],
    ['nanbu-leader', 'VIEWER', NANBU],
  ]) {
    await api.must(hub, 'mutation($u: String!, $r: UserRole!, $s: ID, $p: String!) { createUser(username: $u, displayName: $u, password: $p, role: $r, scopeRegionCode: $s) { id } }', { u: username, r: role, s: scope, p: PASSWORD });
  }
  clerkToken = (await hub.gql('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: 'laoya', p: PASSWORD })).data.signIn.token;
  const [village] = await api.villagesOf(hub, LAOYA, 1);
  const household = await api.createHousehold(hub, village.id, '何大贵');
  laborer = await api.createLaborer(hub, household.id, '何小英', api.makeIdNumber({ birth: '19960315', male: false }), { wantsTraining: true });
  laborer2 = await api.createLaborer(hub, household.id, '何小军', api.makeIdNumber({ birth: '19980611' }), { wantsTraining: true });
  await api.must(hub, 'mutation($id: ID!) { updateLaborer(id: $id, phone: "13981234567") { id } }', { id: laborer.id });
  // A county class (南部县 runs it for all its townships) and a policy whose 南部县 budget covers two payments.
  ({ cls } = await api.createTrainingClass(hub, { county: NANBU, title: '老鸦电商培训班', startDate: '2017-03-01', endDate: '2017-03-20' }));
  ({ policy } = await api.createPolicyWithBudget(hub, { name: '走查培训补贴', amount: 1000, county: NANBU, year: 2017, budget: 2000 }));
  ({ policy: travel } = await api.createPolicyWithBudget(hub, { name: '走查交通补贴', programKind: 'EMPLOYMENT', subsidyKind: 'TRAVEL', amount: 500, county: NANBU, year: 2017, budget: 5000 }));
  ({ createEmployment: employment } = await api.must(
    hub,
    'mutation($l: ID!) { createEmployment(laborerId: $l, kind: TRANSFER, channel: JOB_FAIR, employer: "宁波服装厂", place: "浙江宁波", startDate: "2017-11-01") { id } }',
    { l: laborer.id },
  ));
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

/** A 1366x768 page signed in through the sign-in form, with its page errors collected. */
async function as(username, path = '/') {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, hub, { username, password: username === 'admin' ? api.HUB_ENV.HUB_ADMIN_PASSWORD : PASSWORD, path });
  return { page, errors, close: () => context.close() };
}

const settle = async (page) => {
  await page.waitForLoadState('networkidle');
  await page.locator('.MuiLinearProgress-root').first().waitFor({ state: 'detached' }).catch(() => {});
};

/** The page fits the window: nothing wider than 1366 px, and the toolbar buttons inside it. */
async function fits(page, label) {
  const m = await page.evaluate(() => {
    const doc = document.scrollingElement;
    const boxes = [...document.querySelectorAll('.RaTopToolbar-root a, .RaTopToolbar-root button')].map((b) => ({ text: b.textContent.trim(), right: b.getBoundingClientRect().right }));
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, boxes };
  });
  assert.ok(m.scrollWidth <= m.clientWidth, `${label}: page ${m.scrollWidth}px wide in a ${m.clientWidth}px window`);
  for (const b of m.boxes) assert.ok(b.right <= m.clientWidth, `${label}: ${b.text} ends at ${b.right}px`);
  return m;
}

/**
 * No English left on the page: MUI / react-admin tooltips and aria-labels, the visible text of open
 * popups ("No options" under an autocomplete), and no browser-native date control (it shows mm/dd/yyyy
 * and English on an English system; the admin's dates are typed yyyy-mm-dd).
 */
async function noEnglishLabels(page, label) {
  const english = await page.evaluate(() => [
    ...[...document.querySelectorAll('[aria-label], [title]')]
      .flatMap((e) => [e.getAttribute('aria-label'), e.getAttribute('title')])
      .filter((t) => t && /^(Open|Close|Clear|breadcrumb|pagination navigation|Go to (next|previous) page|No options|Sort|Select all|Select row)$/i.test(t)),
    ...(document.body.innerText.match(/No options|No results|Loading…|mm\/dd\/yyyy/gi) ?? []),
    ...[...document.querySelectorAll('input[type="date"], input[type="datetime-local"], input[type="month"], input[type="time"]')].map((i) => `native ${i.type} input ${i.name}`),
  ]);
  assert.deepEqual(english, [], `${label}: English labels`);
}

test('the 老鸦镇 clerk reads the county class, enrolls her laborer from his page, and never meets 服务器内部错误 (items 1, 13, 17)', async () => {
  const { page, errors, close } = await as('laoya');
  await page.locator(`[data-testid="dashboard"][data-region="${LAOYA}"]`).waitFor();
  // The county's classes are readable, not changeable: no 新建 on the list.
  await page.goto(`${hub.url}/#/TrainingClass`);
  await page.getByRole('cell', { name: '老鸦电商培训班' }).first().waitFor();
  assert.equal(await page.getByRole('link', { name: '新建' }).count(), 0);
  await fits(page, 'clerk TrainingClass');
  // From the laborer's page: 报名培训 with the person already chosen.
  await page.goto(`${hub.url}/#/Laborer/${laborer.id}/show`);
  await page.getByTestId('laborer-enroll').click();
  await page.waitForURL(/#\/Enrollment\/create/);
  const laborerInput = page.locator('.ra-input-laborerId input').first();
  await page.waitForFunction(() => /何小英/.test(document.querySelector('.ra-input-laborerId input')?.value ?? ''));
  // The first empty field is focused for typing (item 17).
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest('form')), true);
  assert.match(await laborerInput.inputValue(), /何小英/);
  const classInput = page.locator('.ra-input-classId input').first();
  // An autocomplete with no match answers in Chinese (was "No options").
  await classInput.fill('没有这个班zz');
  await page.locator('.MuiAutocomplete-noOptions, .MuiAutocomplete-loading').first().waitFor();
  await page.waitForTimeout(600);
  await noEnglishLabels(page, 'clerk class picker with no match');
  await classInput.fill('老鸦电商');
  await page.getByRole('option', { name: /^老鸦电商培训班/ }).first().click();
  await page.locator('.ra-input-enrolledOn input').fill('2017-03-01');
  await screenshot(page, 'walk-clerk-enroll');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/Enrollment\/\d+\/show/);
  // The enrollment list with its classes: no INTERNAL_SERVER_ERROR.
  await page.goto(`${hub.url}/#/Enrollment`);
  await page.getByRole('cell', { name: '老鸦电商培训班' }).first().waitFor();
  assert.equal(await page.getByText('服务器内部错误').count(), 0);
  // A list row opens with Enter (item 17).
  const row = page.locator('tbody tr').first();
  await row.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/Enrollment\/\d+\/show/);
  await screenshot(page, 'walk-clerk-enrollment');
  assert.deepEqual(errors, []);
  await close();
});

test('the clerk applies from the laborer page; a period before the job starts is refused next to the period (items 4, 13)', async () => {
  const { page, errors, close } = await as('laoya', `/Laborer/${laborer.id}/show`);
  await page.getByTestId('laborer-subsidy').click();
  await page.waitForURL(/#\/SubsidyPayment\/create/);
  await page.locator('.ra-input-policyId input').first().fill('走查交通');
  await page.getByRole('option', { name: '走查交通补贴' }).click();
  await page.locator('.ra-input-recordId .MuiSelect-select').click();
  await page.getByRole('option', { name: '宁波服装厂（2017-11-01）' }).click();
  await page.locator('.ra-input-period input').fill('2016');
  await page.locator('.ra-input-amount input').fill('300');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.ra-input-period .Mui-error').filter({ hasText: '早于所补贴项目记录的开始日期' }).waitFor();
  await screenshot(page, 'walk-clerk-period-refused');
  const none = await api.must(hub, `{ _allSubsidyPaymentsMeta(filter: { laborerId: "${laborer.id}" }) { count } }`);
  assert.equal(none._allSubsidyPaymentsMeta.count, 0);
  // Search by the last digits of the phone (a role that sees them, item 14).
  await page.goto(`${hub.url}/#/Laborer`);
  await page.locator('tbody tr').first().waitFor();
  // Fewer than 4 digits: said next to the field in Chinese, and nothing is asked of the hub (was a server error).
  const tails = [];
  const seen = (r) => {
    const m = /"idOrPhoneTail":"([^"]*)"/.exec(r.postData() ?? '');
    if (m) tails.push(m[1]);
  };
  page.on('request', seen);
  await page.locator('input[name="idOrPhoneTail"]').fill('45');
  await page.locator('.ra-input-idOrPhoneTail .Mui-error').filter({ hasText: '后4至8位' }).waitFor();
  await page.waitForTimeout(1000);
  assert.deepEqual(tails, [], 'nothing sent while the digits are too few');
  assert.equal(await page.locator('.MuiSnackbarContent-message').filter({ hasText: /服务器|不符合要求|后几位/ }).count(), 0, 'no error from the hub');
  await screenshot(page, 'walk-clerk-tail-too-short');
  page.off('request', seen);
  await page.locator('input[name="idOrPhoneTail"]').fill('234567');
  await page.waitForFunction(() => /共\s*1\s*条/.test(document.querySelector('.MuiTablePagination-displayedRows')?.textContent ?? ''));
  await page.getByRole('cell', { name: '何小英' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '删除' }).count(), 0, 'no bulk delete of people');
  assert.deepEqual(errors.filter((e) => !/早于/.test(e)), []);
  await close();
});

test('the clerk registers a job from the laborer page (person pre-filled), and her region pickers start at 老鸦镇 (item 13)', async () => {
  const { page, errors, close } = await as('laoya');
  await page.locator(`[data-testid="dashboard"][data-region="${LAOYA}"]`).waitFor();
  // 登记就业 from 何小军's page: the form opens with him chosen.
  await page.goto(`${hub.url}/#/Laborer/${laborer2.id}/show`);
  await page.getByTestId('laborer-employ').click();
  await page.waitForURL(/#\/Employment\/create/);
  await page.waitForFunction(() => /何小军/.test(document.querySelector('.ra-input-laborerId input')?.value ?? ''));
  for (const source of ['kind', 'channel']) {
    await page.locator(`.ra-input-${source} [role="combobox"]`).click();
    await page.getByRole('option').first().click();
  }
  await page.locator('input[name="employer"]').fill('南充丝绸厂');
  await page.locator('input[name="place"]').fill('南充顺庆');
  await page.locator('input[name="startDate"]').fill('2017-05-02');
  await noEnglishLabels(page, 'clerk employment create');
  await screenshot(page, 'walk-clerk-employ');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/Employment\/\d+\/show/);
  const jobs = (await api.must(hub, `{ allEmployments(filter: { laborerId: "${laborer2.id}" }) { employer startDate } }`)).allEmployments;
  assert.deepEqual(jobs, [{ employer: '南充丝绸厂', startDate: '2017-05-02' }]);

  // A region picker starts at her own scope: 南部县 and 老鸦镇 chosen and fixed, the villages are 老鸦镇's.
  await page.goto(`${hub.url}/#/Household/create`);
  const county = page.getByRole('combobox', { name: '县(区、市)' });
  const township = page.getByRole('combobox', { name: '乡镇(街道)' });
  await county.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('input[role="combobox"]')].some((i) => i.value === '老鸦镇'), null, { timeout: 10_000 }).catch(async () => {
    await screenshot(page, 'walk-clerk-region-picker-failed');
  });
  assert.equal(await county.inputValue(), '南部县');
  assert.equal(await township.inputValue(), '老鸦镇');
  assert.equal(await county.isDisabled(), true);
  assert.equal(await township.isDisabled(), true);
  await page.getByRole('combobox', { name: '村(社区)' }).click();
  const options = await page.getByRole('option').allInnerTexts();
  const villages = (await api.villagesOf(hub, LAOYA, 500)).map((v) => v.name);
  assert.ok(options.length > 0 && options.every((o) => villages.includes(o.trim())), `only 老鸦镇's villages: ${options}`);
  await screenshot(page, 'walk-clerk-region-picker');
  assert.deepEqual(errors, []);
  await close();
});

test('the administrator approves a batch: the summary says how many and why the rest failed, the list refreshes, the selection follows the filter (items 2, 3, 6, 11)', async () => {
  // Three applications by the clerk; the budget (2,000) covers two of 1,000.
  const [village] = await api.villagesOf(hub, LAOYA, 1);
  const h = await api.createHousehold(hub, village.id, '何三');
  const third = await api.createLaborer(hub, h.id, '何三妹', api.makeIdNumber({ birth: '19970101', male: false }));
  const ids = [];
  for (const who of [laborer, laborer2, third]) {
    let e = (await api.must(hub, `{ allEnrollments(filter: { laborerId: "${who.id}", classId: "${cls.id}" }) { id } }`)).allEnrollments[0];
    if (!e) e = (await asClerk('mutation($l: ID!, $c: ID!) { createEnrollment(laborerId: $l, classId: $c, enrolledOn: "2017-03-01") { id } }', { l: who.id, c: cls.id })).createEnrollment;
    ids.push((await asClerk('mutation($l: ID!, $p: ID!, $r: ID!) { createSubsidyPayment(laborerId: $l, policyId: $p, recordId: $r, period: "2017", amount: 1000, appliedOn: "2017-04-01") { id } }', { l: who.id, p: policy.id, r: e.id })).createSubsidyPayment.id);
  }
  assert.equal(ids.length, 3);

  const { page, errors, close } = await as('admin', `/SubsidyPayment?${new URLSearchParams({ filter: JSON.stringify({ policyId: policy.id }) })}`);
  await page.locator('tbody tr').nth(2).waitFor();
  await fits(page, 'admin SubsidyPayment');
  await page.getByRole('checkbox', { name: '全选' }).first().check();
  await page.getByText('已选择 3 项').waitFor();
  // Selection follows the filter: a new filter clears it.
  await page.goto(`${hub.url}/#/SubsidyPayment?${new URLSearchParams({ filter: JSON.stringify({ policyId: policy.id, status: 'APPLIED' }) })}`);
  await page.locator('tbody tr').nth(2).waitFor();
  await settle(page);
  // The bulk toolbar stays in the DOM collapsed as 已选择 0 项: what counts is that no row is selected.
  assert.equal(await page.getByText(/已选择 [1-9]\d* 项/).count(), 0, 'the selection was cleared by the new filter');
  assert.equal(await page.locator('tbody input[type="checkbox"]:checked').count(), 0, 'no row is still ticked');
  await page.getByRole('checkbox', { name: '全选' }).first().check();
  await page.getByTestId('bulk-approve').click();
  const dialog = page.getByTestId('bulk-dialog');
  await dialog.locator('input[name="on"]').fill('2017-04-10');
  await dialog.getByTestId('bulk-confirm').click();
  await dialog.getByTestId('bulk-summary').filter({ hasText: '批量审批：成功 2 条，未成功 1 条' }).waitFor();
  const why = await dialog.getByTestId('bulk-failures').innerText();
  assert.match(why, /南部县2017年度本政策预算2,000元已全部审批/);
  await screenshot(page, 'walk-admin-bulk-summary');
  await dialog.getByTestId('bulk-close').click();
  // The list shows the new statuses without a manual refresh (the filter is APPLIED: one row is left).
  await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
  // Bulk pay the two approved ones.
  await page.goto(`${hub.url}/#/SubsidyPayment?${new URLSearchParams({ filter: JSON.stringify({ policyId: policy.id, status: 'APPROVED' }) })}`);
  await page.locator('tbody tr').nth(1).waitFor();
  await settle(page);
  await page.getByRole('checkbox', { name: '全选' }).first().check();
  await page.getByTestId('bulk-pay').click();
  await dialog.locator('input[name="on"]').fill('2017-04-20');
  await dialog.getByTestId('bulk-confirm').click();
  await dialog.getByTestId('bulk-summary').filter({ hasText: '批量发放：2 条全部成功' }).waitFor();
  await dialog.getByTestId('bulk-close').click();
  const paid = await api.must(hub, `{ _allSubsidyPaymentsMeta(filter: { policyId: "${policy.id}", status: PAID }) { count } }`);
  assert.equal(paid._allSubsidyPaymentsMeta.count, 2);
  const applied = await api.must(hub, `{ allSubsidyPayments(filter: { policyId: "${policy.id}", status: APPLIED }) { id } }`);
  assert.equal(applied.allSubsidyPayments.length, 1);
  // Bulk reject over the whole policy: the one still applied is rejected, the two paid ones cannot be,
  // and the summary says so with the reason per row.
  await page.goto(`${hub.url}/#/SubsidyPayment?${new URLSearchParams({ filter: JSON.stringify({ policyId: policy.id }) })}`);
  await page.locator('tbody tr').nth(2).waitFor();
  await settle(page);
  await page.getByRole('checkbox', { name: '全选' }).first().check();
  await page.getByText('已选择 3 项').waitFor();
  await page.getByTestId('bulk-reject').click();
  await dialog.locator('textarea[name="reason"]').first().fill('预算已用完，下年度再申请');
  await dialog.getByTestId('bulk-confirm').click();
  await dialog.getByTestId('bulk-summary').filter({ hasText: '批量驳回：成功 1 条，未成功 2 条' }).waitFor();
  const whyNot = await dialog.getByTestId('bulk-failures').locator('tbody tr').allInnerTexts();
  assert.equal(whyNot.length, 2, whyNot.join(' / '));
  assert.ok(whyNot.every((t) => /[\u4e00-\u9fa5]/.test(t) && !/INTERNAL|服务器内部错误/.test(t)), whyNot.join(' / '));
  await noEnglishLabels(page, 'admin bulk reject summary');
  await screenshot(page, 'walk-admin-bulk-reject');
  await dialog.getByTestId('bulk-close').click();
  const rejected = await api.must(hub, `{ allSubsidyPayments(filter: { policyId: "${policy.id}", status: REJECTED }) { id } }`);
  assert.deepEqual(rejected.allSubsidyPayments.map((p) => p.id), applied.allSubsidyPayments.map((p) => p.id));
  // The payment names its record, not an internal id.
  await page.goto(`${hub.url}/#/SubsidyPayment/${ids[0]}/show`);
  await page.getByTestId('payment-record').filter({ hasText: '培训报名：老鸦电商培训班' }).waitFor();
  assert.deepEqual(errors, []);
  await close();
});

test('budget messages say which case, with the county, the year and what to do (items 6, 7)', async () => {
  // No budget for that year: the travel policy has a 2017 budget for 南部县, the payment is for 2018.
  const pay = (await asClerk(
    'mutation($l: ID!, $p: ID!, $r: ID!) { createSubsidyPayment(laborerId: $l, policyId: $p, recordId: $r, period: "2018", amount: 500, appliedOn: "2018-01-05") { id } }',
    { l: laborer.id, p: travel.id, r: employment.id },
  )).createSubsidyPayment;
  const { page, errors, close } = await as('admin', `/SubsidyPayment/${pay.id}/show`);
  await page.getByTestId('decision-approve').first().click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[name="on"]').fill('2018-01-10');
  await dialog.getByTestId('decision-confirm').click();
  await page.getByText('南部县2018年度未下达本政策预算，请联系市级管理员').first().waitFor();
  await screenshot(page, 'walk-admin-no-budget');
  await page.keyboard.press('Escape');

  // A budget lowered below what is approved (the training policy's 2,000 are approved): refused with the numbers.
  const approved = (await api.must(hub, `{ _allSubsidyPaymentsMeta(filter: { policyId: "${policy.id}", status: PAID }) { count } }`))._allSubsidyPaymentsMeta.count;
  assert.equal(approved, 2, 'the batch test paid two of 1,000');
  const [budget] = (await api.must(hub, `{ allPolicyBudgets(filter: { policyId: "${policy.id}" }) { id } }`)).allPolicyBudgets;
  await page.goto(`${hub.url}/#/PolicyBudget/${budget.id}`);
  const amount = page.locator('input[name="budget"]');
  await amount.waitFor();
  await page.waitForFunction(() => document.querySelector('input[name="budget"]')?.value === '2000');
  await amount.fill('1000');
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('南部县2017年度本政策已审批2,000元，预算不能调低到1,000元').first().waitFor();
  await noEnglishLabels(page, 'admin budget lowered');
  await screenshot(page, 'walk-admin-budget-below-approved');
  const still = (await api.must(hub, `{ PolicyBudget(id: "${budget.id}") { budget } }`)).PolicyBudget.budget;
  assert.equal(still, 2000);
  assert.deepEqual(errors, []);
  await close();
});

test('the 南部县 leader starts at 南部县, gets 无权查看 elsewhere, and has the subsidy tracking page (items 5, 10)', async () => {
  const { page, errors, close } = await as('nanbu-leader');
  await page.locator(`[data-testid="dashboard"][data-region="${NANBU}"]`).waitFor();
  await page.getByTestId('card-laborers-value').waitFor();
  await settle(page);
  await fits(page, 'leader dashboard');
  await noEnglishLabels(page, 'leader dashboard');
  await page.getByTestId('children-total').waitFor();
  await screenshot(page, 'walk-leader-dashboard');
  // At 1366 every bar of 南部县's townships has its label, and each value axis has one unit (item 9).
  const tickTexts = (chart, axis) => page.getByTestId(chart).locator(`.MuiChartsAxis-${axis} .MuiChartsAxis-tickLabel`).allTextContents();
  const townships = await page.getByTestId('children-table').locator('tbody tr').count();
  assert.ok(townships > 9, `南部县 has many townships: ${townships}`);
  const barLabels = (await tickTexts('chart-children', 'bottom')).filter((t) => t.trim());
  assert.equal(barLabels.length, townships, `every bar labelled: ${barLabels.length} labels for ${townships} townships`);
  for (const chart of ['chart-children', 'chart-trend']) {
    const ticks = await tickTexts(chart, 'left');
    assert.ok(ticks.length > 1 && ticks.every((t) => /^[\d,]+$/.test(t)), `${chart}: one unit, counts: ${ticks}`);
  }
  // Money charts: whole yuan on the axis, the unit 元 in the title (never 万 next to plain numbers).
  await page.goto(`${hub.url}/#/dashboard/${NANBU}?chart=subsidyPaid`);
  await page.getByTestId('chart-children').locator('.MuiChartsAxis-left .MuiChartsAxis-tickLabel').first().waitFor();
  await settle(page);
  for (const chart of ['chart-children', 'chart-trend']) {
    assert.match(await page.getByTestId(chart).locator('h6').first().innerText(), /（元）$/);
    const ticks = await tickTexts(chart, 'left');
    assert.ok(ticks.length > 1 && ticks.every((t) => /^[\d,]+$/.test(t)), `${chart}: whole yuan: ${ticks}`);
  }
  await screenshot(page, 'walk-leader-dashboard-money');
  // The city's page opens their county; another county says 无权查看.
  await page.goto(`${hub.url}/#/dashboard/${CITY}`);
  await page.locator(`[data-testid="dashboard"][data-region="${NANBU}"]`).waitFor();
  await page.goto(`${hub.url}/#/dashboard/${LANGZHONG}`);
  await page.getByTestId('not-yours').filter({ hasText: '无权查看' }).waitFor();
  // A year instead of an as-of date.
  await page.goto(`${hub.url}/#/dashboard/${NANBU}?year=2017`);
  await page.getByTestId('period-note').filter({ hasText: '2017-01 至 2017-12' }).waitFor();
  // Subsidy tracking: in the menu, at 南部县, every policy's execution.
  await page.getByRole('menuitem', { name: '补贴资金跟踪' }).click();
  await page.getByTestId('tracking-page').waitFor();
  await page.getByTestId('tracking-policies').waitFor();
  await settle(page);
  assert.match(await page.getByTestId('dashboard-breadcrumb').innerText(), /南部县$/);
  await fits(page, 'leader tracking');
  await screenshot(page, 'walk-leader-tracking');
  // Tracking follows the dashboard's rule: another county says 无权查看 (not the hub's refusal), the city
  // opens their county (item 8).
  await page.goto(`${hub.url}/#/tracking?${new URLSearchParams({ policyId: policy.id, regionCode: LANGZHONG, year: '2017' })}`);
  await page.getByTestId('tracking-page').getByTestId('not-yours').filter({ hasText: '无权查看' }).waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: /没有|权限不足|服务器/ }).count(), 0);
  await screenshot(page, 'walk-leader-tracking-not-yours');
  await page.goto(`${hub.url}/#/tracking?${new URLSearchParams({ policyId: policy.id, regionCode: CITY, year: '2017' })}`);
  await page.getByTestId('tracking-totals').waitFor();
  assert.match(await page.getByTestId('dashboard-breadcrumb').innerText(), /南部县$/);
  assert.deepEqual(errors, []);
  await close();
});

test('the administrator manages users and reads the audit trail; the clerk changes her password; a wrong password says only why (item 12, smaller things)', async () => {
  // The demo data brings its own clerks (demo.*, listed first): the administrator searches for a user.
  const { page, errors, close } = await as('admin', `/User?${new URLSearchParams({ filter: JSON.stringify({ q: 'laoya' }) })}`);
  await page.getByRole('cell', { name: 'laoya' }).first().waitFor();
  await page.getByRole('link', { name: '新建' }).click();
  await page.locator('input[name="username"]').fill('newclerk');
  await page.locator('input[name="displayName"]').fill('新经办员');
  await page.locator('input[name="password"]').fill('first-password-2017');
  const county = page.getByRole('combobox', { name: '县(区、市)' });
  await county.click();
  await county.fill('南部县');
  await page.getByRole('option', { name: '南部县', exact: true }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/User(\?|$)/).catch(async () => {
    await screenshot(page, 'walk-admin-user-create-failed');
    throw new Error(`user not created: ${await page.locator('.MuiSnackbarContent-message, .Mui-error').allInnerTexts()}`);
  });
  await page.goto(`${hub.url}/#/User?${new URLSearchParams({ filter: JSON.stringify({ q: 'newclerk' }) })}`);
  await page.getByRole('cell', { name: 'newclerk' }).waitFor();
  await page.getByRole('cell', { name: 'newclerk' }).click();
  // 重置密码: the new password goes into hidden password fields, typed twice (never a visible text box).
  await page.getByTestId('reset-password').click();
  const reset = page.getByRole('dialog');
  assert.equal(await reset.locator('textarea, input[type="text"]').count(), 0, 'no visible text box for the password');
  assert.equal(await page.getByTestId('reset-new').getAttribute('type'), 'password');
  assert.equal(await page.getByTestId('reset-repeat').getAttribute('type'), 'password');
  await page.getByTestId('reset-new').fill('second-password-2017');
  await page.getByTestId('reset-repeat').fill('second-password-2018');
  await reset.getByText('两次输入的新密码不一致').waitFor();
  assert.equal(await page.getByTestId('reset-confirm').isDisabled(), true, 'nothing is sent while the two differ');
  await page.getByTestId('reset-repeat').fill('second-password-2017');
  await screenshot(page, 'walk-admin-reset-password');
  await page.getByTestId('reset-confirm').click();
  await page.locator('.MuiSnackbarContent-message').filter({ hasText: '密码已重置' }).waitFor();
  const signIn = (u, pw) => hub.gql('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u, p: pw });
  const signed = await signIn('newclerk', 'second-password-2017');
  assert.ok(signed.data?.signIn?.token, JSON.stringify(signed.errors));
  // 停用: the user can no longer sign in, and the list says so.
  await page.getByTestId('user-deactivate').click();
  await page.locator('.MuiSnackbarContent-message').filter({ hasText: '已停用' }).waitFor();
  await page.getByTestId('user-activate').waitFor();
  const refused = await signIn('newclerk', 'second-password-2017');
  assert.ok(!refused.data?.signIn?.token && refused.errors?.length, 'a deactivated user cannot sign in');
  assert.equal((await api.must(hub, '{ allUsers(filter: { q: "newclerk" }) { active } }')).allUsers[0].active, false);
  await screenshot(page, 'walk-admin-user-deactivated');
  // 操作日志: overall, and of one record (who, when in local time, what changed).
  await page.goto(`${hub.url}/#/AuditLog?${new URLSearchParams({ displayedFilters: JSON.stringify({ at_gte: true, at_lte: true }) })}`);
  await page.locator('tbody tr').first().waitFor();
  assert.match(await page.locator('tbody tr').first().innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  await fits(page, 'admin AuditLog');
  // 时间起 / 时间止 are days typed yyyy-mm-dd (no browser date-time control): a day in the future empties
  // the list, today's day range keeps today's entries.
  await noEnglishLabels(page, 'admin AuditLog with its date filters');
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  await page.locator('input[name="at_gte"]').fill('2099-01-01');
  await page.getByText('当前筛选条件下没有操作日志').waitFor();
  await page.locator('input[name="at_gte"]').fill(day);
  await page.locator('input[name="at_lte"]').fill(day);
  await page.locator('tbody tr').first().waitFor();
  assert.equal(await page.getByText('服务器内部错误').count(), 0);
  await screenshot(page, 'walk-admin-audit-days');
  // What changed reads in words: no stored field name (passwordHash, duty) or code (OPERATOR) in the
  // changes column, and no password hash at all.
  const changes = (await page.locator('tbody tr td:last-child').allInnerTexts()).join('\n');
  const raw = changes.match(/\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]{2,}(_[A-Z]+)*\b|scrypt|\$/g);
  assert.equal(raw, null, `the changes column reads in words, yet shows ${raw?.join(', ')}`);
  await screenshot(page, 'walk-admin-audit');
  await page.goto(`${hub.url}/#/Laborer/${laborer.id}/show`);
  await page.getByTestId('record-history-button').click();
  await page.getByTestId('history-entry').filter({ hasText: '联系电话' }).filter({ hasText: '13981234567' }).waitFor();
  assert.deepEqual(errors, []);
  await close();

  const clerk = await as('laoya', '/account/password');
  await clerk.page.locator('input[name="currentPassword"]').fill(PASSWORD);
  await clerk.page.locator('input[name="newPassword"]').fill(`${PASSWORD}-new`);
  await clerk.page.locator('input[name="repeatPassword"]').fill(`${PASSWORD}-new`);
  await clerk.page.getByRole('button', { name: '保存新密码' }).click();
  await clerk.page.locator('.MuiSnackbarContent-message').filter({ hasText: '密码已修改' }).waitFor().catch(async () => {
    await screenshot(clerk.page, 'walk-clerk-password-failed');
    throw new Error(`password not changed: ${await clerk.page.locator('.MuiSnackbarContent-message, .MuiAlert-message, .Mui-error, [role="alert"]').allInnerTexts()}`);
  });
  await api.must(hub, 'mutation($id: ID!, $p: String!) { setPassword(id: $id, password: $p) { id } }', {
    id: (await api.must(hub, '{ allUsers(filter: { q: "laoya" }) { id } }')).allUsers[0].id,
    p: PASSWORD,
  });
  await clerk.close();

  const context = await browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  const p = await context.newPage();
  const requests = [];
  p.on('request', (r) => r.postData()?.includes('signOut') && requests.push('signOut'));
  const message = await failedSignIn(p, hub, { username: 'laoya', password: 'wrong-password' });
  assert.equal(message.trim(), '用户名或密码错误');
  assert.deepEqual(requests, [], 'the sign-in screen ends no session');
  await context.close();
});

test('every export button on the users, audit and target lists works: no 导出 CSV that does nothing (issue 17)', async () => {
  const ExcelJS = require('exceljs');
  const { exportXlsx } = require('../lib/pom/imports');
  const { page, errors, close } = await as('admin');
  await page.locator('[data-testid="dashboard"]').waitFor();
  for (const r of ['User', 'AuditLog', 'TargetProfile']) {
    await page.goto(`${hub.url}/?list=${r}#/${r}`);
    await page.locator('tbody tr, .RaEmpty-message').first().waitFor();
    await settle(page);
    // These lists have no CSV exporter: no CSV button. The Excel export (made by the hub) gives a file.
    assert.equal(await page.getByRole('button', { name: '导出 CSV' }).count(), 0, `${r}: 导出 CSV shown but does nothing`);
    if (await page.locator('.RaEmpty-message').count()) continue;
    const { name, path: file } = await exportXlsx({ page });
    assert.match(name, /\.xlsx$/, r);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets.find((s) => s.state !== 'hidden');
    assert.ok(sheet.rowCount > 1, `${r}: the workbook has rows`);
    await fits(page, `admin ${r}`);
  }
  await screenshot(page, 'walk-admin-TargetProfile');
  assert.deepEqual(errors, []);
  await close();
});

const RESOURCES = [
  'Region', 'Household', 'Laborer', 'TrainingProvider', 'TrainingClass', 'Enrollment', 'Employment', 'Enterprise', 'JobFair', 'WelfarePost', 'WelfarePlacement',
  'GuaranteedLoan', 'DreamSchooling', 'Policy', 'PolicyBudget', 'SubsidyPayment',
];

// Lists that hold records for each person in the demo data (the clerk reads her county's classes, providers,
// policies, budgets and job fairs; the administrator reads everything).
const RESOURCES_WITH_ROWS = {
  laoya: ['Region', 'Household', 'Laborer', 'TrainingProvider', 'TrainingClass', 'Policy', 'PolicyBudget', 'JobFair'],
  admin: RESOURCES,
};

test('every list fits 1366x768 with its toolbar in view, for the clerk and the administrator; the dashboard too (items 15, 16)', async () => {
  for (const who of ['laoya', 'admin']) {
    const { page, errors, close } = await as(who);
    await page.locator('[data-testid="dashboard"]').waitFor();
    await page.getByTestId('card-laborers-value').waitFor();
    await settle(page);
    await fits(page, `${who} dashboard`);
    await screenshot(page, `walk-${who}-dashboard`);
    for (const r of RESOURCES) {
      // A new document for each list (the query string changes): rows or buttons still on screen from the
      // previous list cannot answer for this one.
      await page.goto(`${hub.url}/?list=${r}#/${r}`);
      await page.locator('tbody tr, .RaList-noResults, .RaEmpty-message').first().waitFor();
      await settle(page);
      // react-admin shows a list with no rows at all as its empty page (no toolbar): that page offers the
      // import to those who may write; a list with rows has both exports in its toolbar.
      if (await page.locator('.RaEmpty-message').count()) {
        assert.ok(!RESOURCES_WITH_ROWS[who].includes(r), `${who} ${r}: the list has records, yet the empty page shows`);
      } else {
        await page.getByRole('button', { name: '导出 CSV' }).waitFor();
        await page.getByRole('button', { name: '导出 Excel' }).waitFor();
      }
      await fits(page, `${who} ${r}`);
      await noEnglishLabels(page, `${who} ${r}`);
      if (r === 'Laborer' || r === 'GuaranteedLoan' || r === 'SubsidyPayment') await screenshot(page, `walk-${who}-${r}`);
    }
    assert.deepEqual(errors, []);
    await close();
  }
});
