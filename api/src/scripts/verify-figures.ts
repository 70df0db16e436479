import { blocksOf, PROVINCES, provinceRegionRows, targets } from '@fupin/seed';
import { checkFigures, FIGURES_AS_OF, FIGURES_QUERY, type FigureRow } from '../modules/stats/figures';
import { eachArg, UsageError } from './args';

const USAGE = `usage: npm run verify:figures -- [--scale N] [--url URL]
  Asks a running hub (GraphQL only) for every figure of the 2017 Nanchong report and prints the
  article's value, the hub's value and OK or MISMATCH; exits 1 on any mismatch.
  --scale N  scale the dataset was loaded at (default: SEED_SCALE or 1); exact counts are compared
             with N x the article's value, rounded
  --province P  the data was loaded with --province P (npm run seed): Nanchong holds block 0 only, so
             its figures are compared with the article at that block's scale (1 above scale 1), and
             the province's laborers (the sum of its cities) with N x the article's
  --block-scale B  the --block-scale it was loaded with (default 1)
  --url URL  the hub (default: HUB_URL or http://127.0.0.1:4000)
  Sign-in: HUB_USER (default admin) and HUB_PASSWORD (or HUB_ADMIN_PASSWORD).`;

function parseArgs(argv: string[]): { scale: number; url: string; province: string | null; blockScale: number } {
  const out = { scale: Number(process.env.SEED_SCALE || 1), url: process.env.HUB_URL || 'http://127.0.0.1:4000', province: null as string | null, blockScale: 1 };
  eachArg(argv, (flag, value) => {
    if (flag === '--scale') out.scale = Number(value());
    else if (flag === '--province') {
      out.province = value();
      if (!PROVINCES[out.province]) throw new UsageError(`--province must be one of ${Object.keys(PROVINCES).join(', ')}`);
    } else if (flag === '--block-scale') {
      out.blockScale = Number(value());
      if (!(out.blockScale > 0 && out.blockScale <= 1)) throw new UsageError('--block-scale must be a number above 0 and at most 1');
    }
    else if (flag === '--url') out.url = value().replace(/\/+$/, '');
    else return false;
    return true;
  });
  if (!Number.isFinite(out.scale) || out.scale <= 0) throw new UsageError('--scale must be a number above 0');
  return out;
}

interface GqlAnswer {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<GqlAnswer> {
  let res: Response;
  try {
    res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new Error(`cannot reach the hub at ${url} (${(e as { cause?: { code?: string } }).cause?.code ?? String(e)}): start it with npm start, or give --url`);
  }
  return (await res.json()) as GqlAnswer;
}

async function signIn(url: string): Promise<string | undefined> {
  const password = process.env.HUB_PASSWORD || process.env.HUB_ADMIN_PASSWORD;
  if (!password) return undefined;
  const username = process.env.HUB_USER || 'admin';
  const r = await post(url, 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: username, p: password });
  if (!r.data?.signIn) throw new Error(`sign-in as ${username} failed: ${r.errors?.[0]?.message ?? 'no answer'}`);
  return r.data.signIn.token as string;
}

/** Display width of a string: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

export function printTable(rows: FigureRow[], write: (line: string) => void): void {
  const cols: [string, (r: FigureRow) => string][] = [
    ['section', (r) => r.section],
    ['figure', (r) => r.name],
    ['article', (r) => r.article],
    ['target', (r) => r.target],
    ['hub', (r) => r.hub],
    ['status', (r) => r.status],
  ];
  const widths = cols.map(([h, f]) => Math.min(60, Math.max(width(h), ...rows.map((r) => width(f(r))))));
  write(cols.map(([h], i) => pad(h, widths[i])).join('  '));
  write(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) write(cols.map(([, f], i) => pad(f(r), widths[i])).join('  '));
}

/** The province's registered laborers, the sum of its cities' (each city is a root of the tree). */
async function provinceRow(url: string, province: string, target: number, token?: string): Promise<FigureRow> {
  const cities = provinceRegionRows(province).filter((c) => c.level === 'CITY');
  let hub = 0;
  // Ten cities a request: the hub allows 15 aliases.
  for (let from = 0; from < cities.length; from += 10) {
    const some = cities.slice(from, from + 10);
    const r = await post(url, `query($asOf: LocalDate) { ${some.map((c, i) => `c${i}: Region(id: "${c.code}") { stats(asOf: $asOf) { laborers } }`).join(' ')} }`, { asOf: FIGURES_AS_OF }, token);
    if (r.errors?.length || !r.data) throw new Error(`the hub refused the province's statistics: ${r.errors?.[0]?.message ?? 'no data'}`);
    hub += some.reduce((n, _, i) => n + (r.data[`c${i}`]?.stats.laborers ?? 0), 0);
  }
  return {
    section: 'province',
    name: `registered poor laborers, ${cities.length} cities`,
    kind: 'exact',
    article: '',
    target: target.toLocaleString('en'),
    hub: hub.toLocaleString('en'),
    status: hub === target ? 'OK' : 'MISMATCH',
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const token = await signIn(args.url);
  const r = await post(args.url, FIGURES_QUERY, { asOf: FIGURES_AS_OF }, token);
  if (r.errors?.length || !r.data?.city) {
    const e = r.errors?.[0];
    const hint = e?.extensions?.code === 'UNAUTHENTICATED' ? ' (set HUB_PASSWORD, and HUB_USER if not admin)' : '';
    console.error(`[verify:figures] the hub refused the figures query: ${e?.message ?? 'no data'}${hint}`);
    return 2;
  }
  // With a province, Nanchong is block 0 of the dataset; the other blocks are other cities'.
  const nanchongScale = args.province ? blocksOf(args.scale, args.blockScale)[0] : args.scale;
  const rows = checkFigures(r.data, nanchongScale);
  if (args.province) rows.push(await provinceRow(args.url, args.province, targets(args.scale, args.blockScale).laborers, token));
  console.log(`Nanchong figures as of ${FIGURES_AS_OF}, hub ${args.url}, scale ${nanchongScale}${args.province ? ` (block 0 of scale ${args.scale} over ${PROVINCES[args.province]})` : ''}`);
  printTable(rows, (line) => console.log(line));
  const bad = rows.filter((x) => x.status === 'MISMATCH');
  const ok = rows.filter((x) => x.status === 'OK').length;
  console.log(`${ok} OK, ${bad.length} MISMATCH, ${rows.length - ok - bad.length} INFO`);
  return bad.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof UsageError) {
        if (e.message) console.error(`[verify:figures] ${e.message}`);
        console.error(USAGE);
        process.exit(e.message ? 2 : 0);
      }
      console.error(`[verify:figures] ${e instanceof Error ? e.message : String(e)}`);
      process.exit(2);
    },
  );
}
