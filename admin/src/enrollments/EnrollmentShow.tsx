import { Box } from '@mui/material';
import { Labeled, Show, SimpleShowLayout, TextField } from 'react-admin';
import { RecordPayments } from '../common/RecordPayments';
import { ShowActions } from '../common/list';
import { LaborerLink, LocalDateField, RefLink, Tick } from '../common/recordFields';

export const EnrollmentShow = () => (
  <Show actions={<ShowActions resource="Enrollment" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="laborer">
          <LaborerLink />
        </Labeled>
        <Labeled source="trainingClass">
          <RefLink source="trainingClass" reference="TrainingClass" text="title" />
        </Labeled>
        <Labeled source="enrolledOn">
          <LocalDateField source="enrolledOn" long />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="completed">
          <Tick source="completed" />
        </Labeled>
        <Labeled source="completedOn">
          <LocalDateField source="completedOn" long />
        </Labeled>
        <Labeled source="certificateNo">
          <TextField source="certificateNo" emptyText="—" />
        </Labeled>
        <Labeled source="employedAfterTraining">
          <Tick source="employedAfterTraining" />
        </Labeled>
      </Box>
      <RecordPayments programKind="TRAINING" />
    </SimpleShowLayout>
  </Show>
);
