import * as vocab from '@fupin/schema';
import { graphqlEnum } from '../../common/enums';

export const RegistryEventKindEnum = graphqlEnum('RegistryEventKind', 'Kind of registry event (建档立卡, 脱贫, 返贫, 迁移, 自然减少, 更正).', vocab.RegistryEventKind);
export const RegistryStandingEnum = graphqlEnum('RegistryStanding', 'Standing of a household or laborer after an event: in poverty, exited, or left the registry.', vocab.RegistryStanding);
export const LeaveReasonEnum = graphqlEnum('LeaveReason', 'Why a record left the registry (自然减少原因).', vocab.LeaveReason);
export const ExitProposalStatusEnum = graphqlEnum('ExitProposalStatus', 'Step an exit proposal has reached: 村申请 -> 乡镇审核 -> 县审定, or rejected.', vocab.ExitProposalStatus);
export const PlanMeasureKindEnum = graphqlEnum('PlanMeasureKind', 'Kind of assistance measure of a plan (帮扶措施).', vocab.PlanMeasureKind);
export const MeasureStateEnum = graphqlEnum('MeasureState', 'Whether a measure is met (its record exists), pending, or overdue (past its target date without it).', vocab.MeasureState);
