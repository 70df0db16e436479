import VolunteerActivismIcon from '@mui/icons-material/VolunteerActivism';
import { WelfarePostCreate } from './WelfarePostCreate';
import { WelfarePostEdit } from './WelfarePostEdit';
import { WelfarePostList } from './WelfarePostList';
import { WelfarePostShow } from './WelfarePostShow';

export default {
  list: WelfarePostList,
  show: WelfarePostShow,
  edit: WelfarePostEdit,
  create: WelfarePostCreate,
  icon: VolunteerActivismIcon,
  recordRepresentation: 'title',
};
