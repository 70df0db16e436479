import type { IndicatorKey } from '@fupin/schema';

/**
 * The monthly report's sections (月报), in the article's order, each with the indicators of its table.
 * The printable page and the workbook are both made from these, with the indicator definitions of the
 * statistics (one source): a table has a row per child region and a last row of totals, which are the
 * region's own statistics, never a formula over the rows.
 */
export interface ReportSectionDef {
  key: string;
  zh: string;
  en: string;
  /** Sheet name in the workbook (at most 31 characters, no []:*?/\). */
  sheet: string;
  columns: IndicatorKey[];
}

export const REPORT_SECTIONS: ReportSectionDef[] = [
  { key: 'registry', zh: '基本情况', en: 'Registry', sheet: '基本情况', columns: ['laborers', 'households', 'poorVillages', 'trainingDemand', 'transferDemand', 'enterpriseDemand', 'zeroEmploymentHouseholds'] },
  {
    key: 'training',
    zh: '技能就业（培训）',
    en: 'Training',
    sheet: '技能培训',
    columns: ['trained', 'trainingDemand', 'trainedShare', 'trainedEmployment', 'trainedEntrepreneurship', 'trainedBrand', 'trainedOther', 'employedAfterTraining', 'employedAfterTrainingRate', 'trainingClasses', 'menuClasses'],
  },
  { key: 'dream', zh: '担保贷款与圆梦行动', en: 'Loans and 圆梦', sheet: '贷款与圆梦', columns: ['dreamLoans', 'dreamLoanAmount', 'dreamStudents', 'loansIssued', 'loanAmountIssued', 'loanApplications'] },
  {
    key: 'employment',
    zh: '转移就业与就地就业',
    en: 'Transfer and local employment',
    sheet: '转移就业',
    columns: ['transferEmployed', 'transferDemand', 'transferEmployedShare', 'organisedTransfers', 'absorbedLocally', 'stableEmployments', 'transferEmployments', 'localEmployments', 'jobFairs', 'jobFairPosts', 'jobFairRegistered', 'jobFairIntentions'],
  },
  { key: 'welfare', zh: '安置就业（公益性岗位）', en: 'Public-welfare posts', sheet: '公益性岗位', columns: ['welfarePosts', 'welfarePlaced'] },
  { key: 'enterprise', zh: '创业就业', en: 'Entrepreneurship', sheet: '创业就业', columns: ['enterprisesStarted', 'enterpriseDemand', 'enterprisesStartedShare', 'startupLoans', 'startupLoanAmount', 'subsidyPaidStartup'] },
  {
    key: 'subsidies',
    zh: '政策补贴',
    en: 'Subsidies',
    sheet: '政策补贴',
    columns: ['subsidyBudget', 'subsidyApproved', 'subsidyPaid', 'subsidyPaidTraining', 'subsidyPaidLiving', 'subsidyPaidStartup', 'subsidyPaidPost', 'subsidyPaidLoanInterest', 'subsidyPaidTravel'],
  },
];
