import { Edit } from 'react-admin';
import { PolicyBudgetForm } from './PolicyBudgetForm';

export const PolicyBudgetEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <PolicyBudgetForm edit />
  </Edit>
);
