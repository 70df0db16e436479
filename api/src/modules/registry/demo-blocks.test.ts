import { DEMO_TABLES, loadDemoData, streamDataset, targets, type LoadReport } from '@fupin/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';
import { checkFigures, FIGURES_AS_OF, FIGURES_QUERY } from '../stats/figures';

/**
 * A dataset of several blocks, as every scale above 1 is made (streamDataset: one block in memory at a
 * time): here three blocks of scale 0.01. Every constraint and rule trigger checks the rows as they
 * arrive, so ids that did not continue across blocks, references to another block's rows, a repeated
 * ID number or a budget smaller than its payments would fail the load itself.
 */
const SCALE = 0.03;
const BLOCK = 0.01;

let hub: TestHub;
let report: LoadReport;
beforeAll(async () => {
  hub = await startTestHub();
  report = await loadDemoData(hub.orm.config.getClientUrl(), { scale: SCALE, seed: 2017, blockScale: BLOCK });
}, 120_000);
afterAll(() => hub?.close());

describe('the demo dataset in blocks', () => {
  it('writes what the stream holds, every id once and in sequence', async () => {
    const counts: Record<string, number> = {};
    for (const t of streamDataset({ scale: SCALE, seed: 2017, blockScale: BLOCK })) counts[t.table] = (counts[t.table] ?? 0) + t.count;
    expect(report.rows).toEqual(counts);
    for (const table of DEMO_TABLES) {
      const [r] = await hub.sql<{ n: string; max: number | null }>(`select count(*) as n, max(id) as max from ${table}`);
      expect(Number(r.n), table).toBe(counts[table]);
      expect(Number(r.max), table).toBe(counts[table]);
    }
    // The reference tables are written once, not once per block.
    expect(counts.policy).toBe(10);
    expect(counts.training_provider).toBe(24);
    const [{ n }] = await hub.sql<{ n: string }>('select count(*) as n from (select policy_id, county_code, year from policy_budget group by 1, 2, 3 having count(*) > 1) d');
    expect(Number(n)).toBe(0);
  });

  it('holds the sum of its blocks\' figures, through the API', async () => {
    const t = targets(SCALE, BLOCK);
    expect(t.laborers).toBe(3 * 1702);
    const r = await hub.gql(FIGURES_QUERY, { asOf: FIGURES_AS_OF });
    expect(r.errors).toBeUndefined();
    expect(r.data.city.stats.laborers).toBe(t.laborers);
    const rows = new Map(checkFigures(r.data, SCALE).map((x) => [x.name, x]));
    expect(rows.get('registered poor laborers (建档立卡贫困劳动力)')?.status).toBe('OK');
    expect(rows.get('poor villages (贫困村)')?.status).toBe('OK');
  });

  it('is the same for the same seed, and its first block is the one-block dataset', async () => {
    const lines = (scale: number, blockScale?: number) => {
      const out: string[] = [];
      for (const t of streamDataset({ scale, seed: 2017, blockScale })) if (t.block === 0) for (const l of t.lines()) out.push(`${t.table}\t${l}`);
      return out;
    };
    const first = lines(SCALE, BLOCK);
    expect(lines(SCALE, BLOCK)).toEqual(first);
    // Budgets are summed over the blocks (written at the end); everything else of block 0 is the small dataset.
    const single = lines(BLOCK).filter((l) => !l.startsWith('policy_budget\t'));
    expect(first).toEqual(single);
  });
});
