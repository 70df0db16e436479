import { AuditAction, UserRole } from '@fupin/schema';
import { graphqlEnum } from '../../common/enums';

export const UserRoleEnum = graphqlEnum(
  'UserRole',
  'Role of a hub user: what they may see and change (operators only inside their region).',
  UserRole,
);
export const AuditActionEnum = graphqlEnum('AuditAction', 'What an audit trail entry records.', AuditAction);
