#!/usr/bin/env node
// `npm run bench -- --import [--scale 1]`: the import centre at scale: the seeded registry exported to .xlsx
// and imported back, over HTTP as a clerk would, against the hub in its own process:
//  - export of the whole registry (startExport → file), seconds;
//  - preview of the export (every row unchanged: 0 changed), seconds;
//  - preview of a file with bad rows: seconds until the first refusals are listed;
//  - commit of the whole file into an empty registry (all creates), seconds, and the seed loader's COPY
//    time of the same tables as the floor (ratio);
//  - while that commit runs, a plain enrollment by another user, again and again: p50/p99;
//  - the hub's peak memory (VmHWM) over all of it.
// Database: BENCH_DB (default fupin_bench_import_<scale>), created fresh and dropped at the end.
// Writes e2e/bench/results/import-scale-<s>.md.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '../..');
// The hub's exceljs with its streaming parser fixed for characters split across chunks (api/src/modules/import/import.exceljs.ts).
const ExcelJS = require(path.join(ROOT, 'api/dist/modules/import/import.exceljs.js')).default;
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[i + 1] : dflt;
};
const SCALE = Number(arg('scale', '1'));
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = process.env.BENCH_DB || `fupin_bench_import_${String(SCALE).replace('.', '_')}`;
const PASSWORD = process.env.HUB_PASSWORD || 'bench-only-password';

const dbUrl = (name) => Object.assign(new URL(SERVER_URL), { pathname: `/${name}` }).toString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => (ms / 1000).toFixed(1);

function startHub(url) {
  const proc = spawn(process.execPath, [path.join(ROOT, 'api/dist/main.js')], {
    env: { ...process.env, DATABASE_URL: url, PORT: '0', SEED_SCALE: String(SCALE), HUB_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b) => {
      out += b.toString();
      const m = /GraphQL (http:\/\/\S+)\/graphql/.exec(out);
      if (m) resolve({ proc, url: m[1], log: () => out });
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`hub exited ${code}:\n${out}`)));
  });
}

function vmHwmMb(pid) {
  try {
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
  } catch {
    return NaN;
  }
}

async function gql(url, token, query, variables) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const json = await res.json();
  if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 400));
  return json.data;
}

const BATCH = 'id status phase rowsDone rowsTotal counts { create update unchanged refused created updated } error { code message } refusals { code count }';

async function uploadFile(url, token, name, buffer) {
  const form = new FormData();
  form.append('dataset', 'LABORERS');
  form.append('file', new Blob([buffer]), name);
  const res = await fetch(`${url}/api/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-hub-csrf': '1' } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`upload ${res.status}: ${JSON.stringify(body)}`);
  return body.batchId;
}

/** Polls a batch until `done(b)`; answers it with the time taken and when the first refusal showed. */
async function until(url, token, id, done, started) {
  let firstRefusal = null;
  for (;;) {
    const b = (await gql(url, token, `query($id: ID!) { importBatch(id: $id) { ${BATCH} } }`, { id })).importBatch;
    if (firstRefusal === null && b.refusals.length) firstRefusal = Date.now() - started;
    if (done(b)) return { b, ms: Date.now() - started, firstRefusal };
    if (b.status === 'FAILED') throw new Error(`batch ${id} failed: ${JSON.stringify(b.error)}`);
    await sleep(250);
  }
}

/** The export with every 1000th ID number's check character changed (streamed through exceljs). */
async function withBadRows(buffer) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), { entries: 'emit', sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
  const chunks = [];
  const { PassThrough } = require('node:stream');
  const out = new PassThrough();
  out.on('data', (c) => chunks.push(c));
  const done = new Promise((r) => out.on('end', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('数据');
  let idCol = -1;
  let bad = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values.slice(1);
      if (idCol < 0) {
        // The data sheet's header (the 填写说明 sheet lists the labels one per row).
        idCol = values.includes('姓名') ? values.indexOf('身份证号') : -1;
        if (idCol < 0) continue;
      } else if (row.number % 1000 === 0 && typeof values[idCol] === 'string') {
        const v = values[idCol];
        values[idCol] = v.slice(0, 17) + (v[17] === '0' ? '1' : '0');
        bad++;
      }
      ws.addRow(values).commit();
    }
    if (idCol >= 0) break;
  }
  ws.commit();
  await wb.commit();
  await done;
  return { buffer: Buffer.concat(chunks), bad };
}

function pct(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function main() {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.query(`create database ${DB}`);
  const url = dbUrl(DB);
  console.error(`bench --import: scale ${SCALE}, database ${DB}; starting the hub (it loads the demo data)`);
  const t0 = Date.now();
  // The demo data is loaded by a hub of its own, stopped once ready: the hub measured (its peak memory
  // above all) does only what a clerk asks of it, as in the main bench.
  const loader = await startHub(url);
  const seedLine = /loaded the demo dataset: (\d+) laborers, (\d+) rows in ([\d.]+) s/.exec(loader.log());
  await new Promise((resolve) => {
    loader.proc.removeAllListeners('exit');
    const kill = setTimeout(() => loader.proc.kill('SIGKILL'), 15_000);
    loader.proc.on('exit', () => (clearTimeout(kill), resolve()));
    loader.proc.kill('SIGTERM');
  });
  const hub = await startHub(url);
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const results = {};
  try {
    console.error(`bench: hub ready after ${secs(Date.now() - t0)} s (${seedLine ? seedLine[0] : 'no seed line'})`);
    const token = (await gql(hub.url, null, 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: 'admin', p: PASSWORD })).signIn.token;
    const laborers = Number((await pg.query('select count(*) from laborer')).rows[0].count);

    // The seed loader's COPY of the registry tables, as the floor: timed here on a copy of them.
    await pg.query('create table bench_household (like household including defaults); create table bench_laborer (like laborer including defaults)');
    const copyFloor = await (async () => {
      const c0 = Date.now();
      await pg.query('insert into bench_household select * from household');
      await pg.query('insert into bench_laborer select * from laborer');
      return Date.now() - c0;
    })();
    await pg.query('drop table bench_household, bench_laborer');

    // 1. Export.
    let t = Date.now();
    const job = (await gql(hub.url, token, `mutation { startExport(resource: "Laborer") { id } }`)).startExport;
    let j;
    for (;;) {
      j = (await gql(hub.url, token, `query($id: ID!) { exportJob(id: $id) { status rowsDone url error { code } } }`, { id: job.id })).exportJob;
      if (j.status === 'DONE' || j.status === 'FAILED') break;
      await sleep(250);
    }
    if (j.status !== 'DONE') throw new Error(`export failed ${JSON.stringify(j.error)}`);
    const file = Buffer.from(await (await fetch(`${hub.url}${j.url}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    results.exportS = (Date.now() - t) / 1000;
    results.exportRows = j.rowsDone;
    results.exportMb = file.length / 1024 / 1024;
    console.error(`bench: export ${j.rowsDone} rows in ${secs(Date.now() - t)} s, ${results.exportMb.toFixed(1)} MB`);

    // 2. Preview of the unchanged export.
    t = Date.now();
    let id = await uploadFile(hub.url, token, 'registry.xlsx', file);
    let r = await until(hub.url, token, id, (b) => b.status === 'PREVIEWED', t);
    results.previewS = r.ms / 1000;
    results.previewCounts = r.b.counts;
    console.error(`bench: preview of the export in ${secs(r.ms)} s: ${JSON.stringify(r.b.counts)}`);

    // 3. First refusals of a file with bad rows.
    const bad = await withBadRows(file);
    t = Date.now();
    id = await uploadFile(hub.url, token, 'registry-bad.xlsx', bad.buffer);
    r = await until(hub.url, token, id, (b) => b.status === 'PREVIEWED', t);
    results.firstRefusalS = r.firstRefusal / 1000;
    results.badPreviewS = r.ms / 1000;
    results.badRefused = r.b.counts.refused;
    console.error(`bench: first refusals after ${secs(r.firstRefusal)} s; ${r.b.counts.refused} refused of ${bad.bad} bad, preview ${secs(r.ms)} s`);

    // 4. Commit into an empty registry, while another user enrolls people.
    // The registry's history is append-only (its TRUNCATE trigger refuses): the bench empties the registry as
    // a restore would, with triggers off, then rebuilds the counters from the (empty) tables.
    await pg.query(`set session_replication_role = replica; truncate laborer, household cascade; set session_replication_role = origin; select rebuild_stats(); select rebuild_lifecycle()`);
    const village = (await pg.query(`select code from region where level = 'VILLAGE' and code like '511321%' order by code limit 1`)).rows[0].code;
    const cls = (await pg.query(`select id from training_class where county_code = '511321000000' order by id limit 1`)).rows[0];
    const opName = `bench-op-${Date.now()}`;
    await gql(hub.url, token, `mutation($u: String!, $p: String!) { createUser(username: $u, displayName: $u, password: $p, role: OPERATOR, scopeRegionCode: "511321000000") { id } }`, { u: opName, p: PASSWORD });
    const opToken = (await gql(hub.url, null, 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: opName, p: PASSWORD })).signIn.token;
    const hh = (await gql(hub.url, opToken, `mutation($v: ID!) { createHousehold(villageId: $v, headName: "压测户", memberCount: 2) { id } }`, { v: village })).createHousehold.id;
    const people = [];
    for (let i = 0; i < 5; i++) {
      const first17 = `51132119990101${String(900 + i)}`;
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = [...first17].reduce((s, c, k) => s + Number(c) * w[k], 0);
      const idn = first17 + '10X98765432'[sum % 11];
      people.push((await gql(hub.url, opToken, `mutation($h: ID!, $i: String!) { createLaborer(householdId: $h, name: "压测", idNumber: $i) { id } }`, { h: hh, i: idn })).createLaborer.id);
    }
    t = Date.now();
    id = await uploadFile(hub.url, token, 'registry.xlsx', file);
    r = await until(hub.url, token, id, (b) => b.status === 'PREVIEWED', t);
    results.emptyPreviewS = r.ms / 1000;
    console.error(`bench: preview into the empty registry ${secs(r.ms)} s: ${JSON.stringify(r.b.counts)}`);
    t = Date.now();
    const commitId = id;
    await gql(hub.url, token, `mutation($id: ID!) { commitImport(batchId: $id) { status } }`, { id });
    const latencies = [];
    let committing = true;
    const enroller = (async () => {
      let k = 0;
      while (committing) {
        const who = people[k++ % people.length];
        const s = Date.now();
        const e = await gql(hub.url, opToken, `mutation($c: ID!, $l: ID!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: "2017-03-01") { id } }`, { c: String(cls.id), l: who }).catch((x) => ({ error: x }));
        latencies.push(Date.now() - s);
        if (e.createEnrollment) await gql(hub.url, opToken, `mutation($id: ID!) { deleteEnrollment(id: $id) { id } }`, { id: e.createEnrollment.id }).catch(() => null);
        await sleep(50);
      }
    })();
    r = await until(hub.url, token, id, (b) => b.status !== 'COMMITTING', t);
    committing = false;
    await enroller;
    results.commitS = r.ms / 1000;
    results.commitCounts = r.b.counts;
    latencies.sort((a, b) => a - b);
    results.enrollP50 = pct(latencies, 50);
    results.enrollP99 = pct(latencies, 99);
    results.enrollN = latencies.length;
    results.copyFloorS = copyFloor / 1000;
    results.seed = seedLine ? { laborers: Number(seedLine[1]), rows: Number(seedLine[2]), seconds: Number(seedLine[3]) } : null;
    console.error(`bench: commit ${r.b.status} in ${secs(r.ms)} s (${JSON.stringify(r.b.counts)}); enrollments during it: ${latencies.length}, p50 ${results.enrollP50} ms, p99 ${results.enrollP99} ms`);
    const after = Number((await pg.query('select count(*) from laborer')).rows[0].count);
    results.laborersAfter = after;

    // 5. The same export again, after the commit: nothing to change.
    t = Date.now();
    id = await uploadFile(hub.url, token, 'registry.xlsx', file);
    r = await until(hub.url, token, id, (b) => b.status === 'PREVIEWED', t);
    results.reimportS = r.ms / 1000;
    results.reimportCounts = r.b.counts;
    console.error(`bench: re-import ${secs(r.ms)} s: ${JSON.stringify(r.b.counts)}`);
    // 6. Undo of the 170,200-row commit: its preview, then the undo (a job with its progress).
    results.peakMbBeforeUndo = vmHwmMb(hub.proc.pid);
    try {
    t = Date.now();
    const up = (await gql(hub.url, token, `mutation($id: ID!) { previewUndo(batchId: $id) { undoPreview { remove restore kept } } }`, { id: commitId })).previewUndo.undoPreview;
    results.undoPreviewS = (Date.now() - t) / 1000;
    t = Date.now();
    await gql(hub.url, token, `mutation($id: ID!) { undoImport(batchId: $id) { status } }`, { id: commitId });
    r = await until(hub.url, token, commitId, (b) => b.status !== 'UNDOING', t);
    results.undoS = r.ms / 1000;
    results.undoStatus = r.b.status;
    results.undoPlan = up;
    results.laborersAfterUndo = Number((await pg.query('select count(*) from laborer')).rows[0].count);
    console.error(`bench: undo preview ${results.undoPreviewS.toFixed(1)} s ${JSON.stringify(up)}; undo ${r.b.status} in ${secs(r.ms)} s; ${results.laborersAfterUndo} laborers after`);
    } catch (e) {
      // An undo that fails is a result of the bench (written in the table), not the end of it.
      results.undoError = `${String(e.message).slice(0, 200)} after ${((Date.now() - t) / 1000).toFixed(1)} s`;
      console.error(`bench: undo failed: ${results.undoError}`);
    }
    results.peakMb = vmHwmMb(hub.proc.pid);
    results.laborers = laborers;

    const line = (k, v, target) => `| ${k} | ${v} | ${target} |`;
    const md = [
      `# Import bench, scale ${SCALE} (${laborers} laborers)`,
      '',
      `Command: \`BENCH_DB=${DB} npm run bench -- --import --scale ${SCALE}\` (${new Date().toISOString()}, 2 shared cores).`,
      '',
      '| measure | value | target |',
      '| --- | --- | --- |',
      line('export of the registry (.xlsx)', `${results.exportS.toFixed(1)} s, ${results.exportRows} rows, ${results.exportMb.toFixed(1)} MB`, '≤ 30 s'),
      line('preview of the export (unchanged)', `${results.previewS.toFixed(1)} s; ${JSON.stringify(results.previewCounts)}`, '≤ 60 s, 0 changed'),
      line('first refusals of a file with bad rows', `${results.firstRefusalS?.toFixed(1)} s (${results.badRefused} refused; whole preview ${results.badPreviewS.toFixed(1)} s)`, '≤ 15 s'),
      line('preview into an empty registry', `${results.emptyPreviewS.toFixed(1)} s`, '≤ 60 s'),
      line('commit into an empty registry', `${results.commitS.toFixed(1)} s; ${JSON.stringify(results.commitCounts)}; ${results.laborersAfter} laborers after`, '≤ 120 s'),
      line('floor: copy of the same tables in SQL (insert … select)', `${results.copyFloorS.toFixed(1)} s; commit / floor = ${(results.commitS / results.copyFloorS).toFixed(1)}×`, ''),
      line("the seed loader's whole COPY load (all tables)", results.seed ? `${results.seed.seconds} s for ${results.seed.rows} rows; commit / seed = ${(results.commitS / results.seed.seconds).toFixed(2)}×` : 'n/a', ''),
      line('plain enrollment by another user during the commit', `p50 ${results.enrollP50} ms, p99 ${results.enrollP99} ms (${results.enrollN} requests)`, 'answers'),
      line('re-import of the unchanged export after the commit', `${results.reimportS.toFixed(1)} s; ${JSON.stringify(results.reimportCounts)}`, '0 changed'),
      line('undo of the commit (preview, then the undo job)', results.undoError ? `**failed**: ${results.undoError}` : `preview ${results.undoPreviewS.toFixed(1)} s ${JSON.stringify(results.undoPlan)}; undo ${results.undoStatus} in ${results.undoS.toFixed(1)} s; ${results.laborersAfterUndo} laborers after`, 'undone, only the other user\'s 5 left'),
      line('peak memory of the hub (VmHWM)', `${results.peakMb} MB (${results.peakMbBeforeUndo} MB before the undo)`, '≤ 512 MB'),
      '',
    ].join('\n');
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results', `import-scale-${SCALE}.md`), md);
    console.log(md);
  } catch (e) {
    // The hub's own account of a failure (its log is otherwise kept from the bench's output).
    console.error(`bench: the hub's log, last lines:\n${hub.log().slice(-4000)}`);
    throw e;
  } finally {
    await pg.end();
    hub.proc.kill('SIGTERM');
    await sleep(1500);
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.end();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
module.exports = { main, gql, BATCH, uploadFile };
