import { Edit } from 'react-admin';
import { EmploymentForm } from './EmploymentForm';

export const EmploymentEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <EmploymentForm />
  </Edit>
);
