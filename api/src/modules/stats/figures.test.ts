import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHub } from '../../../test/demo';
import { type TestHub } from '../../../test/hub';
import { TEST_ADMIN_PASSWORD } from '../../../test/global-setup';
import { checkFigures, FIGURES_AS_OF, FIGURES_QUERY, REGISTRY_FIGURES } from './figures';

const SCRIPT = path.resolve(__dirname, '../../../dist/scripts/verify-figures.js');
const SCALE = 0.01;

let hub: TestHub;
beforeAll(async () => {
  hub = await startDemoHub(SCALE);
}, 120_000);
afterAll(() => hub?.close());

/** Runs the built script against the test hub; asynchronously, since the hub answering it runs in this process. */
function verify(scale: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, '--scale', String(scale)], {
      env: { ...process.env, HUB_URL: hub.url, HUB_USER: 'admin', HUB_PASSWORD: TEST_ADMIN_PASSWORD },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('npm run verify:figures at scale 0.01', () => {
  it('exits 1 and says MISMATCH when the data does not give the figures (scale 1 targets on scale 0.01 data)', async () => {
    const run = await verify(1);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/registered poor laborers.*MISMATCH/);
  });

  it('prints one row per figure, every exact one OK at the proportional target, and exits 0', async () => {
    expect(fs.existsSync(SCRIPT), 'api is built').toBe(true);
    const run = await verify(SCALE);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    const rows = lines.filter((l) => /\s(OK|MISMATCH|INFO)\s*$/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(30);
    // At 0.01 every exact figure holds in proportion (rounded): no row may mismatch, and the exit says so.
    const mismatches = rows.filter((l) => /MISMATCH\s*$/.test(l));
    expect(mismatches).toEqual([]);
    expect(run.status).toBe(0);
    for (const name of REGISTRY_FIGURES) {
      const line = rows.find((l) => l.includes(name));
      expect(line, name).toMatch(/\sOK\s*$/);
    }
  });

  it('computes the same rows from the GraphQL answer, with the registry at scale 0.01 (1,702 laborers)', async () => {
    const r = await hub.gql(FIGURES_QUERY, { asOf: FIGURES_AS_OF });
    expect(r.errors).toBeUndefined();
    const rows = checkFigures(r.data, SCALE);
    const byName = new Map(rows.map((x) => [x.name, x]));
    expect(byName.get('registered poor laborers (建档立卡贫困劳动力)')).toMatchObject({ target: '1,702', hub: '1,702', status: 'OK' });
    expect(byName.get('poor villages (贫困村)')).toMatchObject({ target: '1,290', status: 'OK' });
    expect(byName.get('poor counties (贫困县)')).toMatchObject({ target: '6', status: 'OK' });
    for (const name of REGISTRY_FIGURES) expect(byName.get(name)?.status, name).toBe('OK');
    // The zero-employment row is computed from the records, not assumed: households with laborers, less those at work.
    const zero = byName.get('zero-employment poor households (零就业家庭)');
    expect(zero?.hub).toMatch(/^\d[\d,]*$/);
  });
});
