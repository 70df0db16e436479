import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { hashTables } from './copy';
import { streamDataset, type StreamTable } from './dataset';
import { blocksOf, regionPlan } from './plan';
import { blockCities, cityScales, datasetFlags, relocation } from './province';
import { provinceRegionRows } from './regions';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection. */
function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe('streaming blocks', () => {
  it('keeps the heap that of one block, however many blocks are streamed', () => {
    // 8 blocks of 0.05: were anything of a block kept across blocks, the heap would grow by about a
    // block's rows (some 4 MB) per block; what is carried (ID bitmap, budgets, counters) is fixed.
    const heap: number[] = [];
    let last = -1;
    for (const t of streamDataset({ scale: 0.4, seed: 2017, blockScale: 0.05, province: '51' })) {
      for (const line of t.lines()) if (!line) throw new Error('empty line');
      if (t.block !== last) {
        last = t.block;
        heap.push(heapMB());
      }
    }
    expect(heap.length).toBe(9);
    console.log(`heap after each block (MB): ${heap.map((h) => h.toFixed(1)).join(' ')}`);
    // From the second block on (the first fills the caches of names and days), flat within 8 MB.
    const growth = heap[heap.length - 1] - heap[2];
    expect(growth, `heap per block (MB): ${heap.map((h) => h.toFixed(0)).join(' ')}`).toBeLessThan(8);
  }, 120_000);
});

describe('a province dataset', () => {
  const flat = (scale: number, blockScale: number, province?: string) => {
    const tables: StreamTable[] = [];
    for (const t of streamDataset({ scale, seed: 2017, blockScale, ...(province ? { province } : {}) })) tables.push({ ...t, lines: (() => { const l = [...t.lines()]; return () => l; })() });
    return tables;
  };

  it('is the Nanchong dataset without a province, and its block 0 with one', () => {
    const without = flat(0.02, 0.01);
    const withProvince = flat(0.02, 0.01, '51');
    const nanchong = (ts: StreamTable[]) => hashTables(ts.filter((t) => t.block === 0));
    expect(nanchong(withProvince)).toBe(nanchong(without));
    expect(hashTables(without.filter((t) => t.block === 1))).not.toBe(hashTables(withProvince.filter((t) => t.block === 1)));
    // Without a province, every village is Nanchong's.
    for (const t of without.filter((x) => x.table === 'laborer')) for (const line of t.lines()) expect(line.split('\t')[2]).toMatch(/^5113/);
  }, 60_000);

  it('moves block k > 0 to the province\'s other cities, onto villages of their own tree', () => {
    const villages = new Set(provinceRegionRows('51').filter((r) => r.level === 'VILLAGE').map((r) => r.code));
    const tables = flat(0.03, 0.01, '51');
    const cities = blockCities('51');
    expect(cities).toHaveLength(20);
    for (const block of [1, 2]) {
      const laborers = tables.filter((t) => t.table === 'laborer' && t.block === block).flatMap((t) => [...t.lines()]);
      expect(blocksOf(0.03, 0.01)[block]).toBe(0.01);
      expect(laborers.length).toBe(1702);
      for (const line of laborers) {
        const code = line.split('\t')[2];
        expect(code.slice(0, 4)).toBe(cities[block - 1].slice(0, 4));
        expect(villages.has(code)).toBe(true);
      }
    }
    expect([...cityScales(0.03, 0.01, '51')]).toEqual([['511300000000', 0.01], [cities[0], 0.01], [cities[1], 0.01]]);
    // Past the 20 other cities, blocks go round them again; Nanchong keeps block 0 only.
    expect(cityScales(25, 1, '51').get('511300000000')).toBe(1);
    expect(cityScales(25, 1, '51').get(cities[0])).toBe(2);
  }, 60_000);

  it('maps Nanchong\'s poor villages and counties onto the city, deterministically', () => {
    const r = relocation('51', '510100000000');
    const poorVillages = r.flags.filter((f) => !f.code.endsWith('000000'));
    const poorCounties = r.flags.filter((f) => f.code.endsWith('000000'));
    // Nanchong's 1,290 poor villages land on Chengdu's rural villages (residents' committees are never poor):
    // 283 of them with this tree; every one a village of Chengdu.
    expect(poorVillages.length).toBeGreaterThan(250);
    const chengdu = new Set(provinceRegionRows('51').filter((x) => x.level === 'VILLAGE' && x.code.startsWith('5101')).map((x) => x.code));
    for (const v of poorVillages) expect(chengdu.has(v.code)).toBe(true);
    expect(poorVillages.length).toBeLessThanOrEqual(regionPlan().flags.length);
    expect(poorCounties.length).toBeGreaterThan(0);
    for (const c of poorCounties) {
      // A county leaves the list no earlier than its last poor village.
      for (const v of poorVillages.filter((x) => x.code.startsWith(c.code.slice(0, 6)))) expect(c.exitYear!).toBeGreaterThanOrEqual(v.exitYear!);
    }
    expect(datasetFlags(2, 1, '51')).toEqual([...regionPlan().flags, ...r.flags]);
    expect(datasetFlags(2, 1)).toEqual(regionPlan().flags);
  }, 60_000);
});
