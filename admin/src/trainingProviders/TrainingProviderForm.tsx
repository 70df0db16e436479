import { SelectInput, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { choicesOf } from '../common/choices';
import { CountyInput } from '../common/list';

export const TrainingProviderForm = () => (
  <SimpleForm sx={{ maxWidth: 600 }}>
    <TextInput source="name" validate={[required(), maxLength(100)]} fullWidth />
    <SelectInput source="kind" choices={choicesOf('ProviderKind')} validate={required()} />
    <CountyInput validate={required()} />
  </SimpleForm>
);
