import { Edit } from 'react-admin';
import { TrainingProviderForm } from './TrainingProviderForm';

// Pessimistic: the server's field errors (a duplicate name) must reach the form.
export const TrainingProviderEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <TrainingProviderForm />
  </Edit>
);
