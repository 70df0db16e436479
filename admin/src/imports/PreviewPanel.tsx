import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Button, Card, CardContent, Grid, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { formatCount } from '../format';
import { CountBox } from './CountBox';
import { useAction } from './useAction';
import { downloadFile, errorWorkbookUrl, importApi, type ImportBatch } from './importApi';

/** Row numbers shown per refusal group before "等 N 行". */
const SHOWN_ROWS = 30;
const DIFF_PAGE = 10;

const KINDS = [
  { key: 'create', color: 'success.main' },
  { key: 'update', color: 'info.main' },
  { key: 'unchanged', color: 'text.secondary' },
  { key: 'refused', color: 'error.main' },
] as const;

/**
 * The whole file's preview before anything is written: how many rows create, update, stay unchanged or
 * are refused; refusals grouped by rule and column with their sheet row numbers and the API's coded
 * message; the changes each update makes (old → new), paged; the error workbook to fix and upload again.
 */
export const PreviewPanel = ({ batch }: { batch: ImportBatch }) => {
  const translate = useTranslate();
  const { busy, run } = useAction();
  const c = batch.counts;
  const total = c.create + c.update + c.unchanged + c.refused;

  const errors = () => run(() => downloadFile(errorWorkbookUrl(batch.id), `${batch.fileName.replace(/\.(xlsx|csv)$/i, '')}-错误说明.xlsx`));

  return (
    <Card variant="outlined" data-testid="import-preview">
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {translate('fupin.imports.preview.title')}
          <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
            {translate('fupin.imports.preview.total', { count: formatCount(total) })}
          </Typography>
        </Typography>
        <Grid container spacing={1.5} sx={{ mb: 2 }}>
          {KINDS.map((k) => (
            <Grid key={k.key} size={{ xs: 6, md: 3 }}>
              <CountBox label={translate(`fupin.imports.preview.${k.key}`)} value={c[k.key]} color={k.color} testId={`preview-${k.key}`} />
            </Grid>
          ))}
        </Grid>

        <Stack direction="row" sx={{ alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1 }}>
          <Typography variant="subtitle2">{translate('fupin.imports.preview.refusals')}</Typography>
          {c.refused > 0 && batch.status === 'PREVIEWED' && (
            <>
              <Button size="small" variant="outlined" color="error" startIcon={<DownloadIcon />} disabled={busy} onClick={errors} data-testid="error-workbook">
                {translate('fupin.imports.preview.errorWorkbook')}
              </Button>
              <Typography variant="caption" color="text.secondary">
                {translate('fupin.imports.preview.errorWorkbookHint')}
              </Typography>
            </>
          )}
        </Stack>
        {batch.refusals.length === 0 ? (
          <Alert severity="success" sx={{ mb: 2 }}>
            {translate('fupin.imports.preview.noRefusals')}
          </Alert>
        ) : (
          <TableContainer sx={{ mb: 2, maxHeight: 320 }}>
            <Table size="small" stickyHeader data-testid="refusals">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('fupin.imports.preview.column')}</TableCell>
                  <TableCell>{translate('fupin.imports.preview.message')}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>{translate('fupin.imports.preview.count')}</TableCell>
                  <TableCell>{translate('fupin.imports.preview.rowNumbers')}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('fupin.imports.preview.rule')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {batch.refusals.map((g) => (
                  <TableRow key={`${g.code}-${g.field ?? ''}-${g.column ?? ''}`} data-testid={`refusal-${g.code}`}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{g.column ?? '—'}</TableCell>
                    <TableCell>{g.message}</TableCell>
                    <TableCell align="right">{formatCount(g.count)}</TableCell>
                    <TableCell sx={{ overflowWrap: 'anywhere' }} data-testid="refusal-rows">
                      {g.rowNumbers.slice(0, SHOWN_ROWS).join('、')}
                      {g.count > Math.min(SHOWN_ROWS, g.rowNumbers.length) && ` ${translate('fupin.imports.preview.more', { count: formatCount(g.count - Math.min(SHOWN_ROWS, g.rowNumbers.length)) })}`}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap', fontFamily: 'monospace', fontSize: 12 }}>{g.code}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}

        {batch.status === 'PREVIEWED' && <Diffs batch={batch} />}
      </CardContent>
    </Card>
  );
};

/** "第 1-10 条，共 13 条" (react-admin's own wording) under MUI's paginations. */
export const pageRange =
  (translate: (k: string, o?: object) => string) =>
  ({ from, to, count }: { from: number; to: number; count: number }) =>
    translate('ra.navigation.page_range_info', { offsetBegin: formatCount(from), offsetEnd: formatCount(to), total: formatCount(count) });

/** The updates, a page at a time: each row's changed cells, old → new. */
const Diffs = ({ batch }: { batch: ImportBatch }) => {
  const translate = useTranslate();
  const [page, setPage] = useState(0);
  const count = batch.counts.update;
  const { data: rows = [], isFetching } = useQuery({
    queryKey: ['hub', 'importRows', batch.id, 'UPDATE', page, batch.previewedAt],
    queryFn: () => importApi.rows(batch.id, 'UPDATE', page, DIFF_PAGE),
    enabled: count > 0,
    placeholderData: keepPreviousData,
  });
  const empty = translate('fupin.imports.preview.empty');
  return (
    <>
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {translate('fupin.imports.preview.diffs')}
      </Typography>
      {count === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('fupin.imports.preview.noDiffs')}
        </Typography>
      ) : (
        <>
          <TableContainer sx={{ opacity: isFetching ? 0.6 : 1 }}>
            <Table size="small" data-testid="diffs">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('fupin.imports.preview.row')}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('fupin.imports.preview.key')}</TableCell>
                  <TableCell>{translate('fupin.imports.preview.field')}</TableCell>
                  <TableCell>{translate('fupin.imports.preview.oldValue')}</TableCell>
                  <TableCell />
                  <TableCell>{translate('fupin.imports.preview.newValue')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.flatMap((r) =>
                  r.changes.map((ch, i) => (
                    <TableRow key={`${r.rowNumber}-${ch.field}`} data-testid={`diff-${r.rowNumber}-${ch.field}`}>
                      {i === 0 && (
                        <>
                          <TableCell rowSpan={r.changes.length}>{r.rowNumber}</TableCell>
                          <TableCell rowSpan={r.changes.length} sx={{ whiteSpace: 'nowrap' }}>
                            {r.key}
                          </TableCell>
                        </>
                      )}
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{ch.label}</TableCell>
                      <TableCell sx={{ color: 'text.secondary', textDecoration: ch.old ? 'line-through' : undefined }}>{ch.old ?? empty}</TableCell>
                      <TableCell sx={{ px: 0 }}>→</TableCell>
                      <TableCell sx={{ fontWeight: 600 }}>{ch.new ?? empty}</TableCell>
                    </TableRow>
                  )),
                )}
              </TableBody>
            </Table>
          </TableContainer>
          <TablePagination component="div" count={count} page={page} rowsPerPage={DIFF_PAGE} rowsPerPageOptions={[DIFF_PAGE]} onPageChange={(_e, p) => setPage(p)} labelDisplayedRows={pageRange(translate)} />
        </>
      )}
    </>
  );
};
