import { type Education, parseIdNumber, startsLikeFormula } from '@fupin/schema';
import type { Context } from '../../context';
import { mustFind, mustFindRef } from '../../common/crud';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { hasVisible } from '../../common/input';
import { byKeys, groupByKeys } from '../../common/loaders';
import { Household } from './household.entity';
import { Laborer } from './laborer.entity';

registerFieldLabels({
  idNumber: { zh: '身份证号', en: 'ID number' },
  name: { zh: '姓名', en: 'Name' },
  phone: { zh: '联系电话', en: 'Phone' },
  householdId: { zh: '所属贫困户', en: 'Household' },
  villageId: { zh: '所在村', en: 'Village' },
  headName: { zh: '户主姓名', en: 'Head of household' },
  memberCount: { zh: '家庭人口', en: 'Members' },
  helperName: { zh: '帮扶责任人', en: 'Helper' },
  exitedPovertyYear: { zh: '脱贫年度', en: 'Exit year' },
  povertyStatus: { zh: '贫困状态', en: 'Poverty status' },
  skills: { zh: '技能', en: 'Skills' },
  within: { zh: '区域', en: 'Region' },
  regionCode: { zh: '区域', en: 'Region' },
  parentId: { zh: '上级区域', en: 'Parent region' },
  code: { zh: '区划代码', en: 'Region code' },
  isPoor: { zh: '贫困标识', en: 'Poor flag' },
  exitYear: { zh: '退出年度', en: 'Exit year' },
  idOrPhoneTail: { zh: '身份证号或电话后几位', en: 'Last digits of the ID or phone number' },
});
registerDetails({ TAIL_DIGITS: { zh: '应为4到8位数字（身份证号最后一位可为X）', en: 'must be 4 to 8 digits (an ID number may end in X)' } });
registerConstraintFields({
  laborer_id_number_unique: 'idNumber',
  laborer_household_fk: 'householdId',
  household_village_code_foreign: 'villageId',
  laborer_exit_year_check: 'exitedPovertyYear',
  household_exit_year_check: 'exitedPovertyYear',
  household_member_count_check: 'memberCount',
});

/**
 * A name or title (of a person, a place, a class, an employer ...): required, at most `max` characters,
 * and never starting like a spreadsheet formula (= + - @), which no name does and which an export would
 * run. Free text (`freeText`) may start that way: the exports defuse it.
 */
export function checkName(value: string | undefined | null, field: string, max = 32, freeText = false): string {
  const v = (value ?? '').trim();
  if (!v) throw new AppError('REQUIRED', field);
  // A name must show something (combining marks or spaces alone display as nothing).
  if (!hasVisible(v)) throw new AppError('VALIDATION_FAILED', field, { detail: 'NO_VISIBLE' });
  if (v.length > max) throw new AppError('VALIDATION_FAILED', field, { detail: 'TOO_LONG' });
  if (!freeText && startsLikeFormula(v)) throw new AppError('VALIDATION_FAILED', field, { detail: 'FORMULA' });
  return v;
}

export function checkPhone(value: string | undefined | null): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const v = value.trim().replace(/\s+/g, '');
  if (!/^1[3-9]\d{9}$/.test(v) && !/^0\d{2,3}-?\d{7,8}$/.test(v)) throw new AppError('VALIDATION_FAILED', 'phone', { detail: 'PHONE' });
  return v;
}

export function checkMembers(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 30) throw new AppError('VALIDATION_FAILED', 'memberCount', { detail: 'MEMBERS' });
  return n;
}

/** The rules of a household's own fields, for the API's create and update and for the import (one set of rules). */
export interface HouseholdInput {
  headName?: string;
  memberCount?: number;
  helperName?: string | null;
}
export interface HouseholdValues {
  headName?: string;
  memberCount?: number;
  helperName?: string | null;
}

/**
 * Checks the given fields (`current`: the stored record; none for a new one, whose required fields must be
 * given) and answers the values to store. The poverty status is not among them: registry events own it.
 */
export function checkHouseholdFields(a: HouseholdInput, current?: object): HouseholdValues {
  const out: HouseholdValues = {};
  if (!current || a.headName !== undefined) out.headName = checkName(a.headName, 'headName');
  if (!current || (a.memberCount !== undefined && a.memberCount !== null)) out.memberCount = checkMembers(a.memberCount as number);
  if (a.helperName !== undefined) out.helperName = a.helperName ? checkName(a.helperName, 'helperName') : null;
  return out;
}

/** The rules of a laborer's fields other than household, name and ID number (checked by `checkName`, `checkIdNumber`). */
export interface LaborerInput {
  phone?: string | null;
  education?: Education | null;
  skills?: string | null;
  wantsTraining?: boolean | null;
  wantsTransfer?: boolean | null;
  wantsEnterprise?: boolean | null;
}
export interface LaborerValues {
  phone?: string | null;
  education?: Education;
  skills?: string | null;
  wantsTraining?: boolean;
  wantsTransfer?: boolean;
  wantsEnterprise?: boolean;
}

export function checkLaborerFields(a: LaborerInput): LaborerValues {
  const out: LaborerValues = {};
  if (a.phone !== undefined) out.phone = checkPhone(a.phone);
  if (a.education !== undefined && a.education !== null) out.education = a.education;
  if (a.skills !== undefined) out.skills = a.skills ? checkName(a.skills, 'skills', 200, true) : null;
  if (a.wantsTraining !== undefined && a.wantsTraining !== null) out.wantsTraining = a.wantsTraining;
  if (a.wantsTransfer !== undefined && a.wantsTransfer !== null) out.wantsTransfer = a.wantsTransfer;
  if (a.wantsEnterprise !== undefined && a.wantsEnterprise !== null) out.wantsEnterprise = a.wantsEnterprise;
  return out;
}

export function checkIdNumber(raw: string) {
  const r = parseIdNumber(raw ?? '');
  if (!r.ok) throw new AppError('INVALID_ID_NUMBER', 'idNumber', { detail: r.problem });
  return r.info;
}

/** The laborer a person-level record is about; a malformed or unknown id is INVALID_REFERENCE, as the foreign key would say. */
export function mustFindLaborer(ctx: Context, id: string): Promise<Laborer> {
  return mustFindRef(ctx, Laborer, id, 'laborerId');
}

export async function assertIdNumberFree(ctx: Context, idNumber: string, exceptId?: number): Promise<void> {
  const other = await ctx.em.findOne(Laborer, { idNumber }, { fields: ['id'] });
  if (other && other.id !== exceptId) throw new AppError('DUPLICATE', 'idNumber');
}

export function householdLoader(ctx: Context) {
  return ctx.loaders.get<number, Household | null>('household.byId', async (ids) => byKeys(ids, await ctx.em.find(Household, { id: { $in: [...ids] } }), (h) => h.id));
}

export function laborerLoader(ctx: Context) {
  return ctx.loaders.get<number, Laborer | null>('laborer.byId', async (ids) => byKeys(ids, await ctx.em.find(Laborer, { id: { $in: [...ids] } }), (l) => l.id));
}

export function householdLaborersLoader(ctx: Context) {
  return ctx.loaders.get<number, Laborer[]>('household.laborers', async (ids) =>
    groupByKeys(ids, await ctx.em.find(Laborer, { household: { $in: [...ids] } }, { orderBy: { id: 'ASC' } }), (l) => l.household.id),
  );
}

export { mustFind };
