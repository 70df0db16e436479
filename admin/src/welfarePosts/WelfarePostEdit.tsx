import { Edit } from 'react-admin';
import { WelfarePostForm, withoutDerivedStatus } from './WelfarePostForm';

export const WelfarePostEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" transform={withoutDerivedStatus}>
    <WelfarePostForm edit />
  </Edit>
);
