import type { MikroORM } from '@mikro-orm/postgresql';
import { Logger, run, type Runner, type Task } from 'graphile-worker';

/**
 * Long work (imports, exports, reports) as jobs: graphile-worker 0.17 carries them in PostgreSQL
 * (`graphile_worker` schema), so several hub instances share one queue and a job runs once (it is
 * locked by the instance that took it). Each job never retries (`maxAttempts: 1`): a job that failed
 * half-way must not run again on its own.
 *
 * The state a user sees (status, phase, progress) lives in the module's own table, never in the queue.
 * A running job refreshes its row's `heartbeat_at`; when a hub dies, its heartbeats stop, and every
 * instance sweeps (at start and then periodically) rows still "running" with a heartbeat older than
 * `staleSeconds` to FAILED. The work itself writes in one transaction, which PostgreSQL rolled back
 * when the connection died: failed, never half-written, never running forever. A job graphile-worker
 * later unlocks (after its 4-hour lock timeout) finds its row FAILED and does nothing.
 */

export interface JobContext {
  /** Marks the job's row alive; the handler calls it with its progress. */
  heartbeat(): Promise<void>;
}

export type JobHandler = (payload: Record<string, unknown>, job: JobContext) => Promise<void>;

/** A table of job rows: which statuses mean "running", and how a stale one is failed. */
export interface JobTable {
  table: string;
  running: string[];
  /** SQL `set` list applied to a stale row (status, error …). */
  failSet: string;
}


export interface JobsOptions {
  concurrency: number;
  staleSeconds: number;
  /** false: this instance adds jobs but runs none (a read-only instance). */
  runJobs: boolean;
  log: (msg: string) => void;
  /** Where graphile-worker connects (it LISTENs: a session, not a transaction-mode pooler). */
  connectionString: string;
}

export class Jobs {
  private runner: Runner | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private handlers = new Map<string, { handler: JobHandler; table: string }>();
  private tables: JobTable[] = [];

  constructor(
    private orm: MikroORM,
    private opts: JobsOptions,
  ) {}

  /** Declares a task; its payload's `id` is the row of `table` it works on. Before `start`. */
  define(name: string, table: string, handler: JobHandler): void {
    this.handlers.set(name, { handler, table });
  }

  /** Declares a table whose running rows are swept when their heartbeat stops. */
  defineTable(t: JobTable): void {
    if (!this.tables.some((x) => x.table === t.table)) this.tables.push(t);
  }

  async start(): Promise<void> {
    const { orm, opts } = this;
    const jobs = this;
    const taskList: Record<string, Task> = {};
    for (const [name, { handler, table }] of this.handlers) {
      taskList[name] = async (payload) => {
        const p = (payload ?? {}) as Record<string, unknown>;
        const id = Number(p.id);
        const heartbeat = async () => {
          await orm.em.getConnection().execute(`update ${table} set heartbeat_at = now() where id = ?`, [id]);
        };
        await heartbeat();
        const timer = setInterval(() => void heartbeat().catch(() => {}), 2000);
        try {
          await handler(p, { heartbeat });
        } finally {
          clearInterval(timer);
        }
      };
    }
    await jobs.sweep();
    jobs.runner = await run({
      connectionString: opts.connectionString,
      concurrency: opts.runJobs ? opts.concurrency : 1,
      noHandleSignals: true,
      pollInterval: 1000,
      taskList: opts.runJobs ? taskList : {},
      logger: new Logger(() => (level, message) => {
        if (level === 'error') opts.log(`jobs: ${message}`);
      }),
    });
    jobs.sweeper = setInterval(() => void jobs.sweep().catch((e) => opts.log(`jobs: sweep failed: ${String(e)}`)), Math.max(1000, (opts.staleSeconds * 1000) / 3));
    jobs.sweeper.unref();
  }

  /** Queues a job; `queueName` runs jobs of one name one after another. */
  async add(name: string, payload: { id: number } & Record<string, unknown>, opts: { queueName?: string } = {}): Promise<void> {
    await this.runner!.addJob(name, payload, { maxAttempts: 1, ...(opts.queueName ? { queueName: opts.queueName } : {}) });
  }

  /** Fails the rows of every job table whose job stopped beating. */
  async sweep(): Promise<number> {
    let n = 0;
    for (const t of this.tables) {
      const res = await this.orm.em
        .getConnection()
        .execute(
          `update ${t.table} set ${t.failSet}, heartbeat_at = null where status in (${t.running.map((s) => `'${s}'`).join(', ')}) and heartbeat_at is not null and heartbeat_at < now() - make_interval(secs => ?) returning id`,
          [this.opts.staleSeconds],
        );
      n += (res as unknown[]).length;
      if ((res as unknown[]).length) this.opts.log(`jobs: ${(res as unknown[]).length} stale ${t.table} row(s) marked FAILED`);
    }
    return n;
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.runner?.stop();
  }
}
