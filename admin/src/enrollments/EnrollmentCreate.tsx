import { Create } from 'react-admin';
import { EnrollmentForm, withoutStaleCompletion } from './EnrollmentForm';

export const EnrollmentCreate = () => (
  <Create redirect="show" transform={withoutStaleCompletion}>
    <EnrollmentForm />
  </Create>
);
