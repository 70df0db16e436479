import zlib from 'node:zlib';

/**
 * Zip bomb check of an .xlsx before any parser sees it. The sizes an archive declares can lie, so every
 * entry is inflated into a counter (nothing kept) and the check stops as soon as the total passes the
 * limit or an entry's ratio is absurd: the file is refused without being expanded.
 */
export type ZipVerdict = { ok: true; uncompressed: number } | { ok: false; reason: 'NOT_ZIP' | 'TOO_LARGE' | 'RATIO' | 'CORRUPT' };

/** An entry of the archive: its name, compression method and compressed bytes (located by the central directory). */
export interface ZipEntry {
  name: string;
  method: number;
  declared: number;
  data: Buffer;
}

/** The entries of a zip as its central directory lists them (not as a streaming pass meets them). */
export function zipEntries(buf: Buffer): ZipEntry[] | 'NOT_ZIP' | 'CORRUPT' {
  // End of central directory: the last 22+ bytes (a comment may follow it).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'NOT_ZIP';
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return 'CORRUPT';
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const declared = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const local = buf.readUInt32LE(p + 42);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) return 'CORRUPT';
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.push({ name, method, declared, data: buf.subarray(start, start + compressed) });
  }
  return out;
}

export async function checkZip(buf: Buffer, maxBytes: number, maxRatio = 200): Promise<ZipVerdict> {
  const entries = zipEntries(buf);
  if (typeof entries === 'string') return { ok: false, reason: entries };
  let total = 0;
  for (const { method, declared, data } of entries) {
    if (declared > maxBytes || total + declared > maxBytes) return { ok: false, reason: 'TOO_LARGE' };
    let size: number;
    if (method === 0) size = data.length;
    else if (method === 8) {
      const r = await inflateCounting(data, maxBytes - total, data.length * maxRatio + 1_000_000);
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
