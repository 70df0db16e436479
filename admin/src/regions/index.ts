import MapIcon from '@mui/icons-material/Map';
import { RegionEdit } from './RegionEdit';
import { RegionList } from './RegionList';
import { RegionShow } from './RegionShow';

export default {
  list: RegionList,
  show: RegionShow,
  edit: RegionEdit,
  icon: MapIcon,
  recordRepresentation: 'name',
};
