import PersonIcon from '@mui/icons-material/Person';
import { LaborerCreate } from './LaborerCreate';
import { LaborerEdit } from './LaborerEdit';
import { LaborerList } from './LaborerList';
import { LaborerShow } from './LaborerShow';

export default {
  list: LaborerList,
  show: LaborerShow,
  edit: LaborerEdit,
  create: LaborerCreate,
  icon: PersonIcon,
  recordRepresentation: 'name',
};
