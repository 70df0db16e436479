import { Card, Chip, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TableSortLabel, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { RegionDashboard } from '../hubMethods';
import { formatIndicator } from './format';

export const TABLE_INDICATORS = [
  'laborers', 'trained', 'trainedShare', 'transferEmployed', 'transferEmployedShare', 'enterprisesStarted', 'enterprisesStartedShare', 'welfarePosts', 'welfarePlaced',
  'loanAmountIssued', 'subsidyPaid',
] as const;

/**
 * The children with their indicators; a header sorts (on the server, `childrenStats(sortBy, order)`),
 * a row drills into the child. Rows carry `data-testid="county-<code>"` at the city level.
 */
export const ChildrenTable = ({
  rows, lang, sortBy, order, onSort, onPick, rowTestId,
}: {
  rows: RegionDashboard['children'];
  lang: 'zh' | 'en';
  sortBy?: string;
  order: 'ASC' | 'DESC';
  onSort: (key: string | undefined) => void;
  onPick: (code: string) => void;
  rowTestId: (code: string) => string;
}) => {
  const translate = useTranslate();
  const direction = order === 'ASC' ? 'asc' : 'desc';
  return (
    <Card variant="outlined">
      <TableContainer>
        <Table size="small" data-testid="children-table">
          <TableHead>
            <TableRow>
              <TableCell sortDirection={!sortBy ? direction : false}>
                <TableSortLabel active={!sortBy} direction={direction} onClick={() => onSort(undefined)}>
                  {translate('fupin.dashboard.region')}
                </TableSortLabel>
              </TableCell>
              {TABLE_INDICATORS.map((k) => (
                <TableCell key={k} align="right" sortDirection={sortBy === k ? direction : false} sx={{ whiteSpace: 'nowrap' }}>
                  <TableSortLabel active={sortBy === k} direction={sortBy === k ? direction : 'desc'} onClick={() => onSort(k)} data-testid={`sort-${k}`}>
                    {translate(`fupin.indicator.${k}`)}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.regionCode} hover onClick={() => onPick(r.regionCode)} sx={{ cursor: 'pointer' }} data-testid={rowTestId(r.regionCode)}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Typography component="span" variant="body2" color="primary">
                    {r.region.name}
                  </Typography>
                  {r.region.isPoor && <Chip size="small" color="warning" variant="outlined" label={translate('fupin.dashboard.poor')} sx={{ ml: 1, height: 20 }} />}
                </TableCell>
                {TABLE_INDICATORS.map((k) => (
                  <TableCell key={k} align="right" data-col={k}>
                    {formatIndicator(k, r[k], lang)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Card>
  );
};
