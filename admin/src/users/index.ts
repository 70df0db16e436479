import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { UserCreate, UserEdit } from './UserForms';
import { UserList } from './UserList';

// No delete: a user who leaves is deactivated, so the audit trail keeps naming them.
export default {
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  icon: ManageAccountsIcon,
  recordRepresentation: (r: { displayName?: string; username?: string }) => `${r.displayName ?? ''}（${r.username ?? ''}）`,
};
