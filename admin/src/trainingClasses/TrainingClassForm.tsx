import { BooleanInput, NumberInput, SelectInput, SimpleForm, TextInput, maxLength, maxValue, minValue, required } from 'react-admin';
import { DateInput } from '../common/fields';
import { choicesOf } from '../common/choices';
import { CountyInput, TrainingProviderInput } from '../common/list';
import { notBefore } from '../common/validators';

export const TrainingClassForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ kind: 'EMPLOYMENT', isMenu: false, capacity: 50 }}>
    <TextInput source="title" validate={[required(), maxLength(100)]} fullWidth />
    <SelectInput source="kind" choices={choicesOf('TrainingKind')} validate={required()} />
    <TrainingProviderInput source="providerId" validate={required()} />
    <CountyInput validate={required()} />
    <BooleanInput source="isMenu" />
    <TextInput source="specialty" validate={maxLength(100)} />
    <DateInput source="startDate" validate={required()} />
    <DateInput source="endDate" validate={[required(), notBefore('startDate')]} />
    <NumberInput source="capacity" min={1} max={2000} validate={[required(), minValue(1), maxValue(2000)]} />
  </SimpleForm>
);
