import { Box, Typography } from '@mui/material';
import {
  CreateButton, DataTable, Labeled, NumberField, Pagination, ReferenceManyField, SelectField, Show, SimpleShowLayout, TextField,
  useRecordContext, useTranslate, BooleanField,
} from 'react-admin';
import { choicesOf } from '../common/choices';
import { ShowActions } from '../common/list';
import { useAccess } from '../common/access';
import { LocalDateField, RegionBreadcrumb, type RegionCrumb } from '../common/fields';
import { HouseholdLifecycle } from '../lifecycle/HouseholdLifecycle';
import { RegistryTimeline } from '../lifecycle/RegistryTimeline';
import { Grid, Link as MuiLink } from '@mui/material';

// No delete: a registered household leaves by 自然减少 (on its lifecycle card), which keeps its past months.
const Actions = () => <ShowActions resource="Household" deletable={false} />;

const Village = () => {
  const record = useRecordContext<{ village?: RegionCrumb & { ancestors?: RegionCrumb[] } }>();
  if (!record?.village) return null;
  return <RegionBreadcrumb regions={[...(record.village.ancestors ?? []), record.village]} />;
};

const Laborers = () => {
  const translate = useTranslate();
  const record = useRecordContext();
  const { canWrite } = useAccess();
  return (
    <Box sx={{ mt: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6">{translate('fupin.household.laborers')}</Typography>
        {record && canWrite('Laborer') && <CreateButton resource="Laborer" state={{ record: { householdId: record.id } }} />}
      </Box>
      <ReferenceManyField reference="Laborer" target="householdId" sort={{ field: 'name', order: 'ASC' }} perPage={25} pagination={<Pagination />}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="name" />
          <DataTable.Col source="gender">
            <SelectField source="gender" choices={choicesOf('Gender')} />
          </DataTable.Col>
          <DataTable.Col source="birthDate">
            <LocalDateField source="birthDate" />
          </DataTable.Col>
          <DataTable.Col source="education">
            <SelectField source="education" choices={choicesOf('Education')} />
          </DataTable.Col>
          <DataTable.Col source="wantsTraining">
            <BooleanField source="wantsTraining" FalseIcon={null} />
          </DataTable.Col>
          <DataTable.Col source="wantsTransfer">
            <BooleanField source="wantsTransfer" FalseIcon={null} />
          </DataTable.Col>
          <DataTable.Col source="wantsEnterprise">
            <BooleanField source="wantsEnterprise" FalseIcon={null} />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

const VillageLedgerLink = () => {
  const record = useRecordContext<{ villageId?: string }>();
  const translate = useTranslate();
  return record?.villageId ? (
    <MuiLink href={`#/village/${record.villageId}`} data-testid="village-ledger-link">
      {translate('fupin.lifecycle.openVillagePage')}
    </MuiLink>
  ) : null;
};

/** The household beside its registry events and helpers (怎么进、怎么出, 一户一帮). */
export const HouseholdShow = () => (
  <Show actions={<Actions />}>
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 7 }}>
    <SimpleShowLayout>
      <VillageLedgerLink />
      <Labeled label="resources.Household.fields.village">
        <Village />
      </Labeled>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="headName">
          <TextField source="headName" />
        </Labeled>
        <Labeled source="memberCount">
          <NumberField source="memberCount" />
        </Labeled>
        <Labeled source="povertyStatus">
          <SelectField source="povertyStatus" choices={choicesOf('PovertyStatus')} />
        </Labeled>
        <Labeled source="exitedPovertyYear">
          <NumberField source="exitedPovertyYear" options={{ useGrouping: false }} />
        </Labeled>
        <Labeled source="helperName">
          <TextField source="helperName" />
        </Labeled>
      </Box>
      <Laborers />
    </SimpleShowLayout>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }} sx={{ p: 2 }}>
        <RegistryTimeline subject="Household" />
        <HouseholdLifecycle />
      </Grid>
    </Grid>
  </Show>
);
