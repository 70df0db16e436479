import { Create } from 'react-admin';
import { PolicyBudgetForm } from './PolicyBudgetForm';

export const PolicyBudgetCreate = () => (
  <Create redirect="show">
    <PolicyBudgetForm />
  </Create>
);
