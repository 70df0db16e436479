import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { targets } from '@fupin/seed';
import { startPgBouncer, type Bouncer } from '../../test/clusters';
import { TEST_ADMIN_PASSWORD, withDatabase } from '../../test/global-setup';
import { gqlAt, type HubProcess, signInAt, startHubProcess } from '../../test/processes';

/**
 * The hub behind PgBouncer in transaction mode (Debian's package, our own instance on a port of ours):
 * DATABASE_URL is PgBouncer, DATABASE_DIRECT_URL the server itself. PgBouncer refuses startup
 * parameters, so the hub sends none there (`statement_timeout` comes from PgBouncer's `connect_query`);
 * session-level work (the startup advisory lock) goes to the direct URL. With a pool of two server
 * connections, many concurrent requests share them, transaction by transaction.
 */

const SCALE = 0.01;
let bouncer: Bouncer;
let server: pg.Client;
let db: string;
let hub: HubProcess;
let token: string;
let village: string;

beforeAll(async () => {
  const serverUrl = new URL(inject('serverUrl'));
  server = new pg.Client({ connectionString: inject('serverUrl') });
  await server.connect();
  db = `fupin_scale_pgb_${process.pid}_${Date.now().toString(36)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await server.query(`create database ${db} template ${inject('templateDb')}`);
      break;
    } catch (e) {
      if (attempt > 40 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  bouncer = await startPgBouncer({ host: serverUrl.hostname, port: Number(serverUrl.port || 5432) }, { poolSize: 2, connectQuery: 'set statement_timeout = 15000' });
  hub = await startHubProcess({
    DATABASE_URL: bouncer.url(db),
    DATABASE_DIRECT_URL: withDatabase(inject('serverUrl'), db),
    SEED_SCALE: String(SCALE),
  });
  token = await signInAt(hub.url, 'admin', TEST_ADMIN_PASSWORD);
  const [row] = (await server.query(`select 1`)).rows;
  expect(row).toBeTruthy();
  const c = new pg.Client({ connectionString: bouncer.url(db) });
  await c.connect();
  village = (await c.query(`select code from region where level = 'VILLAGE' and not is_urban order by code limit 1`)).rows[0].code;
  await c.end();
}, 180_000);

afterAll(async () => {
  await hub?.stop();
  bouncer?.remove();
  await server.query(`drop database if exists ${db} with (force)`);
  await server.end();
});

describe('behind PgBouncer in transaction mode', { timeout: 120_000 }, () => {
  it('started through it: migrated, loaded the demo data, signs in', async () => {
    const r = await gqlAt(hub.url, token, '{ _allLaborersMeta { count } me { username } }');
    expect(r.errors).toBeUndefined();
    expect(r.data._allLaborersMeta.count).toBe(targets(SCALE).laborers);
    expect(r.data.me.username).toBe('admin');
  });

  it('needs what the README says: no startup parameter, the statement timeout from connect_query', async () => {
    // A client that sends statement_timeout at startup (the hub does without DATABASE_DIRECT_URL) is refused.
    const refused = new pg.Client({ connectionString: bouncer.url(db), statement_timeout: 15000 });
    await expect(refused.connect()).rejects.toThrow(/unsupported startup parameter/);
    await refused.end().catch(() => {});
    const c = new pg.Client({ connectionString: bouncer.url(db) });
    await c.connect();
    expect((await c.query('show statement_timeout')).rows[0].statement_timeout).toBe('15s');
    await c.end();
  });

  it('serves many concurrent reads and writes over two server connections, a failed mutation leaving nothing behind', async () => {
    const before = (await gqlAt(hub.url, token, '{ _allHouseholdsMeta { count } }')).data._allHouseholdsMeta.count as number;
    const writes = Array.from({ length: 12 }, (_, i) =>
      gqlAt(hub.url, token, 'mutation($v: ID!, $n: String!) { createHousehold(villageId: $v, headName: $n, memberCount: 2) { id } }', { v: village, n: `池${i}` }),
    );
    // Refused inside its transaction (no such village): rolled back, the pooled connection clean for the next client.
    const bad = Array.from({ length: 6 }, () => gqlAt(hub.url, token, 'mutation { createHousehold(villageId: "519999999999", headName: "无", memberCount: 2) { id } }'));
    const reads = Array.from({ length: 30 }, (_, i) =>
      gqlAt(hub.url, token, i % 2 ? '{ allLaborers(perPage: 25, sortField: "name") { id name household { headName } } }' : '{ Region(id: "511300000000") { stats { laborers households } } }'),
    );
    const [w, f, r] = await Promise.all([Promise.all(writes), Promise.all(bad), Promise.all(reads)]);
    for (const x of w) expect(x.errors).toBeUndefined();
    for (const x of f) expect(x.errors?.[0]?.extensions?.code).toMatch(/INVALID_REFERENCE|NOT_FOUND|VALIDATION_FAILED/);
    for (const x of r) expect(x.errors).toBeUndefined();
    // Households count in the registry from their registration (today): read the statistics as of today.
    const today = new Date().toISOString().slice(0, 10);
    const after = await gqlAt(hub.url, token, `{ _allHouseholdsMeta { count } Region(id: "511300000000") { stats(asOf: "${today}") { households } } }`);
    expect(after.data._allHouseholdsMeta.count).toBe(before + 12);
    expect(after.data.Region.stats.households).toBe(before + 12);
  });

  it('really goes through it: with PgBouncer gone the hub reports the database down', async () => {
    bouncer.remove();
    await new Promise((r) => setTimeout(r, 500));
    const res = await fetch(`${hub.url}/healthz`);
    expect(res.status).toBe(503);
    // The server itself is up all along.
    expect((await server.query('select 1 as one')).rows[0].one).toBe(1);
  });
});
