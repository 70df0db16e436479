import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, startTestHub, type Gql, type TestHub } from '../../../test/hub';
import { createContext } from '../../context';
import { entities } from '../../entities';
import { Household } from '../registry/household.entity';
import { Region } from '../region/region.entity';
import { REGION_COLUMNS, scopeRuleOf } from './scope';

// hub.countQueries matches log lines starting with "[query]"; MikroORM colours them unless told not to.
process.env.MIKRO_ORM_NO_COLOR = '1';

const CITY = '511300000000';
const A = '511321000000'; // 南部县
const B = '511381000000'; // 阆中市

let hub: TestHub;
let opA: Gql;
let opB: Gql;
let opTownship: Gql;
let villageA: string;
let villageA2: string;
let villageB: string;
let township: string;
const ids = { householdA: '', householdB: '', laborerA: '', laborerB: '', laborerA2: '' };

const CREATE_HOUSEHOLD = `mutation($v: ID!, $head: String!) { createHousehold(villageId: $v, headName: $head, memberCount: 3) { id } }`;
const CREATE_LABORER = `mutation($h: ID!, $name: String!, $idn: String!) { createLaborer(householdId: $h, name: $name, idNumber: $idn, phone: "13800001234") { id } }`;

async function firstVillage(within: string, page = 0): Promise<string> {
  const r = await hub.gql(`query($w: ID!, $p: Int) { allRegions(filter: { level: VILLAGE, within: $w, isUrban: false }, perPage: 1, page: $p) { code } }`, { w: within, p: page });
  return r.data.allRegions[0].code;
}

async function household(village: string, head: string): Promise<string> {
  const r = await hub.gql(CREATE_HOUSEHOLD, { v: village, head });
  expect(r.errors).toBeUndefined();
  return r.data.createHousehold.id;
}

async function laborer(h: string, name: string, idn: string): Promise<string> {
  const r = await hub.gql(CREATE_LABORER, { h, name, idn });
  expect(r.errors).toBeUndefined();
  return r.data.createLaborer.id;
}

beforeAll(async () => {
  hub = await startTestHub();
  villageA = await firstVillage(A);
  township = `${villageA.slice(0, 9)}000`;
  // A village of county A in another township.
  const r = await hub.gql(`query($c: ID!) { allRegions(filter: { level: VILLAGE, within: $c, isUrban: false }, perPage: 500) { code } }`, { c: A });
  villageA2 = r.data.allRegions.map((x: { code: string }) => x.code).find((c: string) => !c.startsWith(villageA.slice(0, 9)));
  villageB = await firstVillage(B);
  ids.householdA = await household(villageA, '南部户');
  ids.householdB = await household(villageB, '阆中户');
  ids.laborerA = await laborer(ids.householdA, '南部人', makeIdNumber('511321', '19800101', '011'));
  ids.laborerB = await laborer(ids.householdB, '阆中人', makeIdNumber('511381', '19800101', '012'));
  ids.laborerA2 = await laborer(await household(villageA2, '南部二户'), '南部二', makeIdNumber('511321', '19800101', '013'));
  [opA, opB, opTownship] = await Promise.all([hub.as('OPERATOR', A), hub.as('OPERATOR', B), hub.as('OPERATOR', township)]);
});
afterAll(() => hub?.close());

describe('an operator of one county, reading another county', () => {
  it('finds no record of it by id, as if it did not exist', async () => {
    const q = `query($l: ID!, $h: ID!, $r: ID!) { Laborer(id: $l) { id } Household(id: $h) { id } Region(id: $r) { code } }`;
    expect((await opA(q, { l: ids.laborerB, h: ids.householdB, r: B })).data).toEqual({ Laborer: null, Household: null, Region: null });
    expect((await opA(q, { l: ids.laborerA, h: ids.householdA, r: A })).data).toEqual({ Laborer: { id: ids.laborerA }, Household: { id: ids.householdA }, Region: { code: A } });
    expect((await opB(q, { l: ids.laborerA, h: ids.householdA, r: villageA })).data).toEqual({ Laborer: null, Household: null, Region: null });
  });

  it('lists and counts only its own county, whatever the filter asks', async () => {
    const list = `query($f: LaborerFilter) { allLaborers(filter: $f, perPage: 500) { id villageId } _allLaborersMeta(filter: $f) { count } }`;
    const all = (await opA(list)).data;
    expect(all.allLaborers.map((l: { id: string }) => l.id).sort()).toEqual([ids.laborerA, ids.laborerA2].sort());
    expect(all._allLaborersMeta.count).toBe(2);
    for (const f of [{ ids: [ids.laborerB] }, { regionCode: B }, { q: '阆中' }, { householdId: ids.householdB }, { q: '511381' }]) {
      const r = (await opA(list, { f })).data;
      expect(r, JSON.stringify(f)).toEqual({ allLaborers: [], _allLaborersMeta: { count: 0 } });
    }
    const households = (await opA(`{ allHouseholds(perPage: 500) { id } _allHouseholdsMeta { count } }`)).data;
    expect(households.allHouseholds.map((h: { id: string }) => h.id)).not.toContain(ids.householdB);
    expect((await opA(`{ allRegions(filter: { q: "阆中" }) { code } }`)).data.allRegions).toEqual([]);
    expect((await opA(`{ _allRegionsMeta(filter: { level: COUNTY }) { count } }`)).data._allRegionsMeta.count).toBe(1);
  });

  it('reaches nothing of it through nested relations', async () => {
    const city = (await opA(`query($c: ID!) { Region(id: $c) { code children { code } descendantCount(level: COUNTY) descendants(level: VILLAGE, perPage: 500) { code } } }`, { c: CITY })).data.Region;
    expect(city.code).toBe(CITY);
    expect(city.children).toEqual([{ code: A }]);
    expect(city.descendantCount).toBe(1);
    expect(city.descendants.every((v: { code: string }) => v.code.startsWith('511321'))).toBe(true);
    const nested = (await opA(`query($h: ID!) { Household(id: $h) { laborers { id } village { parent { parent { parent { code children { code } } } } } } }`, { h: ids.householdA })).data.Household;
    expect(nested.laborers).toEqual([{ id: ids.laborerA }]);
    expect(nested.village.parent.parent.parent).toEqual({ code: CITY, children: [{ code: A }] });
  });

  it('sees the path from the city down to its scope, and a township operator only its township', async () => {
    const v = (await opTownship(`query($v: ID!) { Region(id: $v) { ancestors { code } } }`, { v: villageA })).data.Region;
    expect(v.ancestors.map((a: { code: string }) => a.code)).toEqual([CITY, A, township]);
    const county = (await opTownship(`query($c: ID!) { Region(id: $c) { children { code } } }`, { c: A })).data.Region;
    expect(county.children).toEqual([{ code: township }]);
    const laborers = (await opTownship(`{ allLaborers { id } }`)).data.allLaborers;
    expect(laborers).toEqual([{ id: ids.laborerA }]);
    expect((await opTownship(`query($l: ID!) { Laborer(id: $l) { id } }`, { l: ids.laborerA2 })).data.Laborer).toBeNull();
  });
});

describe('an operator of one county, writing', () => {
  it("cannot change or delete another county's records: NOT_FOUND, and nothing changes", async () => {
    const upd = await opA(`mutation($id: ID!) { updateLaborer(id: $id, name: "改名") { id } }`, { id: ids.laborerB });
    expect(upd.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const del = await opA(`mutation($id: ID!) { deleteHousehold(id: $id) { id } }`, { id: ids.householdB });
    expect(del.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const region = await opA(`mutation($id: ID!) { updateRegion(id: $id, isPoor: true) { code } }`, { id: villageB });
    expect(region.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await hub.sql('select name from laborer where id = $1', [ids.laborerB]))[0].name).toBe('阆中人');
    expect((await hub.sql('select count(*)::int as n from household where id = $1', [ids.householdB]))[0].n).toBe(1);
    expect((await hub.sql('select is_poor from region where code = $1', [villageB]))[0].is_poor).toBe(false);
  });

  it('cannot create in, or move a record to, another county', async () => {
    const create = await opA(CREATE_HOUSEHOLD, { v: villageB, head: '越界户' });
    expect(create.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'villageId' });
    const move = await opA(`mutation($id: ID!, $v: ID) { updateHousehold(id: $id, villageId: $v) { id } }`, { id: ids.householdA, v: villageB });
    expect(move.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'villageId' });
    const laborer = await opA(CREATE_LABORER, { h: ids.householdB, name: '越界', idn: makeIdNumber('511381', '19900101', '021') });
    expect(laborer.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'householdId' });
    expect((await hub.sql("select count(*)::int as n from household where head_name = '越界户'"))[0].n).toBe(0);
    expect((await hub.sql('select village_code from household where id = $1', [ids.householdA]))[0].village_code).toBe(villageA);
  });

  it('cannot change the regions above its scope it may read (refused at flush, FORBIDDEN)', async () => {
    const r = await opA(`mutation($id: ID!) { updateRegion(id: $id, exitYear: 2017) { code } }`, { id: A });
    expect(r.errors).toBeUndefined();
    const city = await opTownship(`mutation($id: ID!) { updateRegion(id: $id, exitYear: 2018) { code } }`, { id: A });
    expect(city.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.sql('select exit_year from region where code = $1', [A]))[0].exit_year).toBe(2017);
  });

  it('works inside its county', async () => {
    const h = await opA(CREATE_HOUSEHOLD, { v: villageA2, head: '本县户' });
    expect(h.errors).toBeUndefined();
    const moved = await opA(`mutation($id: ID!, $v: ID) { updateHousehold(id: $id, villageId: $v) { villageId } }`, { id: h.data.createHousehold.id, v: villageA });
    expect(moved.data.updateHousehold.villageId).toBe(villageA);
  });

  it('is refused by the flush guard even when a resolver forgets to check (no row written)', async () => {
    const principal = { userId: Number(opA.userId), username: opA.username!, role: 'OPERATOR' as const, scope: A, sessionId: 0 };
    const ctx = createContext(hub.orm.em as unknown as EntityManager, 'zh', principal);
    const em = ctx.em;
    // Straight through the ORM, skipping every resolver check: a household in another county.
    em.create(Household, { village: em.getReference(Region, villageB), headName: '绕过户', memberCount: 2 } as never);
    await expect(em.flush()).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await hub.sql("select count(*)::int as n from household where head_name = '绕过户'"))[0].n).toBe(0);
  });
});

describe("a township's operator and the county's programmes (issue #17)", () => {
  let classA = '';
  let classB = '';
  let providerA = '';
  let budgetA = '';
  let policy = '';
  let fairA = '';
  let fairB = '';
  const CLASS = `mutation($t: String!, $p: ID!, $c: ID!) { createTrainingClass(title: $t, kind: EMPLOYMENT, providerId: $p, countyId: $c, startDate: "2017-03-01", endDate: "2017-03-20", capacity: 30) { id } }`;
  beforeAll(async () => {
    const prov = async (name: string, c: string) => (await hub.gql(`mutation($n: String!, $c: ID!) { createTrainingProvider(name: $n, kind: VOCATIONAL_COLLEGE, countyId: $c) { id } }`, { n: name, c })).data.createTrainingProvider.id;
    providerA = await prov('南部县职校（范围测试）', A);
    const providerB = await prov('阆中市职校（范围测试）', B);
    classA = (await hub.gql(CLASS, { t: '南部县厨师班', p: providerA, c: A })).data.createTrainingClass.id;
    classB = (await hub.gql(CLASS, { t: '阆中市厨师班', p: providerB, c: B })).data.createTrainingClass.id;
    policy = (await hub.gql(`mutation { createPolicy(name: "范围测试培训补贴", programKind: TRAINING, subsidyKind: TRAINING, amountRule: PER_PERSON, amount: 800, validFrom: "2016-01-01") { id } }`)).data.createPolicy.id;
    budgetA = (await hub.gql(`mutation($p: ID!, $c: ID!) { createPolicyBudget(policyId: $p, countyId: $c, year: 2017, budget: 8000) { id } }`, { p: policy, c: A })).data.createPolicyBudget.id;
    await hub.gql(`mutation($p: ID!, $c: ID!) { createPolicyBudget(policyId: $p, countyId: $c, year: 2017, budget: 9000) { id } }`, { p: policy, c: B });
    const FAIR = `mutation($c: ID!, $t: String!) { createJobFair(countyId: $c, title: $t, venue: "广场", heldOn: "2017-03-05", postsOffered: 10, laborersRegistered: 5, intentionsSigned: 2) { id } }`;
    fairA = (await hub.gql(FAIR, { c: A, t: '南部县春风行动（范围测试）' })).data.createJobFair.id;
    fairB = (await hub.gql(FAIR, { c: B, t: '阆中市春风行动（范围测试）' })).data.createJobFair.id;
  });

  it("reads the county's job fairs (it sends its laborers there), not another county's, and changes none", async () => {
    const r = (await opTownship(`{ allJobFairs(perPage: 500) { id } }`)).data;
    expect(r.allJobFairs.map((f: { id: string }) => f.id)).toContain(fairA);
    expect(r.allJobFairs.map((f: { id: string }) => f.id)).not.toContain(fairB);
    const upd = await opTownship(`mutation($id: ID!) { updateJobFair(id: $id, title: "改名") { id } }`, { id: fairA });
    expect(upd.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.sql('select title from job_fair where id = $1', [fairA]))[0].title).toBe('南部县春风行动（范围测试）');
  });

  it("reads the county's classes, providers, policies and budgets, not another county's", async () => {
    const r = (await opTownship(`{ allTrainingClasses(perPage: 500) { id title provider { id } county { code } } allTrainingProviders(perPage: 500) { id } allPolicyBudgets(perPage: 500) { id countyId remaining } allPolicies(perPage: 500) { id } }`)).data;
    expect(r.allTrainingClasses.map((c: { id: string }) => c.id)).toContain(classA);
    expect(r.allTrainingClasses.map((c: { id: string }) => c.id)).not.toContain(classB);
    expect(r.allTrainingClasses.find((c: { id: string }) => c.id === classA)).toMatchObject({ provider: { id: providerA }, county: { code: A } });
    expect(r.allTrainingProviders.map((p: { id: string }) => p.id)).toContain(providerA);
    expect(r.allPolicyBudgets.map((b: { countyId: string }) => b.countyId)).toEqual([A]);
    expect(r.allPolicyBudgets[0]).toMatchObject({ id: budgetA, remaining: 8000 });
    expect(r.allPolicies.map((p: { id: string }) => p.id)).toContain(policy);
    expect((await opTownship(`query($id: ID!) { TrainingClass(id: $id) { id } }`, { id: classB })).data.TrainingClass).toBeNull();
  });

  it('changes none of them (FORBIDDEN at flush, nothing written)', async () => {
    const cls = await opTownship(`mutation($id: ID!) { updateTrainingClass(id: $id, title: "改名") { id } }`, { id: classA });
    expect(cls.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const budget = await opTownship(`mutation($id: ID!) { updatePolicyBudget(id: $id, budget: 1) { id } }`, { id: budgetA });
    expect(budget.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const del = await opTownship(`mutation($id: ID!) { deleteTrainingProvider(id: $id) { id } }`, { id: providerA });
    expect(del.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|IN_USE/);
    const created = await opTownship(CLASS, { t: '乡镇自建班', p: providerA, c: A });
    expect(created.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.sql('select title from training_class where id = $1', [classA]))[0].title).toBe('南部县厨师班');
    expect((await hub.sql('select budget::float as b from policy_budget where id = $1', [budgetA]))[0].b).toBe(8000);
    expect((await hub.sql("select count(*)::int as n from training_class where title = '乡镇自建班'"))[0].n).toBe(0);
  });

  it('enrolls its own laborer in a county class and lists the enrollment with its class; never an INTERNAL_SERVER_ERROR', async () => {
    const e = await opTownship(`mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-03-01") { id trainingClass { id title } } }`, { c: classA, l: ids.laborerA });
    expect(e.errors).toBeUndefined();
    expect(e.data.createEnrollment.trainingClass).toEqual({ id: classA, title: '南部县厨师班' });
    // Another county's laborer stays out of reach; a class of another county cannot be enrolled in.
    const other = await opTownship(`mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-03-01") { id } }`, { c: classA, l: ids.laborerA2 });
    expect(other.errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    const outside = await opTownship(`mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-03-01") { id } }`, { c: classB, l: ids.laborerA });
    expect(outside.errors?.[0].extensions).toMatchObject({ field: 'classId' });
    // The administrator enrolls the township's laborer in the other county's class: the township reads the
    // enrollment, and its class is null (out of scope), not an error.
    expect((await hub.gql(`mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-03-02") { id } }`, { c: classB, l: ids.laborerA })).errors).toBeUndefined();
    const list = await opTownship(`{ allEnrollments(perPage: 500) { id classId trainingClass { id title provider { id } } } _allEnrollmentsMeta { count } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data._allEnrollmentsMeta.count).toBe(list.data.allEnrollments.length);
    const byClass = Object.fromEntries(list.data.allEnrollments.map((x: { classId: string; trainingClass: unknown }) => [x.classId, x.trainingClass]));
    expect(byClass[classA]).toMatchObject({ id: classA });
    expect(byClass[classB]).toBeNull();
  });
});

describe('every entity', () => {
  it('says which region it belongs to, or what it is instead', () => {
    const unclassified = entities.filter((e) => scopeRuleOf(hub.orm.getMetadata().get(e.name)).kind === 'unclassified').map((e) => e.name);
    expect(unclassified, `mark these @RegionScoped, @CityWide or @AdminOnly, or give them one of ${REGION_COLUMNS.join(', ')}`).toEqual([]);
  });

  it('is read through the scope filter by a scoped user (SQL checked for every entity)', async () => {
    const principal = { userId: Number(opA.userId), username: opA.username!, role: 'OPERATOR' as const, scope: A, sessionId: 0 };
    for (const e of entities) {
      const meta = hub.orm.getMetadata().get(e.name);
      const rule = scopeRuleOf(meta);
      const em = createContext(hub.orm.em as unknown as EntityManager, 'zh', principal).em;
      // The condition the filter adds to every read of the entity ...
      const cond = JSON.stringify(await em.applyFilters(e.name, {}, {}, 'read'));
      // Kept by a county (classes, providers, budgets) or the tree itself: the scope's ancestors are read too.
      if (rule.kind === 'region' && rule.ancestorsReadable) expect(cond, e.name).toContain(`{"${rule.prop}":{"$in":["${CITY}"]}}`);
      if (rule.kind === 'region') expect(cond, e.name).toContain(`{"${rule.prop}":{"$like":"511321%"}}`);
      else if (rule.kind === 'cityWide') expect(cond, e.name).toBeUndefined();
      else expect(cond, e.name).toContain('{"$in":[]}');
      // ... and the SQL it becomes runs.
      const { queries } = await hub.countQueries(() => em.find(e as never, {}, { limit: 1 }));
      expect(queries.join('\n'), e.name).toMatch(rule.kind === 'region' ? / like \$1/ : rule.kind === 'cityWide' ? /limit/ : /where 1 = (0|\$1)/);
    }
  });
});
