import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';

// hub.countQueries matches log lines starting with "[query]"; MikroORM colours them unless told not to.
process.env.MIKRO_ORM_NO_COLOR = '1';

let hub: TestHub;
/** The statements of the query itself, less the session lookup every signed-in request makes. */
const own = (queries: string[]) => queries.filter((q) => !/\b(user_session|app_user)\b/.test(q));
let township: string;

const count = async () => (await hub.sql('select count(*)::int as n from job_fair'))[0].n as number;

const CREATE = `mutation($title: String!, $county: ID!, $on: LocalDate!, $venue: String!, $posts: Int, $reg: Int, $signed: Int) {
  createJobFair(title: $title, countyId: $county, heldOn: $on, venue: $venue, postsOffered: $posts, laborersRegistered: $reg, intentionsSigned: $signed) {
    id title countyId heldOn venue postsOffered laborersRegistered intentionsSigned
  }
}`;
const fair = (vars: Record<string, unknown>) => ({ title: '春风行动专场招聘会', county: '511321000000', on: '2017-02-15', venue: '南部县人力资源市场', posts: 3000, reg: 800, signed: 300, ...vars });

async function create(vars: Record<string, unknown>): Promise<string> {
  const r = await hub.gql(CREATE, fair(vars));
  expect(r.errors).toBeUndefined();
  return r.data.createJobFair.id;
}

beforeAll(async () => {
  hub = await startTestHub();
  const v = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511321000000" }, perPage: 1) { code } }`)).data.allRegions[0].code as string;
  township = `${v.slice(0, 9)}000`;
});
afterAll(() => hub?.close());

describe('job fair CRUD', () => {
  it('creates, reads, updates and deletes a fair', async () => {
    const r = await hub.gql(CREATE, fair({ title: ' 南部县春风行动 ' }));
    expect(r.errors).toBeUndefined();
    const f = r.data.createJobFair;
    expect(f).toEqual({ id: f.id, title: '南部县春风行动', countyId: '511321000000', heldOn: '2017-02-15', venue: '南部县人力资源市场', postsOffered: 3000, laborersRegistered: 800, intentionsSigned: 300 });
    const one = await hub.gql(`query($id: ID!) { JobFair(id: $id) { county { name level } } }`, { id: f.id });
    expect(one.data.JobFair.county).toEqual({ name: '南部县', level: 'COUNTY' });

    const up = await hub.gql(`mutation($id: ID!) { updateJobFair(id: $id, countyId: "511381000000", venue: "阆中古城广场", laborersRegistered: 900, intentionsSigned: 900) { countyId venue laborersRegistered intentionsSigned postsOffered } }`, { id: f.id });
    expect(up.errors).toBeUndefined();
    expect(up.data.updateJobFair).toEqual({ countyId: '511381000000', venue: '阆中古城广场', laborersRegistered: 900, intentionsSigned: 900, postsOffered: 3000 });

    // The deleted record answers with every field, those of the Program interface included.
    const del = await hub.gql(`mutation($id: ID!) { deleteJobFair(id: $id) { id title heldOn startDate endDate } }`, { id: f.id });
    expect(del.errors).toBeUndefined();
    expect(del.data.deleteJobFair).toEqual({ id: f.id, title: '南部县春风行动', heldOn: del.data.deleteJobFair.heldOn, startDate: del.data.deleteJobFair.heldOn, endDate: del.data.deleteJobFair.heldOn });
    expect(await hub.sql('select id from job_fair where id = $1', [f.id])).toEqual([]);
  });

  it('defaults the counts to zero', async () => {
    const r = await hub.gql(`mutation { createJobFair(title: "小型招聘会", countyId: "511321000000", heldOn: "2017-03-01", venue: "乡镇广场") { postsOffered laborersRegistered intentionsSigned } }`);
    expect(r.data.createJobFair).toEqual({ postsOffered: 0, laborersRegistered: 0, intentionsSigned: 0 });
  });

  it('refuses more intentions than registered, negative counts, a non-county and empty text, writing nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ reg: 10, signed: 11 }, 'VALIDATION_FAILED', 'intentionsSigned'],
      [{ reg: null, signed: 1 }, 'VALIDATION_FAILED', 'intentionsSigned'],
      [{ posts: -1 }, 'VALIDATION_FAILED', 'postsOffered'],
      [{ reg: -1, signed: 0 }, 'VALIDATION_FAILED', 'laborersRegistered'],
      [{ signed: -1 }, 'VALIDATION_FAILED', 'intentionsSigned'],
      [{ county: township }, 'INVALID_REFERENCE', 'countyId'],
      [{ county: '511300000000' }, 'INVALID_REFERENCE', 'countyId'],
      [{ county: '511399000000' }, 'INVALID_REFERENCE', 'countyId'],
      [{ title: ' ' }, 'REQUIRED', 'title'],
      [{ venue: '' }, 'REQUIRED', 'venue'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await hub.gql(CREATE, fair(vars));
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    const over = await hub.gql(CREATE, fair({ reg: 10, signed: 11 }));
    expect(over.errors?.[0].extensions?.params).toEqual({ detail: 'INTENTIONS_OVER_REGISTERED' });
    const en = await hub.gql(CREATE, fair({ reg: 10, signed: 11 }), { lang: 'en' });
    expect(en.errors?.[0].message).toBe('Intentions signed is invalid: cannot exceed the laborers registered');
    expect(await count()).toBe(before);

    // An update is checked against the stored values it does not change.
    const id = await create({ reg: 100, signed: 50 });
    const lower = await hub.gql(`mutation($id: ID!) { updateJobFair(id: $id, laborersRegistered: 49, venue: "改") { id } }`, { id });
    expect(lower.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'intentionsSigned' });
    const county = await hub.gql(`mutation($id: ID!, $c: ID) { updateJobFair(id: $id, countyId: $c) { id } }`, { id, c: township });
    expect(county.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'countyId' });
    expect(await hub.sql('select laborers_registered, venue, county_code from job_fair where id = $1', [id])).toEqual([{ laborers_registered: 100, venue: '南部县人力资源市场', county_code: '511321000000' }]);
  });
});

describe('job fair lists', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.a = await create({ title: '列表南部春季', on: '2018-02-10' });
    ids.b = await create({ title: '列表南部夏季', on: '2018-06-10', venue: '南部县体育馆' });
    ids.c = await create({ title: '列表阆中秋季', county: '511381000000', on: '2018-09-10', venue: '阆中市人才市场' });
  });

  const list = async (f: Record<string, unknown>) => {
    const r = await hub.gql(`query($f: JobFairFilter) { allJobFairs(filter: $f, perPage: 500, sortField: "heldOn") { id } _allJobFairsMeta(filter: $f) { count } }`, { f });
    expect(r.errors).toBeUndefined();
    expect(r.data._allJobFairsMeta.count).toBe(r.data.allJobFairs.length);
    return r.data.allJobFairs.map((e: { id: string }) => e.id);
  };

  it('filters by region subtree, date held and text in title or venue', async () => {
    expect(await list({ q: '列表' })).toEqual([ids.a, ids.b, ids.c]);
    expect(await list({ q: '列表', regionCode: '511381000000' })).toEqual([ids.c]);
    expect(await list({ q: '列表', regionCode: '511300000000' })).toEqual([ids.a, ids.b, ids.c]);
    expect(await list({ q: '列表', regionCode: township })).toEqual([]);
    expect(await list({ q: '列表', heldOn_gte: '2018-03-01', heldOn_lte: '2018-09-10' })).toEqual([ids.b, ids.c]);
    expect(await list({ q: '体育馆' })).toEqual([ids.b]);
  });

  it('loads a page of fairs with their counties in a fixed number of queries', async () => {
    const query = `query($n: Int) { allJobFairs(perPage: $n, sortField: "id") { title county { name } } }`;
    // The regions of the larger page read once first (the hub's region cache): both counts then see the same cache.
    await hub.gql(query, { n: 20 });
    const few = await hub.countQueries(() => hub.gql(query, { n: 1 }));
    const many = await hub.countQueries(() => hub.gql(query, { n: 20 }));
    expect(few.result.errors).toBeUndefined();
    expect(many.result.data.allJobFairs.length).toBeGreaterThan(3);
    expect(own(few.queries).length).toBeGreaterThan(0);
    expect(own(many.queries).length).toBe(own(few.queries).length);
    expect(own(many.queries).length).toBeLessThanOrEqual(2);
  });
});
