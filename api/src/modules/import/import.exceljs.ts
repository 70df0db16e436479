import Module from 'node:module';
import { StringDecoder } from 'node:string_decoder';

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

// eslint-disable-next-line @typescript-eslint/no-require-imports
export default req('exceljs') as typeof import('exceljs');
