import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gql, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';
import type { Principal } from '../auth/access';
import { bindScope, mayRead, scopeSql } from '../auth/scope';
import { Enrollment } from '../training/training.entity';
import { Region } from '../region/region.entity';

// The person's page and the village list the clerks open all day (the bench's questions): how many
// statements they take is pinned, so a relation read per row (N+1) or a list read on its own fails here.
// hub.countQueries matches log lines starting with "[query]"; MikroORM colours them unless told not to.
process.env.NO_COLOR = '1';

const COUNTY = '511321000000';
const OTHER_COUNTY = '511381000000';

const DETAIL = `query($id: ID!) { Laborer(id: $id) { id name idNumber gender birthDate phone education wantsTraining wantsTransfer wantsEnterprise povertyStatus
  household { headName memberCount } village { name isPoor } township { name } county { name }
  enrollments { id completed completedOn enrolledOn } employments { id kind channel employer startDate endDate } enterprises { id name sector }
  loans { id amount status appliedOn } welfarePlacements { id startDate endDate } dreamSchoolings { id school intakeYear } }
  laborerHistory(laborerId: $id) { date kind title amount } }`;

const LIST = `query($v: ID!, $n: Int) { allLaborers(filter: { regionCode: $v }, perPage: $n, sortField: "name") { id name idNumber gender birthDate phone household { headName memberCount } village { name } }
  _allLaborersMeta(filter: { regionCode: $v }) { count } }`;

let hub: TestHub;
let p: Programmes;
let village: string;
let main: string;
let teen: string;
let otherInVillage: string;

beforeAll(async () => {
  hub = await startTestHub();
  p = new Programmes(hub);
  village = await p.village(COUNTY, 3);
  main = await p.laborer(village, '甲一', '19850304');
  teen = await p.laborer(village, '乙二', '20020510');
  otherInVillage = await p.laborer(village, '丙三', '19790101');
  const cls = await p.trainingClass(COUNTY, '电工', '2017-03-01', '2017-03-20');
  await p.enroll(cls, main, '2017-03-01');
  await p.employment(main, '宁波电机厂', '2017-04-01');
  await p.employment(main, '宁波机械厂', '2016-04-01', '2016-12-31');
  await p.enterprise(main, '甲一小吃', '2017-05-01');
  await p.loan(main, { amount: 50000, termMonths: 24, annualRate: 0.0435, appliedOn: '2017-05-02' });
  await p.placement(await p.post(village, '保洁员'), otherInVillage, '2017-02-01');
  await p.schooling(teen, 2017);
});
afterAll(() => hub?.close());

describe("a laborer's page (detail with full history)", () => {
  it('is three statements: the laborer with the household, every record list together, the history with its scope check', async () => {
    // The village, township and county come from the hub's region cache once read (warmed here).
    await hub.gql(DETAIL, { id: main });
    const { result, queries } = await hub.countQueries(() => hub.gql(DETAIL, { id: main }));
    expect(result.errors).toBeUndefined();
    const l = result.data.Laborer;
    expect(l).toMatchObject({ id: main, name: '甲一', household: { headName: '户主', memberCount: 3 }, county: { name: '南部县' } });
    expect(l.village.name).toBeTruthy();
    expect(l.township.name).toBeTruthy();
    expect(l.enrollments).toMatchObject([{ completed: false, enrolledOn: '2017-03-01' }]);
    // Each list in its own order: jobs earliest first.
    expect(l.employments.map((e: { employer: string }) => e.employer)).toEqual(['宁波机械厂', '宁波电机厂']);
    expect(l.enterprises).toMatchObject([{ name: '甲一小吃', sector: 'CATERING' }]);
    expect(l.loans).toMatchObject([{ amount: 50000, appliedOn: '2017-05-02' }]);
    expect(l.welfarePlacements).toEqual([]);
    expect(l.dreamSchoolings).toEqual([]);
    expect(result.data.laborerHistory.map((h: { kind: string }) => h.kind)).toEqual(['EMPLOYMENT', 'TRAINING', 'EMPLOYMENT', 'ENTERPRISE', 'LOAN']);
    expect(queries, queries.join('\n')).toHaveLength(3);
  });

  it('stays three statements for another person, and a list of laborers with their records reads each list kind once for all of them', async () => {
    await hub.gql(DETAIL, { id: teen });
    const t = await hub.countQueries(() => hub.gql(DETAIL, { id: teen }));
    expect(t.result.data.Laborer.dreamSchoolings).toMatchObject([{ intakeYear: 2017 }]);
    expect(t.queries).toHaveLength(3);
    const lists = `query($v: ID!) { allLaborers(filter: { regionCode: $v }, perPage: 50) { id enrollments { id } employments { id } loans { id } welfarePlacements { id } dreamSchoolings { id } enterprises { id } } }`;
    const { result, queries } = await hub.countQueries(() => hub.gql(lists, { v: village }));
    expect(result.errors).toBeUndefined();
    const byId = new Map(result.data.allLaborers.map((x: { id: string }) => [x.id, x]));
    expect((byId.get(main) as { employments: unknown[] }).employments).toHaveLength(2);
    expect((byId.get(otherInVillage) as { welfarePlacements: unknown[] }).welfarePlacements).toHaveLength(1);
    // The page, and the six lists of all its laborers in one.
    expect(queries, queries.join('\n')).toHaveLength(2);
  });

  it('keeps the scope: out of scope the person is null and the history NOT_FOUND; in scope a scoped user sees the township and county above', async () => {
    const outsider = await hub.as('OPERATOR', OTHER_COUNTY);
    const out = await outsider(DETAIL, { id: main });
    expect(out.data?.Laborer ?? null).toBeNull();
    expect(out.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'laborerId' });
    const clerk = await hub.as('OPERATOR', village);
    const mine = await clerk(DETAIL, { id: main });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.Laborer.county).toEqual({ name: '南部县' });
    expect(mine.data.Laborer.employments).toHaveLength(2);
    expect(mine.data.laborerHistory).toHaveLength(5);
  });

  it('masks personal data for masked roles on both paths', async () => {
    const analyst = await hub.as('ANALYST');
    const d = await analyst(DETAIL, { id: main });
    expect(d.errors).toBeUndefined();
    expect(d.data.Laborer.idNumber).toMatch(/^\d{6}\*+$/);
    expect(d.data.Laborer.birthDate).toBeNull();
    const full = (await hub.gql(DETAIL, { id: main })).data.Laborer;
    expect(d.data.Laborer.idNumber).not.toBe(full.idNumber);
    const list = await analyst(LIST, { v: village, n: 25 });
    expect(list.errors).toBeUndefined();
    for (const row of list.data.allLaborers) {
      expect(row.idNumber).toMatch(/^\d{6}\*+$/);
      expect(row.birthDate).toBeNull();
    }
    // A hidden field is never a sort key.
    const sorted = await analyst(`query($v: ID!) { allLaborers(filter: { regionCode: $v }, sortField: "birthDate") { id household { headName } } }`, { v: village });
    expect(sorted.errors?.[0].extensions?.code).toBe('INVALID_SORT');
  });
});

describe('the village list (page, count, household, village)', () => {
  it('is three statements (the page, its count, the households of the page), for one laborer or all of them', async () => {
    await hub.gql(LIST, { v: village, n: 1 });
    const one = await hub.countQueries(() => hub.gql(LIST, { v: village, n: 1 }));
    const all = await hub.countQueries(() => hub.gql(LIST, { v: village, n: 25 }));
    expect(all.result.errors).toBeUndefined();
    expect(all.result.data._allLaborersMeta.count).toBe(3);
    expect(all.result.data.allLaborers.map((l: { name: string }) => l.name).sort()).toEqual(['甲一', '乙二', '丙三'].sort());
    for (const l of all.result.data.allLaborers) expect(l).toMatchObject({ household: { headName: '户主', memberCount: 3 }, village: { name: expect.any(String) } });
    expect(one.queries, one.queries.join('\n')).toHaveLength(3);
    expect(all.queries, all.queries.join('\n')).toHaveLength(3);
  });

  it('shows a region change at once (the region cache is emptied when the change commits)', async () => {
    const before = (await hub.gql(DETAIL, { id: main })).data.Laborer.village.isPoor;
    const r = await hub.gql(`mutation($id: ID!, $p: Boolean!) { updateRegion(id: $id, isPoor: $p) { isPoor } }`, { id: village, p: !before });
    expect(r.errors).toBeUndefined();
    expect((await hub.gql(DETAIL, { id: main })).data.Laborer.village.isPoor).toBe(!before);
    expect((await hub.gql(`mutation($id: ID!, $p: Boolean!) { updateRegion(id: $id, isPoor: $p) { isPoor } }`, { id: village, p: before })).errors).toBeUndefined();
    expect((await hub.gql(DETAIL, { id: main })).data.Laborer.village.isPoor).toBe(before);
  });
});

describe('the in-memory and SQL forms of the scope filter', () => {
  const principals: (Principal | null)[] = [
    null,
    { userId: 1, username: 'a', role: 'CITY_ADMIN', scope: null },
    { userId: 2, username: 'o', role: 'OPERATOR', scope: COUNTY },
    { userId: 3, username: 'n', role: 'ANALYST', scope: null },
    { userId: 4, username: 'v', role: 'VIEWER', scope: OTHER_COUNTY },
  ];

  it('mayRead (the region cache) answers what the ORM filter reads, for every kind of user', async () => {
    const township = `${village.slice(0, 9)}000`;
    const codes = [(await hub.sql(`select code from region where level = 'CITY'`))[0].code, COUNTY, OTHER_COUNTY, township, village];
    codes.push(...(await hub.sql(`select code from region where parent_code = $1 order by code limit 3`, [township])).map((r) => r.code));
    codes.push(...(await hub.sql(`select code from region where code like '511381%' and level = 'VILLAGE' order by code limit 2`)).map((r) => r.code));
    for (const scope of [...principals, { userId: 5, username: 'c', role: 'OPERATOR', scope: village } as Principal]) {
      const em = hub.orm.em.fork();
      bindScope(em, scope);
      const viaFilter = (await em.find(Region, { code: { $in: codes } })).map((r) => r.code).sort();
      expect(codes.filter((c) => mayRead(em, Region.name, c)).sort(), JSON.stringify(scope)).toEqual(viaFilter);
    }
  });

  it('scopeSql (the record lists, the history) selects what the ORM filter selects', async () => {
    const other = await p.laborer(await p.village(OTHER_COUNTY), '丁四', '19800101');
    await p.enroll(await p.trainingClass(OTHER_COUNTY, '厨师', '2017-03-01', '2017-03-20'), other, '2017-03-02');
    for (const scope of principals) {
      const em = hub.orm.em.fork();
      bindScope(em, scope);
      const viaFilter = (await em.find(Enrollment, {})).map((e) => e.id).sort();
      const s = scopeSql(em, Enrollment.name, 't');
      const viaSql = (await em.execute<{ id: number }[]>(`select t.id from enrollment t where ${s.sql}`, s.params)).map((r) => r.id).sort();
      expect(viaSql, JSON.stringify(scope)).toEqual(viaFilter);
    }
  });
});
