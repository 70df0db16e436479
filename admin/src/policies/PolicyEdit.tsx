import { Edit } from 'react-admin';
import { PolicyForm } from './PolicyForm';

export const PolicyEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <PolicyForm />
  </Edit>
);
