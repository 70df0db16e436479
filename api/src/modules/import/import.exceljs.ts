import Module from 'node:module';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { type ZipEntry, zipEntries } from './import.zip';

/**
 * exceljs 4.4.0's streaming reader decodes every zip chunk to text on its own (`bufferToString(chunk)` in
 * lib/utils/parse-sax.js), so a Chinese character whose UTF-8 bytes straddle two chunks comes out as
 * "���" (seen here: 8 cells in 17,000 rows). Its parser is replaced, before exceljs loads it, by the same
 * loop with one StringDecoder per stream, which carries a split character over to the next chunk.
 */
const req = Module.createRequire(__filename);
const target = req.resolve('exceljs/lib/utils/parse-sax.js');
if (!req.cache[target]?.loaded || !(req.cache[target]!.exports as { fixed?: boolean }).fixed) {
  const { SaxesParser } = req('saxes') as { SaxesParser: new () => { on(e: string, f: (v: unknown) => void): void; write(s: string): void } };
  const { PassThrough } = req('readable-stream') as { PassThrough: new () => NodeJS.ReadWriteStream };
  const parseSax = async function* (iterable: AsyncIterable<Buffer | string> & { pipe?: (d: NodeJS.ReadWriteStream) => AsyncIterable<Buffer> }) {
    if (iterable.pipe && !(iterable as AsyncIterable<Buffer>)[Symbol.asyncIterator]) iterable = iterable.pipe(new PassThrough()) as never;
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    let error: unknown;
    parser.on('error', (e) => (error = e));
    let events: { eventType: string; value: unknown }[] = [];
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.end();
    if (rest) {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  };
  Object.assign(parseSax, { fixed: true });
  const m = new Module(target);
  m.filename = target;
  m.loaded = true;
  m.exports = parseSax;
  req.cache[target] = m;
}

/** The sheet the hub's templates and exports carry to say which dataset and version they are (`xlsx.ts`). */
export const MARK_SHEET = '_hub';

interface ReaderInternals {
  input: unknown;
  options: Record<string, unknown>;
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string }[] };
  _parseRels(s: Readable): Promise<void>;
  _parseWorkbook(s: Readable): Promise<void>;
  _parseSharedStrings(s: Readable): AsyncGenerator<unknown>;
  _parseStyles(s: Readable): Promise<void>;
  _parseWorksheet(it: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs 4.4.0's streaming reader takes the zip in one streaming pass (unzipper's Parse) and, on Node 18
 * and later, now and then never gets the entry written last (xl/workbook.xml in exceljs' own files, so the
 * hub's exports): `this.model` stays undefined and the read fails ("reading 'sheets'"), about one read in
 * three here (exceljs issue #3064). Given a Buffer (the upload is one), it reads the parts through the
 * zip's central directory instead: the workbook, its relations, shared strings and styles first, then
 * each sheet inflated as a stream (rows still come one by one). The hub's mark sheet comes first, so the
 * file's template is known before any data row.
 */
const { WorkbookReader } = req('exceljs').stream.xlsx as { WorkbookReader: { prototype: { parse(this: ReaderInternals, input?: unknown, options?: unknown): AsyncGenerator<unknown> } } };
const iterateStream = req('exceljs/lib/utils/iterate-stream.js') as (s: Readable) => AsyncIterable<unknown>;
const streamingParse = WorkbookReader.prototype.parse;
if (!(streamingParse as { fixed?: boolean }).fixed) {
  const open = (e: ZipEntry): Readable => (e.method === 0 ? Readable.from([e.data]) : Readable.from([e.data]).pipe(zlib.createInflateRaw()));
  const parse = async function* (this: ReaderInternals, input?: unknown, options?: Record<string, unknown>) {
    const buf = input ?? this.input;
    if (!Buffer.isBuffer(buf)) return yield* streamingParse.call(this, input, options);
    if (options) this.options = options;
    const entries = zipEntries(buf);
    if (typeof entries === 'string') throw new Error(`xlsx: ${entries}`);
    const part = (name: string) => entries.find((e) => e.name === name);
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await this._parseRels(open(rels));
    const book = part('xl/workbook.xml');
    if (book) await this._parseWorkbook(open(book));
    this.model ??= { sheets: [] };
    const strings = part('xl/sharedStrings.xml');
    if (strings) yield* this._parseSharedStrings(open(strings));
    const styles = part('xl/styles.xml');
    if (styles) await this._parseStyles(open(styles));
    const nameOf = (no: string) => {
      const rel = (this.workbookRels ?? []).find((r) => r.Target.replace(/^\/?(xl\/)?/, '') === `worksheets/sheet${no}.xml`);
      return rel && this.model?.sheets?.find((s) => s.rId === rel.Id)?.name;
    };
    const sheets = entries
      .map((e) => ({ e, no: /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name)?.[1] }))
      .filter((x): x is { e: ZipEntry; no: string } => !!x.no)
      .sort((a, b) => Number(nameOf(b.no) === MARK_SHEET) - Number(nameOf(a.no) === MARK_SHEET) || Number(a.no) - Number(b.no));
    for (const { e, no } of sheets) yield* this._parseWorksheet(iterateStream(open(e)), no);
  };
  Object.assign(parse, { fixed: true });
  WorkbookReader.prototype.parse = parse as never;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export default req('exceljs') as typeof import('exceljs');
