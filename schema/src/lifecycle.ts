/** Vocabulary of the registry's history (issue #12): events, exits, helpers and plans. */

type Labels<T extends string> = Record<T, { zh: string; en: string }>;
function vocabulary<const T extends string>(labels: Labels<T>) {
  return { values: Object.keys(labels) as T[], labels };
}

export const RegistryEventKind = vocabulary({
  REGISTERED: { zh: '建档立卡', en: 'Registered' },
  EXITED: { zh: '脱贫', en: 'Exited poverty' },
  RETURNED: { zh: '返贫', en: 'Returned to poverty' },
  MOVED: { zh: '迁移', en: 'Moved' },
  LEFT: { zh: '自然减少', en: 'Left the registry' },
  CANCELLED: { zh: '更正撤销', en: 'Correction (cancels an event)' },
});
export type RegistryEventKind = (typeof RegistryEventKind.values)[number];

export const RegistryStanding = vocabulary({
  POOR: { zh: '未脱贫', en: 'In poverty' },
  EXITED: { zh: '已脱贫', en: 'Exited poverty' },
  LEFT: { zh: '已退出建档', en: 'Left the registry' },
});
export type RegistryStanding = (typeof RegistryStanding.values)[number];

export const LeaveReason = vocabulary({
  DIED: { zh: '死亡', en: 'Died' },
  MOVED_OUT: { zh: '迁出本市', en: 'Moved out of the city' },
  OTHER: { zh: '其他原因', en: 'Other reason' },
});
export type LeaveReason = (typeof LeaveReason.values)[number];

export const ExitProposalStatus = vocabulary({
  PROPOSED: { zh: '村已申请', en: 'Proposed by the village' },
  REVIEWED: { zh: '乡镇已审核', en: 'Reviewed by the township' },
  DECIDED: { zh: '县已审定', en: 'Decided by the county' },
  REJECTED: { zh: '已退回', en: 'Rejected' },
});
export type ExitProposalStatus = (typeof ExitProposalStatus.values)[number];

export const PlanMeasureKind = vocabulary({
  TRAINING: { zh: '技能培训', en: 'Training' },
  TRANSFER_EMPLOYMENT: { zh: '转移就业', en: 'Transfer employment' },
  LOCAL_EMPLOYMENT: { zh: '就地就业', en: 'Local employment' },
  WELFARE_POST: { zh: '公益性岗位', en: 'Public-welfare post' },
  BUSINESS: { zh: '自主创业', en: 'Start a business' },
  BUSINESS_LOAN: { zh: '担保贷款创业', en: 'Business with a guaranteed loan' },
  DREAM_SCHOOLING: { zh: '圆梦行动', en: '圆梦 schooling' },
});
export type PlanMeasureKind = (typeof PlanMeasureKind.values)[number];

export const MeasureState = vocabulary({
  MET: { zh: '已落实', en: 'Met' },
  PENDING: { zh: '推进中', en: 'Pending' },
  OVERDUE: { zh: '已逾期', en: 'Overdue' },
});
export type MeasureState = (typeof MeasureState.values)[number];
