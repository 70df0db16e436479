import type { AuditAction } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { MAX_PAGE_SIZE } from '@fupin/schema';
import { Arg, Ctx, Field, ID, InputType, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers } from '../../common/crud';
import { AppError } from '../../common/errors';
import { and, BaseFilter } from '../../common/list';
import { DateTime } from '../../common/scalars';
import { Access } from '../auth/access';
import { AuditActionEnum } from '../auth/auth.enums';
import { withinRegion } from '../region/region.service';
import { AuditLog } from './audit.entity';

@InputType({ description: 'Filter of the audit trail; all given conditions must hold.' })
class AuditLogFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Only entries about this type of record, e.g. Laborer.' })
  entity?: string;
  @Field(() => ID, { nullable: true, description: 'Only entries about the record with this id (with `entity`).' })
  recordId?: string;
  @Field(() => Int, { nullable: true, description: 'Only entries by this user id.' })
  userId?: number;
  @Field({ nullable: true, description: 'Only entries by this sign-in name.' })
  username?: string;
  @Field(() => AuditActionEnum, { nullable: true, description: 'Only this action.' })
  action?: AuditAction;
  @Field(() => ID, { nullable: true, description: 'Only entries about records in the subtree of this region code.' })
  regionCode?: string;
  @Field(() => DateTime, { nullable: true, description: 'At or after this time.' })
  at_gte?: Date;
  @Field(() => DateTime, { nullable: true, description: 'At or before this time.' })
  at_lte?: Date;
}

const bigintId = (id: string, field = 'id') => {
  if (!/^[1-9]\d{0,17}$/.test(String(id))) throw new AppError('NOT_FOUND', field);
  return String(id);
};

function auditWhere(f?: AuditLogFilter): FilterQuery<AuditLog> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  if (f.ids) w.push({ id: { $in: f.ids.map((i) => bigintId(i, 'ids')) } });
  if (f.entity) w.push({ entity: f.entity });
  if (f.recordId) w.push({ recordId: String(f.recordId) });
  if (f.userId !== undefined && f.userId !== null) w.push({ userId: f.userId });
  if (f.username) w.push({ username: f.username.trim().toLowerCase() });
  if (f.action) w.push({ action: f.action });
  if (f.regionCode) w.push({ regionCode: withinRegion(f.regionCode, 'regionCode') });
  if (f.at_gte) w.push({ at: { $gte: f.at_gte } });
  if (f.at_lte) w.push({ at: { $lte: f.at_lte } });
  return and<AuditLog>(w);
}

const auditCrud = crudResolvers<AuditLog, AuditLogFilter>({
  name: 'AuditLog',
  type: AuditLog,
  entity: AuditLog,
  filter: AuditLogFilter,
  where: auditWhere,
  sortable: { id: 'id', at: 'at', entity: 'entity', username: 'username', action: 'action' },
  parseId: (id) => bigintId(id),
  access: { read: 'ADMIN' },
});

@Resolver()
class AuditTrailResolver {
  @Access(['CITY_ADMIN', 'OPERATOR'])
  @Query(() => [AuditLog], { description: `History of one record, oldest first (the latest ${MAX_PAGE_SIZE} entries). Operators see the entries of records in their region.` })
  async auditTrail(
    @Arg('entity', { description: 'Type of the record, e.g. Laborer.' }) entity: string,
    @Arg('recordId', () => ID, { description: 'Id of the record.' }) recordId: string,
    @Ctx() ctx: Context,
  ): Promise<AuditLog[]> {
    const rows = await ctx.em.find(AuditLog, { entity, recordId: String(recordId) }, { orderBy: { id: 'DESC' }, limit: MAX_PAGE_SIZE });
    return rows.reverse();
  }
}

export const auditResolvers = [...auditCrud, AuditTrailResolver];
