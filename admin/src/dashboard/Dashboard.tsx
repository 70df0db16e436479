import { Alert, Box, Button, ButtonGroup, Grid, LinearProgress, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { CITY_CODE, REPORT_DATE, RegionLevel } from '@fupin/schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, Loading, Title, useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { regionPrefix } from '@fupin/schema';
import { useAccess } from '../common/access';
import type { HubDataProvider } from '../dataProvider';
import { formatDate } from '../format';
import { validDay } from '../common/fields';
import { ChildrenBars, TrendLine } from './Charts';
import { CHART_INDICATORS, ChildrenTable } from './ChildrenTable';
import { CountyMap } from './CountyMap';
import { IndicatorCards } from './IndicatorCards';
import { PlaceBreadcrumb } from './PlaceBreadcrumb';
import { VillagePeople } from './VillagePeople';
import { XlsxExportButton } from '../exports/XlsxExportButton';

/** The dashboard of a place; the URL holds the place, the date and the sort so a link can be shared. */
export function dashboardPath(code: string, search?: URLSearchParams | string): string {
  const q = search ? String(search) : '';
  return `/dashboard/${code}${q ? `?${q}` : ''}`;
}

/** The laborer list filtered to a region (the filter travels in the URL, so the link can be shared). */
export function laborersOf(code: string): string {
  return `/Laborer?${new URLSearchParams({ filter: JSON.stringify({ regionCode: code }) })}`;
}

// A one-column grid: its wide tables scroll inside the page instead of widening it.
const PAGE_SX = { mt: 2, mb: 4, display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', minWidth: 0 } as const;

const YEARS = Array.from({ length: new Date().getFullYear() - 2014 + 1 }, (_, i) => 2014 + i);

const CHILD_LEVEL: Record<string, string | undefined> = { CITY: 'COUNTY', COUNTY: 'TOWNSHIP', TOWNSHIP: 'VILLAGE' };

/** `/`: the city, or the county or township a user's work is limited to. */
export const Dashboard = () => {
  const { scope, isPending } = useAccess();
  if (isPending) return <Loading />;
  return <DashboardView code={scope ?? CITY_CODE} />;
};

/**
 * `/dashboard/:code`: any county, township or village. A scoped user (a county leader, a township
 * clerk) starts at their own region: a place above it opens their region instead (its figures would
 * be the whole city's next to charts of their region only), a place beside it says 无权查看.
 */
export const DashboardPage = () => {
  const { code: raw } = useParams<{ code: string }>();
  const { scope, isPending } = useAccess();
  const [params] = useSearchParams();
  const code = raw && /^\d{12}$/.test(raw) ? raw : CITY_CODE;
  if (isPending) return <Loading />;
  if (scope && !code.startsWith(regionPrefix(scope))) {
    if (regionPrefix(scope).startsWith(regionPrefix(code))) return <Navigate to={dashboardPath(scope, params)} replace />;
    return <NotYours scope={scope} />;
  }
  return <DashboardView code={code} />;
};

export const NotYours = ({ scope }: { scope: string }) => {
  const translate = useTranslate();
  const dp = useDataProvider<HubDataProvider>();
  const { data } = useQuery({ queryKey: ['hub', 'regionName', scope], queryFn: () => dp.getOne('Region', { id: scope }).then((r) => r.data as { name: string }) });
  return (
    <Box sx={{ mt: 2 }} data-testid="dashboard">
      <Alert severity="warning" data-testid="not-yours" action={<Button component={Link} to={dashboardPath(scope)}>{translate('fupin.scope.backToMine')}</Button>}>
        {translate('fupin.scope.notYours', { name: data?.name ?? '' })}
      </Alert>
    </Box>
  );
};

/** The period of the URL: as of a date (default), a calendar year, or a range of months. */
type Period = { mode: 'asOf'; asOf: string } | { mode: 'year'; year: number } | { mode: 'months'; from: string; to: string };

function periodOf(params: URLSearchParams): Period {
  const year = Number(params.get('year'));
  if (year >= 2000 && year <= 2100) return { mode: 'year', year };
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to)) return { mode: 'months', from: from <= to ? from : to, to: from <= to ? to : from };
  return { mode: 'asOf', asOf: params.get('asOf') || REPORT_DATE };
}

const PERIOD_KEYS = ['asOf', 'year', 'from', 'to'] as const;

/**
 * Drill-down statistics: the headline figures of a place, its children as bars and as a sortable table,
 * the monthly trend; a click on a child goes one level down, the breadcrumb back up. At a village the
 * households and laborers follow (for those who may read records).
 */
const DashboardView = ({ code }: { code: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const lang = locale === 'en' ? 'en' : 'zh';
  const dp = useDataProvider<HubDataProvider>();
  const navigate = useNavigate();
  const { canRead, scope } = useAccess();
  const [params, setParams] = useSearchParams();
  const period = periodOf(params);
  // The period as the API takes it: the page and its 导出 Excel ask for the same figures.
  const periodArgs = period.mode === 'asOf' ? { asOf: period.asOf } : period.mode === 'year' ? { year: period.year } : { from: period.from, to: period.to };
  const asOf = period.mode === 'asOf' ? period.asOf : period.mode === 'year' ? `${period.year}-12-31` : `${period.to}-28`;
  const sortBy = params.get('sort') || undefined;
  const order = (params.get('order') === 'ASC' ? 'ASC' : 'DESC') as 'ASC' | 'DESC';
  const chart = params.get('chart') && (CHART_INDICATORS as readonly string[]).includes(params.get('chart')!) ? params.get('chart')! : 'trained';

  const { data, isPending, isFetching, error } = useQuery({
    queryKey: ['hub', 'regionDashboard', code, period, sortBy ?? null, sortBy ? order : null, lang],
    queryFn: () =>
      dp
        .regionDashboard({
          code,
          ...periodArgs,
          sortBy,
          order: sortBy ? order : undefined,
        })
        .then((r) => r.data),
    placeholderData: keepPreviousData,
  });
  const asOfMonth = asOf.slice(0, 7);
  const from = period.mode === 'months' ? period.from : period.mode === 'year' ? `${period.year}-01` : `${Math.min(2017, Number(asOf.slice(0, 4)))}-01`;
  const trend = useQuery({
    queryKey: ['hub', 'statsTimeSeries', code, chart, from, asOfMonth],
    queryFn: () => dp.statsTimeSeries({ regionCode: code, indicator: chart, from, to: asOfMonth }).then((r) => r.data),
    placeholderData: keepPreviousData,
  });

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
    setParams(next);
  };
  // Drilling keeps the date and the chosen chart (a new level starts sorted by code).
  const keep = () => {
    const next = new URLSearchParams();
    for (const k of PERIOD_KEYS) if (params.get(k)) next.set(k, params.get(k)!);
    if (params.get('chart')) next.set('chart', chart);
    return next;
  };
  const setPeriod = (p: Partial<Record<(typeof PERIOD_KEYS)[number], string>>) => set({ asOf: undefined, year: undefined, from: undefined, to: undefined, ...p });
  const to = (c: string) => dashboardPath(c, keep());
  const pick = (c: string) => navigate(to(c));
  const onSort = (key: string | undefined) => {
    if (!key) return set({ sort: undefined, order: undefined });
    set({ sort: key, order: sortBy === key && order === 'DESC' ? 'ASC' : 'DESC' });
  };

  if (isPending) return <Loading />;
  if (error || !data) {
    return (
      <Box sx={{ mt: 2 }} data-testid="dashboard">
        <Alert severity="error">{(error as Error | null)?.message ?? translate('fupin.dashboard.notFound')}</Alert>
      </Box>
    );
  }
  const { region, children } = data;
  const childLevel = CHILD_LEVEL[region.level];
  const levelLabel = childLevel ? translate(`fupin.enum.RegionLevel.${childLevel}`, { _: RegionLevel.labels[childLevel as RegionLevel].zh }) : '';
  const today = formatDate(new Date());

  return (
    <Box sx={PAGE_SX} data-testid="dashboard" data-region={region.id}>
      <Title title={`${translate('fupin.title')} · ${region.name}`} />
      <Box sx={{ height: 4 }}>{isFetching && <LinearProgress />}</Box>
      <Stack direction={{ xs: 'column', md: 'row' }} sx={{ justifyContent: 'space-between', alignItems: { md: 'center' }, gap: 2, mb: 2 }}>
        <Box>
          <PlaceBreadcrumb path={region.ancestors} current={region} to={to} linkable={(c) => !scope || c.startsWith(regionPrefix(scope))} />
          <Typography variant="body2" color="text.secondary">
            {translate(`fupin.enum.RegionLevel.${region.level}`)} · {region.id}
            {region.level === 'CITY' && ` · ${translate('fupin.dashboard.welcome')}`}
          </Typography>
        </Box>
        <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label={translate('fupin.dashboard.period')}
            value={period.mode}
            onChange={(e) =>
              e.target.value === 'year'
                ? setPeriod({ year: asOf.slice(0, 4) })
                : e.target.value === 'months'
                  ? setPeriod({ from: `${asOf.slice(0, 4)}-01`, to: asOf.slice(0, 7) })
                  : setPeriod({})
            }
            sx={{ width: 130 }}
            slotProps={{ htmlInput: { 'data-testid': 'period-mode' } }}
          >
            <MenuItem value="asOf">{translate('fupin.dashboard.asOf')}</MenuItem>
            <MenuItem value="year">{translate('fupin.dashboard.year')}</MenuItem>
            <MenuItem value="months">{translate('fupin.dashboard.monthRange')}</MenuItem>
          </TextField>
          {period.mode === 'asOf' && (
            // Typed as 2017-06-30 (the browser's date control would show 06/30/2017 on an English system).
            <TextField
              key={period.asOf}
              size="small"
              label={translate('fupin.dashboard.asOf')}
              defaultValue={period.asOf}
              placeholder="yyyy-mm-dd"
              onChange={(e) => /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) && !validDay(e.target.value, {}, {} as never) && setPeriod({ asOf: e.target.value === REPORT_DATE ? undefined : e.target.value })}
              sx={{ width: 140 }}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'as-of', maxLength: 10 } }}
            />
          )}
          {period.mode === 'year' && (
            <TextField select size="small" label={translate('fupin.dashboard.year')} value={period.year} onChange={(e) => setPeriod({ year: String(e.target.value) })} sx={{ width: 110 }} slotProps={{ htmlInput: { 'data-testid': 'period-year' } }}>
              {YEARS.map((y) => (
                <MenuItem key={y} value={y}>
                  {y}
                </MenuItem>
              ))}
            </TextField>
          )}
          {period.mode === 'months' && (
            <>
              <TextField key={`f${period.from}`} size="small" label={translate('fupin.dashboard.monthFrom')} defaultValue={period.from} placeholder="yyyy-mm" sx={{ width: 110 }} onChange={(e) => /^\d{4}-(0[1-9]|1[0-2])$/.test(e.target.value) && setPeriod({ from: e.target.value, to: period.to })} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'period-from' } }} />
              <TextField key={`t${period.to}`} size="small" label={translate('fupin.dashboard.monthTo')} defaultValue={period.to} placeholder="yyyy-mm" sx={{ width: 110 }} onChange={(e) => /^\d{4}-(0[1-9]|1[0-2])$/.test(e.target.value) && setPeriod({ from: period.from, to: e.target.value })} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'period-to' } }} />
            </>
          )}
          <ButtonGroup size="small" variant="outlined">
            <Button onClick={() => setPeriod({})} variant={period.mode === 'asOf' && asOf === REPORT_DATE ? 'contained' : 'outlined'}>
              {translate('fupin.dashboard.reportDate')}
            </Button>
            <Button onClick={() => setPeriod({ asOf: today })} variant={period.mode === 'asOf' && asOf === today ? 'contained' : 'outlined'}>
              {translate('fupin.dashboard.today')}
            </Button>
          </ButtonGroup>
          {region.level !== 'VILLAGE' && (
            <Button component={Link} to={`/reports/${region.id}?month=${asOfMonth}`} size="small" variant="contained" data-testid="open-report">
              {translate('fupin.report.generate')}
            </Button>
          )}
          {region.level !== 'VILLAGE' && (
            <Button component={Link} to={`/funnel?within=${region.id}`} size="small" data-testid="open-funnel">
              {translate('fupin.funnel.open')}
            </Button>
          )}
          {canRead && region.level !== 'CITY' && (
            <Button component={Link} to={laborersOf(region.id)} size="small">
              {translate('fupin.dashboard.openRegistry')}
            </Button>
          )}
        </Stack>
      </Stack>

      <IndicatorCards stats={region.stats} lang={lang} />
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }} data-testid="period-note">
        {translate('fupin.dashboard.stockNote')}；
        {translate('fupin.dashboard.flowNote', { from: region.stats.from ? region.stats.from.slice(0, 7) : translate('fupin.dashboard.sinceStart'), to: region.stats.to.slice(0, 7) })}
      </Typography>

      {region.level === 'CITY' && (
        <Box sx={{ mt: 3 }}>
          <CountyMap data={children} indicator={chart} asOf={asOf} lang={lang} onPick={pick} />
        </Box>
      )}

      {childLevel && (
        <>
          <Stack direction="row" sx={{ mt: 3, mb: 1, alignItems: 'center', gap: 2 }}>
            <Typography variant="h6" sx={{ whiteSpace: 'nowrap' }}>{region.level === 'CITY' ? translate('fupin.dashboard.counties') : translate('fupin.dashboard.byChild', { level: levelLabel })}</Typography>
            <TextField select size="small" label={translate('fupin.dashboard.indicator')} value={chart} onChange={(e) => set({ chart: e.target.value })} sx={{ width: 260 }}>
              {CHART_INDICATORS.map((k) => (
                <MenuItem key={k} value={k}>
                  {translate(`fupin.indicator.${k}`)}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          <Grid container spacing={2}>
            {/* Many bars (a county's 40-odd townships) take the full width so their rotated labels do not touch at 1366. */}
            <Grid size={{ xs: 12, lg: children.length > 20 ? 12 : 7 }}>
              <ChildrenBars data={children} indicator={chart} lang={lang} onPick={pick} levelLabel={levelLabel} />
            </Grid>
            <Grid size={{ xs: 12, lg: children.length > 20 ? 12 : 5 }}>
              <TrendLine points={trend.data ?? []} indicator={chart} lang={lang} />
            </Grid>
          </Grid>
          <Stack direction="row" sx={{ mt: 3, mb: 1, alignItems: 'center', gap: 2 }}>
            <Typography variant="h6">{translate('fupin.dashboard.table')}</Typography>
            <XlsxExportButton resource="DASHBOARD" filter={{ regionCode: region.id, ...periodArgs, level: childLevel, within: region.id, sortBy: sortBy ?? null, order }} label="fupin.export.table" />
          </Stack>
          <ChildrenTable
            totals={region.stats}
            rows={children}
            lang={lang}
            sortBy={sortBy}
            order={order}
            onSort={onSort}
            onPick={pick}
            rowTestId={(c) => (region.level === 'CITY' ? `county-${c}` : `child-${c}`)}
          />
        </>
      )}

      {!childLevel && (
        <>
          <Box sx={{ mt: 3 }}>
            <TrendLine points={trend.data ?? []} indicator={chart} lang={lang} />
          </Box>
          {canRead && <VillagePeople villageId={region.id} />}
        </>
      )}
    </Box>
  );
};
