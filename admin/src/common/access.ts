import { usePermissions } from 'react-admin';
import type { Permissions, Role } from '../authProvider';

/** Resources only the city administrator writes: policies, budgets, yearly targets and their monthly profiles. */
const CITY_ONLY = new Set(['Policy', 'PolicyBudget', 'Target', 'TargetProfile']);

/**
 * What the signed-in user may do, as the hub decides it (api/src/modules/auth/access.ts): screens hide
 * what the API would refuse anyway.
 * - CITY_ADMIN: everything; OPERATOR: writes records in their region (not the city-wide policies and budgets);
 * - ANALYST: reads every record, writes nothing; VIEWER: the dashboard and its statistics only.
 * With no sign-in configured (no auth provider, permissions undefined) nothing is hidden: the API decides.
 */
export function useAccess() {
  const { permissions, isPending } = usePermissions<Permissions | null | undefined>();
  const role: Role = permissions?.role ?? 'CITY_ADMIN';
  const writer = !isPending && (role === 'CITY_ADMIN' || role === 'OPERATOR');
  return {
    role,
    isPending,
    scope: permissions?.scopeRegionCode ?? null,
    /** Records (laborers, programmes, payments) can be read. */
    canRead: role !== 'VIEWER',
    /** Records of `resource` can be created, changed, deleted and moved through their statuses. */
    // Policies and their budgets are the city's: operators read them (budgets limit their approvals).
    canWrite: (resource?: string) => writer && (!CITY_ONLY.has(resource ?? '') || role === 'CITY_ADMIN'),
  };
}

/** Roles that read records (every page but the dashboard). */
export const isReader = (p: Permissions | null | undefined) => !p || p.role !== 'VIEWER';

/** Roles that write records (and so import them). */
export const isWriter = (p: Permissions | null | undefined) => !p || p.role === 'CITY_ADMIN' || p.role === 'OPERATOR';
