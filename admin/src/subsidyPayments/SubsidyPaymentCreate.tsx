import { Typography } from '@mui/material';
import { Create, FormDataConsumer, NumberInput, ReferenceInput, SelectInput, SimpleForm, TextInput, required, useGetOne, useLocaleState, useTranslate, type Validator } from 'react-admin';
import { DateInput } from '../common/fields';
import { useWatch } from 'react-hook-form';
import { LaborerInput, PolicyInput } from '../common/list';
import { PERIOD_PATTERNS } from '../common/validators';
import { formatDate, formatMoney, formatYuan } from '../format';

interface PolicyRow {
  id: string;
  programKind: string;
  amountRule: string;
  amount: number;
}

/** Each programme's record of the laborer a payment pays for, and how the clerk recognises it. */
export const RECORD_SOURCES: Record<string, { reference: string; text: (r: Record<string, any>) => string }> = {
  TRAINING: { reference: 'Enrollment', text: (r) => `${r.trainingClass?.title ?? ''}（${r.enrolledOn}）` },
  WELFARE_POST: { reference: 'WelfarePlacement', text: (r) => `${r.post?.title ?? ''}（${r.startDate}）` },
  LOAN: { reference: 'GuaranteedLoan', text: (r) => `${r.bank} ${formatYuan(r.amount)}元（${r.appliedOn}）` },
  DREAM_SCHOOLING: { reference: 'DreamSchooling', text: (r) => `${r.school} ${r.major}（${r.intakeYear}）` },
  ENTERPRISE: { reference: 'Enterprise', text: (r) => `${r.name}（${r.startedOn}）` },
  EMPLOYMENT: { reference: 'Employment', text: (r) => `${r.employer}（${r.startDate}）` },
};

const usePolicy = () => {
  const policyId = useWatch({ name: 'policyId' }) as string | undefined;
  const { data } = useGetOne<PolicyRow>('Policy', { id: policyId! }, { enabled: !!policyId });
  return policyId ? data : undefined;
};

/** The period's shape follows the policy's amount rule (the API's rule, checked as the clerk types). */
const periodRule =
  (rule?: string): Validator =>
  (value) =>
    value && rule && PERIOD_PATTERNS[rule] && !PERIOD_PATTERNS[rule].test(String(value).trim()) ? 'fupin.programme.invalidPeriod' : undefined;

/** At most the policy's amount (INTEREST_SHARE: the server computes the ceiling from the loan). */
const amountRule =
  (policy?: PolicyRow): Validator =>
  (value) =>
    value != null && policy && policy.amountRule !== 'INTEREST_SHARE' && Number(value) > policy.amount ? { message: 'ra.validation.maxValue', args: { max: policy.amount } } : undefined;

const PolicyDependent = () => {
  const policy = usePolicy();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const laborerId = useWatch({ name: 'laborerId' }) as string | undefined;
  const source = policy ? RECORD_SOURCES[policy.programKind] : undefined;
  return (
    <>
      <LaborerInput source="laborerId" validate={required()} />
      {source && laborerId ? (
        <ReferenceInput source="recordId" reference={source.reference} filter={{ laborerId }} perPage={100}>
          <SelectInput optionText={source.text} validate={required()} sx={{ minWidth: 360 }} label="resources.SubsidyPayment.fields.recordId" />
        </ReferenceInput>
      ) : (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('fupin.programme.chooseLaborerFirst')}
        </Typography>
      )}
      <TextInput source="period" validate={[required(), periodRule(policy?.amountRule)]} helperText={policy ? `fupin.programme.period.${policy.amountRule}` : false} />
      <NumberInput
        source="amount"
        min={0}
        validate={[required(), amountRule(policy)]}
        helperText={policy && policy.amountRule !== 'INTEREST_SHARE' ? translate('fupin.programme.amountAtMost', { amount: formatMoney(policy.amount, locale === 'en' ? 'en' : 'zh') }) : false}
      />
    </>
  );
};

/**
 * An application for a subsidy: a policy, the laborer and their record of the policy's programme, the
 * period and the amount. Approval and payment are the buttons on the payment's page.
 */
export const SubsidyPaymentCreate = () => (
  <Create redirect="show">
    <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ appliedOn: formatDate(new Date()) }}>
      <FormDataConsumer<{ programKind?: string }>>
        {({ formData }) => <PolicyInput source="policyId" validate={required()} filter={formData.programKind ? { programKind: formData.programKind } : undefined} />}
      </FormDataConsumer>
      <PolicyDependent />
      <DateInput source="appliedOn" validate={required()} />
    </SimpleForm>
  </Create>
);
