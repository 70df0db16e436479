import { Box } from '@mui/material';
import { Labeled, Show, SimpleShowLayout, TextField } from 'react-admin';
import { RecordPayments } from '../common/RecordPayments';
import { ShowActions } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, PlaceField, Tick } from '../common/recordFields';

export const EmploymentShow = () => (
  <Show actions={<ShowActions resource="Employment" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="laborer">
          <LaborerLink />
        </Labeled>
        <Labeled source="village">
          <PlaceField source="region" />
        </Labeled>
        <Labeled source="kind">
          <EnumField source="kind" name="EmploymentKind" />
        </Labeled>
        <Labeled source="channel">
          <EnumField source="channel" name="EmploymentChannel" />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="employer">
          <TextField source="employer" />
        </Labeled>
        <Labeled source="place">
          <TextField source="place" />
        </Labeled>
        <Labeled source="startDate">
          <LocalDateField source="startDate" long />
        </Labeled>
        <Labeled source="endDate">
          <LocalDateField source="endDate" long />
        </Labeled>
        <Labeled source="stable">
          <Tick source="stable" />
        </Labeled>
      </Box>
      <RecordPayments programKind="EMPLOYMENT" />
    </SimpleShowLayout>
  </Show>
);
