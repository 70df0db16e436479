import { Edit } from 'react-admin';
import { GuaranteedLoanForm } from './GuaranteedLoanForm';

export const GuaranteedLoanEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <GuaranteedLoanForm />
  </Edit>
);
