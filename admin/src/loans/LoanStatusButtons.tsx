import { LOAN_TRANSITIONS, type LoanStatus } from '@fupin/schema';
import { Stack } from '@mui/material';
import { useDataProvider, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { useAccess } from '../common/access';
import { DecisionButton } from '../common/DecisionButton';
import type { HubDataProvider } from '../dataProvider';
import { formatMoney } from '../format';

const COLORS: Record<LoanStatus, 'primary' | 'success' | 'error' | 'warning'> = { APPLIED: 'primary', APPROVED: 'primary', DISBURSED: 'success', REPAID: 'success', DEFAULTED: 'error' };

/** The next steps of the loan (LOAN_TRANSITIONS), each a dated decision through `changeLoanStatus`. */
export const LoanStatusButtons = () => {
  const record = useRecordContext<{ id: string; status: LoanStatus; amount: number; laborer?: { name: string } }>();
  const dp = useDataProvider<HubDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { canWrite } = useAccess();
  if (!record || !canWrite('GuaranteedLoan')) return null;
  const amount = formatMoney(record.amount, locale === 'en' ? 'en' : 'zh');
  return (
    <Stack direction="row" sx={{ gap: 1 }} data-testid="loan-status-buttons">
      {LOAN_TRANSITIONS[record.status].map((to) => {
        const action = translate(`fupin.loan.action.${to}`);
        return (
          <DecisionButton
            key={to}
            label={`fupin.loan.action.${to}`}
            title={translate('fupin.loan.confirm', { action, laborer: record.laborer?.name ?? '', amount })}
            ask="on"
            inputLabel="fupin.loan.on"
            color={COLORS[to]}
            run={(on) => dp.changeLoanStatus(String(record.id), to, on)}
            done="fupin.loan.done"
            doneArgs={{ status: translate(`fupin.enum.LoanStatus.${to}`) }}
          />
        );
      })}
    </Stack>
  );
};
