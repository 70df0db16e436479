import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gql, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

/**
 * Aggregates a scoped user reads are taken within the scope: a class of 南部县 that also teaches a
 * laborer of 阆中市 shows 南部县's operator only 南部县's participants and subsidies. Seats taken
 * (enrolledCount) are the class's own, by design, for everyone.
 */
const NANBU = '511321000000';
const LANGZHONG = '511381000000';
let hub: TestHub;
let nanbuOperator: Gql;
let langzhongOperator: Gql;
let cls: string;

beforeAll(async () => {
  hub = await startTestHub();
  const t = new Programmes(hub);
  const own = await t.laborer(await t.village(NANBU), '南部人');
  const other = await t.laborer(await t.village(LANGZHONG), '阆中人');
  cls = await t.trainingClass(NANBU, '跨县培训班', '2017-03-01', '2017-04-30');
  const e1 = await t.enroll(cls, own, '2017-02-20');
  const e2 = await t.enroll(cls, other, '2017-02-21');
  const policy = await t.policy({ name: '培训补贴（范围）', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 1000, subsidyKind: 'TRAINING' });
  await t.budget(policy, NANBU, 2017, 10000);
  await t.budget(policy, LANGZHONG, 2017, 10000);
  const p1 = await t.payment(policy, own, e1, '2017', 600);
  const p2 = await t.payment(policy, other, e2, '2017', 900);
  for (const p of [p1, p2]) await t.approve(p, '2017-05-01');
  await t.pay(p2, '2017-05-10');
  nanbuOperator = await hub.as('OPERATOR', NANBU);
  langzhongOperator = await hub.as('OPERATOR', LANGZHONG);
});
afterAll(() => hub?.close());

const Q = `query($id: ID!) { TrainingClass(id: $id) { participantsCount subsidyApproved subsidyPaid enrolledCount } }`;

describe('sums across the scope', () => {
  it("give a county operator only the county's participants and subsidies of a class", async () => {
    expect((await nanbuOperator(Q, { id: cls })).data.TrainingClass).toEqual({ participantsCount: 1, subsidyApproved: 600, subsidyPaid: 0, enrolledCount: 2 });
    expect((await hub.gql(Q, { id: cls })).data.TrainingClass).toEqual({ participantsCount: 2, subsidyApproved: 1500, subsidyPaid: 900, enrolledCount: 2 });
    // Through the programme interface too.
    const list = await nanbuOperator(`{ programs(kinds: [TRAINING]) { ... on TrainingClass { id participantsCount subsidyApproved } } }`);
    expect(list.data.programs).toEqual([{ id: cls, participantsCount: 1, subsidyApproved: 600 }]);
  });

  it('leave a class of another county invisible to the other county (so none of its sums show)', async () => {
    expect((await langzhongOperator(Q, { id: cls })).data.TrainingClass).toBeNull();
  });
});
