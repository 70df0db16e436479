import LocalLibraryIcon from '@mui/icons-material/LocalLibrary';
import { DreamSchoolingCreate } from './DreamSchoolingCreate';
import { DreamSchoolingEdit } from './DreamSchoolingEdit';
import { DreamSchoolingList } from './DreamSchoolingList';
import { DreamSchoolingShow } from './DreamSchoolingShow';

export default {
  list: DreamSchoolingList,
  show: DreamSchoolingShow,
  edit: DreamSchoolingEdit,
  create: DreamSchoolingCreate,
  icon: LocalLibraryIcon,
  recordRepresentation: (r: { laborer?: { name?: string }; school?: string }) => `${r.laborer?.name ?? ''} · ${r.school ?? ''}`,
};
