import { checkFigures, FIGURES_AS_OF, FIGURES_QUERY, type FigureRow } from '../modules/stats/figures';
import { eachArg, UsageError } from './args';

const USAGE = `usage: npm run verify:figures -- [--scale N] [--url URL]
  Asks a running hub (GraphQL only) for every figure of the 2017 Nanchong report and prints the
  article's value, the hub's value and OK or MISMATCH; exits 1 on any mismatch.
  --scale N  scale the dataset was loaded at (default: SEED_SCALE or 1); exact counts are compared
             with N x the article's value, rounded
  --url URL  the hub (default: HUB_URL or http://127.0.0.1:4000)
  Sign-in: HUB_USER (default admin) and HUB_PASSWORD (or HUB_ADMIN_PASSWORD).`;

function parseArgs(argv: string[]): { scale: number; url: string } {
  const out = { scale: Number(process.env.SEED_SCALE || 1), url: process.env.HUB_URL || 'http://127.0.0.1:4000' };
  eachArg(argv, (flag, value) => {
    if (flag === '--scale') out.scale = Number(value());
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
  const rows = checkFigures(r.data, args.scale);
  console.log(`Nanchong figures as of ${FIGURES_AS_OF}, hub ${args.url}, scale ${args.scale}`);
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
