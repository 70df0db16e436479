import { DataTable, List, SelectField, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, ListActions } from '../common/list';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="povertyStatus" source="povertyStatus" choices={choicesOf('PovertyStatus')} />,
];

const exporter = csvExporter('Household', [
  { source: 'id' },
  { source: 'headName' },
  { source: 'memberCount' },
  { source: 'villageId' },
  { source: 'village', value: (r) => r.village?.name },
  { source: 'povertyStatus', enum: 'PovertyStatus' },
  { source: 'exitedPovertyYear' },
  { source: 'helperName' },
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
      <DataTable.Col source="helperName" disableSort />
    </DataTable>
  </List>
);
