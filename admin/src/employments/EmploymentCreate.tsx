import { Create } from 'react-admin';
import { EmploymentForm } from './EmploymentForm';

export const EmploymentCreate = () => (
  <Create redirect="show">
    <EmploymentForm />
  </Create>
);
