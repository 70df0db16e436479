import { BooleanInput, Edit, NumberInput, SimpleForm, TextInput } from 'react-admin';

/** Only the flags change: names and codes are the National Bureau of Statistics'. */
export const RegionEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm>
      <TextInput source="code" disabled />
      <TextInput source="name" disabled />
      <BooleanInput source="isPoor" />
      <NumberInput source="exitYear" />
    </SimpleForm>
  </Edit>
);
