import { FormDataConsumer, NumberInput, ReferenceInput, SelectInput, SimpleForm, TextInput, maxLength, maxValue, minValue, required } from 'react-admin';
import { DateInput } from '../common/fields';
import { choicesOf } from '../common/choices';
import { LaborerInput } from '../common/list';

/**
 * An application; its later steps (approval, disbursement, repayment) are the buttons on the loan's page.
 * The enterprise or 圆梦 schooling it finances is one of the borrower's own records.
 */
export const GuaranteedLoanForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ purpose: 'PLANTING_BREEDING', termMonths: 24, annualRate: 0.0435, interestSubsidyRate: 1 }}>
    <LaborerInput source="laborerId" validate={required()} />
    <SelectInput source="purpose" choices={choicesOf('Sector')} validate={required()} />
    <TextInput source="bank" validate={[required(), maxLength(100)]} fullWidth />
    <NumberInput source="amount" min={0} validate={[required(), minValue(1)]} />
    <NumberInput source="termMonths" min={1} max={360} validate={[required(), minValue(1), maxValue(360)]} />
    <NumberInput source="annualRate" step={0.0001} validate={[required(), minValue(0), maxValue(1)]} helperText="fupin.programme.percent" />
    <NumberInput source="interestSubsidyRate" step={0.05} validate={[minValue(0), maxValue(1)]} helperText="fupin.programme.percent" />
    <DateInput source="appliedOn" validate={required()} />
    <FormDataConsumer<{ laborerId?: string }>>
      {({ formData }) =>
        formData.laborerId && (
          <>
            <ReferenceInput source="enterpriseId" reference="Enterprise" filter={{ laborerId: formData.laborerId }}>
              <SelectInput optionText="name" sx={{ minWidth: 300 }} />
            </ReferenceInput>
            <ReferenceInput source="dreamSchoolingId" reference="DreamSchooling" filter={{ laborerId: formData.laborerId }}>
              <SelectInput optionText={(r: { school: string; major: string }) => `${r.school} ${r.major}`} sx={{ minWidth: 300 }} />
            </ReferenceInput>
          </>
        )
      }
    </FormDataConsumer>
  </SimpleForm>
);
