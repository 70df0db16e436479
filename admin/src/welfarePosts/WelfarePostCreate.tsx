import { Create } from 'react-admin';
import { WelfarePostForm } from './WelfarePostForm';

export const WelfarePostCreate = () => (
  <Create redirect="show">
    <WelfarePostForm />
  </Create>
);
