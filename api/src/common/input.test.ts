import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub';
import { Programmes } from '../../test/programmes';
import { getSchema } from '../schema';

/**
 * Bad input of every kind, sent into every argument (and every field of every input object) of every
 * Query and Mutation field of the schema, walked from the schema itself: each must get a coded error,
 * never INTERNAL_SERVER_ERROR, and the values the input check refuses must name the argument.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

type Bad = { label: string; value: unknown; expect?: { code: string; detail?: string } };
const TEXT: Bad[] = [
  { label: 'NUL', value: 'a\u0000b', expect: { code: 'VALIDATION_FAILED', detail: 'CONTROL_CHARS' } },
  { label: 'RTL override', value: '\u202E张三', expect: { code: 'VALIDATION_FAILED', detail: 'BIDI_CHARS' } },
  { label: 'zero-width only', value: '\u200B\u200B', expect: { code: 'VALIDATION_FAILED', detail: 'INVISIBLE_CHARS' } },
  { label: 'lone surrogate', value: 'a\uD800', expect: { code: 'VALIDATION_FAILED', detail: 'CONTROL_CHARS' } },
  { label: '__proto__', value: '__proto__' },
  { label: 'constructor', value: 'constructor' },
  { label: 'long', value: 'x'.repeat(5000) },
  { label: 'formula', value: '=HYPERLINK("http://x")' },
];
const BY_TYPE: Record<string, Bad[]> = {
  String: TEXT,
  ID: [TEXT[0], TEXT[4], { label: 'huge id', value: '99999999999999999999' }],
  Float: [
    { label: '1e20', value: 1e20, expect: { code: 'VALIDATION_FAILED', detail: 'NUMBER_RANGE' } },
    { label: '-1e20', value: -1e20, expect: { code: 'VALIDATION_FAILED', detail: 'NUMBER_RANGE' } },
  ],
  Int: [{ label: 'max', value: 2147483647 }, { label: 'min', value: -2147483648 }],
  LocalDate: [
    { label: '0000-01-01', value: '0000-01-01', expect: { code: 'VALIDATION_FAILED', detail: 'DATE_RANGE' } },
    { label: '9999-12-31', value: '9999-12-31', expect: { code: 'VALIDATION_FAILED', detail: 'DATE_RANGE' } },
  ],
  JSONObject: [
    { label: 'NUL in a key', value: { 'a\u0000': 1 }, expect: { code: 'VALIDATION_FAILED', detail: 'CONTROL_CHARS' } },
    { label: 'NUL in a nested string', value: { a: [{ b: 'x\u0000y' }] }, expect: { code: 'VALIDATION_FAILED', detail: 'CONTROL_CHARS' } },
    { label: 'RTL override nested', value: { a: { b: '\u202E张三' } }, expect: { code: 'VALIDATION_FAILED', detail: 'BIDI_CHARS' } },
    { label: 'odd shapes', value: { __proto__: { x: 1 }, constructor: 'x', a: [1, null, true, 'x'.repeat(5000)] } },
  ],
  DateTime: [{ label: 'year 0', value: '0000-01-01T00:00:00.000Z', expect: { code: 'VALIDATION_FAILED', detail: 'DATE_RANGE' } }],
};

/** A harmless value of a type, for the arguments not under test. */
function benign(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return benign(type.ofType, name);
  if (isListType(type)) return [benign(type.ofType as GraphQLInputType, name)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields())) if (isNonNullType(f.type)) out[f.name] = benign(f.type, f.name);
    return out;
  }
  switch (named.name) {
    case 'Int':
      return /year/i.test(name) ? 2017 : name === 'perPage' ? 5 : 0;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'LocalDate':
      return '2017-06-30';
    case 'DateTime':
      return '2017-06-30T00:00:00.000Z';
    case 'ID':
      return /region|county|village|township|within|scope/i.test(name) ? '511321000000' : '1';
    default:
      return /username/.test(name) ? 'someone' : /password/i.test(name) ? 'some-password-1' : 'x';
  }
}

/** Every place a bad value can go: a top-level argument, or a path into an input object. */
function targets(args: readonly GraphQLArgument[]): { path: string[]; type: GraphQLNamedType; field: string }[] {
  const out: { path: string[]; type: GraphQLNamedType; field: string }[] = [];
  const walk = (type: GraphQLInputType, path: string[], seen: Set<string>) => {
    const named = getNamedType(type);
    if (isInputObjectType(named)) {
      if (seen.has(named.name)) return;
      for (const f of Object.values(named.getFields())) walk(f.type, [...path, f.name], new Set([...seen, named.name]));
    } else if (isLeafType(named) && !isEnumType(named)) out.push({ path, type: named, field: path[path.length - 1] });
  };
  for (const a of args) walk(a.type, [a.name], new Set());
  return out;
}

function setPath(vars: Record<string, unknown>, args: readonly GraphQLArgument[], path: string[], value: unknown): void {
  const [arg, ...rest] = path;
  if (!rest.length) {
    const t = args.find((a) => a.name === arg)!.type;
    vars[arg] = isListType(isNonNullType(t) ? t.ofType : t) ? [value] : value;
    return;
  }
  let obj = (vars[arg] as Record<string, unknown>) ?? {};
  if (Array.isArray(obj)) obj = obj[0] as Record<string, unknown>;
  vars[arg] = obj;
  let cur = obj;
  for (const k of rest.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[rest[rest.length - 1]] = value;
}

function selectionOf(t: GraphQLNamedType): string {
  if (isLeafType(t)) return '';
  if (!isObjectType(t) && !isInterfaceType(t)) return '{ __typename }';
  return `{ __typename ${Object.values(t.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && !f.args.length).slice(0, 3).map((f) => f.name).join(' ')} }`;
}

/** One request with a bad value at `target`, checked: never INTERNAL_SERVER_ERROR; the refusals the input check makes name the field. */
async function probe(
  build: (vars: Record<string, unknown>) => string,
  args: readonly GraphQLArgument[],
  target: { path: string[]; field: string },
  bad: Bad,
  where: string,
  seed: Record<string, unknown>,
  out: { internal: string[]; unnamed: string[] },
  prefix = '',
): Promise<void> {
  const local: Record<string, unknown> = {};
  for (const a of args) if (isNonNullType(a.type)) local[a.name] = benign(a.type, a.name);
  setPath(local, args, target.path, bad.value);
  const vars = { ...seed, ...Object.fromEntries(Object.entries(local).map(([k, v]) => [`${prefix}${k}`, v])) };
  const r = await hub.gql(build(local), vars);
  const codes = (r.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('INTERNAL_SERVER_ERROR')) out.internal.push(`${where}: ${JSON.stringify(r.errors)}`);
  if (bad.expect) {
    const e = r.errors?.[0]?.extensions;
    if (e?.code !== bad.expect.code || e?.field !== target.field || (e?.params as { detail?: string })?.detail !== bad.expect.detail) out.unnamed.push(`${where}: ${JSON.stringify(r.errors?.[0] ?? 'no error')}`);
  }
}

const argDefs = (args: readonly GraphQLArgument[], vars: Record<string, unknown>, prefix = '') => {
  const used = args.filter((a) => a.name in vars);
  return { defs: used.map((a) => `$${prefix}${a.name}: ${a.type.toString()}`), call: used.length ? `(${used.map((a) => `${a.name}: $${prefix}${a.name}`).join(', ')})` : '' };
};

/**
 * Fields with arguments below the root (Region.stats, TrainingClass.enrollments, ImportBatch.rows, …),
 * each reached by the shortest path of argument-free fields from a root field (lists first).
 */
function nestedFields(schema: Awaited<ReturnType<typeof getSchema>>): { root: GraphQLField<unknown, unknown>; path: string[]; parent: string; field: GraphQLField<unknown, unknown> }[] {
  const roots = (Object.values(schema.getQueryType()!.getFields()) as GraphQLField<unknown, unknown>[]).sort((a, b) => Number(!a.name.startsWith('all')) - Number(!b.name.startsWith('all')));
  const seen = new Set<string>();
  const out: ReturnType<typeof nestedFields> = [];
  let queue: { type: GraphQLNamedType; root: GraphQLField<unknown, unknown>; path: string[] }[] = [];
  for (const r of roots) {
    const t = getNamedType(r.type);
    if ((isObjectType(t) || isInterfaceType(t)) && !seen.has(t.name)) {
      seen.add(t.name);
      queue.push({ type: t, root: r, path: [] });
    }
  }
  for (let depth = 0; depth < 4 && queue.length; depth++) {
    const next: typeof queue = [];
    for (const q of queue) {
      if (!isObjectType(q.type) && !isInterfaceType(q.type)) continue;
      for (const f of Object.values(q.type.getFields()) as GraphQLField<unknown, unknown>[]) {
        const t = getNamedType(f.type);
        if (f.args.length) out.push({ root: q.root, path: q.path, parent: q.type.name, field: f });
        else if ((isObjectType(t) || isInterfaceType(t)) && !seen.has(t.name)) {
          seen.add(t.name);
          next.push({ type: t, root: q.root, path: [...q.path, f.name] });
        }
      }
    }
    queue = next;
  }
  return out;
}

describe('every argument of every field', () => {
  it('answers bad input with a coded error, never INTERNAL_SERVER_ERROR; the input check names the field', async () => {
    const schema = await getSchema();
    const out = { internal: [] as string[], unnamed: [] as string[] };
    let sent = 0;
    for (const kind of ['query', 'mutation'] as const) {
      const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
      for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
        if (field.name === 'signOut') continue;
        for (const target of targets(field.args)) {
          for (const bad of BY_TYPE[target.type.name] ?? []) {
            const build = (vars: Record<string, unknown>) => {
              const { defs, call } = argDefs(field.args, vars);
              return `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${call} ${selectionOf(getNamedType(field.type))} }`;
            };
            await probe(build, field.args, target, bad, `${field.name}(${target.path.join('.')}) ${bad.label}`, {}, out);
            sent++;
          }
        }
      }
    }
    expect(out.internal).toEqual([]);
    expect(out.unnamed).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  }, 600_000);

  it('the same for the arguments of nested fields, reached through real records', async () => {
    // Records for the nested resolvers to run on (a class with an enrollment, a laborer, regions).
    const p = new Programmes(hub);
    const county = '511321000000';
    const laborer = await p.laborer(await p.village(county));
    await p.enroll(await p.trainingClass(county, '电焊班', '2017-03-01', '2017-03-20'), laborer, '2017-02-20');
    const schema = await getSchema();
    const out = { internal: [] as string[], unnamed: [] as string[] };
    const nested = nestedFields(schema);
    const names = nested.map((n) => `${n.parent}.${n.field.name}`);
    for (const must of ['Region.stats', 'Region.descendants', 'TrainingClass.enrollments', 'ImportBatch.rows']) expect(names).toContain(must);
    let sent = 0;
    for (const n of nested) {
      for (const target of targets(n.field.args)) {
        for (const bad of BY_TYPE[target.type.name] ?? []) {
          const seed: Record<string, unknown> = {};
          for (const a of n.root.args) if (isNonNullType(a.type)) seed[`r_${a.name}`] = benign(a.type, a.name);
          if (n.root.args.some((a) => a.name === 'perPage')) seed.r_perPage = 2;
          const rootArgs = argDefs(n.root.args, Object.fromEntries(Object.keys(seed).map((k) => [k.slice(2), 1])), 'r_');
          const build = (vars: Record<string, unknown>) => {
            const inner = argDefs(n.field.args, vars, 'n_');
            const defs = [...rootArgs.defs, ...inner.defs];
            const leaf = `${n.field.name}${inner.call} ${selectionOf(getNamedType(n.field.type))}`;
            const body = [...n.path].reverse().reduce((acc, step) => `${step} { ${acc} }`, leaf);
            return `query${defs.length ? `(${defs.join(', ')})` : ''} { ${n.root.name}${rootArgs.call} { ${body} } }`;
          };
          await probe(build, n.field.args, target, bad, `${n.root.name}…${n.parent}.${n.field.name}(${target.path.join('.')}) ${bad.label}`, seed, out, 'n_');
          sent++;
        }
      }
    }
    expect(out.internal).toEqual([]);
    expect(out.unnamed).toEqual([]);
    expect(sent).toBeGreaterThan(50);
  }, 600_000);

  it('refuses a sort field that is an object property rather than a listed field', async () => {
    for (const s of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = await hub.gql(`query($s: String) { allLaborers(sortField: $s) { id } }`, { s });
      expect(r.errors?.[0].extensions, s).toMatchObject({ code: 'INVALID_SORT', field: 'sortField' });
    }
  });

  it('refuses a name of only zero-width characters and a right-to-left override, and writes nothing', async () => {
    const village = await new Programmes(hub).village('511321000000');
    const before = (await hub.sql('select count(*)::int as n from household'))[0].n;
    for (const headName of ['\u200B\u200C', '张\u202E三']) {
      const r = await hub.gql(`mutation($v: ID!, $n: String!) { createHousehold(villageId: $v, headName: $n, memberCount: 1) { id } }`, { v: village, n: headName });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'headName' });
    }
    const r = await hub.gql(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "=HYPERLINK(1)", memberCount: 1) { id } }`, { v: village });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'headName', params: { detail: 'FORMULA' } });
    expect((await hub.sql('select count(*)::int as n from household'))[0].n).toBe(before);
  });

describe('invisible characters by Unicode property', () => {
  it('refuses the fillers, blank braille, variation selectors, tag and deprecated format characters, and a name with nothing visible', async () => {
    const village = await new Programmes(hub).village('511321000000');
    const before = (await hub.sql('select count(*)::int as n from household'))[0].n;
    const create = (n: string) => hub.gql(`mutation($v: ID!, $n: String!) { createHousehold(villageId: $v, headName: $n, memberCount: 1) { id } }`, { v: village, n });
    for (const c of ['\u3164', '\u2800', '\u115F', '\u1160', '\uFFA0', '\uFE0F', '\u{E0100}', '\u{E0041}', '\u206A', '\u206F', '\u034F', '\u180B']) {
      for (const name of [c, `张${c}三`]) {
        const r = await create(name);
        expect(r.errors?.[0].extensions, `U+${c.codePointAt(0)!.toString(16)}`).toMatchObject({ code: 'VALIDATION_FAILED', field: 'headName', params: { detail: 'INVISIBLE_CHARS' } });
      }
    }
    // Combining marks alone show nothing: a name needs a visible character.
    const marks = await create('\u0301\u0301');
    expect(marks.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'headName', params: { detail: 'NO_VISIBLE' } });
    expect(marks.errors?.[0].message).toBe('户主姓名不符合要求：应含有可见的文字');
    expect((await hub.sql('select count(*)::int as n from household'))[0].n).toBe(before);
    // Visible names still pass: rare characters, a middle dot, Latin letters with accents.
    for (const ok of ['𠮷祥', '阿卜杜拉·艾力', 'José']) expect((await create(ok)).errors, ok).toBeUndefined();
  });
});
});
