// Starts the hub the way the README does (the built api/dist/main.js), on a fresh database:
// a new database on the server at DATABASE_URL when set, else the embedded PostgreSQL in a temp folder.
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '../..');

/**
 * The hub's first administrator (`admin`) gets HUB_ADMIN_PASSWORD: a random one per run unless the
 * caller passes its own in `env`; `adminPassword` says which.
 */
async function startHub({ seedScale = '0.01', env: extra = {} } = {}) {
  const env = { ...process.env, PORT: '0', SEED_SCALE: seedScale, HUB_ADMIN_PASSWORD: `e2e-${randomBytes(12).toString('base64url')}`, ...extra };
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
  const post = async (query, variables, headers = {}) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return res.json();
  };
  let token;
  const adminToken = async () => {
    if (token) return token;
    const r = await post('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: 'admin', p: env.HUB_ADMIN_PASSWORD });
    if (!r.data?.signIn) throw new Error(`sign-in as admin failed: ${JSON.stringify(r.errors)}`);
    token = r.data.signIn.token;
    return token;
  };
  return {
    url,
    adminPassword: env.HUB_ADMIN_PASSWORD,
    output: () => out,
    /** POSTs a GraphQL request as the administrator (signed in on first use), unless `headers` bring their own authorization. */
    async gql(query, variables, headers = {}) {
      const auth = 'authorization' in headers || /^\s*mutation[^{]*\{\s*signIn\b/.test(query) ? {} : { authorization: `Bearer ${await adminToken()}` };
      return post(query, variables, { ...auth, ...headers });
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
