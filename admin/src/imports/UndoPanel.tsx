import { Alert, Button, Card, CardContent, Grid, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { useSetBatch } from './BatchView';
import { CountBox } from './CountBox';
import { useAction } from './useAction';
import { importApi, type ImportBatch } from './importApi';

/**
 * Undo of a committed batch, with its own preview first: how many records it removes (created by the
 * batch) and restores (updated by it), and the rows it keeps because somebody changed them since.
 */
export const UndoPanel = ({ batch }: { batch: ImportBatch }) => {
  const translate = useTranslate();
  const setBatch = useSetBatch();
  const { busy, run: act } = useAction();
  const [asked, setAsked] = useState(false);
  const preview = asked ? batch.undoPreview : null;

  const run = (f: () => Promise<ImportBatch>) => act(async () => setBatch(await f()));

  if (batch.status === 'UNDOING') return null;
  return (
    <Card variant="outlined" data-testid="import-undo">
      <CardContent>
        {!preview ? (
          <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <Button variant="outlined" color="warning" disabled={busy} onClick={() => run(() => importApi.previewUndo(batch.id)).then(() => setAsked(true))} data-testid="undo">
              {translate('fupin.imports.undo.button')}
            </Button>
            <Typography variant="body2" color="text.secondary">
              {translate('fupin.imports.undo.hint')}
            </Typography>
          </Stack>
        ) : (
          <>
            <Typography variant="subtitle1" gutterBottom>
              {translate('fupin.imports.undo.title')}
            </Typography>
            <Grid container spacing={1.5} sx={{ mb: 2 }}>
              {(['remove', 'restore', 'kept'] as const).map((k) => (
                <Grid key={k} size={{ xs: 12, sm: 4 }}>
                  <CountBox label={translate(`fupin.imports.undo.${k}`)} value={preview[k]} testId={`undo-${k}`} />
                </Grid>
              ))}
            </Grid>
            {preview.kept > 0 && (
              <>
                <Alert severity="warning" sx={{ mb: 1 }}>
                  {translate('fupin.imports.undo.keptList')}
                </Alert>
                <TableContainer sx={{ maxHeight: 280, mb: 2 }}>
                  <Table size="small" stickyHeader data-testid="undo-kept-list">
                    <TableHead>
                      <TableRow>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('fupin.imports.preview.row')}</TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('fupin.imports.preview.key')}</TableCell>
                        <TableCell>{translate('fupin.imports.undo.why')}</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {preview.keptRecords.map((k) => {
                        const row = preview.keptRows.find((r) => r.rowNumber === k.rowNumber);
                        return (
                          <TableRow key={`${k.entity}-${k.recordId}`}>
                            <TableCell>{k.rowNumber ?? '—'}</TableCell>
                            <TableCell sx={{ whiteSpace: 'nowrap' }}>
                              {translate(`resources.${k.entity}.name`, { smart_count: 1, _: k.entity })} {row?.key ?? k.recordId}
                            </TableCell>
                            <TableCell>{translate(`fupin.imports.undo.reason.${k.reason}`, { _: k.reason })}</TableCell>
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  </Table>
                </TableContainer>
              </>
            )}
            <Stack direction="row" sx={{ gap: 2 }}>
              <Button variant="contained" color="warning" disabled={busy} onClick={() => run(() => importApi.undo(batch.id))} data-testid="undo-confirm">
                {translate('fupin.imports.undo.confirm')}
              </Button>
              <Button disabled={busy} onClick={() => setAsked(false)}>
                {translate('fupin.imports.undo.cancel')}
              </Button>
            </Stack>
          </>
        )}
      </CardContent>
    </Card>
  );
};
