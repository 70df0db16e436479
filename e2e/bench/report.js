// `npm run bench -- --report [--scale 1] [--runs 30]`: the monthly report's figures (issue #13), on a
// database of its own (`BENCH_DB`, default fupin_bench_report_<scale>; the hub seeds it when empty):
//  - the city's June 2017 report page data (one request: the report with its league table and
//    supervision list), p50 over sequential runs (budget 300 ms);
//  - the city's workbook, GET /report/monthly.xlsx, p50 and max (budget 2 s);
//  - the city's training funnel, p50 (budget 50 ms);
// and checks that the city report states the article's exact figures in its words at this scale.
// Writes e2e/bench/results/report-scale-<s>.md (and .json); when the other of scale 1 and 10 has been
// measured, the scale 10 / scale 1 ratio goes into the .md (and the console) too.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SCALE = Number(arg('scale', '1'));
const RUNS = Number(arg('runs', '30'));
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_PASSWORD = process.env.HUB_PASSWORD || 'bench-only-password';
const DB = process.env.BENCH_DB || `fupin_bench_report_${String(SCALE).replace('.', '_')}`;
const CITY = '511300000000';
const RESULTS = path.join(__dirname, 'results');

const dbUrl = (name) => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

function startHub(env) {
  const proc = spawn(process.execPath, [path.join(ROOT, 'api/dist/main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b) => {
      out += b.toString();
      const m = /GraphQL (http:\/\/\S+)\/graphql/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`hub exited with ${code}:\n${out}`)));
  });
}

const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn, runs) {
  await fn(); // warm-up: plans and caches
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { p50: p50(ms), max: Math.max(...ms) };
}

/** The article's exact figures in its own words, at `scale` (see api/src/modules/report/report.test.ts). */
function phrases(scale) {
  const s = (n) => Math.round(n * scale);
  const wan = (n) => (n >= 10_000 && n % 100 === 0 ? `${Number((n / 10_000).toFixed(2))}万` : String(n));
  const yuan = (n) => (n >= 10_000 && n % 100 === 0 ? `${Number((n / 10_000).toFixed(2))}万元` : `${n}元`);
  const pct = (a, b, d) => `${Number(((s(a) / s(b)) * 100).toFixed(d))}%`;
  return [
    `现有6个贫困县、1290个贫困村，建档立卡贫困劳动力${wan(s(170_200))}人`,
    `确保${wan(s(136_000))}贫困人口脱贫，317个贫困村出列，南部县、蓬安县“摘帽”`,
    `截止6月，累计培训${s(24_331)}人，占培训需求总人数的${pct(24_331, 35_781, 0)}`,
    `其中就业培训${s(17_701)}人、创业培训${s(4_513)}人、品牌培训${s(1_400)}人`,
    '通过培训后转移就业率达95%',
    `发放担保贷款${yuan(s(15_000_000))}`,
    '“零转移”、“零就业”贫困家庭定点清除行动已全面完成',
    `贫困劳动力转移就业${s(123_174)}人，占有转移就业需求总人数的${pct(123_174, 144_740, 1)}`,
    `开发公益性岗位${s(616)}个，已安置贫困劳动力${s(110)}人`,
    `帮扶${s(919)}名贫困劳动者创业、占有创业需求总人数的${pct(919, 1_738, 2)}`,
    `发放创业小贷款${yuan(s(35_000_000))}`,
    `阆中市帮助${s(60)}名贫困劳动力成功创业，发放各类创业补贴${yuan(s(170_000))}`,
    `南部县发放各类创业担保贷款${s(24)}个共计${yuan(s(2_260_000))}`,
  ];
}

async function run() {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [DB])).rowCount;
  if (exists && process.argv.includes('--fresh')) await admin.query(`drop database ${DB} with (force)`);
  if (!exists || process.argv.includes('--fresh')) await admin.query(`create database ${DB}`);
  await admin.end();
  console.error(`bench --report: scale ${SCALE}, database ${DB}; starting the hub (it loads the demo data when the database is empty)`);
  const t0 = Date.now();
  const hub = await startHub({ DATABASE_URL: dbUrl(DB), PORT: '0', SEED_SCALE: String(SCALE), HUB_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn' });
  console.error(`bench --report: hub ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const pg = new Client({ connectionString: dbUrl(DB) });
  await pg.connect();
  try {
    const gql = async (query, variables, token) => {
      const res = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      const json = await res.json();
      if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 500));
      return json.data;
    };
    const token = (await gql('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: process.env.HUB_USER || 'admin', p: ADMIN_PASSWORD })).signIn.token;
    const REPORT = `query { monthlyReport(regionCode: "${CITY}", month: "2017-06") { title summary sections { key title paragraphs table { columns { key label unit ratio } rows { code name values texts } total { code name values texts } } }
      progress { indicator target achieved share expected pace status shortfall } supervision { regionCode indicator share expected status shortfall }
      league { rank score region { id name } progress { indicator share status pace } } } }`;
    const FUNNEL = `query { trainingFunnel(regionCode: "${CITY}") { steps { step count conversion ofEnrolled } } }`;

    // The cost of any signed-in request here (HTTP, session, parse): the floor the others stand on.
    const baseline = await timed(() => gql('{ hub { version } }', {}, token), RUNS * 3);
    const page = await timed(() => gql(REPORT, {}, token), RUNS);
    const funnel = await timed(() => gql(FUNNEL, {}, token), RUNS * 3);
    let bytes = 0;
    const xlsx = await timed(async () => {
      const res = await fetch(`${hub.url}/report/monthly.xlsx?region=${CITY}&month=2017-06`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`xlsx: ${res.status}`);
      bytes = (await res.arrayBuffer()).byteLength;
    }, Math.max(5, Math.round(RUNS / 3)));

    const report = (await gql(REPORT, {}, token)).monthlyReport;
    const text = report.sections.flatMap((s) => s.paragraphs).join('\n');
    let at = -1;
    const checks = phrases(SCALE).map((p) => {
      const i = text.indexOf(p, at + 1);
      const ok = i > at;
      if (ok) at = i;
      return { p, ok };
    });
    const [{ laborers }] = (await pg.query('select count(*)::int as laborers from laborer')).rows;
    const [{ rows: fm }] = [await pg.query(`select count(*)::int as n from funnel_month where region_code like '%000000'`)];
    const f = (x) => x.toFixed(1);
    const lines = [
      `# Report bench, scale ${SCALE} (${laborers.toLocaleString('en')} laborers)`,
      '',
      `${new Date().toISOString().slice(0, 16)}Z, ${RUNS} sequential runs after a warm-up, one client, 2-core machine shared with other work.`,
      '',
      '| request | p50 ms | max ms | budget |',
      '| --- | ---: | ---: | ---: |',
      `| baseline: \`{ hub { version } }\` (HTTP + session) | ${f(baseline.p50)} | ${f(baseline.max)} | |`,
      `| report page data (monthlyReport with league and supervision, city, 2017-06) | ${f(page.p50)} | ${f(page.max)} | 300 |`,
      `| workbook GET /report/monthly.xlsx (city, 2017-06, ${Math.round(bytes / 1024)} KB) | ${f(xlsx.p50)} | ${f(xlsx.max)} | 2000 |`,
      `| trainingFunnel (city) | ${f(funnel.p50)} | ${f(funnel.max)} | 50 |`,
      '',
      `The city's funnel reads the counties' rows of funnel_month (${fm[0].n} rows at this scale).`,
      '',
      `Article figures in the city report's text, in order: ${checks.filter((c) => c.ok).length} of ${checks.length}${checks.every((c) => c.ok) ? ' OK' : ''}.`,
      ...checks.filter((c) => !c.ok).map((c) => `- MISSING: ${c.p}`),
    ];
    const summary = { scale: SCALE, at: new Date().toISOString().slice(0, 16), baseline: baseline.p50, page: page.p50, xlsx: xlsx.p50, funnel: funnel.p50 };
    // Cost flat from scale 1 to scale 10 (issue #13): the ratio goes into the results, beside the figures.
    const other = path.join(RESULTS, `report-scale-${SCALE === 10 ? 1 : 10}.json`);
    if ((SCALE === 1 || SCALE === 10) && fs.existsSync(other)) {
      const o = JSON.parse(fs.readFileSync(other, 'utf8'));
      const [one, ten] = SCALE === 10 ? [o, summary] : [summary, o];
      const x = (k) => `${(ten[k] / one[k]).toFixed(2)}x`;
      lines.push(
        '',
        `## Scale 10 / scale 1 (p50; scale ${SCALE === 10 ? 1 : 10} measured ${o.at ? `${o.at}Z` : 'earlier'})`,
        '',
        '| request | scale 1 p50 ms | scale 10 p50 ms | ratio |',
        '| --- | ---: | ---: | ---: |',
        `| report page data | ${f(one.page)} | ${f(ten.page)} | ${x('page')} |`,
        `| workbook | ${f(one.xlsx)} | ${f(ten.xlsx)} | ${x('xlsx')} |`,
        `| trainingFunnel (city) | ${f(one.funnel)} | ${f(ten.funnel)} | ${x('funnel')} |`,
      );
    }
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, `report-scale-${SCALE}.md`), `${lines.join('\n')}\n`);
    fs.writeFileSync(path.join(RESULTS, `report-scale-${SCALE}.json`), `${JSON.stringify(summary)}\n`);
    console.log(lines.join('\n'));
    if (!checks.every((c) => c.ok)) process.exitCode = 1;
  } finally {
    await pg.end();
    hub.proc.kill('SIGINT');
  }
}

module.exports = { run };
