import { NumberInput, SelectInput, SimpleForm, TextInput, maxLength, minValue, required } from 'react-admin';
import { DateInput } from '../common/fields';
import { choicesOf } from '../common/choices';
import { LaborerInput } from '../common/list';

export const EnterpriseForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ sector: 'PLANTING_BREEDING', employees: 1 }}>
    <LaborerInput source="laborerId" validate={required()} />
    <TextInput source="name" validate={[required(), maxLength(100)]} fullWidth />
    <SelectInput source="sector" choices={choicesOf('Sector')} validate={required()} />
    <DateInput source="startedOn" validate={required()} />
    <NumberInput source="employees" min={0} validate={minValue(0)} />
  </SimpleForm>
);
