import { DataTable, List, NullableBooleanInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, LaborerInput, ListActions, WelfarePostInput } from '../common/list';
import { LaborerLink, LocalDateField, RefLink, Tick } from '../common/recordFields';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <WelfarePostInput key="postId" source="postId" alwaysOn />,
  <LaborerInput key="laborerId" source="laborerId" />,
  <NullableBooleanInput key="active" source="active" />,
];

const exporter = csvExporter('WelfarePlacement', [
  { source: 'id' },
  { source: 'laborer', value: (r) => r.laborer?.name },
  { source: 'laborerId' },
  { source: 'villageId' },
  { source: 'post', value: (r) => r.post?.title },
  { source: 'postId' },
  { source: 'startDate', kind: 'date' },
  { source: 'endDate', kind: 'date' },
  { source: 'active', kind: 'boolean' },
]);

export const WelfarePlacementList = () => (
  <List filters={filters} sort={{ field: 'startDate', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="WelfarePlacement" />} empty={<ImportEmpty />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="WelfarePlacement" />}>
      <DataTable.Col source="laborerId" label="resources.WelfarePlacement.fields.laborer">
        <LaborerLink />
      </DataTable.Col>
      <DataTable.Col source="postId" label="resources.WelfarePlacement.fields.post">
        <RefLink source="post" reference="WelfarePost" text="title" />
      </DataTable.Col>
      <DataTable.Col source="startDate">
        <LocalDateField source="startDate" />
      </DataTable.Col>
      <DataTable.Col source="endDate">
        <LocalDateField source="endDate" />
      </DataTable.Col>
      <DataTable.Col source="active" disableSort>
        <Tick source="active" />
      </DataTable.Col>
    </DataTable>
  </List>
);
