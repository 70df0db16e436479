import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from './global-setup';

/** The built hub (`npm test` builds it first; alone: `npx turbo run build --filter=@fupin/api`). */
export const MAIN = path.resolve(__dirname, '../dist/main.js');

export interface HubProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM and wait (a clean stop); `kill('SIGKILL')` for an instance that dies. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `node dist/main.js` as its own process (a separate instance, as behind a load balancer:
 * nothing shared in memory) and resolves once it says it is ready. `until` resolves earlier, on a line
 * of its output, with `url` empty (for an instance killed while it starts).
 */
export function startHubProcess(env: Record<string, string>, opts: { until?: RegExp; timeoutMs?: number } = {}): Promise<HubProcess> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the api first`);
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'info', ADMIN_DIST: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const hub = (url: string): HubProcess => ({
    url,
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start in time:\n${out}`));
    }, opts.timeoutMs ?? 90_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const ready = /GraphQL (http:\/\/\S+)\/graphql/.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve(hub(ready[1]));
      } else if (opts.until?.test(out)) {
        clearTimeout(timer);
        resolve(hub(''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

export interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** POSTs a GraphQL request to a hub, with a session token or none. */
export async function gqlAt(url: string, token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as object), status: res.status };
}

export async function signInAt(url: string, username: string, password: string): Promise<string> {
  const r = await gqlAt(url, undefined, 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: username, p: password });
  if (r.errors) throw new Error(`sign-in of ${username} failed: ${r.errors[0].message}`);
  return r.data.signIn.token;
}

/** A database of its own on the test server (empty: hubs started on it migrate and load it), dropped by `drop`. */
export interface ScratchDatabase {
  url: string;
  /** One query on a connection of its own. */
  sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export async function scratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const server = new pg.Client({ connectionString: inject('serverUrl') });
  await server.connect();
  const db = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  await server.query(`create database ${db}`);
  const url = withDatabase(inject('serverUrl'), db);
  return {
    url,
    async sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query<R>(text, params as unknown[])).rows;
      } finally {
        await c.end();
      }
    },
    async drop() {
      await server.query(`drop database if exists ${db} with (force)`);
      await server.end();
    },
  };
}
