import { Edit } from 'react-admin';
import { TargetProfileForm } from './TargetProfileForm';

export const TargetProfileEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <TargetProfileForm edit />
  </Edit>
);
