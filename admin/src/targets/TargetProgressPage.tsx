import AddIcon from '@mui/icons-material/Add';
import { Alert, Box, Button, Card, CardContent, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { CITY_CODE, REPORT_DATE, TARGET_INDICATORS, type TargetIndicator, targetStatus } from '@fupin/schema';
import { useQuery } from '@tanstack/react-query';
import { Link, Loading, Title, useCreatePath, useDataProvider, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router';
import { useAccess } from '../common/access';
import type { HubDataProvider } from '../dataProvider';
import { formatDate } from '../format';
import type { LeagueRow, Progress } from '../report/reportMethods';
import { StatusChip } from './StatusChip';
import { formatTargetValue, pct } from './values';

const INDICATORS = Object.keys(TARGET_INDICATORS) as TargetIndicator[];
const YEARS = Array.from({ length: new Date().getFullYear() - 2015 }, (_, i) => 2016 + i).reverse();
const monthEnd = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
const cellSx = { px: 0.75, py: 0.5 } as const;

/**
 * `/targets/progress?within=&year=&month=`: the league table (the counties of the city, or a county's
 * townships, ranked by their pace on the year's targets) and the supervision list (督办清单: every target
 * below the pace, the farthest behind first), as the API computes them. Statistics: every role sees it.
 */
export const TargetProgressPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const lang = locale === 'en' ? 'en' : 'zh';
  const { canWrite, scope } = useAccess();
  const createPath = useCreatePath();
  const [params, setParams] = useSearchParams();
  const within = params.get('within') ?? (scope && scope !== CITY_CODE ? `${scope.slice(0, 6)}000000` : CITY_CODE);
  const year = Number(params.get('year')) || Number(REPORT_DATE.slice(0, 4));
  const month = Number(params.get('month')) || (year === Number(REPORT_DATE.slice(0, 4)) ? Number(REPORT_DATE.slice(5, 7)) : 12);
  const asOf = monthEnd(year, month);
  const set = (k: string, v: string) => setParams((p) => ({ ...Object.fromEntries(p), [k]: v }));
  const dp = useDataProvider<HubDataProvider>();
  const { data: counties = [] } = useGetList('Region', { filter: { parentId: CITY_CODE }, pagination: { page: 1, perPage: 50 }, sort: { field: 'code', order: 'ASC' }, meta: { sparseFields: ['id', 'name'] } });
  const { data, isPending, error } = useQuery({ queryKey: ['hub', 'targetSupervision', within, year, asOf], queryFn: () => dp.targetSupervision(within, year, asOf).then((r) => r.data) });
  // Only the indicators some region has a target for: the table fits the screen.
  const shown = INDICATORS.filter((i) => data?.league.some((l) => l.progress.some((p) => p.indicator === i)));

  return (
    <Box sx={{ mt: 1, mb: 2 }} data-testid="target-progress-page">
      <Title title={translate('fupin.targets.title')} />
      <Stack direction="row" sx={{ gap: 1.5, alignItems: 'center', flexWrap: 'wrap', mb: 1.5 }}>
        <TextField select size="small" label={translate('fupin.targets.within')} value={within} onChange={(e) => set('within', e.target.value)} sx={{ width: 240 }} slotProps={{ htmlInput: { 'data-testid': 'progress-within' } }}>
          {!(scope && scope !== CITY_CODE) && <MenuItem value={CITY_CODE}>{translate('fupin.targets.city')}</MenuItem>}
          {counties
            .filter((c) => !scope || scope === CITY_CODE || String(c.id).slice(0, 6) === scope.slice(0, 6))
            .map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
        </TextField>
        <TextField select size="small" label={translate('fupin.targets.year')} value={year} onChange={(e) => setParams((p) => ({ ...Object.fromEntries(p), year: e.target.value, month: '12' }))} sx={{ width: 110 }}>
          {YEARS.map((y) => (
            <MenuItem key={y} value={y}>
              {y}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label={translate('fupin.targets.asOf')} value={month} onChange={(e) => set('month', e.target.value)} sx={{ width: 110 }}>
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <MenuItem key={m} value={m}>
              {translate('fupin.targets.month', { month: m })}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1, minWidth: 260 }}>
          {translate('fupin.targets.asOfText', { date: formatDate(asOf) })}
        </Typography>
        {canWrite('Target') && (
          <Button component={Link} to={createPath({ resource: 'Target', type: 'create' })} startIcon={<AddIcon />} variant="contained" size="small" data-testid="progress-create-target">
            {translate('ra.action.create')}
          </Button>
        )}
      </Stack>
      {isPending ? (
        <Loading />
      ) : error || !data ? (
        <Alert severity="error">{(error as Error | null)?.message}</Alert>
      ) : (
        <>
          <Card sx={{ mb: 2 }}>
            <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
              <Typography variant="h6" sx={{ mb: 1 }}>
                {translate('fupin.report.league')}
              </Typography>
              {shown.length === 0 ? (
                <Typography>{translate('fupin.targets.noTargets')}</Typography>
              ) : (
                <LeagueTable rows={data.league} indicators={shown} lang={lang} />
              )}
            </CardContent>
          </Card>
          <Card>
            <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
              <Typography variant="h6" sx={{ mb: 1 }}>
                {translate('fupin.report.supervision')}
              </Typography>
              {data.supervision.length === 0 ? <Typography>{translate('fupin.report.noSupervision')}</Typography> : <SupervisionTable rows={data.supervision} lang={lang} />}
            </CardContent>
          </Card>
        </>
      )}
    </Box>
  );
};

/** One row per region: its rank, overall pace and status, and each target's share achieved with its status. */
const LeagueTable = ({ rows, indicators, lang }: { rows: LeagueRow[]; indicators: TargetIndicator[]; lang: 'zh' | 'en' }) => {
  const translate = useTranslate();
  return (
    <Table size="small" data-testid="progress-league" sx={{ '& td, & th': cellSx, tableLayout: 'fixed' }}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: 44 }}>{translate('fupin.report.rank')}</TableCell>
          <TableCell sx={{ width: 110 }}>{translate('fupin.report.region')}</TableCell>
          <TableCell sx={{ width: 96 }}>{translate('fupin.targets.overall')}</TableCell>
          {indicators.map((i) => (
            <TableCell key={i} align="center">
              {translate(`fupin.enum.TargetIndicator.${i}`)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((l) => (
          <TableRow key={l.region.id} data-testid={`league-${l.region.id}`}>
            <TableCell>{l.rank}</TableCell>
            <TableCell>{l.region.name}</TableCell>
            <TableCell>
              {l.score == null ? (
                '—'
              ) : (
                <Stack sx={{ alignItems: 'flex-start', gap: 0.25 }}>
                  <span>{pct(l.score)}</span>
                  <StatusChip status={targetStatus(l.score, 1)} />
                </Stack>
              )}
            </TableCell>
            {indicators.map((i) => {
              const p = l.progress.find((x) => x.indicator === i);
              return (
                <TableCell key={i} align="center" data-testid={p ? `league-${l.region.id}-${i}` : undefined} title={p ? `${formatTargetValue(i, p.achieved, lang)} / ${formatTargetValue(i, p.target, lang)}` : undefined}>
                  {p ? (
                    <Stack sx={{ alignItems: 'center', gap: 0.25 }}>
                      <span>{pct(p.share)}</span>
                      <StatusChip status={p.status} />
                    </Stack>
                  ) : (
                    '—'
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** Every target behind the pace, the farthest behind first: what is due, what is done, what is missing. */
const SupervisionTable = ({ rows, lang }: { rows: Progress[]; lang: 'zh' | 'en' }) => {
  const translate = useTranslate();
  const head = ['region', 'indicator', 'target', 'achieved', 'share', 'expected', 'shortfall', 'status'];
  return (
    <Table size="small" data-testid="progress-supervision" sx={{ '& td, & th': { ...cellSx, whiteSpace: 'nowrap' } }}>
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableCell key={h} align={['target', 'achieved', 'share', 'expected', 'shortfall'].includes(h) ? 'right' : 'left'}>
              {translate(`fupin.report.${h}`)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((p) => (
          <TableRow key={`${p.regionCode}-${p.indicator}`} data-testid={`supervision-${p.regionCode}-${p.indicator}`}>
            <TableCell>{[p.region.parent && p.region.parent.id !== CITY_CODE ? p.region.parent.name : null, p.region.name].filter(Boolean).join(' ')}</TableCell>
            <TableCell>{translate(`fupin.enum.TargetIndicator.${p.indicator}`)}</TableCell>
            <TableCell align="right">{formatTargetValue(p.indicator, p.target, lang)}</TableCell>
            <TableCell align="right">{formatTargetValue(p.indicator, p.achieved, lang)}</TableCell>
            <TableCell align="right">{pct(p.share)}</TableCell>
            <TableCell align="right">{pct(p.expected)}</TableCell>
            <TableCell align="right">{p.shortfall > 0 ? formatTargetValue(p.indicator, Math.ceil(p.shortfall), lang) : '—'}</TableCell>
            <TableCell>
              <StatusChip status={p.status} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
