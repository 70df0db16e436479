import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';

registerFieldLabels({
  title: { zh: '名称', en: 'Title' },
  countyId: { zh: '所在县', en: 'County' },
  heldOn: { zh: '举办日期', en: 'Date held' },
  venue: { zh: '举办地点', en: 'Venue' },
  postsOffered: { zh: '提供岗位数', en: 'Posts offered' },
  laborersRegistered: { zh: '登记贫困劳动力人数', en: 'Laborers registered' },
  intentionsSigned: { zh: '签订意向性协议人数', en: 'Intentions signed' },
});

registerDetails({
  NOT_NEGATIVE: { zh: '应为不小于0的整数', en: 'must be a whole number, 0 or more' },
  INTENTIONS_OVER_REGISTERED: { zh: '不能多于登记人数', en: 'cannot exceed the laborers registered' },
});

registerConstraintFields({
  job_fair_county_code_check: { code: 'INVALID_REFERENCE', field: 'countyId' },
  job_fair_county_code_fkey: 'countyId',
  job_fair_posts_offered_check: { code: 'VALIDATION_FAILED', field: 'postsOffered', params: { detail: 'NOT_NEGATIVE' } },
  job_fair_laborers_registered_check: { code: 'VALIDATION_FAILED', field: 'laborersRegistered', params: { detail: 'NOT_NEGATIVE' } },
  job_fair_intentions_signed_check: { code: 'VALIDATION_FAILED', field: 'intentionsSigned', params: { detail: 'NOT_NEGATIVE' } },
  job_fair_intentions_check: { code: 'VALIDATION_FAILED', field: 'intentionsSigned', params: { detail: 'INTENTIONS_OVER_REGISTERED' } },
});

export function checkCount(n: number, field: string): number {
  if (!Number.isInteger(n) || n < 0) throw new AppError('VALIDATION_FAILED', field, { detail: 'NOT_NEGATIVE' });
  return n;
}

/** Letters of intent are signed by registered laborers: never more of them than registered. */
export function checkIntentions(signed: number, registered: number): void {
  if (signed > registered) throw new AppError('VALIDATION_FAILED', 'intentionsSigned', { detail: 'INTENTIONS_OVER_REGISTERED' });
}
