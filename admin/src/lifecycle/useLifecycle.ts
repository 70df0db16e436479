import { useDataProvider } from 'react-admin';
import type { HubDataProvider } from '../dataProvider';

/** The lifecycle calls of the data provider (same session, language and error mapping as every screen). */
export const useLifecycle = () => useDataProvider<HubDataProvider>();

/** The level of a user's scope from its code: a village clerk, a township, a county, or the city. */
export function scopeLevel(scope: string | null): 'VILLAGE' | 'TOWNSHIP' | 'COUNTY' | 'CITY' {
  if (!scope) return 'CITY';
  if (scope.slice(9) !== '000') return 'VILLAGE';
  if (scope.slice(6) !== '000000') return 'TOWNSHIP';
  return 'COUNTY';
}
