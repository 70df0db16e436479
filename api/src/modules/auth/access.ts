import { Extensions } from 'type-graphql';

/** Roles of hub users (see README "Roles"). */
export const ROLES = ['CITY_ADMIN', 'OPERATOR', 'ANALYST', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is asking: read from the session on every request (so a changed role or scope applies at once).
 * Plain data: it travels with the request's EntityManager (as filter parameters, copied into forks and
 * transactions) to the scope filter, the write check and the audit trail.
 */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  /** Region code (county, township or village) whose subtree the user is limited to; null for the whole city. */
  scope: string | null;
}

/**
 * Who may use a GraphQL field, or reach a type through a field that does not say:
 * - PUBLIC: anyone, signed in or not (`signIn`, `hub`);
 * - SIGNED_IN: any signed-in user (`me`, the region tree);
 * - STATISTICS: any signed-in user, dashboard viewers included (aggregates, never personal records);
 * - READ: analysts, operators and administrators (records);
 * - WRITE: operators and administrators (changes; operators only inside their scope);
 * - ADMIN: city administrators;
 * - or an explicit list of roles.
 */
export type AccessLevel = 'PUBLIC' | 'SIGNED_IN' | 'STATISTICS' | 'READ' | 'WRITE' | 'ADMIN';
export type AccessRule = AccessLevel | readonly Role[];

const LEVEL_ROLES: Record<Exclude<AccessLevel, 'PUBLIC' | 'SIGNED_IN' | 'STATISTICS'>, readonly Role[]> = {
  READ: ['CITY_ADMIN', 'OPERATOR', 'ANALYST'],
  WRITE: ['CITY_ADMIN', 'OPERATOR'],
  ADMIN: ['CITY_ADMIN'],
};

export function mayAccess(principal: Principal | null, rule: AccessRule): boolean {
  if (rule === 'PUBLIC') return true;
  if (!principal) return false;
  if (rule === 'SIGNED_IN' || rule === 'STATISTICS') return true;
  const roles = typeof rule === 'string' ? LEVEL_ROLES[rule] : rule;
  return roles.includes(principal.role);
}

/** Key of the access rule in GraphQL field and type extensions. */
export const ACCESS_EXTENSION = 'access';

/**
 * Declares who may use a field (query, mutation, field resolver, entity property) or reach a type.
 * Fields that do not declare: Query fields are READ, Mutation fields WRITE; a nested field is allowed
 * when it returns a scalar or enum, else it takes the rule of the type it returns (READ by default).
 * Enforced once per request, before any resolver runs (`access.plugin.ts`).
 */
export function Access(rule: AccessRule | undefined): MethodDecorator & PropertyDecorator & ClassDecorator {
  if (rule === undefined) return (() => {}) as never;
  return Extensions({ [ACCESS_EXTENSION]: rule }) as never;
}

/** Statistics: dashboard viewers may use it (aggregates only, never a personal record). */
export const Statistics = () => Access('STATISTICS');

/** Roles that see personal data (ID numbers, phones, birth dates) in full: inside their scope. */
export function seesPersonalDataRole(principal: Principal | null): boolean {
  return principal?.role === 'CITY_ADMIN' || principal?.role === 'OPERATOR';
}
