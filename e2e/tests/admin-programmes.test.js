// Journeys of a clerk through the programmes: enroll a laborer in a training class, apply for the training
// subsidy, approve and pay it with the buttons of the payment's page, then see the laborer's timeline, the
// dashboard and the subsidy tracking page count it. Server refusals land next to their input, in Chinese.
// A guaranteed loan moves through its statuses by its buttons; a payment is rejected with a reason.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startHub } = require('../lib/hub');
const { launch } = require('../lib/browser');
const { AdminApp } = require('../lib/pom/admin');
const { DashboardPage, TrackingPage } = require('../lib/pom/dashboard');
const api = require('../lib/pom/api');

const CITY = '511300000000';
const NANBU = '511321000000';

let hub;
let browser;
let laborer;
let cls;
let policy;
before(async () => {
  hub = await startHub({ seedScale: '0.01', env: api.HUB_ENV });
  browser = await launch();
  // A newly registered laborer in 南部县 who wants training, a class, and a training subsidy with a budget.
  const [village] = await api.villagesOf(hub, NANBU, 1);
  const household = await api.createHousehold(hub, village.id, '罗志强');
  laborer = await api.createLaborer(hub, household.id, '罗小琴', api.makeIdNumber({ birth: '19950812', male: false }), { wantsTraining: true });
  ({ cls } = await api.createTrainingClass(hub, { title: '电商下乡培训班（南部）', startDate: '2017-04-01', endDate: '2017-04-20' }));
  ({ policy } = await api.createPolicyWithBudget(hub, { name: '贫困劳动力电商技能培训补贴', amount: 1500 }));
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

const money = (y) => `${y.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`;

/** Chooses a record in a server-searched autocomplete by typing part of its name. */
async function pick(app, source, typed, option) {
  await app.input(source).fill(typed);
  await app.page.getByRole('option', { name: option }).first().click();
}

/** Opens the dialog of a decision button, enters the day or the reason, confirms. */
async function decide(app, button, value) {
  await app.page.getByTestId(`decision-${button}`).first().click();
  const dialog = app.page.getByRole('dialog');
  await dialog.locator('input[name="on"], textarea[name="reason"]').first().fill(value);
  await dialog.getByTestId('decision-confirm').click();
  return dialog;
}

test('enroll a laborer, pay the training subsidy, and see it on the timeline, the dashboard and the tracking page', async () => {
  const before = await api.regionStats(hub, CITY, 'trained subsidyPaid');
  const app = await AdminApp.open(browser, hub, '/');
  const { page } = app;
  const dash = new DashboardPage(app);
  await dash.waitFor(CITY);
  assert.equal(await dash.card('trained'), before.trained.toLocaleString('en-US'));

  // The class's page: enroll from there (the class and its first day come along).
  await app.goto(`/TrainingClass/${cls.id}/show`);
  await page.getByText('电商下乡培训班（南部）').first().waitFor();
  await page.getByTestId('enroll-button').click();
  await page.waitForURL(/#\/Enrollment\/create/);
  const classText = '电商下乡培训班（南部）（2017-04-01）';
  assert.equal(await app.until(() => app.input('classId').inputValue(), classText), classText);
  assert.equal(await app.input('enrolledOn').inputValue(), '2017-04-01');
  await pick(app, 'laborerId', '罗小', /^罗小琴/);
  await page.getByLabel('已结业').check();
  await app.input('completedOn').fill('2017-04-20');
  await app.input('certificateNo').fill('NB2017-0420-01');
  await app.shot('enrollment-create');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/Enrollment\/\d+\/show/);
  const enrollmentId = /Enrollment\/(\d+)\/show/.exec(page.url())[1];

  // From the enrollment: apply for the subsidy (laborer and record already chosen).
  await page.getByRole('link', { name: '申请补贴' }).click();
  await page.waitForURL(/#\/SubsidyPayment\/create/);
  await pick(app, 'policyId', '电商技能', '贫困劳动力电商技能培训补贴');
  await page.locator('.ra-input-recordId').getByText('电商下乡培训班（南部）（2017-04-01）').waitFor();
  await app.input('period').fill('2017');
  await app.input('amount').fill('2000');
  await app.input('appliedOn').fill('2017-05-02');
  await page.getByRole('button', { name: '保存' }).click();
  // Above the policy's amount: refused before it reaches the server.
  await app.inputError('amount').filter({ hasText: '不能大于 1500' }).waitFor();
  await app.input('amount').fill('1500');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/SubsidyPayment\/\d+\/show/);
  await page.getByTestId('payment-status').getByText('已申请').waitFor();

  // The one who applied never approves or pays: a second city administrator does, in their own browser.
  const paymentPath = page.url().split('#')[1];
  await decide(app, 'approve', '2017-05-10');
  await page.getByText('不能审批或支付自己申请的补贴').first().waitFor();
  await page.keyboard.press('Escape');
  const approverApp = await AdminApp.open(browser, hub, paymentPath, await api.approver(hub));
  const status = approverApp.page.getByTestId('payment-status');
  await status.getByText('已申请').waitFor();

  // Approve: a day before the application is refused by the hub, next to the day; then the right day.
  let dialog = await decide(approverApp, 'approve', '2017-04-01');
  await dialog.locator('.Mui-error').filter({ hasText: '不能早于上一步的日期' }).first().waitFor();
  await approverApp.shot('payment-approve-refused');
  await dialog.locator('input[name="on"]').fill('2017-05-10');
  await dialog.getByTestId('decision-confirm').click();
  await approverApp.notification().filter({ hasText: '已审批' }).waitFor();
  await status.getByText('已审批').waitFor();
  dialog = await decide(approverApp, 'pay', '2017-05-20');
  await dialog.waitFor({ state: 'detached' });
  await status.getByText('已发放').waitFor();
  assert.equal(await approverApp.page.getByTestId('payment-status-buttons').getByRole('button').count(), 0, 'a paid payment has no next step');
  await approverApp.shot('payment-paid');
  await approverApp.context.close();
  const r = await api.must(hub, `{ allSubsidyPayments(filter: { laborerId: "${laborer.id}" }) { status amount recordId approvedOn paidOn } }`);
  assert.deepEqual(r.allSubsidyPayments, [{ status: 'PAID', amount: 1500, recordId: enrollmentId, approvedOn: '2017-05-10', paidOn: '2017-05-20' }]);

  // The laborer's timeline: the training and the payment, in date order.
  await app.goto(`/Laborer/${laborer.id}/show`);
  const timeline = page.getByTestId('laborer-timeline');
  await timeline.getByRole('link', { name: '电商下乡培训班（南部）' }).waitFor();
  await timeline.getByRole('link', { name: '贫困劳动力电商技能培训补贴' }).waitFor();
  await timeline.getByText('1,500.00元').waitFor();
  const kinds = await timeline.locator('[data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  assert.deepEqual(kinds.filter((k) => k === 'TRAINING' || k === 'PAYMENT'), ['TRAINING', 'PAYMENT']);
  await app.shot('laborer-timeline');

  // The dashboard counts one more person trained and 1,500 yuan more paid (both before the report date).
  await app.goto('/');
  await dash.waitFor(CITY);
  assert.equal(await app.until(() => dash.card('trained'), (before.trained + 1).toLocaleString('en-US')), (before.trained + 1).toLocaleString('en-US'));
  assert.equal(await dash.card('subsidyPaid'), money(before.subsidyPaid + 1500));
  await dash.shot('dashboard-after-payment');

  // The tracking page: the policy's budget, approved and paid, 南部县's bar and row, and the payment behind it.
  await app.goto(`/tracking?policyId=${policy.id}&regionCode=${CITY}&year=2017`);
  const tracking = new TrackingPage(app);
  await page.getByTestId('tracking-chart').locator('svg rect').first().waitFor();
  // One money format on the page: yuan with separators and 元 (no ¥ next to 万元), axes in whole yuan.
  assert.equal(await tracking.total('budget'), '300,000.00元');
  assert.equal(await tracking.total('paid'), '1,500.00元');
  assert.equal(await tracking.total('remaining'), '298,500.00元');
  const ticks = await page.getByTestId('tracking-chart').locator('.MuiChartsAxis-left .MuiChartsAxis-tickLabel').allTextContents();
  assert.ok(ticks.length > 1 && ticks.every((t) => /^[\d,]+$/.test(t)), `money axis in whole yuan: ${ticks}`);
  assert.doesNotMatch(await page.getByTestId('tracking-totals').innerText(), /¥|万/);
  // Table cells in yuan, the unit in the header (one format down a column).
  assert.equal(await page.getByTestId(`tracking-paid-${NANBU}`).innerText(), '1,500.00');
  await tracking.shot('tracking-city');
  await page.getByTestId(`tracking-paid-${NANBU}`).click();
  await page.waitForURL(/#\/SubsidyPayment\?/);
  assert.equal(await app.until(() => app.listTotal(), 1), 1);
  await page.getByRole('cell', { name: '罗小琴' }).waitFor();
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('enrolling the same laborer twice is refused by the hub next to the laborer', async () => {
  const app = await AdminApp.open(browser, hub, `/Enrollment/create`);
  const { page } = app;
  await pick(app, 'laborerId', '罗小', /^罗小琴/);
  await pick(app, 'classId', '电商下乡', /^电商下乡培训班（南部）/);
  await app.input('enrolledOn').fill('2017-04-02');
  await page.getByRole('button', { name: '保存' }).click();
  await app.inputError('laborerId').filter({ hasText: '该贫困劳动力已报名此培训班' }).waitFor();
  assert.match(page.url(), /#\/Enrollment\/create/);
  await app.shot('enrollment-duplicate');
  // The console error of the refused request is react-admin's own log of the server's answer.
  assert.deepEqual(app.errors.filter((e) => !/已报名此培训班/.test(e)), []);
  await app.close();
});

test('a guaranteed loan moves through its statuses by its buttons; a payment is rejected with a reason', async () => {
  const { createGuaranteedLoan: loan } = await api.must(
    hub,
    'mutation($l: ID!) { createGuaranteedLoan(laborerId: $l, purpose: ECOMMERCE, bank: "南部县农村信用社", amount: 50000, termMonths: 24, annualRate: 0.0435, appliedOn: "2017-03-01") { id } }',
    { l: laborer.id },
  );
  const app = await AdminApp.open(browser, hub, `/GuaranteedLoan/${loan.id}/show`);
  const { page } = app;
  const buttons = page.getByTestId('loan-status-buttons');
  await buttons.getByRole('button', { name: '审批通过' }).waitFor();
  assert.deepEqual(await buttons.getByRole('button').allInnerTexts(), ['审批通过']);
  await decide(app, 'APPROVED', '2017-03-10');
  await buttons.getByRole('button', { name: '发放贷款' }).waitFor();
  await decide(app, 'DISBURSED', '2017-03-15');
  await buttons.getByRole('button', { name: '登记还清' }).waitFor();
  assert.deepEqual(await buttons.getByRole('button').allInnerTexts(), ['登记还清', '登记逾期']);
  await app.shot('loan-disbursed');
  const r = await api.must(hub, `{ GuaranteedLoan(id: "${loan.id}") { status approvedOn disbursedOn } }`);
  assert.deepEqual(r.GuaranteedLoan, { status: 'DISBURSED', approvedOn: '2017-03-10', disbursedOn: '2017-03-15' });

  // A second application for the training subsidy, rejected from the list with a reason.
  const enrollment = (await api.must(hub, `{ allEnrollments(filter: { laborerId: "${laborer.id}" }) { id } }`)).allEnrollments[0];
  await api.must(hub, 'mutation($l: ID!, $p: ID!, $r: ID!) { createSubsidyPayment(laborerId: $l, policyId: $p, recordId: $r, period: "2018", amount: 1500, appliedOn: "2018-01-05") { id } }', {
    l: laborer.id,
    p: policy.id,
    r: enrollment.id,
  });
  await app.goto(`/SubsidyPayment?${new URLSearchParams({ filter: JSON.stringify({ laborerId: laborer.id, status: 'APPLIED' }) })}`);
  await page.getByRole('cell', { name: '2018', exact: true }).waitFor();
  await decide(app, 'reject', '同一培训已领取过补贴');
  await app.notification().filter({ hasText: '已驳回' }).waitFor();
  const rejected = await api.must(hub, `{ allSubsidyPayments(filter: { laborerId: "${laborer.id}", period: "2018" }) { status rejectReason } }`);
  assert.deepEqual(rejected.allSubsidyPayments, [{ status: 'REJECTED', rejectReason: '同一培训已领取过补贴' }]);
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('ticked applications are approved together on one day', async () => {
  const [village] = await api.villagesOf(hub, NANBU, 1);
  const household = await api.createHousehold(hub, village.id, '蒲国华');
  const ids = [];
  for (const [name, birth] of [
    ['蒲晓东', '19880304'],
    ['蒲晓燕', '19900611'],
  ]) {
    const l = await api.createLaborer(hub, household.id, name, api.makeIdNumber({ birth }), { wantsTraining: true });
    const { createEnrollment: e } = await api.must(hub, 'mutation($l: ID!, $c: ID!) { createEnrollment(laborerId: $l, classId: $c, enrolledOn: "2017-04-01", completed: true, completedOn: "2017-04-20") { id } }', { l: l.id, c: cls.id });
    const { createSubsidyPayment: p } = await api.must(hub, 'mutation($l: ID!, $p: ID!, $r: ID!) { createSubsidyPayment(laborerId: $l, policyId: $p, recordId: $r, period: "2017", amount: 1500, appliedOn: "2017-05-03") { id } }', {
      l: l.id,
      p: policy.id,
      r: e.id,
    });
    ids.push(p.id);
  }
  // Applied as admin through the API; approved by the second administrator (never by the applicant).
  const app = await AdminApp.open(browser, hub, `/SubsidyPayment?${new URLSearchParams({ filter: JSON.stringify({ policyId: policy.id, status: 'APPLIED' }) })}`, await api.approver(hub));
  const { page } = app;
  assert.equal(await app.until(() => app.listTotal(), 2), 2);
  await page.getByRole('checkbox', { name: '全选' }).first().check();
  await page.getByTestId('bulk-approve').click();
  const dialog = page.getByTestId('bulk-dialog');
  await dialog.locator('input[name="on"]').fill('2017-05-12');
  await dialog.getByTestId('bulk-confirm').click();
  await dialog.getByTestId('bulk-summary').filter({ hasText: '批量审批：2 条全部成功' }).waitFor();
  await dialog.getByTestId('bulk-close').click();
  const r = await api.must(hub, `{ allSubsidyPayments(filter: { ids: ${JSON.stringify(ids)} }) { status approvedOn } }`);
  assert.deepEqual(r.allSubsidyPayments, [
    { status: 'APPROVED', approvedOn: '2017-05-12' },
    { status: 'APPROVED', approvedOn: '2017-05-12' },
  ]);
  await app.shot('payments-bulk-approved');
  assert.deepEqual(app.errors, []);
  await app.close();
});
