import {
  Alert, Button as MuiButton, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useListContext, useNotify, useRefresh, useTranslate, type RaRecord } from 'react-admin';
import { formatDate } from '../format';

export interface BulkOutcome {
  id: RaRecord['id'];
  /** How the clerk recognises the row (the laborer's name and the period, say). */
  label: string;
  error?: string;
}

export interface BulkDecisionButtonProps {
  /** i18n key of the button and of the action in the summary. */
  label: string;
  /** What the dialog asks for: the day of the step, or the reason of a rejection. */
  ask: 'on' | 'reason';
  /** i18n key of that input's label. */
  inputLabel: string;
  /** One row's decision; a refusal throws with the hub's message. */
  run: (record: RaRecord, value: string) => Promise<unknown>;
  /** How a row is named in the list of failures. */
  describe: (record: RaRecord) => string;
  color?: 'primary' | 'success' | 'error' | 'warning';
  icon?: ReactNode;
}

/**
 * A decision (approve, pay, reject) on the ticked rows that are on the screen, one after another: each
 * row is its own request (its own transaction against its own budget), so one refusal does not stop
 * the others. The dialog then says how many succeeded and lists the others with the hub's reason; the
 * list reloads so every row shows its new status, and the selection is cleared.
 * Rows ticked but no longer shown (the filter changed) are never acted on.
 */
export const BulkDecisionButton = ({ label, ask, inputLabel, run, describe, color = 'primary', icon }: BulkDecisionButtonProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const { selectedIds, data = [], onUnselectItems } = useListContext();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; count: number } | null>(null);
  const [outcomes, setOutcomes] = useState<BulkOutcome[] | null>(null);

  // Only what the clerk sees: a ticked row the filter has since hidden is not acted on.
  const visible = data.filter((r) => selectedIds.includes(r.id));
  const action = translate(label);

  const start = () => {
    setValue(ask === 'on' ? formatDate(new Date()) : '');
    setError(null);
    setOutcomes(null);
    setProgress(null);
    setOpen(true);
  };
  const confirm = async () => {
    if (!value.trim()) {
      setError(translate('ra.validation.required'));
      return;
    }
    const results: BulkOutcome[] = [];
    setProgress({ done: 0, count: visible.length });
    for (const [i, record] of visible.entries()) {
      try {
        await run(record, value.trim());
        results.push({ id: record.id, label: describe(record) });
      } catch (e) {
        const err = e as { message?: string; body?: { errors?: Record<string, string> } };
        results.push({ id: record.id, label: describe(record), error: err.body?.errors?.[ask] ?? err.message ?? translate('ra.notification.http_error') });
      }
      setProgress({ done: i + 1, count: visible.length });
    }
    setProgress(null);
    setOutcomes(results);
    const ok = results.filter((r) => !r.error).length;
    notify(ok === results.length ? 'fupin.bulk.allDone' : 'fupin.bulk.summary', {
      type: ok === results.length ? 'success' : 'warning',
      messageArgs: { action, ok, failed: results.length - ok },
    });
  };

  const failed = outcomes?.filter((o) => o.error) ?? [];
  const okCount = (outcomes?.length ?? 0) - failed.length;
  // The list is refreshed (and the selection cleared) when the summary is closed, not before: rows that
  // leave the filter would otherwise empty the list and unmount this dialog with its summary.
  const close = () => {
    if (progress) return;
    setOpen(false);
    if (outcomes) {
      onUnselectItems();
      refresh();
    }
  };

  return (
    <>
      <MuiButton size="small" color={color} startIcon={icon} onClick={start} disabled={visible.length === 0} data-testid={`bulk-${label.split('.').pop()}`}>
        {action}
      </MuiButton>
      <Dialog open={open} onClose={close} maxWidth="md" fullWidth data-testid="bulk-dialog">
        <DialogTitle>{translate('fupin.bulk.title', { action, count: visible.length })}</DialogTitle>
        <DialogContent>
          {!outcomes && (
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
              disabled={!!progress}
              onChange={(e) => (setValue(e.target.value), setError(null))}
              error={!!error}
              helperText={error ?? ' '}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { maxLength: ask === 'reason' ? 200 : undefined } }}
            />
          )}
          {progress && (
            <>
              <Typography variant="body2">{translate('fupin.bulk.running', progress)}</Typography>
              <LinearProgress variant="determinate" value={(progress.done / Math.max(1, progress.count)) * 100} sx={{ mt: 1 }} />
            </>
          )}
          {outcomes && (
            <>
              <Alert severity={failed.length ? 'warning' : 'success'} data-testid="bulk-summary">
                {failed.length
                  ? translate('fupin.bulk.summary', { action, ok: okCount, failed: failed.length })
                  : translate('fupin.bulk.allDone', { action, ok: okCount })}
              </Alert>
              {failed.length > 0 && (
                <>
                  <Typography variant="subtitle2" sx={{ mt: 2 }}>
                    {translate('fupin.bulk.failedTitle')}
                  </Typography>
                  <Table size="small" data-testid="bulk-failures">
                    <TableHead>
                      <TableRow>
                        <TableCell>{translate('fupin.bulk.who')}</TableCell>
                        <TableCell>{translate('fupin.bulk.why')}</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {failed.map((f) => (
                        <TableRow key={String(f.id)}>
                          <TableCell sx={{ whiteSpace: 'nowrap' }}>{f.label}</TableCell>
                          <TableCell>{f.error}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {outcomes ? (
            <MuiButton onClick={close} variant="contained" data-testid="bulk-close">
              {translate('fupin.bulk.close')}
            </MuiButton>
          ) : (
            <>
              <MuiButton onClick={close} disabled={!!progress}>
                {translate('ra.action.cancel')}
              </MuiButton>
              <MuiButton onClick={confirm} disabled={!!progress} variant="contained" color={color} data-testid="bulk-confirm">
                {translate('ra.action.confirm')}
              </MuiButton>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
};
