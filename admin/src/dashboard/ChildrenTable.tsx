import { Card, Chip, Table, TableBody, TableCell, TableContainer, TableFooter, TableHead, TableRow, TableSortLabel, Typography } from '@mui/material';
import { indicatorInfo, type IndicatorKey } from '@fupin/schema';
import { useTranslate } from 'react-admin';
import type { RegionDashboard, Stats } from '../hubMethods';
import { formatCount, formatYuan } from '../format';
import { formatPercent } from './format';

export const TABLE_INDICATORS = [
  'laborers', 'trained', 'trainedShare', 'transferEmployed', 'transferEmployedShare', 'enterprisesStarted', 'enterprisesStartedShare', 'welfarePosts', 'welfarePlaced',
  'loanAmountIssued', 'subsidyPaid',
] as const;

/** The chart's picker: the table's columns and the registry's flows (进出: registered, exited, returned, left). */
export const CHART_INDICATORS = [...TABLE_INDICATORS, 'laborersRegistered', 'laborersExited', 'laborersReturned', 'laborersLeft'] as const;

/** A cell: money in yuan (the header says 元), ratios in percent, counts with separators. */
function cell(key: string, v: number | null | undefined): string {
  if (v == null) return '—';
  const unit = indicatorInfo(key as IndicatorKey)?.unit;
  if (unit === 'RATIO') return formatPercent(v, true);
  if (unit === 'YUAN') return formatYuan(v);
  return formatCount(v);
}

/** The header with its unit: 发放担保贷款（元）, 培训占需求（%）. */
function header(key: string, translate: (k: string, o?: object) => string): string {
  const unit = indicatorInfo(key as IndicatorKey)?.unit;
  const label = translate(`fupin.indicator.${key}`);
  if (unit === 'YUAN') return `${label}（${translate('fupin.dashboard.yuan')}）`;
  if (unit === 'RATIO') return `${label}（%）`;
  return label;
}

// The region column stays in view while the figures scroll sideways (1366 px shows about eight of them).
const STICKY = { position: 'sticky', left: 0, zIndex: 1, bgcolor: 'background.paper', whiteSpace: 'nowrap', borderRight: 1, borderRightColor: 'divider' } as const;

/**
 * The children with their indicators and, last, the place's own total (the API's figures for the place,
 * not a sum: shares are of the whole); a header sorts (on the server, `childrenStats(sortBy, order)`),
 * a row drills into the child. Rows carry `data-testid="county-<code>"` at the city level.
 */
export const ChildrenTable = ({
  rows, totals, lang: _lang, sortBy, order, onSort, onPick, rowTestId,
}: {
  rows: RegionDashboard['children'];
  totals?: Stats;
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
      <TableContainer data-testid="children-table-scroll">
        <Table size="small" data-testid="children-table" sx={{ '& td, & th': { px: 1 } }}>
          <TableHead>
            <TableRow>
              <TableCell sortDirection={!sortBy ? direction : false} sx={STICKY}>
                <TableSortLabel active={!sortBy} direction={direction} onClick={() => onSort(undefined)}>
                  {translate('fupin.dashboard.region')}
                </TableSortLabel>
              </TableCell>
              {TABLE_INDICATORS.map((k) => (
                <TableCell key={k} align="right" sortDirection={sortBy === k ? direction : false} sx={{ whiteSpace: 'nowrap' }}>
                  <TableSortLabel active={sortBy === k} direction={sortBy === k ? direction : 'desc'} onClick={() => onSort(k)} data-testid={`sort-${k}`}>
                    {header(k, translate)}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.regionCode} hover onClick={() => onPick(r.regionCode)} sx={{ cursor: 'pointer' }} data-testid={rowTestId(r.regionCode)}>
                <TableCell sx={STICKY}>
                  <Typography component="span" variant="body2" color="primary">
                    {r.region.name}
                  </Typography>
                  {r.region.isPoor && <Chip size="small" color="warning" variant="outlined" label={translate('fupin.dashboard.poor')} sx={{ ml: 1, height: 20 }} />}
                </TableCell>
                {TABLE_INDICATORS.map((k) => (
                  <TableCell key={k} align="right" data-col={k} sx={{ fontVariantNumeric: 'tabular-nums' }}>
                    {cell(k, r[k])}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
          {totals && (
            <TableFooter>
              <TableRow data-testid="children-total">
                <TableCell sx={{ ...STICKY, fontWeight: 600, color: 'text.primary' }}>{translate('fupin.dashboard.total')}</TableCell>
                {TABLE_INDICATORS.map((k) => (
                  <TableCell key={k} align="right" data-col={k} sx={{ fontWeight: 600, color: 'text.primary', fontSize: '0.875rem' }}>
                    {cell(k, totals[k])}
                  </TableCell>
                ))}
              </TableRow>
            </TableFooter>
          )}
        </Table>
      </TableContainer>
    </Card>
  );
};
