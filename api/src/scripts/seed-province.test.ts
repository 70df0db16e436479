import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { provinceRegionRows, targets } from '@fupin/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub';

/**
 * `npm run seed -- --province 51`: the region tree of all Sichuan (21 cities as roots) beside the demo
 * data, which stays in Nanchong. Run as the built script against a test database.
 */
const SCRIPT = path.resolve(__dirname, '../../dist/scripts/seed.js');
const SCALE = 0.01;
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  const run = spawnSync(process.execPath, [SCRIPT, '--province', '51', '--scale', String(SCALE)], {
    env: { ...process.env, DATABASE_URL: hub.orm.config.getClientUrl() },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr + run.stdout).toBe(0);
  expect(run.stdout).toMatch(/region tree of 四川省: 37727 regions, 34471 added/);
}, 150_000);
afterAll(() => hub?.close());

describe('a whole province', () => {
  it('loads every region of Sichuan, with their levels and parents', async () => {
    const rows = provinceRegionRows('51');
    const [r] = await hub.sql<{ n: string; cities: string; villages: string }>(
      `select count(*) as n, count(*) filter (where level = 'CITY') as cities, count(*) filter (where level = 'VILLAGE') as villages from region`,
    );
    expect(Number(r.n)).toBe(rows.length);
    expect(Number(r.cities)).toBe(21);
    expect(Number(r.villages)).toBe(34412);
  });

  it('answers drill-downs of another city (empty) and keeps Nanchong\'s figures', async () => {
    const q = await hub.gql(`{
      chengdu: Region(id: "510100000000") { name children { code } stats { laborers } }
      nanchong: Region(id: "511300000000") { name stats { laborers poorVillages } }
      leagueTable(level: COUNTY, within: "510100000000", indicator: laborers) { rank stats { regionCode } }
    }`);
    expect(q.errors).toBeUndefined();
    expect(q.data.chengdu.name).toBe('成都市');
    expect(q.data.chengdu.children.length).toBeGreaterThan(10);
    expect(q.data.chengdu.stats.laborers).toBe(0);
    expect(q.data.nanchong.stats).toEqual({ laborers: targets(SCALE).laborers, poorVillages: 1290 });
    expect(q.data.leagueTable.length).toBe(q.data.chengdu.children.length);
  });
});
