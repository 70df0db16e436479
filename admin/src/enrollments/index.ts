import HowToRegIcon from '@mui/icons-material/HowToReg';
import { EnrollmentCreate } from './EnrollmentCreate';
import { EnrollmentEdit } from './EnrollmentEdit';
import { EnrollmentList } from './EnrollmentList';
import { EnrollmentShow } from './EnrollmentShow';

export default {
  list: EnrollmentList,
  show: EnrollmentShow,
  edit: EnrollmentEdit,
  create: EnrollmentCreate,
  icon: HowToRegIcon,
  recordRepresentation: (r: { laborer?: { name?: string }; trainingClass?: { title?: string } }) => `${r.laborer?.name ?? ''} · ${r.trainingClass?.title ?? ''}`,
};
