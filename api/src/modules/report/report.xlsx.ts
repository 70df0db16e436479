import ExcelJS from 'exceljs';
import { TARGET_INDICATORS, TargetStatus } from '@fupin/schema';
import { REPORT_SECTIONS } from './report.sections';
import type { MonthlyReport, ReportTable } from './report.service';

/**
 * The monthly report as a workbook in the shape county offices send up: a summary sheet (title, region,
 * period, date made, the headline sentences, the targets), then a sheet per section with the region's
 * children as rows and the totals last. Every cell is a value the hub computed (no formulas a reader
 * could edit); ratios are fractions with a percentage format, yuan with two decimals.
 */
export async function monthlyReportWorkbook(r: MonthlyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '南充市就业扶贫数据中台';
  wb.created = r.generatedAt;
  const made = r.generatedAt.toISOString().slice(0, 10);
  const header = (ws: ExcelJS.Worksheet, title: string, width: number) => {
    ws.mergeCells(1, 1, 1, Math.max(2, width));
    ws.getCell(1, 1).value = title;
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    ws.getCell(1, 1).alignment = { horizontal: 'center' };
    ws.getCell(2, 1).value = `填报单位：${r.region.name}　统计截止：${r.asOf}　制表日期：${made}`;
    ws.mergeCells(2, 1, 2, Math.max(2, width));
  };

  const summary = wb.addWorksheet('汇总');
  header(summary, r.title, 8);
  let row = 4;
  summary.getCell(row++, 1).value = '主要指标';
  summary.getCell(row - 1, 1).font = { bold: true };
  for (const s of r.summary) {
    summary.mergeCells(row, 1, row, 8);
    summary.getCell(row, 1).value = s;
    summary.getCell(row, 1).alignment = { wrapText: true, vertical: 'top' };
    summary.getRow(row).height = Math.max(18, Math.ceil(s.length / 45) * 16);
    row++;
  }
  row++;
  summary.getCell(row++, 1).value = '年度目标任务';
  summary.getCell(row - 1, 1).font = { bold: true };
  const heads = ['指标', '单位', '年度目标', '已完成', '完成率', '应完成', '状态', '目标来源'];
  heads.forEach((h, i) => {
    const c = summary.getCell(row, i + 1);
    c.value = h;
    c.font = { bold: true };
  });
  row++;
  for (const p of r.progress) {
    const t = TARGET_INDICATORS[p.indicator];
    const values = [t.zh, t.unit, p.target, p.achieved, p.share, p.expected, TargetStatus.labels[p.status].zh, p.source === 'OWN' ? '本级下达' : '下级汇总'];
    values.forEach((v, i) => {
      const c = summary.getCell(row, i + 1);
      c.value = v;
      if (i === 4 || i === 5) c.numFmt = '0.0%';
      else if (typeof v === 'number') c.numFmt = t.unit === '元' ? '#,##0.00' : '#,##0';
    });
    row++;
  }
  summary.getColumn(1).width = 18;
  for (let i = 2; i <= 8; i++) summary.getColumn(i).width = 14;

  const sheets = [...REPORT_SECTIONS.map((d) => ({ key: d.key, sheet: d.sheet })), { key: 'funnel', sheet: '培训转化' }, { key: 'targets', sheet: '目标任务' }, { key: 'supervision', sheet: '督办清单' }];
  for (const { key, sheet } of sheets) {
    const section = r.sections.find((s) => s.key === key);
    if (!section) continue;
    const ws = wb.addWorksheet(sheet);
    writeTable(ws, section.table, r.region.level === 'CITY' ? '县（市、区）' : r.region.level === 'COUNTY' ? '乡镇（街道）' : '村（社区）');
    header(ws, `${r.title}·${section.title}`, section.table.columns.length + 1);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function writeTable(ws: ExcelJS.Worksheet, t: ReportTable, first: string): void {
  const top = 4;
  ws.getCell(top, 1).value = first;
  t.columns.forEach((c, i) => (ws.getCell(top, i + 2).value = c.unit && !c.ratio ? `${c.label}（${c.unit}）` : c.ratio ? `${c.label}（%）` : c.label));
  ws.getRow(top).font = { bold: true };
  ws.getRow(top).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  ws.getRow(top).height = 36;
  const put = (rowNo: number, r: ReportTable['total'], bold: boolean) => {
    ws.getCell(rowNo, 1).value = r.name;
    t.columns.forEach((c, i) => {
      const cell = ws.getCell(rowNo, i + 2);
      const text = r.texts?.[i];
      const v = r.values[i];
      cell.value = text ?? v;
      if (typeof v === 'number') cell.numFmt = c.ratio ? '0.00%' : c.unit === '元' ? '#,##0.00' : '#,##0';
    });
    if (bold) ws.getRow(rowNo).font = { bold: true };
  };
  t.rows.forEach((r, i) => put(top + 1 + i, r, false));
  put(top + 1 + t.rows.length, t.total, true);
  ws.getColumn(1).width = 20;
  for (let i = 0; i < t.columns.length; i++) ws.getColumn(i + 2).width = 14;
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: top }];
}
