import { Create } from 'react-admin';
import { TargetProfileForm } from './TargetProfileForm';

export const TargetProfileCreate = () => (
  <Create redirect="list">
    <TargetProfileForm />
  </Create>
);
