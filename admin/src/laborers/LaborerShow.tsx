import { Box, Chip, Grid, Link as MuiLink, Stack } from '@mui/material';
import {
  CreateButton, EditButton, Labeled, Link, NumberField, SelectField, Show, SimpleShowLayout, TextField, TopToolbar, useCreatePath, useRecordContext,
  useTranslate,
} from 'react-admin';
import PaymentsIcon from '@mui/icons-material/Payments';
import SchoolIcon from '@mui/icons-material/School';
import WorkIcon from '@mui/icons-material/Work';
import { useAccess } from '../common/access';
import { RecordHistoryButton } from '../common/RecordHistory';
import { choicesOf } from '../common/choices';
import { LocalDateField, RegionBreadcrumb, type RegionCrumb } from '../common/fields';
import { LaborerTimeline } from './LaborerTimeline';
import { LaborerPlan, LeaveRegistryButton } from '../lifecycle/HouseholdLifecycle';
import { RegistryTimeline } from '../lifecycle/RegistryTimeline';

interface LaborerRecord {
  id: string;
  householdId: string;
  household?: { id: string; headName: string; memberCount?: number };
  village?: RegionCrumb & { ancestors?: RegionCrumb[] };
  wantsTraining?: boolean;
  wantsTransfer?: boolean;
  wantsEnterprise?: boolean;
  leftOn?: string | null;
}

/**
 * What a clerk does next for this person, with the person already chosen: enroll them in a class,
 * record a job, apply for a subsidy; then the record's own history, edit and 自然减少 (never delete).
 */
const Actions = () => {
  const record = useRecordContext<LaborerRecord>();
  const { canWrite } = useAccess();
  const withLaborer = { record: { laborerId: record?.id } };
  // Shown once the person has loaded: clicked before, they opened an empty form (no laborerId to carry).
  const ready = record?.id != null;
  return (
    <TopToolbar>
      {ready && canWrite('Enrollment') && <CreateButton resource="Enrollment" label="fupin.laborerActions.enroll" state={withLaborer} icon={<SchoolIcon />} data-testid="laborer-enroll" />}
      {ready && canWrite('Employment') && <CreateButton resource="Employment" label="fupin.laborerActions.employ" state={withLaborer} icon={<WorkIcon />} data-testid="laborer-employ" />}
      {ready && canWrite('SubsidyPayment') && <CreateButton resource="SubsidyPayment" label="fupin.laborerActions.subsidy" state={withLaborer} icon={<PaymentsIcon />} data-testid="laborer-subsidy" />}
      <RecordHistoryButton entity="Laborer" />
      {canWrite('Laborer') && <EditButton />}
      {/* No delete: a registered person leaves by 自然减少, so the months they were registered keep them. */}
      {ready && canWrite('Laborer') && !record.leftOn && <LeaveRegistryButton subject={{ laborerId: String(record.id) }} />}
    </TopToolbar>
  );
};

const Village = () => {
  const record = useRecordContext<LaborerRecord>();
  if (!record?.village) return null;
  return <RegionBreadcrumb regions={[...(record.village.ancestors ?? []), record.village]} />;
};

const Household = () => {
  const record = useRecordContext<LaborerRecord>();
  const createPath = useCreatePath();
  const translate = useTranslate();
  if (!record?.household) return null;
  return (
    <MuiLink component={Link} to={createPath({ resource: 'Household', type: 'show', id: record.household.id })} data-testid="laborer-household">
      {record.household.headName}
      {record.household.memberCount != null && `（${translate('resources.Household.fields.memberCount')} ${record.household.memberCount}）`}
    </MuiLink>
  );
};

const Demands = () => {
  const record = useRecordContext<LaborerRecord>();
  const translate = useTranslate();
  if (!record) return null;
  const wants = (['wantsTraining', 'wantsTransfer', 'wantsEnterprise'] as const).filter((k) => record[k]);
  return (
    <Stack direction="row" data-testid="laborer-demands" sx={{ gap: 1 }}>
      {wants.length === 0 && <Chip label={translate('fupin.laborer.noDemand')} variant="outlined" size="small" />}
      {wants.map((k) => (
        <Chip key={k} label={translate(`resources.Laborer.fields.${k}`)} color="primary" size="small" />
      ))}
    </Stack>
  );
};

export const LaborerShow = () => (
  <Show actions={<Actions />}>
    <Grid container spacing={2} sx={{ p: 2 }}>
      <Grid size={{ xs: 12, md: 7 }}>
        <SimpleShowLayout sx={{ p: 0 }}>
          <Labeled label="resources.Laborer.fields.village">
            <Village />
          </Labeled>
          <Labeled label="resources.Laborer.fields.household">
            <Household />
          </Labeled>
          <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
            <Labeled source="name">
              <TextField source="name" />
            </Labeled>
            <Labeled source="idNumber">
              <TextField source="idNumber" />
            </Labeled>
            <Labeled source="gender">
              <SelectField source="gender" choices={choicesOf('Gender')} />
            </Labeled>
            <Labeled source="birthDate">
              <LocalDateField source="birthDate" long />
            </Labeled>
            <Labeled source="age">
              <NumberField source="age" />
            </Labeled>
          </Box>
          <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
            <Labeled source="phone">
              <TextField source="phone" emptyText="—" />
            </Labeled>
            <Labeled source="education">
              <SelectField source="education" choices={choicesOf('Education')} />
            </Labeled>
            <Labeled source="povertyStatus">
              <SelectField source="povertyStatus" choices={choicesOf('PovertyStatus')} />
            </Labeled>
            <Labeled source="exitedPovertyYear">
              <NumberField source="exitedPovertyYear" options={{ useGrouping: false }} emptyText="—" />
            </Labeled>
          </Box>
          <Labeled source="skills">
            <TextField source="skills" emptyText="—" />
          </Labeled>
          <Labeled label="fupin.laborer.demands">
            <Demands />
          </Labeled>
        </SimpleShowLayout>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <RegistryTimeline subject="Laborer" />
        <LaborerPlan />
        <LaborerTimeline />
      </Grid>
    </Grid>
  </Show>
);
