import { Box, Typography } from '@mui/material';
import { CreateButton, DataTable, Labeled, NumberField, Pagination, ReferenceManyField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin';
import { useAccess } from '../common/access';
import { ShowActions } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, MoneyField, RefLink, Tick } from '../common/recordFields';

const Enrollments = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { canWrite } = useAccess();
  if (!record) return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6">{translate('resources.TrainingClass.fields.enrollments')}</Typography>
        {canWrite('Enrollment') && (
          <CreateButton resource="Enrollment" label="fupin.programme.enroll" state={{ record: { classId: record.id, enrolledOn: record.startDate } }} data-testid="enroll-button" />
        )}
      </Box>
      <ReferenceManyField reference="Enrollment" target="classId" sort={{ field: 'enrolledOn', order: 'ASC' }} perPage={25} pagination={<Pagination />}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="laborerId" label="resources.Enrollment.fields.laborer">
            <LaborerLink />
          </DataTable.Col>
          <DataTable.Col source="enrolledOn">
            <LocalDateField source="enrolledOn" />
          </DataTable.Col>
          <DataTable.Col source="completed" disableSort>
            <Tick source="completed" />
          </DataTable.Col>
          <DataTable.Col source="completedOn">
            <LocalDateField source="completedOn" />
          </DataTable.Col>
          <DataTable.Col source="employedAfterTraining" disableSort>
            <Tick source="employedAfterTraining" />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

export const TrainingClassShow = () => (
  <Show actions={<ShowActions resource="TrainingClass" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="title">
          <TextField source="title" />
        </Labeled>
        <Labeled source="kind">
          <EnumField source="kind" name="TrainingKind" />
        </Labeled>
        <Labeled source="provider">
          <RefLink source="provider" reference="TrainingProvider" />
        </Labeled>
        <Labeled source="county">
          <TextField source="county.name" />
        </Labeled>
        <Labeled source="isMenu">
          <Tick source="isMenu" />
        </Labeled>
        <Labeled source="specialty">
          <TextField source="specialty" emptyText="—" />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="startDate">
          <LocalDateField source="startDate" long />
        </Labeled>
        <Labeled source="endDate">
          <LocalDateField source="endDate" long />
        </Labeled>
        <Labeled source="capacity">
          <NumberField source="capacity" />
        </Labeled>
        <Labeled source="enrolledCount">
          <NumberField source="enrolledCount" />
        </Labeled>
        <Labeled source="completedCount">
          <NumberField source="completedCount" />
        </Labeled>
        <Labeled source="subsidyApproved">
          <MoneyField source="subsidyApproved" />
        </Labeled>
        <Labeled source="subsidyPaid">
          <MoneyField source="subsidyPaid" />
        </Labeled>
      </Box>
      <Enrollments />
    </SimpleShowLayout>
  </Show>
);
