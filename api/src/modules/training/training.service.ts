import { MAX_PAGE_SIZE } from '@fupin/schema';
import type { Context } from '../../context';
import { laborerRecordList, laborerRecords } from '../../common/laborer-record';
import { mustFindRef } from '../../common/crud';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { byKeys, groupByKeys } from '../../common/loaders';
import { checkName } from '../registry/registry.service';
import { Enrollment, TrainingClass, TrainingProvider } from './training.entity';

registerFieldLabels({
  kind: { zh: '类型', en: 'Kind' },
  countyId: { zh: '所在县', en: 'County' },
  title: { zh: '名称', en: 'Title' },
  providerId: { zh: '培训机构', en: 'Training provider' },
  specialty: { zh: '菜单专业', en: 'Specialty' },
  isMenu: { zh: '菜单式培训', en: 'Menu class' },
  startDate: { zh: '开始日期', en: 'Start date' },
  endDate: { zh: '结束日期', en: 'End date' },
  capacity: { zh: '班额', en: 'Capacity' },
  classId: { zh: '培训班', en: 'Training class' },
  laborerId: { zh: '贫困劳动力', en: 'Laborer' },
  enrolledOn: { zh: '报名日期', en: 'Enrollment date' },
  completed: { zh: '结业', en: 'Completed' },
  completedOn: { zh: '结业日期', en: 'Completion date' },
  certificateNo: { zh: '证书编号', en: 'Certificate number' },
  employedAfterTraining: { zh: '培训后就业', en: 'Employed after training' },
});

registerDetails({
  NOT_BEFORE_START: { zh: '不能早于开始日期', en: 'must not be before the start date' },
  CAPACITY_RANGE: { zh: '应为1到2000之间的整数', en: 'must be a whole number from 1 to 2000' },
  CLASS_FULL: { zh: '培训班名额已满', en: 'the class is full' },
  BELOW_ENROLLED: { zh: '不能少于已报名人数', en: 'cannot be lower than the number already enrolled' },
  ONLY_WHEN_COMPLETED: { zh: '仅在结业后填写', en: 'only allowed once the class is completed' },
  // DUPLICATE's template reads "already registered" (a person in the registry); a second enrollment is not that.
  ALREADY_ENROLLED: { zh: '该贫困劳动力已报名此培训班', en: 'already enrolled in this class' },
});

// A violation the database catches (a race, a bulk load) answers like the service's own check.
registerConstraintFields({
  training_provider_name_unique: 'name',
  training_provider_county_code_check: { code: 'INVALID_REFERENCE', field: 'countyId' },
  training_provider_county_code_fkey: 'countyId',
  training_class_county_code_check: { code: 'INVALID_REFERENCE', field: 'countyId' },
  training_class_county_code_fkey: 'countyId',
  training_class_provider_id_fkey: 'providerId',
  training_class_capacity_check: { code: 'VALIDATION_FAILED', field: 'capacity', params: { detail: 'CAPACITY_RANGE' } },
  training_class_dates_check: { code: 'VALIDATION_FAILED', field: 'endDate', params: { detail: 'NOT_BEFORE_START' } },
  enrollment_class_id_fkey: 'classId',
  enrollment_laborer_fk: 'laborerId',
  enrollment_class_laborer_unique: { code: 'CONFLICT', field: 'laborerId', params: { detail: 'ALREADY_ENROLLED' } },
  enrollment_completed_check: 'completedOn',
  enrollment_certificate_check: { code: 'VALIDATION_FAILED', field: 'certificateNo', params: { detail: 'ONLY_WHEN_COMPLETED' } },
  enrollment_employed_check: { code: 'VALIDATION_FAILED', field: 'employedAfterTraining', params: { detail: 'ONLY_WHEN_COMPLETED' } },
});

export function checkDates(start: string, end: string, field = 'endDate'): void {
  if (end < start) throw new AppError('VALIDATION_FAILED', field, { detail: 'NOT_BEFORE_START' });
}

export function checkCapacity(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2000) throw new AppError('VALIDATION_FAILED', 'capacity', { detail: 'CAPACITY_RANGE' });
  return n;
}

export function checkOptionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  return checkName(value, field, max);
}

/**
 * Enrollments of a class, counted under the caller's lock on the class row. Seats are seats: every
 * enrollment counts, also those of laborers outside the caller's region scope (filters off).
 */
export function countEnrollments(ctx: Context, classId: number): Promise<number> {
  return ctx.em.count(Enrollment, { trainingClass: classId }, { filters: false });
}

/**
 * The class row, locked (`SELECT ... FOR UPDATE`) until the transaction ends: every enrollment and
 * capacity change of one class passes through this lock, so counting and inserting cannot interleave.
 */
export function lockClass(ctx: Context, id: string | number, field: string): Promise<TrainingClass> {
  return mustFindRef(ctx, TrainingClass, String(id), field, true);
}

/**
 * Takes the seats lock of a class (the class row, `FOR NO KEY UPDATE`) after this transaction's
 * enrollment is written: the enrollments and capacity changes of one class queue only for the count and
 * the commit, not for the writing (and its statistics) before. NO KEY UPDATE, because the enrollment's
 * foreign key already holds KEY SHARE on the row (FOR UPDATE would wait on the other enrollers' KEY SHARE).
 */
export async function lockSeats(ctx: Context, classId: number): Promise<void> {
  await ctx.em.execute('select 1 from training_class where id = ? for no key update', [classId]);
}

export interface Completion {
  completed: boolean;
  completedOn: string | null;
  certificateNo: string | null;
  employedAfterTraining: boolean;
}

/**
 * The completion fields go together (the CHECK constraints of `enrollment`): a completion date exactly
 * when completed; a certificate and employment after training only once completed. Fields not given
 * keep their value while the enrollment stays completed and are cleared when it is un-completed.
 */
export function resolveCompletion(
  current: Completion,
  a: { completed?: boolean | null; completedOn?: string | null; certificateNo?: string | null; employedAfterTraining?: boolean | null },
): Completion {
  const completed = a.completed ?? current.completed;
  const keep = completed && current.completed;
  const completedOn = a.completedOn !== undefined ? a.completedOn : keep ? current.completedOn : null;
  const certificateNo = a.certificateNo !== undefined ? checkOptionalText(a.certificateNo, 'certificateNo', 40) : keep ? current.certificateNo : null;
  const employed = a.employedAfterTraining !== undefined && a.employedAfterTraining !== null ? a.employedAfterTraining : keep ? current.employedAfterTraining : false;
  if (completed && !completedOn) throw new AppError('REQUIRED', 'completedOn');
  if (!completed && completedOn) throw new AppError('VALIDATION_FAILED', 'completedOn', { detail: 'ONLY_WHEN_COMPLETED' });
  if (!completed && certificateNo) throw new AppError('VALIDATION_FAILED', 'certificateNo', { detail: 'ONLY_WHEN_COMPLETED' });
  if (!completed && employed) throw new AppError('VALIDATION_FAILED', 'employedAfterTraining', { detail: 'ONLY_WHEN_COMPLETED' });
  return { completed, completedOn: completedOn ?? null, certificateNo, employedAfterTraining: employed };
}

// ---------- loaders ----------

export function providerLoader(ctx: Context) {
  return ctx.loaders.get<number, TrainingProvider | null>('trainingProvider.byId', async (ids) =>
    byKeys(ids, await ctx.em.find(TrainingProvider, { id: { $in: [...ids] } }), (p) => p.id),
  );
}

export function classLoader(ctx: Context) {
  return ctx.loaders.get<number, TrainingClass | null>('trainingClass.byId', async (ids) =>
    byKeys(ids, await ctx.em.find(TrainingClass, { id: { $in: [...ids] } }), (c) => c.id),
  );
}

export function providerClassesLoader(ctx: Context) {
  return ctx.loaders.get<number, TrainingClass[]>('trainingProvider.classes', async (ids) =>
    groupByKeys(ids, await ctx.em.find(TrainingClass, { provider: { $in: [...ids] } }, { orderBy: { startDate: 'ASC', id: 'ASC' } }), (c) => c.provider.id),
  );
}

const enrollmentsList = laborerRecordList('enrollments', Enrollment, 't.enrolled_on, t.id');

/** The laborer's enrollments (read together with their other record lists: `laborerRecords`). */
export function laborerEnrollmentsLoader(ctx: Context) {
  return { load: (laborerId: number) => laborerRecords(ctx, enrollmentsList, laborerId) };
}

export interface ClassCounts {
  enrolled: number;
  completed: number;
}

/** Enrolled and completed counts of many classes in one grouped query; seats taken, so every enrollment counts (as countEnrollments): class-wide by design, also for a user scoped to one county (a count of seats, no person). */
export function classCountsLoader(ctx: Context) {
  return ctx.loaders.get<number, ClassCounts>('trainingClass.counts', async (ids) => {
    const rows = await ctx.em.execute<{ class_id: number; enrolled: number; completed: number }[]>(
      'select class_id, count(*)::int as enrolled, (count(*) filter (where completed))::int as completed from enrollment where class_id in (?) group by class_id',
      [[...ids]],
    );
    const m = new Map(rows.map((r) => [Number(r.class_id), { enrolled: r.enrolled, completed: r.completed }]));
    return ids.map((id) => m.get(id) ?? { enrolled: 0, completed: 0 });
  });
}

/**
 * Enrollments of many classes, all of them (perPage null) or one zero-based page per class. A page
 * is cut per class from the ids and class ids of the batch's enrollments (a class has at most 2000),
 * then only the page's rows are loaded: two queries for any number of classes. Both go through the
 * EntityManager, so the caller's region scope applies.
 */
export function classEnrollmentsLoader(ctx: Context, page: number, perPage: number | null) {
  if (perPage !== null && (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PAGE_SIZE)) throw new AppError('PAGE_SIZE_EXCEEDED', 'perPage', { max: MAX_PAGE_SIZE });
  if (!Number.isInteger(page) || page < 0) throw new AppError('VALIDATION_FAILED', 'page');
  return ctx.loaders.get<number, Enrollment[]>(`trainingClass.enrollments:${page}:${perPage ?? 'all'}`, async (ids) => {
    if (perPage === null) {
      const all = await ctx.em.find(Enrollment, { trainingClass: { $in: [...ids] } }, { orderBy: { id: 'ASC' } });
      return groupByKeys(ids, all, (e) => e.trainingClass.id);
    }
    const keys = await ctx.em.find(Enrollment, { trainingClass: { $in: [...ids] } }, { fields: ['id', 'trainingClass'], orderBy: { id: 'ASC' } });
    const pageIds = groupByKeys(ids, keys, (e) => e.trainingClass.id).flatMap((list) => list.slice(page * perPage, (page + 1) * perPage).map((e) => e.id));
    const rows = pageIds.length ? await ctx.em.find(Enrollment, { id: { $in: pageIds } }, { orderBy: { id: 'ASC' }, refresh: true }) : [];
    return groupByKeys(ids, rows, (e) => e.trainingClass.id);
  });
}
