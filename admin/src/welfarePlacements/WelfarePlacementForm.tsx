import { SimpleForm, required } from 'react-admin';
import { DateInput } from '../common/fields';
import { LaborerInput, WelfarePostInput } from '../common/list';
import { notBefore } from '../common/validators';

export const WelfarePlacementForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }}>
    <WelfarePostInput source="postId" validate={required()} />
    <LaborerInput source="laborerId" validate={required()} />
    <DateInput source="startDate" validate={required()} />
    <DateInput source="endDate" validate={notBefore('startDate')} />
  </SimpleForm>
);
