import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';
import { todayInChina } from './employment.service';

// hub.countQueries matches log lines starting with "[query]"; MikroORM colours them unless told not to.
process.env.MIKRO_ORM_NO_COLOR = '1';

let hub: TestHub;
/** The statements of the query itself, less the session lookup every signed-in request makes. */
const own = (queries: string[]) => queries.filter((q) => !/\b(user_session|app_user)\b/.test(q));
let village: string;
let otherVillage: string;
const laborers: string[] = [];
let otherLaborer: string;

const count = async () => (await hub.sql('select count(*)::int as n from employment'))[0].n as number;

const CREATE = `mutation($l: ID!, $kind: EmploymentKind!, $ch: EmploymentChannel!, $emp: String!, $place: String!, $s: LocalDate!, $e: LocalDate) {
  createEmployment(laborerId: $l, kind: $kind, channel: $ch, employer: $emp, place: $place, startDate: $s, endDate: $e) { id kind channel employer place startDate endDate laborer { id } }
}`;
const job = (vars: Record<string, unknown>) => ({ kind: 'TRANSFER', ch: 'OUT_OF_TOWN_OFFICE', emp: '广东某电子厂', place: '广东东莞', s: '2017-01-05', ...vars });

async function create(vars: Record<string, unknown>): Promise<string> {
  const r = await hub.gql(CREATE, job(vars));
  expect(r.errors).toBeUndefined();
  return r.data.createEmployment.id;
}

/** The day `months` months before today (China time), for default-asOf checks. */
function monthsAgo(months: number): string {
  const d = new Date(`${todayInChina()}T00:00:00Z`);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  hub = await startTestHub();
  const t = new Programmes(hub);
  village = await t.village('511321000000');
  otherVillage = await t.village('511381000000');
  const h = await t.household(village, '务工户', 4);
  for (let i = 0; i < 4; i++) laborers.push(await t.laborerIn(h, `务工${i}`, makeIdNumber('511321', '19830303', String(400 + i))));
  otherLaborer = await t.laborerIn(await t.household(otherVillage, '务工户', 4), '阆中务工', makeIdNumber('511381', '19840404', '501'));
});
afterAll(() => hub?.close());

describe('employment CRUD', () => {
  it('creates a job with the village taken from the laborer, reads, updates and deletes it', async () => {
    const r = await hub.gql(CREATE, job({ l: laborers[0], emp: ' 东莞某鞋厂 ' }));
    expect(r.errors).toBeUndefined();
    const e = r.data.createEmployment;
    expect(e).toEqual({ id: e.id, kind: 'TRANSFER', channel: 'OUT_OF_TOWN_OFFICE', employer: '东莞某鞋厂', place: '广东东莞', startDate: '2017-01-05', endDate: null, laborer: { id: laborers[0] } });
    expect(await hub.sql('select village_code from employment where id = $1', [e.id])).toEqual([{ village_code: village }]);
    const one = await hub.gql(`query($id: ID!) { Employment(id: $id) { laborer { name employments { id } } } }`, { id: e.id });
    expect(one.data.Employment.laborer).toEqual({ name: '务工0', employments: [{ id: e.id }] });

    const up = await hub.gql(`mutation($id: ID!, $l: ID) { updateEmployment(id: $id, kind: LOCAL, channel: PARK, place: "南部县工业园", endDate: "2017-12-31", laborerId: $l) { kind channel place endDate startDate laborer { id } } }`, {
      id: e.id,
      l: otherLaborer,
    });
    expect(up.errors).toBeUndefined();
    expect(up.data.updateEmployment).toEqual({ kind: 'LOCAL', channel: 'PARK', place: '南部县工业园', endDate: '2017-12-31', startDate: '2017-01-05', laborer: { id: otherLaborer } });
    // Another laborer: the record follows to that laborer's village.
    expect(await hub.sql('select village_code from employment where id = $1', [e.id])).toEqual([{ village_code: otherVillage }]);
    const reopened = await hub.gql(`mutation($id: ID!) { updateEmployment(id: $id, endDate: null) { endDate } }`, { id: e.id });
    expect(reopened.data.updateEmployment.endDate).toBeNull();

    const del = await hub.gql(`mutation($id: ID!) { deleteEmployment(id: $id) { id employer } }`, { id: e.id });
    expect(del.data.deleteEmployment).toEqual({ id: e.id, employer: '东莞某鞋厂' });
    expect(await hub.sql('select id from employment where id = $1', [e.id])).toEqual([]);
  });

  it('refuses a channel that does not fit the kind before the database does, and writes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'LOCAL', ch: 'OUT_OF_TOWN_OFFICE' }, 'TRANSFER_ONLY'],
      [{ kind: 'LOCAL', ch: 'CHAMBER_OF_COMMERCE' }, 'TRANSFER_ONLY'],
      [{ kind: 'LOCAL', ch: 'LABOUR_COOPERATION' }, 'TRANSFER_ONLY'],
      [{ kind: 'TRANSFER', ch: 'PARK' }, 'LOCAL_ONLY'],
      [{ kind: 'TRANSFER', ch: 'BASE' }, 'LOCAL_ONLY'],
    ];
    for (const [vars, detail] of cases) {
      const r = await hub.gql(CREATE, job({ l: laborers[0], ...vars }));
      // The detail is the service's: the database check would answer without one.
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'channel', params: { detail } });
    }
    const en = await hub.gql(CREATE, job({ l: laborers[0], kind: 'TRANSFER', ch: 'PARK' }), { lang: 'en' });
    expect(en.errors?.[0].message).toBe('Channel is invalid: parks and bases are for local employment only');
    expect(await count()).toBe(before);

    for (const [kind, ch] of [['TRANSFER', 'JOB_FAIR'], ['LOCAL', 'JOB_FAIR'], ['LOCAL', 'ENTERPRISE'], ['TRANSFER', 'SELF'], ['TRANSFER', 'CHAMBER_OF_COMMERCE'], ['LOCAL', 'BASE']]) {
      expect((await hub.gql(CREATE, job({ l: laborers[0], kind, ch }))).errors, `${kind} ${ch}`).toBeUndefined();
    }
    const id = await create({ l: laborers[0] });
    const bad = await hub.gql(`mutation($id: ID!) { updateEmployment(id: $id, kind: LOCAL, employer: "改") { id } }`, { id });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'channel' });
    expect(await hub.sql('select kind, employer from employment where id = $1', [id])).toEqual([{ kind: 'TRANSFER', employer: '广东某电子厂' }]);
  });

  it('refuses an end before the start, an unknown laborer and empty text, and writes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ e: '2017-01-04' }, 'VALIDATION_FAILED', 'endDate'],
      [{ l: '999999' }, 'INVALID_REFERENCE', 'laborerId'],
      [{ l: 'abc' }, 'INVALID_REFERENCE', 'laborerId'],
      [{ emp: ' ' }, 'REQUIRED', 'employer'],
      [{ place: '' }, 'REQUIRED', 'place'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await hub.gql(CREATE, job({ l: laborers[0], ...vars }));
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    expect(await count()).toBe(before);
    const id = await create({ l: laborers[0], e: '2017-01-05' });
    const bad = await hub.gql(`mutation($id: ID!) { updateEmployment(id: $id, startDate: "2017-02-01") { id } }`, { id });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'endDate' });
    expect(await hub.sql('select start_date::text as s from employment where id = $1', [id])).toEqual([{ s: '2017-01-05' }]);
  });
});

describe('stable employment', () => {
  it('is derived from the dates as of a day: six months held, the end date counting when earlier', async () => {
    const open = await create({ l: laborers[1], s: '2017-01-15' });
    const ended = await create({ l: laborers[1], s: '2017-01-15', e: '2017-07-14' });
    const full = await create({ l: laborers[1], s: '2017-01-15', e: '2017-07-15' });
    const q = `query($id: ID!) { Employment(id: $id) { before: stable(asOf: "2017-07-14") on: stable(asOf: "2017-07-15") later: stable(asOf: "2019-01-01") } }`;
    expect((await hub.gql(q, { id: open })).data.Employment).toEqual({ before: false, on: true, later: true });
    expect((await hub.gql(q, { id: ended })).data.Employment).toEqual({ before: false, on: false, later: false });
    expect((await hub.gql(q, { id: full })).data.Employment).toEqual({ before: false, on: true, later: true });
    const early = await hub.gql(`query($id: ID!) { Employment(id: $id) { stable(asOf: "2016-12-31") } }`, { id: open });
    expect(early.data.Employment.stable).toBe(false);
  });

  it('defaults to today', async () => {
    // A month either side of the six, so a month-end today cannot make the check flaky.
    const long = await create({ l: laborers[2], s: monthsAgo(7) });
    const recent = await create({ l: laborers[2], s: monthsAgo(5) });
    const q = `query($id: ID!) { Employment(id: $id) { stable } }`;
    expect((await hub.gql(q, { id: long })).data.Employment.stable).toBe(true);
    expect((await hub.gql(q, { id: recent })).data.Employment.stable).toBe(false);
  });

  it('is not an argument of create or update (it cannot be typed in)', async () => {
    const r = await hub.gql(`mutation($l: ID!) { createEmployment(laborerId: $l, kind: LOCAL, channel: SELF, employer: "x", place: "y", startDate: "2017-01-01", stable: true) { id } }`, { l: laborers[0] });
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('employment lists', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.a = await create({ l: laborers[3], kind: 'TRANSFER', ch: 'CHAMBER_OF_COMMERCE', emp: '浙江列表纺织', s: '2018-03-01' });
    ids.b = await create({ l: laborers[3], kind: 'LOCAL', ch: 'BASE', emp: '南部列表柑橘基地', s: '2018-05-01', e: '2018-10-01' });
    ids.c = await create({ l: otherLaborer, kind: 'LOCAL', ch: 'ENTERPRISE', emp: '阆中列表醋厂', s: '2018-07-01' });
  });

  const list = async (f: Record<string, unknown>) => {
    const r = await hub.gql(`query($f: EmploymentFilter) { allEmployments(filter: $f, perPage: 500, sortField: "startDate") { id } _allEmploymentsMeta(filter: $f) { count } }`, { f });
    expect(r.errors).toBeUndefined();
    expect(r.data._allEmploymentsMeta.count).toBe(r.data.allEmployments.length);
    return r.data.allEmployments.map((e: { id: string }) => e.id);
  };

  it('filters by region subtree, kind, channel, laborer, start date, active and employer text', async () => {
    expect(await list({ q: '列表' })).toEqual([ids.a, ids.b, ids.c]);
    expect(await list({ q: '列表', regionCode: '511381000000' })).toEqual([ids.c]);
    expect(await list({ q: '列表', regionCode: village })).toEqual([ids.a, ids.b]);
    expect(await list({ q: '列表', kind: 'LOCAL' })).toEqual([ids.b, ids.c]);
    expect(await list({ channel: 'CHAMBER_OF_COMMERCE', q: '列表' })).toEqual([ids.a]);
    expect(await list({ laborerId: laborers[3] })).toEqual([ids.a, ids.b]);
    expect(await list({ q: '列表', startDate_gte: '2018-04-01', startDate_lte: '2018-06-30' })).toEqual([ids.b]);
    expect(await list({ q: '列表', active: true })).toEqual([ids.a, ids.c]);
    expect(await list({ q: '列表', active: false })).toEqual([ids.b]);
    expect(await list({ q: '纺织' })).toEqual([ids.a]);
  });

  it('loads a page of jobs with laborer, household and the laborer lists in a fixed number of queries', async () => {
    const query = `query($n: Int) { allEmployments(perPage: $n, sortField: "id") { employer stable laborer { name household { headName } employments { id } } } }`;
    // The regions of the larger page read once first (the hub's region cache): both counts then see the same cache.
    await hub.gql(query, { n: 20 });
    const few = await hub.countQueries(() => hub.gql(query, { n: 2 }));
    const many = await hub.countQueries(() => hub.gql(query, { n: 20 }));
    expect(few.result.errors).toBeUndefined();
    expect(many.result.data.allEmployments.length).toBeGreaterThan(10);
    expect(own(few.queries).length).toBeGreaterThan(0);
    expect(own(many.queries).length).toBe(own(few.queries).length);
    expect(own(many.queries).length).toBeLessThanOrEqual(4);
  });
});
