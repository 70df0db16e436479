import ClassIcon from '@mui/icons-material/Class';
import { TrainingClassCreate } from './TrainingClassCreate';
import { TrainingClassEdit } from './TrainingClassEdit';
import { TrainingClassList } from './TrainingClassList';
import { TrainingClassShow } from './TrainingClassShow';

export default {
  list: TrainingClassList,
  show: TrainingClassShow,
  edit: TrainingClassEdit,
  create: TrainingClassCreate,
  icon: ClassIcon,
  recordRepresentation: 'title',
};
