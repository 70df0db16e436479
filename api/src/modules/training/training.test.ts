import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

// hub.countQueries matches log lines starting with "[query]"; MikroORM colours them unless told not to.
process.env.MIKRO_ORM_NO_COLOR = '1';

let hub: TestHub;
let t: Programmes;
/** The statements of the query itself, less the session lookup every signed-in request makes. */
const own = (queries: string[]) => queries.filter((q) => !/\b(user_session|app_user)\b/.test(q));
let village: string;
let otherVillage: string;
let township: string;
const laborers: string[] = [];
let otherLaborer: string;

const count = async (table: string) => (await hub.sql(`select count(*)::int as n from ${table}`))[0].n as number;

const CREATE_PROVIDER = `mutation($name: String!, $kind: ProviderKind!, $county: ID!) { createTrainingProvider(name: $name, kind: $kind, countyId: $county) { id name kind countyId } }`;
const CREATE_CLASS = `mutation($title: String!, $kind: TrainingKind!, $p: ID!, $county: ID!, $s: LocalDate!, $e: LocalDate!, $cap: Int!, $menu: Boolean, $spec: String) {
  createTrainingClass(title: $title, kind: $kind, providerId: $p, countyId: $county, startDate: $s, endDate: $e, capacity: $cap, isMenu: $menu, specialty: $spec) { id title kind providerId countyId startDate endDate capacity isMenu specialty }
}`;
const ENROLL = `mutation($c: ID!, $l: ID!, $on: LocalDate!, $done: Boolean, $doneOn: LocalDate, $cert: String, $emp: Boolean) {
  createEnrollment(classId: $c, laborerId: $l, enrolledOn: $on, completed: $done, completedOn: $doneOn, certificateNo: $cert, employedAfterTraining: $emp) { id classId laborer { id } enrolledOn completed completedOn certificateNo employedAfterTraining }
}`;

async function provider(name: string, county = '511321000000'): Promise<string> {
  const r = await hub.gql(CREATE_PROVIDER, { name, kind: 'VOCATIONAL_COLLEGE', county });
  expect(r.errors).toBeUndefined();
  return r.data.createTrainingProvider.id;
}

async function trainingClass(p: string, vars: Record<string, unknown> = {}): Promise<string> {
  const r = await hub.gql(CREATE_CLASS, { title: '厨师培训班', kind: 'EMPLOYMENT', p, county: '511321000000', s: '2017-03-01', e: '2017-03-20', cap: 30, ...vars });
  expect(r.errors).toBeUndefined();
  return r.data.createTrainingClass.id;
}

beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  village = await t.village('511321000000');
  otherVillage = await t.village('511381000000');
  township = `${village.slice(0, 9)}000`;
  const h = await t.household(village, '培训户', 5);
  for (let i = 0; i < 10; i++) laborers.push(await t.laborerIn(h, `学员${i}`, makeIdNumber('511321', '19850101', String(100 + i))));
  otherLaborer = await t.laborerIn(await t.household(otherVillage, '培训户', 5), '阆中学员', makeIdNumber('511381', '19860202', '201'));
});
afterAll(() => hub?.close());

describe('training providers', () => {
  it('creates, reads, updates, lists and deletes a provider', async () => {
    const id = await provider('南充技师学院');
    const one = await hub.gql(`query($id: ID!) { TrainingProvider(id: $id) { name kind countyId county { name level } classes { id } } }`, { id });
    expect(one.data.TrainingProvider).toEqual({ name: '南充技师学院', kind: 'VOCATIONAL_COLLEGE', countyId: '511321000000', county: { name: '南部县', level: 'COUNTY' }, classes: [] });
    const up = await hub.gql(`mutation($id: ID!) { updateTrainingProvider(id: $id, name: "南充技师学院（南部）", kind: HIGH_SKILL_BASE, countyId: "511381000000") { name kind countyId } }`, { id });
    expect(up.data.updateTrainingProvider).toEqual({ name: '南充技师学院（南部）', kind: 'HIGH_SKILL_BASE', countyId: '511381000000' });
    const list = await hub.gql(`query($f: TrainingProviderFilter) { allTrainingProviders(filter: $f) { id } _allTrainingProvidersMeta(filter: $f) { count } }`, {
      f: { q: '技师', kind: 'HIGH_SKILL_BASE', regionCode: '511381000000' },
    });
    expect(list.data.allTrainingProviders).toEqual([{ id }]);
    const none = await hub.gql(`query($f: TrainingProviderFilter) { _allTrainingProvidersMeta(filter: $f) { count } }`, { f: { q: '技师', regionCode: '511321000000' } });
    expect(none.data._allTrainingProvidersMeta.count).toBe(0);
    const del = await hub.gql(`mutation($id: ID!) { deleteTrainingProvider(id: $id) { id name } }`, { id });
    expect(del.data.deleteTrainingProvider).toEqual({ id, name: '南充技师学院（南部）' });
    expect(await hub.sql('select id from training_provider where id = $1', [id])).toEqual([]);
  });

  it('refuses a duplicate name, also when two requests race, and writes nothing', async () => {
    await provider('嘉陵职业培训学校');
    const before = await count('training_provider');
    const dup = await hub.gql(CREATE_PROVIDER, { name: ' 嘉陵职业培训学校 ', kind: 'PRIVATE_INSTITUTION', county: '511321000000' });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'name' });
    expect(await count('training_provider')).toBe(before);
    const race = await Promise.all([1, 2, 3].map(() => hub.gql(CREATE_PROVIDER, { name: '并发培训学校', kind: 'PRIVATE_INSTITUTION', county: '511321000000' })));
    expect(race.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of race.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'name' });
    expect(await count('training_provider')).toBe(before + 1);
  });

  it('refuses a county that is not a county-level region and writes nothing', async () => {
    const before = await count('training_provider');
    for (const county of [township, village, '511300000000', '511399000000', 'x']) {
      const r = await hub.gql(CREATE_PROVIDER, { name: `错误县${county}`, kind: 'PRIVATE_INSTITUTION', county });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'countyId' });
    }
    const en = await hub.gql(CREATE_PROVIDER, { name: '错误县', kind: 'PRIVATE_INSTITUTION', county: township }, { lang: 'en' });
    expect(en.errors?.[0].message).toBe('County refers to a record that does not exist');
    expect(await count('training_provider')).toBe(before);
  });
});

describe('training classes', () => {
  let p: string;
  beforeAll(async () => {
    p = await provider('南部县就业培训中心');
  });

  it('creates, reads, updates and deletes a class; a provider with classes cannot be deleted', async () => {
    const r = await hub.gql(CREATE_CLASS, { title: ' 电商下乡 ', kind: 'ENTREPRENEURSHIP', p, county: '511321000000', s: '2017-04-01', e: '2017-04-01', cap: 2000, menu: true, spec: '电商下乡' });
    expect(r.errors).toBeUndefined();
    const c = r.data.createTrainingClass;
    expect(c).toMatchObject({ title: '电商下乡', kind: 'ENTREPRENEURSHIP', providerId: p, countyId: '511321000000', startDate: '2017-04-01', endDate: '2017-04-01', capacity: 2000, isMenu: true, specialty: '电商下乡' });
    const up = await hub.gql(`mutation($id: ID!) { updateTrainingClass(id: $id, title: "电商培训", endDate: "2017-04-10", capacity: 40, specialty: null, isMenu: false) { title endDate capacity specialty isMenu startDate } }`, { id: c.id });
    expect(up.data.updateTrainingClass).toEqual({ title: '电商培训', endDate: '2017-04-10', capacity: 40, specialty: null, isMenu: false, startDate: '2017-04-01' });
    const refused = await hub.gql(`mutation($id: ID!) { deleteTrainingProvider(id: $id) { id } }`, { id: p });
    expect(refused.errors?.[0].extensions?.code).toBe('IN_USE');
    expect(await hub.sql('select id from training_provider where id = $1', [p])).toHaveLength(1);
    const del = await hub.gql(`mutation($id: ID!) { deleteTrainingClass(id: $id) { id title } }`, { id: c.id });
    expect(del.data.deleteTrainingClass).toEqual({ id: c.id, title: '电商培训' });
    expect(await hub.sql('select id from training_class where id = $1', [c.id])).toEqual([]);
  });

  it('refuses an end before the start, a capacity out of 1..2000, a bad county or provider, and writes nothing', async () => {
    const before = await count('training_class');
    const base = { title: '错误班', kind: 'EMPLOYMENT', p, county: '511321000000', s: '2017-05-10', e: '2017-05-20', cap: 10 };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ e: '2017-05-09' }, 'VALIDATION_FAILED', 'endDate'],
      [{ cap: 0 }, 'VALIDATION_FAILED', 'capacity'],
      [{ cap: 2001 }, 'VALIDATION_FAILED', 'capacity'],
      [{ county: township }, 'INVALID_REFERENCE', 'countyId'],
      [{ county: '511300000000' }, 'INVALID_REFERENCE', 'countyId'],
      [{ p: '999999' }, 'INVALID_REFERENCE', 'providerId'],
      [{ title: '  ' }, 'REQUIRED', 'title'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await hub.gql(CREATE_CLASS, { ...base, ...vars });
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    const en = await hub.gql(CREATE_CLASS, { ...base, e: '2017-05-01' }, { lang: 'en' });
    expect(en.errors?.[0].message).toBe('End date is invalid: must not be before the start date');
    expect(await count('training_class')).toBe(before);

    const id = await trainingClass(p, { s: '2017-05-10', e: '2017-05-20', cap: 10 });
    const badUpdate = await hub.gql(`mutation($id: ID!) { updateTrainingClass(id: $id, startDate: "2017-05-21", capacity: 5) { id } }`, { id });
    expect(badUpdate.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'endDate' });
    expect(await hub.sql('select start_date::text as s, capacity from training_class where id = $1', [id])).toEqual([{ s: '2017-05-10', capacity: 10 }]);
  });

  it('filters by text, kind, region subtree, provider, menu flag and start date', async () => {
    const p2 = await provider('阆中市职业中学', '511381000000');
    const ids = {
      cook: await trainingClass(p, { title: '南充厨师品牌班', kind: 'BRAND', s: '2017-01-10', e: '2017-01-30' }),
      menu: await trainingClass(p, { title: '菜单式种植班', kind: 'EMPLOYMENT', menu: true, spec: '柑橘种植', s: '2017-02-10', e: '2017-02-20' }),
      other: await trainingClass(p2, { title: '阆中厨师品牌班', kind: 'BRAND', county: '511381000000', s: '2017-06-01', e: '2017-06-10' }),
    };
    const list = async (f: Record<string, unknown>) => {
      const r = await hub.gql(`query($f: TrainingClassFilter) { allTrainingClasses(filter: $f, perPage: 500, sortField: "startDate") { id } _allTrainingClassesMeta(filter: $f) { count } }`, { f });
      expect(r.errors).toBeUndefined();
      expect(r.data._allTrainingClassesMeta.count).toBe(r.data.allTrainingClasses.length);
      return r.data.allTrainingClasses.map((c: { id: string }) => c.id);
    };
    expect(await list({ q: '厨师品牌' })).toEqual([ids.cook, ids.other]);
    expect(await list({ kind: 'BRAND', regionCode: '511381000000' })).toEqual([ids.other]);
    expect(await list({ kind: 'BRAND', regionCode: '511300000000' })).toEqual([ids.cook, ids.other]);
    expect(await list({ providerId: p2 })).toEqual([ids.other]);
    expect(await list({ isMenu: true })).toEqual([ids.menu]);
    expect(await list({ startDate_gte: '2017-01-10', startDate_lte: '2017-02-10', providerId: p })).toEqual([ids.cook, ids.menu]);
    expect(await list({ startDate_gte: '2017-02-01', startDate_lte: '2017-06-01', kind: 'BRAND' })).toEqual([ids.other]);
    expect(await list({ regionCode: township })).toEqual([]);
    const bad = await hub.gql(`{ allTrainingClasses(filter: { regionCode: "5113" }) { id } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'regionCode' });
  });
});

describe('enrollments', () => {
  let p: string;
  beforeAll(async () => {
    p = await provider('南部县创业培训学校');
  });

  it('enrolls a laborer with the village taken from the laborer; updates completion; deletes', async () => {
    const c = await trainingClass(p);
    const r = await hub.gql(ENROLL, { c, l: laborers[0], on: '2017-02-20' });
    expect(r.errors).toBeUndefined();
    const e = r.data.createEnrollment;
    expect(e).toEqual({ id: e.id, classId: c, laborer: { id: laborers[0] }, enrolledOn: '2017-02-20', completed: false, completedOn: null, certificateNo: null, employedAfterTraining: false });
    expect(await hub.sql('select village_code from enrollment where id = $1', [e.id])).toEqual([{ village_code: village }]);

    const done = await hub.gql(`mutation($id: ID!) { updateEnrollment(id: $id, completed: true, completedOn: "2017-03-20", certificateNo: "NC-2017-001", employedAfterTraining: true) { completed completedOn certificateNo employedAfterTraining } }`, { id: e.id });
    expect(done.data.updateEnrollment).toEqual({ completed: true, completedOn: '2017-03-20', certificateNo: 'NC-2017-001', employedAfterTraining: true });
    // Fields not given keep their value while the enrollment stays completed.
    const kept = await hub.gql(`mutation($id: ID!) { updateEnrollment(id: $id, enrolledOn: "2017-02-21") { enrolledOn completedOn certificateNo employedAfterTraining } }`, { id: e.id });
    expect(kept.data.updateEnrollment).toEqual({ enrolledOn: '2017-02-21', completedOn: '2017-03-20', certificateNo: 'NC-2017-001', employedAfterTraining: true });
    // Un-completing clears what only a completed enrollment may carry.
    const undone = await hub.gql(`mutation($id: ID!) { updateEnrollment(id: $id, completed: false) { completed completedOn certificateNo employedAfterTraining } }`, { id: e.id });
    expect(undone.data.updateEnrollment).toEqual({ completed: false, completedOn: null, certificateNo: null, employedAfterTraining: false });

    const del = await hub.gql(`mutation($id: ID!) { deleteEnrollment(id: $id) { id laborer { id } } }`, { id: e.id });
    expect(del.data.deleteEnrollment).toEqual({ id: e.id, laborer: { id: laborers[0] } });
    expect(await hub.sql('select id from enrollment where id = $1', [e.id])).toEqual([]);
  });

  it('refuses a second enrollment of the same laborer in a class, also under a race, and writes nothing', async () => {
    const c = await trainingClass(p);
    expect((await hub.gql(ENROLL, { c, l: laborers[1], on: '2017-02-20' })).errors).toBeUndefined();
    const dup = await hub.gql(ENROLL, { c, l: laborers[1], on: '2017-02-21' });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'laborerId', params: { detail: 'ALREADY_ENROLLED' } });
    expect(dup.errors?.[0].message).toBe('贫困劳动力冲突：该贫困劳动力已报名此培训班');
    const dupEn = await hub.gql(ENROLL, { c, l: laborers[1], on: '2017-02-21' }, { lang: 'en' });
    expect(dupEn.errors?.[0].message).toBe('Laborer conflicts: already enrolled in this class');
    const race = await Promise.all([1, 2, 3].map(() => hub.gql(ENROLL, { c, l: laborers[2], on: '2017-02-20' })));
    expect(race.filter((r) => !r.errors)).toHaveLength(1);
    // Whether the service check or enrollment_class_laborer_unique stops a loser, it reads the same.
    for (const r of race.filter((x) => x.errors)) {
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'laborerId', params: { detail: 'ALREADY_ENROLLED' } });
      expect(r.errors?.[0].message).toBe('贫困劳动力冲突：该贫困劳动力已报名此培训班');
    }
    expect((await hub.sql('select count(*)::int as n from enrollment where class_id = $1', [c]))[0].n).toBe(2);
  });

  it('refuses unknown class or laborer and inconsistent completion fields, writing nothing', async () => {
    const c = await trainingClass(p);
    const before = await count('enrollment');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ c: '999999' }, 'INVALID_REFERENCE', 'classId'],
      [{ l: '999999' }, 'INVALID_REFERENCE', 'laborerId'],
      [{ done: true }, 'REQUIRED', 'completedOn'],
      [{ doneOn: '2017-03-20' }, 'VALIDATION_FAILED', 'completedOn'],
      [{ cert: 'NC-1' }, 'VALIDATION_FAILED', 'certificateNo'],
      [{ emp: true }, 'VALIDATION_FAILED', 'employedAfterTraining'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await hub.gql(ENROLL, { c, l: laborers[3], on: '2017-02-20', ...vars });
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    expect(await count('enrollment')).toBe(before);
    const e = (await hub.gql(ENROLL, { c, l: laborers[3], on: '2017-02-20', done: true, doneOn: '2017-03-20', cert: 'NC-9', emp: true })).data.createEnrollment;
    expect(e).toMatchObject({ completed: true, completedOn: '2017-03-20', certificateNo: 'NC-9', employedAfterTraining: true });
    const bad = await hub.gql(`mutation($id: ID!) { updateEnrollment(id: $id, completed: false, certificateNo: "NC-9") { id } }`, { id: e.id });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'certificateNo' });
    expect(await hub.sql('select completed, certificate_no from enrollment where id = $1', [e.id])).toEqual([{ completed: true, certificate_no: 'NC-9' }]);
  });

  it('refuses an enrollment into a full class', async () => {
    const c = await trainingClass(p, { cap: 1 });
    expect((await hub.gql(ENROLL, { c, l: laborers[0], on: '2017-02-20' })).errors).toBeUndefined();
    const full = await hub.gql(ENROLL, { c, l: laborers[1], on: '2017-02-20' });
    expect(full.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'classId', params: { detail: 'CLASS_FULL' } });
    expect(full.errors?.[0].message).toContain('培训班名额已满');
    const en = await hub.gql(ENROLL, { c, l: laborers[1], on: '2017-02-20' }, { lang: 'en' });
    expect(en.errors?.[0].message).toMatch(/^Training class conflicts.*the class is full$/);
    expect((await hub.sql('select count(*)::int as n from enrollment where class_id = $1', [c]))[0].n).toBe(1);
  });

  it('never takes more enrollments than seats, even when requests race', async () => {
    const c = await trainingClass(p, { cap: 3 });
    const results = await Promise.all(laborers.slice(0, 6).map((l) => hub.gql(ENROLL, { c, l, on: '2017-02-20' })));
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'classId', params: { detail: 'CLASS_FULL' } });
    expect((await hub.sql('select count(*)::int as n from enrollment where class_id = $1', [c]))[0].n).toBe(3);
  });

  it('refuses lowering the capacity below the enrollments made, also racing new enrollments', async () => {
    const c = await trainingClass(p, { cap: 3 });
    for (const l of laborers.slice(0, 2)) expect((await hub.gql(ENROLL, { c, l, on: '2017-02-20' })).errors).toBeUndefined();
    const low = await hub.gql(`mutation($id: ID!) { updateTrainingClass(id: $id, capacity: 1, title: "改名") { id } }`, { id: c });
    expect(low.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'capacity', params: { detail: 'BELOW_ENROLLED' } });
    expect(await hub.sql('select capacity, title from training_class where id = $1', [c])).toEqual([{ capacity: 3, title: '厨师培训班' }]);
    const same = await hub.gql(`mutation($id: ID!) { updateTrainingClass(id: $id, capacity: 2) { capacity } }`, { id: c });
    expect(same.data.updateTrainingClass.capacity).toBe(2);
    // Raise to 3 and race one enrollment against a cut back to 2: whichever goes first, seats are never exceeded.
    await hub.gql(`mutation($id: ID!) { updateTrainingClass(id: $id, capacity: 3) { capacity } }`, { id: c });
    const [enroll, cut] = await Promise.all([hub.gql(ENROLL, { c, l: laborers[2], on: '2017-02-20' }), hub.gql(`mutation($id: ID!) { updateTrainingClass(id: $id, capacity: 2) { capacity } }`, { id: c })]);
    expect([enroll.errors, cut.errors].filter(Boolean)).toHaveLength(1);
    const [row] = await hub.sql('select capacity, (select count(*)::int from enrollment where class_id = $1) as n from training_class where id = $1', [c]);
    expect(row.n).toBeLessThanOrEqual(row.capacity);
  });

  it('counts every seat for an operator scoped to a county, while listing only the enrollments in scope', async () => {
    const c = await trainingClass(p, { cap: 2 });
    // One seat taken by a laborer of another county, invisible to the 南部县 operator.
    const outsider = await t.laborerIn(await t.household(otherVillage, '外县户', 2), '外县学员', makeIdNumber('511381', '19870303', '301'));
    expect((await hub.gql(ENROLL, { c, l: outsider, on: '2017-02-20' })).errors).toBeUndefined();
    const operator = await hub.as('OPERATOR', '511321000000');
    expect((await operator(ENROLL, { c, l: laborers[5], on: '2017-02-20' })).errors).toBeUndefined();
    const full = await operator(ENROLL, { c, l: laborers[6], on: '2017-02-20' });
    expect(full.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'classId', params: { detail: 'CLASS_FULL' } });
    const low = await operator(`mutation($id: ID!) { updateTrainingClass(id: $id, capacity: 1) { id } }`, { id: c });
    expect(low.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'capacity' });
    const seen = await operator(`query($id: ID!) { TrainingClass(id: $id) { enrolledCount enrollments { laborer { id } } page: enrollments(perPage: 5) { laborer { id } } } }`, { id: c });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.TrainingClass).toEqual({ enrolledCount: 2, enrollments: [{ laborer: { id: laborers[5] } }], page: [{ laborer: { id: laborers[5] } }] });
    expect(await hub.sql('select capacity, (select count(*)::int from enrollment where class_id = $1) as n from training_class where id = $1', [c])).toEqual([{ capacity: 2, n: 2 }]);
  });

  it('refuses deleting a class with enrollments', async () => {
    const c = await trainingClass(p);
    await hub.gql(ENROLL, { c, l: laborers[4], on: '2017-02-20' });
    const r = await hub.gql(`mutation($id: ID!) { deleteTrainingClass(id: $id) { id } }`, { id: c });
    expect(r.errors?.[0].extensions?.code).toBe('IN_USE');
    expect(await hub.sql('select id from training_class where id = $1', [c])).toHaveLength(1);
  });
});

describe('nested training fields', () => {
  let p: string;
  const classIds: string[] = [];
  beforeAll(async () => {
    p = await provider('南充市高技能人才培训基地', '511381000000');
    for (let i = 0; i < 5; i++) {
      const c = await trainingClass(p, { title: `嵌套班${i}`, county: '511381000000', s: `2018-0${i + 1}-01`, e: `2018-0${i + 1}-20` });
      classIds.push(c);
      for (const l of [...laborers.slice(i, i + 3), otherLaborer]) {
        const r = await hub.gql(ENROLL, { c, l, on: `2018-0${i + 1}-01`, done: l === otherLaborer, doneOn: l === otherLaborer ? `2018-0${i + 1}-20` : null });
        expect(r.errors).toBeUndefined();
      }
    }
  });

  it('resolves provider, county, enrollments, counts and back references', async () => {
    const r = await hub.gql(`query($id: ID!) { TrainingClass(id: $id) {
      provider { name classes { title } } county { name } enrolledCount completedCount
      enrollments { laborer { id name } trainingClass { title } }
      page2: enrollments(page: 1, perPage: 2) { laborer { id } }
      page9: enrollments(page: 9, perPage: 2) { laborer { id } }
    } }`, { id: classIds[0] });
    expect(r.errors).toBeUndefined();
    const c = r.data.TrainingClass;
    expect(c.provider).toEqual({ name: '南充市高技能人才培训基地', classes: classIds.map((_, i) => ({ title: `嵌套班${i}` })) });
    expect(c.county.name).toBe('阆中市');
    expect(c.enrolledCount).toBe(4);
    expect(c.completedCount).toBe(1);
    expect(c.enrollments.map((e: { laborer: { id: string } }) => e.laborer.id)).toEqual([...laborers.slice(0, 3), otherLaborer]);
    expect(c.enrollments[3]).toMatchObject({ laborer: { name: '阆中学员' }, trainingClass: { title: '嵌套班0' } });
    expect(c.page2.map((e: { laborer: { id: string } }) => e.laborer.id)).toEqual([laborers[2], otherLaborer]);
    expect(c.page9).toEqual([]);
    const l = await hub.gql(`query($id: ID!) { Laborer(id: $id) { enrollments { trainingClass { title } completed } } }`, { id: otherLaborer });
    expect(l.data.Laborer.enrollments).toEqual(classIds.map((_, i) => ({ trainingClass: { title: `嵌套班${i}` }, completed: true })));
    const big = await hub.gql(`query($id: ID!) { TrainingClass(id: $id) { enrollments(perPage: 501) { id } } }`, { id: classIds[0] });
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', field: 'perPage' });
  });

  it('filters enrollments by class, laborer, region and completion', async () => {
    const meta = async (f: Record<string, unknown>) => (await hub.gql(`query($f: EnrollmentFilter) { _allEnrollmentsMeta(filter: $f) { count } }`, { f })).data._allEnrollmentsMeta.count;
    expect(await meta({ classId: classIds[1] })).toBe(4);
    expect(await meta({ laborerId: otherLaborer })).toBe(5);
    expect(await meta({ regionCode: '511381000000', completed: true })).toBe(5);
    expect(await meta({ classId: classIds[1], regionCode: '511321000000' })).toBe(3);
    expect(await meta({ classId: classIds[1], enrolledOn_gte: '2018-02-01', enrolledOn_lte: '2018-02-01' })).toBe(4);
  });

  it('loads a list of classes with all nested fields in a fixed number of queries', async () => {
    const query = `query($f: TrainingClassFilter, $n: Int) { allTrainingClasses(filter: $f, perPage: $n, sortField: "startDate") {
      title provider { name classes { id } } county { name } enrolledCount completedCount
      enrollments { laborer { name enrollments { id } } trainingClass { title } }
      firstPage: enrollments(perPage: 2) { id }
    } }`;
    // The regions of the larger page read once first (the hub's region cache): both counts then see the same cache.
    await hub.gql(query, { f: { providerId: p }, n: 5 });
    const few = await hub.countQueries(() => hub.gql(query, { f: { providerId: p }, n: 2 }));
    const many = await hub.countQueries(() => hub.gql(query, { f: { providerId: p }, n: 5 }));
    expect(few.result.errors).toBeUndefined();
    expect(many.result.errors).toBeUndefined();
    expect(many.result.data.allTrainingClasses).toHaveLength(5);
    expect(many.result.data.allTrainingClasses.every((c: { firstPage: unknown[] }) => c.firstPage.length === 2)).toBe(true);
    expect(own(few.queries).length).toBeGreaterThan(0);
    expect(own(many.queries).length).toBe(own(few.queries).length);
    expect(own(many.queries).length).toBeLessThanOrEqual(11);
  });
});
