import { Box, Typography } from '@mui/material';
import {
  AutocompleteInput, BooleanInput, FormDataConsumer, NumberInput, ReferenceInput, SelectInput, SimpleForm, TextInput, maxLength, required, useTranslate,
  type Validator,
} from 'react-admin';
import { choicesOf } from '../common/choices';
import { nameRules, RegisteredOnInput } from '../households/HouseholdForm';
import { DerivedFromIdNumber, IdNumberInput } from './IdNumberInput';

const householdQuery = (q: string) => ({ q });

/** A mobile number or a landline with area code, as the API accepts them. */
const validatePhone: Validator = (value) => {
  if (value == null || String(value).trim() === '') return undefined;
  const v = String(value).trim().replace(/\s+/g, '');
  return /^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}-?\d{7,8}$/.test(v) ? undefined : 'fupin.validation.phone';
};

const Section = ({ label }: { label: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="subtitle1" sx={{ mt: 2 }} color="text.secondary">
      {translate(label)}
    </Typography>
  );
};

/**
 * Create and edit. Validation runs on change, so the ID-number check answers as the clerk types; the
 * household is chosen by a server-side search on the head's name (the list has 60,000 of them).
 */
export const LaborerForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} mode="onChange" reValidateMode="onChange" defaultValues={{ education: 'JUNIOR', wantsTraining: false, wantsTransfer: false, wantsEnterprise: false }}>
    <ReferenceInput source="householdId" reference="Household">
      <AutocompleteInput filterToQuery={householdQuery} validate={required()} helperText="fupin.laborer.householdSearch" sx={{ minWidth: 360 }} />
    </ReferenceInput>
    <TextInput source="name" validate={nameRules} />
    <IdNumberInput />
    <DerivedFromIdNumber />
    <TextInput source="phone" validate={validatePhone} />
    <SelectInput source="education" choices={choicesOf('Education')} validate={required()} />
    <TextInput source="skills" multiline fullWidth validate={maxLength(200)} />
    <RegisteredOnInput />
    <Section label="fupin.laborer.demands" />
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <BooleanInput source="wantsTraining" />
      <BooleanInput source="wantsTransfer" />
      <BooleanInput source="wantsEnterprise" />
    </Box>
  </SimpleForm>
);
