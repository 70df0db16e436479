import { Edit } from 'react-admin';
import { DreamSchoolingForm } from './DreamSchoolingForm';

export const DreamSchoolingEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <DreamSchoolingForm edit />
  </Edit>
);
