import { loadDemoData } from '@fupin/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub';
import { LIMITS } from './limits';

/**
 * The response-size limit holds for nested lists that are not paged (or whose page was left out): the
 * review got 50,716 objects from `TrainingProvider.classes { enrollments { laborer } }` against an
 * estimate of 2,600. Every list below the root is counted as what it really returns.
 */
let hub: TestHub;
let enrollments: number;
beforeAll(async () => {
  hub = await startTestHub();
  await loadDemoData(hub.orm.config.getClientUrl(), { scale: 0.05, seed: 11 });
  enrollments = (await hub.sql('select count(*)::int as n from enrollment'))[0].n;
}, 240_000);
afterAll(() => hub?.close());

const tree = 'allTrainingProviders(perPage: 100) { id classes { id enrollments { id laborer { id household { id village { code } } } } } }';

describe('nested lists', () => {
  it('answer in full when what they really return fits the limit', async () => {
    const r = await hub.gql(`{ ${tree} }`);
    expect(r.errors).toBeUndefined();
    const got = r.data.allTrainingProviders.flatMap((p: { classes: { enrollments: unknown[] }[] }) => p.classes.flatMap((c) => c.enrollments)).length;
    expect(got).toBe(enrollments);
  });

  it('are refused with LIMIT_EXCEEDED once what they return passes the limit, though the estimate did not', async () => {
    // Each alias is estimated at 600 objects; it returns about five per enrollment.
    const aliases = Math.ceil(LIMITS.resultObjects / (enrollments * 4)) + 1;
    expect(aliases * 600).toBeLessThan(LIMITS.resultObjects);
    const query = `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${tree}`).join(' ')} }`;
    const res = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.gql.token}` }, body: JSON.stringify({ query }) });
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', params: { detail: 'RESULT_SIZE' } });
    // The answer stayed near the limit: far fewer enrollments than the aliases would have returned.
    const returned = (text.match(/"laborer":\{/g) ?? []).length;
    expect(returned).toBeLessThan(LIMITS.resultObjects / 4 + enrollments);
  }, 120_000);
});

describe('root lists without a page (leagueTable, funnelLeague, supervisionList, …)', () => {
  const league = 'leagueTable(level: VILLAGE, indicator: laborers, limit: 500) { rank stats { regionCode region { code parent { code parent { code } } } } }';

  it('answer in full when what they return fits the limit', async () => {
    const r = await hub.gql(`{ ${league} }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.leagueTable).toHaveLength(500);
  });

  it('are counted as what they return: past the limit, LIMIT_EXCEEDED (the estimate took each for one row)', async () => {
    // Five objects per row, 500 rows: 2,500 per alias; the estimate said 5.
    const aliases = Math.ceil(LIMITS.resultObjects / 2500) + 1;
    const r = await hub.gql(`{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${league}`).join(' ')} }`);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', params: { detail: 'RESULT_SIZE' } });
  }, 120_000);
});
