import { blocksOf, COUNTIES, regionPlan } from './plan';
import { provinceRegionRows, regionRows, type RegionRow } from './regions';

/**
 * A province-sized dataset (`--province 51`): block 0 is Nanchong as the article describes it, every
 * later block is generated exactly like a Nanchong block and then moved to another city of the province
 * (`relocation`). Nanchong's plan (its 9 counties, their townships and village committees, the poor
 * counties and villages with their exit years) is mapped onto the other city's tree by position, so the
 * statistics of that city have its own counties, townships and villages. Without a province every block
 * stays in Nanchong (the demo data and the tests as they always were).
 */

const NANCHONG = '5113';

/** Where the rows of a block go: a code of Nanchong's tree to the code it stands for in `city`. */
export interface Relocation {
  /** The city's code (12 digits). */
  city: string;
  place(code: string): string;
  /** The city's poor counties and villages with their exit years (Nanchong's, mapped). */
  flags: { code: string; exitYear: number | null }[];
}

/** The cities blocks 1, 2, ... go to: the province's cities but Nanchong, in code order, round and round. */
export function blockCities(province: string): string[] {
  return provinceRegionRows(province)
    .filter((r) => r.level === 'CITY' && !r.code.startsWith(NANCHONG))
    .map((r) => r.code);
}

/** The city block `index` goes to (Nanchong's code for block 0). */
export function cityOfBlock(province: string | undefined, index: number): string {
  if (!province || index === 0) return `${NANCHONG}00000000`;
  const cities = blockCities(province);
  return cities[(index - 1) % cities.length];
}

/** Scale per city (12-digit code) of a dataset: the sum of its blocks' scales. */
export function cityScales(scale: number, blockScale: number | undefined, province: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  blocksOf(scale, blockScale).forEach((s, i) => {
    const city = cityOfBlock(province, i);
    out.set(city, Math.round(((out.get(city) ?? 0) + s) * 1e9) / 1e9);
  });
  return out;
}

const byCode = (a: RegionRow, b: RegionRow) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** A region's children in code order. */
function childrenOf(rows: RegionRow[]): (code: string) => RegionRow[] {
  const children = new Map<string, RegionRow[]>();
  for (const r of rows) {
    if (!r.parentCode) continue;
    const list = children.get(r.parentCode) ?? [];
    list.push(r);
    children.set(r.parentCode, list);
  }
  for (const list of children.values()) list.sort(byCode);
  return (code) => children.get(code) ?? [];
}

let cached: { key: string; relocation: Relocation } | undefined;

/**
 * How Nanchong's tree maps onto `city` (12-digit code) of `province`: Nanchong's county i (COUNTIES
 * order) to the city's county i modulo its number of counties (i x n / 9 when it has n > 9, spread
 * over them all); a county's township j (code order) to township j modulo the target county's; a
 * township's village committee k to the target township's village committee k modulo their number
 * (the county's village committees when the township has none; a residents' committee, never poor,
 * only when the county has none either: Chengdu's central districts). A city with fewer places than
 * Nanchong gets several of Nanchong's on one: a target village is poor when any village mapped onto it
 * is (the latest exit year), a target county when any county mapped onto it is, leaving the list no
 * earlier than its last poor village. Deterministic: the same tree gives the same map. One city is
 * kept at a time.
 */
export function relocation(province: string, city: string): Relocation {
  const key = `${province}:${city}`;
  if (cached?.key === key) return cached.relocation;
  const all = provinceRegionRows(province).filter((r) => r.code.startsWith(city.slice(0, 4)));
  if (!all.some((r) => r.level === 'CITY' && r.code === city)) throw new Error(`no city ${city} in province ${province}`);
  const kids = childrenOf(all);
  const urban = new Set(all.filter((r) => r.isUrban).map((r) => r.code));
  const targetCounties = kids(city);
  if (!targetCounties.length) throw new Error(`city ${city} has no county`);

  const map = new Map<string, string>([[`${NANCHONG}00000000`, city]]);
  const ownKids = childrenOf(regionRows());
  COUNTIES.forEach((county, i) => {
    const from = `${county.code}000000`;
    // A city with more counties than Nanchong's nine gets them spread over its whole list.
    const n = targetCounties.length;
    const to = targetCounties[n >= COUNTIES.length ? Math.floor((i * n) / COUNTIES.length) : i % n];
    map.set(from, to.code);
    let townships = kids(to.code).filter((t) => t.level === 'TOWNSHIP');
    const countyVillages = townships.flatMap((t) => kids(t.code));
    if (!townships.length) townships = [to];
    ownKids(from).forEach((township, j) => {
      const tt = townships[j % townships.length];
      map.set(township.code, tt.code);
      const here = tt === to ? countyVillages : kids(tt.code);
      // A village committee goes to one (of the township, else of the county: a residents' committee
      // is never poor), a residents' committee to any village of the township.
      const committees = [here, countyVillages].map((v) => v.filter((x) => !x.isUrban)).find((v) => v.length) ?? [];
      const anyVillage = [here, countyVillages].find((v) => v.length) ?? [];
      if (!anyVillage.length) throw new Error(`county ${to.code} has no village to move rows to`);
      const ownVillages = ownKids(township.code);
      for (const isUrban of [false, true]) {
        const targets = !isUrban && committees.length ? committees : anyVillage;
        ownVillages.filter((v) => v.isUrban === isUrban).forEach((v, k) => map.set(v.code, targets[k % targets.length].code));
      }
    });
  });

  // Flags: the latest exit year of what lands on a place.
  const plan = regionPlan();
  const flags = new Map<string, number | null>();
  const latest = (a: number | null | undefined, b: number | null) => (a === undefined ? b : a === null || b === null ? null : Math.max(a, b));
  for (const f of plan.flags) {
    const to = map.get(f.code);
    if (!to) throw new Error(`no place in ${city} for ${f.code}`);
    if (urban.has(to)) continue; // a county with residents' committees only: its poor villages have no place
    flags.set(to, latest(flags.get(to), f.exitYear));
  }
  // A poor county leaves the list only once its poor villages have.
  for (const [code, year] of flags) {
    if (!code.endsWith('000000') || year === null) continue;
    let last = year;
    for (const [v, y] of flags) if (v !== code && v.startsWith(code.slice(0, 6))) last = y === null ? last : Math.max(last, y);
    flags.set(code, last);
  }
  const relocation: Relocation = {
    city,
    place(code: string) {
      const to = map.get(code);
      if (!to) throw new Error(`no place in ${city} for Nanchong's ${code}`);
      return to;
    },
    flags: [...flags].map(([code, exitYear]) => ({ code, exitYear })).sort((a, b) => (a.code < b.code ? -1 : 1)),
  };
  cached = { key, relocation };
  return relocation;
}

/** The region flags of a dataset: Nanchong's, and those of every other city a block goes to. */
export function datasetFlags(scale: number, blockScale: number | undefined, province: string | undefined): { code: string; exitYear: number | null }[] {
  const flags = [...regionPlan().flags];
  if (!province) return flags;
  for (const city of cityScales(scale, blockScale, province).keys()) {
    if (city.startsWith(NANCHONG)) continue;
    flags.push(...relocation(province, city).flags);
  }
  return flags;
}
