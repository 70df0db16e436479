import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Title, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { HubDataProvider } from '../dataProvider';

/** 修改密码: the signed-in user's own password (current one checked by the hub; other sessions end). */
export const PasswordPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const dp = useDataProvider<HubDataProvider>();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < 10) return setError(translate('fupin.password.tooShort'));
    if (next !== repeat) return setError(translate('fupin.password.mismatch'));
    setPending(true);
    setError(null);
    try {
      await dp.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      notify('fupin.password.done', { type: 'success' });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <Box sx={{ mt: 2, maxWidth: 520 }}>
      <Title title={translate('fupin.password.title')} />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" gutterBottom>
            {translate('fupin.password.title')}
          </Typography>
          <Stack component="form" onSubmit={submit} sx={{ gap: 2 }} data-testid="password-form">
            <TextField autoFocus type="password" name="currentPassword" label={translate('fupin.password.current')} value={current} onChange={(e) => setCurrent(e.target.value)} required autoComplete="current-password" />
            <TextField type="password" name="newPassword" label={translate('fupin.password.next')} value={next} onChange={(e) => setNext(e.target.value)} required autoComplete="new-password" />
            <TextField type="password" name="repeatPassword" label={translate('fupin.password.repeat')} value={repeat} onChange={(e) => setRepeat(e.target.value)} required autoComplete="new-password" />
            {error && <Alert severity="error">{error}</Alert>}
            <Button type="submit" variant="contained" disabled={pending}>
              {translate('fupin.password.save')}
            </Button>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
};
