import { Edit } from 'react-admin';
import { withoutStaleExitYear } from '../households/HouseholdForm';
import { LaborerForm } from './LaborerForm';

// Pessimistic: the server's field errors (a duplicate ID number) must reach the form.
export const LaborerEdit = () => (
  <Edit transform={withoutStaleExitYear} mutationMode="pessimistic" redirect="show">
    <LaborerForm />
  </Edit>
);
