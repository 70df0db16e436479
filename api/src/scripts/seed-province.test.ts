import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { blocksOf, provinceRegionRows, targets } from '@fupin/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub';
import { TEST_ADMIN_PASSWORD } from '../../test/global-setup';

/**
 * `npm run seed -- --province 51`: the region tree of all Sichuan (21 cities as roots), and the demo
 * data spread over the province: block 0 in Nanchong, block 1 in Chengdu (two small blocks here, as
 * scale 2 makes two of scale 1). Run as the built script against a test database.
 */
const SCRIPT = path.resolve(__dirname, '../../dist/scripts/seed.js');
const VERIFY = path.resolve(__dirname, '../../dist/scripts/verify-figures.js');
const SCALE = 0.02;
const BLOCK = 0.01;
/** Nanchong holds block 0: the article's figures at that block's scale. */
const NANCHONG_SCALE = blocksOf(SCALE, BLOCK)[0];
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  const run = spawnSync(process.execPath, [SCRIPT, '--province', '51', '--scale', String(SCALE), '--block-scale', String(BLOCK)], {
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

  it('puts block 1 in Chengdu, with its own counties\' statistics, and keeps Nanchong\'s figures', async () => {
    const q = await hub.gql(`{
      chengdu: Region(id: "510100000000") { name children { code } stats { laborers poorVillages } childrenStats { regionCode laborers poorVillages } }
      nanchong: Region(id: "511300000000") { name stats { laborers poorVillages } }
      zigong: Region(id: "510300000000") { stats { laborers } }
      leagueTable(level: COUNTY, within: "510100000000", indicator: laborers) { rank stats { regionCode } }
    }`);
    expect(q.errors).toBeUndefined();
    expect(q.data.chengdu.name).toBe('成都市');
    expect(q.data.chengdu.children.length).toBeGreaterThan(10);
    // A block's laborers, as many as Nanchong's block of the same scale; no third block, so Zigong is empty.
    expect(q.data.chengdu.stats.laborers).toBe(targets(BLOCK).laborers);
    expect(q.data.zigong.stats.laborers).toBe(0);
    expect(q.data.nanchong.stats).toEqual({ laborers: targets(NANCHONG_SCALE).laborers, poorVillages: 1290 });
    expect(q.data.nanchong.stats.laborers + q.data.chengdu.stats.laborers).toBe(targets(SCALE).laborers);
    // Chengdu's counties: Nanchong's nine mapped onto nine of them, each county's count its registry's.
    const counties = q.data.chengdu.childrenStats.filter((c: { laborers: number }) => c.laborers > 0);
    expect(counties.length).toBe(9);
    const counted = await hub.sql<{ county: string; n: number }>(`select substr(village_code, 1, 6) as county, count(*)::int as n from laborer where village_code like '5101%' group by 1 order by 1`);
    expect(counted.map((c) => [c.county, c.n])).toEqual(counties.map((c: { regionCode: string; laborers: number }) => [c.regionCode.slice(0, 6), c.laborers]).sort());
    // Poor villages mapped from Nanchong's, each county's counted within the city's.
    expect(q.data.chengdu.stats.poorVillages).toBeGreaterThan(100);
    expect(q.data.chengdu.childrenStats.reduce((n: number, c: { poorVillages: number }) => n + c.poorVillages, 0)).toBe(q.data.chengdu.stats.poorVillages);
    expect(q.data.leagueTable.length).toBe(q.data.chengdu.children.length);
    // Every row of block 1 is in Chengdu: nothing else outside Nanchong.
    const [outside] = await hub.sql<{ n: number }>(`select count(*)::int as n from laborer where village_code not like '5113%' and village_code not like '5101%'`);
    expect(outside.n).toBe(0);
  });

  it('passes verify:figures --province: Nanchong as the article at block 0\'s scale, the province as the whole', async () => {
    // Run as the lead would (a child process talking to the hub over HTTP); async, so this process's hub answers.
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [VERIFY, '--province', '51', '--scale', String(SCALE), '--block-scale', String(BLOCK), '--url', hub.url], {
        env: { ...process.env, HUB_USER: 'admin', HUB_PASSWORD: TEST_ADMIN_PASSWORD },
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      child.on('exit', (code) => resolve({ code, out }));
    });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`scale ${NANCHONG_SCALE} (block 0 of scale ${SCALE} over 四川省)`);
    expect(run.out).toMatch(new RegExp(`registered poor laborers, 21 cities\\s+${targets(SCALE).laborers.toLocaleString('en')}\\s+${targets(SCALE).laborers.toLocaleString('en')}\\s+OK`));
    expect(run.out).toMatch(/ 0 MISMATCH/);
  }, 60_000);
});
