import { Create } from 'react-admin';
import { EnterpriseForm } from './EnterpriseForm';

export const EnterpriseCreate = () => (
  <Create redirect="show">
    <EnterpriseForm />
  </Create>
);
