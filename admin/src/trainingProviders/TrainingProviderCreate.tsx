import { Create } from 'react-admin';
import { TrainingProviderForm } from './TrainingProviderForm';

export const TrainingProviderCreate = () => (
  <Create redirect="show">
    <TrainingProviderForm />
  </Create>
);
