import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

// hub.countQueries matches log lines starting with "[query]"; MikroORM colours them unless told not to.
process.env.MIKRO_ORM_NO_COLOR = '1';

const CITY = '511300000000';
const NANBU = '511321000000';
const LANGZHONG = '511381000000';

let hub: TestHub;
let t: Programmes;
let villageA: string;
let ann: string;
let bo: string;
let teen: string;
const id: Record<string, string> = {};

const PROGRAMS = `query($r: ID, $k: [ProgramKind!], $from: LocalDate, $to: LocalDate, $page: Int, $perPage: Int) {
  programs(regionCode: $r, kinds: $k, from: $from, to: $to, page: $page, perPage: $perPage) {
    __typename id programKind title regionId region { code level } startDate endDate participantsCount subsidyApproved subsidyPaid
    ... on TrainingClass { capacity trainingKind: kind }
    ... on WelfarePost { monthlyPay }
    ... on JobFair { venue laborersRegistered }
    ... on GuaranteedLoan { bank status }
    ... on DreamSchooling { school major }
    ... on Employment { employer employmentKind: kind }
    ... on Enterprise { name sector }
  }
  _programsMeta(regionCode: $r, kinds: $k, from: $from, to: $to) { count }
}`;
type Row = Record<string, unknown> & { __typename: string; id: string; programKind: string };
const programs = async (vars: Record<string, unknown>) => {
  const r = await hub.gql(PROGRAMS, vars);
  expect(r.errors).toBeUndefined();
  return { rows: r.data.programs as Row[], count: r.data._programsMeta.count as number };
};
const keys = (rows: Row[]) => rows.map((r) => `${r.programKind}:${r.id}`);

/** One programme of each kind in 南部县, in start order, and a class in 阆中市. */
beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  villageA = await t.village(NANBU);
  ann = await t.laborer(villageA, '安');
  bo = await t.laborer(villageA, '柏');
  teen = await t.laborer(villageA, '童', '20010301');
  id.employment = await t.employment(ann, '宁波服装厂', '2016-11-01');
  id.loan = await t.loan(ann, { amount: 20000, termMonths: 12, annualRate: 0.05, appliedOn: '2017-01-15', bank: '南部县农商银行' });
  id.post = await t.post(villageA, '村道保洁', 600);
  id.placement = await t.placement(id.post, bo, '2017-02-01');
  id.training = await t.trainingClass(NANBU, '厨师培训', '2017-03-01', '2017-04-30');
  id.annEnrollment = await t.enroll(id.training, ann, '2017-02-20');
  id.boEnrollment = await t.enroll(id.training, bo, '2017-02-21');
  id.fair = await t.jobFair(NANBU, '春风行动招聘会', '2017-05-10', 120);
  id.enterprise = await t.enterprise(ann, '安家农家乐', '2017-06-01');
  id.schooling = await t.schooling(teen, 2017, '南充技师学院', '数控技术');
  id.otherTraining = await t.trainingClass(LANGZHONG, '阆中电商培训', '2017-01-01', '2017-01-31');

  // Subsidies: the class 1600 approved of which 800 paid, the post 500 approved, the loan 100 paid, the business 5000 applied only.
  const training = await t.policy({ name: '培训补贴', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 800, subsidyKind: 'TRAINING' });
  const post = await t.policy({ name: '岗位补贴', programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 500, subsidyKind: 'POST' });
  const interest = await t.policy({ name: '贷款贴息', programKind: 'LOAN', amountRule: 'INTEREST_SHARE', amount: 1, subsidyKind: 'LOAN_INTEREST' });
  const startup = await t.policy({ name: '创业补贴', programKind: 'ENTERPRISE', amountRule: 'PER_PERSON', amount: 5000, subsidyKind: 'STARTUP' });
  for (const p of [training, post, interest, startup]) await t.budget(p, NANBU, 2017, 100000);
  const e1 = await t.payment(training, ann, id.annEnrollment, '2017', 800);
  await t.approve(e1, '2017-05-01');
  await t.pay(e1, '2017-05-10');
  await t.approve(await t.payment(training, bo, id.boEnrollment, '2017', 800), '2017-05-01');
  await t.approve(await t.payment(post, bo, id.placement, '2017-02', 500), '2017-03-01');
  const l1 = await t.payment(interest, ann, id.loan, '2017', 100);
  await t.approve(l1, '2017-06-01');
  await t.pay(l1, '2017-06-02');
  await t.payment(startup, ann, id.enterprise, '2017', 5000);
});
afterAll(() => hub?.close());

describe('programs: the Program interface across kinds', () => {
  it('lists every kind of programme in a county in start order, with the common fields and each kind\'s own', async () => {
    const { rows, count } = await programs({ r: NANBU });
    expect(count).toBe(7);
    expect(rows.map((r) => [r.__typename, r.programKind, r.id])).toEqual([
      ['Employment', 'EMPLOYMENT', id.employment],
      ['GuaranteedLoan', 'LOAN', id.loan],
      ['WelfarePost', 'WELFARE_POST', id.post],
      ['TrainingClass', 'TRAINING', id.training],
      ['JobFair', 'JOB_FAIR', id.fair],
      ['Enterprise', 'ENTERPRISE', id.enterprise],
      ['DreamSchooling', 'DREAM_SCHOOLING', id.schooling],
    ]);
    const [employment, loan, post, training, fair, enterprise, schooling] = rows;
    expect(employment).toMatchObject({ title: '宁波服装厂', regionId: villageA, region: { code: villageA, level: 'VILLAGE' }, startDate: '2016-11-01', endDate: null, participantsCount: 1, subsidyApproved: 0, employer: '宁波服装厂', employmentKind: 'TRANSFER' });
    expect(loan).toMatchObject({ title: '南部县农商银行', regionId: villageA, startDate: '2017-01-15', endDate: null, participantsCount: 1, subsidyApproved: 100, subsidyPaid: 100, status: 'APPLIED' });
    expect(post).toMatchObject({ title: '村道保洁', regionId: villageA, startDate: '2017-02-01', endDate: null, participantsCount: 1, subsidyApproved: 500, subsidyPaid: 0, monthlyPay: 600 });
    expect(training).toMatchObject({ title: '厨师培训', regionId: NANBU, region: { level: 'COUNTY' }, startDate: '2017-03-01', endDate: '2017-04-30', participantsCount: 2, subsidyApproved: 1600, subsidyPaid: 800, capacity: 50, trainingKind: 'EMPLOYMENT' });
    expect(fair).toMatchObject({ title: '春风行动招聘会', regionId: NANBU, startDate: '2017-05-10', endDate: '2017-05-10', participantsCount: 120, subsidyApproved: 0, subsidyPaid: 0, venue: '体育馆' });
    expect(enterprise).toMatchObject({ title: '安家农家乐', startDate: '2017-06-01', endDate: null, participantsCount: 1, subsidyApproved: 0, sector: 'CATERING' });
    expect(schooling).toMatchObject({ title: '南充技师学院 数控技术', startDate: '2017-09-01', endDate: null, participantsCount: 1, school: '南充技师学院' });
  });

  it('narrows by kinds, by region (a village has no county-run classes or fairs) and by period', async () => {
    const two = await programs({ r: NANBU, k: ['TRAINING', 'JOB_FAIR'] });
    expect(keys(two.rows)).toEqual([`TRAINING:${id.training}`, `JOB_FAIR:${id.fair}`]);
    expect(two.count).toBe(2);
    const city = await programs({ k: ['TRAINING'] });
    expect(keys(city.rows)).toEqual([`TRAINING:${id.otherTraining}`, `TRAINING:${id.training}`]);
    expect((await programs({ r: CITY, k: ['TRAINING'] })).count).toBe(2);
    expect((await programs({ r: LANGZHONG })).count).toBe(1);
    const village = await programs({ r: villageA });
    expect(village.rows.map((r) => r.programKind)).toEqual(['EMPLOYMENT', 'LOAN', 'WELFARE_POST', 'ENTERPRISE', 'DREAM_SCHOOLING']);
    // Running at some time in May and June 2017: the class ended in April, the schooling starts in September.
    const period = await programs({ r: NANBU, from: '2017-05-01', to: '2017-06-30' });
    expect(period.rows.map((r) => r.programKind)).toEqual(['EMPLOYMENT', 'LOAN', 'WELFARE_POST', 'JOB_FAIR', 'ENTERPRISE']);
    expect(period.count).toBe(5);
  });

  it('pages in start order', async () => {
    const all = await programs({ r: NANBU });
    const second = await programs({ r: NANBU, page: 1, perPage: 3 });
    expect(keys(second.rows)).toEqual(keys(all.rows).slice(3, 6));
    expect(second.count).toBe(7);
    expect((await hub.gql(PROGRAMS, { perPage: 501 })).errors?.[0].extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED' });
    expect((await hub.gql(PROGRAMS, { r: '5113' })).errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'regionCode' });
    expect((await hub.gql(PROGRAMS, { from: '2017-06-01', to: '2017-05-01' })).errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' });
  });

  it("shows a scoped user only the programmes in the user's scope", async () => {
    const analyst = await hub.as('ANALYST', LANGZHONG);
    const city = await analyst(PROGRAMS, {});
    expect(city.errors).toBeUndefined();
    expect(keys(city.data.programs)).toEqual([`TRAINING:${id.otherTraining}`]);
    expect(city.data._programsMeta.count).toBe(1);
    const nanbu = await analyst(PROGRAMS, { r: NANBU });
    expect(nanbu.data).toEqual({ programs: [], _programsMeta: { count: 0 } });
    expect((await hub.anonymous(PROGRAMS, {})).errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('runs a fixed number of queries however many programmes the page holds (no N+1)', async () => {
    const before = await hub.countQueries(() => programs({ r: NANBU }));
    // More of every kind with participants and subsidies.
    const cls = await t.trainingClass(NANBU, '第二期厨师培训', '2017-07-01', '2017-07-31');
    await t.enroll(cls, teen, '2017-06-25');
    await t.placement(await t.post(villageA, '第二个岗位'), ann, '2017-08-01');
    await t.jobFair(NANBU, '秋季招聘会', '2017-10-10', 80);
    await t.loan(bo, { amount: 10000, termMonths: 12, annualRate: 0.05, appliedOn: '2017-08-01' });
    await t.enterprise(bo, '柏家小卖部', '2017-09-01');
    await t.employment(bo, '成都餐馆', '2017-03-01');
    const after = await hub.countQueries(() => programs({ r: NANBU }));
    expect(after.result.count).toBe(13);
    expect(before.queries.length).toBeGreaterThan(0);
    expect(after.queries.length).toBe(before.queries.length);
  });
});
