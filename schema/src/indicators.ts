/**
 * The statistical indicators of the programme, one entry each: key (the GraphQL field of `RegionStats`
 * and the value of the `StatsIndicator` enum), labels, unit and what it counts. The API computes them
 * (api/src/modules/stats/indicators.ts gives each key its formula), the admin labels its tables and
 * charts with them, the figures check reads them by key.
 *
 * Periods: statistics are kept by month. A period is "as of" a month (everything up to its end: the
 * default, as of the report date) or a range of months; a year is January to December.
 * - Registry counts of people and households (laborers, households, demands, those still poor) are as
 *   registered at the end of the period, from the registry events (a laborer registered in March counts
 *   from March; one who left in May stops counting); poor places and welfare posts are the lists as they are.
 * - Registry flows (registered, exited, returned, left) count events in the months of the period.
 * - Person counts ("trained", "in transfer employment", ...) count each laborer once, in the month of
 *   their first such event: as of a date, everyone who had it by then; over a range, those whose first
 *   one fell in it.
 * - Person-times count records (jobs, loans) in the month of their date.
 * - Yearly figures (budgets, exits) count the years the period touches.
 */

export type IndicatorGroup = 'REGISTRY' | 'LIFECYCLE' | 'TRAINING' | 'EMPLOYMENT' | 'WELFARE' | 'ENTERPRISE' | 'LOANS' | 'DREAM' | 'SUBSIDIES';

export const IndicatorGroupLabels: Record<IndicatorGroup, { zh: string; en: string }> = {
  REGISTRY: { zh: '建档立卡', en: 'Registry' },
  LIFECYCLE: { zh: '进出与帮扶', en: 'Entry, exit and assistance' },
  TRAINING: { zh: '技能培训', en: 'Training' },
  EMPLOYMENT: { zh: '转移就业', en: 'Employment' },
  WELFARE: { zh: '公益性岗位', en: 'Public-welfare posts' },
  ENTERPRISE: { zh: '创业就业', en: 'Entrepreneurship' },
  LOANS: { zh: '担保贷款', en: 'Guaranteed loans' },
  DREAM: { zh: '圆梦行动', en: 'Dream schooling' },
  SUBSIDIES: { zh: '政策补贴', en: 'Subsidies' },
};

/** Unit of an indicator; RATIO is a fraction from 0 to 1 (shown as a percentage). */
export type IndicatorUnit = 'PERSONS' | 'PERSON_TIMES' | 'HOUSEHOLDS' | 'VILLAGES' | 'COUNTIES' | 'POSTS' | 'LOANS' | 'CLASSES' | 'FAIRS' | 'MEASURES' | 'YUAN' | 'RATIO';

export const IndicatorUnitLabels: Record<IndicatorUnit, { zh: string; en: string }> = {
  PERSONS: { zh: '人', en: 'persons' },
  PERSON_TIMES: { zh: '人次', en: 'person-times' },
  HOUSEHOLDS: { zh: '户', en: 'households' },
  VILLAGES: { zh: '个', en: 'villages' },
  COUNTIES: { zh: '个', en: 'counties' },
  POSTS: { zh: '个', en: 'posts' },
  LOANS: { zh: '笔', en: 'loans' },
  CLASSES: { zh: '期', en: 'classes' },
  FAIRS: { zh: '场', en: 'fairs' },
  MEASURES: { zh: '项', en: 'measures' },
  YUAN: { zh: '元', en: 'yuan' },
  RATIO: { zh: '%', en: '%' },
};

export interface IndicatorInfo {
  key: string;
  group: IndicatorGroup;
  unit: IndicatorUnit;
  zh: string;
  en: string;
  /** What it counts, in English (the GraphQL field description). */
  description: string;
  /**
   * SUM: a parent's value is the sum of its children's. SUM_OWN: the sum of its children's plus what
   * belongs to the region itself (a township's own welfare posts, a county's own poor-county flag).
   * COUNTY: kept by county (budgets, classes, job fairs), null below the county. RATIO: a quotient.
   */
  aggregation: 'SUM' | 'SUM_OWN' | 'COUNTY' | 'RATIO';
}

function i<const K extends string>(
  key: K,
  group: IndicatorGroup,
  unit: IndicatorUnit,
  zh: string,
  en: string,
  description: string,
  aggregation: IndicatorInfo['aggregation'] = unit === 'RATIO' ? 'RATIO' : 'SUM',
) {
  return { key, group, unit, zh, en, description, aggregation } as const;
}

export const INDICATORS = [
  // Registry
  i('laborers', 'REGISTRY', 'PERSONS', '建档立卡贫困劳动力', 'Registered poor laborers', 'Registered poor laborers (建档立卡贫困劳动力) living in the region.'),
  i('households', 'REGISTRY', 'HOUSEHOLDS', '建档立卡贫困户', 'Registered poor households', 'Registered poor households (贫困户) in the region.'),
  i('poorVillages', 'REGISTRY', 'VILLAGES', '贫困村', 'Poor villages', 'Villages on the poor-village list (贫困村), exited ones included.'),
  i('poorCounties', 'REGISTRY', 'COUNTIES', '贫困县', 'Poor counties', 'Counties on the poor-county list (贫困县), exited ones included.', 'SUM_OWN'),
  i('poorVillagesExiting', 'REGISTRY', 'VILLAGES', '出列贫困村', 'Poor villages exiting', 'Poor villages whose exit year (出列) falls in the years of the period.'),
  i('poorCountiesExiting', 'REGISTRY', 'COUNTIES', '摘帽贫困县', 'Poor counties exiting', 'Poor counties whose exit year (摘帽) falls in the years of the period.', 'SUM_OWN'),
  i('trainingDemand', 'REGISTRY', 'PERSONS', '培训需求人数', 'Training demand', 'Registered laborers who want training (培训需求).'),
  i('transferDemand', 'REGISTRY', 'PERSONS', '转移就业需求人数', 'Transfer-employment demand', 'Registered laborers who want transfer employment (转移就业需求).'),
  i('enterpriseDemand', 'REGISTRY', 'PERSONS', '创业需求人数', 'Entrepreneurship demand', 'Registered laborers who want to start a business (创业需求).'),
  // Training
  i('trained', 'TRAINING', 'PERSONS', '培训人数', 'People trained', 'Laborers with a completed training class (累计培训), each counted once, in the month of their first completion.'),
  i('trainedShare', 'TRAINING', 'RATIO', '占培训需求比例', 'Share of training demand', 'People trained over the training demand; null when there is no demand.'),
  i('trainedEmployment', 'TRAINING', 'PERSONS', '就业培训', 'Employment-skills training', 'People trained whose first completed class was employment-skills training (就业培训).'),
  i('trainedEntrepreneurship', 'TRAINING', 'PERSONS', '创业培训', 'Entrepreneurship training', 'People trained whose first completed class was entrepreneurship training (创业培训).'),
  i('trainedBrand', 'TRAINING', 'PERSONS', '品牌培训', 'Brand training', 'People trained whose first completed class was labour-brand training (品牌培训).'),
  i('trainedOther', 'TRAINING', 'PERSONS', '其他培训', 'Other training', 'People trained whose first completed class was of another kind.'),
  i('employedAfterTraining', 'TRAINING', 'PERSONS', '培训后就业人数', 'Employed after training', 'People trained with a completed enrollment marked as employed after training (培训后就业).'),
  i('employedAfterTrainingRate', 'TRAINING', 'RATIO', '培训后就业率', 'Employment rate after training', 'Employed after training over people trained; null when nobody was trained.'),
  i('trainingClasses', 'TRAINING', 'CLASSES', '培训班', 'Training classes', 'Training classes starting in the period, kept by the county running them.', 'COUNTY'),
  i('menuClasses', 'TRAINING', 'CLASSES', '菜单式培训班', 'Menu classes', 'Special "menu" classes (菜单式培训) starting in the period, kept by county.', 'COUNTY'),
  // Employment
  i('transferEmployed', 'EMPLOYMENT', 'PERSONS', '转移就业人数', 'In transfer employment', 'Laborers whose first transfer job (转移就业) started in the period, each counted once.'),
  i('transferEmployedShare', 'EMPLOYMENT', 'RATIO', '占转移就业需求比例', 'Share of transfer demand', 'In transfer employment over the transfer-employment demand; null when there is no demand.'),
  i('transferEmployments', 'EMPLOYMENT', 'PERSON_TIMES', '转移就业人次', 'Transfer employment (person-times)', 'Transfer jobs starting in the period (person-times, 人次).'),
  i('localEmployments', 'EMPLOYMENT', 'PERSON_TIMES', '就地就业人次', 'Local employment (person-times)', 'Local jobs starting in the period (person-times).'),
  i('organisedTransfers', 'EMPLOYMENT', 'PERSON_TIMES', '驻外办、商会、劳务合作转移就业', 'Via offices, chambers, labour cooperation', 'Jobs starting in the period found through out-of-town offices, chambers of commerce or labour cooperation (person-times).'),
  i('absorbedLocally', 'EMPLOYMENT', 'PERSON_TIMES', '就地企业、园区、基地吸纳就业', 'Absorbed by local enterprises, parks, bases', 'Jobs starting in the period at local enterprises, industrial parks or bases (person-times).'),
  i('stableEmployments', 'EMPLOYMENT', 'PERSON_TIMES', '稳定就业人次', 'Stable employment (person-times)', 'Jobs that reached six months (稳定就业) in the period: as of a date, the jobs stable by then.'),
  i('zeroEmploymentHouseholds', 'EMPLOYMENT', 'HOUSEHOLDS', '零就业贫困家庭', 'Zero-employment households', 'Households with registered laborers none of whom had started a job, a welfare post or a business by the end of the period (零就业家庭); computed, never stored.'),
  i('employedLaborers', 'EMPLOYMENT', 'PERSONS', '实现就业人数', 'Laborers in work', 'Laborers whose first job, welfare post or business started in the period.'),
  i('jobFairs', 'EMPLOYMENT', 'FAIRS', '招聘会', 'Job fairs', 'Job fairs held in the period, kept by county.', 'COUNTY'),
  i('jobFairPosts', 'EMPLOYMENT', 'POSTS', '招聘会提供岗位', 'Job-fair posts offered', 'Posts offered at job fairs held in the period.', 'COUNTY'),
  i('jobFairRegistered', 'EMPLOYMENT', 'PERSONS', '招聘会登记贫困劳动力', 'Laborers registered at job fairs', 'Poor laborers registered at job fairs held in the period.', 'COUNTY'),
  i('jobFairIntentions', 'EMPLOYMENT', 'PERSONS', '达成就业意向', 'Job-fair intention agreements', 'Intention agreements signed at job fairs held in the period.', 'COUNTY'),
  // Public-welfare posts
  i('welfarePosts', 'WELFARE', 'POSTS', '公益性岗位', 'Public-welfare posts', 'Public-welfare posts developed (开发) in the region; a township counts its own posts and its villages\'.', 'SUM_OWN'),
  i('welfarePlaced', 'WELFARE', 'PERSONS', '公益性岗位安置人数', 'Placed on welfare posts', 'Laborers whose first welfare placement (安置) started in the period, each counted once.'),
  // Entrepreneurship
  i('enterprisesStarted', 'ENTERPRISE', 'PERSONS', '帮扶创业人数', 'Helped to start a business', 'Laborers whose first business started in the period (帮扶创业), each counted once.'),
  i('enterprisesStartedShare', 'ENTERPRISE', 'RATIO', '占创业需求比例', 'Share of entrepreneurship demand', 'Helped to start a business over the entrepreneurship demand; null when there is no demand.'),
  // Loans (issued = disbursed)
  i('loansIssued', 'LOANS', 'LOANS', '发放担保贷款笔数', 'Loans issued', 'Guaranteed loans disbursed (发放) in the period, later repaid or defaulted ones included.'),
  i('loanAmountIssued', 'LOANS', 'YUAN', '发放担保贷款金额', 'Loan amount issued', 'Principal of the guaranteed loans disbursed in the period.'),
  i('startupLoans', 'LOANS', 'LOANS', '创业担保贷款笔数', 'Start-up loans issued', 'Guaranteed start-up loans (创业担保贷款, not tied to 圆梦 schooling) disbursed in the period.'),
  i('startupLoanAmount', 'LOANS', 'YUAN', '创业担保贷款金额', 'Start-up loan amount', 'Principal of the start-up loans disbursed in the period (创业小额贷款).'),
  i('dreamLoans', 'LOANS', 'LOANS', '圆梦行动担保贷款笔数', '圆梦 loans issued', 'Guaranteed loans tied to 圆梦 schooling disbursed in the period.'),
  i('dreamLoanAmount', 'LOANS', 'YUAN', '圆梦行动担保贷款金额', '圆梦 loan amount', 'Principal of the loans tied to 圆梦 schooling disbursed in the period.'),
  i('loanApplications', 'LOANS', 'LOANS', '贷款申请笔数', 'Loan applications', 'Guaranteed loans applied for in the period, whatever their status now.'),
  i('loansApplied', 'LOANS', 'LOANS', '待审批贷款', 'Loans awaiting approval', 'Loans applied for in the period that are still APPLIED.'),
  i('loansApproved', 'LOANS', 'LOANS', '已审批未发放贷款', 'Loans approved, not disbursed', 'Loans applied for in the period that are APPROVED now.'),
  i('loansDisbursed', 'LOANS', 'LOANS', '已发放贷款', 'Loans outstanding', 'Loans applied for in the period that are DISBURSED now (outstanding).'),
  i('loansRepaid', 'LOANS', 'LOANS', '已还清贷款', 'Loans repaid', 'Loans applied for in the period that are REPAID now.'),
  i('loansDefaulted', 'LOANS', 'LOANS', '逾期贷款', 'Loans defaulted', 'Loans applied for in the period that are DEFAULTED now.'),
  // 圆梦
  i('dreamStudents', 'DREAM', 'PERSONS', '圆梦行动学生', '圆梦 students', 'Laborers in 圆梦 vocational schooling, counted from 1 January of their first intake year.'),
  // Subsidies (yuan)
  i('subsidyBudget', 'SUBSIDIES', 'YUAN', '补贴预算', 'Subsidy budget', 'Yearly subsidy budgets of the years of the period, kept by county.', 'COUNTY'),
  i('subsidyApproved', 'SUBSIDIES', 'YUAN', '已审批补贴', 'Subsidies approved', 'Subsidy payments approved in the period (approved or paid now).'),
  i('subsidyPaid', 'SUBSIDIES', 'YUAN', '已发放补贴', 'Subsidies paid', 'Subsidy payments paid in the period.'),
  i('subsidyBudgetTraining', 'SUBSIDIES', 'YUAN', '培训补贴预算', 'Training subsidy budget', 'Budget of training subsidies (培训补贴).', 'COUNTY'),
  i('subsidyBudgetLiving', 'SUBSIDIES', 'YUAN', '生活补贴预算', 'Living subsidy budget', 'Budget of living subsidies (生活补贴).', 'COUNTY'),
  i('subsidyBudgetStartup', 'SUBSIDIES', 'YUAN', '创业补贴预算', 'Start-up subsidy budget', 'Budget of start-up subsidies (创业补贴).', 'COUNTY'),
  i('subsidyBudgetPost', 'SUBSIDIES', 'YUAN', '岗位补贴预算', 'Post subsidy budget', 'Budget of post subsidies (岗位补贴).', 'COUNTY'),
  i('subsidyBudgetLoanInterest', 'SUBSIDIES', 'YUAN', '贷款贴息预算', 'Loan interest subsidy budget', 'Budget of loan interest subsidies (贷款贴息).', 'COUNTY'),
  i('subsidyBudgetTravel', 'SUBSIDIES', 'YUAN', '交通补贴预算', 'Travel subsidy budget', 'Budget of travel subsidies (交通补贴).', 'COUNTY'),
  i('subsidyApprovedTraining', 'SUBSIDIES', 'YUAN', '已审批培训补贴', 'Training subsidies approved', 'Training subsidies approved in the period.'),
  i('subsidyApprovedLiving', 'SUBSIDIES', 'YUAN', '已审批生活补贴', 'Living subsidies approved', 'Living subsidies approved in the period.'),
  i('subsidyApprovedStartup', 'SUBSIDIES', 'YUAN', '已审批创业补贴', 'Start-up subsidies approved', 'Start-up subsidies approved in the period.'),
  i('subsidyApprovedPost', 'SUBSIDIES', 'YUAN', '已审批岗位补贴', 'Post subsidies approved', 'Post subsidies approved in the period.'),
  i('subsidyApprovedLoanInterest', 'SUBSIDIES', 'YUAN', '已审批贷款贴息', 'Loan interest subsidies approved', 'Loan interest subsidies approved in the period.'),
  i('subsidyApprovedTravel', 'SUBSIDIES', 'YUAN', '已审批交通补贴', 'Travel subsidies approved', 'Travel subsidies approved in the period.'),
  i('subsidyPaidTraining', 'SUBSIDIES', 'YUAN', '已发放培训补贴', 'Training subsidies paid', 'Training subsidies paid in the period.'),
  i('subsidyPaidLiving', 'SUBSIDIES', 'YUAN', '已发放生活补贴', 'Living subsidies paid', 'Living subsidies paid in the period.'),
  i('subsidyPaidStartup', 'SUBSIDIES', 'YUAN', '已发放创业补贴', 'Start-up subsidies paid', 'Start-up subsidies (创业补贴) paid in the period.'),
  i('subsidyPaidPost', 'SUBSIDIES', 'YUAN', '已发放岗位补贴', 'Post subsidies paid', 'Post subsidies paid in the period.'),
  i('subsidyPaidLoanInterest', 'SUBSIDIES', 'YUAN', '已发放贷款贴息', 'Loan interest subsidies paid', 'Loan interest subsidies paid in the period.'),
  i('subsidyPaidTravel', 'SUBSIDIES', 'YUAN', '已发放交通补贴', 'Travel subsidies paid', 'Travel subsidies paid in the period.'),
  // Entry and exit (怎么进、怎么出), helpers and plans (一户一帮, 一人一策): from the registry events
  i('poorLaborers', 'LIFECYCLE', 'PERSONS', '未脱贫劳动力', 'Laborers still in poverty', 'Registered laborers not (or no longer) exited at the end of the period.'),
  i('poorHouseholds', 'LIFECYCLE', 'HOUSEHOLDS', '未脱贫户', 'Households still in poverty', 'Registered households not (or no longer) exited at the end of the period.'),
  i('laborersRegistered', 'LIFECYCLE', 'PERSONS', '建档立卡人数（期内）', 'Laborers registered', 'Laborers registered (建档立卡) in the period.'),
  i('laborersExited', 'LIFECYCLE', 'PERSONS', '脱贫人数', 'Laborers exited', 'Laborers whose exit (脱贫, decided by the county) falls in the period.'),
  i('laborersReturned', 'LIFECYCLE', 'PERSONS', '返贫人数', 'Laborers returned to poverty', 'Laborers who returned to poverty (返贫) in the period.'),
  i('laborersLeft', 'LIFECYCLE', 'PERSONS', '自然减少人数', 'Laborers who left', 'Laborers who left the registry (自然减少: died, moved out, other) in the period.'),
  i('householdsRegistered', 'LIFECYCLE', 'HOUSEHOLDS', '建档立卡户数（期内）', 'Households registered', 'Households registered (建档立卡) in the period.'),
  i('householdsExited', 'LIFECYCLE', 'HOUSEHOLDS', '脱贫户数', 'Households exited', 'Households whose exit (脱贫, decided by the county) falls in the period.'),
  i('householdsReturned', 'LIFECYCLE', 'HOUSEHOLDS', '返贫户数', 'Households returned to poverty', 'Households that returned to poverty (返贫) in the period.'),
  i('householdsLeft', 'LIFECYCLE', 'HOUSEHOLDS', '自然减少户数', 'Households that left', 'Households that left the registry (自然减少) in the period.'),
  i('householdsWithHelper', 'LIFECYCLE', 'HOUSEHOLDS', '已落实帮扶责任人户数', 'Households with a helper', 'Households with a helper assigned (一户一帮) at the end of the period.'),
  i('helperShare', 'LIFECYCLE', 'RATIO', '帮扶责任人覆盖率', 'Share of households with a helper', 'Households with a helper over registered households, at the end of the period.'),
  i('laborersWithPlan', 'LIFECYCLE', 'PERSONS', '已制定帮扶计划人数', 'Laborers with a plan', 'Laborers with an assistance plan (一人一策) drawn up by the end of the period.'),
  i('planMeasuresMet', 'LIFECYCLE', 'MEASURES', '已落实帮扶措施', 'Plan measures met', 'Plan measures whose programme record exists, by the end of the period.'),
  i('planMeasuresOverdue', 'LIFECYCLE', 'MEASURES', '逾期未落实措施', 'Plan measures overdue', 'Plan measures past their target date without their record, at the end of the period.'),
] as const;

export type IndicatorKey = (typeof INDICATORS)[number]['key'];

export const INDICATOR_KEYS: readonly IndicatorKey[] = INDICATORS.map((x) => x.key);

export function indicatorInfo(key: IndicatorKey): IndicatorInfo {
  return INDICATORS.find((x) => x.key === key)!;
}
