import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/hub';

/** Before sign-in the schema cannot be probed: invalid operations get one generic answer, also inside signIn. */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

describe('an anonymous caller', () => {
  it('learns nothing of the schema from validation errors, inside the selection of signIn or its variables', async () => {
    const probes: [string, Record<string, unknown>?][] = [
      [`mutation { signIn(username: "a", password: "b") { user { role nosuch } } }`],
      [`mutation { signIn(username: "a", password: "b") { user { scopeRegion { stats { nosuch } } } } }`],
      [`mutation { signIn(username: "a", password: "b", extra: 1) { token } }`],
      [`mutation($u: String!) { signIn(username: $u, password: "b") { token } }`, { u: 5 }],
      [`query { hub { nosuch } }`],
      [`query($f: LaborerFilter) { hub { version } }`, { f: { nosuch: 1 } }],
    ];
    for (const [query, variables] of probes) {
      const r = await hub.anonymous(query, variables);
      expect(r.errors?.map((e) => e.extensions?.code), query).toEqual(['UNAUTHENTICATED']);
      expect(JSON.stringify(r), query).not.toMatch(/nosuch|Cannot query|RegionStats|User|LaborerFilter|Did you mean/);
    }
    // A valid sign-in request still works, and a signed-in user gets the real validation error.
    const ok = await hub.anonymous(`mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }`, { u: 'admin', p: hub.adminPassword });
    expect(ok.data.signIn.token).toBeTruthy();
    expect((await hub.gql(`{ hub { nosuch } }`)).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
