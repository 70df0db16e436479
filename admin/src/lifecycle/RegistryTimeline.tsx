import { Card, CardContent, Chip, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatDate } from '../format';
import { useLifecycle } from './useLifecycle';

const COLOR: Record<string, 'default' | 'primary' | 'success' | 'warning' | 'error' | 'info'> = {
  REGISTERED: 'primary',
  EXITED: 'success',
  RETURNED: 'warning',
  MOVED: 'info',
  LEFT: 'default',
  CANCELLED: 'error',
};

/**
 * The registry events of a household (with its laborers') or a laborer, oldest first (怎么进、怎么出):
 * kind, day, reason, evidence, who recorded it and when. Append-only: a correction is its own entry.
 */
export const RegistryTimeline = ({ subject }: { subject: 'Household' | 'Laborer' }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const lc = useLifecycle();
  const { data } = useQuery({ queryKey: ['hub', 'registryEvents', subject, record?.id], queryFn: () => lc.registryEvents(subject, String(record!.id)), enabled: !!record?.id });
  if (!record) return null;
  return (
    <Card variant="outlined" data-testid="registry-timeline">
      <CardContent>
        <Typography variant="h6">{translate('fupin.lifecycle.timeline')}</Typography>
        <List dense>
          {(data ?? []).map((e) => (
            <ListItem key={e.id} disableGutters data-testid={`event-${e.kind}`}>
              <ListItemText
                primary={
                  <>
                    <Chip size="small" color={COLOR[e.kind]} label={translate(`fupin.enum.RegistryEventKind.${e.kind}`)} sx={{ mr: 1 }} />
                    {formatDate(e.occurredOn)}
                    {subject === 'Household' && e.laborerId ? `（${translate('fupin.lifecycle.laborerEvent', { id: e.laborerId })}）` : ''}
                    {e.exitYear ? ` ${translate('fupin.lifecycle.exitYear', { year: e.exitYear })}` : ''}
                  </>
                }
                secondary={[
                  e.leaveReason && translate(`fupin.enum.LeaveReason.${e.leaveReason}`),
                  e.reason,
                  e.evidence && `${translate('fupin.lifecycle.evidence')}：${e.evidence}`,
                  translate('fupin.lifecycle.recordedBy', { name: e.recordedByName, at: formatDate(e.recordedAt) }),
                ]
                  .filter(Boolean)
                  .join('；')}
              />
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  );
};
