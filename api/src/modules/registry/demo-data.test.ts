import { parseIdNumber } from '@fupin/schema';
import { loadDemoData, targets, type LoadReport } from '@fupin/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';

// The demo dataset at scale 0.01, loaded by the seed's bulk loader into a fresh test database and read
// back over GraphQL: the loader passes every constraint and trigger, and the API sees what it wrote.
let hub: TestHub;
let report: LoadReport;
const SCALE = 0.01;
const t = targets(SCALE);

beforeAll(async () => {
  hub = await startTestHub();
  report = await loadDemoData(hub.orm.config.getClientUrl(), { scale: SCALE, seed: 2017 });
}, 120_000);
afterAll(() => hub?.close());

const count = async (list: string, filter: Record<string, unknown> = {}) => {
  const r = await hub.gql(`query($f: ${list}Filter) { _all${list}sMeta(filter: $f) { count } }`, { f: filter });
  expect(r.errors).toBeUndefined();
  return r.data[`_all${list}sMeta`].count as number;
};

describe('demo data at scale 0.01 through the API', () => {
  it('registers round(170,200 x 0.01) laborers with the three demands in proportion', async () => {
    expect(report.rows.laborer).toBe(1702);
    expect(await count('Laborer')).toBe(t.laborers);
    expect(await count('Laborer', { wantsTraining: true })).toBe(t.wantsTraining);
    expect(await count('Laborer', { wantsTransfer: true })).toBe(t.wantsTransfer);
    expect(await count('Laborer', { wantsEnterprise: true })).toBe(t.wantsEnterprise);
    expect(await count('Household')).toBe(report.rows.household);
    expect(await count('Laborer', { regionCode: '511321000000' })).toBeGreaterThan(await count('Laborer', { regionCode: '511302000000' }));
  });

  it('flags 6 poor counties and 1,290 poor villages at every scale', async () => {
    expect(await count('Region', { isPoor: true, level: 'COUNTY' })).toBe(6);
    expect(await count('Region', { isPoor: true, level: 'VILLAGE' })).toBe(1290);
    expect(await count('Region', { isPoor: true, level: 'VILLAGE', isUrban: true })).toBe(0);
  });

  it('gives every laborer a valid ID number with the county of the village, the birth date and the gender', async () => {
    const seen = new Set<string>();
    for (let page = 0; page * 500 < t.laborers; page++) {
      const r = await hub.gql(`query($p: Int) { allLaborers(page: $p, perPage: 500, sortField: "id") { idNumber villageId birthDate gender } }`, { p: page });
      expect(r.errors).toBeUndefined();
      for (const l of r.data.allLaborers) {
        const parsed = parseIdNumber(l.idNumber, new Date('2017-06-30T00:00:00Z'));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) continue;
        expect(parsed.info).toMatchObject({ regionCode: l.villageId.slice(0, 6), birthDate: l.birthDate, gender: l.gender });
        seen.add(l.idNumber);
      }
    }
    expect(seen.size).toBe(t.laborers);
  });

  it('writes the programme records and moves the id sequences past them', async () => {
    expect(await count('Employment', { kind: 'TRANSFER' })).toBeGreaterThanOrEqual(t.transferEmployed);
    expect(await count('Enterprise')).toBe(t.enterprises);
    expect(await count('WelfarePost')).toBe(t.welfarePosts);
    // A record created through the API after the load gets the next id, not one the loader used.
    const v = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
    const created = await hub.gql(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "张德明", memberCount: 3) { id } }`, { v });
    expect(created.errors).toBeUndefined();
    expect(Number(created.data.createHousehold.id)).toBe(report.rows.household + 1);
  });

  it('computes the article figures in proportion, with no zero-employment household', async () => {
    const r = await hub.gql(`{ Region(id: "511300000000") { stats(asOf: "2017-06-30") {
      laborers trained trainedEmployment trainedEntrepreneurship trainedBrand trainedOther employedAfterTraining
      transferEmployed organisedTransfers absorbedLocally stableEmployments zeroEmploymentHouseholds
      welfarePosts welfarePlaced enterprisesStarted startupLoanAmount dreamLoanAmount poorVillages poorCounties
    } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.Region.stats).toEqual({
      laborers: t.laborers,
      trained: t.trained,
      trainedEmployment: t.trainedByKind.EMPLOYMENT,
      trainedEntrepreneurship: t.trainedByKind.ENTREPRENEURSHIP,
      trainedBrand: t.trainedByKind.BRAND,
      trainedOther: t.trainedByKind.OTHER,
      employedAfterTraining: t.employedAfterTraining,
      transferEmployed: t.transferEmployed,
      organisedTransfers: t.organisedTransfers,
      absorbedLocally: t.localEmployment,
      stableEmployments: t.stableEmployment,
      zeroEmploymentHouseholds: 0,
      welfarePosts: t.welfarePosts,
      welfarePlaced: t.welfarePlaced,
      enterprisesStarted: t.enterprises,
      startupLoanAmount: t.startupLoanYuan,
      dreamLoanAmount: t.dreamLoanYuan,
      poorVillages: t.poorVillages,
      poorCounties: t.poorCounties,
    });
    // The 2017 targets: villages and counties leaving the poor list that year.
    const year = await hub.gql(`{ Region(id: "511300000000") { stats(year: 2017) { poorVillagesExiting poorCountiesExiting } } }`);
    expect(year.data.Region.stats).toEqual({ poorVillagesExiting: t.villagesExiting2017, poorCountiesExiting: t.countiesExiting2017.length });
  });

  it('refuses to load into a registry that is not empty', async () => {
    await expect(loadDemoData(hub.orm.config.getClientUrl(), { scale: SCALE, seed: 2017 })).rejects.toThrow(/not empty/);
  });
});
