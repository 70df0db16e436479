import { FormDataConsumer, NumberInput, SelectInput, SimpleForm, TextInput, maxLength, required, type Validator } from 'react-admin';
import { DateInput } from '../common/fields';
import { choicesOf } from '../common/choices';
import { notBefore } from '../common/validators';

/** Yuan above zero; for INTEREST_SHARE a share above 0 and at most 1 (the API's rule). */
const amountRule: Validator = (value, values) => {
  if (value == null || value === '') return undefined;
  const n = Number(value);
  if (values?.amountRule === 'INTEREST_SHARE') return n > 0 && n <= 1 ? undefined : { message: 'ra.validation.maxValue', args: { max: 1 } };
  return n > 0 ? undefined : { message: 'ra.validation.minValue', args: { min: 0.01 } };
};

export const PolicyForm = () => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ programKind: 'TRAINING', subsidyKind: 'TRAINING', amountRule: 'PER_PERSON' }}>
    <TextInput source="name" validate={[required(), maxLength(100)]} fullWidth />
    <SelectInput source="programKind" choices={choicesOf('ProgramKind')} validate={required()} />
    <SelectInput source="subsidyKind" choices={choicesOf('SubsidyKind')} validate={required()} />
    <SelectInput source="amountRule" choices={choicesOf('AmountRule')} validate={required()} />
    <FormDataConsumer<{ amountRule?: string }>>
      {({ formData }) => (
        <NumberInput source="amount" validate={[required(), amountRule]} helperText={formData.amountRule === 'INTEREST_SHARE' ? 'fupin.programme.percent' : undefined} />
      )}
    </FormDataConsumer>
    <DateInput source="validFrom" validate={required()} />
    <DateInput source="validTo" validate={notBefore('validFrom')} />
    <TextInput source="description" multiline fullWidth validate={maxLength(1000)} />
  </SimpleForm>
);
