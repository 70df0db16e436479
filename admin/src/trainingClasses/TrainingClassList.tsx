import { DataTable, List, NullableBooleanInput, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, ListActions, TrainingProviderInput, dateRange } from '../common/list';
import { EnumField, LocalDateField, Tick } from '../common/recordFields';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={choicesOf('TrainingKind')} />,
  <TrainingProviderInput key="providerId" source="providerId" />,
  <NullableBooleanInput key="isMenu" source="isMenu" />,
  ...dateRange('startDate'),
];

const exporter = csvExporter('TrainingClass', [
  { source: 'id' },
  { source: 'title' },
  { source: 'kind', enum: 'TrainingKind' },
  { source: 'provider', value: (r) => r.provider?.name },
  { source: 'countyId' },
  { source: 'county', value: (r) => r.county?.name },
  { source: 'specialty' },
  { source: 'isMenu', kind: 'boolean' },
  { source: 'startDate', kind: 'date' },
  { source: 'endDate', kind: 'date' },
  { source: 'capacity' },
  { source: 'enrolledCount' },
  { source: 'completedCount' },
]);

export const TrainingClassList = () => (
  <List filters={filters} sort={{ field: 'startDate', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="TrainingClass" />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="TrainingClass" />}>
      <DataTable.Col source="title" />
      <DataTable.Col source="kind">
        <EnumField source="kind" name="TrainingKind" />
      </DataTable.Col>
      <DataTable.Col source="providerId" label="resources.TrainingClass.fields.provider" render={(r) => r.provider?.name ?? ''} />
      <DataTable.Col source="countyId" label="resources.TrainingClass.fields.county" render={(r) => r.county?.name ?? ''} />
      <DataTable.Col source="isMenu" disableSort>
        <Tick source="isMenu" />
      </DataTable.Col>
      <DataTable.Col source="startDate">
        <LocalDateField source="startDate" />
      </DataTable.Col>
      <DataTable.Col source="endDate">
        <LocalDateField source="endDate" />
      </DataTable.Col>
      <DataTable.Col source="capacity" />
      <DataTable.Col source="enrolledCount" disableSort />
      <DataTable.Col source="completedCount" disableSort />
    </DataTable>
  </List>
);
