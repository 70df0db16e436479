import { DataTable, List, NullableBooleanInput, SelectField, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, ListActions } from '../common/list';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="povertyStatus" source="povertyStatus" choices={choicesOf('PovertyStatus')} />,
  // 一户一帮: "否" lists the households without a current helper (allHouseholds(filter: { hasHelper: false })).
  <NullableBooleanInput key="hasHelper" source="hasHelper" />,
];

const exporter = csvExporter('Household', [
  { source: 'id' },
  { source: 'headName' },
  { source: 'memberCount' },
  { source: 'villageId' },
  { source: 'village', value: (r) => r.village?.name },
  { source: 'povertyStatus', enum: 'PovertyStatus' },
  { source: 'exitedPovertyYear' },
  { source: 'currentHelper', value: (r) => r.currentHelper?.helper?.name ?? '' },
]);


export const HouseholdList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} exporter={exporter} empty={<ImportEmpty />} actions={<ListActions resource="Household" />}>
    {/* No bulk delete: a household leaves the registry one at a time, from its own page. */}
    <DataTable rowClick="show" bulkActionButtons={<BulkActions resource="Household" deletable={false} />}>
      <DataTable.Col source="id" />
      <DataTable.Col source="headName" />
      <DataTable.Col source="memberCount" />
      <DataTable.Col source="villageId" label="resources.Household.fields.village" render={(r) => `${r.village?.parent?.name ?? ''} ${r.village?.name ?? ''}`.trim()} />
      <DataTable.Col source="povertyStatus">
        <SelectField source="povertyStatus" choices={choicesOf('PovertyStatus')} />
      </DataTable.Col>
      <DataTable.Col source="exitedPovertyYear" disableSort />
      {/* The helper record (一户一帮) replaces the free-text name the registry once kept. */}
      <DataTable.Col source="currentHelper" disableSort render={(r) => r.currentHelper?.helper?.name ?? '—'} />
    </DataTable>
  </List>
);
