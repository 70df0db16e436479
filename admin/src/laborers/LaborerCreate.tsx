import { Create } from 'react-admin';
import { withoutStaleExitYear } from '../households/HouseholdForm';
import { LaborerForm } from './LaborerForm';

export const LaborerCreate = () => (
  <Create transform={withoutStaleExitYear} redirect="show">
    <LaborerForm />
  </Create>
);
