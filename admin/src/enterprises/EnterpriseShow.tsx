import { Box } from '@mui/material';
import { Labeled, NumberField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { RecordPayments } from '../common/RecordPayments';
import { ShowActions } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, MoneyField, PlaceField } from '../common/recordFields';

export const EnterpriseShow = () => (
  <Show actions={<ShowActions resource="Enterprise" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="name">
          <TextField source="name" />
        </Labeled>
        <Labeled source="laborer">
          <LaborerLink />
        </Labeled>
        <Labeled source="village">
          <PlaceField source="region" />
        </Labeled>
        <Labeled source="sector">
          <EnumField source="sector" name="Sector" />
        </Labeled>
        <Labeled source="startedOn">
          <LocalDateField source="startedOn" long />
        </Labeled>
        <Labeled source="employees">
          <NumberField source="employees" />
        </Labeled>
        <Labeled source="subsidyApproved">
          <MoneyField source="subsidyApproved" />
        </Labeled>
        <Labeled source="subsidyPaid">
          <MoneyField source="subsidyPaid" />
        </Labeled>
      </Box>
      <RecordPayments programKind="ENTERPRISE" />
    </SimpleShowLayout>
  </Show>
);
