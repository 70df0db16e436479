import { maskIdNumber, maskPhone } from '@fupin/schema';
import { type EntityMetadata, ReferenceKind } from '@mikro-orm/core';
import { Extensions, type MiddlewareFn, UseMiddleware } from 'type-graphql';
import type { Context } from '../../context';
import { AppError } from '../../common/errors';
import { seesPersonalDataRole } from './access';
import { inScope, regionCodeOf } from './scope';

/**
 * Personal data (个人信息): shown in full only to city administrators and to operators for records in
 * their scope; everyone else gets it masked. Mark a field once with `@Sensitive(kind)` (next to its
 * `@Field`) and, from that one declaration:
 * - every query path that returns it is masked (a GraphQL middleware);
 * - a list cannot be sorted by it, and filtered by it only as far as the mask shows, by a role that
 *   sees it masked (`assertMaskedUse`, run by the CRUD factory on every list and count, relations included);
 * - what the mask keeps is chosen so that, with the other fields of the record, it does not narrow the
 *   hidden value (see KINDS).
 */
export type SensitiveKind = 'ID_NUMBER' | 'PHONE' | 'BIRTH_DATE' | 'AGE';

/** Key of the kind in GraphQL field extensions (tests find every sensitive field through it). */
export const SENSITIVE_EXTENSION = 'sensitive';

interface KindRule {
  /** What a masked role gets instead of the value (the record is at hand for derived values). */
  mask(value: unknown, record: Record<string, unknown>): unknown;
  /** A filter condition (operator and operand) a masked role may use: it asks no more than the mask shows. */
  maskedFilter?(op: string, operand: unknown): boolean;
}

const birthYear = (record: Record<string, unknown>) => Number(String(record.birthDate ?? '').slice(0, 4));

export const KINDS: Record<SensitiveKind, KindRule> = {
  // The region part only: the last four hold the sequence and the check character, which with the
  // age (two candidate years) would leave few enough birth dates to complete the number.
  ID_NUMBER: {
    mask: (v) => maskIdNumber(String(v)),
    maskedFilter: (op, operand) => op === '$like' && typeof operand === 'string' && /^\d{1,6}%$/.test(operand),
  },
  PHONE: { mask: (v) => maskPhone(String(v)) },
  // With the birth date, the region part of an ID number and the gender leave one number in a thousand.
  // Whole birth years may be filtered: the masked age tells the year anyway.
  BIRTH_DATE: {
    mask: () => null,
    maskedFilter: (op, operand) =>
      typeof operand === 'string' && ((op === '$gte' && operand.endsWith('-01-01')) || (op === '$lte' && operand.endsWith('-12-31'))),
  },
  // A masked age is the difference of the years: it tells the birth year and nothing of the day (an
  // exact age would move on the birthday, and tell it to anyone who looked each day).
  AGE: { mask: (_v, record) => (birthYear(record) ? new Date().getFullYear() - birthYear(record) : null) },
};

export function mask(kind: SensitiveKind, value: unknown, record: object = {}): unknown {
  return KINDS[kind].mask(value, record as Record<string, unknown>);
}

/** Sensitive properties by entity class, from the decorators: what `assertMaskedUse` checks. */
const SENSITIVE_PROPS = new Map<Function, Map<string, SensitiveKind>>();

function sensitivePropsOf(meta: EntityMetadata): Map<string, SensitiveKind> | undefined {
  for (let c: Function | null = meta.class; c && c !== Object; c = Object.getPrototypeOf(c)) {
    const m = SENSITIVE_PROPS.get(c);
    if (m) return m;
  }
  return undefined;
}

/** Whether the request may see `record`'s personal data in full. */
export function seesPersonalData(ctx: Context, record?: object): boolean {
  const p = ctx.principal;
  if (!seesPersonalDataRole(p)) return false;
  if (p!.role === 'CITY_ADMIN' || !record) return true;
  const meta = ctx.em.getMetadata().find(record.constructor.name);
  // A record whose region the hub cannot tell is shown masked to scoped users.
  return !!meta && inScope(p!, regionCodeOf(meta, record));
}

/** Refuses a filter or search on personal data (which would let a masked role probe values) for roles that see it masked. */
export function requirePersonalData(ctx: Context | undefined, field: string): void {
  if (!ctx || !seesPersonalDataRole(ctx.principal)) throw new AppError('FORBIDDEN', field);
}

const OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte', '$like', '$ilike', '$re', '$fulltext', '$overlap', '$contains', '$contained', '$exists', '$hasKey', '$hasKeys', '$hasSomeKeys']);

/**
 * Refuses, for a role that sees personal data masked (analysts, viewers; operators see it in full only
 * inside their scope, which is all they can list), a sort by a sensitive property and any filter on
 * one beyond what its kind allows; relations are followed, so `{ laborer: { birthDate } }` is checked too.
 * Only operands the kind allows pass; everything else on a sensitive property is FORBIDDEN naming it.
 */
export function assertMaskedUse(ctx: Context, entityName: string, where: unknown, orderBy?: Record<string, unknown>): void {
  if (seesPersonalDataRole(ctx.principal)) return;
  const metadata = ctx.em.getMetadata();
  const metaOf = (name: string) => metadata.find(name);
  const root = metaOf(entityName);
  if (!root) return;
  for (const key of Object.keys(orderBy ?? {})) {
    if (sensitivePropsOf(root)?.has(key)) throw new AppError('INVALID_SORT', 'sortField', { field: key });
  }
  const check = (meta: EntityMetadata, cond: unknown, depth: number): void => {
    if (!cond || typeof cond !== 'object' || depth > 8) return;
    if (Array.isArray(cond)) return cond.forEach((c) => check(meta, c, depth + 1));
    const props = sensitivePropsOf(meta);
    for (const [key, value] of Object.entries(cond as Record<string, unknown>)) {
      if (key === '$and' || key === '$or' || key === '$not') {
        check(meta, value, depth + 1);
        continue;
      }
      const kind = props?.get(key);
      if (kind) {
        const rule = KINDS[kind];
        const ops = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : [['$eq', value] as const];
        if (!ops.every(([op, operand]) => rule.maskedFilter?.(op, operand))) throw new AppError('FORBIDDEN', key);
        continue;
      }
      const prop = meta.properties[key];
      if (prop && prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.EMBEDDED && value && typeof value === 'object') {
        const target = metaOf(prop.type);
        if (target) {
          // `{ laborer: { $in: [...] } }` compares keys; anything else is a condition on the related row.
          const inner = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !OPERATORS.has(k)));
          check(target, inner, depth + 1);
        }
      }
    }
  };
  check(root, where, 0);
}

function maskMiddleware(kind: SensitiveKind): MiddlewareFn<Context> {
  return async ({ root, context }, next) => {
    const value: unknown = await next();
    if (value === null || value === undefined || seesPersonalData(context, root as object)) return value;
    return mask(kind, value, root as object);
  };
}

/**
 * Marks personal data. On an entity property it is also registered for `assertMaskedUse` (sorting and
 * filtering); on a field resolver (a derived value such as `age`) it masks the answer.
 */
export function Sensitive(kind: SensitiveKind): PropertyDecorator & MethodDecorator {
  return ((target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    Extensions({ [SENSITIVE_EXTENSION]: kind })(target, key, descriptor as never);
    UseMiddleware(maskMiddleware(kind))(target, key, descriptor as never);
    const cls = (target as { constructor: Function }).constructor;
    if (!SENSITIVE_PROPS.has(cls)) SENSITIVE_PROPS.set(cls, new Map());
    SENSITIVE_PROPS.get(cls)!.set(String(key), kind);
  }) as never;
}
