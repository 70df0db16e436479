import HistoryIcon from '@mui/icons-material/History';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import type { HubDataProvider } from '../dataProvider';
import { formatDateTime } from '../format';
import type { AuditEntry } from '../hubMethods';
import { messages } from '../i18n';
import * as vocab from '@fupin/schema';
import { useAccess } from './access';

// The audit keeps stored values: enum codes (OPERATOR, TRANSFER, PER_PERSON) and field names. A clerk reads
// them in words: each code by the label of a shared vocabulary that has it, each field by a resource's label.
const VOCABULARIES_OF = new Map<string, string[]>();
for (const [name, v] of Object.entries(vocab)) {
  if (!v || typeof v !== 'object' || !('values' in v) || !('labels' in v)) continue;
  for (const x of (v as { values: readonly string[] }).values) VOCABULARIES_OF.set(x, [...(VOCABULARIES_OF.get(x) ?? []), name]);
}
const RESOURCE_FIELDS = (messages['zh-CN'] as { resources?: Record<string, { fields?: Record<string, unknown> }> }).resources ?? {};
const SECRET = /password|hash|token/i;

/** The vocabulary a field's code belongs to: the one named like the field (role → UserRole), else the first. */
function vocabularyOf(field: string, code: string): string | undefined {
  const names = VOCABULARIES_OF.get(code);
  const f = field.toLowerCase();
  return names?.find((n) => n.toLowerCase().includes(f) || f.includes(n.toLowerCase())) ?? names?.[0];
}

/** A changed value as a clerk reads it: empty as —, yes/no, codes by their label, objects (a reference) by their id. */
function show(v: unknown, field: string, translate: (key: string, opts?: object) => string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (SECRET.test(field)) return translate('fupin.audit.passwordChanged');
  if (typeof v === 'boolean') return translate(v ? 'ra.boolean.true' : 'ra.boolean.false');
  if (typeof v === 'object') return JSON.stringify(v);
  const name = typeof v === 'string' ? vocabularyOf(field, v) : undefined;
  return name ? translate(`fupin.enum.${name}.${v}`, { _: String(v) }) : String(v);
}

/** A field's label: the entity's own, else its reference's (xId), else any resource's label of that name. */
function fieldLabel(entity: string, k: string, translate: (key: string, opts?: object) => string): string {
  if (SECRET.test(k)) return translate('fupin.audit.password');
  const other = Object.keys(RESOURCE_FIELDS).find((r) => RESOURCE_FIELDS[r].fields && k in RESOURCE_FIELDS[r].fields!);
  return translate(`resources.${entity}.fields.${k}`, { _: translate(`resources.${entity}.fields.${k}Id`, { _: other ? translate(`resources.${other}.fields.${k}`) : k }) });
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
              {fieldLabel(entity, k, translate)}
            </TableCell>
            <TableCell>{entry.before && k in entry.before ? show(entry.before[k], k, translate) : ''}</TableCell>
            <TableCell>{entry.before && entry.after && k in entry.after ? '→' : ''}</TableCell>
            <TableCell>{entry.after && k in entry.after ? show(entry.after[k], k, translate) : ''}</TableCell>
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
