import LockResetIcon from '@mui/icons-material/LockReset';
import { BooleanInput, Create, Edit, FormDataConsumer, PasswordInput, SelectInput, SimpleForm, TextInput, TopToolbar, maxLength, minLength, required, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { RecordHistoryButton } from '../common/RecordHistory';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { DecisionButton } from '../common/DecisionButton';
import type { HubDataProvider } from '../dataProvider';

const usernameRules = [required(), minLength(3), maxLength(32)];
const passwordRules = [required(), minLength(10), maxLength(128)];

/** Operators work in one county or township; administrators see the whole city (no region). */
const Scope = () => (
  <FormDataConsumer<{ role?: string }>>
    {({ formData }) =>
      formData.role && formData.role !== 'CITY_ADMIN' ? (
        <RegionPicker source="scopeRegionCode" label="resources.User.fields.scopeRegionCode" validate={formData.role === 'OPERATOR' ? required() : undefined} />
      ) : null
    }
  </FormDataConsumer>
);

/** A new operator, analyst or viewer, with a first password the administrator hands over. */
export const UserCreate = () => (
  <Create redirect="list" transform={(d: Record<string, unknown>) => (d.role === 'CITY_ADMIN' ? { ...d, scopeRegionCode: null } : d)}>
    <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ role: 'OPERATOR', active: true }}>
      <TextInput source="username" validate={usernameRules} autoComplete="off" />
      <TextInput source="displayName" validate={[required(), maxLength(50)]} />
      <SelectInput source="role" choices={choicesOf('UserRole')} validate={required()} />
      <Scope />
      <PasswordInput source="password" validate={passwordRules} autoComplete="new-password" />
      <BooleanInput source="active" />
    </SimpleForm>
  </Create>
);

/** Resets a user's password; the user's sessions end. */
const ResetPassword = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const dp = useDataProvider<HubDataProvider>();
  if (!record) return null;
  return (
    <DecisionButton
      label="fupin.users.resetPassword"
      title={translate('fupin.users.resetTitle', { name: record.displayName })}
      ask="reason"
      inputLabel="fupin.users.newPassword"
      icon={<LockResetIcon />}
      run={(password) => dp.setPassword(String(record.id), password)}
      done="fupin.users.resetDone"
    />
  );
};

const EditActions = () => (
  <TopToolbar>
    <RecordHistoryButton entity="User" />
    <ResetPassword />
  </TopToolbar>
);

/** Name, role, region and whether the user may sign in (untick to deactivate: their sessions end). */
export const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" actions={<EditActions />} transform={(d: Record<string, unknown>) => (d.role === 'CITY_ADMIN' ? { ...d, scopeRegionCode: null } : d)}>
    <SimpleForm sx={{ maxWidth: 760 }}>
      <TextInput source="username" disabled />
      <TextInput source="displayName" validate={[required(), maxLength(50)]} />
      <SelectInput source="role" choices={choicesOf('UserRole')} validate={required()} />
      <Scope />
      <BooleanInput source="active" />
    </SimpleForm>
  </Edit>
);
