import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub';
import { STATEMENT_TIMEOUT_MS } from '../mikro-orm.config';
import { LIMITS } from './limits';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

const nest = (levels: number, leaf = 'code') => `{ Region(id: "511300000000") ${'{ children '.repeat(levels - 2)}{ ${leaf} }${' }'.repeat(levels - 2)} }`;

/** Requests an attacker would send, each with the limit it must hit. */
const MALICIOUS: { name: string; query: string; variables?: Record<string, unknown>; detail: string }[] = [
  { name: 'deep nesting', query: nest(LIMITS.depth + 1), detail: 'DEPTH' },
  {
    name: 'deep nesting hidden in fragments',
    query: `query { Region(id: "511300000000") { ...A } } fragment A on Region { children { ...B } } fragment B on Region { children { ...C } } fragment C on Region { children { children { children { children { code } } } } }`,
    detail: 'DEPTH',
  },
  { name: 'an alias flood', query: `{ ${Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: hub { version }`).join(' ')} }`, detail: 'ALIASES' },
  {
    name: 'an alias flood multiplied by fragments',
    query: `{ ...F ...F2 } fragment F on Query { a: hub { version } b: hub { version } c: hub { version } d: hub { version } e: hub { version } f: hub { version } g: hub { version } h: hub { version } } fragment F2 on Query { i: me { id } j: me { id } k: me { id } l: me { id } m: me { id } n: me { id } o: me { id } p: me { id } }`,
    detail: 'ALIASES',
  },
  { name: 'a directive flood', query: `{ hub { ${'version @include(if: true) '.repeat(LIMITS.directives + 1)}} }`, detail: 'DIRECTIVES' },
  { name: 'a token flood', query: `{ hub { ${'version '.repeat(LIMITS.tokens)}} }`, detail: 'TOKENS' },
  {
    name: 'a costly query',
    // Within the depth and token limits: 480 fields five levels down cost 5509 by Armor's formula.
    query: `{ allLaborers(perPage: 1) { household { laborers { household { laborers { ${'name '.repeat(480)}} } } } } }`,
    detail: 'COST',
  },
  {
    name: 'pages inside pages',
    query: `query($n: Int) { Region(id: "511300000000") { descendants(perPage: $n) { descendants(perPage: $n) { code } } } }`,
    variables: { n: 500 },
    detail: 'RESULT_SIZE',
  },
];

describe('limits on what a request may ask', () => {
  for (const m of MALICIOUS) {
    it(`refuses ${m.name} before running it, with a coded error`, async () => {
      const started = Date.now();
      const { queries, result } = await hub.countQueries(() => hub.gql(m.query, m.variables));
      expect(result.errors?.[0].extensions, JSON.stringify(result.errors)).toMatchObject({ code: 'LIMIT_EXCEEDED', params: { detail: m.detail } });
      expect(result.status).toBe(400);
      expect(result.data ?? null).toBeNull();
      // Refused fast, without touching the data.
      expect(Date.now() - started).toBeLessThan(1000);
      expect(queries).toEqual([]);
    });
  }

  it('says which limit in the request language', async () => {
    const zh = await hub.gql(nest(LIMITS.depth + 1));
    expect(zh.errors?.[0].message).toBe(`请求超出限制：嵌套层数（上限${LIMITS.depth}）`);
    const en = await hub.gql(nest(LIMITS.depth + 1), {}, { lang: 'en' });
    expect(en.errors?.[0].message).toBe(`Request exceeds a limit: nesting depth (at most ${LIMITS.depth})`);
  });

  it('lets the admin and analysts work: the region tree three levels down with statistics, a full page, introspection', async () => {
    expect((await hub.gql(nest(LIMITS.depth))).errors).toBeUndefined();
    // A dashboard viewer's drill-down: depth 6, 3,256 regions each with its statistics.
    const viewer = await hub.as('VIEWER');
    const tree = await viewer(`{ Region(id: "511300000000") { code stats { regionCode } children { code children { code children { code name stats { regionCode level } } } } } }`);
    expect(tree.errors).toBeUndefined();
    expect(tree.data.Region.children).toHaveLength(9);
    expect(tree.data.Region.children[0].children[0].children[0].stats.level).toBe('VILLAGE');
    const page = await hub.gql(`{ allRegions(perPage: 500) { code name parent { name } ancestors { code } } }`);
    expect(page.data.allRegions).toHaveLength(500);
    const schema = await hub.gql(`query IntrospectionQuery { __schema { queryType { name } types { kind name fields(includeDeprecated: true) { name args { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }`);
    expect(schema.errors).toBeUndefined();
    expect(schema.data.__schema.types.length).toBeGreaterThan(50);
  });

  it('refuses a page over the cap', async () => {
    const r = await hub.gql(`{ allLaborers(perPage: 100000) { id } }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', field: 'perPage' });
  });

  it('refuses an oversize body with 413 and a coded JSON error, and a malformed one with 400', async () => {
    const big = JSON.stringify({ query: `{ hub { version } }`, variables: { pad: 'x'.repeat(LIMITS.bodyBytes) } });
    const started = Date.now();
    const res = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: big });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string; params: Record<string, unknown> } }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', params: { detail: 'BODY_SIZE', max: LIMITS.bodyBytes } });
    expect(body.errors[0].message).toBe(`Request exceeds a limit: request body bytes (at most ${LIMITS.bodyBytes})`);
    expect(Date.now() - started).toBeLessThan(2000);
    const bad = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });

  it('keeps serving normal traffic while being flooded with malicious requests', async () => {
    const normal = `{ Region(id: "511321000000") { name children { code } } }`;
    const flood = Array.from({ length: 60 }, (_, i) => {
      const m = MALICIOUS[i % MALICIOUS.length];
      return hub.gql(m.query, m.variables);
    });
    const started = Date.now();
    const served = await Promise.all(Array.from({ length: 20 }, () => hub.gql(normal)));
    const refused = await Promise.all(flood);
    expect(served.every((r) => r.data?.Region?.name === '南部县')).toBe(true);
    expect(refused.every((r) => r.errors?.[0].extensions?.code === 'LIMIT_EXCEEDED')).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives no field suggestions and no stack traces', async () => {
    const r = await hub.gql(`{ allLaborer { id } }`);
    expect(r.errors?.[0].message).toBe('Cannot query field "allLaborer" on type "Query".');
    expect(JSON.stringify(r)).not.toMatch(/Did you mean|stacktrace/);
  });

  it('answers a statement stopped by the timeout with QUERY_TIMEOUT, not an internal error', async () => {
    // A lock held elsewhere keeps the list's statement waiting until the timeout stops it.
    const holder = new pg.Client({ connectionString: hub.orm.config.getClientUrl() });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table laborer in access exclusive mode');
      const r = await hub.gql(`{ allLaborers(perPage: 1) { id } }`);
      expect(r.errors?.[0].extensions?.code).toBe('QUERY_TIMEOUT');
      expect(r.errors?.[0].message).toMatch(/查询用时过长/);
    } finally {
      await holder.query('rollback').catch(() => {});
      await holder.end();
    }
  }, STATEMENT_TIMEOUT_MS + 20_000);

  it(`sets a statement timeout of ${STATEMENT_TIMEOUT_MS / 1000} s on the hub's database connections`, async () => {
    const [row] = await hub.orm.em.getConnection().execute<{ statement_timeout: string }[]>('show statement_timeout');
    expect(row.statement_timeout).toBe(`${STATEMENT_TIMEOUT_MS / 1000}s`);
  });
});
