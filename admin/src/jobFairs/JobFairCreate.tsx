import { Create } from 'react-admin';
import { JobFairForm } from './JobFairForm';

export const JobFairCreate = () => (
  <Create redirect="show">
    <JobFairForm />
  </Create>
);
