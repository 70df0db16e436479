import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { laborerRecordList, laborerRecords } from '../../common/laborer-record';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { byKeys, groupByKeys } from '../../common/loaders';
import { Region } from '../region/region.entity';
import { mustFindRegionAt } from '../region/region.service';
import { WelfarePlacement, WelfarePost } from './welfare.entity';

registerFieldLabels({
  title: { zh: '名称', en: 'Title' },
  category: { zh: '类别', en: 'Category' },
  regionId: { zh: '所在村或乡镇', en: 'Village or township' },
  monthlyPay: { zh: '月工资', en: 'Monthly pay' },
  status: { zh: '状态', en: 'Status' },
  postId: { zh: '公益性岗位', en: 'Public-welfare post' },
  laborerId: { zh: '贫困劳动力', en: 'Laborer' },
  startDate: { zh: '开始日期', en: 'Start date' },
  endDate: { zh: '结束日期', en: 'End date' },
});
registerDetails({
  WELFARE_POST_TAKEN: { zh: '该岗位在此期间已有人在岗', en: 'the post has a holder in this period' },
  WELFARE_LABORER_PLACED: { zh: '该劳动力在此期间已在其他公益性岗位', en: 'the laborer holds a public-welfare post in this period' },
  WELFARE_POST_CLOSED: { zh: '岗位已关闭，不能安置', en: 'the post is closed' },
  WELFARE_POST_FILLED: { zh: '岗位有人在岗，不能关闭', en: 'the post has a holder and cannot be closed' },
  WELFARE_STATUS_DERIVED: { zh: '只能设为空缺或已关闭，已安置由在岗记录决定', en: 'only OPEN or CLOSED can be set; FILLED follows from the placements' },
  WELFARE_END_DATE: { zh: '应晚于开始日期', en: 'must be after the start date' },
  POSITIVE: { zh: '应大于0', en: 'must be greater than 0' },
});
// The exclusion constraints decide when two requests race past the service checks.
registerConstraintFields({
  welfare_placement_one_post_per_laborer: { code: 'CONFLICT', field: 'laborerId', params: { detail: 'WELFARE_LABORER_PLACED' } },
  welfare_placement_one_holder_per_post: { code: 'CONFLICT', field: 'postId', params: { detail: 'WELFARE_POST_TAKEN' } },
  welfare_placement_laborer_fk: 'laborerId',
  welfare_placement_post_id_fkey: 'postId',
  welfare_placement_dates_check: { code: 'VALIDATION_FAILED', field: 'endDate', params: { detail: 'WELFARE_END_DATE' } },
  welfare_post_region_code_fkey: 'regionId',
  welfare_post_region_code_check: 'regionId',
  welfare_post_monthly_pay_check: { code: 'VALIDATION_FAILED', field: 'monthlyPay', params: { detail: 'POSITIVE' } },
});

/** Today as 'YYYY-MM-DD' in China, whatever the server's time zone: the day placements are judged active on. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A placement is active (holds its post) while it has no end date or ends after today. */
export function activeWhere(on = today()): FilterQuery<WelfarePlacement> {
  return { $or: [{ endDate: null }, { endDate: { $gt: on } }] };
}

/** SQL of the same rule, for filters on posts (`alias` is the welfare_post alias; `?` is the day). */
export function activePlacementExists(alias: string): string {
  return `exists (select 1 from welfare_placement wp where wp.post_id = ${alias}.id and (wp.end_date is null or wp.end_date > ?))`;
}

/** Posts sit in a village or a township (the place the work is done). */
export function mustFindPostRegion(ctx: Context, code: string): Promise<Region> {
  return mustFindRegionAt(ctx, code, ['VILLAGE', 'TOWNSHIP'], 'regionId');
}

export function checkPay(pay: number): number {
  if (!Number.isFinite(pay) || pay <= 0) throw new AppError('VALIDATION_FAILED', 'monthlyPay', { detail: 'POSITIVE' });
  return Math.round(pay * 100) / 100;
}

export function checkPeriod(start: string, end: string | null | undefined): void {
  if (end && end <= start) throw new AppError('VALIDATION_FAILED', 'endDate', { detail: 'WELFARE_END_DATE' });
}

/**
 * Loads a post for a write and locks its row until the transaction ends, so placing, ending and
 * closing on one post happen one after the other and each sees what the previous one did.
 */
export async function lockPost(ctx: Context, id: number, field = 'postId'): Promise<WelfarePost> {
  const post = await ctx.em.findOne(WelfarePost, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!post) throw new AppError('NOT_FOUND', field);
  return post;
}

export async function hasActivePlacement(ctx: Context, postId: number): Promise<boolean> {
  return (await ctx.em.count(WelfarePlacement, { $and: [{ post: postId }, activeWhere()] })) > 0;
}

/** The stored status follows the placements: FILLED while one is active, else OPEN; CLOSED stays. */
export async function refreshPostStatus(ctx: Context, post: WelfarePost): Promise<void> {
  await ctx.em.flush();
  if (post.status === 'CLOSED') return;
  post.status = (await hasActivePlacement(ctx, post.id)) ? 'FILLED' : 'OPEN';
}

/**
 * Refuses a placement whose period overlaps another on the same post or of the same laborer (the
 * rule the exclusion constraints hold; the constraints still decide between racing requests).
 */
export async function assertNoOverlap(ctx: Context, p: { id?: number; postId: number; laborerId: number; startDate: string; endDate?: string | null }): Promise<void> {
  const overlap: Record<string, unknown>[] = [{ $or: [{ endDate: null }, { endDate: { $gt: p.startDate } }] }];
  if (p.endDate) overlap.push({ startDate: { $lt: p.endDate } });
  if (p.id) overlap.push({ id: { $ne: p.id } });
  if (await ctx.em.count(WelfarePlacement, { $and: [...overlap, { post: p.postId }] })) throw new AppError('CONFLICT', 'postId', { detail: 'WELFARE_POST_TAKEN' });
  if (await ctx.em.count(WelfarePlacement, { $and: [...overlap, { laborer: p.laborerId }] })) throw new AppError('CONFLICT', 'laborerId', { detail: 'WELFARE_LABORER_PLACED' });
}

export function postLoader(ctx: Context) {
  return ctx.loaders.get<number, WelfarePost | null>('welfare.postById', async (ids) => byKeys(ids, await ctx.em.find(WelfarePost, { id: { $in: [...ids] } }), (p) => p.id));
}

export function postPlacementsLoader(ctx: Context) {
  return ctx.loaders.get<number, WelfarePlacement[]>('welfare.placementsByPost', async (ids) =>
    groupByKeys(ids, await ctx.em.find(WelfarePlacement, { post: { $in: [...ids] } }, { orderBy: { startDate: 'DESC', id: 'DESC' } }), (p) => p.post.id),
  );
}

/** Active placements of each post, earliest first: the first is the one holding the post now (or next). */
export function activePlacementsLoader(ctx: Context) {
  return ctx.loaders.get<number, WelfarePlacement[]>('welfare.activeByPost', async (ids) =>
    groupByKeys(ids, await ctx.em.find(WelfarePlacement, { $and: [{ post: { $in: [...ids] } }, activeWhere()] }, { orderBy: { startDate: 'ASC', id: 'ASC' } }), (p) => p.post.id),
  );
}

const welfarePlacementsList = laborerRecordList('welfarePlacements', WelfarePlacement, 't.start_date desc, t.id desc');

/** The laborer's welfarePlacements (read together with their other record lists: `laborerRecords`). */
export function laborerPlacementsLoader(ctx: Context) {
  return { load: (laborerId: number) => laborerRecords(ctx, welfarePlacementsList, laborerId) };
}
