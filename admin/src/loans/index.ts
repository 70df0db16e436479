import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import { GuaranteedLoanCreate } from './GuaranteedLoanCreate';
import { GuaranteedLoanEdit } from './GuaranteedLoanEdit';
import { GuaranteedLoanList } from './GuaranteedLoanList';
import { GuaranteedLoanShow } from './GuaranteedLoanShow';

export default {
  list: GuaranteedLoanList,
  show: GuaranteedLoanShow,
  edit: GuaranteedLoanEdit,
  create: GuaranteedLoanCreate,
  icon: AccountBalanceIcon,
  recordRepresentation: (r: { laborer?: { name?: string }; bank?: string }) => `${r.laborer?.name ?? ''} · ${r.bank ?? ''}`,
};
