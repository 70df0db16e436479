// Starts the hub the way the README does (the built api/dist/main.js), on a fresh database:
// a new database on the server at DATABASE_URL when set, else the embedded PostgreSQL in a temp folder.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '../..');

async function startHub({ seedScale = '0.01', env: extra = {} } = {}) {
  const env = { ...process.env, PORT: '0', SEED_SCALE: seedScale, ...extra };
  let cleanup = async () => {};
  if (process.env.DATABASE_URL) {
    const db = `fupin_e2e_${process.pid}_${Date.now().toString(36)}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${db}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${db}`;
    env.DATABASE_URL = u.toString();
    cleanup = async () => {
      await admin.query(`drop database if exists ${db} with (force)`);
      await admin.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-e2e-'));
    fs.chmodSync(dir, 0o755);
    env.HUB_DATA_DIR = dir;
    env.EMBEDDED_PG_PORT = String(57000 + Math.floor(Math.random() * 2000));
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const proc = spawn(process.execPath, [path.join(ROOT, 'api/dist/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 240_000);
    const onData = (b) => {
      out += b.toString();
      const m = /GraphQL (http:\/\/\S+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`hub exited with ${code}:\n${out}`)));
  });
  return {
    url,
    output: () => out,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      return res.json();
    },
    async stop() {
      proc.removeAllListeners('exit');
      await new Promise((resolve) => {
        proc.on('exit', resolve);
        proc.kill('SIGINT');
      });
      await cleanup();
    },
  };
}

module.exports = { startHub, ROOT };
