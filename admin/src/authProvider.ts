import type { AuthProvider } from 'react-admin';
import { apiLanguage } from './i18n';

/**
 * Sign-in against the hub's GraphQL API. The session lives in an HttpOnly cookie the hub sets on
 * `signIn` (SameSite=Lax): scripts in the page never see the token, and every request to /graphql
 * (react-admin's data provider included) carries it.
 *
 * Permissions, as `usePermissions()` returns them:
 *   { role: 'CITY_ADMIN' | 'OPERATOR' | 'ANALYST' | 'VIEWER', scopeRegionCode: string | null }
 * - CITY_ADMIN: everything, users and the audit trail included;
 * - OPERATOR: reads and writes records of the subtree of `scopeRegionCode` (the API answers as if the
 *   rest did not exist);
 * - ANALYST: reads everything, personal data masked, no writes;
 * - VIEWER: the region tree and statistics only.
 */

export type Role = 'CITY_ADMIN' | 'OPERATOR' | 'ANALYST' | 'VIEWER';

export interface Permissions {
  role: Role;
  scopeRegionCode: string | null;
}

interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopeRegionCode: string | null;
  scopeRegion: { name: string } | null;
}

interface GqlError {
  message: string;
  extensions?: { code?: string };
}

async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: GqlError[] }> {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'accept-language': apiLanguage() },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

const ME = `{ me { id username displayName role scopeRegionCode scopeRegion { name } } }`;

/** The signed-in user, asked once per page load and after each sign-in (react-admin asks often). */
let me: Promise<Me | null> | null = null;
function loadMe(): Promise<Me | null> {
  me ??= gql<{ me: Me }>(ME).then(
    (r) => r.data?.me ?? null,
    () => null,
  );
  return me;
}

const isAuthError = (e: unknown): boolean => {
  const err = e as { status?: number; body?: { graphQLErrors?: GqlError[] }; graphQLErrors?: GqlError[] };
  if (err?.status === 401) return true;
  const errors = err?.body?.graphQLErrors ?? err?.graphQLErrors ?? [];
  return errors.some((g) => g.extensions?.code === 'UNAUTHENTICATED');
};

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    me = null;
    const r = await gql<{ signIn: { user: { id: string } } }>(
      `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { expiresAt user { id } } }`,
      { u: username, p: password },
    );
    // The hub's message is in the screen's language; its "please sign in" lead-in (请先登录：) is for
    // requests without a session, not for a sign-in that was refused: the clerk reads only why.
    if (r.errors?.length || !r.data) {
      const message = r.errors?.[0]?.message ?? '';
      throw new Error(message.replace(/^(请先登录[：:]\s*|Please sign in[:：]?\s*)/, '') || (apiLanguage() === 'en' ? 'Sign-in failed' : '登录失败'));
    }
  },

  async logout() {
    // Ends the session on the hub and clears the cookie. react-admin also "logs out" on the sign-in
    // screen when no one is signed in: then there is no session to end, and no request to fail.
    const signedIn = me ? await me : null;
    me = null;
    if (signedIn) await gql(`mutation { signOut }`).catch(() => undefined);
  },

  async checkAuth() {
    if (!(await loadMe())) {
      me = null;
      throw new Error('Not signed in');
    }
  },

  async checkError(error: unknown) {
    // An expired session signs out; a FORBIDDEN answer stays on the page (the notification says why).
    if (isAuthError(error)) {
      me = null;
      throw error;
    }
  },

  async getIdentity() {
    const u = await loadMe();
    if (!u) throw new Error('Not signed in');
    return { id: u.id, fullName: u.scopeRegion ? `${u.displayName}（${u.scopeRegion.name}）` : u.displayName, username: u.username };
  },

  async getPermissions(): Promise<Permissions | null> {
    const u = await loadMe();
    return u ? { role: u.role, scopeRegionCode: u.scopeRegionCode } : null;
  },
};
