import HistoryIcon from '@mui/icons-material/History';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import type { HubDataProvider } from '../dataProvider';
import { formatDateTime } from '../format';
import type { AuditEntry } from '../hubMethods';
import { useAccess } from './access';

/** A changed value as a clerk reads it: empty as —, objects (a reference) by their id. */
function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Field by field: name, before, after (a create has only after, a delete only before). */
export const AuditChanges = ({ entry, entity }: { entry: AuditEntry; entity: string }) => {
  const translate = useTranslate();
  const keys = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])].filter((k) => !['updatedAt', 'createdAt'].includes(k));
  if (keys.length === 0) return <>—</>;
  return (
    <Table size="small" sx={{ '& td, & th': { border: 0, py: 0.25, px: 0.5 } }}>
      <TableBody>
        {keys.map((k) => (
          <TableRow key={k}>
            <TableCell component="th" sx={{ whiteSpace: 'nowrap', color: 'text.secondary' }}>
              {translate(`resources.${entity}.fields.${k}`, { _: translate(`resources.${entity}.fields.${k}Id`, { _: k }) })}
            </TableCell>
            <TableCell>{entry.before && k in entry.before ? show(entry.before[k]) : ''}</TableCell>
            <TableCell>{entry.before && entry.after && k in entry.after ? '→' : ''}</TableCell>
            <TableCell>{entry.after && k in entry.after ? show(entry.after[k]) : ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/**
 * 操作日志 of the record on the page: who changed what and when (in the viewer's local time), oldest
 * first. For administrators and operators (the API's auditTrail; operators see their region's records).
 */
export const RecordHistoryButton = ({ entity, record: given }: { entity: string; record?: RaRecord }) => {
  const fromContext = useRecordContext();
  const record = given ?? fromContext;
  const translate = useTranslate();
  const { role } = useAccess();
  const dp = useDataProvider<HubDataProvider>();
  const [open, setOpen] = useState(false);
  const trail = useQuery({
    queryKey: ['hub', 'auditTrail', entity, record?.id],
    queryFn: () => dp.auditTrail(entity, String(record!.id)).then((r) => r.data),
    enabled: open && record?.id != null,
  });
  if (!record || (role !== 'CITY_ADMIN' && role !== 'OPERATOR')) return null;
  return (
    <>
      <Button size="small" startIcon={<HistoryIcon />} onClick={() => setOpen(true)} data-testid="record-history-button">
        {translate('fupin.audit.history')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="md" fullWidth data-testid="record-history">
        <DialogTitle>{translate('fupin.audit.history')}</DialogTitle>
        <DialogContent>
          {trail.data && trail.data.length === 0 && <Typography color="text.secondary">{translate('fupin.audit.empty')}</Typography>}
          {trail.error && <Typography color="error">{(trail.error as Error).message}</Typography>}
          {trail.data && trail.data.length > 0 && (
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('resources.AuditLog.fields.at')}</TableCell>
                  <TableCell>{translate('resources.AuditLog.fields.username')}</TableCell>
                  <TableCell>{translate('resources.AuditLog.fields.action')}</TableCell>
                  <TableCell>{translate('resources.AuditLog.fields.changes')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {trail.data.map((e) => (
                  <TableRow key={e.id} data-testid="history-entry">
                    <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{formatDateTime(e.at)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{e.username || translate('fupin.audit.system')}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{translate(`fupin.enum.AuditAction.${e.action}`, { _: e.action })}</TableCell>
                    <TableCell>
                      <AuditChanges entry={e} entity={entity} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('fupin.bulk.close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
