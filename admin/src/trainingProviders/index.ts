import SchoolIcon from '@mui/icons-material/School';
import { TrainingProviderCreate } from './TrainingProviderCreate';
import { TrainingProviderEdit } from './TrainingProviderEdit';
import { TrainingProviderList } from './TrainingProviderList';
import { TrainingProviderShow } from './TrainingProviderShow';

export default {
  list: TrainingProviderList,
  show: TrainingProviderShow,
  edit: TrainingProviderEdit,
  create: TrainingProviderCreate,
  icon: SchoolIcon,
  recordRepresentation: 'name',
};
