import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

const REGION = `query($id: ID!) { Region(id: $id) { id code name level parentId isPoor isUrban parent { code } ancestors { code name } children { code level } } }`;

describe('region tree', () => {
  it('has the city, 9 counties, 242 townships and 3,004 villages with real names', async () => {
    const counts: Record<string, number> = {};
    for (const level of ['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE']) {
      const r = await hub.gql(`query($l: RegionLevel) { _allRegionsMeta(filter: { level: $l }) { count } }`, { l: level });
      counts[level] = r.data._allRegionsMeta.count;
    }
    expect(counts).toEqual({ CITY: 1, COUNTY: 9, TOWNSHIP: 242, VILLAGE: 3004 });
    const urban = await hub.gql(`{ _allRegionsMeta(filter: { level: VILLAGE, isUrban: true }) { count } }`);
    expect(urban.data._allRegionsMeta.count).toBe(896);
  });

  it('answers the city with its nine counties and no ancestors', async () => {
    const r = await hub.gql(REGION, { id: '511300000000' });
    expect(r.data.Region).toMatchObject({ name: '南充市', level: 'CITY', parentId: null, parent: null, ancestors: [] });
    expect(r.data.Region.children.map((c: { code: string }) => c.code)).toEqual([
      '511302000000', '511303000000', '511304000000', '511321000000', '511322000000', '511323000000', '511324000000', '511325000000', '511381000000',
    ]);
  });

  it('answers a county, a township and a village with their breadcrumb', async () => {
    const county = (await hub.gql(REGION, { id: '511321000000' })).data.Region;
    expect(county).toMatchObject({ name: '南部县', level: 'COUNTY', parentId: '511300000000', ancestors: [{ code: '511300000000', name: '南充市' }] });
    expect(county.children).toHaveLength(42);
    expect(county.children.every((c: { level: string }) => c.level === 'TOWNSHIP')).toBe(true);

    const township = (await hub.gql(REGION, { id: county.children[0].code })).data.Region;
    expect(township.level).toBe('TOWNSHIP');
    expect(township.ancestors.map((a: { code: string }) => a.code)).toEqual(['511300000000', '511321000000']);
    expect(township.children.length).toBeGreaterThan(0);

    const village = (await hub.gql(REGION, { id: township.children[0].code })).data.Region;
    expect(village).toMatchObject({ level: 'VILLAGE', children: [], parent: { code: township.code } });
    expect(village.ancestors.map((a: { code: string }) => a.code)).toEqual(['511300000000', '511321000000', township.code]);
  });

  it('lists the whole subtree of a county and of a township', async () => {
    const r = await hub.gql(`{ Region(id: "511321000000") { descendantCount villages: descendantCount(level: VILLAGE) descendants(level: TOWNSHIP, perPage: 5) { code } } }`);
    expect(r.data.Region).toMatchObject({ descendantCount: 42 + 491, villages: 491 });
    expect(r.data.Region.descendants).toHaveLength(5);
    const within = await hub.gql(`{ _allRegionsMeta(filter: { within: "511321000000" }) { count } }`);
    expect(within.data._allRegionsMeta.count).toBe(1 + 42 + 491);
  });

  it('searches by name and by code prefix', async () => {
    const r = await hub.gql(`{ allRegions(filter: { q: "阆中" }) { code name } }`);
    expect(r.data.allRegions.map((x: { name: string }) => x.name)).toContain('阆中市');
    const byCode = await hub.gql(`{ allRegions(filter: { q: "511381", level: COUNTY }) { name } }`);
    expect(byCode.data.allRegions).toEqual([{ name: '阆中市' }]);
  });

  it('does not N+1 when a list asks for children and parents', async () => {
    const { result, queries } = await hub.countQueries(() =>
      hub.gql(`{ allRegions(filter: { level: TOWNSHIP }, perPage: 100) { code parent { name } children { code } ancestors { code } } }`),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.allRegions).toHaveLength(100);
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.length).toBeLessThanOrEqual(4);
  });

  it('returns null for an unknown code and refuses a malformed filter code', async () => {
    expect((await hub.gql(REGION, { id: '511399999999' })).data.Region).toBeNull();
    const bad = await hub.gql(`{ allRegions(filter: { within: "5113" }) { code } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'within' });
    expect(bad.errors?.[0].message).toContain('区域');
  });

  it('updates the poor flag of a village, and refuses it on an urban committee', async () => {
    const village = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
    const ok = await hub.gql(`mutation($id: ID!) { updateRegion(id: $id, isPoor: true) { isPoor } }`, { id: village });
    expect(ok.data.updateRegion.isPoor).toBe(true);
    const urban = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, isUrban: true }, perPage: 1) { code } }`)).data.allRegions[0].code;
    const refused = await hub.gql(`mutation($id: ID!) { updateRegion(id: $id, isPoor: true) { isPoor } }`, { id: urban });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'isPoor' });
    const [row] = await hub.sql('select is_poor from region where code = $1', [urban]);
    expect(row.is_poor).toBe(false);
  });
});
