import { regionLevelOf } from '@fupin/schema';
import { NumberInput, SelectInput, SimpleForm, TextInput, maxLength, minValue, required, type Validator } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';

/** A post belongs to a township (its own posts) or a village, as the API requires. */
const townshipOrVillage: Validator = (value) => {
  if (!value) return undefined;
  const level = regionLevelOf(String(value));
  return level === 'TOWNSHIP' || level === 'VILLAGE' ? undefined : 'fupin.programme.townshipOrVillage';
};

// FILLED follows from an active placement: the clerk opens or closes a post, never fills it by hand
// (shown, but not choosable, on a post that is filled).
const statusChoices = choicesOf('WelfarePostStatus').map((c) => ({ ...c, disabled: c.id === 'FILLED' }));

export const WelfarePostForm = ({ edit }: { edit?: boolean }) => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ status: 'OPEN', category: 'CARE' }}>
    <RegionPicker source="regionId" validate={[required(), townshipOrVillage]} />
    <TextInput source="title" validate={[required(), maxLength(100)]} fullWidth />
    <SelectInput source="category" choices={choicesOf('WelfarePostCategory')} validate={required()} />
    <NumberInput source="monthlyPay" min={0} validate={[required(), minValue(0.01)]} />
    <SelectInput source="status" choices={statusChoices} helperText={edit ? 'fupin.programme.statusDerived' : false} />
  </SimpleForm>
);

/** A FILLED post keeps its status by sending none (the API derives it). */
export const withoutDerivedStatus = <T extends { status?: string }>(data: T): T => (data.status === 'FILLED' ? { ...data, status: undefined } : data);
