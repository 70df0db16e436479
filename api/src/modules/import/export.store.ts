import type { EntityManager } from '@mikro-orm/postgresql';
import { Writable } from 'node:stream';
import { drained } from './xlsx';

/**
 * Where an export's file lives: `export_chunk` rows of about 1 MB (job, seq, bytes), written as the
 * workbook writer produces them and read back one at a time on download, so neither side ever holds the
 * whole file, and any hub instance can serve it. The chunks are written in the job's own transaction,
 * which also marks the job DONE: a job that fails or whose hub dies rolls them back with it, so a FAILED
 * job has no file, never a partial one.
 */

const CHUNK_BYTES = 1024 * 1024;

type Knex = { raw(sql: string, bindings: unknown[]): { transacting(trx: unknown): unknown } & PromiseLike<{ rows: Record<string, unknown>[] }> };

/**
 * Raw SQL with its parameters sent as parameters (MikroORM's `execute` formats them into the SQL text,
 * which for a 1 MB Buffer means a 2 MB hex literal built and parsed again).
 */
function raw(em: EntityManager, sql: string, bindings: unknown[]): PromiseLike<{ rows: Record<string, unknown>[] }> {
  const q = (em.getConnection('write') as unknown as { getKnex(): Knex }).getKnex().raw(sql, bindings);
  const trx = em.getTransactionContext();
  if (trx) q.transacting(trx);
  return q;
}

/** A stream that stores what is written to it as the chunks of job `jobId`, in `em`'s transaction. */
export class ChunkSink extends Writable {
  private parts: Buffer[] = [];
  private size = 0;
  private seq = 0;
  /** Bytes stored so far (all of the file once the stream has finished). */
  bytes = 0;

  constructor(
    private em: EntityManager,
    private jobId: number,
  ) {
    super({ highWaterMark: CHUNK_BYTES });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size < CHUNK_BYTES) return cb();
    this.store().then(() => cb(), cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.store().then(() => cb(), cb);
  }

  private async store(): Promise<void> {
    if (!this.size) return;
    const bytes = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    await raw(this.em, `insert into export_chunk (job_id, seq, bytes) values (?, ?, ?)`, [this.jobId, this.seq++, bytes]);
    this.bytes += bytes.length;
  }
}

/** Writes the stored chunks of job `jobId` to `out` in order, one chunk in memory at a time (waits while `out` is behind). */
export async function pipeChunks(em: EntityManager, jobId: number, out: NodeJS.WritableStream): Promise<void> {
  for (let seq = 0; ; seq++) {
    const { rows } = await raw(em, `select bytes from export_chunk where job_id = ? and seq = ?`, [jobId, seq]);
    if (!rows.length) return;
    if (!out.write(rows[0].bytes as Buffer)) await drained(out as Writable);
    if ((out as Writable).destroyed) return;
  }
}
