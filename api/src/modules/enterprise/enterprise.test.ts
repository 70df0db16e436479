import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

// hub.countQueries matches log lines starting with "[query]"; MikroORM colours them unless told not to.
process.env.MIKRO_ORM_NO_COLOR = '1';

let hub: TestHub;
/** The statements of the query itself, less the session lookup every signed-in request makes. */
const own = (queries: string[]) => queries.filter((q) => !/\b(user_session|app_user)\b/.test(q));
let village: string;
let otherVillage: string;
const laborers: string[] = [];
let otherLaborer: string;

const count = async () => (await hub.sql('select count(*)::int as n from enterprise'))[0].n as number;

const CREATE = `mutation($l: ID!, $name: String!, $sector: Sector!, $on: LocalDate!, $n: Int) {
  createEnterprise(laborerId: $l, name: $name, sector: $sector, startedOn: $on, employees: $n) { id name sector startedOn employees laborer { id } }
}`;
const biz = (vars: Record<string, unknown>) => ({ name: '张氏农家乐', sector: 'RURAL_TOURISM', on: '2017-04-01', ...vars });

async function create(vars: Record<string, unknown>): Promise<string> {
  const r = await hub.gql(CREATE, biz(vars));
  expect(r.errors).toBeUndefined();
  return r.data.createEnterprise.id;
}

beforeAll(async () => {
  hub = await startTestHub();
  const t = new Programmes(hub);
  village = await t.village('511321000000');
  otherVillage = await t.village('511381000000');
  const h = await t.household(village, '创业户', 4);
  for (let i = 0; i < 3; i++) laborers.push(await t.laborerIn(h, `创业${i}`, makeIdNumber('511321', '19820505', String(600 + i))));
  otherLaborer = await t.laborerIn(await t.household(otherVillage, '创业户', 4), '阆中创业', makeIdNumber('511381', '19810606', '701'));
});
afterAll(() => hub?.close());

describe('enterprise CRUD', () => {
  it('creates a business with the village taken from the founder, reads, updates and deletes it', async () => {
    const r = await hub.gql(CREATE, biz({ l: laborers[0], name: ' 嘉陵电商小店 ', sector: 'ECOMMERCE' }));
    expect(r.errors).toBeUndefined();
    const e = r.data.createEnterprise;
    expect(e).toEqual({ id: e.id, name: '嘉陵电商小店', sector: 'ECOMMERCE', startedOn: '2017-04-01', employees: 1, laborer: { id: laborers[0] } });
    expect(await hub.sql('select village_code from enterprise where id = $1', [e.id])).toEqual([{ village_code: village }]);
    const one = await hub.gql(`query($id: ID!) { Enterprise(id: $id) { laborer { name enterprises { name } } } }`, { id: e.id });
    expect(one.data.Enterprise.laborer).toEqual({ name: '创业0', enterprises: [{ name: '嘉陵电商小店' }] });

    const up = await hub.gql(`mutation($id: ID!, $l: ID) { updateEnterprise(id: $id, name: "嘉陵电商", sector: CATERING, startedOn: "2017-05-01", employees: 6, laborerId: $l) { name sector startedOn employees laborer { id } } }`, {
      id: e.id,
      l: otherLaborer,
    });
    expect(up.errors).toBeUndefined();
    expect(up.data.updateEnterprise).toEqual({ name: '嘉陵电商', sector: 'CATERING', startedOn: '2017-05-01', employees: 6, laborer: { id: otherLaborer } });
    expect(await hub.sql('select village_code from enterprise where id = $1', [e.id])).toEqual([{ village_code: otherVillage }]);

    const del = await hub.gql(`mutation($id: ID!) { deleteEnterprise(id: $id) { id name } }`, { id: e.id });
    expect(del.data.deleteEnterprise).toEqual({ id: e.id, name: '嘉陵电商' });
    expect(await hub.sql('select id from enterprise where id = $1', [e.id])).toEqual([]);
  });

  it('refuses fewer than one employee, an unknown founder and an empty name, and writes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ n: 0 }, 'VALIDATION_FAILED', 'employees'],
      [{ n: -3 }, 'VALIDATION_FAILED', 'employees'],
      [{ l: '999999' }, 'INVALID_REFERENCE', 'laborerId'],
      [{ name: '  ' }, 'REQUIRED', 'name'],
      [{ name: '店'.repeat(101) }, 'VALIDATION_FAILED', 'name'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await hub.gql(CREATE, biz({ l: laborers[0], ...vars }));
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    const en = await hub.gql(CREATE, biz({ l: laborers[0], n: 0 }), { lang: 'en' });
    expect(en.errors?.[0].message).toBe('Employees is invalid: must be at least 1');
    expect(await count()).toBe(before);
    const id = await create({ l: laborers[0], n: 3 });
    const bad = await hub.gql(`mutation($id: ID!) { updateEnterprise(id: $id, employees: 0, name: "改名") { id } }`, { id });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'employees' });
    expect(await hub.sql('select employees, name from enterprise where id = $1', [id])).toEqual([{ employees: 3, name: '张氏农家乐' }]);
  });
});

describe('enterprise lists', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.a = await create({ l: laborers[1], name: '列表养殖场', sector: 'PLANTING_BREEDING', on: '2016-03-01' });
    ids.b = await create({ l: laborers[2], name: '列表小吃店', sector: 'CATERING', on: '2017-06-01' });
    ids.c = await create({ l: otherLaborer, name: '列表民宿', sector: 'RURAL_TOURISM', on: '2018-01-01' });
  });

  const list = async (f: Record<string, unknown>) => {
    const r = await hub.gql(`query($f: EnterpriseFilter) { allEnterprises(filter: $f, perPage: 500, sortField: "startedOn") { id } _allEnterprisesMeta(filter: $f) { count } }`, { f });
    expect(r.errors).toBeUndefined();
    expect(r.data._allEnterprisesMeta.count).toBe(r.data.allEnterprises.length);
    return r.data.allEnterprises.map((e: { id: string }) => e.id);
  };

  it('filters by region subtree, sector, founder, start date and name text', async () => {
    expect(await list({ q: '列表' })).toEqual([ids.a, ids.b, ids.c]);
    expect(await list({ q: '列表', regionCode: '511381000000' })).toEqual([ids.c]);
    expect(await list({ q: '列表', regionCode: `${village.slice(0, 9)}000` })).toEqual([ids.a, ids.b]);
    expect(await list({ sector: 'CATERING', q: '列表' })).toEqual([ids.b]);
    expect(await list({ laborerId: laborers[1] })).toEqual([ids.a]);
    expect(await list({ q: '列表', startedOn_gte: '2017-01-01', startedOn_lte: '2017-12-31' })).toEqual([ids.b]);
    expect(await list({ q: '民宿' })).toEqual([ids.c]);
  });

  it('loads a page of businesses with founder and household in a fixed number of queries', async () => {
    const query = `query($n: Int) { allEnterprises(perPage: $n, sortField: "id") { name laborer { name household { headName } enterprises { id } } } }`;
    // The regions of the larger page read once first (the hub's region cache): both counts then see the same cache.
    await hub.gql(query, { n: 20 });
    const few = await hub.countQueries(() => hub.gql(query, { n: 1 }));
    const many = await hub.countQueries(() => hub.gql(query, { n: 20 }));
    expect(few.result.errors).toBeUndefined();
    expect(many.result.data.allEnterprises.length).toBeGreaterThan(3);
    expect(own(few.queries).length).toBeGreaterThan(0);
    expect(own(many.queries).length).toBe(own(few.queries).length);
    expect(own(many.queries).length).toBeLessThanOrEqual(4);
  });
});
