#!/usr/bin/env node
// `npm run bench [-- --scale 1 --duration 10 --connections 8]`: starts the hub (and PostGraphile v5, the
// peer) on a seeded database and measures, for each question an analyst or the dashboard asks:
//  - p50/p99 and requests per second under load (autocannon on loopback, its own process), hub and peer
//    interleaved A B A B after a warm-up, since the load generator, the servers and PostgreSQL share 2 cores;
//  - the hub's single-request p50 over the p50 of hand-written SQL for the same answer through `pg` in
//    this process (the floor for any GraphQL layer);
//  - the servers' peak memory (VmHWM).
// Writes the table to e2e/bench/results/scale-<s>.md. Ratios of one run on one box, not absolute figures.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SCALE = Number(arg('scale', '1'));
const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '8'));
const SQL_RUNS = Number(arg('sql-runs', '100'));
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

async function main() {
  const dbName = `fupin_bench_${String(SCALE).replace('.', '_')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount;
  if (exists && process.argv.includes('--fresh')) await admin.query(`drop database ${dbName} with (force)`);
  if (!exists || process.argv.includes('--fresh')) await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = dbUrl(dbName);

  console.error(`bench: scale ${SCALE}, database ${dbName}; starting the hub (it loads the demo data when the database is empty)`);
  const t0 = Date.now();
  const hub = await startProcess(process.execPath, [path.join(ROOT, 'api/dist/main.js')], { DATABASE_URL: url, PORT: '0', SEED_SCALE: String(SCALE), HUB_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn' }, /GraphQL (http:\/\/\S+)\/graphql/, 'hub');
  console.error(`bench: hub ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const peer = await startProcess(process.execPath, [path.join(__dirname, 'postgraphile-peer.mjs')], { DATABASE_URL: url, PORT: '0' }, /peer ready (http:\/\/\S+)/, 'peer');
  const pg = new Client({ connectionString: url });
  await pg.connect();

  try {
    const signIn = await post(hub.url, JSON.stringify({ query: 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', variables: { u: process.env.HUB_USER || 'admin', p: ADMIN_PASSWORD } }));
    const auth = { authorization: `Bearer ${signIn.data.signIn.token}` };

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
        name: 'baseline: `{ hub { version } }` (HTTP + sign-in check)',
        hub: { query: '{ hub { version } }' },
        peer: { query: '{ __typename }' },
        sql: () => pg.query('select 1'),
      },
      {
        name: 'city drill-down (city + 9 counties, all indicators)',
        hub: { query: `query($id: ID!) { Region(id: $id) { code name stats { ${statsFields} } childrenStats { ${statsFields} } } }`, variables: { id: CITY } },
        // PostGraphile has no statistics: the same registry counts come from nested totalCounts down to the villages.
        peer: { query: `query($code: String!) { regionByCode(code: $code) { code name ${villagesOf(3)} } }`, variables: { code: CITY } },
        sql: () => pg.query(drillSql, [CITY, AS_OF_END]),
      },
      {
        name: 'county drill-down (南部县 + its townships)',
        hub: { query: `query($id: ID!) { Region(id: $id) { code name stats { ${statsFields} } childrenStats { ${statsFields} } } }`, variables: { id: COUNTY } },
        peer: { query: `query($code: String!) { regionByCode(code: $code) { code name ${villagesOf(2)} } }`, variables: { code: COUNTY } },
        sql: () => pg.query(drillSql, [COUNTY, AS_OF_END]),
      },
      {
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
        runs.hub.push(load(hub.url, [hubBody], auth, { duration: DURATION / 2 }));
        runs.peer.push(load(peer.url, [peerBody], {}, { duration: DURATION / 2 }));
      }
      const agg = (xs) => ({ rps: xs.reduce((a, r) => a + r.rps, 0) / xs.length, p50: median(xs.map((r) => r.p50)), p99: Math.max(...xs.map((r) => r.p99)), bad: xs.reduce((a, r) => a + r.errors + r.non2xx + r.timeouts, 0) });
      const h = agg(runs.hub);
      const p = agg(runs.peer);
      const row = { name: s.name, sqlP50, hubSeqP50, hub: h, peer: p, vsSql: hubSeqP50 / sqlP50, vsPeer: h.rps / p.rps };
      rows.push(row);
      console.error(`bench: ${s.name}: hub ${h.rps.toFixed(0)} rps p50 ${h.p50} ms; peer ${p.rps.toFixed(0)} rps; SQL p50 ${sqlP50.toFixed(2)} ms, hub alone p50 ${hubSeqP50.toFixed(2)} ms`);
    }

    // A write: enrolling laborers in a class (each request a different laborer).
    const [{ provider }] = (await pg.query('select id as provider from training_provider order by id limit 1')).rows;
    const cls = await post(hub.url, JSON.stringify({
      query: `mutation($p: ID!) { createTrainingClass(title: "压测班", kind: EMPLOYMENT, providerId: $p, countyId: "${COUNTY}", startDate: "2017-06-01", endDate: "2017-06-30", capacity: 2000) { id } }`,
      variables: { p: String(provider) },
    }), auth);
    const ids = (await pg.query(`select id from laborer where village_code like '511321%' order by id limit 1500`)).rows.map((r) => r.id);
    const bodies = ids.map((id) => JSON.stringify({ query: 'mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-06-01") { id } }', variables: { c: cls.data.createTrainingClass.id, l: String(id) } }));
    const m = load(hub.url, bodies, auth, { amount: bodies.length });
    const [{ n }] = (await pg.query('select count(*)::int as n from enrollment where class_id = $1', [cls.data.createTrainingClass.id])).rows;
    await pg.query('delete from enrollment where class_id = $1', [cls.data.createTrainingClass.id]);
    await pg.query('delete from training_class where id = $1', [cls.data.createTrainingClass.id]);

    const memHub = peakMemoryMb(hub.proc.pid);
    const memPeer = peakMemoryMb(peer.proc.pid);
    const [{ size }] = (await pg.query('select pg_size_pretty(pg_database_size(current_database())) as size')).rows;
    const [{ laborers }] = (await pg.query('select count(*)::int as laborers from laborer')).rows;
    let commit = '';
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    } catch {}

    const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
    const lines = [
      `# Bench, scale ${SCALE} (${laborers.toLocaleString('en')} laborers, database ${size})`,
      '',
      `${new Date().toISOString().slice(0, 16)}Z, commit ${commit}, ${CONNECTIONS} connections, ${DURATION} s per server per question (two interleaved halves), 2-core machine shared by load generator, servers and PostgreSQL.`,
      '',
      '| question | hub p50 ms | hub p99 ms | hub req/s | peer p50 ms | peer req/s | hub/peer throughput | hub alone p50 ms | SQL p50 ms | hub/SQL p50 |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) => `| ${r.name} | ${f(r.hub.p50)} | ${f(r.hub.p99)} | ${f(r.hub.rps, 0)} | ${f(r.peer.p50)} | ${f(r.peer.rps, 0)} | ${f(r.vsPeer, 2)}x | ${f(r.hubSeqP50, 2)} | ${f(r.sqlP50, 2)} | ${f(r.vsSql, 2)}x |`),
      `| enroll a laborer (mutation, ${bodies.length} requests) | ${f(m.p50)} | ${f(m.p99)} | ${f(m.rps, 0)} | | | | | | |`,
      '',
      `Peak memory (VmHWM): hub ${memHub} MB, PostGraphile ${memPeer} MB. Enrollments written by the mutation run: ${n} of ${bodies.length}. Failed requests: ${rows.reduce((a, r) => a + r.hub.bad, 0)} hub, ${rows.reduce((a, r) => a + r.peer.bad, 0)} peer, ${m.errors + m.non2xx + m.timeouts} mutation.`,
      '',
      '- "hub alone p50": one request at a time over HTTP, the same way the SQL floor is timed (one `pg` client in this process, hand-written SQL giving the same answer: the statistics counters summed per region, the page and its count, the person and their records).',
      '- The peer answers the drill-downs with nested `totalCount`s down to the villages (it has no statistics of its own) for five registry indicators, where the hub answers every indicator: the comparison favours the peer.',
    ];
    const out = path.join(__dirname, 'results', `scale-${SCALE}.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${lines.join('\n')}\n`);
    console.log(lines.join('\n'));
    console.error(`bench: wrote ${path.relative(ROOT, out)}`);
  } finally {
    await pg.end();
    hub.proc.kill('SIGINT');
    peer.proc.kill('SIGINT');
  }
}

// `--import`: the import centre's bench (its own file, e2e/bench/import.js).
(process.argv.includes('--import') ? require('./import.js').main() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
