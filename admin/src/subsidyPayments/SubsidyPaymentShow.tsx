import { Box } from '@mui/material';
import { Labeled, Show, SimpleShowLayout, TextField, useCreatePath, useGetOne, useRecordContext, useTranslate, Link } from 'react-admin';
import { RECORD_SOURCES } from './SubsidyPaymentCreate';
import { ShowActions } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, MoneyField, PlaceField, RefLink } from '../common/recordFields';
import { PaymentStatusButtons } from './PaymentStatusButtons';

const RESOURCE_OF: Record<string, string> = {
  TRAINING: 'Enrollment',
  WELFARE_POST: 'WelfarePlacement',
  LOAN: 'GuaranteedLoan',
  DREAM_SCHOOLING: 'DreamSchooling',
  ENTERPRISE: 'Enterprise',
  EMPLOYMENT: 'Employment',
};

/** The programme record paid for, by what it is (the class and its day, the employer...), linked to its page. */
const RecordLink = () => {
  const record = useRecordContext();
  const createPath = useCreatePath();
  const translate = useTranslate();
  const resource = record ? RESOURCE_OF[record.programKind] : undefined;
  const { data } = useGetOne(resource ?? 'Enrollment', { id: record?.recordId }, { enabled: !!resource && !!record?.recordId });
  if (!record?.recordId || !resource) return null;
  const text = data ? RECORD_SOURCES[record.programKind].text(data) : translate('ra.page.loading');
  return (
    <Link to={createPath({ resource, type: 'show', id: record.recordId })} data-testid="payment-record">
      {translate(`resources.${resource}.name`, { smart_count: 1 })}：{text}
    </Link>
  );
};

export const SubsidyPaymentShow = () => (
  <Show actions={<ShowActions resource="SubsidyPayment" edit={false} deletable={false} />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap', alignItems: 'center' }}>
        <Box data-testid="payment-status">
          <Labeled source="status">
            <EnumField source="status" name="PaymentStatus" />
          </Labeled>
        </Box>
        <PaymentStatusButtons />
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="laborer">
          <LaborerLink />
        </Labeled>
        <Labeled source="village">
          <PlaceField source="village" />
        </Labeled>
        <Labeled source="policy">
          <RefLink source="policy" reference="Policy" />
        </Labeled>
        <Labeled source="programKind">
          <EnumField source="programKind" name="ProgramKind" />
        </Labeled>
        <Labeled source="recordId">
          <RecordLink />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="period">
          <TextField source="period" />
        </Labeled>
        <Labeled source="amount">
          <MoneyField source="amount" />
        </Labeled>
        <Labeled source="appliedOn">
          <LocalDateField source="appliedOn" long />
        </Labeled>
        <Labeled source="approvedOn">
          <LocalDateField source="approvedOn" long />
        </Labeled>
        <Labeled source="paidOn">
          <LocalDateField source="paidOn" long />
        </Labeled>
      </Box>
      <Labeled source="rejectReason">
        <TextField source="rejectReason" emptyText="—" />
      </Labeled>
    </SimpleShowLayout>
  </Show>
);
