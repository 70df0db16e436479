import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDatabaseError } from '../../common/errors';
import { today } from './welfare.service';
import { makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { Programmes } from '../../../test/programmes';

// hub.countQueries matches log lines starting with `[query]`; MikroORM colours them (vitest sets FORCE_COLOR),
// which would leave nothing to count. Plain log lines keep the no-N+1 checks below able to fail.
process.env.MIKRO_ORM_NO_COLOR = '1';

let hub: TestHub;
let t: Programmes;
let village: string;
let township: string;
let otherVillage: string;
let householdId: string;
let seq = 100;

const POST_FIELDS = 'id title category regionId monthlyPay status';
const CREATE_POST = `mutation($title: String!, $category: WelfarePostCategory!, $regionId: ID!, $pay: Float!, $status: WelfarePostStatus) {
  createWelfarePost(title: $title, category: $category, regionId: $regionId, monthlyPay: $pay, status: $status) { ${POST_FIELDS} }
}`;
const UPDATE_POST = `mutation($id: ID!, $title: String, $regionId: ID, $pay: Float, $status: WelfarePostStatus) {
  updateWelfarePost(id: $id, title: $title, regionId: $regionId, monthlyPay: $pay, status: $status) { ${POST_FIELDS} }
}`;
const PLACE = `mutation($post: ID!, $laborer: ID!, $start: LocalDate!, $end: LocalDate) {
  createWelfarePlacement(postId: $post, laborerId: $laborer, startDate: $start, endDate: $end) { id postId laborerId villageId startDate endDate active }
}`;
const UPDATE_PLACEMENT = `mutation($id: ID!, $post: ID, $start: LocalDate, $end: LocalDate) {
  updateWelfarePlacement(id: $id, postId: $post, startDate: $start, endDate: $end) { id postId startDate endDate active }
}`;

/** A day relative to today in China (the day the service judges placements on). */
const isoDay = (offsetDays: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
};
const nextYear = isoDay(365);
const yesterday = isoDay(-1);

async function newLaborer(name: string, householdOf = householdId): Promise<string> {
  seq++;
  return t.laborerIn(householdOf, name, makeIdNumber('511321', `1975${String((seq % 12) + 1).padStart(2, '0')}15`, String(seq).padStart(3, '0')));
}

async function newPost(title: string, regionId = village, category = 'SANITATION'): Promise<string> {
  const r = await hub.gql(CREATE_POST, { title, category, regionId, pay: 800 });
  expect(r.errors).toBeUndefined();
  return r.data.createWelfarePost.id;
}

const count = async (table: string) => (await hub.sql(`select count(*)::int as n from ${table}`))[0].n as number;
const storedStatus = async (postId: string) => (await hub.sql('select status from welfare_post where id = $1', [postId]))[0].status as string;

beforeAll(async () => {
  hub = await startTestHub();
  t = new Programmes(hub);
  village = await t.village('511321000000');
  township = `${village.slice(0, 9)}000`;
  otherVillage = await t.village('511381000000');
  householdId = await t.household(village, '公益户', 6);
});
afterAll(() => hub?.close());

describe('public-welfare posts', () => {
  it('creates, reads, updates and deletes a post in a village or a township', async () => {
    const created = await hub.gql(CREATE_POST, { title: ' 村道养护员 ', category: 'ROAD_MAINTENANCE', regionId: village, pay: 600.5 });
    expect(created.errors).toBeUndefined();
    expect(created.data.createWelfarePost).toMatchObject({ title: '村道养护员', category: 'ROAD_MAINTENANCE', regionId: village, monthlyPay: 600.5, status: 'OPEN' });
    const id = created.data.createWelfarePost.id;
    const inTownship = await hub.gql(CREATE_POST, { title: '劳动保障协理员', category: 'LABOUR_SECURITY', regionId: township, pay: 1200 });
    expect(inTownship.data.createWelfarePost).toMatchObject({ regionId: township, status: 'OPEN' });

    const one = await hub.gql(`query($id: ID!) { WelfarePost(id: $id) { title region { level } placements { id } currentHolder { id } } }`, { id });
    expect(one.data.WelfarePost).toEqual({ title: '村道养护员', region: { level: 'VILLAGE' }, placements: [], currentHolder: null });

    const updated = await hub.gql(UPDATE_POST, { id, title: '乡村道路养护员', pay: 700, regionId: township });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateWelfarePost).toMatchObject({ title: '乡村道路养护员', monthlyPay: 700, regionId: township, status: 'OPEN' });
    expect((await hub.sql('select title, monthly_pay::float as pay, region_code from welfare_post where id = $1', [id]))[0]).toEqual({ title: '乡村道路养护员', pay: 700, region_code: township });

    const del = await hub.gql(`mutation($id: ID!) { deleteWelfarePost(id: $id) { id title } }`, { id });
    expect(del.data.deleteWelfarePost).toEqual({ id, title: '乡村道路养护员' });
    expect((await hub.sql('select count(*)::int as n from welfare_post where id = $1', [id]))[0].n).toBe(0);
  });

  it('refuses a post outside a village or township, a pay of 0 or less, an empty title and a FILLED status, writing nothing', async () => {
    const before = await count('welfare_post');
    const county = await hub.gql(CREATE_POST, { title: '县级岗位', category: 'CARE', regionId: '511321000000', pay: 800 });
    expect(county.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'regionId' });
    const unknown = await hub.gql(CREATE_POST, { title: '无此村', category: 'CARE', regionId: '511321999999', pay: 800 });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'regionId' });
    for (const pay of [0, -100]) {
      const r = await hub.gql(CREATE_POST, { title: '零工资', category: 'CARE', regionId: village, pay });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'monthlyPay' });
    }
    const title = await hub.gql(CREATE_POST, { title: '  ', category: 'CARE', regionId: village, pay: 800 });
    expect(title.errors?.[0].extensions).toMatchObject({ code: 'REQUIRED', field: 'title' });
    const filled = await hub.gql(CREATE_POST, { title: '直接已安置', category: 'CARE', regionId: village, pay: 800, status: 'FILLED' });
    expect(filled.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'status' });
    expect(await count('welfare_post')).toBe(before);

    const id = await newPost('待修改岗位');
    const bad = await hub.gql(UPDATE_POST, { id, pay: 0 });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'monthlyPay' });
    const badRegion = await hub.gql(UPDATE_POST, { id, regionId: '511300000000' });
    expect(badRegion.errors?.[0].extensions).toMatchObject({ code: 'INVALID_REFERENCE', field: 'regionId' });
    expect((await hub.sql('select monthly_pay::float as pay, region_code from welfare_post where id = $1', [id]))[0]).toEqual({ pay: 800, region_code: village });
  });

  it('closes and reopens an open post; a post with a holder cannot be closed; FILLED cannot be set', async () => {
    const id = await newPost('保洁员甲');
    const closed = await hub.gql(UPDATE_POST, { id, status: 'CLOSED' });
    expect(closed.data.updateWelfarePost.status).toBe('CLOSED');
    expect(await storedStatus(id)).toBe('CLOSED');
    const reopened = await hub.gql(UPDATE_POST, { id, status: 'OPEN' });
    expect(reopened.data.updateWelfarePost.status).toBe('OPEN');

    const laborer = await newLaborer('关岗测试');
    expect((await hub.gql(PLACE, { post: id, laborer, start: '2017-03-01' })).errors).toBeUndefined();
    expect(await storedStatus(id)).toBe('FILLED');
    const refused = await hub.gql(UPDATE_POST, { id, status: 'CLOSED', title: '改名不应生效' });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'status', params: { detail: 'WELFARE_POST_FILLED' } });
    expect(refused.errors?.[0].message).toMatch(/^状态冲突.*岗位有人在岗，不能关闭$/);
    expect((await hub.sql('select status, title from welfare_post where id = $1', [id]))[0]).toEqual({ status: 'FILLED', title: '保洁员甲' });
    // FILLED cannot be set on a post nobody holds; re-sent for a filled post it changes nothing.
    const vacant = await newPost('空岗');
    const setFilled = await hub.gql(UPDATE_POST, { id: vacant, status: 'FILLED' });
    expect(setFilled.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'status', params: { detail: 'WELFARE_STATUS_DERIVED' } });
    expect(await storedStatus(vacant)).toBe('OPEN');
    const resentFilled = await hub.gql(UPDATE_POST, { id, status: 'FILLED', title: '保洁员甲' });
    expect(resentFilled.data.updateWelfarePost.status).toBe('FILLED');
    // Re-sending OPEN for a filled post (an edit form sends every field) leaves it FILLED.
    const resent = await hub.gql(UPDATE_POST, { id, status: 'OPEN', pay: 900 });
    expect(resent.data.updateWelfarePost).toMatchObject({ status: 'FILLED', monthlyPay: 900 });
    expect(await storedStatus(id)).toBe('FILLED');
  });

  it('refuses to delete a post that has placements', async () => {
    const id = await newPost('有记录的岗位');
    const laborer = await newLaborer('删岗测试');
    expect((await hub.gql(PLACE, { post: id, laborer, start: '2016-01-01', end: '2016-12-31' })).errors).toBeUndefined();
    const r = await hub.gql(`mutation($id: ID!) { deleteWelfarePost(id: $id) { id } }`, { id });
    expect(r.errors?.[0].extensions?.code).toBe('IN_USE');
    expect((await hub.sql('select count(*)::int as n from welfare_post where id = $1', [id]))[0].n).toBe(1);
  });
});

describe('placements', () => {
  it('places a laborer: the placement takes the laborer’s village and the post becomes FILLED in the same transaction', async () => {
    const post = await newPost('看护员');
    const laborer = await newLaborer('看护甲');
    const r = await hub.gql(PLACE, { post, laborer, start: '2017-02-01' });
    expect(r.errors).toBeUndefined();
    expect(r.data.createWelfarePlacement).toMatchObject({ postId: post, laborerId: laborer, villageId: village, startDate: '2017-02-01', endDate: null, active: true });
    expect(await storedStatus(post)).toBe('FILLED');
    const one = await hub.gql(`query($id: ID!) { WelfarePost(id: $id) { status currentHolder { id name } placements { laborer { name } post { id } } } }`, { id: post });
    expect(one.data.WelfarePost).toEqual({ status: 'FILLED', currentHolder: { id: laborer, name: '看护甲' }, placements: [{ laborer: { name: '看护甲' }, post: { id: post } }] });
    const mine = await hub.gql(`query($id: ID!) { Laborer(id: $id) { welfarePlacements { postId active } } }`, { id: laborer });
    expect(mine.data.Laborer.welfarePlacements).toEqual([{ postId: post, active: true }]);
  });

  it('refuses a second holder on a filled post and a second post for a placed laborer, writing nothing', async () => {
    const post = await newPost('治安协管员', village, 'SECURITY');
    const other = await newPost('环境卫生员');
    const first = await newLaborer('协管甲');
    const second = await newLaborer('协管乙');
    expect((await hub.gql(PLACE, { post, laborer: first, start: '2017-01-01' })).errors).toBeUndefined();
    const before = await count('welfare_placement');

    const taken = await hub.gql(PLACE, { post, laborer: second, start: '2017-05-01' });
    expect(taken.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'postId', params: { detail: 'WELFARE_POST_TAKEN' } });
    expect(taken.errors?.[0].message).toMatch(/^公益性岗位冲突.*该岗位在此期间已有人在岗$/);
    const en = await hub.gql(PLACE, { post, laborer: second, start: '2017-05-01' }, { lang: 'en' });
    expect(en.errors?.[0].message).toMatch(/^Public-welfare post conflicts.*the post has a holder in this period$/);

    const busy = await hub.gql(PLACE, { post: other, laborer: first, start: '2017-06-01', end: '2017-09-01' });
    expect(busy.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'laborerId', params: { detail: 'WELFARE_LABORER_PLACED' } });
    // Overlap is by period: a placement that ended before the holder started does not conflict.
    const overlapBefore = await hub.gql(PLACE, { post, laborer: second, start: '2016-06-01', end: '2017-01-02' });
    expect(overlapBefore.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'postId' });
    expect(await count('welfare_placement')).toBe(before);
    expect(await storedStatus(other)).toBe('OPEN');

    const earlier = await hub.gql(PLACE, { post, laborer: second, start: '2016-06-01', end: '2017-01-01' });
    expect(earlier.errors).toBeUndefined();
    expect(earlier.data.createWelfarePlacement.active).toBe(false);
    expect(await storedStatus(post)).toBe('FILLED');
  });

  it('refuses placing on a closed post, an end before the start, an unknown post or laborer', async () => {
    const post = await newPost('已关闭岗位');
    expect((await hub.gql(UPDATE_POST, { id: post, status: 'CLOSED' })).errors).toBeUndefined();
    const laborer = await newLaborer('关闭测试');
    const before = await count('welfare_placement');
    const closed = await hub.gql(PLACE, { post, laborer, start: '2017-01-01' });
    expect(closed.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'postId', params: { detail: 'WELFARE_POST_CLOSED' } });
    const open = await newPost('开放岗位');
    for (const end of ['2017-01-01', '2016-12-31']) {
      const r = await hub.gql(PLACE, { post: open, laborer, start: '2017-01-01', end });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'endDate' });
    }
    expect((await hub.gql(PLACE, { post: '999999', laborer, start: '2017-01-01' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'postId' });
    expect((await hub.gql(PLACE, { post: open, laborer: '999999', start: '2017-01-01' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'laborerId' });
    expect(await count('welfare_placement')).toBe(before);
    expect(await storedStatus(open)).toBe('OPEN');
    expect(await storedStatus(post)).toBe('CLOSED');
  });

  it('ending or deleting the placement opens the post; the post can then take the next holder', async () => {
    const post = await newPost('绿化员');
    const a = await newLaborer('绿化甲');
    const b = await newLaborer('绿化乙');
    const placed = (await hub.gql(PLACE, { post, laborer: a, start: '2017-01-01' })).data.createWelfarePlacement;
    expect(await storedStatus(post)).toBe('FILLED');

    // An end date in the future keeps the post filled until then.
    const later = await hub.gql(UPDATE_PLACEMENT, { id: placed.id, end: nextYear });
    expect(later.data.updateWelfarePlacement).toMatchObject({ endDate: nextYear, active: true });
    expect(await storedStatus(post)).toBe('FILLED');

    const ended = await hub.gql(UPDATE_PLACEMENT, { id: placed.id, end: '2017-07-01' });
    expect(ended.errors).toBeUndefined();
    expect(ended.data.updateWelfarePlacement).toMatchObject({ endDate: '2017-07-01', active: false });
    expect(await storedStatus(post)).toBe('OPEN');
    expect((await hub.gql(`query($id: ID!) { WelfarePost(id: $id) { status currentHolder { id } } }`, { id: post })).data.WelfarePost).toEqual({ status: 'OPEN', currentHolder: null });

    const next = await hub.gql(PLACE, { post, laborer: b, start: '2017-07-01' });
    expect(next.errors).toBeUndefined();
    expect(await storedStatus(post)).toBe('FILLED');
    // Re-opening the first placement would overlap the second.
    const reopen = await hub.gql(UPDATE_PLACEMENT, { id: placed.id, end: null });
    expect(reopen.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'postId' });
    expect((await hub.sql('select end_date::text from welfare_placement where id = $1', [placed.id]))[0].end_date).toBe('2017-07-01');

    const del = await hub.gql(`mutation($id: ID!) { deleteWelfarePlacement(id: $id) { id laborerId } }`, { id: next.data.createWelfarePlacement.id });
    expect(del.data.deleteWelfarePlacement).toEqual({ id: next.data.createWelfarePlacement.id, laborerId: b });
    expect(await storedStatus(post)).toBe('OPEN');
    expect(await count(`welfare_placement where post_id = ${Number(post)}`)).toBe(1);
  });

  it('moves a placement to another post: the old post opens, the new one fills; a closed post takes no move', async () => {
    const from = await newPost('搬迁前');
    const to = await newPost('搬迁后');
    const closed = await newPost('关闭的目标');
    await hub.gql(UPDATE_POST, { id: closed, status: 'CLOSED' });
    const laborer = await newLaborer('调岗甲');
    const p = (await hub.gql(PLACE, { post: from, laborer, start: '2017-04-01' })).data.createWelfarePlacement;
    const refused = await hub.gql(UPDATE_PLACEMENT, { id: p.id, post: closed });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'postId', params: { detail: 'WELFARE_POST_CLOSED' } });
    const moved = await hub.gql(UPDATE_PLACEMENT, { id: p.id, post: to });
    expect(moved.errors).toBeUndefined();
    expect(moved.data.updateWelfarePlacement.postId).toBe(to);
    expect([await storedStatus(from), await storedStatus(to), await storedStatus(closed)]).toEqual(['OPEN', 'FILLED', 'CLOSED']);
  });

  it('judges FILLED by today: a placement whose end date has passed no longer fills the post', async () => {
    const post = await newPost('到期岗位');
    const laborer = await newLaborer('到期甲');
    const p = (await hub.gql(PLACE, { post, laborer, start: '2017-01-01', end: nextYear })).data.createWelfarePlacement;
    expect(await storedStatus(post)).toBe('FILLED');
    // Time passing, simulated: the end date is now behind us without any write through the API.
    await hub.sql('update welfare_placement set end_date = $1 where id = $2', [yesterday, p.id]);
    const read = await hub.gql(`query($id: ID!) { WelfarePost(id: $id) { status currentHolder { id } } }`, { id: post });
    expect(read.data.WelfarePost).toEqual({ status: 'OPEN', currentHolder: null });
    const open = await hub.gql(`{ allWelfarePosts(filter: { q: "到期岗位", status: OPEN }) { id } filled: _allWelfarePostsMeta(filter: { q: "到期岗位", status: FILLED }) { count } }`);
    expect(open.data).toEqual({ allWelfarePosts: [{ id: post }], filled: { count: 0 } });
    const next = await hub.gql(PLACE, { post, laborer: await newLaborer('到期乙'), start: isoDay(0) });
    expect(next.errors).toBeUndefined();
    expect(await storedStatus(post)).toBe('FILLED');
  });

  it('the exclusion constraints refuse overlaps the service did not see, and read as the same CONFLICT', async () => {
    const post = await newPost('约束测试');
    const a = await newLaborer('约束甲');
    const b = await newLaborer('约束乙');
    expect((await hub.gql(PLACE, { post, laborer: a, start: '2017-01-01' })).errors).toBeUndefined();
    const vb = (await hub.sql('select village_code from laborer where id = $1', [b]))[0].village_code;
    const insert = `insert into welfare_placement (post_id, laborer_id, village_code, start_date) values (${Number(post)}, ${Number(b)}, '${vb}', '2017-06-01')`;
    await expect(hub.sql(insert)).rejects.toMatchObject({ code: '23P01', constraint: 'welfare_placement_one_holder_per_post' });
    // The same statement through the ORM, mapped the way the API maps it.
    const err = await hub.orm.em.fork().execute(insert).then(() => undefined, (e: unknown) => e);
    expect(fromDatabaseError(err)?.extensions).toMatchObject({ code: 'CONFLICT', field: 'postId', params: { detail: 'WELFARE_POST_TAKEN' } });
    const va = (await hub.sql('select village_code from laborer where id = $1', [a]))[0].village_code;
    const other = await newPost('约束测试二');
    const second = `insert into welfare_placement (post_id, laborer_id, village_code, start_date) values (${Number(other)}, ${Number(a)}, '${va}', '2018-01-01')`;
    const err2 = await hub.orm.em.fork().execute(second).then(() => undefined, (e: unknown) => e);
    expect(fromDatabaseError(err2)?.extensions).toMatchObject({ code: 'CONFLICT', field: 'laborerId', params: { detail: 'WELFARE_LABORER_PLACED' } });
    expect(await count(`welfare_placement where laborer_id in (${Number(a)}, ${Number(b)})`)).toBe(1);
  });

  it('of two placements on one post at the same moment exactly one succeeds', async () => {
    const post = await newPost('并发岗位');
    const laborers = await Promise.all(['并发甲', '并发乙', '并发丙'].map((n) => newLaborer(n)));
    const results = await Promise.all(laborers.map((laborer) => hub.gql(PLACE, { post, laborer, start: '2017-08-01' })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'postId' });
    expect(await count(`welfare_placement where post_id = ${Number(post)}`)).toBe(1);
    expect(await storedStatus(post)).toBe('FILLED');
  });

  it('of one laborer placed on two posts at the same moment exactly one succeeds', async () => {
    const posts = await Promise.all(['并发岗一', '并发岗二', '并发岗三'].map((t) => newPost(t)));
    const laborer = await newLaborer('并发丁');
    const results = await Promise.all(posts.map((post) => hub.gql(PLACE, { post, laborer, start: '2017-08-01' })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'laborerId' });
    expect(await count(`welfare_placement where laborer_id = ${Number(laborer)}`)).toBe(1);
    const statuses = (await hub.sql(`select status from welfare_post where id = any($1::int[])`, [posts.map(Number)])).map((r) => r.status).sort();
    expect(statuses).toEqual(['FILLED', 'OPEN', 'OPEN']);
  });
});

describe('welfare lists', () => {
  let listHousehold: string;
  let otherCountyLaborer: string;
  let otherCountyPost: string;
  beforeAll(async () => {
    listHousehold = await t.household(otherVillage, '列表户', 3);
    otherCountyLaborer = await newLaborer('阆中甲', listHousehold);
    otherCountyPost = await newPost('阆中保洁', otherVillage, 'GREENING');
    expect((await hub.gql(PLACE, { post: otherCountyPost, laborer: otherCountyLaborer, start: '2017-01-01' })).errors).toBeUndefined();
    for (let i = 0; i < 6; i++) {
      const post = await newPost(`批量岗位${i}`, i % 2 ? township : village, 'CARE');
      const laborer = await newLaborer(`批量${i}`);
      expect((await hub.gql(PLACE, { post, laborer, start: '2017-01-01', end: i < 3 ? null : '2017-06-01' })).errors).toBeUndefined();
    }
  });

  const POSTS = `query($filter: WelfarePostFilter) { allWelfarePosts(filter: $filter, perPage: 500) { id title } _allWelfarePostsMeta(filter: $filter) { count } }`;
  const PLACEMENTS = `query($filter: WelfarePlacementFilter) { allWelfarePlacements(filter: $filter, perPage: 500) { id laborerId postId } _allWelfarePlacementsMeta(filter: $filter) { count } }`;

  it('filters posts by region subtree, category, status and title', async () => {
    const county = await hub.gql(POSTS, { filter: { regionCode: '511381000000' } });
    expect(county.data.allWelfarePosts.map((p: { id: string }) => p.id)).toEqual([otherCountyPost]);
    const inTownship = await hub.gql(POSTS, { filter: { regionCode: township, q: '批量' } });
    expect(inTownship.data._allWelfarePostsMeta.count).toBe(6);
    const care = await hub.gql(POSTS, { filter: { regionCode: township, category: 'CARE' } });
    expect(care.data._allWelfarePostsMeta.count).toBe(6);
    const security = await hub.gql(POSTS, { filter: { regionCode: '511321000000', category: 'SECURITY' } });
    expect(security.data.allWelfarePosts.map((p: { title: string }) => p.title)).toEqual(['治安协管员']);
    const filled = await hub.gql(POSTS, { filter: { q: '批量岗位', status: 'FILLED' } });
    expect(filled.data.allWelfarePosts.map((p: { title: string }) => p.title).sort()).toEqual(['批量岗位0', '批量岗位1', '批量岗位2']);
    const open = await hub.gql(POSTS, { filter: { q: '批量岗位', status: 'OPEN' } });
    expect(open.data._allWelfarePostsMeta.count).toBe(3);
    const closed = await hub.gql(POSTS, { filter: { status: 'CLOSED' } });
    expect(closed.data.allWelfarePosts.map((p: { title: string }) => p.title)).toContain('已关闭岗位');
    const dbFilled = (await hub.sql(`select count(*)::int as n from welfare_post where status = 'FILLED'`))[0].n;
    expect((await hub.gql(POSTS, { filter: { status: 'FILLED' } })).data._allWelfarePostsMeta.count).toBe(dbFilled);
  });

  it('filters placements by post, laborer, region subtree and active', async () => {
    const byLaborer = await hub.gql(PLACEMENTS, { filter: { laborerId: otherCountyLaborer } });
    expect(byLaborer.data.allWelfarePlacements).toHaveLength(1);
    const byPost = await hub.gql(PLACEMENTS, { filter: { postId: otherCountyPost } });
    expect(byPost.data.allWelfarePlacements[0].laborerId).toBe(otherCountyLaborer);
    const county = await hub.gql(PLACEMENTS, { filter: { regionCode: '511381000000' } });
    expect(county.data._allWelfarePlacementsMeta.count).toBe(1);
    const active = (await hub.gql(PLACEMENTS, { filter: { active: true } })).data._allWelfarePlacementsMeta.count;
    const ended = (await hub.gql(PLACEMENTS, { filter: { active: false } })).data._allWelfarePlacementsMeta.count;
    const db = (await hub.sql(`select count(*) filter (where end_date is null or end_date > $1)::int as a, count(*) filter (where end_date <= $1)::int as e from welfare_placement`, [today()]))[0];
    expect({ active, ended }).toEqual({ active: db.a, ended: db.e });
    expect(active).toBeGreaterThan(3);
    expect(ended).toBeGreaterThan(3);
  });

  it('loads posts and placements with their nested records in a fixed number of queries', async () => {
    const posts = await hub.countQueries(() =>
      hub.gql(`{ allWelfarePosts(perPage: 500) { id status region { name } currentHolder { name household { headName } } placements { active laborer { name } post { title } } } }`),
    );
    expect(posts.result.errors).toBeUndefined();
    expect(posts.result.data.allWelfarePosts.length).toBeGreaterThan(20);
    expect(posts.queries.length).toBeGreaterThan(0);
    // The session lookup, then one statement per level (laborers twice: holders and placement laborers resolve in different ticks).
    expect(posts.queries.length).toBeLessThanOrEqual(9);

    const placements = await hub.countQueries(() => hub.gql(`{ allWelfarePlacements(perPage: 500) { id post { title status } laborer { name welfarePlacements { id } } } }`));
    expect(placements.result.errors).toBeUndefined();
    expect(placements.result.data.allWelfarePlacements.length).toBeGreaterThan(15);
    expect(placements.queries.length).toBeGreaterThan(0);
    expect(placements.queries.length).toBeLessThanOrEqual(6);

    const laborers = await hub.countQueries(() => hub.gql(`{ allLaborers(perPage: 500) { id welfarePlacements { post { title currentHolder { id } } } } }`));
    expect(laborers.result.errors).toBeUndefined();
    expect(laborers.queries.length).toBeGreaterThan(0);
    expect(laborers.queries.length).toBeLessThanOrEqual(6);
  });
});
