import { BooleanField, DataTable, List, NullableBooleanInput, SelectField, SelectInput, TextInput, TopToolbar, FilterButton } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { CsvExportButton } from '../exports/CsvExportButton';
import { ListXlsxExportButton } from '../exports/XlsxExportButton';

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
    <CsvExportButton />
    <ListXlsxExportButton />
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
