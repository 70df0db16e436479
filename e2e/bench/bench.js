#!/usr/bin/env node
// `npm run bench [-- --scale 1 --duration 10 --connections 8]`: starts the hub (and PostGraphile v5, the
// peer) on a seeded database and measures, for each question an analyst or the dashboard asks:
//  - p50/p99 and requests per second under load (autocannon on loopback, its own process), hub and peer
//    interleaved A B A B after a warm-up, since the load generator, the servers and PostgreSQL share 2 cores;
//  - the hub's single-request p50 over the p50 of hand-written SQL for the same answer through `pg` in
//    this process (the floor for any GraphQL layer);
//  - the servers' peak memory (VmHWM), the hub's measured on a hub that did not load the demo data;
//  - writes: enrollments under 8 connections into one class, and into a class in every county, interleaved
//    with the same writes on the hub of an earlier commit (BENCH_BASELINE_HUB=<its api/dist/main.js>, on
//    its own database <BENCH_DB>_base) and, with `--compare-scale 1`, on this commit's hub at scale 1;
//  - pass or miss for every target of issue #14.
// Writes the table to e2e/bench/results/scale-<s>.md. Ratios of one run on one box, not absolute figures.
// BENCH_DB: the database (default fupin_bench_<scale>); teams sharing the server each use their own.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

// Benches of other issues live in their own files, behind a flag.
if (process.argv.includes('--report')) return void require('./report').run().catch((e) => (console.error(e), process.exit(1)));

const ROOT = path.resolve(__dirname, '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SCALE = Number(arg('scale', '1'));
const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '8'));
const SQL_RUNS = Number(arg('sql-runs', '100'));
const COMPARE_SCALE = arg('compare-scale', '');
const BASELINE_HUB = process.env.BENCH_BASELINE_HUB || '';
const WRITES = Number(arg('writes', '1500'));
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
// The bench database's own administrator; the database lives only on this machine.
const ADMIN_PASSWORD = process.env.HUB_PASSWORD || 'bench-only-password';
const CITY = '511300000000';
const COUNTY = '511321000000';
const AS_OF_END = '2017-06-30';

function dbUrl(name) {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function startProcess(cmd, args, env, readyRe, label) {
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${out}`)), 30 * 60_000);
    const onData = (b) => {
      out += b.toString();
      process.stderr.write(b.toString().split('\n').filter((l) => /\[(hub|seed)\]/.test(l)).map((l) => `  ${l}\n`).join(''));
      const m = readyRe.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`${label} exited with ${code}:\n${out}`)));
  });
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** A load run with the CPU time the server process spent per request (robust where the machine is shared). */
function measured(proc, url, bodies, headers, opts) {
  const c0 = cpuSeconds(proc.pid);
  const r = load(url, bodies, headers, opts);
  r.cpuMs = ((cpuSeconds(proc.pid) - c0) * 1000) / Math.max(r.requests, 1);
  return r;
}

function peakMemoryMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return NaN;
  }
}

async function post(url, body, headers = {}, retry = true) {
  let res;
  try {
    res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  } catch (e) {
    // A server may close an idle keep-alive connection just as the client reuses it: try once more.
    if (retry) return post(url, body, headers, false);
    throw e;
  }
  const json = await res.json();
  if (json.errors) throw new Error(`${url}: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json;
}

function load(url, bodies, headers, opts) {
  // The configuration goes through a file: a mutation's bodies are too long for a command line.
  const file = path.join(require('node:os').tmpdir(), `fupin-bench-load-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify({ url: `${url}/graphql`, bodies, headers, connections: CONNECTIONS, ...opts }));
  try {
    return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'load.js'), file], { maxBuffer: 1 << 24 }).toString());
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function timeSequential(fn, runs) {
  for (let i = 0; i < Math.min(20, runs); i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

/** Creates the database if needed and loads the demo data with a hub of its own (so its memory is not counted). */
async function prepare(dbName, scale, mainJs, fresh) {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount;
  if (exists && fresh) await admin.query(`drop database ${dbName} with (force)`);
  if (!exists || fresh) await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = dbUrl(dbName);
  const c = new Client({ connectionString: url });
  await c.connect();
  const seeded = (await c.query(`select to_regclass('public.laborer') is not null as t`)).rows[0].t && (await c.query('select exists (select 1 from laborer) as e')).rows[0].e;
  await c.end();
  if (!seeded) {
    console.error(`bench: loading the demo data into ${dbName} (scale ${scale})`);
    const t0 = Date.now();
    const seeder = await startHub(mainJs, url, scale);
    await stop(seeder.proc);
    console.error(`bench: ${dbName} loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return url;
}

function startHub(mainJs, url, scale) {
  return startProcess(process.execPath, [mainJs], { DATABASE_URL: url, PORT: '0', SEED_SCALE: String(scale), HUB_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn' }, /GraphQL (http:\/\/\S+)\/graphql/, 'hub');
}

function stop(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.removeAllListeners('exit');
    // A server that has not stopped 15 s after SIGINT is killed.
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGINT');
  });
}

async function signInTo(url) {
  const r = await post(url, JSON.stringify({ query: 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', variables: { u: process.env.HUB_USER || 'admin', p: ADMIN_PASSWORD } }));
  return { authorization: `Bearer ${r.data.signIn.token}` };
}

const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function main() {
  const loadBefore = loadAverage();
  // BENCH_DB: teams sharing the server each bench their own database.
  const dbName = process.env.BENCH_DB || `fupin_bench_${String(SCALE).replace('.', '_')}`;
  const hubJs = path.join(ROOT, 'api/dist/main.js');
  const url = await prepare(dbName, SCALE, hubJs, process.argv.includes('--fresh'));
  // Other hubs the writes are compared with (same questions, interleaved): an earlier commit's, this one at another scale.
  const others = [];
  if (BASELINE_HUB) others.push({ label: 'baseline', js: BASELINE_HUB, db: `${dbName}_base`, scale: SCALE });
  if (COMPARE_SCALE) others.push({ label: `scale ${COMPARE_SCALE}`, js: hubJs, db: process.env.BENCH_DB_COMPARE || `fupin_bench_${COMPARE_SCALE.replace('.', '_')}`, scale: Number(COMPARE_SCALE) });
  for (const o of others) o.url = await prepare(o.db, o.scale, o.js, false);

  console.error(`bench: scale ${SCALE}, database ${dbName}; load average ${loadBefore}`);
  const t0 = Date.now();
  const hub = await startHub(hubJs, url, SCALE);
  console.error(`bench: hub ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const peer = await startProcess(process.execPath, [path.join(__dirname, 'postgraphile-peer.mjs')], { DATABASE_URL: url, PORT: '0' }, /peer ready (http:\/\/\S+)/, 'peer');
  const pg = new Client({ connectionString: url });
  await pg.connect();

  try {
    const auth = await signInTo(hub.url);

    // Samples: the village with the most laborers, the laborer with the most records.
    const [{ village }] = (await pg.query(`select village_code as village from laborer group by 1 order by count(*) desc, 1 limit 1`)).rows;
    const [{ laborer }] = (await pg.query(`select laborer_id as laborer from subsidy_payment group by 1 order by count(*) desc, 1 limit 1`)).rows;
    const counters = (await pg.query(`select column_name from information_schema.columns where table_name = 'stats_month' and column_name not in ('region_code', 'month') order by ordinal_position`)).rows.map((r) => r.column_name);
    const statsFields = (await post(hub.url, JSON.stringify({ query: '{ __type(name: "RegionStats") { fields { name type { kind ofType { kind } } } } }' }), auth)).data.__type.fields
      .filter((f) => (f.type.kind === 'SCALAR' || f.type.ofType?.kind === 'SCALAR'))
      .map((f) => f.name)
      .join(' ');

    const drillSql = `select r.code, r.name, s.* from region r left join lateral (
        select ${counters.map((c) => `sum(${c}) as ${c}`).join(', ')} from stats_month m where m.region_code = r.code and m.month <= $2
      ) s on true where r.code = $1 or r.parent_code = $1 order by r.code`;
    const villagesOf = (depth) => (depth === 0 ? 'laborersByVillageCode { totalCount } t: laborersByVillageCode(condition: { wantsTraining: true }) { totalCount } x: laborersByVillageCode(condition: { wantsTransfer: true }) { totalCount } e: laborersByVillageCode(condition: { wantsEnterprise: true }) { totalCount } householdsByVillageCode { totalCount }' : `regionsByParentCode { nodes { code name ${villagesOf(depth - 1)} } }`);

    const scenarios = [
      {
        // Not a question: the cost of any signed-in request over HTTP here (session check, parse, limits).
        key: 'baseline',
        name: 'baseline: `{ hub { version } }` (HTTP + sign-in check)',
        hub: { query: '{ hub { version } }' },
        peer: { query: '{ __typename }' },
        sql: () => pg.query('select 1'),
      },
      {
        key: 'city',
        name: 'city drill-down (city + 9 counties, all indicators)',
        hub: { query: `query($id: ID!) { Region(id: $id) { code name stats { ${statsFields} } childrenStats { ${statsFields} } } }`, variables: { id: CITY } },
        // PostGraphile has no statistics: the same registry counts come from nested totalCounts down to the villages.
        peer: { query: `query($code: String!) { regionByCode(code: $code) { code name ${villagesOf(3)} } }`, variables: { code: CITY } },
        sql: () => pg.query(drillSql, [CITY, AS_OF_END]),
      },
      {
        key: 'county',
        name: 'county drill-down (南部县 + its townships)',
        hub: { query: `query($id: ID!) { Region(id: $id) { code name stats { ${statsFields} } childrenStats { ${statsFields} } } }`, variables: { id: COUNTY } },
        peer: { query: `query($code: String!) { regionByCode(code: $code) { code name ${villagesOf(2)} } }`, variables: { code: COUNTY } },
        sql: () => pg.query(drillSql, [COUNTY, AS_OF_END]),
      },
      {
        key: 'list',
        name: "village laborer list (25 of the largest village's, with household and village)",
        hub: {
          query: `query($v: ID!) { allLaborers(filter: { regionCode: $v }, perPage: 25, sortField: "name") { id name idNumber gender birthDate phone household { headName memberCount } village { name } } _allLaborersMeta(filter: { regionCode: $v }) { count } }`,
          variables: { v: village },
        },
        peer: {
          query: `query($v: String!) { allLaborers(condition: { villageCode: $v }, first: 25, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { totalCount nodes { rowId name idNumber gender birthDate phone householdByHouseholdIdAndVillageCode { headName memberCount } regionByVillageCode { name } } } }`,
          variables: { v: village },
        },
        sql: async () => {
          await pg.query(`select l.id, l.name, l.id_number, l.gender, l.birth_date, l.phone, h.head_name, h.member_count, r.name as village
            from laborer l join household h on h.id = l.household_id join region r on r.code = l.village_code
            where l.village_code = $1 order by l.name, l.id limit 25`, [village]);
          await pg.query(`select count(*) from laborer where village_code = $1`, [village]);
        },
      },
      {
        key: 'detail',
        name: 'laborer detail with full history',
        hub: {
          query: `query($id: ID!) { Laborer(id: $id) { id name idNumber gender birthDate phone education wantsTraining wantsTransfer wantsEnterprise povertyStatus
            household { headName memberCount } village { name } township { name } county { name }
            enrollments { id completed completedOn } employments { id kind channel employer startDate endDate } enterprises { id name sector }
            loans { id amount status } welfarePlacements { id startDate endDate } dreamSchoolings { id school } }
            laborerHistory(laborerId: $id) { date kind title amount } }`,
          variables: { id: String(laborer) },
        },
        peer: {
          query: `query($id: Int!) { laborerByRowId(rowId: $id) { rowId name idNumber gender birthDate phone education wantsTraining wantsTransfer wantsEnterprise povertyStatus
            householdByHouseholdIdAndVillageCode { headName memberCount } regionByVillageCode { name regionByParentCode { name regionByParentCode { name } } }
            enrollmentsByLaborerIdAndVillageCode { nodes { rowId completed completedOn } } employmentsByLaborerIdAndVillageCode { nodes { rowId kind channel employer startDate endDate } }
            enterprisesByLaborerIdAndVillageCode { nodes { rowId name sector } } guaranteedLoansByLaborerIdAndVillageCode { nodes { rowId amount status } }
            welfarePlacementsByLaborerIdAndVillageCode { nodes { rowId startDate endDate } } dreamSchoolingsByLaborerIdAndVillageCode { nodes { rowId school } }
            subsidyPaymentsByLaborerIdAndVillageCode { nodes { rowId period amount status } } } }`,
          variables: { id: laborer },
        },
        sql: async () => {
          await pg.query(`select l.*, h.head_name, h.member_count, v.name, t.name, c.name from laborer l join household h on h.id = l.household_id
            join region v on v.code = l.village_code join region t on t.code = v.parent_code join region c on c.code = t.parent_code where l.id = $1`, [laborer]);
          await pg.query(`select 'E' k, id, enrolled_on d from enrollment where laborer_id = $1 union all select 'J', id, start_date from employment where laborer_id = $1
            union all select 'B', id, started_on from enterprise where laborer_id = $1 union all select 'L', id, applied_on from guaranteed_loan where laborer_id = $1
            union all select 'P', id, start_date from welfare_placement where laborer_id = $1 union all select 'S', id, make_date(intake_year, 9, 1) from dream_schooling where laborer_id = $1
            union all select 'Y', id, applied_on from subsidy_payment where laborer_id = $1 order by 3`, [laborer]);
        },
      },
      {
        key: 'figures',
        name: 'the figures (city statistics)',
        hub: { query: `query($id: ID!) { Region(id: $id) { stats { ${statsFields} } } }`, variables: { id: CITY } },
        peer: {
          query: `{ laborers: allLaborers { totalCount } t: allLaborers(condition: { wantsTraining: true }) { totalCount } x: allLaborers(condition: { wantsTransfer: true }) { totalCount }
            e: allLaborers(condition: { wantsEnterprise: true }) { totalCount } trained: allEnrollments(condition: { completed: true }) { totalCount }
            transfer: allEmployments(condition: { kind: TRANSFER }) { totalCount } local: allEmployments(condition: { kind: LOCAL }) { totalCount }
            enterprises: allEnterprises { totalCount } posts: allWelfarePosts { totalCount } placements: allWelfarePlacements { totalCount } loans: allGuaranteedLoans { totalCount } }`,
        },
        sql: () => pg.query(`select ${counters.map((c) => `sum(${c}) as ${c}`).join(', ')} from stats_month where region_code = $1 and month <= $2`, [CITY, AS_OF_END]),
      },
    ];

    const rows = [];
    for (const s of scenarios) {
      const hubBody = JSON.stringify(s.hub);
      const peerBody = JSON.stringify(s.peer);
      await post(hub.url, hubBody, auth);
      await post(peer.url, peerBody);
      const sqlP50 = await timeSequential(s.sql, SQL_RUNS);
      const hubSeqP50 = await timeSequential(() => post(hub.url, hubBody, auth), SQL_RUNS);
      load(hub.url, [hubBody], auth, { duration: 2 });
      load(peer.url, [peerBody], {}, { duration: 2 });
      const runs = { hub: [], peer: [] };
      for (let round = 0; round < 2; round++) {
        runs.hub.push(measured(hub.proc, hub.url, [hubBody], auth, { duration: DURATION / 2 }));
        runs.peer.push(measured(peer.proc, peer.url, [peerBody], {}, { duration: DURATION / 2 }));
      }
      const agg = (xs) => ({
        rps: xs.reduce((a, r) => a + r.rps, 0) / xs.length,
        p50: median(xs.map((r) => r.p50)),
        p99: Math.max(...xs.map((r) => r.p99)),
        bad: xs.reduce((a, r) => a + r.errors + r.non2xx + r.timeouts, 0),
        cpuMs: xs.reduce((a, r) => a + r.cpuMs * r.requests, 0) / Math.max(xs.reduce((a, r) => a + r.requests, 0), 1),
      });
      const h = agg(runs.hub);
      const p = agg(runs.peer);
      const row = { key: s.key, name: s.name, sqlP50, hubSeqP50, hub: h, peer: p, vsSql: hubSeqP50 / sqlP50, vsPeer: h.rps / p.rps };
      rows.push(row);
      console.error(`bench: ${s.name}: hub ${h.rps.toFixed(0)} rps p50 ${h.p50} ms; peer ${p.rps.toFixed(0)} rps; SQL p50 ${sqlP50.toFixed(2)} ms, hub alone p50 ${hubSeqP50.toFixed(2)} ms`);
    }

    // Writes: enrolling laborers (each request a different laborer), on this hub and the ones compared, interleaved.
    const memPeer = peakMemoryMb(peer.proc.pid);
    await stop(peer.proc);
    const writers = [{ label: 'this commit', url: hub.url, auth, db: url, proc: hub.proc }];
    for (const o of others) {
      const h = await startHub(o.js, o.url, o.scale);
      writers.push({ label: o.label, url: h.url, auth: await signInTo(h.url), db: o.url, proc: h.proc });
    }
    const HOLD_S = 8;
    const writeRuns = [
      { name: 'enroll a laborer, one class (mutation, 8 connections)', counties: [COUNTY] },
      { name: 'enroll a laborer, a class in each county (mutation, 8 connections)', counties: null },
      // What an import's long commit does to everyone else: another transaction changed counters in every
      // county and stays open for HOLD_S seconds while the writes run (then rolls back).
      { name: `enroll a laborer, a class in each county, while a transaction that changed counters in every county stays open ${HOLD_S} s`, counties: null, hold: true },
    ];
    const writes = [];
    for (const w of writeRuns) {
      const prepared = [];
      for (const h of writers) {
        const c = new Client({ connectionString: h.db });
        await c.connect();
        const counties = w.counties ?? (await c.query(`select code from region where level = 'COUNTY' order by code`)).rows.map((r) => r.code);
        const [{ provider }] = (await c.query('select id as provider from training_provider order by id limit 1')).rows;
        const perCounty = [];
        for (const county of counties) {
          const cls = await post(h.url, JSON.stringify({
            query: `mutation($p: ID!, $c: ID!) { createTrainingClass(title: "压测班", kind: EMPLOYMENT, providerId: $p, countyId: $c, startDate: "2017-06-01", endDate: "2017-06-30", capacity: 2000) { id } }`,
            variables: { p: String(provider), c: county },
          }), h.auth);
          const classId = cls.data.createTrainingClass.id;
          const ids = (await c.query(`select id from laborer where village_code like $1 order by id limit $2`, [`${county.slice(0, 6)}%`, Math.ceil(WRITES / counties.length)])).rows.map((r) => r.id);
          perCounty.push(ids.map((id) => JSON.stringify({ query: 'mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-06-01") { id } }', variables: { c: classId, l: String(id) } })));
          h.classes = [...(h.classes ?? []), classId];
        }
        // Round robin over the counties, so concurrent requests are in different counties.
        const bodies = [];
        for (let i = 0; bodies.length < WRITES && i < Math.max(...perCounty.map((b) => b.length)); i++) for (const b of perCounty) if (b[i] && bodies.length < WRITES) bodies.push(b[i]);
        prepared.push({ h, c, bodies, halves: [bodies.slice(0, bodies.length / 2), bodies.slice(bodies.length / 2)] });
      }
      const results = prepared.map(() => []);
      for (let round = 0; round < 2; round++) {
        for (const [i, p] of prepared.entries()) {
          let holder = null;
          let held = null;
          if (w.hold) {
            holder = new Client({ connectionString: p.h.db });
            await holder.connect();
            const ids = (await holder.query(`select distinct on (substr(village_code, 1, 6)) id from laborer order by substr(village_code, 1, 6), id desc`)).rows.map((r) => r.id);
            // One simple query: the server holds the transaction for HOLD_S s and rolls back on its own,
            // while this process is busy in the (synchronous) load run.
            held = holder.query(`begin; update laborer set wants_enterprise = not wants_enterprise where id = any('{${ids.join(',')}}'::int[]); select pg_sleep(${HOLD_S}); rollback;`);
            await new Promise((r) => setTimeout(r, 300));
          }
          results[i].push(load(p.h.url, p.halves[round], p.h.auth, { amount: p.halves[round].length }));
          if (holder) {
            await held;
            await holder.end();
          }
        }
      }
      const row = { name: w.name, byHub: [] };
      for (const [i, p] of prepared.entries()) {
        const rs = results[i];
        const [{ n }] = (await p.c.query('select count(*)::int as n from enrollment where class_id = any($1::int[])', [p.h.classes.map(Number)])).rows;
        await p.c.query('delete from enrollment where class_id = any($1::int[])', [p.h.classes.map(Number)]);
        await p.c.query('delete from training_class where id = any($1::int[])', [p.h.classes.map(Number)]);
        p.h.classes = [];
        await p.c.end();
        row.byHub.push({ label: p.h.label, rps: rs.reduce((a, r) => a + r.rps, 0) / rs.length, p50: median(rs.map((r) => r.p50)), p99: Math.max(...rs.map((r) => r.p99)), bad: rs.reduce((a, r) => a + r.errors + r.non2xx + r.timeouts, 0), written: n, asked: p.bodies.length });
      }
      writes.push(row);
      console.error(`bench: ${w.name}: ${row.byHub.map((b) => `${b.label} ${b.rps.toFixed(0)}/s (${b.written}/${b.asked})`).join(', ')}`);
    }
    for (const h of writers.slice(1)) await stop(h.proc);

    const memHub = peakMemoryMb(hub.proc.pid);
    const [{ size }] = (await pg.query('select pg_size_pretty(pg_database_size(current_database())) as size')).rows;
    const [{ laborers }] = (await pg.query('select count(*)::int as laborers from laborer')).rows;
    let commit = '';
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    } catch {}

    const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
    // The targets of issue #14, each with pass or miss.
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    const targets = [
      ['empty request: hub/peer throughput', byKey.baseline?.vsPeer, '>=', 0.8],
      ['village laborer list: hub/peer throughput', byKey.list?.vsPeer, '>=', 1.0],
      ['laborer detail: hub/peer throughput', byKey.detail?.vsPeer, '>=', 1.0],
      ['city drill-down: hub/peer throughput', byKey.city?.vsPeer, '>=', 20],
      ['county drill-down: hub/peer throughput', byKey.county?.vsPeer, '>=', 3],
      ['the figures: hub/peer throughput', byKey.figures?.vsPeer, '>=', 20],
      ['city drill-down: hub alone p50 / SQL p50', byKey.city?.vsSql, '<=', 2],
      ['county drill-down: hub alone p50 / SQL p50', byKey.county?.vsSql, '<=', 2],
      ['village laborer list: hub alone p50 / SQL p50', byKey.list?.vsSql, '<=', 2.5],
      ['laborer detail: hub alone p50 / SQL p50', byKey.detail?.vsSql, '<=', 2.5],
      ['peak memory: hub / PostGraphile', memHub / memPeer, '<=', 1],
    ];
    const rate = (w, label) => w.byHub.find((b) => b.label === label)?.rps;
    if (BASELINE_HUB) for (const w of writes) targets.push([`${w.name}: this commit / baseline req/s (today's)`, rate(w, 'this commit') / rate(w, 'baseline'), '>=', 4]);
    if (COMPARE_SCALE) for (const w of writes) targets.push([`${w.name}: scale ${SCALE} / scale ${COMPARE_SCALE} req/s`, rate(w, 'this commit') / rate(w, `scale ${COMPARE_SCALE}`), '>=', 0.8]);
    const badWrites = writes.reduce((a, w) => a + w.byHub.reduce((b, x) => b + x.bad + (x.asked - x.written), 0), 0);
    targets.push(['failed requests and lost writes', rows.reduce((a, r) => a + r.hub.bad + r.peer.bad, 0) + badWrites, '<=', 0]);
    const verdict = (v, op, t) =>
      !Number.isFinite(v) ? 'not measured' : (op === '>=' ? v >= t : v <= t) ? 'pass' : `**miss** (${t === 0 ? v : op === '>=' ? `${(v / t).toFixed(2)} of the target` : `${(v / t).toFixed(2)}x the limit`})`;
    const loadAfter = loadAverage();

    const lines = [
      `# Bench, scale ${SCALE} (${laborers.toLocaleString('en')} laborers, database ${size})`,
      '',
      `${new Date().toISOString().slice(0, 16)}Z, commit ${commit}, ${CONNECTIONS} connections, ${DURATION} s per server per question (two interleaved halves), 2-core machine shared by load generator, servers, PostgreSQL and other engineers' work: load average (1, 5, 15 min) ${loadBefore} at the start, ${loadAfter} at the end.`,
      '',
      '| question | hub p50 ms | hub p99 ms | hub req/s | peer p50 ms | peer req/s | hub/peer throughput | hub alone p50 ms | SQL p50 ms | hub/SQL p50 | CPU ms/request hub, peer |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) => `| ${r.name} | ${f(r.hub.p50)} | ${f(r.hub.p99)} | ${f(r.hub.rps, 0)} | ${f(r.peer.p50)} | ${f(r.peer.rps, 0)} | ${f(r.vsPeer, 2)}x | ${f(r.hubSeqP50, 2)} | ${f(r.sqlP50, 2)} | ${f(r.vsSql, 2)}x | ${f(r.hub.cpuMs, 2)}, ${f(r.peer.cpuMs, 2)} |`),
      '',
      `Writes (${WRITES} requests per hub, two interleaved halves per hub):`,
      '',
      '| write | hub | p50 ms | p99 ms | req/s | written |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...writes.flatMap((w) => w.byHub.map((b) => `| ${w.name} | ${b.label} | ${f(b.p50)} | ${f(b.p99)} | ${f(b.rps, 0)} | ${b.written} of ${b.asked} |`)),
      '',
      `Peak memory (VmHWM): hub ${memHub} MB, PostGraphile ${memPeer} MB (the hub measured did not load the demo data).`,
      '',
      '| target (issue #14) | measured | target | |',
      '| --- | ---: | ---: | --- |',
      ...targets.map(([what, v, op, t]) => `| ${what} | ${f(v, 2)} | ${op} ${t} | ${verdict(v, op, t)} |`),
      '',
      '- "hub alone p50": one request at a time over HTTP, the same way the SQL floor is timed (one `pg` client in this process, hand-written SQL giving the same answer: the statistics counters summed per region, the page and its count, the person and their records).',
      '- The peer answers the drill-downs with nested `totalCount`s down to the villages (it has no statistics of its own) for five registry indicators, where the hub answers every indicator: the comparison favours the peer.',
      '- "CPU ms/request": user + system CPU time of the server process (not PostgreSQL) per request during the load runs; less sensitive to the other work on the machine than requests per second.',
      `- Writes: "baseline" is the hub of an earlier commit (BENCH_BASELINE_HUB) on its own copy of the data, run interleaved with this one; "scale N" is this commit's hub on the scale-N data.`,
    ];
    const out = path.join(__dirname, 'results', `scale-${SCALE}.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${lines.join('\n')}\n`);
    console.log(lines.join('\n'));
    console.error(`bench: wrote ${path.relative(ROOT, out)}`);
  } finally {
    await pg.end();
    await stop(hub.proc);
    await stop(peer.proc);
  }
}

// `--import`: the import centre's bench (its own file, e2e/bench/import.js).
(process.argv.includes('--import') ? require('./import.js').main() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
