import { SelectInput, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { DateInput } from '../common/fields';
import { choicesOf } from '../common/choices';
import { LaborerInput } from '../common/list';
import { notBefore } from '../common/validators';

export const EmploymentForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ kind: 'TRANSFER', channel: 'OUT_OF_TOWN_OFFICE' }}>
    <LaborerInput source="laborerId" validate={required()} />
    <SelectInput source="kind" choices={choicesOf('EmploymentKind')} validate={required()} />
    <SelectInput source="channel" choices={choicesOf('EmploymentChannel')} validate={required()} />
    <TextInput source="employer" validate={[required(), maxLength(100)]} fullWidth />
    <TextInput source="place" validate={[required(), maxLength(100)]} fullWidth />
    <DateInput source="startDate" validate={required()} />
    <DateInput source="endDate" validate={notBefore('startDate')} />
  </SimpleForm>
);
