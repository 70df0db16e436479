import EventIcon from '@mui/icons-material/Event';
import { JobFairCreate } from './JobFairCreate';
import { JobFairEdit } from './JobFairEdit';
import { JobFairList } from './JobFairList';
import { JobFairShow } from './JobFairShow';

export default {
  list: JobFairList,
  show: JobFairShow,
  edit: JobFairEdit,
  create: JobFairCreate,
  icon: EventIcon,
  recordRepresentation: 'title',
};
