import { DataTable, List, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, ListActions, dateRange } from '../common/list';
import { LocalDateField } from '../common/recordFields';

const filters = [<TextInput key="q" source="q" alwaysOn />, <RegionPicker key="regionCode" source="regionCode" alwaysOn />, ...dateRange('heldOn')];

const exporter = csvExporter('JobFair', [
  { source: 'id' },
  { source: 'title' },
  { source: 'countyId' },
  { source: 'county', value: (r) => r.county?.name },
  { source: 'venue' },
  { source: 'heldOn', kind: 'date' },
  { source: 'postsOffered' },
  { source: 'laborersRegistered' },
  { source: 'intentionsSigned' },
]);

export const JobFairList = () => (
  <List filters={filters} sort={{ field: 'heldOn', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="JobFair" />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="JobFair" />}>
      <DataTable.Col source="title" />
      <DataTable.Col source="countyId" label="resources.JobFair.fields.county" render={(r) => r.county?.name ?? ''} />
      <DataTable.Col source="venue" disableSort />
      <DataTable.Col source="heldOn">
        <LocalDateField source="heldOn" />
      </DataTable.Col>
      <DataTable.Col source="postsOffered" />
      <DataTable.Col source="laborersRegistered" />
      <DataTable.Col source="intentionsSigned" />
    </DataTable>
  </List>
);
