import zlib from 'node:zlib';

/**
 * Zip bomb check of an .xlsx before any parser sees it. The sizes an archive declares can lie, so every
 * entry is inflated into a counter (nothing kept) and the check stops as soon as the total passes the
 * limit or an entry's ratio is absurd: the file is refused without being expanded.
 */
export type ZipVerdict = { ok: true; uncompressed: number } | { ok: false; reason: 'NOT_ZIP' | 'TOO_LARGE' | 'RATIO' | 'CORRUPT' };

/** Offset of the end of central directory record: in the last 22+ bytes (a comment may follow it); -1 if none. */
function endOfCentralDirectory(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) if (buf.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}

export async function checkZip(buf: Buffer, maxBytes: number, maxRatio = 200): Promise<ZipVerdict> {
  const eocd = endOfCentralDirectory(buf);
  if (eocd < 0) return { ok: false, reason: 'NOT_ZIP' };
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return { ok: false, reason: 'CORRUPT' };
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const declared = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    p += 46 + nameLen + extraLen + commentLen;
    if (declared > maxBytes || total + declared > maxBytes) return { ok: false, reason: 'TOO_LARGE' };
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) return { ok: false, reason: 'CORRUPT' };
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    let size: number;
    if (method === 0) size = data.length;
    else if (method === 8) {
      const r = await inflateCounting(data, maxBytes - total, compressed * maxRatio + 1_000_000);
      if (r === 'TOO_LARGE' || r === 'RATIO' || r === 'CORRUPT') return { ok: false, reason: r };
      size = r;
    } else return { ok: false, reason: 'CORRUPT' };
    total += size;
  }
  return { ok: true, uncompressed: total };
}

function inflateCounting(data: Buffer, budget: number, ratioCap: number): Promise<number | 'TOO_LARGE' | 'RATIO' | 'CORRUPT'> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflateRaw();
    let size = 0;
    let done = false;
    const finish = (v: number | 'TOO_LARGE' | 'RATIO' | 'CORRUPT') => {
      if (done) return;
      done = true;
      inflate.destroy();
      resolve(v);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) finish('TOO_LARGE');
      else if (size > ratioCap) finish('RATIO');
    });
    inflate.on('end', () => finish(size));
    inflate.on('error', () => finish('CORRUPT'));
    inflate.end(data);
  });
}

/**
 * The archive's local entries reordered for a streaming reader: every part but the worksheets first, then
 * the worksheets, then the central directory. exceljs' streaming reader copies a worksheet it meets before
 * the shared strings and relationships to a temporary file and reads it only after the whole archive (a
 * streamed writer, the hub's own export among them, puts the sheets first): then no row is seen before the
 * whole sheet is inflated to disk. Answered as slices of `buf` (nothing copied); call after `checkZip`.
 */
export function worksheetsLast(buf: Buffer): Buffer[] {
  const eocd = endOfCentralDirectory(buf);
  if (eocd < 0) return [buf];
  const count = buf.readUInt16LE(eocd + 10);
  const cd = buf.readUInt32LE(eocd + 16);
  const entries: { name: string; local: number }[] = [];
  for (let n = 0, p = cd; n < count; n++) {
    const nameLen = buf.readUInt16LE(p + 28);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), local: buf.readUInt32LE(p + 42) });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  entries.sort((a, b) => a.local - b.local);
  // An entry runs from its local header to the next one's (its data descriptor, if any, included).
  const spans = entries.map((e, i) => ({ name: e.name, part: buf.subarray(e.local, i + 1 < entries.length ? entries[i + 1].local : cd) }));
  const sheet = (s: { name: string }) => /^xl\/worksheets\/sheet\d+\.xml$/.test(s.name);
  return [...spans.filter((s) => !sheet(s)).map((s) => s.part), ...spans.filter(sheet).map((s) => s.part), buf.subarray(cd)];
}
