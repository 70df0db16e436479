import { Edit } from 'react-admin';
import { JobFairForm } from './JobFairForm';

export const JobFairEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <JobFairForm />
  </Edit>
);
