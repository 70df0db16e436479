import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { AuditLogList } from './AuditLogList';

// Append-only: a list to read, nothing to create, change or delete.
export default { list: AuditLogList, icon: ManageSearchIcon };
