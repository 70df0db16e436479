import SavingsIcon from '@mui/icons-material/Savings';
import { PolicyBudgetCreate } from './PolicyBudgetCreate';
import { PolicyBudgetEdit } from './PolicyBudgetEdit';
import { PolicyBudgetList } from './PolicyBudgetList';
import { PolicyBudgetShow } from './PolicyBudgetShow';

export default {
  list: PolicyBudgetList,
  show: PolicyBudgetShow,
  edit: PolicyBudgetEdit,
  create: PolicyBudgetCreate,
  icon: SavingsIcon,
  recordRepresentation: (r: { policy?: { name?: string }; county?: { name?: string }; year?: number }) => `${r.policy?.name ?? ''} · ${r.county?.name ?? ''} ${r.year ?? ''}`,
};
