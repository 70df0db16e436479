import FlagIcon from '@mui/icons-material/Flag';
import { TargetIndicator as Indicators, type TargetIndicator } from '@fupin/schema';
import { TargetCreate } from './TargetCreate';
import { TargetEdit } from './TargetEdit';
import { TargetList } from './TargetList';

export default {
  list: TargetList,
  edit: TargetEdit,
  create: TargetCreate,
  icon: FlagIcon,
  recordRepresentation: (r: { region?: { name?: string }; year?: number; indicator?: TargetIndicator }) => `${r.region?.name ?? ''} ${r.year ?? ''} ${r.indicator ? Indicators.labels[r.indicator].zh : ''}`,
};
