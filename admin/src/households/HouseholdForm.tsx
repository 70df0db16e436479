import { FormDataConsumer, NumberInput, SelectInput, SimpleForm, TextInput, maxLength, maxValue, minValue, required, type Validator } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';

/** The exit year goes with the EXITED status, from 2014 (the registry's start) to this year, as the API requires. */
export const exitYearRule: Validator = (value, values) => {
  if (values?.povertyStatus !== 'EXITED') return undefined;
  if (value == null || value === '') return 'fupin.validation.exitYearRequired';
  const max = new Date().getFullYear();
  return Number(value) < 2014 || Number(value) > max ? { message: 'fupin.validation.exitYearRange', args: { min: 2014, max } } : undefined;
};

/** A POOR record has no exit year: drop one left in the form from an earlier EXITED choice. */
export const withoutStaleExitYear = <T extends { povertyStatus?: string; exitedPovertyYear?: unknown }>(data: T): T =>
  data.povertyStatus === 'POOR' ? { ...data, exitedPovertyYear: null } : data;

/** Names as the API limits them (32 characters). */
export const nameRules = [required(), maxLength(32)];

/** Shared by create and edit; the server's own checks come back next to their inputs. */
export const HouseholdForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ povertyStatus: 'POOR', memberCount: 1 }}>
    <RegionPicker source="villageId" requiredLevel="VILLAGE" validate={required()} />
    <TextInput source="headName" validate={nameRules} />
    <NumberInput source="memberCount" min={1} max={30} validate={[required(), minValue(1), maxValue(30)]} />
    <SelectInput source="povertyStatus" choices={choicesOf('PovertyStatus')} validate={required()} />
    <FormDataConsumer<{ povertyStatus?: string }>>
      {({ formData }) => formData.povertyStatus === 'EXITED' && <NumberInput source="exitedPovertyYear" validate={exitYearRule} />}
    </FormDataConsumer>
    <TextInput source="helperName" validate={maxLength(32)} />
  </SimpleForm>
);
