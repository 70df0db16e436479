/**
 * Shared vocabulary of Fupin Hub. The API registers these as GraphQL enums, the admin shows their
 * labels, the seed draws from them: one list, so a new value cannot reach one side only.
 * Each enum comes with zh/en labels (`labels.X[value]`).
 */

export const CITY_CODE = '511300000000';

export type Lang = 'zh' | 'en';
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

function vocabulary<const T extends string>(labels: Labels<T>) {
  const values = Object.keys(labels) as T[];
  return { values, labels };
}

export const RegionLevel = vocabulary({
  CITY: { zh: '市', en: 'City' },
  COUNTY: { zh: '县(区、市)', en: 'County' },
  TOWNSHIP: { zh: '乡镇(街道)', en: 'Township' },
  VILLAGE: { zh: '村(社区)', en: 'Village' },
});
export type RegionLevel = (typeof RegionLevel.values)[number];

/** Length of the significant prefix of a 12-digit code at each level: a subtree is a prefix match. */
export const REGION_PREFIX_LENGTH: Record<RegionLevel, number> = { CITY: 4, COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12 };

export function regionLevelOf(code: string): RegionLevel {
  if (!/^\d{12}$/.test(code)) throw new Error(`not a 12-digit region code: ${code}`);
  if (code.slice(4) === '00000000') return 'CITY';
  if (code.slice(6) === '000000') return 'COUNTY';
  if (code.slice(9) === '000') return 'TOWNSHIP';
  return 'VILLAGE';
}

/** The code prefix shared by a region and everything below it. */
export function regionPrefix(code: string): string {
  return code.slice(0, REGION_PREFIX_LENGTH[regionLevelOf(code)]);
}

export const Gender = vocabulary({
  MALE: { zh: '男', en: 'Male' },
  FEMALE: { zh: '女', en: 'Female' },
});
export type Gender = (typeof Gender.values)[number];

export const Education = vocabulary({
  NONE: { zh: '文盲或半文盲', en: 'None' },
  PRIMARY: { zh: '小学', en: 'Primary school' },
  JUNIOR: { zh: '初中', en: 'Junior middle school' },
  SENIOR: { zh: '高中', en: 'Senior middle school' },
  VOCATIONAL: { zh: '中专/技校', en: 'Vocational school' },
  COLLEGE: { zh: '大专及以上', en: 'College or above' },
});
export type Education = (typeof Education.values)[number];

export const PovertyStatus = vocabulary({
  POOR: { zh: '未脱贫', en: 'In poverty' },
  EXITED: { zh: '已脱贫', en: 'Exited poverty' },
});
export type PovertyStatus = (typeof PovertyStatus.values)[number];

export const TrainingKind = vocabulary({
  EMPLOYMENT: { zh: '就业培训', en: 'Employment skills' },
  ENTREPRENEURSHIP: { zh: '创业培训', en: 'Entrepreneurship' },
  BRAND: { zh: '品牌培训', en: 'Labour brand' },
  OTHER: { zh: '其他培训', en: 'Other' },
});
export type TrainingKind = (typeof TrainingKind.values)[number];

export const ProviderKind = vocabulary({
  VOCATIONAL_COLLEGE: { zh: '职业院校', en: 'Vocational college' },
  PRIVATE_INSTITUTION: { zh: '民办培训机构', en: 'Private training institution' },
  HIGH_SKILL_BASE: { zh: '高技能人才培训基地', en: 'High-skill training base' },
});
export type ProviderKind = (typeof ProviderKind.values)[number];

export const WelfarePostCategory = vocabulary({
  CARE: { zh: '孤寡老人和留守儿童看护', en: 'Care of elderly and left-behind children' },
  SECURITY: { zh: '治安协管', en: 'Public-security assistant' },
  LABOUR_SECURITY: { zh: '劳动保障协理', en: 'Labour-security assistant' },
  ROAD_MAINTENANCE: { zh: '乡村道路维护', en: 'Rural road maintenance' },
  GREENING: { zh: '保洁绿化', en: 'Cleaning and greening' },
  SANITATION: { zh: '环境卫生', en: 'Sanitation' },
});
export type WelfarePostCategory = (typeof WelfarePostCategory.values)[number];

export const WelfarePostStatus = vocabulary({
  OPEN: { zh: '空缺', en: 'Open' },
  FILLED: { zh: '已安置', en: 'Filled' },
  CLOSED: { zh: '已关闭', en: 'Closed' },
});
export type WelfarePostStatus = (typeof WelfarePostStatus.values)[number];

export const Sector = vocabulary({
  PLANTING_BREEDING: { zh: '种养殖', en: 'Planting and breeding' },
  CATERING: { zh: '餐饮', en: 'Catering' },
  ECOMMERCE: { zh: '电商', en: 'E-commerce' },
  RURAL_TOURISM: { zh: '乡村旅游', en: 'Rural tourism' },
  OTHER: { zh: '其他', en: 'Other' },
});
export type Sector = (typeof Sector.values)[number];

export const LoanStatus = vocabulary({
  APPLIED: { zh: '已申请', en: 'Applied' },
  APPROVED: { zh: '已审批', en: 'Approved' },
  DISBURSED: { zh: '已发放', en: 'Disbursed' },
  REPAID: { zh: '已还清', en: 'Repaid' },
  DEFAULTED: { zh: '逾期未还', en: 'Defaulted' },
});
export type LoanStatus = (typeof LoanStatus.values)[number];

/** Legal loan status transitions; anything else is refused. */
export const LOAN_TRANSITIONS: Record<LoanStatus, LoanStatus[]> = {
  APPLIED: ['APPROVED'],
  APPROVED: ['DISBURSED'],
  DISBURSED: ['REPAID', 'DEFAULTED'],
  REPAID: [],
  DEFAULTED: ['REPAID'],
};

export const SchoolingStatus = vocabulary({
  ENROLLED: { zh: '在读', en: 'Enrolled' },
  GRADUATED: { zh: '已毕业', en: 'Graduated' },
  DROPPED_OUT: { zh: '已辍学', en: 'Dropped out' },
});
export type SchoolingStatus = (typeof SchoolingStatus.values)[number];

export const EmploymentKind = vocabulary({
  TRANSFER: { zh: '转移就业', en: 'Transfer (away from home)' },
  LOCAL: { zh: '就地就业', en: 'Local' },
});
export type EmploymentKind = (typeof EmploymentKind.values)[number];

export const EmploymentChannel = vocabulary({
  OUT_OF_TOWN_OFFICE: { zh: '驻外办', en: 'Out-of-town office' },
  CHAMBER_OF_COMMERCE: { zh: '商会', en: 'Chamber of commerce' },
  LABOUR_COOPERATION: { zh: '劳务合作', en: 'Labour cooperation' },
  ENTERPRISE: { zh: '就地企业', en: 'Local enterprise' },
  PARK: { zh: '园区', en: 'Industrial park' },
  BASE: { zh: '基地', en: 'Base' },
  JOB_FAIR: { zh: '招聘会', en: 'Job fair' },
  SELF: { zh: '自主就业', en: 'Self-found' },
});
export type EmploymentChannel = (typeof EmploymentChannel.values)[number];

export const SubsidyKind = vocabulary({
  TRAINING: { zh: '培训补贴', en: 'Training subsidy' },
  LIVING: { zh: '生活补贴', en: 'Living subsidy' },
  STARTUP: { zh: '创业补贴', en: 'Start-up subsidy' },
  POST: { zh: '岗位补贴', en: 'Post subsidy' },
  LOAN_INTEREST: { zh: '贷款贴息', en: 'Loan interest subsidy' },
  TRAVEL: { zh: '交通补贴', en: 'Travel subsidy' },
});
export type SubsidyKind = (typeof SubsidyKind.values)[number];

export const AmountRule = vocabulary({
  PER_PERSON: { zh: '每人定额', en: 'Fixed per person' },
  PER_MONTH: { zh: '按月', en: 'Per month' },
  PER_TERM: { zh: '按学期', en: 'Per term' },
  INTEREST_SHARE: { zh: '贴息比例', en: 'Share of interest' },
});
export type AmountRule = (typeof AmountRule.values)[number];

export const ProgramKind = vocabulary({
  TRAINING: { zh: '技能培训', en: 'Skills training' },
  WELFARE_POST: { zh: '公益性岗位', en: 'Public-welfare post' },
  LOAN: { zh: '创业担保贷款', en: 'Guaranteed loan' },
  DREAM_SCHOOLING: { zh: '圆梦行动', en: 'Dream schooling' },
  EMPLOYMENT: { zh: '就业', en: 'Employment' },
  ENTERPRISE: { zh: '创业', en: 'Enterprise' },
  JOB_FAIR: { zh: '招聘会', en: 'Job fair' },
});
export type ProgramKind = (typeof ProgramKind.values)[number];

export const PaymentStatus = vocabulary({
  APPLIED: { zh: '已申请', en: 'Applied' },
  APPROVED: { zh: '已审批', en: 'Approved' },
  PAID: { zh: '已发放', en: 'Paid' },
  REJECTED: { zh: '已驳回', en: 'Rejected' },
});
export type PaymentStatus = (typeof PaymentStatus.values)[number];

export const PAYMENT_TRANSITIONS: Record<PaymentStatus, PaymentStatus[]> = {
  APPLIED: ['APPROVED', 'REJECTED'],
  APPROVED: ['PAID', 'REJECTED'],
  PAID: [],
  REJECTED: [],
};

export const UserRole = vocabulary({
  CITY_ADMIN: { zh: '市级管理员', en: 'City administrator' },
  OPERATOR: { zh: '县乡经办人员', en: 'County or township operator' },
  ANALYST: { zh: '数据分析人员', en: 'Analyst' },
  VIEWER: { zh: '大屏查看人员', en: 'Dashboard viewer' },
});
export type UserRole = (typeof UserRole.values)[number];

/** A duty a user holds besides their role (separation of duties on money). */
export const UserDuty = vocabulary({
  FINANCE: { zh: '财务（支付补贴）', en: 'Finance (pays subsidies)' },
});
export type UserDuty = (typeof UserDuty.values)[number];

export const AuditAction = vocabulary({
  CREATE: { zh: '新增', en: 'Create' },
  UPDATE: { zh: '修改', en: 'Update' },
  DELETE: { zh: '删除', en: 'Delete' },
  STATUS: { zh: '状态变更', en: 'Status change' },
  REVEAL: { zh: '查看完整个人信息', en: 'Reveal personal data' },
  SIGN_IN: { zh: '登录', en: 'Sign-in' },
  SIGN_IN_FAILED: { zh: '登录失败', en: 'Failed sign-in' },
  SIGN_IN_LOCKED: { zh: '登录受限', en: 'Sign-in locked out' },
  EXPORT: { zh: '导出', en: 'Export' },
});
export type AuditAction = (typeof AuditAction.values)[number];

/** Largest page a list query returns; larger requests are refused, not silently cut. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 25;

/** The reporting date of the article's figures (截止6月). */
export const REPORT_DATE = '2017-06-30';
export const PROGRAMME_YEAR = 2017;

export * from './id-number';
export * from './indicators';
export * from './spreadsheet';
export * from './targets';
export * from './lifecycle';
