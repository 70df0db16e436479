import ExcelJS from './import.exceljs';
import type { Row } from 'exceljs';
import { Readable } from 'node:stream';
import { type DatasetDef, headerIndex, headerKey } from './import.datasets';
import { plain } from './import.cells';
import { checkZip, worksheetsLast } from './import.zip';

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
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(worksheetsLast(buf)), {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  } as never);
  // A file without shared strings (a streamed writer's) would still send its sheets to temporary files:
  // the reader only streams a sheet once it has the shared strings (a file that has them replaces these).
  (reader as unknown as { sharedStrings?: string[] }).sharedStrings = [];
  let found: RowSink | undefined;
  let sheetNo = 0;
  try {
    for await (const ws of reader as unknown as AsyncIterable<AsyncIterable<Row>>) {
      sheetNo++;
      if (found?.header) continue;
      const date1904 = !!(reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904;
      const sink = new RowSink(def, limits, `Sheet${sheetNo}`, date1904, onHeader, onRow);
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
