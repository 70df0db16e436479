#!/usr/bin/env node
// The import preview alone, on an already seeded database (the full `--import` bench takes a fresh one and
// every step): starts the built hub (ROOT/api/dist/main.js) on DB, exports the registry once into FILE (kept
// for the next runs), uploads it (--bad: every 1000th ID number's check character changed) and polls the
// batch as the admin does; prints the preview's seconds, when the first refusals showed, the load average
// and the hub's peak memory (VmHWM, and RSS sampled every 200 ms). --prof: a CPU profile of each thread
// into /tmp/preview-prof; HUB_NODE_FLAGS: node flags for the hub. The hub prints its own timings
// (HUB_IMPORT_PROFILE). --commit: then commits and undoes the batch, printing each step's seconds and
// progress (for all creates, a database with an empty registry: a new one, SEED_SCALE=0, and FILE
// exported from a seeded one). Example:
//   DB=postgres://postgres@127.0.0.1:5432/fupin_dev FILE=/tmp/registry.xlsx node e2e/bench/import-preview.js --bad
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const ROOT = process.env.ROOT || path.resolve(__dirname, '../..');
const { Client } = require(path.join(ROOT, 'node_modules/pg'));
const { Readable, PassThrough } = require('node:stream');
// No default: the server's own `postgres` database must never be migrated by a dev script run without DB.
const DB = process.env.DB;
if (!DB) {
  console.error('usage: DB=<url of a seeded database> FILE=<xlsx> node e2e/bench/import-preview.js [--bad] [--commit]');
  process.exit(2);
}
const FILE = process.env.FILE || '/tmp/fupin-preview-registry.xlsx';
const PASSWORD = 'bench-only-password';
const args = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function vmHwmMb(pid) { try { return Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024); } catch { return NaN; } }
function rssMb(pid) { try { return Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024); } catch { return NaN; } }
function startHub() {
  const nodeArgs = [...(args.includes('--prof') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/preview-prof'] : []), ...(args.includes('--gc') ? ['--expose-gc'] : []), ...(process.env.HUB_NODE_FLAGS ? process.env.HUB_NODE_FLAGS.split(' ') : [])];
  const proc = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'api/dist/main.js')], {
    env: { ...process.env, DATABASE_URL: DB, PORT: '0', HUB_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', HUB_IMPORT_PROFILE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b) => { out += b.toString(); process.stderr.write(b); const m = /GraphQL (http:\/\/\S+)\/graphql/.exec(out); if (m) resolve({ proc, url: m[1] }); };
    proc.stdout.on('data', onData); proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`hub exited ${code}`)));
  });
}
// The import bench's own client pieces (GraphQL over HTTP, the batch's fields, the multipart upload).
const { gql, BATCH, uploadFile: upload } = require('./import.js');
async function until(url, token, id, done, started, label) {
  let first = null; const seen = [];
  for (;;) {
    const b = (await gql(url, token, `query($id: ID!) { importBatch(id: $id) { ${BATCH} } }`, { id })).importBatch;
    if (first === null && b.refusals.length) first = Date.now() - started;
    const s = `${b.status}/${b.phase}/${b.rowsDone}`; if (seen[seen.length - 1] !== s) seen.push(s);
    if (done(b)) return { b, ms: Date.now() - started, first, seen };
    if (b.status === 'FAILED') throw new Error(`failed ${JSON.stringify(b.error)}`);
    await sleep(250);
  }
}
async function withBadRows(buffer) {
  const ExcelJS = require(path.join(ROOT, 'api/dist/modules/import/import.exceljs.js')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), { entries: 'emit', sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
  const chunks = []; const out = new PassThrough(); out.on('data', (c) => chunks.push(c)); const done = new Promise((r) => out.on('end', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('数据'); let idCol = -1;
  for await (const sheet of reader) { for await (const row of sheet) { const values = row.values.slice(1);
    if (idCol < 0) { idCol = values.includes('姓名') ? values.indexOf('身份证号') : -1; if (idCol < 0) continue; }
    else if (row.number % 1000 === 0 && typeof values[idCol] === 'string') { const v = values[idCol]; values[idCol] = v.slice(0, 17) + (v[17] === '0' ? '1' : '0'); }
    ws.addRow(values).commit(); } if (idCol >= 0) break; }
  ws.commit(); await wb.commit(); await done; return Buffer.concat(chunks);
}
(async () => {
  const hub = await startHub();
  const pg = new Client({ connectionString: DB }); await pg.connect();
  try {
    const token = (await gql(hub.url, null, 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: 'admin', p: PASSWORD })).signIn.token;
    if (!fs.existsSync(FILE)) {
      const t = Date.now();
      const job = (await gql(hub.url, token, `mutation { startExport(resource: "Laborer") { id } }`)).startExport;
      let j; for (;;) { j = (await gql(hub.url, token, `query($id: ID!) { exportJob(id: $id) { status rowsDone url error { code } } }`, { id: job.id })).exportJob; if (j.status === 'DONE' || j.status === 'FAILED') break; await sleep(500); }
      fs.writeFileSync(FILE, Buffer.from(await (await fetch(`${hub.url}${j.url}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()));
      console.log(`export ${j.rowsDone} rows ${(Date.now() - t) / 1000}s`);
    }
    let file = fs.readFileSync(FILE);
    if (args.includes('--bad')) { if (!fs.existsSync(FILE + '.bad')) fs.writeFileSync(FILE + '.bad', await withBadRows(file)); file = fs.readFileSync(FILE + '.bad'); }
    const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const l0 = load(); const rss0 = rssMb(hub.proc.pid); const rssSamples = []; const sampler = setInterval(() => rssSamples.push(rssMb(hub.proc.pid)), 200); let t = Date.now();
    let id = await upload(hub.url, token, 'registry.xlsx', file);
    let r = await until(hub.url, token, id, (b) => b.status === 'PREVIEWED', t);
    console.log(`RESULT preview ${(r.ms / 1000).toFixed(1)} s, first refusal ${r.first === null ? '-' : (r.first / 1000).toFixed(1)} s, counts ${JSON.stringify(r.b.counts)}, load before ${l0} after ${load()}, VmHWM ${vmHwmMb(hub.proc.pid)} MB, progress steps ${r.seen.length}, RSS idle ${rss0} MB max ${Math.max(...rssSamples)} MB`); clearInterval(sampler); if (args.includes('--steps')) console.log(r.seen.join(' '));
    if (args.includes('--commit')) {
      for (const [step, mutation, running] of [['commit', 'commitImport', 'COMMITTING'], ['undo', 'undoImport', 'UNDOING']]) {
        const started = Date.now();
        await gql(hub.url, token, `mutation($id: ID!) { ${mutation}(batchId: $id) { id } }`, { id });
        const c = await until(hub.url, token, id, (b) => b.status !== running, started);
        console.log(`RESULT ${step} ${(c.ms / 1000).toFixed(1)} s, ${c.b.status}, counts ${JSON.stringify(c.b.counts)}, load ${load()}, VmHWM ${vmHwmMb(hub.proc.pid)} MB, progress ${c.seen.join(' ')}`);
      }
    }
  } finally {
    await pg.end(); hub.proc.kill('SIGINT'); await sleep(3000);
  }
})().catch((e) => { console.error(e); process.exit(1); });
