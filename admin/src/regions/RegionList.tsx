import { BooleanField, DataTable, ExportButton, List, NullableBooleanInput, SelectField, SelectInput, TextInput, TopToolbar, FilterButton } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter, EXPORT_MAX_ROWS } from '../common/export';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <RegionPicker key="within" source="within" alwaysOn />,
  <SelectInput key="level" source="level" choices={choicesOf('RegionLevel')} />,
  <NullableBooleanInput key="isPoor" source="isPoor" />,
  <NullableBooleanInput key="isUrban" source="isUrban" />,
];

const exporter = csvExporter('Region', [
  { source: 'code' },
  { source: 'name' },
  { source: 'level', enum: 'RegionLevel' },
  { source: 'parentId' },
  { source: 'isPoor', kind: 'boolean' },
  { source: 'isUrban', kind: 'boolean' },
  { source: 'exitYear' },
]);

const Actions = () => (
  <TopToolbar>
    <FilterButton />
    <ExportButton maxResults={EXPORT_MAX_ROWS} />
  </TopToolbar>
);

/** All 3,256 divisions by code (the city first); a row opens the region with its subdivisions. */
export const RegionList = () => (
  <List filters={filters} sort={{ field: 'code', order: 'ASC' }} exporter={exporter} actions={<Actions />} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="code" />
      <DataTable.Col source="name" />
      <DataTable.Col source="level">
        <SelectField source="level" choices={choicesOf('RegionLevel')} />
      </DataTable.Col>
      <DataTable.Col source="isPoor">
        <BooleanField source="isPoor" looseValue FalseIcon={null} />
      </DataTable.Col>
      <DataTable.Col source="exitYear" />
    </DataTable>
  </List>
);
