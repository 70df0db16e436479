import { DataTable, List, NumberInput, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, LaborerInput, ListActions } from '../common/list';
import { EnumField, LaborerLink, MoneyField, PlaceField, Tick } from '../common/recordFields';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="status" source="status" choices={choicesOf('SchoolingStatus')} />,
  <NumberInput key="intakeYear" source="intakeYear" />,
  <LaborerInput key="laborerId" source="laborerId" />,
];

const exporter = csvExporter('DreamSchooling', [
  { source: 'id' },
  { source: 'laborer', value: (r) => r.laborer?.name },
  { source: 'laborerId' },
  { source: 'villageId' },
  { source: 'school' },
  { source: 'major' },
  { source: 'intakeYear' },
  { source: 'tuitionWaived', kind: 'boolean' },
  { source: 'livingSubsidyPerTerm' },
  { source: 'status', enum: 'SchoolingStatus' },
  { source: 'subsidyPaid' },
]);

export const DreamSchoolingList = () => (
  <List filters={filters} sort={{ field: 'intakeYear', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="DreamSchooling" />} empty={<ImportEmpty />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="DreamSchooling" />}>
      <DataTable.Col source="laborerId" label="resources.DreamSchooling.fields.laborer">
        <LaborerLink />
      </DataTable.Col>
      <DataTable.Col source="villageId" label="resources.DreamSchooling.fields.village">
        <PlaceField source="region" />
      </DataTable.Col>
      <DataTable.Col source="school" />
      <DataTable.Col source="major" />
      <DataTable.Col source="intakeYear" />
      <DataTable.Col source="tuitionWaived" disableSort>
        <Tick source="tuitionWaived" />
      </DataTable.Col>
      <DataTable.Col source="livingSubsidyPerTerm">
        <MoneyField source="livingSubsidyPerTerm" />
      </DataTable.Col>
      <DataTable.Col source="status">
        <EnumField source="status" name="SchoolingStatus" />
      </DataTable.Col>
    </DataTable>
  </List>
);
