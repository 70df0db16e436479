import { DataTable, List, NumberInput, SelectInput } from 'react-admin';
import { useAccess } from '../common/access';
import { choicesOf } from '../common/choices';
import { BulkActions, ListActions, NOWRAP_HEADERS } from '../common/list';
import { EnumField } from '../common/recordFields';
import { ProfileSharesField } from './ProfileSharesField';

const filters = [
  <NumberInput key="year" source="year" alwaysOn sx={{ width: 120 }} />,
  <SelectInput key="indicator" source="indicator" choices={choicesOf('TargetIndicator')} alwaysOn sx={{ minWidth: 180 }} />,
];

/** The city's monthly profiles: where one is set, an indicator's targets are expected by it instead of by the time elapsed. */
export const TargetProfileList = () => {
  const { canWrite } = useAccess();
  return (
    <List filters={filters} sort={{ field: 'year', order: 'DESC' }} exporter={false} actions={<ListActions resource="TargetProfile" />}>
      <DataTable rowClick={canWrite('TargetProfile') ? 'edit' : false} sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="TargetProfile" />}>
        <DataTable.Col source="year" />
        <DataTable.Col source="indicator">
          <EnumField source="indicator" name="TargetIndicator" />
        </DataTable.Col>
        <DataTable.Col source="shares" disableSort>
          <ProfileSharesField />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
