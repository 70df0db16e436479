import { DataTable, List, NullableBooleanInput, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { ListActions, NOWRAP_HEADERS } from '../common/list';
import { EnumField, LocalDateField, Tick } from '../common/recordFields';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={choicesOf('UserRole')} alwaysOn />,
  <NullableBooleanInput key="active" source="active" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" />,
];

/** The hub's users (city administrators only): who may sign in, with which role, for which region. */
export const UserList = () => (
  <List filters={filters} sort={{ field: 'username', order: 'ASC' }} exporter={false} actions={<ListActions resource="User" />}>
    <DataTable rowClick="edit" sx={NOWRAP_HEADERS} bulkActionButtons={false}>
      <DataTable.Col source="username" />
      <DataTable.Col source="displayName" />
      <DataTable.Col source="role">
        <EnumField source="role" name="UserRole" />
      </DataTable.Col>
      <DataTable.Col source="scopeRegionCode" label="resources.User.fields.scopeRegion" disableSort render={(r) => r.scopeRegion?.name ?? ''} />
      <DataTable.Col source="active">
        <Tick source="active" />
      </DataTable.Col>
      <DataTable.Col source="createdAt">
        <LocalDateField source="createdAt" />
      </DataTable.Col>
    </DataTable>
  </List>
);
