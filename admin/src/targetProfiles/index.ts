import TimelineIcon from '@mui/icons-material/Timeline';
import { TargetIndicator as Indicators, type TargetIndicator } from '@fupin/schema';
import { TargetProfileCreate } from './TargetProfileCreate';
import { TargetProfileEdit } from './TargetProfileEdit';
import { TargetProfileList } from './TargetProfileList';

export default {
  list: TargetProfileList,
  edit: TargetProfileEdit,
  create: TargetProfileCreate,
  icon: TimelineIcon,
  recordRepresentation: (r: { year?: number; indicator?: TargetIndicator }) => `${r.year ?? ''} ${r.indicator ? Indicators.labels[r.indicator].zh : ''}`,
};
