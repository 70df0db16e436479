import { CITY_CODE } from '@fupin/schema';

/** The tracking page of a policy, a region and a budget year (all in the URL, so a link can be shared). */
export function trackingPath({ policyId, regionCode = CITY_CODE, year }: { policyId?: string; regionCode?: string; year: number }): string {
  const q = new URLSearchParams({ regionCode, year: String(year) });
  if (policyId) q.set('policyId', policyId);
  return `/tracking?${q}`;
}

/** The payment list filtered to what a figure counts. */
export function paymentsPath(filter: { policyId?: string; regionCode?: string; status?: string; statusIn?: string[]; period?: string; periodYear?: number }): string {
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v != null && v !== '' && !(Array.isArray(v) && v.length === 0)));
  return `/SubsidyPayment?${new URLSearchParams({ filter: JSON.stringify(clean), order: 'DESC', sort: 'appliedOn' })}`;
}
