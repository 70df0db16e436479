import { SchoolingStatus } from '@fupin/schema';
import type { Context } from '../../context';
import { laborerRecordList, laborerRecords } from '../../common/laborer-record';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { byKeys } from '../../common/loaders';
import type { Laborer } from '../registry/laborer.entity';
import { DreamSchooling } from './dream-schooling.entity';

/** A student leaves school only once: graduated and dropped out are final. */
export const SCHOOLING_TRANSITIONS: Record<SchoolingStatus, SchoolingStatus[]> = {
  ENROLLED: ['GRADUATED', 'DROPPED_OUT'],
  GRADUATED: [],
  DROPPED_OUT: [],
};

/** 两后生 are teens: 14 to 22 years old at intake. */
export const MIN_INTAKE_AGE = 14;
export const MAX_INTAKE_AGE = 22;

registerFieldLabels({
  laborerId: { zh: '贫困劳动力', en: 'Laborer' },
  school: { zh: '就读学校', en: 'School' },
  major: { zh: '专业', en: 'Major' },
  intakeYear: { zh: '入学年份', en: 'Intake year' },
  tuitionWaived: { zh: '免学费', en: 'Tuition waived' },
  livingSubsidyPerTerm: { zh: '每学期生活补助', en: 'Living subsidy per term' },
  status: { zh: '状态', en: 'Status' },
});
registerDetails({
  // Status names in messages ("状态不能从已毕业变为在读").
  ...SchoolingStatus.labels,
  NOT_TEEN: { zh: `入学时应为${MIN_INTAKE_AGE}至${MAX_INTAKE_AGE}周岁的两后生`, en: `must be ${MIN_INTAKE_AGE} to ${MAX_INTAKE_AGE} years old at intake` },
  SCHOOLING_INTAKE_YEAR: { zh: '应在2014年到明年之间', en: 'must be from 2014 to next year' },
  NOT_NEGATIVE: { zh: '不能为负数', en: 'cannot be negative' },
});
registerConstraintFields({
  dream_schooling_laborer_intake_unique: 'intakeYear',
  dream_schooling_laborer_fk: 'laborerId',
  dream_schooling_intake_year_check: { code: 'VALIDATION_FAILED', field: 'intakeYear', params: { detail: 'SCHOOLING_INTAKE_YEAR' } },
  dream_schooling_living_subsidy_per_term_check: { code: 'VALIDATION_FAILED', field: 'livingSubsidyPerTerm', params: { detail: 'NOT_NEGATIVE' } },
});

export function checkIntakeYear(year: number): number {
  if (!Number.isInteger(year) || year < 2014 || year > new Date().getFullYear() + 1) throw new AppError('VALIDATION_FAILED', 'intakeYear', { detail: 'SCHOOLING_INTAKE_YEAR' });
  return year;
}

/** Age in whole years on 1 September of the intake year, when the school year starts. */
export function ageAtIntake(birthDate: string, intakeYear: number): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  return intakeYear - y - (m > 9 || (m === 9 && d > 1) ? 1 : 0);
}

export function checkTeen(laborer: Laborer, intakeYear: number): void {
  const age = ageAtIntake(laborer.birthDate, intakeYear);
  if (age < MIN_INTAKE_AGE || age > MAX_INTAKE_AGE) throw new AppError('VALIDATION_FAILED', 'laborerId', { detail: 'NOT_TEEN' });
}

export function checkSubsidy(v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new AppError('VALIDATION_FAILED', 'livingSubsidyPerTerm', { detail: 'NOT_NEGATIVE' });
  return Math.round(v * 100) / 100;
}

export function checkTransition(from: SchoolingStatus, to: SchoolingStatus): SchoolingStatus {
  // Re-sending the current status (an edit form sends every field) is no transition.
  if (from !== to && !SCHOOLING_TRANSITIONS[from].includes(to)) throw new AppError('ILLEGAL_TRANSITION', 'status', { from, to });
  return to;
}

/** One record per laborer and intake year (the unique constraint decides between racing requests). */
export async function assertIntakeFree(ctx: Context, laborerId: number, intakeYear: number, exceptId?: number): Promise<void> {
  const other = await ctx.em.findOne(DreamSchooling, { laborer: laborerId, intakeYear }, { fields: ['id'] });
  if (other && other.id !== exceptId) throw new AppError('DUPLICATE', 'intakeYear');
}

export function dreamSchoolingLoader(ctx: Context) {
  return ctx.loaders.get<number, DreamSchooling | null>('schooling.byId', async (ids) => byKeys(ids, await ctx.em.find(DreamSchooling, { id: { $in: [...ids] } }), (s) => s.id));
}

const dreamSchoolingsList = laborerRecordList('dreamSchoolings', DreamSchooling, 't.intake_year desc, t.id desc');

/** The laborer's dreamSchoolings (read together with their other record lists: `laborerRecords`). */
export function laborerSchoolingsLoader(ctx: Context) {
  return { load: (laborerId: number) => laborerRecords(ctx, dreamSchoolingsList, laborerId) };
}
