import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each step waits for real jobs (upload, preview, commit) on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000 });
import { startTestHub, type TestHub } from '../../../test/hub';
import { batch, commit, download, importFile, readSheet, upload, workbook } from '../../../test/import';

const CITY = '511300000000';
const NANBU = '511321000000';
const LANGZHONG = '511381000000';
const YINGSHAN = '511322000000';
const HEADER = ['地区代码', '地区', '年度', '指标', '目标值', '备注'];

let hub: TestHub;
let village: string;
beforeAll(async () => {
  hub = await startTestHub();
  village = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "${NANBU}" }, perPage: 1) { code } }`)).data.allRegions[0].code;
  const t = await hub.gql(`mutation { createTarget(regionId: "${NANBU}", year: 2017, indicator: TRAINED, value: 5000, note: "年初下达") { id } }`);
  expect(t.errors).toBeUndefined();
});
afterAll(() => hub?.close());

const targets = () => hub.sql(`select region_code, year, indicator::text, value::float8 as value, note from target order by region_code, indicator`);

describe('targets import (年度目标任务): region + year + indicator, through createTarget / updateTarget', () => {
  let batchId: string;

  it('previews a city sheet: new targets, a changed one, and each refusal in the API\'s words', async () => {
    const file = await workbook([
      HEADER,
      [NANBU, '南部县', 2017, '技能培训', '6,000', '市级调整'],
      [LANGZHONG, '阆中市', 2017, '转移就业', 12000, null],
      [CITY, '南充市', 2017, '贫困人口脱贫', 136000, null],
      [village, '某村', 2017, '技能培训', 100, null],
      [YINGSHAN, '营山县', 2017, '技能培训', -5, null],
      [LANGZHONG, '阆中市', 2017, '转移就业', 13000, '重复'],
    ], { title: '南充市2017年就业扶贫目标任务分解表' });
    const b = await importFile(hub, hub.gql, 'TARGETS', '目标任务.xlsx', file);
    expect(b.error).toBeNull();
    expect(b.status).toBe('PREVIEWED');
    // A village gets no target (createTarget's own rule), a value must be above 0, a key once per file.
    expect(b.refusals.map((r: any) => [r.code, r.column, r.rowNumbers])).toEqual([
      ['INVALID_REFERENCE', '地区代码', [7]],
      ['VALIDATION_FAILED', '目标值', [8]],
      ['DUPLICATE_IN_FILE', '地区代码', [9]],
    ]);
    expect(b.counts).toMatchObject({ create: 2, update: 1, unchanged: 0, refused: 3 });
    for (const r of b.refusals) expect(r.message).toMatch(/[\u4e00-\u9fa5]/);
    // The preview writes nothing.
    expect(await targets()).toEqual([{ region_code: NANBU, year: 2017, indicator: 'TRAINED', value: 5000, note: '年初下达' }]);
    batchId = b.id;
  });

  it('commits the valid rows: the targets the API would have written, and undo restores the first state', async () => {
    const done = await commit(hub.gql, batchId, { atomicity: 'VALID_ONLY' });
    expect(done.status).toBe('COMMITTED');
    expect(done.counts).toMatchObject({ created: 2, updated: 1 });
    expect(await targets()).toEqual([
      { region_code: CITY, year: 2017, indicator: 'PEOPLE_EXITING', value: 136000, note: null },
      { region_code: NANBU, year: 2017, indicator: 'TRAINED', value: 6000, note: '市级调整' },
      { region_code: LANGZHONG, year: 2017, indicator: 'TRANSFER_EMPLOYED', value: 12000, note: null },
    ]);
    // Progress reads them like any target.
    const p = await hub.gql(`{ targetProgress(regionCode: "${LANGZHONG}", asOf: "2017-06-30") { indicator target } }`);
    expect(p.errors).toBeUndefined();
    expect(p.data.targetProgress).toContainEqual({ indicator: 'TRANSFER_EMPLOYED', target: 12000 });
    const u = await hub.gql(`mutation($id: ID!) { undoImport(batchId: $id) { id } }`, { id: batchId });
    expect(u.errors).toBeUndefined();
    for (let i = 0; i < 200 && (await batch(hub.gql, batchId)).status === 'UNDOING'; i++) await new Promise((r) => setTimeout(r, 150));
    expect((await batch(hub.gql, batchId)).status).toBe('UNDONE');
    expect(await targets()).toEqual([{ region_code: NANBU, year: 2017, indicator: 'TRAINED', value: 5000, note: '年初下达' }]);
  });

  it('has a template with its columns and the indicators to choose from', async () => {
    const t = await download(hub, hub.gql, '/api/import/templates/TARGETS.xlsx');
    expect(t.status).toBe(200);
    const sheets = await readSheet(t.buffer, '_lists').catch(() => []);
    expect(JSON.stringify(sheets)).toContain('贫困人口脱贫');
    expect(JSON.stringify(sheets)).not.toMatch(/\d{9}[1-9]\d{2}/);
  });

  it('is the city\'s: an operator neither sees the dataset nor uploads it', async () => {
    const op = await hub.as('OPERATOR', NANBU);
    const list = await op(`{ importDatasets { dataset } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data.importDatasets.map((d: any) => d.dataset)).not.toContain('TARGETS');
    expect((await hub.gql(`{ importDatasets { dataset } }`)).data.importDatasets.map((d: any) => d.dataset)).toContain('TARGETS');
    const up = await upload(hub, op, 'TARGETS', '目标任务.xlsx', await workbook([HEADER, [NANBU, '南部县', 2017, '技能培训', 9000, null]]));
    expect(up.status).toBe(403);
    expect(JSON.stringify(up.body)).toContain('FORBIDDEN');
    expect((await targets())[0].value).toBe(5000);
  });
});
