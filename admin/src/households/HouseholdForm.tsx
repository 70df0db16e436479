import { DateInput, NumberInput, SimpleForm, TextInput, maxLength, maxValue, minValue, required, useRecordContext } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';

/**
 * Status and exit year are not typed: they follow the registry events (an exit needs the village's
 * proposal, the township's review and the county's decision). Drops them from the data sent.
 */
export const withoutStaleExitYear = <T extends { povertyStatus?: string; exitedPovertyYear?: unknown }>(data: T): T => {
  const { povertyStatus: _s, exitedPovertyYear: _y, ...rest } = data;
  return rest as T;
};

/** The registration date (建档立卡日期) of a new record; a record's later changes are registry events. */
export const RegisteredOnInput = () => {
  const record = useRecordContext();
  return record?.id ? null : <DateInput source="registeredOn" helperText="fupin.lifecycle.registeredOnHelp" />;
};

/** Names as the API limits them (32 characters). */
export const nameRules = [required(), maxLength(32)];

/** Shared by create and edit; the server's own checks come back next to their inputs. */
export const HouseholdForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ memberCount: 1 }}>
    <RegionPicker source="villageId" requiredLevel="VILLAGE" validate={required()} />
    <TextInput source="headName" validate={nameRules} />
    <NumberInput source="memberCount" min={1} max={30} validate={[required(), minValue(1), maxValue(30)]} />
    <RegisteredOnInput />
    {/* No helperName: the helper is a record assigned from the household's page (一户一帮). */}
  </SimpleForm>
);
