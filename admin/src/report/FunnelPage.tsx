import { Alert, Box, Card, CardContent, LinearProgress, MenuItem, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, ToggleButton, ToggleButtonGroup, Tooltip, Typography } from '@mui/material';
import { CITY_CODE, FUNNEL_STEP_KEYS, FUNNEL_STEPS, REPORT_DATE, type FunnelStep } from '@fupin/schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Title, useDataProvider, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router';
import { useAccess } from '../common/access';
import type { HubDataProvider } from '../dataProvider';
import { formatCount } from '../format';
import type { FirstWorkDelay, FunnelLeagueRow } from './reportMethods';

const YEARS = Array.from({ length: new Date().getFullYear() - 2015 }, (_, i) => 2016 + i).reverse();
/** Steps a league can be ranked by (the first, 报名参训, is 100% for everyone). */
const RANK_STEPS = FUNNEL_STEP_KEYS.filter((s) => FUNNEL_STEPS[s].of !== null);
const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
const cellSx = { px: 0.75, py: 0.4, whiteSpace: 'nowrap' } as const;
// Headers wrap (their units make them long); cells stay on one line.
const tableSx = { '& td, & th': cellSx, '& th': { whiteSpace: 'normal', lineHeight: 1.3, verticalAlign: 'bottom' } } as const;
/** Shades of the distribution, sooner darker. */
const BUCKET_COLOURS = ['#1b5e20', '#43a047', '#9ccc65', '#ffb74d', '#e57373'];

/**
 * `/funnel?within=&year=&by=&step=`: lasting work (培训转化与稳定就业). The training classes or providers
 * of the city (or a county) ranked by the share of their enrolled who reached a step (培训后就业 by
 * default, 稳定就业 for lasting jobs), with their funnels; and the days from registration to first work
 * in each county (a county's townships), median and distribution. Statistics: every role sees it.
 */
export const FunnelPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { scope } = useAccess();
  const [params, setParams] = useSearchParams();
  const within = params.get('within') ?? scope ?? CITY_CODE;
  const year = Number(params.get('year')) || Number(REPORT_DATE.slice(0, 4));
  const by = params.get('by') === 'PROVIDER' ? 'PROVIDER' : 'CLASS';
  const step = (RANK_STEPS as string[]).includes(params.get('step') ?? '') ? (params.get('step') as FunnelStep) : 'employed';
  const set = (k: string, v: string) => setParams((p) => ({ ...Object.fromEntries(p), [k]: v }));
  const dp = useDataProvider<HubDataProvider>();
  const { data: counties = [] } = useGetList('Region', { filter: { parentId: CITY_CODE }, pagination: { page: 1, perPage: 50 }, sort: { field: 'code', order: 'ASC' }, meta: { sparseFields: ['id', 'name'] } });
  const countyName = (code: string) => counties.find((c) => String(c.id) === code)?.name ?? code;
  const league = useQuery({ queryKey: ['hub', 'funnelLeague', by, within, step, year, locale], queryFn: () => dp.funnelLeague(by, within, step, year).then((r) => r.data), placeholderData: keepPreviousData });
  const delays = useQuery({ queryKey: ['hub', 'timeToFirstWork', within, locale], queryFn: () => dp.timeToFirstWork(within).then((r) => r.data), placeholderData: keepPreviousData });
  const scoped = !!scope && scope !== CITY_CODE;

  return (
    <Box sx={{ mt: 1, mb: 2, display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="funnel-page">
      <Title title={translate('fupin.funnel.title')} />
      <Stack direction="row" sx={{ gap: 1.5, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <TextField select size="small" label={translate('fupin.targets.within')} value={within} onChange={(e) => set('within', e.target.value)} sx={{ width: 200 }} slotProps={{ htmlInput: { 'data-testid': 'funnel-within' } }}>
          {!scoped && <MenuItem value={CITY_CODE}>{translate('fupin.funnel.city')}</MenuItem>}
          {counties
            .filter((c) => !scoped || String(c.id).slice(0, 6) === scope!.slice(0, 6))
            .map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          {scoped && scope!.slice(6) !== '000000' && <MenuItem value={scope!}>{translate('fupin.funnel.ownTownship')}</MenuItem>}
        </TextField>
        <TextField select size="small" label={translate('fupin.targets.year')} value={year} onChange={(e) => set('year', e.target.value)} sx={{ width: 100 }}>
          {YEARS.map((y) => (
            <MenuItem key={y} value={y}>
              {y}
            </MenuItem>
          ))}
        </TextField>
        <ToggleButtonGroup size="small" exclusive value={by} onChange={(_, v) => v && set('by', v)}>
          <ToggleButton value="CLASS" data-testid="funnel-by-class">
            {translate('fupin.funnel.byClass')}
          </ToggleButton>
          <ToggleButton value="PROVIDER" data-testid="funnel-by-provider">
            {translate('fupin.funnel.byProvider')}
          </ToggleButton>
        </ToggleButtonGroup>
        <TextField select size="small" label={translate('fupin.funnel.rankBy')} value={step} onChange={(e) => set('step', e.target.value)} sx={{ width: 150 }} slotProps={{ htmlInput: { 'data-testid': 'funnel-step' } }}>
          {RANK_STEPS.map((s) => (
            <MenuItem key={s} value={s}>
              {translate(`fupin.funnel.steps.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1, minWidth: 240 }}>
          {translate('fupin.funnel.hint', { step: translate(`fupin.funnel.steps.${step}`) })}
        </Typography>
      </Stack>
      <Card sx={{ mb: 1.5 }}>
        <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
          <Typography variant="h6" sx={{ mb: 0.5 }}>
            {translate(by === 'CLASS' ? 'fupin.funnel.classLeague' : 'fupin.funnel.providerLeague')}
          </Typography>
          <Box sx={{ height: 4 }}>{league.isFetching && <LinearProgress />}</Box>
          {league.error ? (
            <Alert severity="error">{(league.error as Error).message}</Alert>
          ) : league.data?.length === 0 ? (
            <Typography>{translate('fupin.funnel.none')}</Typography>
          ) : (
            league.data && <LeagueTable rows={league.data} by={by} step={step} countyName={countyName} ready={!league.isPlaceholderData && !league.isFetching} />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
          <Typography variant="h6">{translate('fupin.funnel.delayTitle')}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
            {translate('fupin.funnel.delayHint')}
          </Typography>
          {delays.error ? <Alert severity="error">{(delays.error as Error).message}</Alert> : delays.data && <DelayTable rows={delays.data} drill={(code) => set('within', code)} canDrill={within === CITY_CODE} ready={!delays.isPlaceholderData && !delays.isFetching} />}
        </CardContent>
      </Card>
    </Box>
  );
};

/** Rank, the class (its kind, county, provider) or provider, the count at each step and the ranking rate. */
const LeagueTable = ({ rows, by, step, countyName, ready }: { rows: FunnelLeagueRow[]; by: 'CLASS' | 'PROVIDER'; step: FunnelStep; countyName: (code: string) => string; ready: boolean }) => {
  const translate = useTranslate();
  return (
    <TableContainer sx={{ maxHeight: 300 }}>
      {/* data-state: whether the rows are the current choice's (the previous ones stay while it loads). */}
      <Table size="small" stickyHeader data-testid="funnel-league" data-state={ready ? 'ready' : 'loading'} sx={tableSx}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('fupin.report.rank')}</TableCell>
            <TableCell>{translate(by === 'CLASS' ? 'fupin.funnel.class' : 'fupin.funnel.provider')}</TableCell>
            {by === 'CLASS' && <TableCell>{translate('fupin.funnel.kind')}</TableCell>}
            <TableCell>{translate('fupin.funnel.county')}</TableCell>
            {by === 'CLASS' && <TableCell>{translate('fupin.funnel.provider')}</TableCell>}
            {FUNNEL_STEP_KEYS.map((s) => (
              <TableCell key={s} align="right">
                {translate(`fupin.funnel.steps.${s}`)}
                {translate('fupin.funnel.personTimes')}
              </TableCell>
            ))}
            <TableCell align="right">{translate('fupin.funnel.rate', { step: translate(`fupin.funnel.steps.${step}`) })}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} data-testid={`funnel-row-${r.id}`}>
              <TableCell align="right">{r.rank}</TableCell>
              <Tooltip title={r.name} placement="top-start">
                <TableCell sx={{ maxWidth: by === 'CLASS' ? 220 : 320, overflow: 'hidden', textOverflow: 'ellipsis' }}>{r.name}</TableCell>
              </Tooltip>
              {by === 'CLASS' && <TableCell>{r.kind ? translate(`fupin.enum.TrainingKind.${r.kind}`) : '—'}</TableCell>}
              <TableCell>{countyName(r.countyCode)}</TableCell>
              {by === 'CLASS' && (
                <Tooltip title={r.providerName ?? ''} placement="top-start">
                  <TableCell sx={{ maxWidth: 150, overflow: 'hidden', textOverflow: 'ellipsis' }}>{r.providerName ?? '—'}</TableCell>
                </Tooltip>
              )}
              {r.steps.map((s) => (
                <TableCell key={s.step} align="right">
                  {formatCount(s.count)}
                </TableCell>
              ))}
              <TableCell align="right" sx={{ fontWeight: 600 }} data-testid={`funnel-rate-${r.id}`}>
                {pct(r.rate)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/** A row per region: people, in work, the median days and the distribution as counts and a bar. */
const DelayTable = ({ rows, drill, canDrill, ready }: { rows: FirstWorkDelay[]; drill: (code: string) => void; canDrill: boolean; ready: boolean }) => {
  const translate = useTranslate();
  const labels = rows[0]?.bucketLabels ?? [];
  return (
    <TableContainer sx={{ maxHeight: 330 }}>
      <Table size="small" stickyHeader data-testid="first-work" data-state={ready ? 'ready' : 'loading'} sx={tableSx}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('fupin.report.region')}</TableCell>
            <TableCell align="right">{translate('fupin.funnel.laborers')}</TableCell>
            <TableCell align="right">{translate('fupin.funnel.working')}</TableCell>
            <TableCell align="right">{translate('fupin.funnel.before')}</TableCell>
            <TableCell align="right">{translate('fupin.funnel.median')}</TableCell>
            {labels.map((l) => (
              <TableCell key={l} align="right">
                {l}
                {translate('fupin.funnel.people')}
              </TableCell>
            ))}
            <TableCell sx={{ width: 130 }}>{translate('fupin.funnel.distribution')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => {
            const total = r.buckets.reduce((a, b) => a + b, 0);
            return (
              <TableRow key={r.regionCode} data-testid={`first-work-${r.regionCode}`} hover={canDrill} onClick={canDrill ? () => drill(r.regionCode) : undefined} sx={canDrill ? { cursor: 'pointer' } : undefined}>
                <TableCell>{r.name}</TableCell>
                <TableCell align="right">{formatCount(r.laborers)}</TableCell>
                <TableCell align="right">{formatCount(r.working)}</TableCell>
                <TableCell align="right">{formatCount(r.workingWhenRegistered)}</TableCell>
                <TableCell align="right" sx={{ fontWeight: 600 }} data-testid={`first-work-median-${r.regionCode}`}>
                  {r.medianDays == null ? '—' : formatCount(r.medianDays)}
                </TableCell>
                {r.buckets.map((b, i) => (
                  <TableCell key={i} align="right">
                    {formatCount(b)}
                  </TableCell>
                ))}
                <TableCell>
                  <Box sx={{ display: 'flex', height: 12, width: 120, bgcolor: total ? undefined : 'action.hover' }}>
                    {r.buckets.map((b, i) => (b ? <Box key={i} title={`${labels[i]}：${formatCount(b)}`} sx={{ width: `${(b / total) * 100}%`, bgcolor: BUCKET_COLOURS[i] }} /> : null))}
                  </Box>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
