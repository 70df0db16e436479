import type { EmploymentChannel, EmploymentKind } from '@fupin/schema';
import type { Context } from '../../context';
import { laborerRecordList, laborerRecords } from '../../common/laborer-record';
import { AppError, registerConstraintFields, registerDetails, registerFieldLabels } from '../../common/errors';
import { Employment } from './employment.entity';

registerFieldLabels({
  laborerId: { zh: '贫困劳动力', en: 'Laborer' },
  kind: { zh: '类型', en: 'Kind' },
  channel: { zh: '就业渠道', en: 'Channel' },
  employer: { zh: '就业单位', en: 'Employer' },
  place: { zh: '就业地点', en: 'Place of work' },
  startDate: { zh: '开始日期', en: 'Start date' },
  endDate: { zh: '结束日期', en: 'End date' },
  asOf: { zh: '统计日期', en: 'As-of date' },
});

registerDetails({
  NOT_BEFORE_START: { zh: '不能早于开始日期', en: 'must not be before the start date' },
  TRANSFER_ONLY: { zh: '驻外办、商会和劳务合作只用于转移就业', en: 'out-of-town offices, chambers of commerce and labour cooperation are for transfer employment only' },
  LOCAL_ONLY: { zh: '园区和基地只用于就地就业', en: 'parks and bases are for local employment only' },
});

registerConstraintFields({
  employment_laborer_fk: 'laborerId',
  employment_dates_check: { code: 'VALIDATION_FAILED', field: 'endDate', params: { detail: 'NOT_BEFORE_START' } },
  employment_channel_check: 'channel',
});

// Mirrors employment_channel_check: these channels place people away from home, those employ them at home.
const TRANSFER_CHANNELS: readonly EmploymentChannel[] = ['OUT_OF_TOWN_OFFICE', 'CHAMBER_OF_COMMERCE', 'LABOUR_COOPERATION'];
const LOCAL_CHANNELS: readonly EmploymentChannel[] = ['PARK', 'BASE'];

export function checkChannel(kind: EmploymentKind, channel: EmploymentChannel): void {
  if (TRANSFER_CHANNELS.includes(channel) && kind !== 'TRANSFER') throw new AppError('VALIDATION_FAILED', 'channel', { detail: 'TRANSFER_ONLY' });
  if (LOCAL_CHANNELS.includes(channel) && kind !== 'LOCAL') throw new AppError('VALIDATION_FAILED', 'channel', { detail: 'LOCAL_ONLY' });
}

export function checkEmploymentDates(start: string, end: string | null | undefined): void {
  if (end && end < start) throw new AppError('VALIDATION_FAILED', 'endDate', { detail: 'NOT_BEFORE_START' });
}

/** Today in Nanchong (China Standard Time), whatever the server's zone: the day a clerk sees. */
export function todayInChina(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

const employmentsList = laborerRecordList('employments', Employment, 't.start_date, t.id');

/** The laborer's employments (read together with their other record lists: `laborerRecords`). */
export function laborerEmploymentsLoader(ctx: Context) {
  return { load: (laborerId: number) => laborerRecords(ctx, employmentsList, laborerId) };
}
