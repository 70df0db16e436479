import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';

let hub: TestHub;
let village: string;
let otherCountyVillage: string;
let householdId: string;

const CREATE_HOUSEHOLD = `mutation($v: ID!, $head: String!, $n: Int!) { createHousehold(villageId: $v, headName: $head, memberCount: $n) { id villageId } }`;
const CREATE_LABORER = `mutation($h: ID!, $name: String!, $idn: String!, $phone: String, $wt: Boolean) {
  createLaborer(householdId: $h, name: $name, idNumber: $idn, phone: $phone, wantsTraining: $wt) { id name idNumber gender birthDate villageId householdId wantsTraining povertyStatus }
}`;

beforeAll(async () => {
  hub = await startTestHub();
  village = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511321000000", isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
  otherCountyVillage = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511381000000", isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
  householdId = (await hub.gql(CREATE_HOUSEHOLD, { v: village, head: '张德明', n: 4 })).data.createHousehold.id;
});
afterAll(() => hub?.close());

describe('laborer CRUD over HTTP', () => {
  it('creates a laborer, deriving gender and birth date from the ID number', async () => {
    const idn = makeIdNumber('511321', '19800115', '231');
    const r = await hub.gql(CREATE_LABORER, { h: householdId, name: ' 张三 ', idn, phone: '13800000001', wt: true });
    expect(r.errors).toBeUndefined();
    expect(r.data.createLaborer).toMatchObject({ name: '张三', idNumber: idn, gender: 'MALE', birthDate: '1980-01-15', villageId: village, householdId, wantsTraining: true, povertyStatus: 'POOR' });
    const one = await hub.gql(`query($id: ID!) { Laborer(id: $id) { name household { headName village { name } } county { name } township { level } } }`, { id: r.data.createLaborer.id });
    expect(one.data.Laborer).toMatchObject({ name: '张三', household: { headName: '张德明' }, county: { name: '南部县' }, township: { level: 'TOWNSHIP' } });
  });

  it('refuses a bad ID number with a coded error naming the field, in Chinese by default and English on request', async () => {
    const bad = makeIdNumber('511321', '19800115', '232').slice(0, 17) + '0';
    const good = makeIdNumber('511321', '19800115', '232');
    const idn = good.endsWith('0') ? `${good.slice(0, 17)}1` : bad;
    const zh = await hub.gql(CREATE_LABORER, { h: householdId, name: '李四', idn });
    expect(zh.errors?.[0].extensions).toMatchObject({ code: 'INVALID_ID_NUMBER', field: 'idNumber', params: { detail: 'CHECKSUM' } });
    expect(zh.errors?.[0].message).toBe('身份证号无效：号码有误，请对照身份证逐位核对');
    expect(zh.errors?.[0].message).not.toContain(idn);
    const en = await hub.gql(CREATE_LABORER, { h: householdId, name: '李四', idn }, { lang: 'en-US,en;q=0.9' });
    expect(en.errors?.[0].message).toBe('Invalid resident ID number: the number is wrong: check every digit against the ID card');
    const rows = await hub.sql('select count(*)::int as n from laborer where name = $1', ['李四']);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a duplicate ID number and writes nothing', async () => {
    const idn = makeIdNumber('511321', '19750607', '042');
    expect((await hub.gql(CREATE_LABORER, { h: householdId, name: '王五', idn })).errors).toBeUndefined();
    const before = await hub.sql('select count(*)::int as n from laborer');
    const dup = await hub.gql(CREATE_LABORER, { h: householdId, name: '王五二', idn: idn.toLowerCase() });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE', field: 'idNumber' });
    expect(dup.errors?.[0].message).toBe('身份证号已存在，不能重复登记');
    const after = await hub.sql('select count(*)::int as n from laborer');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a duplicate even when two requests race (the database constraint decides)', async () => {
    const idn = makeIdNumber('511321', '19700101', '555');
    const results = await Promise.all([1, 2, 3].map((i) => hub.gql(CREATE_LABORER, { h: householdId, name: `并发${i}`, idn })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions?.code).toBe('DUPLICATE');
    expect((await hub.sql('select count(*)::int as n from laborer where id_number = $1', [idn]))[0].n).toBe(1);
  });

  it('refuses a bad phone, an unknown household and inconsistent poverty status', async () => {
    const idn = makeIdNumber('511321', '19880808', '111');
    const phone = await hub.gql(CREATE_LABORER, { h: householdId, name: '赵六', idn, phone: '12345' });
    expect(phone.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone' });
    const household = await hub.gql(CREATE_LABORER, { h: '999999', name: '赵六', idn });
    expect(household.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'householdId' });
    // Status and exit year are not arguments: they follow the registry events (a decided exit proposal).
    const status = await hub.gql(`mutation($h: ID!, $idn: String!) { createLaborer(householdId: $h, name: "赵六", idNumber: $idn, povertyStatus: EXITED) { id } }`, { h: householdId, idn });
    expect(status.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const empty = await hub.gql(CREATE_LABORER, { h: householdId, name: '   ', idn });
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'REQUIRED', field: 'name' });
    expect((await hub.sql('select count(*)::int as n from laborer where id_number = $1', [idn]))[0].n).toBe(0);
  });

  it('updates a laborer: a new ID number re-derives gender and birth date; status with its year', async () => {
    const created = (await hub.gql(CREATE_LABORER, { h: householdId, name: '钱七', idn: makeIdNumber('511321', '19900101', '013') })).data.createLaborer;
    const newId = makeIdNumber('511321', '19920202', '024');
    const r = await hub.gql(`mutation($id: ID!, $idn: String) { updateLaborer(id: $id, idNumber: $idn) { idNumber gender birthDate povertyStatus exitedPovertyYear name } }`, { id: created.id, idn: newId });
    expect(r.errors).toBeUndefined();
    expect(r.data.updateLaborer).toMatchObject({ idNumber: newId, gender: 'FEMALE', birthDate: '1992-02-02', povertyStatus: 'POOR', exitedPovertyYear: null, name: '钱七' });
    const back = await hub.gql(`mutation($id: ID!) { updateLaborer(id: $id, povertyStatus: POOR) { povertyStatus exitedPovertyYear } }`, { id: created.id });
    expect(back.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('moves a household to another village and its laborers follow', async () => {
    const h = (await hub.gql(CREATE_HOUSEHOLD, { v: village, head: '孙八', n: 2 })).data.createHousehold.id;
    const l = (await hub.gql(CREATE_LABORER, { h, name: '孙八', idn: makeIdNumber('511321', '19810303', '035') })).data.createLaborer;
    const moved = await hub.gql(`mutation($id: ID!, $v: ID) { updateHousehold(id: $id, villageId: $v) { villageId laborers { villageId } } }`, { id: h, v: otherCountyVillage });
    expect(moved.errors).toBeUndefined();
    expect(moved.data.updateHousehold).toEqual({ villageId: otherCountyVillage, laborers: [{ villageId: otherCountyVillage }] });
    const rows = await hub.sql('select village_code from laborer where id = $1', [l.id]);
    expect(rows[0].village_code).toBe(otherCountyVillage);
  });

  it('refuses to delete a household or laborer with registry events (say 自然减少), in the service and the database', async () => {
    const h = (await hub.gql(CREATE_HOUSEHOLD, { v: village, head: '周九', n: 3 })).data.createHousehold.id;
    const l = (await hub.gql(CREATE_LABORER, { h, name: '周九', idn: makeIdNumber('511321', '19820404', '046') })).data.createLaborer;
    const before = await hub.sql(`select region_code, month, laborers, households from lifecycle_month where region_code = $1 order by 2`, [village]);
    for (const [m, id] of [['deleteLaborer', l.id], ['deleteHousehold', h]]) {
      const refused = await hub.gql(`mutation($id: ID!) { ${m}(id: $id) { id } }`, { id });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'HAS_REGISTRY_EVENTS', field: 'id' });
      expect(refused.errors?.[0].message).toMatch(/自然减少/);
    }
    expect((await hub.gql(`query($id: ID!) { Laborer(id: $id) { id } }`, { id: l.id })).data.Laborer).toEqual({ id: l.id });
    // The database refuses it too, whatever the path.
    await expect(hub.sql(`delete from laborer where id = $1`, [l.id])).rejects.toThrow(/laborer with registry events cannot be deleted/);
    await expect(hub.sql(`delete from household where id = $1`, [h])).rejects.toThrow(/registry events cannot be deleted|laborer/);
    expect(await hub.sql(`select region_code, month, laborers, households from lifecycle_month where region_code = $1 order by 2`, [village])).toEqual(before);
    // A row with no event at all (written around the API) still deletes.
    const [bare] = await hub.sql(`insert into household (village_code, head_name, member_count) values ($1, '无记录户', 1) returning id`, [village]);
    expect((await hub.gql(`mutation($id: ID!) { deleteHousehold(id: $id) { id } }`, { id: String(bare.id) })).data.deleteHousehold.id).toBe(String(bare.id));
  });

  it('refuses a household outside a village', async () => {
    const r = await hub.gql(CREATE_HOUSEHOLD, { v: '511321000000', head: '吴十', n: 1 });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'villageId' });
    const n = await hub.gql(CREATE_HOUSEHOLD, { v: village, head: '吴十', n: 0 });
    expect(n.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'memberCount' });
  });
});

describe('laborer lists', () => {
  let listHousehold: string;
  beforeAll(async () => {
    listHousehold = (await hub.gql(CREATE_HOUSEHOLD, { v: otherCountyVillage, head: '列表户', n: 12 })).data.createHousehold.id;
    for (let i = 0; i < 12; i++) {
      const r = await hub.gql(CREATE_LABORER, { h: listHousehold, name: `列表${String(i).padStart(2, '0')}`, idn: makeIdNumber('511381', `1980010${(i % 9) + 1}`, String(300 + i)), wt: i % 3 === 0 });
      expect(r.errors).toBeUndefined();
    }
  });

  const LIST = `query($page: Int, $perPage: Int, $sortField: String, $sortOrder: SortOrder, $filter: LaborerFilter) {
    allLaborers(page: $page, perPage: $perPage, sortField: $sortField, sortOrder: $sortOrder, filter: $filter) { name }
    _allLaborersMeta(filter: $filter) { count }
  }`;

  it('pages through a filtered, sorted list with a total count, without overlap', async () => {
    const filter = { householdId: listHousehold };
    const pages: string[] = [];
    for (let page = 0; page < 3; page++) {
      const r = await hub.gql(LIST, { page, perPage: 5, sortField: 'name', sortOrder: 'DESC', filter });
      expect(r.data._allLaborersMeta.count).toBe(12);
      pages.push(...r.data.allLaborers.map((l: { name: string }) => l.name));
    }
    expect(pages).toEqual(Array.from({ length: 12 }, (_, i) => `列表${String(11 - i).padStart(2, '0')}`));
    const past = await hub.gql(LIST, { page: 10, perPage: 5, filter });
    expect(past.data.allLaborers).toEqual([]);
  });

  it('filters by region subtree, demand flag and text', async () => {
    const county = await hub.gql(LIST, { filter: { regionCode: '511381000000', wantsTraining: true } });
    expect(county.data._allLaborersMeta.count).toBe(4);
    const township = await hub.gql(LIST, { filter: { regionCode: `${otherCountyVillage.slice(0, 9)}000`, q: '列表1' } });
    expect(township.data.allLaborers.map((l: { name: string }) => l.name).sort()).toEqual(['列表10', '列表11']);
    const elsewhere = await hub.gql(LIST, { filter: { regionCode: '511302000000', householdId: listHousehold } });
    expect(elsewhere.data._allLaborersMeta.count).toBe(0);
    const byId = await hub.gql(LIST, { filter: { q: '51138119800101' } });
    expect(byId.data.allLaborers.map((l: { name: string }) => l.name)).toEqual(['列表00', '列表09']);
  });

  it('finds a laborer by the last digits of the ID number or the phone, for roles that see them only (issue #17, item 14)', async () => {
    const [first] = (await hub.gql(`query($h: ID!) { allLaborers(filter: { householdId: $h }, sortField: "name", perPage: 1) { id idNumber } }`, { h: listHousehold })).data.allLaborers;
    await hub.gql(`mutation($id: ID!) { updateLaborer(id: $id, phone: "13912345678") { id } }`, { id: first.id });
    const TAIL = `query($t: String) { allLaborers(filter: { idOrPhoneTail: $t }) { id } }`;
    expect((await hub.gql(TAIL, { t: first.idNumber.slice(-6) })).data.allLaborers.map((l: { id: string }) => l.id)).toContain(first.id);
    expect((await hub.gql(TAIL, { t: '45678' })).data.allLaborers).toEqual([{ id: first.id }]);
    expect((await hub.gql(TAIL, { t: '12' })).errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'idOrPhoneTail' });
    // A masked role may not use a hidden value, not even its end.
    const analyst = await hub.as('ANALYST');
    expect((await analyst(TAIL, { t: '45678' })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a page size over the cap, a negative page and an unknown sort field', async () => {
    const big = await hub.gql(LIST, { perPage: 501 });
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', field: 'perPage' });
    expect(big.errors?.[0].message).toBe('每页最多500条');
    expect((await hub.gql(LIST, { perPage: 0 })).errors?.[0].extensions?.code).toBe('PAGE_SIZE_EXCEEDED');
    expect((await hub.gql(LIST, { page: -1 })).errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'page' });
    expect((await hub.gql(LIST, { sortField: 'idNumber' })).errors?.[0].extensions).toMatchObject({ code: 'INVALID_SORT', field: 'sortField' });
  });

  it('loads a page of laborers with household, village, township and county in a fixed number of queries', async () => {
    const { result, queries } = await hub.countQueries(() =>
      hub.gql(`{ allLaborers(perPage: 100) { name household { headName village { name } laborers { id } } village { name } township { name } county { name } } }`),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.allLaborers.length).toBeGreaterThan(12);
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.length).toBeLessThanOrEqual(5);
  });
});

describe('GraphQL over HTTP', () => {
  it('answers GET queries, refuses GET mutations, and reports parse errors with 400', async () => {
    const get = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ hub { version } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: { hub: { version: string } } }).data.hub.version).toBeTruthy();
    const mutation = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('mutation { deleteLaborer(id: 1) { id } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(mutation.status).toBe(405);
    const parse = await hub.gql('{ allLaborers(');
    expect(parse.status).toBe(400);
    expect(parse.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('reports database health', async () => {
    const r = await fetch(`${hub.url}/healthz`);
    expect(await r.json()).toEqual({ status: 'ok', database: 'up' });
  });
});
