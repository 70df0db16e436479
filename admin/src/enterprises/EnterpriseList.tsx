import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, LaborerInput, ListActions, dateRange } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, MoneyField, PlaceField } from '../common/recordFields';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="sector" source="sector" choices={choicesOf('Sector')} />,
  <LaborerInput key="laborerId" source="laborerId" />,
  ...dateRange('startedOn'),
];

const exporter = csvExporter('Enterprise', [
  { source: 'id' },
  { source: 'name' },
  { source: 'laborer', value: (r) => r.laborer?.name },
  { source: 'laborerId' },
  { source: 'villageId' },
  { source: 'village', value: (r) => [r.region?.parent?.name, r.region?.name].filter(Boolean).join(' ') },
  { source: 'sector', enum: 'Sector' },
  { source: 'startedOn', kind: 'date' },
  { source: 'employees' },
  { source: 'subsidyPaid' },
]);

export const EnterpriseList = () => (
  <List filters={filters} sort={{ field: 'startedOn', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="Enterprise" />} empty={<ImportEmpty />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="Enterprise" />}>
      <DataTable.Col source="name" />
      <DataTable.Col source="laborerId" label="resources.Enterprise.fields.laborer">
        <LaborerLink />
      </DataTable.Col>
      <DataTable.Col source="villageId" label="resources.Enterprise.fields.village">
        <PlaceField source="region" />
      </DataTable.Col>
      <DataTable.Col source="sector">
        <EnumField source="sector" name="Sector" />
      </DataTable.Col>
      <DataTable.Col source="startedOn">
        <LocalDateField source="startedOn" />
      </DataTable.Col>
      <DataTable.Col source="employees" />
      <DataTable.Col source="subsidyPaid" disableSort>
        <MoneyField source="subsidyPaid" />
      </DataTable.Col>
    </DataTable>
  </List>
);
