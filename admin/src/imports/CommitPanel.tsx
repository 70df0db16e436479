import { Alert, Button, Card, CardContent, Checkbox, FormControl, FormControlLabel, FormLabel, Grid, Radio, RadioGroup, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { formatCount } from '../format';
import { useSetBatch } from './BatchView';
import { useAction } from './useAction';
import { importApi, type CommitAtomicity, type CommitMode, type ImportBatch, type ImportDatasetInfo } from './importApi';

const ATOMICITY: CommitAtomicity[] = ['ALL_OR_NOTHING', 'VALID_ONLY'];
const MODES: CommitMode[] = ['CREATE_AND_UPDATE', 'CREATE_ONLY', 'UPDATE_ONLY'];

/** One commit option: its label (fupin.imports.commit.<name>) and a radio per value (fupin.imports.commit.<VALUE>). */
function Choice<T extends string>({ name, options, value, onChange }: { name: string; options: T[]; value: T; onChange: (v: T) => void }) {
  const translate = useTranslate();
  return (
    <FormControl>
      <FormLabel>{translate(`fupin.imports.commit.${name}`)}</FormLabel>
      <RadioGroup value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <FormControlLabel key={o} value={o} control={<Radio size="small" />} label={translate(`fupin.imports.commit.${o}`)} data-testid={`${name}-${o}`} />
        ))}
      </RadioGroup>
    </FormControl>
  );
}

/**
 * How the preview is written: all or nothing (the registry's default) or the valid rows only; create and
 * update, create only or update only; whether an empty cell erases. The commit applies exactly what the
 * preview showed (the hub validates again if the data changed since).
 */
export const CommitPanel = ({ batch, info }: { batch: ImportBatch; info: ImportDatasetInfo }) => {
  const translate = useTranslate();
  const setBatch = useSetBatch();
  const { busy, run } = useAction();
  const [atomicity, setAtomicity] = useState<CommitAtomicity>(info.defaultAtomicity);
  const [mode, setMode] = useState<CommitMode>('CREATE_AND_UPDATE');
  const [eraseEmpty, setEraseEmpty] = useState(false);
  const c = batch.counts;
  const creates = mode === 'UPDATE_ONLY' ? 0 : c.create;
  const updates = mode === 'CREATE_ONLY' ? 0 : c.update;
  const blocked = atomicity === 'ALL_OR_NOTHING' && c.refused > 0;
  const nothing = creates + updates === 0;

  const commit = () => run(async () => setBatch(await importApi.commit(batch.id, { atomicity, mode, eraseEmpty })));

  return (
    <Card variant="outlined" data-testid="import-commit">
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {translate('fupin.imports.commit.title')}
        </Typography>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 5 }}>
            <Choice name="atomicity" options={ATOMICITY} value={atomicity} onChange={setAtomicity} />
          </Grid>
          <Grid size={{ xs: 12, md: 3 }}>
            <Choice name="mode" options={MODES} value={mode} onChange={setMode} />
          </Grid>
          <Grid size={{ xs: 12, md: 4 }}>
            <FormControlLabel
              control={<Checkbox size="small" checked={eraseEmpty} onChange={(e) => setEraseEmpty(e.target.checked)} />}
              label={translate('fupin.imports.commit.emptyErases')}
              data-testid="erase-empty"
            />
            <Typography variant="caption" color="text.secondary" component="div">
              {translate('fupin.imports.commit.emptyKeeps')}
            </Typography>
          </Grid>
        </Grid>
        {blocked && (
          <Alert severity="warning" sx={{ mt: 1 }} data-testid="commit-blocked">
            {translate('fupin.imports.commit.blocked', { count: formatCount(c.refused) })}
          </Alert>
        )}
        {!blocked && nothing && (
          <Alert severity="info" sx={{ mt: 1 }}>
            {translate('fupin.imports.commit.nothing')}
          </Alert>
        )}
        <Button variant="contained" sx={{ mt: 2 }} disabled={busy || blocked || nothing} onClick={commit} data-testid="commit">
          {translate('fupin.imports.commit.button')}
          {!blocked && !nothing && `（${translate('fupin.imports.commit.summary', { create: formatCount(creates), update: formatCount(updates) })}）`}
        </Button>
      </CardContent>
    </Card>
  );
};
