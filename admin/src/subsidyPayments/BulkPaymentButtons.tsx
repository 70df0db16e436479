import type { RaRecord } from 'react-admin';
import { useDataProvider } from 'react-admin';
import { useAccess } from '../common/access';
import { BulkDecisionButton } from '../common/BulkDecisionButton';
import type { HubDataProvider } from '../dataProvider';

const describe = (r: RaRecord) => [r.laborer?.name, r.policy?.name, r.period].filter(Boolean).join(' · ');

/**
 * Approve, pay or reject the ticked payments on one day (or with one reason). Each is its own decision
 * against its own county's budget: the summary says how many went through and why the others did not.
 */
export const BulkPaymentButtons = () => {
  const dp = useDataProvider<HubDataProvider>();
  const { canWrite } = useAccess();
  if (!canWrite('SubsidyPayment')) return null;
  return (
    <>
      <BulkDecisionButton label="fupin.bulk.approve" ask="on" inputLabel="fupin.payment.approveOn" describe={describe} run={(r, on) => dp.approveSubsidyPayment(String(r.id), on)} />
      <BulkDecisionButton label="fupin.bulk.pay" ask="on" inputLabel="fupin.payment.payOn" color="success" describe={describe} run={(r, on) => dp.paySubsidyPayment(String(r.id), on)} />
      <BulkDecisionButton label="fupin.bulk.reject" ask="reason" inputLabel="fupin.payment.reason" color="error" describe={describe} run={(r, reason) => dp.rejectSubsidyPayment(String(r.id), reason)} />
    </>
  );
};
