import { Create } from 'react-admin';
import { TrainingClassForm } from './TrainingClassForm';

export const TrainingClassCreate = () => (
  <Create redirect="show">
    <TrainingClassForm />
  </Create>
);
