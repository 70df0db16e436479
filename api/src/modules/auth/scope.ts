import { regionPrefix } from '@fupin/schema';
import {
  ChangeSetType,
  type EntityManager,
  type EntityMetadata,
  type EventSubscriber,
  type FlushEventArgs,
  helper,
  Reference,
  ReferenceKind,
} from '@mikro-orm/core';
import { AppError } from '../../common/errors';
import { likeEscape } from '../../common/list';
import type { Principal } from './access';

/**
 * Region scope: the one place that limits what a scoped user (an operator of a county, township or village,
 * or a scoped analyst or viewer) can read and write, below every resolver.
 *
 * - Reads: a MikroORM filter, added to each request's EntityManager in `createContext`, restricts
 *   every `find`, `findOne`, `count` and relation load of every entity to the user's subtree (a prefix
 *   match on the entity's region code). Out-of-scope rows do not exist for the request: a detail
 *   query answers null, an update NOT_FOUND, a list leaves them out.
 * - Writes: `ScopeGuard`, a flush subscriber, checks every change set (before and after) and refuses
 *   the whole flush (so the transaction rolls back) when a record leaves or lies outside the scope.
 *
 * Which column is an entity's region code comes from its metadata, so entities added later are covered
 * without being listed: a property stored in `region_code`, `village_code`, `township_code` or
 * `county_code` (first found in that order), or the one named by `@RegionScoped`. An entity without
 * one must say what it is (`@CityWide` reference data or `@AdminOnly`); one that says nothing is
 * invisible to scoped users (and a test lists it).
 */

export type ScopeRule =
  | { kind: 'region'; prop: string; reference: boolean; ancestorsReadable: boolean }
  | { kind: 'cityWide' }
  | { kind: 'adminOnly' }
  | { kind: 'unclassified' };

type DeclaredRule = Exclude<ScopeRule, { kind: 'region' }> | { kind: 'region'; prop: string; ancestorsReadable: boolean };

const declared = new Map<Function, DeclaredRule>();

/** Names the property holding the entity's region code. `ancestorsReadable`: the region tree's path down to the scope is readable too. */
export function RegionScoped(prop: string, opts: { ancestorsReadable?: boolean } = {}): ClassDecorator {
  return (target) => void declared.set(target, { kind: 'region', prop, ancestorsReadable: !!opts.ancestorsReadable });
}

/** Reference data of the whole city (no region): every signed-in reader sees it, only city administrators change it. */
export function CityWide(): ClassDecorator {
  return (target) => void declared.set(target, { kind: 'cityWide' });
}

/** Only city administrators read or change it (users, sessions). */
export function AdminOnly(): ClassDecorator {
  return (target) => void declared.set(target, { kind: 'adminOnly' });
}

/**
 * Default access of an entity's CRUD operations from its declaration: city-wide reference data and
 * admin-only entities are changed by city administrators only (read by readers, resp. administrators).
 */
export function defaultCrudAccess(entity: unknown): { read?: 'ADMIN'; write?: 'ADMIN' } {
  for (let c = entity as Function | null; typeof c === 'function' && c !== Object; c = Object.getPrototypeOf(c)) {
    const d = declared.get(c);
    if (d?.kind === 'adminOnly') return { read: 'ADMIN', write: 'ADMIN' };
    if (d?.kind === 'cityWide') return { write: 'ADMIN' };
    if (d) return {};
  }
  return {};
}

/** Region code columns recognised without a declaration, most specific first. */
export const REGION_COLUMNS = ['region_code', 'village_code', 'township_code', 'county_code'];

const rules = new WeakMap<EntityMetadata, ScopeRule>();

export function scopeRuleOf(meta: EntityMetadata): ScopeRule {
  let rule = rules.get(meta);
  if (rule) return rule;
  const d = declaredRule(meta);
  if (d?.kind === 'region') {
    const prop = meta.properties[d.prop];
    if (!prop) throw new Error(`@RegionScoped('${d.prop}') on ${meta.className}: no such property`);
    rule = { ...d, reference: prop.kind !== ReferenceKind.SCALAR };
  } else if (d) {
    rule = d;
  } else {
    const prop = REGION_COLUMNS.map((c) =>
      meta.props.find((p) => p.fieldNames?.[0] === c && [ReferenceKind.SCALAR, ReferenceKind.MANY_TO_ONE, ReferenceKind.ONE_TO_ONE].includes(p.kind)),
    ).find((p) => p !== undefined);
    rule = prop ? { kind: 'region', prop: prop.name, reference: prop.kind !== ReferenceKind.SCALAR, ancestorsReadable: false } : { kind: 'unclassified' };
  }
  rules.set(meta, rule);
  return rule;
}

function declaredRule(meta: EntityMetadata): DeclaredRule | undefined {
  // Walk up the class chain so a subclass inherits its base's declaration.
  for (let c: Function | null = meta.class; c && c !== Object; c = Object.getPrototypeOf(c)) {
    const d = declared.get(c);
    if (d) return d;
  }
  return undefined;
}

/** True when `code` lies in the principal's subtree (or the principal has no scope). */
export function inScope(principal: Principal, code: string | null | undefined): boolean {
  if (!principal.scope) return true;
  return typeof code === 'string' && /^\d{12}$/.test(code) && code.startsWith(regionPrefix(principal.scope));
}

/**
 * LIKE pattern of the principal's subtree ('%': the whole city), for raw SQL aggregates, which the ORM
 * filter does not reach: every sum or count a scoped user reads is taken within the scope (or said to
 * be city-wide by design where it is: seats taken in a class, use of a county's budget).
 */
export function scopeLike(principal: Principal | null | undefined): string {
  return principal?.scope ? `${likeEscape(regionPrefix(principal.scope))}%` : '%';
}

/** Codes of the regions above a scope (city, county), readable so a scoped user can walk the tree down to it. */
function ancestorsOf(scope: string): string[] {
  const prefix = regionPrefix(scope);
  const out = [`${scope.slice(0, 4)}00000000`];
  if (prefix.length > 6) out.push(`${scope.slice(0, 6)}000000`);
  // A village clerk (village-level scope) walks down through its township too.
  if (prefix.length > 9) out.push(`${scope.slice(0, 9)}000`);
  return out;
}

/** The region code a record carries now (the value about to be written). */
export function regionCodeOf(meta: EntityMetadata, entity: object): string | null {
  const rule = scopeRuleOf(meta);
  if (rule.kind !== 'region') return null;
  const v = (entity as Record<string, unknown>)[rule.prop];
  return pkOf(v);
}

/** Primary key of a reference, entity or raw key value, as a string. */
export function pkOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return String(v);
  const target = Reference.isReference(v) ? Reference.unwrapReference(v as never) : v;
  const pk = helper(target as object).getPrimaryKey();
  return pk === null || pk === undefined ? null : String(pk);
}

export const SCOPE_FILTER = 'regionScope';

interface ScopeParams {
  principal: Principal | null;
}

function deny(meta: EntityMetadata): Record<string, unknown> {
  return { [meta.primaryKeys[0]]: { $in: [] } };
}

/** What a principal may read or write of an entity: everything, nothing, or the rows whose region code lies under `prefix` (or is one of `codes`). */
type ScopeDecision = 'all' | 'none' | { prop: string; prefix: string; codes?: string[] };

/** The scope rule, decided once for both the ORM filter and raw SQL (`scopeSql`), so the two cannot drift apart. */
function scopeDecision(p: Principal | null | undefined, meta: EntityMetadata, type: 'read' | 'update' | 'delete'): ScopeDecision {
  // The hub's own system work (no principal bound) is not filtered.
  if (p === undefined) return 'all';
  // Fail closed: a request EntityManager without a user reads nothing.
  if (!p) return 'none';
  if (p.role === 'CITY_ADMIN') return 'all';
  const rule = scopeRuleOf(meta);
  if (rule.kind === 'adminOnly') return 'none';
  // Bulk updates and deletes (nativeUpdate / nativeDelete) are writes: only operators, inside their scope.
  if (type !== 'read' && p.role !== 'OPERATOR') return 'none';
  if (!p.scope) return 'all';
  switch (rule.kind) {
    case 'cityWide':
      return type === 'read' ? 'all' : 'none';
    case 'unclassified':
      return 'none';
    case 'region':
      return { prop: rule.prop, prefix: regionPrefix(p.scope), codes: type === 'read' && rule.ancestorsReadable ? ancestorsOf(p.scope) : undefined };
  }
}

function scopeCondition(args: ScopeParams | undefined, type: 'read' | 'update' | 'delete', em: EntityManager, _options?: unknown, entityName?: string) {
  const meta = em.getMetadata().find(entityName as string);
  if (!meta) return {};
  const d = scopeDecision(args?.principal ?? null, meta, type);
  if (d === 'all') return {};
  if (d === 'none') return deny(meta);
  const within = { [d.prop]: { $like: `${likeEscape(d.prefix)}%` } };
  return d.codes ? { $or: [within, { [d.prop]: { $in: d.codes } }] } : within;
}

/**
 * The scope filter as SQL, for the few read paths that skip the ORM's query building (one statement
 * over several tables): the condition on `alias`'s region column that the ORM filter would add for the
 * request `em` is bound to, with its parameters. `true` for system work and unscoped users.
 */
export function scopeSql(em: EntityManager, entityName: string, alias: string): { sql: string; params: unknown[] } {
  const meta = em.getMetadata().find(entityName);
  if (!meta) throw new Error(`scopeSql: no entity ${entityName}`);
  const d = scopeDecision(principalOf(em), meta, 'read');
  if (d === 'all') return { sql: 'true', params: [] };
  if (d === 'none') return { sql: 'false', params: [] };
  const column = `${alias}.${meta.properties[d.prop].fieldNames[0]}`;
  const like = `${column} like ?`;
  return d.codes
    ? { sql: `(${like} or ${column} = any(?::text[]))`, params: [`${likeEscape(d.prefix)}%`, `{${d.codes.join(',')}}`] }
    : { sql: like, params: [`${likeEscape(d.prefix)}%`] };
}

/** Whether the request `em` is bound to may read the row of `entityName` with region code `code` (the scope filter, decided in memory: for rows served from a cache). */
export function mayRead(em: EntityManager, entityName: string, code: string): boolean {
  const meta = em.getMetadata().find(entityName);
  if (!meta) return false;
  const d = scopeDecision(principalOf(em), meta, 'read');
  if (d === 'all' || d === 'none') return d === 'all';
  return code.startsWith(d.prefix) || !!d.codes?.includes(code);
}

/**
 * Binds an EntityManager (a request's fork) to a principal: from now on it, and every fork or
 * transaction made from it, reads only what the principal may read. `null` is an anonymous request.
 */
export function bindScope(em: EntityManager, principal: Principal | null): void {
  em.setFilterParams(SCOPE_FILTER, { principal } satisfies ScopeParams);
  em.addFilter(SCOPE_FILTER, scopeCondition as never, undefined, { default: true, args: false });
}

/**
 * The principal an EntityManager acts for: `undefined` for the hub's own system work (migrations,
 * bootstrap, sign-in), `null` for an anonymous request.
 */
export function principalOf(em: EntityManager): Principal | null | undefined {
  const params = em.getFilterParams<ScopeParams>(SCOPE_FILTER);
  return params ? params.principal : undefined;
}

/**
 * Refuses a flush that writes outside the principal's scope, before any SQL runs: analysts and viewers
 * write nothing; operators write only records whose region code, before and after the change, lies
 * in their subtree (a household cannot be moved out of it, nor created outside it).
 */
export class ScopeGuard implements EventSubscriber {
  onFlush({ em, uow }: FlushEventArgs): void {
    const p = principalOf(em as EntityManager);
    if (p === undefined) return;
    for (const cs of uow.getChangeSets()) {
      if (!p) throw new AppError('UNAUTHENTICATED');
      if (p.role === 'CITY_ADMIN') continue;
      if (p.role !== 'OPERATOR') throw new AppError('FORBIDDEN');
      const rule = scopeRuleOf(cs.meta);
      if (rule.kind !== 'region') throw new AppError('FORBIDDEN');
      const codes: (string | null)[] = [];
      if (cs.type !== ChangeSetType.CREATE) codes.push(pkOf(cs.originalEntity?.[rule.prop as never] ?? helper(cs.entity).__originalEntityData?.[rule.prop as never]));
      if (cs.type === ChangeSetType.CREATE || cs.type === ChangeSetType.UPDATE) codes.push(regionCodeOf(cs.meta, cs.entity));
      if (!codes.every((c) => inScope(p, c))) throw new AppError('FORBIDDEN');
    }
  }
}
