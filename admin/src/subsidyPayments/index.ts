import PaymentsIcon from '@mui/icons-material/Payments';
import { SubsidyPaymentCreate } from './SubsidyPaymentCreate';
import { SubsidyPaymentList } from './SubsidyPaymentList';
import { SubsidyPaymentShow } from './SubsidyPaymentShow';

// No edit and no delete: a payment changes only through its decisions (approve, pay, reject).
export default {
  list: SubsidyPaymentList,
  show: SubsidyPaymentShow,
  create: SubsidyPaymentCreate,
  icon: PaymentsIcon,
  recordRepresentation: (r: { laborer?: { name?: string }; period?: string }) => `${r.laborer?.name ?? ''} · ${r.period ?? ''}`,
};
