import { maskIdNumber, maskPhone } from '@fupin/schema';
import { Extensions, type MiddlewareFn, UseMiddleware } from 'type-graphql';
import type { Context } from '../../context';
import { AppError } from '../../common/errors';
import { seesPersonalDataRole } from './access';
import { inScope, regionCodeOf } from './scope';

/**
 * Personal data (个人信息): shown in full only to city administrators and to operators for records in
 * their scope; everyone else gets it masked. Mark a field once with `@Sensitive(kind)` (next to its
 * `@Field`) and every query path that returns it is masked.
 */
export type SensitiveKind = 'ID_NUMBER' | 'PHONE' | 'BIRTH_DATE';

/** Key of the kind in GraphQL field extensions (tests find every sensitive field through it). */
export const SENSITIVE_EXTENSION = 'sensitive';

const MASKS: Record<SensitiveKind, (v: string) => string | null> = {
  ID_NUMBER: maskIdNumber,
  PHONE: maskPhone,
  // With the birth date, a masked ID number (first 6 and last 4 kept) could be completed: hidden.
  BIRTH_DATE: () => null,
};

export function mask(kind: SensitiveKind, value: string): string | null {
  return MASKS[kind](value);
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

function maskMiddleware(kind: SensitiveKind): MiddlewareFn<Context> {
  return async ({ root, context }, next) => {
    const value: unknown = await next();
    if (value === null || value === undefined || seesPersonalData(context, root as object)) return value;
    return mask(kind, String(value));
  };
}

export function Sensitive(kind: SensitiveKind): PropertyDecorator & MethodDecorator {
  return ((target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    Extensions({ [SENSITIVE_EXTENSION]: kind })(target, key, descriptor as never);
    UseMiddleware(maskMiddleware(kind))(target, key, descriptor as never);
  }) as never;
}
