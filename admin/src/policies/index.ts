import PolicyIcon from '@mui/icons-material/Policy';
import { PolicyCreate } from './PolicyCreate';
import { PolicyEdit } from './PolicyEdit';
import { PolicyList } from './PolicyList';
import { PolicyShow } from './PolicyShow';

export default {
  list: PolicyList,
  show: PolicyShow,
  edit: PolicyEdit,
  create: PolicyCreate,
  icon: PolicyIcon,
  recordRepresentation: 'name',
};
