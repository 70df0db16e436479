import { DataTable, List, NumberInput, SelectInput, TextField } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { useAccess } from '../common/access';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, ListActions, NOWRAP_HEADERS } from '../common/list';
import { EnumField, PlaceField } from '../common/recordFields';
import { TargetValueField } from './TargetValueField';

const filters = [
  <NumberInput key="year" source="year" alwaysOn sx={{ width: 120 }} />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="indicator" source="indicator" choices={choicesOf('TargetIndicator')} alwaysOn sx={{ minWidth: 180 }} />,
];

const exporter = csvExporter('Target', [{ source: 'id' }, { source: 'regionId' }, { source: 'region', value: (r) => r.region?.name }, { source: 'year' }, { source: 'indicator' }, { source: 'value' }, { source: 'note' }]);

/** The yearly targets (年度目标任务); the city administrator opens one to change it, everyone else reads. */
export const TargetList = () => {
  const { canWrite } = useAccess();
  return (
    <List filters={filters} filterDefaultValues={{ year: 2017 }} sort={{ field: 'regionId', order: 'ASC' }} exporter={exporter} actions={<ListActions resource="Target" />}>
      <DataTable rowClick={canWrite('Target') ? 'edit' : false} sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="Target" />}>
        <DataTable.Col source="regionId">
          <PlaceField source="region" />
        </DataTable.Col>
        <DataTable.Col source="year" />
        <DataTable.Col source="indicator">
          <EnumField source="indicator" name="TargetIndicator" />
        </DataTable.Col>
        <DataTable.Col source="value" align="right">
          <TargetValueField />
        </DataTable.Col>
        <DataTable.Col source="note" disableSort>
          <TextField source="note" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
