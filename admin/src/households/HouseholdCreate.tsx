import { Create } from 'react-admin';
import { withoutStaleExitYear } from './HouseholdForm';
import { HouseholdForm } from './HouseholdForm';

export const HouseholdCreate = () => (
  <Create transform={withoutStaleExitYear} redirect="show">
    <HouseholdForm />
  </Create>
);
