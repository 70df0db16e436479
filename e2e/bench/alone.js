// Hub-alone p50 and hub CPU per request (one request at a time over HTTP, as the bench times "hub alone") of the
// bench's village list and laborer detail, with the statements of one request counted from PostgreSQL's own log
// (background work, the job worker and the statistics folds, left out). Needs `alter database <db> set
// log_statement = 'all'` and a readable server log (PG_LOG, default the Debian path).
// Usage: node e2e/bench/alone.js <api/dist/main.js of a hub> <database> [runs=200] [--prof <dir>]
// (ONLY=list, detail, empty or regions; LABORER=<id>; SHOW=1 prints the statements; DUMP=<prefix> writes the answers).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const { Client } = require('pg');
const [mainJs, db, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 200);
const prof = process.argv.includes('--prof') ? process.argv[process.argv.indexOf('--prof') + 1] : null;
const url = `postgres://postgres@127.0.0.1:5432/${db}`;
const LOG = process.env.PG_LOG || '/var/log/postgresql/postgresql-15-main.log';
const PW = 'perf-only-password';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
async function main() {
  const args = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, mainJs] : [mainJs];
  const proc = spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: url, PORT: '0', SEED_SCALE: '0', HUB_ADMIN_PASSWORD: PW, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const hubUrl = await new Promise((res) => { let out = ''; proc.stdout.on('data', (b) => { out += b; const m = /GraphQL (http:\/\/\S+)\/graphql/.exec(out); if (m) res(m[1]); }); });
  const post = async (body, auth) => { const r = await fetch(`${hubUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body }); const j = await r.json(); if (j.errors) throw new Error(JSON.stringify(j.errors)); return j; };
  const token = (await post(JSON.stringify({ query: 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', variables: { u: 'admin', p: PW } }))).data.signIn.token;
  const auth = { authorization: `Bearer ${token}` };
  const pg = new Client({ connectionString: url }); await pg.connect();
  const [{ village }] = (await pg.query(`select village_code as village from laborer group by 1 order by count(*) desc, 1 limit 1`)).rows;
  const [{ laborer }] = process.env.LABORER ? [{ laborer: Number(process.env.LABORER) }] : (await pg.query(`select laborer_id as laborer from subsidy_payment group by 1 order by count(*) desc, 1 limit 1`)).rows;
  await pg.end();
  const qs = {
    list: { query: `query($v: ID!) { allLaborers(filter: { regionCode: $v }, perPage: 25, sortField: "name") { id name idNumber gender birthDate phone household { headName memberCount } village { name } } _allLaborersMeta(filter: { regionCode: $v }) { count } }`, variables: { v: village } },
    detail: { query: `query($id: ID!) { Laborer(id: $id) { id name idNumber gender birthDate phone education wantsTraining wantsTransfer wantsEnterprise povertyStatus
            household { headName memberCount } village { name } township { name } county { name }
            enrollments { id completed completedOn } employments { id kind channel employer startDate endDate } enterprises { id name sector }
            loans { id amount status } welfarePlacements { id startDate endDate } dreamSchoolings { id school } }
            laborerHistory(laborerId: $id) { date kind title amount } }`, variables: { id: String(laborer) } },
    empty: { query: '{ hub { version } }' },
    regions: { query: `query($id: ID!) { Laborer(id: $id) { village { code id name level parentId isPoor exitYear listedOn exitedOn isUrban parent { name listedOn } ancestors { code name level exitedOn } } county { isPoor exitYear listedOn exitedOn } } }`, variables: { id: String(laborer) } },
  };
  const out = {};
  for (const [k, q] of Object.entries(qs).filter(([k]) => !process.env.ONLY || process.env.ONLY === k)) {
    const body = JSON.stringify(q);
    for (let i = 0; i < 20; i++) await post(body, auth);
    // Statements of one request, from the server log.
    const before = fs.statSync(LOG).size;
    const answer = await post(body, auth);
    await new Promise((r) => setTimeout(r, 300));
    const fd = fs.openSync(LOG, 'r'); const buf = Buffer.alloc(fs.statSync(LOG).size - before); fs.readSync(fd, buf, 0, buf.length, before); fs.closeSync(fd);
    const stmts = buf.toString().split('\n').filter((l) => l.includes(`@${db} LOG:`) && /LOG:  (statement|execute)/.test(l) && !/graphile_worker|_fold\(\)|stats_fold/.test(l));
    const times = [];
    const cpu = () => { const f = fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
    const cpu0 = cpu();
    for (let i = 0; i < RUNS; i++) { const t = process.hrtime.bigint(); await post(body, auth); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
    out[k] = { p50: median(times).toFixed(2), cpuMs: ((cpu() - cpu0) / RUNS).toFixed(2), statements: stmts.length, load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '), size: JSON.stringify(answer).length };
    if (process.env.SHOW) console.log(stmts.map((s) => s.slice(0, 300)).join('\n'));
    if (process.env.DUMP) fs.writeFileSync(`${process.env.DUMP}.${k}.json`, JSON.stringify(answer, null, 1));
  }
  console.log(JSON.stringify(out));
  proc.kill('SIGINT');
  await new Promise((r) => proc.on('exit', r));
}
main().catch((e) => { console.error(e); process.exit(1); });
