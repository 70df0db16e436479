import { AuditAction, UserDuty, UserRole } from '@fupin/schema';
import { graphqlEnum } from '../../common/enums';

export const UserRoleEnum = graphqlEnum(
  'UserRole',
  'Role of a hub user: what they may see and change (operators only inside their region).',
  UserRole,
);
export const UserDutyEnum = graphqlEnum('UserDuty', 'A duty a user holds besides their role: FINANCE, a county operator who pays the approved subsidies of the townships below.', UserDuty);
export const AuditActionEnum = graphqlEnum('AuditAction', 'What an audit trail entry records.', AuditAction);
