import { NumberInput, SimpleForm, TextInput, maxLength, minValue, required } from 'react-admin';
import { DateInput } from '../common/fields';
import { CountyInput } from '../common/list';

export const JobFairForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ postsOffered: 0, laborersRegistered: 0, intentionsSigned: 0 }}>
    <TextInput source="title" validate={[required(), maxLength(100)]} fullWidth />
    <CountyInput validate={required()} />
    <TextInput source="venue" validate={[required(), maxLength(100)]} fullWidth />
    <DateInput source="heldOn" validate={required()} />
    <NumberInput source="postsOffered" min={0} validate={minValue(0)} />
    <NumberInput source="laborersRegistered" min={0} validate={minValue(0)} />
    <NumberInput source="intentionsSigned" min={0} validate={minValue(0)} />
  </SimpleForm>
);
