/** The import centre's address; the dataset, the list's filter and the open batch travel in the URL. */
export const IMPORTS_PATH = '/imports';

export function importPath({ resource, filter, batch }: { resource?: string; filter?: Record<string, unknown>; batch?: string } = {}): string {
  const q = new URLSearchParams();
  if (resource) q.set('resource', resource);
  if (filter && Object.keys(filter).length) q.set('filter', JSON.stringify(filter));
  if (batch) q.set('batch', batch);
  const s = String(q);
  return s ? `${IMPORTS_PATH}?${s}` : IMPORTS_PATH;
}
