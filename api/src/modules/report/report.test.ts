import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHub } from '../../../test/demo';
import { type Gql, type TestHub } from '../../../test/hub';
import { pct, wan, yuan } from './report.service';

const SCALE = 0.05;
const CITY = '511300000000';
const NANBU = '511321000000';
const scaled = (n: number) => Math.round(n * SCALE);
const share = (num: number, den: number, digits: number) => pct(scaled(num) / scaled(den), digits);

let hub: TestHub;
let operator: Gql;
beforeAll(async () => {
  hub = await startDemoHub(SCALE);
  operator = await hub.as('OPERATOR', NANBU);
}, 180_000);
afterAll(() => hub?.close());

const REPORT = `query($r: ID, $m: String!) { monthlyReport(regionCode: $r, month: $m) {
  title asOf month region { code name } summary
  sections { key title paragraphs table { columns { key label unit ratio } rows { code name values texts } total { code name values } } }
  progress { indicator target achieved status } supervision { regionCode indicator status }
} }`;

const text = (r: { summary: string[]; sections: { paragraphs: string[] }[] }) => r.sections.flatMap((s) => s.paragraphs).join('\n');

/**
 * Every exact figure of FIGURES.md in the article's words, in the article's order, at the demo's scale
 * (counts scaled and rounded as the seed does; places never scaled; shares of the scaled counts at the
 * article's precision). At scale 1 these are the article's own phrases (17.02万人, 1500万元 ...).
 */
function articlePhrases(): string[] {
  return [
    '辖9个县（市、区）',
    `现有6个贫困县、1290个贫困村，建档立卡贫困劳动力${wan(scaled(170_200))}人`,
    `确保${wan(scaled(136_000))}贫困人口脱贫，317个贫困村出列，南部县、蓬安县“摘帽”`,
    `截止6月，累计培训${scaled(24_331)}人，占培训需求总人数的${share(24_331, 35_781, 0)}`,
    `培训需求${scaled(35_781)}人`,
    `其中就业培训${scaled(17_701)}人、创业培训${scaled(4_513)}人、品牌培训${scaled(1_400)}人`,
    '通过培训后转移就业率达95%',
    `发放担保贷款${yuan(scaled(15_000_000))}`,
    '“零转移”、“零就业”贫困家庭定点清除行动已全面完成',
    `贫困劳动力转移就业${scaled(123_174)}人，占有转移就业需求总人数的${share(123_174, 144_740, 1)}`,
    `转移就业需求${scaled(144_740)}人`,
    `高坪、西充等重点针对建档立卡贫困劳动力开发公益性岗位${scaled(616)}个，已安置贫困劳动力${scaled(110)}人`,
    `截止6月，全市帮扶${scaled(919)}名贫困劳动者创业、占有创业需求总人数的${share(919, 1_738, 2)}`,
    `创业需求${scaled(1_738)}人`,
    `发放创业小贷款${yuan(scaled(35_000_000))}`,
    `阆中市帮助${scaled(60)}名贫困劳动力成功创业，发放各类创业补贴${yuan(scaled(170_000))}`,
    `南部县发放各类创业担保贷款${scaled(24)}个共计${yuan(scaled(2_260_000))}`,
  ];
}

describe('the monthly report', () => {
  it("states every exact figure of the article for the city in June 2017, in the article's words and order", async () => {
    const r = await hub.gql(REPORT, { r: CITY, m: '2017-06' });
    expect(r.errors).toBeUndefined();
    const rep = r.data.monthlyReport;
    expect(rep.title).toBe('南充市就业扶贫工作月报（2017年6月）');
    expect(rep.asOf).toBe('2017-06-30');
    const all = text(rep);
    let at = -1;
    for (const phrase of articlePhrases()) {
      const i = all.indexOf(phrase, at + 1);
      expect(i, `"${phrase}" after position ${at} in:\n${all}`).toBeGreaterThan(at);
      at = i;
    }
    expect(rep.summary[1]).toMatch(/^截止6月，累计培训\d+人，占培训需求总人数的\d+%/);
  });

  it('uses the same definitions as the statistics: each table is the children, the totals the region itself', async () => {
    const r = await hub.gql(REPORT, { r: CITY, m: '2017-06' });
    const rep = r.data.monthlyReport;
    const s = await hub.gql(`{ Region(id: "${CITY}") { stats(asOf: "2017-06-30") { trained transferEmployed welfarePosts subsidyPaid trainedShare } childrenStats(asOf: "2017-06-30") { regionCode trained subsidyPaid } } }`);
    const training = rep.sections.find((x: { key: string }) => x.key === 'training').table;
    const col = training.columns.findIndex((c: { key: string }) => c.key === 'trained');
    expect(training.total.values[col]).toBe(s.data.Region.stats.trained);
    expect(training.rows.map((x: { code: string; values: number[] }) => [x.code, x.values[col]])).toEqual(s.data.Region.childrenStats.map((c: { regionCode: string; trained: number }) => [c.regionCode, c.trained]));
    expect(training.rows.reduce((n: number, x: { values: number[] }) => n + x.values[col], 0)).toBe(training.total.values[col]);
    expect(rep.sections.map((x: { key: string }) => x.key)).toEqual(['registry', 'training', 'funnel', 'dream', 'employment', 'welfare', 'enterprise', 'subsidies', 'targets', 'supervision']);
    expect(rep.supervision.length).toBeGreaterThan(0);
  });

  it('writes the workbook: a summary sheet, a sheet per section, children as rows and the totals (values, no formulas) last, audited', async () => {
    const res = await fetch(`${hub.url}/report/monthly.xlsx?region=${CITY}&month=2017-06`, { headers: { authorization: `Bearer ${hub.gql.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '基本情况', '技能培训', '贷款与圆梦', '转移就业', '公益性岗位', '创业就业', '政策补贴', '培训转化', '目标任务', '督办清单']);
    const r = (await hub.gql(REPORT, { r: CITY, m: '2017-06' })).data.monthlyReport;
    for (const [sheet, key] of [['技能培训', 'training'], ['转移就业', 'employment'], ['政策补贴', 'subsidies'], ['目标任务', 'targets'], ['培训转化', 'funnel']]) {
      const ws = wb.getWorksheet(sheet)!;
      const t = r.sections.find((x: { key: string }) => x.key === key).table;
      // Header on row 4, nine counties, then the totals.
      const last = 5 + t.rows.length;
      expect(ws.getCell(last, 1).value).toBe('合计');
      expect(ws.getCell(5, 1).value).toBe('顺庆区');
      t.columns.forEach((_: unknown, i: number) => {
        const v = ws.getCell(last, i + 2).value;
        expect(v).toBe(t.total.values[i]);
        expect(typeof v === 'object' && v !== null && 'formula' in v).toBe(false);
      });
      for (let k = 0; k < t.rows.length; k++) expect(ws.getCell(5 + k, 2).value).toBe(t.rows[k].values[0]);
    }
    expect(String(wb.getWorksheet('汇总')!.getCell(1, 1).value)).toBe('南充市就业扶贫工作月报（2017年6月）');
    const audit = await hub.sql(`select username, entity, record_id, after from audit_log where action = 'EXPORT' order by id desc limit 1`);
    expect(audit[0]).toMatchObject({ username: 'admin', entity: 'MonthlyReport', record_id: `${CITY}:2017-06`, after: { format: 'xlsx', month: '2017-06' } });
  });

  it("gives a county operator their county's report only, and refuses the city's", async () => {
    const city = await operator(REPORT, { r: CITY, m: '2017-06' });
    expect(city.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const own = await operator(REPORT, { m: '2017-06' });
    expect(own.errors).toBeUndefined();
    expect(own.data.monthlyReport.region.code).toBe(NANBU);
    for (const s of own.data.monthlyReport.sections) for (const row of s.table.rows) expect(row.code.startsWith('511321')).toBe(true);
    expect(own.data.monthlyReport.title).toBe('南部县就业扶贫工作月报（2017年6月）');
    const denied = await fetch(`${hub.url}/report/monthly.xlsx?region=${CITY}&month=2017-06`, { headers: { authorization: `Bearer ${operator.token}` } });
    expect(denied.status).toBe(404);
    const res = await fetch(`${hub.url}/report/monthly.xlsx?month=2017-06`, { headers: { authorization: `Bearer ${operator.token}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('技能培训')!;
    const names: string[] = [];
    ws.eachRow((row, n) => n > 4 && names.push(String(row.getCell(1).value)));
    const townships = await hub.sql(`select name from region where parent_code = $1 order by code`, [NANBU]);
    expect(names).toEqual([...townships.map((t) => t.name), '合计']);
    const anon = await fetch(`${hub.url}/report/monthly.xlsx?month=2017-06`);
    expect(anon.status).toBe(401);
    const bad = await fetch(`${hub.url}/report/monthly.xlsx?month=2017-13`, { headers: { authorization: `Bearer ${operator.token}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { extensions: unknown }[] }).errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'month' });
  });

  it('records a printed report in the audit trail', async () => {
    const r = await operator(`mutation { recordReportExport(regionCode: "${NANBU}", month: "2017-06", format: PRINT) }`);
    expect(r.errors).toBeUndefined();
    const [a] = await hub.sql(`select username, record_id, region_code, after from audit_log where action = 'EXPORT' order by id desc limit 1`);
    expect(a).toMatchObject({ username: operator.username, record_id: `${NANBU}:2017-06`, region_code: NANBU, after: { format: 'print' } });
  });
});
