import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { WelfarePlacementCreate } from './WelfarePlacementCreate';
import { WelfarePlacementEdit } from './WelfarePlacementEdit';
import { WelfarePlacementList } from './WelfarePlacementList';
import { WelfarePlacementShow } from './WelfarePlacementShow';

export default {
  list: WelfarePlacementList,
  show: WelfarePlacementShow,
  edit: WelfarePlacementEdit,
  create: WelfarePlacementCreate,
  icon: AssignmentIndIcon,
  recordRepresentation: (r: { laborer?: { name?: string }; post?: { title?: string } }) => `${r.laborer?.name ?? ''} · ${r.post?.title ?? ''}`,
};
