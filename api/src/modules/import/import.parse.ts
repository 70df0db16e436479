import ExcelJS, { MARK_SHEET } from './import.exceljs';
import type { Row } from 'exceljs';
import { DATASETS, type DatasetDef, headerIndex, headerKey, type ImportDataset } from './import.datasets';
import { plain } from './import.cells';
import { checkZip } from './import.zip';
import { TEMPLATE_VERSION } from './xlsx';

/**
 * Reading an uploaded file into rows of plain cells: .xlsx with exceljs' streaming reader (dates read as
 * dates: `styles: 'cache'`; formulas give their cached result) or .csv (BOM, strict UTF-8, else GB18030).
 * The header row is found among the first rows (title rows above it are skipped), then every data row is
 * handed on; empty rows and a 合计 row are skipped. Runs in a worker thread (`import.parse.worker.ts`).
 */

export type PlainCell = string | number | boolean | Date | null;

export interface ParseLimits {
  rows: number;
  columns: number;
  unzippedBytes: number;
}

export interface ParsedHeader {
  sheet: string;
  headerRow: number;
  headers: string[];
  date1904: boolean;
  /** Coded warnings about the file as a whole (an older template version), for the preview. */
  warnings?: { code: string; params: Record<string, string | number> }[];
}

export interface ParsedRow {
  /** 1-based row number as the sheet shows it. */
  n: number;
  cells: PlainCell[];
}

export class ParseError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

const HEADER_SCAN_ROWS = 30;
const TOTAL_ROW = /^(合计|总计|小计|共计)/;

/** Finds the header among the first rows and passes the data rows on, in order. */
class RowSink {
  private pending: { n: number; cells: PlainCell[] }[] = [];
  header: ParsedHeader | undefined;
  private index: Map<string, string>;
  count = 0;

  constructor(
    private def: DatasetDef,
    private limits: ParseLimits,
    private sheet: string,
    private date1904: boolean,
    private onHeader: (h: ParsedHeader) => void,
    private onRow: (r: ParsedRow) => void | Promise<void>,
  ) {
    this.index = headerIndex(def);
  }

  push(n: number, cells: PlainCell[]): void | Promise<void> {
    if (cells.length > this.limits.columns) throw new ParseError('IMPORT_TOO_MANY_COLUMNS', { max: this.limits.columns });
    if (!this.header) {
      const matches = cells.filter((c) => c !== null && this.index.has(headerKey(String(c)))).length;
      if (matches >= 2) {
        const headers = cells.map((c) => (c === null ? '' : String(c).normalize('NFKC').trim()));
        while (headers.length && headers[headers.length - 1] === '') headers.pop();
        this.header = { sheet: this.sheet, headerRow: n, headers, date1904: this.date1904 };
        this.onHeader(this.header);
      } else {
        this.pending.push({ n, cells });
      }
      return;
    }
    if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) return;
    const first = cells.find((c) => c !== null && String(c).trim() !== '');
    if (typeof first === 'string' && TOTAL_ROW.test(first.replace(/\s/g, ''))) return;
    if (++this.count > this.limits.rows) throw new ParseError('IMPORT_TOO_MANY_ROWS', { max: this.limits.rows });
    return this.onRow({ n, cells });
  }

  /** Still looking for the header after this many rows: this sheet has none. */
  get gaveUp(): boolean {
    return !this.header && this.pending.length >= HEADER_SCAN_ROWS;
  }
}

export async function parseFile(
  buf: Buffer,
  fileName: string,
  def: DatasetDef,
  limits: ParseLimits,
  onHeader: (h: ParsedHeader) => void,
  onRow: (r: ParsedRow) => void | Promise<void>,
): Promise<number> {
  const isZip = buf.length > 4 && buf.readUInt32LE(0) === 0x04034b50;
  if (isZip) return parseXlsx(buf, def, limits, onHeader, onRow);
  if (/\.xlsx$/i.test(fileName)) throw new ParseError('IMPORT_BAD_FILE', { detail: 'NOT_XLSX' });
  if (/\.xls$/i.test(fileName) || (buf.length > 8 && buf.readUInt32LE(0) === 0xe011cfd0)) throw new ParseError('IMPORT_FILE_TYPE');
  return parseCsv(buf, def, limits, onHeader, onRow);
}

async function parseXlsx(buf: Buffer, def: DatasetDef, limits: ParseLimits, onHeader: (h: ParsedHeader) => void, onRow: (r: ParsedRow) => void | Promise<void>): Promise<number> {
  const zip = await checkZip(buf, limits.unzippedBytes);
  if (!zip.ok) {
    if (zip.reason === 'TOO_LARGE' || zip.reason === 'RATIO') throw new ParseError('IMPORT_ZIP_BOMB', { max: limits.unzippedBytes });
    throw new ParseError('IMPORT_BAD_FILE', { detail: 'CORRUPT' });
  }
  // A Buffer: read through the zip's central directory, the mark sheet first, then the shared strings and
  // styles, then each sheet inflated as a stream, so rows flow at once with no temporary file (`import.exceljs.ts`).
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(buf as never, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  } as never);
  let found: RowSink | undefined;
  let sheetNo = 0;
  let warnings: ParsedHeader['warnings'];
  try {
    for await (const ws of reader as unknown as AsyncIterable<AsyncIterable<Row> & { name?: string }>) {
      if (ws.name === MARK_SHEET) {
        warnings = await templateCheck(ws, def, reader);
        continue;
      }
      sheetNo++;
      if (found?.header) continue;
      const date1904 = !!(reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904;
      const sink = new RowSink(def, limits, `Sheet${sheetNo}`, date1904, (h) => onHeader(warnings ? { ...h, warnings } : h), onRow);
      for await (const row of ws) {
        if (sink.gaveUp) continue;
        const values = row.values as unknown[];
        const cells: PlainCell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plain(values[i] as never));
        const wait = sink.push(row.number, cells);
        if (wait) await wait;
      }
      if (sink.header) found = sink;
    }
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError('IMPORT_BAD_FILE', { detail: 'CORRUPT' });
  }
  if (!found?.header) throw new ParseError('IMPORT_NO_HEADER', { detail: def.columns.filter((c) => c.key || c.required).map((c) => c.label).join('、') });
  return found.count;
}

/**
 * The hidden sheet of a hub template or export (dataset, version), read before any data row: a file of
 * another dataset's template is refused (its rows would match the wrong columns or none); another
 * version of the same template is read by its headers, with a warning. A sheet without it (a clerk's
 * own) is fine.
 */
async function templateCheck(ws: AsyncIterable<Row>, def: DatasetDef, reader: unknown): Promise<ParsedHeader['warnings']> {
  const mark: Record<string, string> = {};
  for await (const row of ws) {
    const [k, v] = (row.values as unknown[]).slice(1, 3).map((c) => plain(c as never));
    if (k !== null && k !== undefined && v !== null && v !== undefined) mark[String(k)] = String(v);
  }
  if (!mark.dataset) return undefined;
  const template = DATASETS[mark.dataset as ImportDataset]?.label ?? mark.dataset;
  if (mark.dataset !== def.dataset) {
    // The sheet the clerk sees (the hub's 数据): the first visible one after the instructions.
    const sheets = (reader as { model?: { sheets?: { name: string; state?: string }[] } }).model?.sheets ?? [];
    const visible = sheets.filter((s) => s.name !== MARK_SHEET && !['hidden', 'veryHidden'].includes(s.state ?? ''));
    const sheet = (visible.find((s) => s.name !== '填写说明') ?? visible[0])?.name ?? MARK_SHEET;
    throw new ParseError('IMPORT_TEMPLATE_MISMATCH', { sheet, template, dataset: def.label });
  }
  const version = Number(mark.version);
  if (version !== TEMPLATE_VERSION) return [{ code: 'IMPORT_TEMPLATE_VERSION', params: { from: mark.version ?? '', to: TEMPLATE_VERSION, template } }];
  return undefined;
}

/** UTF-8 with or without BOM, else GB18030 (never the `gbk` label: it corrupts rare characters on Node 20). */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return new TextDecoder('utf-8').decode(buf.subarray(3));
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

async function parseCsv(buf: Buffer, def: DatasetDef, limits: ParseLimits, onHeader: (h: ParsedHeader) => void, onRow: (r: ParsedRow) => void | Promise<void>): Promise<number> {
  const text = decodeText(buf);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const sep = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const sink = new RowSink(def, limits, 'CSV', false, onHeader, onRow);
  let row: PlainCell[] = [];
  let field = '';
  let quoted = false;
  let n = 1;
  const endField = () => {
    row.push(field === '' ? null : field);
    field = '';
  };
  const endRow = () => {
    endField();
    const wait = sink.gaveUp ? undefined : sink.push(n, row);
    row = [];
    n++;
    return wait;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) endField();
    else if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
      const wait = endRow();
      if (wait) await wait;
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length) await endRow();
  if (!sink.header) throw new ParseError('IMPORT_NO_HEADER', { detail: def.columns.filter((c) => c.key || c.required).map((c) => c.label).join('、') });
  return sink.count;
}
