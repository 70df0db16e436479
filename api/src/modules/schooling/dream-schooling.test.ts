import { SchoolingStatus } from '@fupin/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';
import { SCHOOLING_TRANSITIONS } from './dream-schooling.service';

// hub.countQueries matches log lines starting with `[query]`; MikroORM colours them (vitest sets FORCE_COLOR),
// which would leave nothing to count. Plain log lines keep the no-N+1 checks below able to fail.
process.env.MIKRO_ORM_NO_COLOR = '1';

let hub: TestHub;
let t: Programmes;
let village: string;
let otherVillage: string;
let householdId: string;
let seq = 300;

const FIELDS = 'id laborerId villageId school major intakeYear tuitionWaived livingSubsidyPerTerm status';
const CREATE = `mutation($l: ID!, $school: String!, $major: String!, $year: Int!, $waived: Boolean, $subsidy: Float) {
  createDreamSchooling(laborerId: $l, school: $school, major: $major, intakeYear: $year, tuitionWaived: $waived, livingSubsidyPerTerm: $subsidy) { ${FIELDS} }
}`;
const UPDATE = `mutation($id: ID!, $l: ID, $school: String, $year: Int, $subsidy: Float, $status: SchoolingStatus) {
  updateDreamSchooling(id: $id, laborerId: $l, school: $school, intakeYear: $year, livingSubsidyPerTerm: $subsidy, status: $status) { ${FIELDS} }
}`;

async function newLaborer(name: string, birth: string, householdOf = householdId): Promise<string> {
  return t.laborerIn(householdOf, name, makeIdNumber('511321', birth, String(++seq).padStart(3, '0')));
}

async function newSchooling(l: string, year = 2017, school = '南充技师学院'): Promise<string> {
  const r = await hub.gql(CREATE, { l, school, major: '数控技术', year });
  expect(r.errors).toBeUndefined();
  return r.data.createDreamSchooling.id;
}

const count = async () => (await hub.sql('select count(*)::int as n from dream_schooling'))[0].n as number;
const row = async (id: string) => (await hub.sql('select status, intake_year, laborer_id, school, living_subsidy_per_term::float as subsidy from dream_schooling where id = $1', [id]))[0];

beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  village = await t.village('511321000000');
  otherVillage = await t.village('511381000000');
  householdId = await t.household(village, '圆梦户', 5);
});
afterAll(() => hub?.close());

describe('圆梦 schooling CRUD', () => {
  it('creates a record for a teen with defaults and the student’s village, reads, updates and deletes it', async () => {
    const student = await newLaborer('圆梦甲', '20020510');
    const r = await hub.gql(CREATE, { l: student, school: ' 南充技师学院 ', major: '汽车维修', year: 2017, subsidy: 1000 });
    expect(r.errors).toBeUndefined();
    const s = r.data.createDreamSchooling;
    expect(s).toMatchObject({ laborerId: student, villageId: village, school: '南充技师学院', major: '汽车维修', intakeYear: 2017, tuitionWaived: true, livingSubsidyPerTerm: 1000, status: 'ENROLLED' });
    const one = await hub.gql(`query($id: ID!) { DreamSchooling(id: $id) { laborer { name } } Laborer(id: "${student}") { dreamSchoolings { id } } }`, { id: s.id });
    expect(one.data).toEqual({ DreamSchooling: { laborer: { name: '圆梦甲' } }, Laborer: { dreamSchoolings: [{ id: s.id }] } });

    const u = await hub.gql(UPDATE, { id: s.id, school: '四川省南充职业技术学院', subsidy: 1500 });
    expect(u.errors).toBeUndefined();
    expect(u.data.updateDreamSchooling).toMatchObject({ school: '四川省南充职业技术学院', livingSubsidyPerTerm: 1500, status: 'ENROLLED' });
    expect(await row(s.id)).toMatchObject({ school: '四川省南充职业技术学院', subsidy: 1500 });

    const d = await hub.gql(`mutation($id: ID!) { deleteDreamSchooling(id: $id) { id school } }`, { id: s.id });
    expect(d.data.deleteDreamSchooling).toEqual({ id: s.id, school: '四川省南充职业技术学院' });
    expect(await row(s.id)).toBeUndefined();
  });

  it('takes students 14 to 22 years old on 1 September of the intake year and refuses others as NOT_TEEN', async () => {
    const before = await count();
    const cases: [string, boolean][] = [
      ['20030901', true], // 14 on the day
      ['20030902', false], // 13 on the day
      ['19950901', true], // 22 on the day
      ['19940901', false], // 23
      ['19800101', false], // an adult laborer
    ];
    let accepted = 0;
    for (const [birth, ok] of cases) {
      const l = await newLaborer(`年龄${birth}`, birth);
      const r = await hub.gql(CREATE, { l, school: '南充技师学院', major: '电工', year: 2017 });
      if (ok) {
        expect(r.errors, birth).toBeUndefined();
        accepted++;
      } else {
        expect(r.errors?.[0].extensions, birth).toEqual({ code: 'VALIDATION_FAILED', field: 'laborerId', params: { detail: 'NOT_TEEN' } });
      }
    }
    expect(await count()).toBe(before + accepted);
    const l = await newLaborer('成年人', '19790101');
    const zh = await hub.gql(CREATE, { l, school: '南充技师学院', major: '电工', year: 2017 });
    expect(zh.errors?.[0].message).toBe('贫困劳动力不符合要求：入学时应为14至22周岁的两后生');
  });

  it('refuses a second record of the same student and year as DUPLICATE, even when two requests race', async () => {
    const l = await newLaborer('重复甲', '20010101');
    await newSchooling(l, 2017);
    const before = await count();
    const dup = await hub.gql(CREATE, { l, school: '另一所学校', major: '烹饪', year: 2017 });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'intakeYear' });
    expect(await count()).toBe(before);
    // Another year is another record.
    await newSchooling(l, 2018);

    const racer = await newLaborer('重复乙', '20010202');
    const results = await Promise.all([1, 2, 3].map((i) => hub.gql(CREATE, { l: racer, school: `学校${i}`, major: '电工', year: 2017 })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'intakeYear' });
    expect((await hub.sql('select count(*)::int as n from dream_schooling where laborer_id = $1', [racer]))[0].n).toBe(1);
  });

  it('refuses a bad intake year, a negative subsidy, an empty school and an unknown student, writing nothing', async () => {
    const l = await newLaborer('校验甲', '20020202');
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ year: 2013 }, 'VALIDATION_FAILED', 'intakeYear'],
      [{ year: new Date().getFullYear() + 2 }, 'VALIDATION_FAILED', 'intakeYear'],
      [{ subsidy: -1 }, 'VALIDATION_FAILED', 'livingSubsidyPerTerm'],
      [{ school: '  ' }, 'REQUIRED', 'school'],
      [{ major: '' }, 'REQUIRED', 'major'],
      [{ l: '999999' }, 'NOT_FOUND', 'laborerId'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await hub.gql(CREATE, { l, school: '南充技师学院', major: '电工', year: 2017, ...vars });
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    expect(await count()).toBe(before);
  });

  it('re-checks age and uniqueness when the student or intake year changes', async () => {
    const l = await newLaborer('改年甲', '20000101');
    const id = await newSchooling(l, 2017);
    await newSchooling(l, 2016);
    const old = await hub.gql(UPDATE, { id, year: 2024 });
    expect(old.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'laborerId', params: { detail: 'NOT_TEEN' } });
    const dup = await hub.gql(UPDATE, { id, year: 2016 });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'intakeYear' });
    const adult = await newLaborer('改人成年', '19800101');
    const other = await hub.gql(UPDATE, { id, l: adult });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'laborerId' });
    expect(await row(id)).toMatchObject({ intake_year: 2017, laborer_id: Number(l) });
    const ok = await hub.gql(UPDATE, { id, year: 2018 });
    expect(ok.data.updateDreamSchooling.intakeYear).toBe(2018);
  });

  it('refuses to delete a record a loan is tied to', async () => {
    const l = await newLaborer('贷款学生', '20010303');
    const id = await newSchooling(l, 2017);
    const loan = await hub.gql(
      `mutation($l: ID!, $s: ID) { createGuaranteedLoan(laborerId: $l, purpose: OTHER, bank: "南充银行", amount: 10000, termMonths: 12, annualRate: 0.04, appliedOn: "2017-09-01", dreamSchoolingId: $s) { id } }`,
      { l, s: id },
    );
    expect(loan.errors).toBeUndefined();
    const r = await hub.gql(`mutation($id: ID!) { deleteDreamSchooling(id: $id) { id } }`, { id });
    expect(r.errors?.[0].extensions?.code).toBe('IN_USE');
    expect(await row(id)).toBeDefined();
  });
});

describe('圆梦 status transitions', () => {
  it('allows ENROLLED -> GRADUATED and ENROLLED -> DROPPED_OUT; re-sending the current status is no change', async () => {
    const a = await newSchooling(await newLaborer('毕业甲', '20010404'));
    const graduated = await hub.gql(UPDATE, { id: a, status: 'GRADUATED' });
    expect(graduated.data.updateDreamSchooling.status).toBe('GRADUATED');
    const again = await hub.gql(UPDATE, { id: a, status: 'GRADUATED', school: '南充技师学院(本部)' });
    expect(again.errors).toBeUndefined();
    expect(await row(a)).toMatchObject({ status: 'GRADUATED', school: '南充技师学院(本部)' });
    const b = await newSchooling(await newLaborer('辍学甲', '20010505'));
    expect((await hub.gql(UPDATE, { id: b, status: 'DROPPED_OUT' })).data.updateDreamSchooling.status).toBe('DROPPED_OUT');
  });

  it('refuses every other change of status with ILLEGAL_TRANSITION and changes nothing', async () => {
    let tried = 0;
    for (const from of SchoolingStatus.values) {
      for (const to of SchoolingStatus.values) {
        if (from === to || SCHOOLING_TRANSITIONS[from].includes(to)) continue;
        const id = await newSchooling(await newLaborer(`${from}${to}`, '20010606'));
        if (from !== 'ENROLLED') expect((await hub.gql(UPDATE, { id, status: from })).errors).toBeUndefined();
        const r = await hub.gql(UPDATE, { id, status: to, subsidy: 999 });
        expect(r.errors?.[0].extensions, `${from} -> ${to}`).toEqual({ code: 'ILLEGAL_TRANSITION', field: 'status', params: { from, to } });
        expect(await row(id)).toMatchObject({ status: from, subsidy: 0 });
        tried++;
      }
    }
    expect(tried).toBe(4);
    const id = await newSchooling(await newLaborer('消息甲', '20010707'));
    await hub.gql(UPDATE, { id, status: 'GRADUATED' });
    expect((await hub.gql(UPDATE, { id, status: 'ENROLLED' })).errors?.[0].message).toBe('状态不能从已毕业变为在读');
    expect((await hub.gql(UPDATE, { id, status: 'ENROLLED' }, { lang: 'en' })).errors?.[0].message).toBe('Status cannot change from Graduated to Enrolled');
  });
});

describe('圆梦 lists', () => {
  let farStudent: string;
  beforeAll(async () => {
    const far = await t.household(otherVillage, '阆中圆梦户', 3);
    farStudent = await newLaborer('阆中学生', '20020808', far);
    await newSchooling(farStudent, 2016, '阆中职业中学');
  });

  const LIST = `query($filter: DreamSchoolingFilter) { allDreamSchoolings(filter: $filter, perPage: 500) { id school laborerId } _allDreamSchoolingsMeta(filter: $filter) { count } }`;
  const countOf = async (filter: Record<string, unknown>) => (await hub.gql(LIST, { filter })).data._allDreamSchoolingsMeta.count as number;
  const sqlCount = async (where: string) => (await hub.sql(`select count(*)::int as n from dream_schooling where ${where}`))[0].n as number;

  it('filters by region, status, intake year, school text and student', async () => {
    const far = await hub.gql(LIST, { filter: { regionCode: '511381000000' } });
    expect(far.data.allDreamSchoolings).toEqual([expect.objectContaining({ school: '阆中职业中学', laborerId: farStudent })]);
    expect(await countOf({ regionCode: `${village.slice(0, 9)}000` })).toBe(await sqlCount(`village_code like '${village.slice(0, 9)}%'`));
    expect(await countOf({ status: 'GRADUATED' })).toBe(await sqlCount(`status = 'GRADUATED'`));
    expect(await countOf({ status: 'DROPPED_OUT' })).toBeGreaterThan(0);
    expect(await countOf({ intakeYear: 2016 })).toBe(await sqlCount('intake_year = 2016'));
    expect(await countOf({ q: '阆中', intakeYear: 2016 })).toBe(1);
    expect(await countOf({ q: '技师' })).toBe(await sqlCount(`school like '%技师%'`));
    expect(await countOf({ laborerId: farStudent })).toBe(1);
  });

  it('loads records with their students, and students with their records, in a fixed number of queries', async () => {
    const list = await hub.countQueries(() => hub.gql(`{ allDreamSchoolings(perPage: 500) { id laborer { name household { headName } dreamSchoolings { id } loans { id } } } }`));
    expect(list.result.errors).toBeUndefined();
    expect(list.result.data.allDreamSchoolings.length).toBeGreaterThan(15);
    expect(list.queries.length).toBeGreaterThan(0);
    // The session lookup, then one statement per level whatever the number of rows.
    expect(list.queries.length).toBeLessThanOrEqual(6);
  });
});
