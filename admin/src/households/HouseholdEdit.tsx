import { Edit } from 'react-admin';
import { withoutStaleExitYear } from './HouseholdForm';
import { HouseholdForm } from './HouseholdForm';

// Pessimistic: the server's field errors must reach the form before anything is shown as saved.
export const HouseholdEdit = () => (
  <Edit transform={withoutStaleExitYear} mutationMode="pessimistic" redirect="show">
    <HouseholdForm />
  </Edit>
);
