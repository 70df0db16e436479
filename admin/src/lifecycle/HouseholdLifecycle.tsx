import { Box, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useGetList, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useAccess } from '../common/access';
import { choicesOf } from '../common/choices';
import { DayTextField, isDay } from '../common/fields';
import { formatDate } from '../format';
import { scopeLevel, useLifecycle } from './useLifecycle';

/**
 * A dialog's action: open state, and a submit that runs the call, closes the dialog, says it is done and
 * reloads what the hub answered (lifecycle cards and the record); a refusal is shown as the hub worded it.
 */
function useDialogAction(done: string) {
  const notify = useNotify();
  const refresh = useRefresh();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const run = async (call: () => Promise<unknown>) => {
    try {
      await call();
      setOpen(false);
      notify(done, { type: 'success' });
      await qc.invalidateQueries({ queryKey: ['hub'] });
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return { open, setOpen, run };
}

/** 村申请: the village clerk proposes the household for exit with the facts the office checks. */
const ProposeExitButton = ({ householdId }: { householdId: string }) => {
  const translate = useTranslate();
  const lc = useLifecycle();
  const { open, setOpen, run } = useDialogAction('fupin.lifecycle.proposed');
  const [v, setV] = useState({ exitYear: String(new Date().getFullYear()), memberEmployed: true, employmentNote: '', incomePerCapita: '', povertyLine: '', remark: '' });
  const submit = () => run(() => lc.proposeExit({ householdId, exitYear: Number(v.exitYear), memberEmployed: v.memberEmployed, employmentNote: v.employmentNote || undefined, incomePerCapita: Number(v.incomePerCapita), povertyLine: Number(v.povertyLine), remark: v.remark || undefined }));
  const field = (k: keyof typeof v, type = 'text') => (
    <TextField label={translate(`fupin.lifecycle.fields.${k}`)} type={type} value={v[k] as string} onChange={(e) => setV({ ...v, [k]: e.target.value })} slotProps={{ htmlInput: { 'data-testid': `propose-${k}` } }} fullWidth />
  );
  return (
    <>
      <Button variant="contained" onClick={() => setOpen(true)} data-testid="propose-exit">
        {translate('fupin.lifecycle.proposeExit')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth>
        <DialogTitle>{translate('fupin.lifecycle.proposeExit')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {field('exitYear', 'number')}
            <FormControlLabel control={<Switch checked={v.memberEmployed} onChange={(e) => setV({ ...v, memberEmployed: e.target.checked })} />} label={translate('fupin.lifecycle.fields.memberEmployed')} />
            {field('employmentNote')}
            {field('incomePerCapita', 'number')}
            {field('povertyLine', 'number')}
            {field('remark')}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={submit} data-testid="propose-submit">
            {translate('fupin.lifecycle.submit')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

/**
 * 自然减少: a household (with its laborers) or one laborer leaves the registry (died, moved out of the city,
 * other). It replaces deletion, which the hub refuses once a record has registry events: the person stays in
 * the figures of the months they were registered.
 */
export const LeaveRegistryButton = ({ subject }: { subject: { householdId?: string; laborerId?: string } }) => {
  const translate = useTranslate();
  const lc = useLifecycle();
  const { open, setOpen, run } = useDialogAction('fupin.lifecycle.leftDone');
  const [kind, setKind] = useState('');
  const [on, setOn] = useState(formatDate(new Date()));
  const [reason, setReason] = useState('');
  const submit = () => run(() => lc.recordLeaving(subject, kind, on, reason.trim() || null));
  return (
    <>
      <Button variant="outlined" color="warning" onClick={() => setOpen(true)} data-testid="leave-registry">
        {translate('fupin.lifecycle.leave')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth>
        <DialogTitle>{translate(subject.householdId ? 'fupin.lifecycle.leaveHousehold' : 'fupin.lifecycle.leaveLaborer')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField select label={translate('fupin.lifecycle.fields.leaveReason')} value={kind} onChange={(e) => setKind(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'leave-kind' } }}>
              {choicesOf('LeaveReason').map((c) => (
                <MenuItem key={c.id} value={c.id} data-testid={`leave-kind-${c.id}`}>
                  {translate(c.name)}
                </MenuItem>
              ))}
            </TextField>
            <DayTextField label={translate('fupin.lifecycle.fields.leftOn')} value={on} onChange={setOn} testId="leave-on" />
            <TextField label={translate('fupin.lifecycle.fields.leaveDetail')} value={reason} onChange={(e) => setReason(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'leave-detail', maxLength: 200 } }} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" color="warning" disabled={!kind || !isDay(on)} onClick={submit} data-testid="leave-submit">
            {translate('fupin.lifecycle.submit')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

/** 一户一帮: assign (or reassign) the household's helper from a day. */
const AssignHelperButton = ({ householdId, villageId }: { householdId: string; villageId: string }) => {
  const translate = useTranslate();
  const lc = useLifecycle();
  const { open, setOpen, run } = useDialogAction('fupin.lifecycle.assigned');
  const [helperId, setHelperId] = useState('');
  const [startDate, setStartDate] = useState(formatDate(new Date()));
  const { data: helpers } = useGetList('Helper', { filter: { regionCode: villageId.slice(0, 6) + '000000' }, pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } }, { enabled: open });
  const submit = () => run(() => lc.assignHelper(householdId, helperId, startDate));
  return (
    <>
      <Button variant="outlined" onClick={() => setOpen(true)} data-testid="assign-helper">
        {translate('fupin.lifecycle.assignHelper')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth>
        <DialogTitle>{translate('fupin.lifecycle.assignHelper')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField select label={translate('resources.Helper.name', { smart_count: 1 })} value={helperId} onChange={(e) => setHelperId(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'assign-helper-select' } }}>
              {(helpers ?? []).map((h) => (
                <MenuItem key={h.id} value={String(h.id)} data-testid={`helper-option-${h.id}`}>
                  {h.name}（{h.workUnit}）
                </MenuItem>
              ))}
            </TextField>
            <DayTextField label={translate('fupin.lifecycle.fields.startDate')} value={startDate} onChange={setStartDate} testId="assign-start" />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" disabled={!helperId || !isDay(startDate)} onClick={submit} data-testid="assign-submit">
            {translate('fupin.lifecycle.submit')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

/** The household's helper history and exit proposals, with the actions its user's level may take. */
export const HouseholdLifecycle = () => {
  const record = useRecordContext<{ id: string; villageId: string; povertyStatus?: string; leftOn?: string | null }>();
  const translate = useTranslate();
  const lc = useLifecycle();
  const { canWrite, scope } = useAccess();
  const { data } = useQuery({ queryKey: ['hub', 'householdLifecycle', record?.id], queryFn: () => lc.householdLifecycle(String(record!.id)), enabled: !!record?.id });
  if (!record) return null;
  const open = data?.exitProposals.some((p) => p.status === 'PROPOSED' || p.status === 'REVIEWED');
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="household-lifecycle">
      <CardContent>
        <Typography variant="h6">{translate('fupin.lifecycle.helpers')}</Typography>
        {(data?.helperHistory ?? []).length === 0 && <Typography color="text.secondary">{translate('fupin.lifecycle.noHelper')}</Typography>}
        {(data?.helperHistory ?? []).map((a) => (
          <Typography key={a.id} variant="body2" data-testid={a.endDate ? 'helper-past' : 'helper-current'}>
            {a.helper?.name}（{a.helper?.workUnit}{a.helper?.post ? `，${a.helper.post}` : ''}）：{formatDate(a.startDate)} — {a.endDate ? formatDate(a.endDate) : translate('fupin.lifecycle.current')}
          </Typography>
        ))}
        <Typography variant="h6" sx={{ mt: 2 }}>
          {translate('fupin.lifecycle.proposals')}
        </Typography>
        {(data?.exitProposals ?? []).map((p) => (
          <Typography key={p.id} variant="body2">
            <Link to={`/ExitProposal/${p.id}/show`}>
              {translate('fupin.lifecycle.proposalLine', { year: p.exitYear, on: formatDate(p.proposedOn) })}
            </Link>
            ：{translate(`fupin.enum.ExitProposalStatus.${p.status}`)}
          </Typography>
        ))}
        {canWrite() && (
          <Box sx={{ display: 'flex', gap: 2, mt: 2 }}>
            {scopeLevel(scope) === 'VILLAGE' && record.povertyStatus === 'POOR' && !open && <ProposeExitButton householdId={String(record.id)} />}
            <AssignHelperButton householdId={String(record.id)} villageId={record.villageId} />
            {record.povertyStatus !== 'LEFT' && !record.leftOn && <LeaveRegistryButton subject={{ householdId: String(record.id) }} />}
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

const MEASURE_KINDS = ['TRAINING', 'TRANSFER_EMPLOYMENT', 'LOCAL_EMPLOYMENT', 'WELFARE_POST', 'BUSINESS', 'BUSINESS_LOAN', 'DREAM_SCHOOLING'];
/** The laborer's history entries that may fulfil a measure (the API checks the rest: kind of job, completion, disbursement). */
const RECORD_KIND: Record<string, string> = {
  TRAINING: 'TRAINING',
  TRANSFER_EMPLOYMENT: 'EMPLOYMENT',
  LOCAL_EMPLOYMENT: 'EMPLOYMENT',
  WELFARE_POST: 'WELFARE_POST',
  BUSINESS: 'ENTERPRISE',
  BUSINESS_LOAN: 'LOAN',
  DREAM_SCHOOLING: 'DREAM_SCHOOLING',
};

/**
 * 一人一策: the laborer's plan and each measure's state; a writer draws up the plan, adds measures and links
 * a measure to its programme record (a record created later links itself: the API does it).
 */
export const LaborerPlan = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const qc = useQueryClient();
  const { canWrite } = useAccess();
  const lc = useLifecycle();
  const today = new Date().toISOString().slice(0, 10);
  const [kind, setKind] = useState('TRAINING');
  const [target, setTarget] = useState(today);
  const [links, setLinks] = useState<Record<string, string>>({});
  const { data } = useQuery({ queryKey: ['hub', 'laborerPlan', record?.id], queryFn: () => lc.laborerPlan(String(record!.id)), enabled: !!record?.id });
  const open = !!data?.measures.some((m) => !m.recordId);
  const records = useQuery({ queryKey: ['hub', 'laborerRecords', record?.id], queryFn: () => lc.laborerRecords(String(record!.id)), enabled: !!record?.id && open && canWrite() });
  if (!record) return null;
  const run = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      notify(done, { type: 'success' });
      await qc.invalidateQueries({ queryKey: ['hub'] });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  const writer = canWrite();
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="laborer-plan">
      <CardContent>
        <Typography variant="h6">{translate('fupin.lifecycle.plan')}</Typography>
        {!data && <Typography color="text.secondary">{translate('fupin.lifecycle.noPlan')}</Typography>}
        {!data && writer && (
          <Button variant="contained" sx={{ mt: 1 }} data-testid="plan-create" onClick={() => run(() => lc.createPlan(String(record.id), today), 'fupin.lifecycle.planSaved')}>
            {translate('fupin.lifecycle.createPlan')}
          </Button>
        )}
        {data && (
          <>
            <Typography variant="body2" color="text.secondary">
              {translate('fupin.lifecycle.drawnUpOn', { on: formatDate(data.drawnUpOn) })}
            </Typography>
            {data.measures.map((m) => (
              <Box key={m.id} sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 0.5 }}>
                <Typography variant="body2" data-testid={`measure-${m.state}`}>
                  {translate(`fupin.enum.PlanMeasureKind.${m.kind}`)}：{translate('fupin.lifecycle.target', { on: formatDate(m.targetDate) })}，{translate(`fupin.enum.MeasureState.${m.state}`)}
                  {m.metOn ? `（${formatDate(m.metOn)}）` : ''}
                </Typography>
                {writer && !m.recordId && (records.data ?? []).some((r) => r.kind === RECORD_KIND[m.kind]) && (
                  <>
                    <TextField select size="small" label={translate('fupin.lifecycle.recordId')} value={links[m.id] ?? ''} onChange={(e) => setLinks({ ...links, [m.id]: e.target.value })} sx={{ width: 260 }} slotProps={{ htmlInput: { 'data-testid': `measure-record-${m.id}` } }}>
                      {(records.data ?? [])
                        .filter((r) => r.kind === RECORD_KIND[m.kind])
                        .map((r) => (
                          <MenuItem key={r.recordId} value={r.recordId}>
                            {formatDate(r.date)} {r.title}
                          </MenuItem>
                        ))}
                    </TextField>
                    <Button size="small" disabled={!links[m.id]} data-testid={`measure-link-${m.id}`} onClick={() => run(() => lc.linkMeasure(m.id, links[m.id]), 'fupin.lifecycle.planSaved')}>
                      {translate('fupin.lifecycle.linkRecord')}
                    </Button>
                  </>
                )}
              </Box>
            ))}
            {writer && (
              <Box sx={{ display: 'flex', gap: 1, mt: 1.5, alignItems: 'center' }}>
                <TextField select size="small" label={translate('fupin.lifecycle.measureKind')} value={kind} onChange={(e) => setKind(e.target.value)} sx={{ width: 200 }} slotProps={{ htmlInput: { 'data-testid': 'measure-kind' } }}>
                  {MEASURE_KINDS.map((k) => (
                    <MenuItem key={k} value={k}>
                      {translate(`fupin.enum.PlanMeasureKind.${k}`)}
                    </MenuItem>
                  ))}
                </TextField>
                <DayTextField label={translate('fupin.lifecycle.targetDate')} value={target} onChange={setTarget} testId="measure-target" />
                <Button variant="contained" size="small" disabled={!isDay(target)} data-testid="measure-add" onClick={() => run(() => lc.addMeasure(data.id, kind, target), 'fupin.lifecycle.planSaved')}>
                  {translate('fupin.lifecycle.addMeasure')}
                </Button>
              </Box>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
};
