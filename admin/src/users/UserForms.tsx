import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import LockResetIcon from '@mui/icons-material/LockReset';
import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField as MuiTextField } from '@mui/material';
import { useState } from 'react';
import {
  BooleanInput, Button, Create, Edit, FormDataConsumer, PasswordInput, SelectInput, SimpleForm, TextInput, TopToolbar, maxLength, minLength, required, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate, useUpdate,
} from 'react-admin';
import { RecordHistoryButton } from '../common/RecordHistory';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
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

/**
 * Resets a user's password; the user's sessions end. The new password is typed twice into hidden password
 * fields (never a visible text box: the administrator may not be alone at the screen), checked for length
 * and agreement before anything is sent; the hub's own refusal shows under the field.
 */
const ResetPassword = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const dp = useDataProvider<HubDataProvider>();
  const [open, setOpen] = useState(false);
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!record) return null;
  const tooShort = next !== '' && next.length < 10;
  const mismatch = repeat !== '' && repeat !== next;
  const ok = next.length >= 10 && next.length <= 128 && next === repeat;
  const close = () => {
    setOpen(false);
    setNext('');
    setRepeat('');
    setError(null);
  };
  const submit = async () => {
    if (!ok || pending) return;
    setPending(true);
    try {
      await dp.setPassword(String(record.id), next);
      notify('fupin.users.resetDone', { type: 'success' });
      close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button label="fupin.users.resetPassword" onClick={() => setOpen(true)} data-testid="reset-password">
        <LockResetIcon />
      </Button>
      <Dialog open={open} onClose={close} maxWidth="xs" fullWidth>
        <DialogTitle>{translate('fupin.users.resetTitle', { name: record.displayName })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <MuiTextField
              type="password"
              label={translate('fupin.users.newPassword')}
              value={next}
              onChange={(e) => setNext(e.target.value)}
              error={tooShort || !!error}
              helperText={tooShort ? translate('fupin.password.tooShort') : error}
              autoFocus
              slotProps={{ htmlInput: { autoComplete: 'new-password', maxLength: 128, 'data-testid': 'reset-new' } }}
            />
            <MuiTextField
              type="password"
              label={translate('fupin.password.repeat')}
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              error={mismatch}
              helperText={mismatch ? translate('fupin.password.mismatch') : undefined}
              onKeyDown={(e) => e.key === 'Enter' && submit()}
              slotProps={{ htmlInput: { autoComplete: 'new-password', maxLength: 128, 'data-testid': 'reset-repeat' } }}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={close}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton variant="contained" disabled={!ok || pending} onClick={submit} data-testid="reset-confirm">
            {translate('fupin.users.resetPassword')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};

/** 停用 / 启用 in one click (the form's 可以登录 switch does the same): a deactivated user's sessions end. */
const ToggleActive = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const [update, { isPending }] = useUpdate();
  if (!record) return null;
  const active = !!record.active;
  return (
    <Button
      label={active ? 'fupin.users.deactivate' : 'fupin.users.activate'}
      color={active ? 'error' : 'primary'}
      disabled={isPending}
      data-testid={active ? 'user-deactivate' : 'user-activate'}
      onClick={() =>
        update(
          'User',
          { id: record.id, data: { active: !active }, previousData: record },
          {
            mutationMode: 'pessimistic',
            onSuccess: () => {
              notify(active ? 'fupin.users.deactivated' : 'fupin.users.activated', { type: 'success' });
              refresh();
            },
            onError: (e) => notify((e as Error).message, { type: 'error' }),
          },
        )
      }
    >
      {active ? <BlockIcon /> : <CheckCircleIcon />}
    </Button>
  );
};

const EditActions = () => (
  <TopToolbar>
    <RecordHistoryButton entity="User" />
    <ResetPassword />
    <ToggleActive />
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
