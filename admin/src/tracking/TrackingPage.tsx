import {
  Alert, Box, Card, CardContent, Grid, LinearProgress, Link as MuiLink, MenuItem, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { CITY_CODE, PROGRAMME_YEAR, regionPrefix } from '@fupin/schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, Title, useDataProvider, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { useNavigate, useSearchParams } from 'react-router';
import type { HubDataProvider } from '../dataProvider';
import { PlaceBreadcrumb } from '../dashboard/PlaceBreadcrumb';
import { NotYours } from '../dashboard/Dashboard';
import { formatMoney, formatYuan } from '../format';
import { useAccess } from '../common/access';
import { bandLabels, MONEY_AXIS } from '../dashboard/Charts';
import { paymentsPath, trackingPath } from './paths';
import { XlsxExportButton } from '../exports/XlsxExportButton';

/** Running totals: what was approved (paid) by the end of each month. */
const running = (xs: number[]) => xs.reduce<number[]>((acc, x) => (acc.push((acc.at(-1) ?? 0) + x), acc), []);

/** Paid against budget, as a percentage; — without a budget. */
const rate = (paid: number, budget: number | null) => (budget ? `${((paid / budget) * 100).toFixed(1)}%` : '—');

// A one-column grid: its wide tables scroll inside the page instead of widening it.
const PAGE_SX = { mt: 2, mb: 4, display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', minWidth: 0 } as const;

/** The statuses each figure counts; "approved" includes the paid (APPROVED and PAID both hold the budget). */
const FIGURE_STATUS: Record<'approved' | 'paid' | 'pending' | 'all', { status?: string; statusIn?: string[] }> = {
  approved: { statusIn: ['APPROVED', 'PAID'] },
  paid: { status: 'PAID' },
  pending: { status: 'APPROVED' },
  all: {},
};
type Figure = keyof typeof FIGURE_STATUS;

const YEARS = Array.from({ length: 8 }, (_, i) => 2014 + i).concat([new Date().getFullYear()]).filter((y, i, a) => a.indexOf(y) === i);

/**
 * Policy subsidy tracking: for one policy, one budget year and one place, the budget against what was
 * approved and paid, a bar per child region (county, township, village) and by month; every figure
 * opens the payments behind it. Policy, place and year are in the URL.
 */
export const TrackingPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const lang = locale === 'en' ? 'en' : 'zh';
  const money = (v: number | null | undefined) => (v == null ? '—' : formatMoney(v, lang));
  // Table cells: plain yuan, the unit in the header (one format down a column).
  const yuan = (v: number | null | undefined) => (v == null ? '—' : formatYuan(v));
  const { canRead } = useAccess();
  const axis = MONEY_AXIS(translate);
  const dp = useDataProvider<HubDataProvider>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const year = Number(params.get('year')) || PROGRAMME_YEAR;
  const { scope } = useAccess();
  // A scoped user starts at their own county or township; a place above it opens their own (as the
  // dashboard does: its totals would not be theirs), a place beside it says 无权查看 (not the hub's error).
  const asked = params.get('regionCode') || scope || CITY_CODE;
  const outside = !!scope && !asked.startsWith(regionPrefix(scope));
  const beside = outside && !regionPrefix(scope!).startsWith(regionPrefix(asked));
  const regionCode = outside ? scope! : asked;
  const { data: policies = [] } = useGetList('Policy', { pagination: { page: 1, perPage: 500 }, sort: { field: 'id', order: 'ASC' } });
  const policyId = params.get('policyId') || (policies[0] ? String(policies[0].id) : '');
  const go = (changes: { policyId?: string; regionCode?: string; year?: number }) =>
    navigate(trackingPath({ policyId: changes.policyId ?? policyId, regionCode: changes.regionCode ?? regionCode, year: changes.year ?? year }));

  const { data, error, isFetching } = useQuery({
    queryKey: ['hub', 'subsidyTracking', policyId, regionCode, year, lang],
    queryFn: () => dp.subsidyTracking({ policyId, regionCode, year }).then((r) => r.data),
    enabled: !!policyId && !beside,
    placeholderData: keepPreviousData,
  });

  // Each figure links to the payments it counts: of the policy, in the region, for periods of the budget year.
  const paymentsOf = (code: string, figure: Figure = 'all') => paymentsPath({ policyId, regionCode: code, periodYear: year, ...FIGURE_STATUS[figure] });
  // Dashboard viewers see the figures, not the payments behind them (personal records).
  const figureLink = (value: number | null | undefined, code: string, figure: Figure, testId?: string, cellFormat = money) =>
    canRead ? (
      <MuiLink component={Link} to={paymentsOf(code, figure)} underline="hover" data-testid={testId}>
        {cellFormat(value)}
      </MuiLink>
    ) : (
      <span data-testid={testId}>{cellFormat(value)}</span>
    );

  if (beside)
    return (
      <Box sx={PAGE_SX} data-testid="tracking-page">
        <Title title={translate('fupin.tracking.title')} />
        <NotYours scope={scope!} />
      </Box>
    );
  return (
    <Box sx={PAGE_SX} data-testid="tracking-page">
      <Title title={translate('fupin.tracking.title')} />
      <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap', alignItems: 'center', mb: 2 }}>
        <TextField
          select
          size="small"
          label={translate('fupin.tracking.policy')}
          value={policies.length ? policyId : ''}
          onChange={(e) => go({ policyId: e.target.value })}
          sx={{ width: 420 }}
          slotProps={{ htmlInput: { 'data-testid': 'tracking-policy' } }}
        >
          {policies.map((p) => (
            <MenuItem key={p.id} value={String(p.id)}>
              {p.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label={translate('fupin.tracking.year')} value={year} onChange={(e) => go({ year: Number(e.target.value) })} sx={{ width: 140 }}>
          {(YEARS.includes(year) ? YEARS : [...YEARS, year]).map((y) => (
            <MenuItem key={y} value={y}>
              {y}
            </MenuItem>
          ))}
        </TextField>
        {data && <PlaceBreadcrumb path={data.region.ancestors} current={data.region} to={(c) => trackingPath({ policyId, regionCode: c, year })} />}
        {data && <XlsxExportButton resource="TRACKING" filter={{ policyId, regionCode, year }} label="fupin.export.table" />}
      </Stack>
      <Box sx={{ height: 4 }}>{isFetching && <LinearProgress />}</Box>
      {!policyId && <Alert severity="info">{translate('fupin.tracking.choosePolicy')}</Alert>}
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {data && (
        <>
          <Grid container spacing={2} data-testid="tracking-totals">
            {(
              [
                ['budget', data.budget],
                ['approved', data.approved],
                ['paid', data.paid],
                ['pending', data.approved - data.paid],
                ['remaining', data.remaining],
              ] as const
            ).map(([key, value]) => (
              <Grid key={key} size={{ xs: 12, sm: 6, md: 2.4 }}>
                <Card variant="outlined" data-testid={`tracking-${key}`}>
                  <CardContent>
                    <Typography variant="body2" color="text.secondary">
                      {translate(`fupin.tracking.${key}`)}
                    </Typography>
                    <Typography variant="h5" sx={{ fontWeight: 600 }} data-testid={`tracking-${key}-value`}>
                      {key === 'budget' || key === 'remaining' ? money(value) : figureLink(value, regionCode, key, `tracking-${key}-link`)}
                    </Typography>
                    {key === 'budget' && data.budgetRegionId !== data.regionCode && (
                      <Typography variant="caption" color="text.secondary">
                        {translate('fupin.tracking.budgetOfCounty', { name: data.region.ancestors.find((a) => a.id === data.budgetRegionId)?.name ?? '' })}
                      </Typography>
                    )}
                    {key === 'approved' && data.budget > 0 && (
                      <LinearProgress variant="determinate" value={Math.min(100, (data.approved / data.budget) * 100)} sx={{ mt: 1 }} />
                    )}
                  </CardContent>
                </Card>
              </Grid>
            ))}
          </Grid>

          <Grid container spacing={2} sx={{ mt: 1 }}>
            {data.byChild.length > 0 && (
              <Grid size={{ xs: 12, lg: 7 }}>
                <Card variant="outlined" data-testid="tracking-chart">
                  <CardContent>
                    <Typography variant="subtitle1">{translate('fupin.dashboard.valueAxis', { label: translate('fupin.tracking.byChild'), unit: axis.unit })}</Typography>
                    <BarChart
                      skipAnimation
                      height={data.byChild.length > 9 ? 360 : 320}
                      xAxis={[{ scaleType: 'band', data: data.byChild.map((c) => c.name), ...bandLabels(data.byChild.map((c) => c.name)) }]}
                      yAxis={[{ valueFormatter: axis.format, width: axis.width }]}
                      localeText={{ noData: translate('fupin.dashboard.noData') }}
                      series={[
                        ...(data.byChild.some((c) => c.budget != null) ? [{ data: data.byChild.map((c) => c.budget ?? 0), label: translate('fupin.tracking.budget'), valueFormatter: money }] : []),
                        { data: data.byChild.map((c) => c.approved), label: translate('fupin.tracking.approved'), valueFormatter: money },
                        { data: data.byChild.map((c) => c.paid), label: translate('fupin.tracking.paid'), valueFormatter: money },
                      ]}
                      onAxisClick={(_e, d) => d && data.byChild[d.dataIndex] && data.region.level !== 'TOWNSHIP' && go({ regionCode: data.byChild[d.dataIndex].code })}
                    />
                  </CardContent>
                </Card>
              </Grid>
            )}
            <Grid size={{ xs: 12, lg: data.byChild.length > 0 ? 5 : 12 }}>
              <Card variant="outlined" data-testid="tracking-months">
                <CardContent>
                  {/* Cumulative like the dashboard's trend: by the end of each month, approved and paid so far. */}
                  <Typography variant="subtitle1">{translate('fupin.dashboard.valueAxis', { label: translate('fupin.tracking.cumulative'), unit: axis.unit })}</Typography>
                  <LineChart
                    skipAnimation
                    height={320}
                    xAxis={[{ scaleType: 'point', data: data.byMonth.map((m) => translate('fupin.tracking.month', { month: m.month })), ...bandLabels(data.byMonth.map(String)) }]}
                    yAxis={[{ valueFormatter: axis.format, width: axis.width }]}
                    series={[
                      { data: running(data.byMonth.map((m) => m.approved)), label: translate('fupin.tracking.approved'), valueFormatter: money, curve: 'linear' },
                      { data: running(data.byMonth.map((m) => m.paid)), label: translate('fupin.tracking.paid'), valueFormatter: money, curve: 'linear' },
                    ]}
                    localeText={{ noData: translate('fupin.dashboard.noData') }}
                  />
                </CardContent>
              </Card>
            </Grid>
          </Grid>

          {data.byChild.length > 0 && (
            <Card variant="outlined" sx={{ mt: 2 }}>
              <TableContainer>
                <Table size="small" data-testid="tracking-table">
                  <TableHead>
                    <TableRow>
                      <TableCell>{translate('fupin.dashboard.region')}</TableCell>
                      <TableCell align="right">{translate('fupin.tracking.budget')}（{translate('fupin.money.yuan')}）</TableCell>
                      <TableCell align="right">{translate('fupin.tracking.approved')}（{translate('fupin.money.yuan')}）</TableCell>
                      <TableCell align="right">{translate('fupin.tracking.paid')}（{translate('fupin.money.yuan')}）</TableCell>
                      <TableCell align="right">{translate('fupin.tracking.pending')}（{translate('fupin.money.yuan')}）</TableCell>
                      <TableCell align="right">{translate('fupin.tracking.executionRate')}</TableCell>
                      {canRead && <TableCell align="right">{translate('fupin.tracking.payments')}</TableCell>}
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {data.byChild.map((c) => (
                      <TableRow key={c.code} hover data-testid={`tracking-row-${c.code}`}>
                        <TableCell>
                          {data.region.level === 'TOWNSHIP' ? (
                            c.name
                          ) : (
                            <MuiLink component={Link} to={trackingPath({ policyId, regionCode: c.code, year })} underline="hover">
                              {c.name}
                            </MuiLink>
                          )}
                        </TableCell>
                        <TableCell align="right">{yuan(c.budget)}</TableCell>
                        <TableCell align="right">{figureLink(c.approved, c.code, 'approved', `tracking-approved-${c.code}`, yuan)}</TableCell>
                        <TableCell align="right">{figureLink(c.paid, c.code, 'paid', `tracking-paid-${c.code}`, yuan)}</TableCell>
                        <TableCell align="right">{figureLink(c.approved - c.paid, c.code, 'pending', undefined, yuan)}</TableCell>
                        <TableCell align="right">{rate(c.paid, c.budget)}</TableCell>
                        {canRead && (
                          <TableCell align="right">
                            <MuiLink component={Link} to={paymentsOf(c.code)} underline="hover">
                              {translate('fupin.tracking.allPayments')}
                            </MuiLink>
                          </TableCell>
                        )}
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            </Card>
          )}
          <PolicyExecution policies={policies} regionCode={regionCode} year={year} current={policyId} onPick={(id) => go({ policyId: id })} />
        </>
      )}
    </Box>
  );
};

/** Every policy's budget, approved and paid in the place and year: where each stands, at one glance. */
const PolicyExecution = ({ policies, regionCode, year, current, onPick }: { policies: { id: string | number; name: string }[]; regionCode: string; year: number; current: string; onPick: (id: string) => void }) => {
  const translate = useTranslate();
  const dp = useDataProvider<HubDataProvider>();
  const ids = policies.map((p) => String(p.id));
  const { data = [] } = useQuery({
    queryKey: ['hub', 'trackingOverview', ids, regionCode, year],
    queryFn: () => dp.trackingOverview({ policyIds: ids, regionCode, year }).then((r) => r.data),
    enabled: ids.length > 0,
  });
  if (!data.length) return null;
  const unit = `（${translate('fupin.money.yuan')}）`;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent sx={{ pb: 0 }}>
        <Typography variant="subtitle1">{translate('fupin.tracking.execution')}</Typography>
      </CardContent>
      <TableContainer>
        <Table size="small" data-testid="tracking-policies">
          <TableHead>
            <TableRow>
              <TableCell>{translate('fupin.tracking.policy')}</TableCell>
              <TableCell align="right">{translate('fupin.tracking.budget')}{unit}</TableCell>
              <TableCell align="right">{translate('fupin.tracking.approved')}{unit}</TableCell>
              <TableCell align="right">{translate('fupin.tracking.paid')}{unit}</TableCell>
              <TableCell align="right">{translate('fupin.tracking.remaining')}{unit}</TableCell>
              <TableCell align="right">{translate('fupin.tracking.executionRate')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((t, i) => (
              <TableRow key={ids[i]} hover selected={ids[i] === current} onClick={() => onPick(ids[i])} sx={{ cursor: 'pointer' }} data-testid={`tracking-policy-${ids[i]}`}>
                <TableCell>{policies[i].name}</TableCell>
                <TableCell align="right">{formatYuan(t.budget)}</TableCell>
                <TableCell align="right">{formatYuan(t.approved)}</TableCell>
                <TableCell align="right">{formatYuan(t.paid)}</TableCell>
                <TableCell align="right">{formatYuan(t.remaining)}</TableCell>
                <TableCell align="right">{rate(t.paid, t.budget)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Card>
  );
};
