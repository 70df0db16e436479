import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { formatDate } from '../format';

export interface DecisionButtonProps {
  /** i18n key of the button. */
  label: string;
  /** The dialog's title, already translated. */
  title: string;
  /** What the dialog asks for: the day of the step, or the reason of a rejection. */
  ask: 'on' | 'reason';
  /** i18n key of that input's label. */
  inputLabel: string;
  run: (value: string) => Promise<unknown>;
  /** i18n key of the notification after success. */
  done: string;
  doneArgs?: Record<string, unknown>;
  color?: 'primary' | 'success' | 'error' | 'warning';
  icon?: ReactNode;
  disabled?: boolean;
}

/**
 * A status decision (approve, pay, reject, disburse...) as an explicit button with a dialog: the day of
 * the step (today unless the clerk records an earlier one) or the reason. The hub's refusal comes back in
 * the screen's language: next to the input when it names it (a day before the previous step), else as a
 * notification (an illegal step, the county's budget exhausted).
 */
export const DecisionButton = ({ label, title, ask, inputLabel, run, done, doneArgs, color = 'primary', icon, disabled }: DecisionButtonProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const start = () => {
    setValue(ask === 'on' ? formatDate(new Date()) : '');
    setError(null);
    setOpen(true);
  };
  const confirm = async () => {
    if (!value.trim()) {
      setError(translate('ra.validation.required'));
      return;
    }
    setPending(true);
    try {
      await run(value.trim());
      setOpen(false);
      notify(done, { type: 'success', messageArgs: doneArgs });
      refresh();
    } catch (e) {
      const err = e as { message?: string; body?: { errors?: Record<string, string> } };
      const onField = err.body?.errors?.[ask];
      if (onField) setError(onField);
      else notify(err.message ?? 'ra.notification.http_error', { type: 'error' });
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <MuiButton size="small" color={color} startIcon={icon} onClick={(e) => (e.stopPropagation(), start())} disabled={disabled} data-testid={`decision-${label.split('.').pop()}`}>
        {translate(label)}
      </MuiButton>
      <Dialog open={open} onClose={() => !pending && setOpen(false)} onClick={(e) => e.stopPropagation()} maxWidth="sm" fullWidth>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            name={ask}
            type="text"
            placeholder={ask === 'on' ? 'yyyy-mm-dd' : undefined}
            multiline={ask === 'reason'}
            minRows={ask === 'reason' ? 2 : undefined}
            label={translate(inputLabel)}
            value={value}
            onChange={(e) => (setValue(e.target.value), setError(null))}
            error={!!error}
            helperText={error ?? ' '}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { maxLength: ask === 'reason' ? 200 : undefined } }}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)} disabled={pending}>
            {translate('ra.action.cancel')}
          </MuiButton>
          <MuiButton onClick={confirm} disabled={pending} variant="contained" color={color} data-testid="decision-confirm">
            {translate('ra.action.confirm')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};
