import { Create } from 'react-admin';
import { PolicyForm } from './PolicyForm';

export const PolicyCreate = () => (
  <Create redirect="show">
    <PolicyForm />
  </Create>
);
