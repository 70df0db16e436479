import { Create } from 'react-admin';
import { GuaranteedLoanForm } from './GuaranteedLoanForm';

export const GuaranteedLoanCreate = () => (
  <Create redirect="show">
    <GuaranteedLoanForm />
  </Create>
);
