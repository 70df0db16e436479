import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

// Issue #17: a payment's period is checked against its record when the payment is made; editing the
// record's dates afterwards is checked against the payments already made (service and database).
const NANBU = '511321000000';
let hub: TestHub;
let t: Programmes;
let laborer: string;
let travel: string;

const CREATE_JOB = `mutation($l: ID!, $s: LocalDate!, $e: LocalDate) { createEmployment(laborerId: $l, kind: TRANSFER, channel: JOB_FAIR, employer: "宁波服装厂", place: "浙江宁波", startDate: $s, endDate: $e) { id } }`;
const UPDATE_JOB = `mutation($id: ID!, $s: LocalDate, $e: LocalDate) { updateEmployment(id: $id, startDate: $s, endDate: $e) { id startDate endDate } }`;
const PAY = `mutation($p: ID!, $l: ID!, $r: ID!, $per: String!) { createSubsidyPayment(policyId: $p, laborerId: $l, recordId: $r, period: $per, amount: 300, appliedOn: "2017-06-01") { id } }`;

let n = 0;
/** A job of a new laborer (one payment per period and person) and a payment for it. */
async function jobWithPayment(start: string, end: string | null, period: string): Promise<{ job: string; payment: string }> {
  const laborer = await t.laborer(await t.village(NANBU, 0), '甘', `1980010${++n}`);
  const job = (await t.ok<{ id: string }>(CREATE_JOB, { l: laborer, s: start, e: end })).id;
  const payment = (await t.ok<{ id: string }>(PAY, { p: travel, l: laborer, r: job, per: period })).id;
  return { job, payment };
}

beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  laborer = await t.laborer(await t.village(NANBU, 0), '甘');
  travel = await t.policy({ name: '交通补贴（日期测试）', programKind: 'EMPLOYMENT', amountRule: 'PER_PERSON', amount: 500, subsidyKind: 'TRAVEL', validFrom: '2016-01-01', validTo: '2019-12-31' });
});
afterAll(() => hub?.close());

describe("a record's dates against the payments made for it", () => {
  it('refuses moving a job’s start after a paid period, naming startDate, and changes nothing', async () => {
    const { job } = await jobWithPayment('2017-03-01', null, '2017');
    const r = await hub.gql(UPDATE_JOB, { id: job, s: '2018-02-01' });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'startDate' });
    expect(r.errors?.[0].message).toMatch(/开始日期.*不能晚于已申请补贴的期间2017/);
    expect((await hub.sql('select start_date::text as s from employment where id = $1', [job]))[0].s).toBe('2017-03-01');
    // Within the period is fine.
    expect((await hub.gql(UPDATE_JOB, { id: job, s: '2017-12-31' })).errors).toBeUndefined();
  });

  it('refuses ending a job before a paid period begins, naming endDate', async () => {
    const { job } = await jobWithPayment('2017-03-01', null, '2018');
    const r = await hub.gql(UPDATE_JOB, { id: job, e: '2017-11-30' });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'endDate' });
    expect((await hub.sql('select end_date from employment where id = $1', [job]))[0].end_date).toBeNull();
  });

  it('lets a rejected payment go: it holds nothing', async () => {
    const { job, payment } = await jobWithPayment('2017-03-01', null, '2017');
    await t.ok(`mutation($id: ID!) { rejectSubsidyPayment(id: $id, reason: "重复申请") { id } }`, { id: payment });
    expect((await hub.gql(UPDATE_JOB, { id: job, s: '2018-02-01' })).errors).toBeUndefined();
  });

  it('is kept by the database too: a direct update is refused with the constraint the API maps to the field', async () => {
    const { job } = await jobWithPayment('2017-03-01', null, '2017');
    await expect(hub.sql(`update employment set start_date = '2018-02-01' where id = $1`, [job])).rejects.toMatchObject({ constraint: 'employment_start_after_payment' });
    await expect(hub.sql(`update employment set end_date = '2016-12-31' where id = $1`, [job])).rejects.toMatchObject({ constraint: 'employment_end_before_payment' });
    // Another record kind (no service check there yet): a training enrollment moved past its paid period.
    const cls = await t.trainingClass(NANBU, '日期测试培训', '2017-03-01', '2017-04-30');
    const enrollment = await t.enroll(cls, laborer, '2017-02-20');
    const training = await t.policy({ name: '培训补贴（日期测试）', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 500, subsidyKind: 'TRAINING', validFrom: '2016-01-01', validTo: '2019-12-31' });
    await t.ok(PAY, { p: training, l: laborer, r: enrollment, per: '2017' });
    const r = await hub.gql(`mutation($id: ID!) { updateEnrollment(id: $id, enrolledOn: "2018-01-10") { id } }`, { id: enrollment });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'enrolledOn' });
  });
});
