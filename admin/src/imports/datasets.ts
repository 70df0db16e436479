import type { ImportDataset } from './importApi';

/**
 * The list each import dataset belongs to (its "导入" button and its pre-filled template). Households
 * come in with their laborers (one row per laborer, the common 台账 shape), so both lists open LABORERS.
 */
const BY_RESOURCE: Record<string, ImportDataset> = {
  Laborer: 'LABORERS',
  Household: 'LABORERS',
  Enrollment: 'ENROLLMENTS',
  Employment: 'EMPLOYMENTS',
  WelfarePlacement: 'WELFARE_PLACEMENTS',
  GuaranteedLoan: 'GUARANTEED_LOANS',
  DreamSchooling: 'DREAM_SCHOOLINGS',
  Enterprise: 'ENTERPRISES',
  SubsidyPayment: 'SUBSIDY_PAYMENTS',
};

/** The list whose filter type a dataset's pre-filled template takes (`all<Plural>(filter)`). */
const LIST_OF: Record<ImportDataset, string> = {
  LABORERS: 'Laborer',
  ENROLLMENTS: 'Enrollment',
  EMPLOYMENTS: 'Employment',
  WELFARE_PLACEMENTS: 'WelfarePlacement',
  GUARANTEED_LOANS: 'GuaranteedLoan',
  DREAM_SCHOOLINGS: 'DreamSchooling',
  ENTERPRISES: 'Enterprise',
  SUBSIDY_PAYMENTS: 'SubsidyPayment',
  TARGETS: 'Target',
};

export const datasetOfResource = (resource: string | undefined): ImportDataset | undefined => (resource ? BY_RESOURCE[resource] : undefined);

/**
 * A list's filter as the dataset's template takes it: the dataset's own list passes it whole; another
 * list (households for LABORERS) passes only the place, which both filters mean the same way.
 */
export function templateFilter(dataset: ImportDataset, resource: string | undefined, filter: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!filter || !Object.keys(filter).length) return undefined;
  if (resource === LIST_OF[dataset]) return filter;
  return filter.regionCode ? { regionCode: filter.regionCode } : undefined;
}
