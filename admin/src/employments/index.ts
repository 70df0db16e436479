import WorkIcon from '@mui/icons-material/Work';
import { EmploymentCreate } from './EmploymentCreate';
import { EmploymentEdit } from './EmploymentEdit';
import { EmploymentList } from './EmploymentList';
import { EmploymentShow } from './EmploymentShow';

export default {
  list: EmploymentList,
  show: EmploymentShow,
  edit: EmploymentEdit,
  create: EmploymentCreate,
  icon: WorkIcon,
  recordRepresentation: (r: { laborer?: { name?: string }; employer?: string }) => `${r.laborer?.name ?? ''} · ${r.employer ?? ''}`,
};
