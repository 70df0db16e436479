import { Alert, Box, Card, CardContent, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { formatCount } from '../format';
import { CommitPanel } from './CommitPanel';
import { formatBytes, formatDateTime, formatDuration } from './format';
import { importApi, RUNNING, type ImportBatch } from './importApi';
import { JobProgress } from './JobProgress';
import { MappingPanel, ValuesPanel } from './MappingPanels';
import { PreviewPanel } from './PreviewPanel';
import { UndoPanel } from './UndoPanel';
import { useDatasets } from './useDatasets';

export const STATUS_COLOR: Record<string, 'default' | 'info' | 'success' | 'warning' | 'error'> = {
  UPLOADED: 'info', PARSING: 'info', PREVIEWED: 'warning', COMMITTING: 'info', COMMITTED: 'success', UNDOING: 'info', UNDONE: 'default', FAILED: 'error',
};

/** The query key of a batch, shared by the panels that change it. */
export const batchKey = (id: string) => ['hub', 'importBatch', id];

/** Keeps the page's copy of a batch in step with what a mutation answered. */
export function useSetBatch() {
  const queryClient = useQueryClient();
  return (b: ImportBatch) => {
    queryClient.setQueryData(batchKey(b.id), b);
    queryClient.invalidateQueries({ queryKey: ['hub', 'importBatches'] });
    queryClient.invalidateQueries({ queryKey: ['hub', 'importRows', b.id] });
  };
}

/**
 * One batch as the hub keeps it: polled every second while a job runs (preview, commit, undo), so the
 * bar moves and a clerk who left finds it where it is.
 */
export const BatchView = ({ id }: { id: string }) => {
  const translate = useTranslate();
  const { byKey } = useDatasets();
  const queryClient = useQueryClient();
  const { data: batch, error, isPending } = useQuery({
    queryKey: batchKey(id),
    queryFn: async () => {
      const b = await importApi.batch(id);
      // The list's counts and statuses follow the batch's.
      queryClient.invalidateQueries({ queryKey: ['hub', 'importBatches'] });
      return b;
    },
    refetchInterval: (q) => (q.state.data && RUNNING.includes(q.state.data.status) ? 1000 : false),
  });
  if (isPending) return <LinearProgress />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!batch) return <Alert severity="warning">{translate('ra.page.not_found')}</Alert>;
  const info = byKey(batch.dataset);
  const running = RUNNING.includes(batch.status);
  const c = batch.counts;

  return (
    <Stack sx={{ gap: 2 }} data-testid="import-batch" data-status={batch.status}>
      <Card variant="outlined">
        <CardContent>
          <Stack direction="row" sx={{ gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h6" sx={{ mr: 1 }}>
              {translate('fupin.imports.batches.id')} {batch.id} · {info?.label ?? batch.dataset}
            </Typography>
            <Chip size="small" color={STATUS_COLOR[batch.status]} label={translate(`fupin.imports.status.${batch.status}`)} data-testid="batch-status" />
            <Typography variant="body2" color="text.secondary" sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              {batch.fileName}（{formatBytes(batch.fileBytes)}）· {batch.username} · {formatDateTime(batch.createdAt)}
              {batch.rowsTotal > 0 && ` · ${translate('fupin.imports.rowsCount', { count: formatCount(batch.rowsTotal) })}`}
              {batch.sheet && ` · ${batch.sheet}`}
              {batch.headerRow != null && ` · ${translate('fupin.imports.headerAt', { row: batch.headerRow })}`}
            </Typography>
          </Stack>
          {running && (
            <>
              <JobProgress phase={translate(`fupin.imports.phase.${batch.phase}`)} done={batch.rowsDone} total={batch.rowsTotal} testId="batch-progress" />
              <Typography variant="caption" color="text.secondary">
                {translate('fupin.imports.comeBack')}
              </Typography>
            </>
          )}
          {batch.status === 'FAILED' && batch.error && (
            <Alert severity="error" sx={{ mt: 1 }} data-testid="batch-error">
              {translate('fupin.imports.failed', { message: batch.error.message })}
            </Alert>
          )}
          {batch.warnings?.map((w) => (
            <Alert key={w.code} severity="warning" sx={{ mt: 1 }} data-testid="batch-warning">
              {w.message}
            </Alert>
          ))}
          {batch.revalidated && batch.status === 'PREVIEWED' && (
            <Alert severity="warning" sx={{ mt: 1 }}>
              {translate('fupin.imports.preview.stale')}
            </Alert>
          )}
          {(batch.status === 'COMMITTED' || batch.status === 'UNDONE' || batch.status === 'UNDOING') && (
            <Alert severity="success" sx={{ mt: 1 }} data-testid="batch-committed">
              {translate('fupin.imports.commit.done', {
                created: formatCount(c.created), updated: formatCount(c.updated), unchanged: formatCount(c.unchanged), refused: formatCount(c.refused),
              })}
              {batch.durationMs != null && ` · ${translate('fupin.imports.batches.duration')} ${formatDuration(batch.durationMs, translate)}`}
            </Alert>
          )}
          {batch.status === 'UNDONE' && (
            <Alert severity="info" sx={{ mt: 1 }} data-testid="batch-undone">
              {translate('fupin.imports.undo.done', { removed: formatCount(c.removed), restored: formatCount(c.restored), kept: formatCount(c.kept) })}
            </Alert>
          )}
        </CardContent>
      </Card>
      {batch.status === 'PREVIEWED' && info && <MappingPanel key={`m${batch.previewedAt}`} batch={batch} info={info} />}
      {batch.status === 'PREVIEWED' && info && batch.unknownValues.length > 0 && <ValuesPanel key={`v${batch.previewedAt}`} batch={batch} info={info} />}
      {(batch.status === 'PREVIEWED' || (batch.status === 'PARSING' && batch.refusals.length > 0)) && <PreviewPanel batch={batch} />}
      {batch.status === 'PREVIEWED' && info && <CommitPanel batch={batch} info={info} />}
      {(batch.status === 'COMMITTED' || batch.status === 'UNDOING') && <UndoPanel batch={batch} />}
      <Box />
    </Stack>
  );
};
