import { regionPrefix } from '@fupin/schema';
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
let policy: string;
let ann: string;
let bo: string;
let lan: string;
let villageA: string;
let villageB: string;
let ids: Record<string, string> = {};

/**
 * A small known dataset: one monthly post subsidy of 500, budgets 南部县 5000 and 阆中市 3000 for 2017
 * (南部县 1000 for 2016). Ann and Bo live in two townships of 南部县, Lan in 阆中市.
 *
 *   Ann 2016-12  500  approved 2017-01-03              (budget year 2016)
 *   Ann 2017-01  500  approved 2017-02-10, paid 2017-03-05
 *   Ann 2017-02  500  approved 2017-03-10
 *   Bo  2017-01  400  approved 2017-02-15, paid 2017-02-20
 *   Bo  2017-05  450  approved 2017-06-01, then rejected   (not counted)
 *   Lan 2017-03  300  approved 2017-04-01, paid 2017-04-02
 *   Lan 2017-04  500  applied only                         (not counted)
 */
beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  const townships = (await hub.gql(`{ allRegions(filter: { level: TOWNSHIP, parentId: "${NANBU}" }, perPage: 2, sortField: "code") { code } }`)).data.allRegions;
  villageA = await t.village(townships[0].code);
  villageB = await t.village(townships[1].code);
  ann = await t.laborer(villageA, '安');
  bo = await t.laborer(villageB, '柏');
  lan = await t.laborer(await t.village(LANGZHONG), '兰');
  policy = await t.policy({ name: '公益性岗位补贴', programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 500, subsidyKind: 'POST' });
  await t.budget(policy, NANBU, 2017, 5000);
  await t.budget(policy, LANGZHONG, 2017, 3000);
  await t.budget(policy, NANBU, 2016, 1000);
  const annPl = await t.placement(await t.post(villageA, '保洁岗甲'), ann, '2016-06-01');
  const boPl = await t.placement(await t.post(villageB, '保洁岗乙'), bo, '2016-06-01');
  const lanPl = await t.placement(await t.post(`${(await hub.sql(`select village_code from laborer where id = $1`, [lan]))[0].village_code}`, '保洁岗丙'), lan, '2016-06-01');
  ids = { annPl, boPl, lanPl };

  const a0 = await t.payment(policy, ann, annPl, '2016-12', 500, '2016-12-20');
  await t.approve(a0, '2017-01-03');
  const a1 = await t.payment(policy, ann, annPl, '2017-01', 500);
  await t.approve(a1, '2017-02-10');
  await t.pay(a1, '2017-03-05');
  const a2 = await t.payment(policy, ann, annPl, '2017-02', 500, '2017-02-28');
  await t.approve(a2, '2017-03-10');
  const b1 = await t.payment(policy, bo, boPl, '2017-01', 400);
  await t.approve(b1, '2017-02-15');
  await t.pay(b1, '2017-02-20');
  const b5 = await t.payment(policy, bo, boPl, '2017-05', 450, '2017-05-20');
  await t.approve(b5, '2017-06-01');
  await t.ok(`mutation($id: ID!) { rejectSubsidyPayment(id: $id, reason: "复核不通过") { id } }`, { id: b5 });
  const l3 = await t.payment(policy, lan, lanPl, '2017-03', 300, '2017-03-20');
  await t.approve(l3, '2017-04-01');
  await t.pay(l3, '2017-04-02');
  await t.payment(policy, lan, lanPl, '2017-04', 500, '2017-04-20');
  Object.assign(ids, { a0, a1, a2, b1, b5, l3 });
});
afterAll(() => hub?.close());

const TRACK = `query($p: ID!, $r: ID!, $y: Int!) {
  subsidyTracking(policyId: $p, regionCode: $r, year: $y) {
    policyId regionCode year budget budgetRegionId approved paid remaining
    policy { name } region { name }
    byMonth { month approved paid }
    byChild { code name budget approved paid }
  }
}`;
const track = async (regionCode: string, year = 2017) => {
  const r = await hub.gql(TRACK, { p: policy, r: regionCode, y: year });
  expect(r.errors).toBeUndefined();
  return r.data.subsidyTracking;
};
const months = (entries: Record<number, [number, number]>) =>
  Array.from({ length: 12 }, (_, i) => ({ month: i + 1, approved: entries[i + 1]?.[0] ?? 0, paid: entries[i + 1]?.[1] ?? 0 }));

describe('subsidyTracking', () => {
  it('for the city: the county budgets summed, approved and paid, by month and by county', async () => {
    const s = await track(CITY);
    expect(s).toMatchObject({ policyId: policy, regionCode: CITY, year: 2017, budget: 8000, budgetRegionId: CITY, approved: 1700, paid: 1200, remaining: 6300, policy: { name: '公益性岗位补贴' } });
    expect(s.byMonth).toEqual(months({ 2: [900, 400], 3: [500, 500], 4: [300, 300] }));
    const counties = Object.fromEntries(s.byChild.map((c: { code: string }) => [c.code, c]));
    expect(s.byChild.length).toBeGreaterThanOrEqual(9);
    expect(counties[NANBU]).toEqual({ code: NANBU, name: '南部县', budget: 5000, approved: 1400, paid: 900 });
    expect(counties[LANGZHONG]).toEqual({ code: LANGZHONG, name: '阆中市', budget: 3000, approved: 300, paid: 300 });
    const others = s.byChild.filter((c: { code: string }) => c.code !== NANBU && c.code !== LANGZHONG);
    for (const c of others) expect(c).toMatchObject({ budget: 0, approved: 0, paid: 0 });
  });

  it('for a county: its budget, by township (townships carry no budget of their own)', async () => {
    const s = await track(NANBU);
    expect(s).toMatchObject({ budget: 5000, budgetRegionId: NANBU, approved: 1400, paid: 900, remaining: 3600, region: { name: '南部县' } });
    expect(s.byMonth).toEqual(months({ 2: [900, 400], 3: [500, 500] }));
    const ta = s.byChild.find((c: { code: string }) => c.code === `${villageA.slice(0, 9)}000`);
    const tb = s.byChild.find((c: { code: string }) => c.code === `${villageB.slice(0, 9)}000`);
    expect(ta).toMatchObject({ budget: null, approved: 1000, paid: 500 });
    expect(tb).toMatchObject({ budget: null, approved: 400, paid: 400 });
    expect(s.byChild.reduce((sum: number, c: { approved: number }) => sum + c.approved, 0)).toBe(1400);
  });

  it("for a township or village: the county's budget (said by budgetRegionId), what the county has left, and its own use", async () => {
    const township = await track(`${villageA.slice(0, 9)}000`);
    expect(township).toMatchObject({ budget: 5000, budgetRegionId: NANBU, approved: 1000, paid: 500, remaining: 3600 });
    expect(township.byChild.find((c: { code: string }) => c.code === villageA)).toMatchObject({ budget: null, approved: 1000, paid: 500 });
    const village = await track(villageB);
    expect(village).toMatchObject({ budget: 5000, budgetRegionId: NANBU, approved: 400, paid: 400, byChild: [] });
    expect(village.byMonth).toEqual(months({ 2: [400, 400] }));
  });

  it('counts a payment in the budget year of its period, whenever it was approved', async () => {
    const s = await track(NANBU, 2016);
    expect(s).toMatchObject({ budget: 1000, approved: 500, paid: 0, remaining: 500 });
    // Approved on 2017-01-03: in the 2016 totals, in no month row of 2016.
    expect(s.byMonth).toEqual(months({}));
    expect((await track(LANGZHONG, 2016)).budget).toBe(0);
  });

  it("narrows to the user's scope; viewers see these aggregates", async () => {
    const viewer = await hub.as('VIEWER', LANGZHONG);
    const own = await viewer(TRACK, { p: policy, r: CITY, y: 2017 });
    expect(own.errors).toBeUndefined();
    expect(own.data.subsidyTracking).toMatchObject({ regionCode: LANGZHONG, budget: 3000, approved: 300, paid: 300 });
    expect((await viewer(TRACK, { p: policy, r: NANBU, y: 2017 })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'regionCode' });
    const cityViewer = await hub.as('VIEWER');
    const q = `query($p: ID!, $r: ID!, $y: Int!) { subsidyTracking(policyId: $p, regionCode: $r, year: $y) { budget approved byMonth { month } byChild { code } } }`;
    expect((await cityViewer(q, { p: policy, r: CITY, y: 2017 })).data.subsidyTracking).toMatchObject({ budget: 8000, approved: 1700 });
    // Beneficiaries are people: not for viewers.
    const b = await cityViewer(`query($p: ID!) { policyBeneficiaries(policyId: $p) { count } }`, { p: policy });
    expect(b.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses an unknown policy or region and a bad year', async () => {
    expect((await hub.gql(TRACK, { p: '999999', r: CITY, y: 2017 })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'policyId' });
    expect((await hub.gql(TRACK, { p: policy, r: '511399999999', y: 2017 })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'regionCode' });
    expect((await hub.gql(TRACK, { p: policy, r: '5113', y: 2017 })).errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'regionCode' });
    expect((await hub.gql(TRACK, { p: policy, r: CITY, y: 1999 })).errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'year' });
  });
});

describe('the payment list filtered as the tracking counts', () => {
  const LIST = `query($f: SubsidyPaymentFilter) {
    allSubsidyPayments(filter: $f, perPage: 500, sortField: "id") { id amount }
    _allSubsidyPaymentsMeta(filter: $f) { count }
  }`;
  const list = async (f: Record<string, unknown>) => {
    const r = await hub.gql(LIST, { f: { policyId: policy, ...f } });
    expect(r.errors).toBeUndefined();
    const rows = r.data.allSubsidyPayments as { id: string; amount: number }[];
    expect(r.data._allSubsidyPaymentsMeta.count).toBe(rows.length);
    return { ids: rows.map((x) => x.id), sum: rows.reduce((s, x) => s + x.amount, 0) };
  };
  const APPROVED = { statusIn: ['APPROVED', 'PAID'] };

  it("statusIn APPROVED/PAID, periodYear and regionCode list exactly what the tracking's approved figure counts", async () => {
    for (const [region, year] of [[NANBU, 2017], [LANGZHONG, 2017], [CITY, 2017], [NANBU, 2016]] as const) {
      const s = await track(region, year);
      const l = await list({ ...APPROVED, periodYear: year, regionCode: region });
      expect(l.sum).toBe(s.approved);
      const [row] = await hub.sql(
        `select count(*)::int as n from subsidy_payment where policy_id = $1 and village_code like $2 and status in ('APPROVED', 'PAID') and period like $3`,
        [policy, `${regionPrefix(region)}%`, `${year}%`],
      );
      expect(l.ids.length).toBe(row.n);
    }
    expect((await list({ ...APPROVED, periodYear: 2017, regionCode: NANBU })).ids).toEqual([ids.a1, ids.a2, ids.b1]);
    // The 2016-12 period approved in 2017 counts in 2016 only; the rejected and the applied are never counted.
    expect((await list({ ...APPROVED, periodYear: 2016 })).ids).toEqual([ids.a0]);
    expect((await list({ statusIn: ['REJECTED', 'APPLIED'], periodYear: 2017 })).ids.sort()).toEqual([ids.b5, (await hub.sql(`select id::text from subsidy_payment where status = 'APPLIED'`))[0].id].sort());
  });

  it("status PAID and periodYear list what the paid figure counts; the day ranges give the month rows", async () => {
    const s = await track(CITY);
    const paid = await list({ status: 'PAID', periodYear: 2017 });
    expect(paid.ids).toEqual([ids.a1, ids.b1, ids.l3]);
    expect(paid.sum).toBe(s.paid);
    for (const m of [2, 3, 4]) {
      const from = `2017-0${m}-01`;
      const to = `2017-0${m}-${m === 2 ? 28 : m === 4 ? 30 : 31}`;
      expect((await list({ ...APPROVED, periodYear: 2017, approvedOn_gte: from, approvedOn_lte: to })).sum).toBe(s.byMonth[m - 1].approved);
      expect((await list({ status: 'PAID', periodYear: 2017, paidOn_gte: from, paidOn_lte: to })).sum).toBe(s.byMonth[m - 1].paid);
    }
    expect((await list({ approvedOn_gte: '2017-02-10', approvedOn_lte: '2017-02-15' })).ids).toEqual([ids.a1, ids.b1]);
    expect((await list({ paidOn_gte: '2017-03-01' })).ids).toEqual([ids.a1, ids.l3]);
    // Never paid: left out by any paid-day bound.
    expect((await list({ paidOn_lte: '2100-12-31' })).ids).toEqual([ids.a1, ids.b1, ids.l3]);
  });

  it('recordId with programKind lists the payments of one programme record', async () => {
    expect((await list({ programKind: 'WELFARE_POST', recordId: ids.annPl })).ids).toEqual([ids.a0, ids.a1, ids.a2]);
    expect((await list({ programKind: 'WELFARE_POST', recordId: ids.boPl })).ids).toEqual([ids.b1, ids.b5]);
    // The same number in another programme is another record.
    expect((await list({ programKind: 'TRAINING', recordId: ids.annPl })).ids).toEqual([]);
    expect((await list({ programKind: 'JOB_FAIR', recordId: ids.annPl })).ids).toEqual([]);
  });

  it('refuses a record without its programme and a period year that is no budget year', async () => {
    const noKind = await hub.gql(LIST, { f: { recordId: ids.annPl } });
    expect(noKind.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'recordId', params: { detail: 'RECORD_NEEDS_PROGRAM' } });
    // '201' as a prefix would match ten years.
    for (const y of [201, 1999, 2101]) {
      const bad = await hub.gql(LIST, { f: { periodYear: y } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'periodYear' });
    }
  });
});

describe('policyBeneficiaries', () => {
  const Q = `query($p: ID!, $r: ID, $y: Int, $page: Int, $perPage: Int) {
    policyBeneficiaries(policyId: $p, regionCode: $r, year: $y, page: $page, perPage: $perPage) {
      count approved paid items { laborerId villageId payments approved paid firstPeriod lastPeriod laborer { name } }
    }
  }`;

  it('lists the laborers approved or paid, by id, with their totals and the totals of all', async () => {
    const r = await hub.gql(Q, { p: policy, y: 2017 });
    expect(r.errors).toBeUndefined();
    expect(r.data.policyBeneficiaries).toEqual({
      count: 3,
      approved: 1700,
      paid: 1200,
      items: [
        { laborerId: ann, villageId: villageA, payments: 2, approved: 1000, paid: 500, firstPeriod: '2017-01', lastPeriod: '2017-02', laborer: { name: '安' } },
        { laborerId: bo, villageId: villageB, payments: 1, approved: 400, paid: 400, firstPeriod: '2017-01', lastPeriod: '2017-01', laborer: { name: '柏' } },
        { laborerId: lan, villageId: expect.stringMatching(/^511381/), payments: 1, approved: 300, paid: 300, firstPeriod: '2017-03', lastPeriod: '2017-03', laborer: { name: '兰' } },
      ],
    });
  });

  it('narrows by region and year, pages, and keeps the totals over all pages', async () => {
    const all = (await hub.gql(Q, { p: policy })).data.policyBeneficiaries;
    expect(all.items[0]).toMatchObject({ laborerId: ann, payments: 3, approved: 1500, firstPeriod: '2016-12' });
    const nanbu = (await hub.gql(Q, { p: policy, r: NANBU, y: 2017 })).data.policyBeneficiaries;
    expect(nanbu).toMatchObject({ count: 2, approved: 1400, paid: 900 });
    const page = (await hub.gql(Q, { p: policy, y: 2017, page: 1, perPage: 2 })).data.policyBeneficiaries;
    expect(page).toMatchObject({ count: 3, approved: 1700, paid: 1200 });
    expect(page.items.map((i: { laborerId: string }) => i.laborerId)).toEqual([lan]);
    expect((await hub.gql(Q, { p: policy, perPage: 501 })).errors?.[0].extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED' });
  });
});

describe('laborerHistory', () => {
  const Q = `query($id: ID!) { laborerHistory(laborerId: $id) { date kind title detail recordId amount } }`;

  it('lists every programme record and payment of a laborer in time order, in one query', async () => {
    const cls = await t.trainingClass(NANBU, '电商培训班', '2016-03-01', '2016-03-31');
    const enrollment = await t.enroll(cls, ann, '2016-02-25');
    const employment = await t.employment(ann, '宁波服装厂', '2015-05-01', '2015-12-31');
    const enterprise = await t.enterprise(ann, '安家农家乐', '2018-01-10');
    const loan = await t.loan(ann, { amount: 50000, termMonths: 24, annualRate: 0.0435, appliedOn: '2017-12-01' });
    const { result: r, queries } = await hub.countQueries(() => hub.gql(Q, { id: ann }));
    expect(r.errors).toBeUndefined();
    const events = r.data.laborerHistory as { date: string; kind: string; title: string; detail: string; recordId: string; amount: number | null }[];
    expect(events.map((e) => [e.date, e.kind, e.recordId])).toEqual([
      ['2015-05-01', 'EMPLOYMENT', employment],
      ['2016-02-25', 'TRAINING', enrollment],
      ['2016-06-01', 'WELFARE_POST', ids.annPl],
      ['2016-12-20', 'PAYMENT', ids.a0],
      ['2017-01-05', 'PAYMENT', ids.a1],
      ['2017-02-28', 'PAYMENT', ids.a2],
      ['2017-12-01', 'LOAN', loan],
      ['2018-01-10', 'ENTERPRISE', enterprise],
    ]);
    expect(events[0]).toMatchObject({ title: '宁波服装厂', detail: '转移就业，驻外办，浙江宁波，至2015-12-31', amount: null });
    expect(events[1]).toMatchObject({ title: '电商培训班', detail: '就业培训，未结业' });
    expect(events[2]).toMatchObject({ title: '保洁岗甲', amount: 500 });
    expect(events[4]).toMatchObject({ title: '公益性岗位补贴', detail: '2017-01，公益性岗位，已发放', amount: 500 });
    expect(events[6]).toMatchObject({ title: '南充农商银行', detail: '种养殖，已申请，24个月', amount: 50000 });
    // One UNION query over the seven tables (besides the laborer check and whatever sign-in reads).
    expect(queries.filter((q) => /union all/.test(q))).toHaveLength(1);
    expect(queries.length).toBeLessThanOrEqual(4);
    const en = await hub.gql(Q, { id: ann }, { lang: 'en' });
    expect(en.data.laborerHistory[4].detail).toBe('2017-01, Public-welfare post, Paid');
  });

  it('shows a rejection with its reason, and answers NOT_FOUND for an unknown laborer', async () => {
    const events = (await hub.gql(Q, { id: bo })).data.laborerHistory as { kind: string; recordId: string; detail: string }[];
    expect(events.find((e) => e.recordId === ids.b5 && e.kind === 'PAYMENT')?.detail).toBe('2017-05，公益性岗位，已驳回，复核不通过');
    expect((await hub.gql(Q, { id: '999999' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'laborerId' });
    // A laborer outside the user's scope does not exist for the user.
    const analyst = await hub.as('ANALYST', LANGZHONG);
    expect((await analyst(Q, { id: bo })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'laborerId' });
    expect((await analyst(Q, { id: lan })).data.laborerHistory.map((e: { kind: string }) => e.kind)).toEqual(['WELFARE_POST', 'PAYMENT', 'PAYMENT']);
  });
});
