import { CreateButton, DataTable, FilterButton, List, SelectField, SelectInput, TextInput, TopToolbar } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { CsvExportButton } from '../exports/CsvExportButton';
import { ListXlsxExportButton } from '../exports/XlsxExportButton';
import { ImportButton, ImportEmpty } from '../imports/ImportButton';

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

const Actions = () => (
  <TopToolbar>
    <FilterButton />
    <CreateButton />
    <ImportButton />
    <CsvExportButton />
    <ListXlsxExportButton />
  </TopToolbar>
);

export const HouseholdList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} exporter={exporter} actions={<Actions />} empty={<ImportEmpty />}>
    <DataTable rowClick="show">
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
