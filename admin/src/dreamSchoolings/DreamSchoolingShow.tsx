import { Box } from '@mui/material';
import { Labeled, NumberField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { RecordPayments } from '../common/RecordPayments';
import { ShowActions } from '../common/list';
import { EnumField, LaborerLink, MoneyField, PlaceField, Tick } from '../common/recordFields';

export const DreamSchoolingShow = () => (
  <Show actions={<ShowActions resource="DreamSchooling" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="laborer">
          <LaborerLink />
        </Labeled>
        <Labeled source="village">
          <PlaceField source="region" />
        </Labeled>
        <Labeled source="school">
          <TextField source="school" />
        </Labeled>
        <Labeled source="major">
          <TextField source="major" />
        </Labeled>
        <Labeled source="intakeYear">
          <NumberField source="intakeYear" options={{ useGrouping: false }} />
        </Labeled>
        <Labeled source="status">
          <EnumField source="status" name="SchoolingStatus" />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="tuitionWaived">
          <Tick source="tuitionWaived" />
        </Labeled>
        <Labeled source="livingSubsidyPerTerm">
          <MoneyField source="livingSubsidyPerTerm" />
        </Labeled>
        <Labeled source="subsidyApproved">
          <MoneyField source="subsidyApproved" />
        </Labeled>
        <Labeled source="subsidyPaid">
          <MoneyField source="subsidyPaid" />
        </Labeled>
      </Box>
      <RecordPayments programKind="DREAM_SCHOOLING" />
    </SimpleShowLayout>
  </Show>
);
