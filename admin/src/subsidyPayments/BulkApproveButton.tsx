import { useDataProvider, useListContext, useTranslate } from 'react-admin';
import { useAccess } from '../common/access';
import { DecisionButton } from '../common/DecisionButton';
import type { HubDataProvider } from '../dataProvider';

/**
 * Approves the ticked applications on one day, one after another (each against its county's budget, in
 * the order ticked); the first refusal stops the run and says why, the ones before it stay approved.
 */
export const BulkApproveButton = () => {
  const { selectedIds, onUnselectItems } = useListContext();
  const dp = useDataProvider<HubDataProvider>();
  const translate = useTranslate();
  const { canWrite } = useAccess();
  if (!canWrite('SubsidyPayment')) return null;
  return (
    <DecisionButton
      label="fupin.payment.bulkApprove"
      title={translate('fupin.payment.bulkApprove')}
      ask="on"
      inputLabel="fupin.payment.approveOn"
      run={async (on) => {
        for (const id of selectedIds) await dp.approveSubsidyPayment(String(id), on);
        onUnselectItems();
      }}
      done="fupin.payment.bulkDone"
      doneArgs={{ count: selectedIds.length }}
    />
  );
};
