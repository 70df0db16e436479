import { PAYMENT_TRANSITIONS, type PaymentStatus } from '@fupin/schema';
import { Stack } from '@mui/material';
import { useDataProvider, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { useAccess } from '../common/access';
import { DecisionButton } from '../common/DecisionButton';
import type { HubDataProvider } from '../dataProvider';
import { formatMoney } from '../format';

/** Approve / pay / reject, as PAYMENT_TRANSITIONS allows from the payment's status. */
export const PaymentStatusButtons = () => {
  const record = useRecordContext<{ id: string; status: PaymentStatus; amount: number; laborer?: { name: string } }>();
  const dp = useDataProvider<HubDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { canWrite } = useAccess();
  if (!record || !canWrite('SubsidyPayment')) return null;
  const next = PAYMENT_TRANSITIONS[record.status];
  const args = { laborer: record.laborer?.name ?? '', amount: formatMoney(record.amount, locale === 'en' ? 'en' : 'zh') };
  const id = String(record.id);
  return (
    <Stack direction="row" sx={{ gap: 1 }} data-testid="payment-status-buttons">
      {next.includes('APPROVED') && (
        <DecisionButton
          label="fupin.payment.approve"
          title={translate('fupin.payment.approveTitle', args)}
          ask="on"
          inputLabel="fupin.payment.approveOn"
          run={(on) => dp.approveSubsidyPayment(id, on)}
          done="fupin.payment.approved"
        />
      )}
      {next.includes('PAID') && (
        <DecisionButton
          label="fupin.payment.pay"
          title={translate('fupin.payment.payTitle', args)}
          ask="on"
          inputLabel="fupin.payment.payOn"
          color="success"
          run={(on) => dp.paySubsidyPayment(id, on)}
          done="fupin.payment.paid"
        />
      )}
      {next.includes('REJECTED') && (
        <DecisionButton
          label="fupin.payment.reject"
          title={translate('fupin.payment.rejectTitle', args)}
          ask="reason"
          inputLabel="fupin.payment.reason"
          color="error"
          run={(reason) => dp.rejectSubsidyPayment(id, reason)}
          done="fupin.payment.rejected"
        />
      )}
    </Stack>
  );
};
