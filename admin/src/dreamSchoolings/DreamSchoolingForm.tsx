import { BooleanInput, NumberInput, SelectInput, SimpleForm, TextInput, maxLength, maxValue, minValue, required } from 'react-admin';
import { choicesOf } from '../common/choices';
import { LaborerInput } from '../common/list';

export const DreamSchoolingForm = ({ edit }: { edit?: boolean }) => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ tuitionWaived: true, livingSubsidyPerTerm: 1000, intakeYear: new Date().getFullYear() }}>
    <LaborerInput source="laborerId" validate={required()} />
    <TextInput source="school" validate={[required(), maxLength(100)]} fullWidth />
    <TextInput source="major" validate={[required(), maxLength(100)]} fullWidth />
    <NumberInput source="intakeYear" validate={[required(), minValue(2014), maxValue(2100)]} />
    <BooleanInput source="tuitionWaived" />
    <NumberInput source="livingSubsidyPerTerm" min={0} validate={minValue(0)} />
    {edit && <SelectInput source="status" choices={choicesOf('SchoolingStatus')} validate={required()} />}
  </SimpleForm>
);
