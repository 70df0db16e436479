import VolunteerActivismIcon from '@mui/icons-material/VolunteerActivism';
import { Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import {
  Create, DataTable, Edit, Labeled, List, Show, SimpleForm, SimpleShowLayout, TextField, TextInput, maxLength, required, useDataProvider, useRecordContext, useTranslate,
} from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import type { HubDataProvider } from '../dataProvider';

const filters = [<TextInput key="q" source="q" alwaysOn />, <RegionPicker key="regionCode" source="regionCode" alwaysOn />];

const HelperList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="workUnit" />
      <DataTable.Col source="post" />
      <DataTable.Col source="phone" />
      <DataTable.Col source="region.name" label="resources.Helper.fields.regionCode" />
    </DataTable>
  </List>
);

const HelperForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }}>
    <TextInput source="name" validate={[required(), maxLength(32)]} />
    <TextInput source="workUnit" validate={[required(), maxLength(100)]} fullWidth />
    <TextInput source="post" validate={maxLength(64)} />
    <TextInput source="phone" />
    <RegionPicker source="regionCode" validate={required()} />
  </SimpleForm>
);

/** The households the helper helps now (一户一帮). */
const HelperHouseholds = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const dp = useDataProvider<HubDataProvider>();
  const { data } = useQuery({
    queryKey: ['hub', 'helperHouseholds', record?.id],
    queryFn: () => dp.getList('HelperAssignment', { filter: { helperId: record!.id, current: true }, pagination: { page: 1, perPage: 200 }, sort: { field: 'startDate', order: 'ASC' } }),
    enabled: !!record?.id,
  });
  return (
    <>
      <Typography variant="h6">{translate('fupin.lifecycle.helperHouseholds', { n: data?.total ?? 0 })}</Typography>
      {(data?.data ?? []).map((a) => (
        <Typography key={a.id} variant="body2">
          <a href={`#/Household/${a.householdId}/show`}>{translate('fupin.lifecycle.householdNo', { id: a.householdId })}</a>（{a.startDate}）
        </Typography>
      ))}
    </>
  );
};

const HelperShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="workUnit" />
      <TextField source="post" emptyText="—" />
      <TextField source="phone" emptyText="—" />
      <Labeled source="regionCode">
        <TextField source="region.name" />
      </Labeled>
      <HelperHouseholds />
    </SimpleShowLayout>
  </Show>
);

export default {
  list: HelperList,
  show: HelperShow,
  create: () => (
    <Create redirect="show">
      <HelperForm />
    </Create>
  ),
  edit: () => (
    <Edit mutationMode="pessimistic" redirect="show">
      <HelperForm />
    </Edit>
  ),
  icon: VolunteerActivismIcon,
  recordRepresentation: 'name',
};
