import { usePermissions } from 'react-admin';
import type { Permissions, Role } from '../authProvider';

/**
 * What the signed-in user may do, as the hub decides it (api/src/modules/auth/access.ts, scope.ts):
 * screens hide what the API would refuse anyway, so no button, menu entry or empty page invites a
 * clerk to do what they may not.
 * - CITY_ADMIN: everything; OPERATOR: writes records in their region (not the city-wide policies, not
 *   the budgets the city sets, and a township's operator not the county's classes and providers);
 * - ANALYST: reads every record, writes nothing; VIEWER: the dashboard, its statistics and the subsidy tracking.
 * With no sign-in configured (no auth provider, permissions undefined) nothing is hidden: the API decides.
 */

/** Kept by the county for all its townships: a township's operators read them, change none. */
const COUNTY_KEPT = new Set(['TrainingProvider', 'TrainingClass', 'JobFair', 'PolicyBudget']);
/** The city's own: only city administrators change them (yearly targets and their monthly profiles too). */
const CITY_KEPT = new Set(['Policy', 'PolicyBudget', 'User', 'Target', 'TargetProfile']);

/** A township (not a county) scope: 9 significant digits. */
const isTownshipScope = (scope: string | null | undefined) => !!scope && /^\d{9}000$/.test(scope) && !scope.endsWith('000000');

export function mayWrite(p: Permissions | null | undefined, resource?: string): boolean {
  const role: Role = p?.role ?? 'CITY_ADMIN';
  if (role === 'CITY_ADMIN') return true;
  if (role !== 'OPERATOR') return false;
  if (resource && CITY_KEPT.has(resource)) return false;
  if (resource && COUNTY_KEPT.has(resource) && isTownshipScope(p?.scopeRegionCode)) return false;
  return true;
}

export function useAccess() {
  const { permissions, isPending } = usePermissions<Permissions | null | undefined>();
  const role: Role = permissions?.role ?? 'CITY_ADMIN';
  return {
    role,
    isPending,
    scope: permissions?.scopeRegionCode ?? null,
    /** Records (laborers, programmes, payments) can be read. */
    canRead: role !== 'VIEWER',
    /** Records of `resource` can be created, changed, deleted and moved through their statuses. */
    canWrite: (resource?: string) => !isPending && mayWrite(permissions, resource),
    /** Personal data in full (ID numbers, phones): searchable by their last digits. */
    seesPersonalData: role === 'CITY_ADMIN' || role === 'OPERATOR',
  };
}

/** Roles that read records (every page but the dashboard). */
export const isReader = (p: Permissions | null | undefined) => !p || p.role !== 'VIEWER';

/** Roles that write records (and so import them). */
export const isWriter = (p: Permissions | null | undefined) => !p || p.role === 'CITY_ADMIN' || p.role === 'OPERATOR';

/**
 * A resource's pages as the user may use them: without create and edit when they may not write, so
 * react-admin offers no 新建 on an empty list, no edit route, no create button.
 */
export function resourceFor<T extends { create?: unknown; edit?: unknown }>(p: Permissions | null | undefined, name: string, def: T): T {
  if (mayWrite(p, name)) return def;
  const { create: _c, edit: _e, ...rest } = def;
  return rest as T;
}
