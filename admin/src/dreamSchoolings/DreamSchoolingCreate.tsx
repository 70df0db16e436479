import { Create } from 'react-admin';
import { DreamSchoolingForm } from './DreamSchoolingForm';

export const DreamSchoolingCreate = () => (
  <Create redirect="show">
    <DreamSchoolingForm />
  </Create>
);
