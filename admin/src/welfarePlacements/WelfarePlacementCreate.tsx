import { Create } from 'react-admin';
import { WelfarePlacementForm } from './WelfarePlacementForm';

export const WelfarePlacementCreate = () => (
  <Create redirect="show">
    <WelfarePlacementForm />
  </Create>
);
