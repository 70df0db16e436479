import { regionLevelOf, regionPrefix, type RegionLevel } from '@fupin/schema';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { AppError } from '../../common/errors';
import { groupByKeys, type Loaders } from '../../common/loaders';
import { likeEscape } from '../../common/list';
import { regionCacheOf } from './region.cache';
import { Region } from './region.entity';

/** Checks a region code argument; a malformed one is a coded error naming the field. */
export function checkRegionCode(code: string, field: string): string {
  if (!/^\d{12}$/.test(code)) throw new AppError('VALIDATION_FAILED', field, { detail: 'REGION_CODE' });
  return code;
}

/** Filter for rows whose region `column` lies in the subtree of `code` (a prefix match on the code). */
export function withinRegion(code: string, field = 'within'): { $like: string } {
  return { $like: `${likeEscape(regionPrefix(checkRegionCode(code, field)))}%` };
}

/**
 * A region a record points to, of one of `levels`; a malformed or unknown code, or a region of another
 * level, is INVALID_REFERENCE naming the field (the same answer as the foreign key and level checks).
 */
export async function mustFindRegionAt(ctx: Context, code: string, levels: readonly RegionLevel[], field: string): Promise<Region> {
  const region = /^\d{12}$/.test(code ?? '') ? await ctx.em.findOne(Region, code) : null;
  if (!region || !levels.includes(region.level)) throw new AppError('INVALID_REFERENCE', field);
  return region;
}

/** A county-level region (the only level that runs classes, providers, fairs and holds budgets). */
export function mustFindCounty(ctx: Context, code: string, field = 'countyId'): Promise<Region> {
  return mustFindRegionAt(ctx, code, ['COUNTY'], field);
}

/** A village (households and the person-level records under them belong to one). */
export function mustFindVillage(ctx: Context, code: string, field = 'villageId'): Promise<Region> {
  return mustFindRegionAt(ctx, code, ['VILLAGE'], field);
}

/** Codes of the ancestors of a region, city first; computed from the code alone. */
export function ancestorCodes(code: string): string[] {
  const level = regionLevelOf(code);
  const out: string[] = [];
  if (level !== 'CITY') out.push(`${code.slice(0, 4)}00000000`);
  if (level === 'TOWNSHIP' || level === 'VILLAGE') out.push(`${code.slice(0, 6)}000000`);
  if (level === 'VILLAGE') out.push(`${code.slice(0, 9)}000`);
  return out;
}

export class RegionService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: Loaders,
  ) {}

  /** A region by code, from the hub's cache of the tree (region.cache.ts), within the request's scope. */
  byCode(code: string): Promise<Region | null> {
    return this.loaders.get<string, Region | null>('region.byCode', (codes) => regionCacheOf(this.em).byCodes(this.em, codes)).load(code);
  }

  children(code: string): Promise<Region[]> {
    return this.loaders
      .get<string, Region[]>('region.children', async (codes) =>
        groupByKeys(codes, await this.em.find(Region, { parent: { $in: [...codes] } }, { orderBy: { code: 'ASC' } }), (r) => r.parentId!),
      )
      .load(code);
  }

  async ancestors(code: string): Promise<Region[]> {
    const regions = await Promise.all(ancestorCodes(code).map((c) => this.byCode(c)));
    return regions.filter((r): r is Region => r !== null);
  }

  descendantsWhere(code: string, level?: RegionLevel): FilterQuery<Region> {
    return { code: { ...withinRegion(code, 'code'), $ne: code }, ...(level ? { level } : {}) };
  }
}
