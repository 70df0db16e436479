import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, ListActions } from '../common/list';
import { EnumField, LaborerLink, MoneyField, PlaceField } from '../common/recordFields';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="category" source="category" choices={choicesOf('WelfarePostCategory')} />,
  <SelectInput key="status" source="status" choices={choicesOf('WelfarePostStatus')} />,
];

const exporter = csvExporter('WelfarePost', [
  { source: 'id' },
  { source: 'title' },
  { source: 'category', enum: 'WelfarePostCategory' },
  { source: 'regionId' },
  { source: 'region', value: (r) => [r.region?.parent?.name, r.region?.name].filter(Boolean).join(' ') },
  { source: 'monthlyPay' },
  { source: 'status', enum: 'WelfarePostStatus' },
  { source: 'currentHolder', value: (r) => r.currentHolder?.name },
]);

export const WelfarePostList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="WelfarePost" />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="WelfarePost" />}>
      <DataTable.Col source="title" />
      <DataTable.Col source="category">
        <EnumField source="category" name="WelfarePostCategory" />
      </DataTable.Col>
      <DataTable.Col source="regionId" label="resources.WelfarePost.fields.region">
        <PlaceField source="region" />
      </DataTable.Col>
      <DataTable.Col source="monthlyPay">
        <MoneyField source="monthlyPay" />
      </DataTable.Col>
      <DataTable.Col source="status">
        <EnumField source="status" name="WelfarePostStatus" />
      </DataTable.Col>
      <DataTable.Col source="currentHolder" disableSort>
        <LaborerLink source="currentHolder" />
      </DataTable.Col>
    </DataTable>
  </List>
);
