import { Alert, Card, CardContent, Chip, Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { useNavigate } from 'react-router';
import { formatCount } from '../format';
import { STATUS_COLOR } from './BatchView';
import { formatDateTime, formatDuration } from './format';
import { importApi, RUNNING, type ImportBatch } from './importApi';
import { pageRange } from './PreviewPanel';
import { importPath } from './paths';
import { useDatasets } from './useDatasets';

const PER_PAGE = 10;

/** What a batch did (once committed) or would do (its preview): created / updated / unchanged / refused. */
function countsOf(b: ImportBatch): string {
  const c = b.counts;
  const done = b.status === 'COMMITTED' || b.status === 'UNDONE' || b.status === 'UNDOING';
  return [done ? c.created : c.create, done ? c.updated : c.update, c.unchanged, c.refused].map(formatCount).join(' / ');
}

/** Every batch the user may see (an operator's scope, the whole city for a city admin), newest first. */
export const BatchList = ({ current, resource }: { current: string | null; resource?: string }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { byKey } = useDatasets();
  const [page, setPage] = useState(0);
  const { data, error } = useQuery({
    queryKey: ['hub', 'importBatches', page],
    queryFn: () => importApi.batches(page, PER_PAGE),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.data.some((b) => RUNNING.includes(b.status)) ? 2000 : false),
  });
  const rows = data?.data ?? [];
  return (
    <Card variant="outlined" data-testid="import-batches">
      <CardContent sx={{ pb: 0 }}>
        <Typography variant="h6">{translate('fupin.imports.batches.title')}</Typography>
      </CardContent>
      {error ? (
        <CardContent>
          <Alert severity="error">{(error as Error).message}</Alert>
        </CardContent>
      ) : rows.length === 0 ? (
        <CardContent>
          <Typography variant="body2" color="text.secondary">
            {translate('fupin.imports.batches.empty')}
          </Typography>
        </CardContent>
      ) : (
        <>
          <TableContainer>
            <Table size="small" sx={{ '& th': { whiteSpace: 'nowrap' } }}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('fupin.imports.batches.id')}</TableCell>
                  <TableCell>{translate('fupin.imports.batches.dataset')}</TableCell>
                  <TableCell>{translate('fupin.imports.batches.file')}</TableCell>
                  <TableCell>{translate('fupin.imports.batches.user')}</TableCell>
                  <TableCell>{translate('fupin.imports.batches.startedAt')}</TableCell>
                  <TableCell>{translate('fupin.imports.batches.status')}</TableCell>
                  <TableCell align="right">{translate('fupin.imports.batches.counts')}</TableCell>
                  <TableCell align="right">{translate('fupin.imports.batches.duration')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((b) => (
                  <TableRow
                    key={b.id}
                    hover
                    selected={b.id === current}
                    sx={{ cursor: 'pointer' }}
                    onClick={() => navigate(importPath({ resource, batch: b.id }))}
                    data-testid={`batch-row-${b.id}`}
                  >
                    <TableCell>{b.id}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{byKey(b.dataset)?.label ?? b.dataset}</TableCell>
                    <TableCell sx={{ maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={b.fileName}>
                      {b.fileName}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{b.username}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(b.createdAt)}</TableCell>
                    <TableCell>
                      <Chip size="small" color={STATUS_COLOR[b.status]} label={translate(`fupin.imports.status.${b.status}`)} />
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }} data-testid="batch-counts">
                      {countsOf(b)}
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      {formatDuration(b.durationMs, translate)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <TablePagination
            component="div"
            count={data?.total ?? 0}
            page={page}
            rowsPerPage={PER_PAGE}
            rowsPerPageOptions={[PER_PAGE]}
            onPageChange={(_e, p) => setPage(p)}
            labelDisplayedRows={pageRange(translate)}
          />
        </>
      )}
    </Card>
  );
};
