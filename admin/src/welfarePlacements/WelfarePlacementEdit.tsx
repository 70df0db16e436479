import { Edit } from 'react-admin';
import { WelfarePlacementForm } from './WelfarePlacementForm';

export const WelfarePlacementEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <WelfarePlacementForm />
  </Edit>
);
