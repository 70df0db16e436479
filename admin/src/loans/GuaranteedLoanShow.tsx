import { Box } from '@mui/material';
import { Labeled, NumberField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { RecordPayments } from '../common/RecordPayments';
import { ShowActions } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, MoneyField, PercentField, PlaceField, RefLink } from '../common/recordFields';
import { LoanStatusButtons } from './LoanStatusButtons';

export const GuaranteedLoanShow = () => (
  <Show actions={<ShowActions resource="GuaranteedLoan" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap', alignItems: 'center' }}>
        <Labeled source="status">
          <EnumField source="status" name="LoanStatus" />
        </Labeled>
        <LoanStatusButtons />
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="laborer">
          <LaborerLink />
        </Labeled>
        <Labeled source="village">
          <PlaceField source="region" />
        </Labeled>
        <Labeled source="purpose">
          <EnumField source="purpose" name="Sector" />
        </Labeled>
        <Labeled source="bank">
          <TextField source="bank" />
        </Labeled>
        <Labeled source="enterprise">
          <RefLink source="enterprise" reference="Enterprise" />
        </Labeled>
        <Labeled source="dreamSchooling">
          <RefLink source="dreamSchooling" reference="DreamSchooling" text="school" />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="amount">
          <MoneyField source="amount" />
        </Labeled>
        <Labeled source="termMonths">
          <NumberField source="termMonths" />
        </Labeled>
        <Labeled source="annualRate">
          <PercentField source="annualRate" />
        </Labeled>
        <Labeled source="interestSubsidyRate">
          <PercentField source="interestSubsidyRate" />
        </Labeled>
        <Labeled source="interest">
          <MoneyField source="interest" />
        </Labeled>
        <Labeled source="interestSubsidy">
          <MoneyField source="interestSubsidy" />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="appliedOn">
          <LocalDateField source="appliedOn" long />
        </Labeled>
        <Labeled source="approvedOn">
          <LocalDateField source="approvedOn" long />
        </Labeled>
        <Labeled source="disbursedOn">
          <LocalDateField source="disbursedOn" long />
        </Labeled>
        <Labeled source="closedOn">
          <LocalDateField source="closedOn" long />
        </Labeled>
      </Box>
      <RecordPayments programKind="LOAN" />
    </SimpleShowLayout>
  </Show>
);
