import { DataTable, List, NullableBooleanInput, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, LaborerInput, ListActions, dateRange } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, PlaceField, Tick } from '../common/recordFields';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={choicesOf('EmploymentKind')} />,
  <SelectInput key="channel" source="channel" choices={choicesOf('EmploymentChannel')} />,
  <NullableBooleanInput key="active" source="active" />,
  <LaborerInput key="laborerId" source="laborerId" />,
  ...dateRange('startDate'),
];

const exporter = csvExporter('Employment', [
  { source: 'id' },
  { source: 'laborer', value: (r) => r.laborer?.name },
  { source: 'laborerId' },
  { source: 'villageId' },
  { source: 'village', value: (r) => [r.region?.parent?.name, r.region?.name].filter(Boolean).join(' ') },
  { source: 'kind', enum: 'EmploymentKind' },
  { source: 'channel', enum: 'EmploymentChannel' },
  { source: 'employer' },
  { source: 'place' },
  { source: 'startDate', kind: 'date' },
  { source: 'endDate', kind: 'date' },
  { source: 'stable', kind: 'boolean' },
]);

export const EmploymentList = () => (
  <List filters={filters} sort={{ field: 'startDate', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="Employment" />} empty={<ImportEmpty />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="Employment" />}>
      <DataTable.Col source="laborerId" label="resources.Employment.fields.laborer">
        <LaborerLink />
      </DataTable.Col>
      <DataTable.Col source="villageId" label="resources.Employment.fields.village">
        <PlaceField source="region" />
      </DataTable.Col>
      <DataTable.Col source="kind">
        <EnumField source="kind" name="EmploymentKind" />
      </DataTable.Col>
      <DataTable.Col source="channel">
        <EnumField source="channel" name="EmploymentChannel" />
      </DataTable.Col>
      <DataTable.Col source="employer" />
      <DataTable.Col source="place" disableSort />
      <DataTable.Col source="startDate">
        <LocalDateField source="startDate" />
      </DataTable.Col>
      <DataTable.Col source="endDate">
        <LocalDateField source="endDate" />
      </DataTable.Col>
      <DataTable.Col source="stable" disableSort>
        <Tick source="stable" />
      </DataTable.Col>
    </DataTable>
  </List>
);
