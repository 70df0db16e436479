import { NumberInput, SimpleForm, maxValue, minValue, required } from 'react-admin';
import { CountyInput, PolicyInput } from '../common/list';

/** Policy, county and year make the budget; afterwards only its amount changes (never below what is approved). */
export const PolicyBudgetForm = ({ edit }: { edit?: boolean }) => (
  <SimpleForm sx={{ maxWidth: 760 }}>
    <PolicyInput source="policyId" validate={required()} disabled={edit} />
    {edit ? null : <CountyInput validate={required()} />}
    <NumberInput source="year" validate={[required(), minValue(2014), maxValue(2100)]} disabled={edit} />
    <NumberInput source="budget" min={0} validate={[required(), minValue(0)]} />
  </SimpleForm>
);
