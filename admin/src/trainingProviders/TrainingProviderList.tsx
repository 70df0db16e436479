import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, ListActions } from '../common/list';
import { EnumField, LocalDateField } from '../common/recordFields';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={choicesOf('ProviderKind')} />,
];

const exporter = csvExporter('TrainingProvider', [
  { source: 'id' },
  { source: 'name' },
  { source: 'kind', enum: 'ProviderKind' },
  { source: 'countyId' },
  { source: 'county', value: (r) => r.county?.name },
  { source: 'createdAt', kind: 'date' },
]);

export const TrainingProviderList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} exporter={exporter} actions={<ListActions resource="TrainingProvider" />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="TrainingProvider" />}>
      <DataTable.Col source="name" />
      <DataTable.Col source="kind">
        <EnumField source="kind" name="ProviderKind" />
      </DataTable.Col>
      <DataTable.Col source="countyId" label="resources.TrainingProvider.fields.county" render={(r) => r.county?.name ?? ''} />
      <DataTable.Col source="createdAt">
        <LocalDateField source="createdAt" />
      </DataTable.Col>
    </DataTable>
  </List>
);
