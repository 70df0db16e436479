import FactCheckIcon from '@mui/icons-material/FactCheck';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  BooleanField, DataTable, FunctionField, Labeled, List, NumberField, SelectField, SelectInput, Show, SimpleShowLayout, TextField, useNotify, useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { DayTextField, isDay, LocalDateField } from '../common/fields';
import { useAccess } from '../common/access';
import { formatDate } from '../format';
import { scopeLevel, useLifecycle } from '../lifecycle/useLifecycle';

const filters = [<RegionPicker key="regionCode" source="regionCode" alwaysOn />, <SelectInput key="status" source="status" choices={choicesOf('ExitProposalStatus')} alwaysOn />];

const ExitProposalList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="id" />
      <DataTable.Col source="householdId" />
      <DataTable.Col source="exitYear">
        <NumberField source="exitYear" options={{ useGrouping: false }} />
      </DataTable.Col>
      <DataTable.Col source="status">
        <SelectField source="status" choices={choicesOf('ExitProposalStatus')} />
      </DataTable.Col>
      <DataTable.Col source="proposedOn">
        <LocalDateField source="proposedOn" />
      </DataTable.Col>
      <DataTable.Col source="incomePerCapita">
        <NumberField source="incomePerCapita" options={{ style: 'currency', currency: 'CNY' }} />
      </DataTable.Col>
      <DataTable.Col source="memberEmployed">
        <BooleanField source="memberEmployed" />
      </DataTable.Col>
    </DataTable>
  </List>
);

/** One step (乡镇审核 or 县审定): pass or reject, with its day and remark (the reason when rejecting). */
const StepButton = ({ step, approve }: { step: 'reviewExit' | 'decideExit'; approve: boolean }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const qc = useQueryClient();
  const lc = useLifecycle();
  const [open, setOpen] = useState(false);
  const [on, setOn] = useState(formatDate(new Date()));
  const [remark, setRemark] = useState('');
  const label = `fupin.lifecycle.${step}.${approve ? 'approve' : 'reject'}`;
  const submit = async () => {
    try {
      await lc.exitStep(step, String(record!.id), approve, on, remark || null);
      setOpen(false);
      notify('fupin.lifecycle.stepDone', { type: 'success' });
      await qc.invalidateQueries({ queryKey: ['hub'] });
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <>
      <Button variant={approve ? 'contained' : 'outlined'} color={approve ? 'success' : 'error'} onClick={() => setOpen(true)} data-testid={`${step}-${approve ? 'approve' : 'reject'}`}>
        {translate(label)}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth>
        <DialogTitle>{translate(label)}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <DayTextField label={translate('fupin.lifecycle.fields.on')} value={on} onChange={setOn} testId="step-on" />
            <MuiTextField label={translate(approve ? 'fupin.lifecycle.fields.remark' : 'fupin.lifecycle.fields.reason')} value={remark} onChange={(e) => setRemark(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'step-remark' } }} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" disabled={!isDay(on)} onClick={submit} data-testid="step-submit">
            {translate('fupin.lifecycle.submit')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

const Steps = () => {
  const record = useRecordContext<{ status: string }>();
  const { canWrite, scope } = useAccess();
  if (!record || !canWrite()) return null;
  const level = scopeLevel(scope);
  const step = record.status === 'PROPOSED' && level === 'TOWNSHIP' ? 'reviewExit' : record.status === 'REVIEWED' && level === 'COUNTY' ? 'decideExit' : null;
  if (!step) return null;
  return (
    <Box sx={{ display: 'flex', gap: 2 }}>
      <StepButton step={step} approve />
      <StepButton step={step} approve={false} />
    </Box>
  );
};

const Step = ({ title, on, by, remark }: { title: string; on: string; by: string; remark: string }) => {
  const translate = useTranslate();
  const record = useRecordContext<Record<string, string | null>>();
  if (!record?.[on]) return null;
  return (
    <Typography variant="body2" data-testid={`step-${on}`}>
      <b>{translate(title)}</b>：{formatDate(record[on])}，{record[by]}{record[remark] ? `：${record[remark]}` : ''}
    </Typography>
  );
};

const ExitProposalShow = () => (
  <Show>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="householdId">
          <FunctionField render={(r: { householdId: string }) => <a href={`#/Household/${r.householdId}/show`}>{r.householdId}</a>} />
        </Labeled>
        <Labeled source="exitYear">
          <NumberField source="exitYear" options={{ useGrouping: false }} />
        </Labeled>
        <Labeled source="status">
          <SelectField source="status" choices={choicesOf('ExitProposalStatus')} />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="memberEmployed">
          <BooleanField source="memberEmployed" />
        </Labeled>
        <Labeled source="employmentNote">
          <TextField source="employmentNote" emptyText="—" />
        </Labeled>
        <Labeled source="incomePerCapita">
          <NumberField source="incomePerCapita" options={{ style: 'currency', currency: 'CNY' }} />
        </Labeled>
        <Labeled source="povertyLine">
          <NumberField source="povertyLine" options={{ style: 'currency', currency: 'CNY' }} />
        </Labeled>
        <Labeled source="incomeAboveLine">
          <BooleanField source="incomeAboveLine" />
        </Labeled>
      </Box>
      <Step title="fupin.lifecycle.steps.proposed" on="proposedOn" by="proposedByName" remark="proposalRemark" />
      <Step title="fupin.lifecycle.steps.reviewed" on="reviewedOn" by="reviewedByName" remark="reviewRemark" />
      <Step title="fupin.lifecycle.steps.decided" on="decidedOn" by="decidedByName" remark="decisionRemark" />
      <Step title="fupin.lifecycle.steps.rejected" on="rejectedOn" by="rejectedByName" remark="rejectionReason" />
      <Steps />
    </SimpleShowLayout>
  </Show>
);

export default { list: ExitProposalList, show: ExitProposalShow, icon: FactCheckIcon, recordRepresentation: (r: { householdId?: string; exitYear?: number }) => `${r.householdId}（${r.exitYear}）` };
