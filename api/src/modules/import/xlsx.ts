import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { ColumnDef, DatasetDef } from './import.datasets';

/**
 * Writing the hub's workbooks with exceljs' streaming writer (a 170,000-row registry never sits in
 * memory as a workbook): the template layout every export shares, so an export can be edited and
 * imported back. ID numbers and phones are text cells (Excel would keep 15 digits of a number), dates
 * real dates, coded columns their Chinese label with a drop-down, the header frozen. Text is always
 * written as a text cell, never as a formula (formula injection: a cell starting with = + - @ is text).
 */

export const TEMPLATE_VERSION = 1;
export const DATA_SHEET = '数据';

export interface WorkbookOptions {
  def: DatasetDef;
  /** Villages offered in the village drop-down (the clerk's scope). */
  villages?: { code: string; name: string }[];
  instructions?: boolean;
  /** Rows the drop-downs cover (the rows written plus room to add); exceljs' own reader expands validations per cell. */
  validationRows?: number;
}

export interface OpenWorkbook {
  /** Adds one row: field → value as the API gives it (enum codes, ISO dates, booleans). */
  add(values: Record<string, unknown>): void;
  /** Lets the stream flush every few hundred rows (call between batches). */
  flush(): Promise<void>;
  finish(): Promise<void>;
}

const TEXT_TYPES = new Set(['TEXT', 'ID_NUMBER', 'PHONE', 'REGION', 'REFERENCE']);

function cellValue(c: ColumnDef, v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  switch (c.type) {
    case 'DATE': {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(v));
      // UTC midnight: the day Excel shows is the day stored, whatever the server's time zone.
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : String(v);
    }
    case 'BOOLEAN':
      return v === true || v === 'true' ? '是' : '否';
    case 'INTEGER':
      return Number(v);
    case 'MONEY':
      return Number(v);
    case 'ENUM':
      return c.vocab?.labels[String(v)]?.zh ?? String(v);
    default:
      // Always a text cell: exceljs writes a string as text, never as a formula.
      return String(v);
  }
}

/** A column's cell style (text, date, money format). */
function styleOf(c: ColumnDef): Partial<ExcelJS.Style> {
  return TEXT_TYPES.has(c.type) ? { numFmt: '@' } : c.type === 'DATE' ? { numFmt: 'yyyy-mm-dd' } : c.type === 'MONEY' ? { numFmt: c.decimals ? `0.${'0'.repeat(c.decimals)}` : '#,##0.00' } : {};
}

/**
 * Adds a row whose cells share one style object per column. exceljs copies the column's style into a
 * new object for every cell and then resolves each copy to a style id again (its cache is keyed by the
 * object): with shared objects the cache answers, which halves the writer's CPU time on the registry.
 */
function addStyledRow(ws: ExcelJS.Worksheet, values: ExcelJS.CellValue[], styles: Partial<ExcelJS.Style>[]): void {
  const row = ws.addRow(values);
  for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i];
  row.commit();
}

/** Resolves when `out` drains or closes; rejects when it fails (the listeners are removed either way). */
export async function drained(out: Writable): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal })]);
  } finally {
    ac.abort();
  }
}

/** Bytes of a sheet's XML written but not yet taken by the zip, past which the writer waits. */
const ZIP_BACKLOG = 1024 * 1024;

/**
 * The stream through which the zip reads a sheet of exceljs' streaming writer (archiver pipes the sheet
 * into a PassThrough when the sheet is added, and reads it when the sheet's turn comes). exceljs writes
 * into it without looking back, and the zip only compresses a piece per turn of the event loop: without
 * waiting on it, the whole uncompressed sheet (120 MB for the registry) queued there.
 */
function zipInput(ws: ExcelJS.Worksheet): (Writable & { _writableState?: { length: number } }) | undefined {
  return (ws as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
}

/**
 * Waits while the zip is behind the sheet, or `out` behind the zip (a slow download, a database write):
 * the memory a workbook takes stays that of a few batches of rows, whatever its size. Also gives other
 * requests a turn between batches of rows.
 */
async function yieldTo(out: Writable, ws: ExcelJS.Worksheet): Promise<void> {
  await new Promise((r) => setImmediate(r));
  const zip = zipInput(ws);
  // (archiver's readable-stream 2 has no `writableLength`: its state says the same)
  while (zip && (zip._writableState?.length ?? 0) > ZIP_BACKLOG && !zip.destroyed && !out.destroyed) await drained(zip);
  while (out.writableNeedDrain && !out.destroyed) await drained(out);
  // A sink that failed (a database error) or a download the client dropped: stop writing rows nobody gets.
  if (out.destroyed || out.errored) throw out.errored ?? new Error('the output stream closed');
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Opens a workbook on `out` in the template layout of `def`. */
export function openWorkbook(out: Writable, o: WorkbookOptions): OpenWorkbook {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '扶贫数据中台';
  const cols = o.def.columns;
  if (o.instructions !== false) {
    const help = wb.addWorksheet('填写说明', { views: [{ state: 'frozen', ySplit: 1 }] });
    help.columns = [
      { header: '列名', width: 16 },
      { header: '是否必填', width: 10 },
      { header: '填写规则', width: 70 },
      { header: '示例', width: 22 },
    ];
    help.getRow(1).font = { bold: true };
    for (const c of cols) help.addRow([c.label, c.required ? '必填' : c.informational ? '仅供阅读' : '可空', c.rule, c.example ?? '']).commit();
    help.addRow([]).commit();
    help.addRow(['常见错误', '', '身份证号列为文本格式，请勿改为数值（Excel只保留15位有效数字，后几位会变成0）；日期请填真实日期；下拉列表以外的取值需要在导入中心对应到标准值。']).commit();
    help.addRow(['说明', '', '表头行上方可以有标题行，下方的“合计”行会被忽略；空单元格不会清除已有数据。']).commit();
    help.commit();
  }
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const styles = cols.map(styleOf);
  ws.columns = cols.map((c, i) => ({ header: c.label, key: c.field, width: c.width ?? 12, style: styles[i] }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  header.commit();

  // Drop-down lists live on a hidden sheet (a list of villages is longer than an inline list may be).
  const lists = wb.addWorksheet('_lists', { state: 'hidden' });
  const listCols: { col: number; values: string[] }[] = [];
  cols.forEach((c, i) => {
    let values: string[] | undefined;
    if (c.type === 'ENUM' && c.vocab) values = c.vocab.values.map((v) => c.vocab!.labels[v].zh);
    if (c.type === 'BOOLEAN') values = ['是', '否'];
    // The village list is for a village column (a target's region is the city, a county or a township).
    if (c.type === 'REGION' && c.field === 'villageId' && o.villages?.length) values = o.villages.map((v) => v.code);
    if (values) listCols.push({ col: i + 1, values });
  });
  const maxLen = Math.max(0, ...listCols.map((l) => l.values.length));
  for (let r = 0; r < maxLen; r++) {
    const row: (string | null)[] = [];
    listCols.forEach((l, j) => (row[j] = l.values[r] ?? null));
    lists.addRow(row).commit();
  }
  lists.commit();
  const dv = (ws as unknown as { dataValidations: { add(range: string, v: object): void } }).dataValidations;
  listCols.forEach((l, j) => {
    const letter = colLetter(l.col);
    dv.add(`${letter}2:${letter}${1 + Math.max(1000, o.validationRows ?? 0)}`, {
      type: 'list',
      allowBlank: true,
      showErrorMessage: l.values.length <= 50,
      formulae: [`'_lists'!$${colLetter(j + 1)}$1:$${colLetter(j + 1)}$${l.values.length}`],
    });
  });

  let pending = 0;
  return {
    add(values) {
      addStyledRow(ws, cols.map((c) => cellValue(c, values[c.field])), styles);
      pending++;
    },
    async flush() {
      if (pending === 0) return;
      pending = 0;
      await yieldTo(out, ws);
    },
    async finish() {
      ws.commit();
      const hub = wb.addWorksheet('_hub', { state: 'veryHidden' });
      hub.addRow(['dataset', o.def.dataset]).commit();
      hub.addRow(['version', TEMPLATE_VERSION]).commit();
      hub.addRow(['hub', '扶贫数据中台']).commit();
      hub.commit();
      await wb.commit();
    },
  };
}

/** Collects a stream into one buffer: for small workbooks only (tests); exports stream into export_chunk instead. */
export function collect(): { stream: PassThrough; done: Promise<Buffer> } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
  return { stream, done };
}

/** A plain table workbook (dashboard, tracking, lists without a template): Chinese headers, frozen, widths. */
export async function writeTable(out: Writable, sheet: string, headers: { label: string; width?: number; text?: boolean }[], rows: AsyncIterable<unknown[]> | unknown[][]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const styles: Partial<ExcelJS.Style>[] = headers.map((h) => (h.text ? { numFmt: '@' } : {}));
  ws.columns = headers.map((h, i) => ({ header: h.label, width: h.width ?? 14, style: styles[i] }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  for await (const r of rows as AsyncIterable<unknown[]>) {
    addStyledRow(ws, r.map((v) => (v === null || v === undefined ? null : typeof v === 'number' || v instanceof Date ? v : String(v))), styles);
    if (++n % 500 === 0) await yieldTo(out, ws);
  }
  ws.commit();
  await wb.commit();
}
