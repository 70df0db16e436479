import { DataTable, List, NullableBooleanInput, NumberInput, SelectField, SelectInput, TextInput, useRecordContext, useTranslate } from 'react-admin';
import { DateInput } from '../common/fields';
import { useAccess } from '../common/access';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { ImportEmpty } from '../imports/ImportButton';
import { LocalDateField } from '../common/fields';
import { BulkActions, ListActions } from '../common/list';

const common = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="povertyStatus" source="povertyStatus" choices={choicesOf('PovertyStatus')} />,
  <SelectInput key="gender" source="gender" choices={choicesOf('Gender')} />,
  <SelectInput key="education" source="education" choices={choicesOf('Education')} />,
  <NullableBooleanInput key="wantsTraining" source="wantsTraining" />,
  <NullableBooleanInput key="wantsTransfer" source="wantsTransfer" />,
  <NullableBooleanInput key="wantsEnterprise" source="wantsEnterprise" />,
  <DateInput key="birthDate_gte" source="birthDate_gte" />,
  <DateInput key="birthDate_lte" source="birthDate_lte" />,
  <NumberInput key="exitedPovertyYear" source="exitedPovertyYear" />,
];

// The last digits of an ID number or a phone (read off a card, heard on a call): for the roles that see
// those numbers in full; masked roles may not search by what is hidden from them.
// The hub takes 4 to 8 characters (digits, an ID's last may be X): shorter or other input is said next to
// the field and not sent (react-admin applies a filter only while its form is valid).
const tailDigits = (v: unknown) => (v == null || v === '' || /^\d{3,7}[\dXx]$/.test(String(v).trim()) ? undefined : 'fupin.validation.tailDigits');
const tailFilter = (
  <TextInput
    key="idOrPhoneTail" source="idOrPhoneTail" alwaysOn validate={tailDigits}
    // The filter bar hides helper texts; this one's error must be read, so it shows under the field.
    sx={{ '& .MuiFormHelperText-root.Mui-error': { display: 'block', mx: 0 } }}
    slotProps={{ htmlInput: { maxLength: 8, inputMode: 'numeric' } }}
  />
);

const exporter = csvExporter('Laborer', [
  { source: 'id' },
  { source: 'name' },
  { source: 'idNumber' },
  { source: 'gender', enum: 'Gender' },
  { source: 'birthDate', kind: 'date' },
  { source: 'phone' },
  { source: 'education', enum: 'Education' },
  { source: 'county', value: (r) => r.county?.name },
  { source: 'township', value: (r) => r.township?.name },
  { source: 'village', value: (r) => r.village?.name },
  { source: 'villageId' },
  { source: 'household', value: (r) => r.household?.headName },
  { source: 'householdId' },
  { source: 'povertyStatus', enum: 'PovertyStatus' },
  { source: 'exitedPovertyYear' },
  { source: 'wantsTraining', kind: 'boolean' },
  { source: 'wantsTransfer', kind: 'boolean' },
  { source: 'wantsEnterprise', kind: 'boolean' },
]);

/** The three demand flags as short words in one column (the list is wide enough already). */
const DemandsField = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const wants = (['wantsTraining', 'wantsTransfer', 'wantsEnterprise'] as const).filter((k) => record[k]);
  return <span>{wants.map((k) => translate(`fupin.laborer.short.${k}`)).join('、')}</span>;
};

/**
 * 170,000 rows in the full registry: every filter runs on the server, and so does the sort. No bulk
 * delete: a person leaves the registry one at a time, from their own page.
 */
export const LaborerList = () => {
  const { seesPersonalData } = useAccess();
  const filters = seesPersonalData ? [common[0], tailFilter, ...common.slice(1)] : common;
  return (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} exporter={exporter} empty={<ImportEmpty />} actions={<ListActions resource="Laborer" />}>
    <DataTable rowClick="show" sx={{ '& th': { whiteSpace: 'nowrap' } }} bulkActionButtons={<BulkActions resource="Laborer" deletable={false} />}>
      <DataTable.Col source="name" />
      <DataTable.Col source="idNumber" disableSort />
      <DataTable.Col source="gender" disableSort>
        <SelectField source="gender" choices={choicesOf('Gender')} />
      </DataTable.Col>
      <DataTable.Col source="birthDate">
        <LocalDateField source="birthDate" />
      </DataTable.Col>
      <DataTable.Col source="villageId" label="resources.Laborer.fields.village" render={(r) => [r.county?.name, r.township?.name, r.village?.name].filter(Boolean).join(' ')} />
      <DataTable.Col source="householdId" label="resources.Laborer.fields.household" render={(r) => r.household?.headName ?? ''} />
      <DataTable.Col source="education">
        <SelectField source="education" choices={choicesOf('Education')} />
      </DataTable.Col>
      <DataTable.Col source="povertyStatus">
        <SelectField source="povertyStatus" choices={choicesOf('PovertyStatus')} />
      </DataTable.Col>
      <DataTable.Col label="fupin.laborer.demands" disableSort>
        <DemandsField />
      </DataTable.Col>
    </DataTable>
  </List>
  );
};
