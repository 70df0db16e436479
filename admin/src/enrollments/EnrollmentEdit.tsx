import { Edit } from 'react-admin';
import { EnrollmentForm, withoutStaleCompletion } from './EnrollmentForm';

export const EnrollmentEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" transform={withoutStaleCompletion}>
    <EnrollmentForm edit />
  </Edit>
);
