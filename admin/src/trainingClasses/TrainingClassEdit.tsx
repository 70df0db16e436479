import { Edit } from 'react-admin';
import { TrainingClassForm } from './TrainingClassForm';

export const TrainingClassEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <TrainingClassForm />
  </Edit>
);
