import type { Context } from '../../context';
import { laborerRecordList, laborerRecords } from '../../common/laborer-record';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { Enterprise } from './enterprise.entity';

registerFieldLabels({
  laborerId: { zh: '贫困劳动力', en: 'Laborer' },
  sector: { zh: '行业', en: 'Sector' },
  startedOn: { zh: '创办日期', en: 'Start date' },
  employees: { zh: '从业人数', en: 'Employees' },
});

registerDetails({ AT_LEAST_ONE: { zh: '至少为1', en: 'must be at least 1' } });

registerConstraintFields({
  enterprise_laborer_fk: 'laborerId',
  enterprise_employees_check: { code: 'VALIDATION_FAILED', field: 'employees', params: { detail: 'AT_LEAST_ONE' } },
});

/** People working in the business, the founder included: a whole number, at least 1. */
export function checkEmployees(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new AppError('VALIDATION_FAILED', 'employees', { detail: 'AT_LEAST_ONE' });
  return n;
}

const enterprisesList = laborerRecordList('enterprises', Enterprise, 't.started_on, t.id');

/** The laborer's enterprises (read together with their other record lists: `laborerRecords`). */
export function laborerEnterprisesLoader(ctx: Context) {
  return { load: (laborerId: number) => laborerRecords(ctx, enterprisesList, laborerId) };
}
