import { Box, Card, CardContent, Grid, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, Loading, Title, useTranslate } from 'react-admin';
import { useParams } from 'react-router';
import { formatCount, formatDate } from '../format';
import { formatPercent } from '../dashboard/format';
import { useLifecycle } from './useLifecycle';

/**
 * 一村一图: one village's ledger: its households with their helpers, the plans and overdue measures,
 * the exits in progress, and its statistics as of today.
 */
export const VillagePage = () => {
  const { code = '' } = useParams();
  const translate = useTranslate();
  const lc = useLifecycle();
  const { data, isPending, error } = useQuery({ queryKey: ['hub', 'villageLedger', code], queryFn: () => lc.villageLedger(code) });
  if (isPending) return <Loading />;
  if (error || !data?.region) return <Typography sx={{ p: 2 }}>{translate('fupin.lifecycle.villageMissing')}</Typography>;
  const s = data.stats;
  const figures: [string, string][] = [
    ['laborers', formatCount(s.laborers)],
    ['households', formatCount(s.households)],
    ['poorHouseholds', formatCount(s.poorHouseholds)],
    ['householdsExited', formatCount(s.householdsExited)],
    ['householdsWithHelper', `${formatCount(s.householdsWithHelper)}（${formatPercent(s.helperShare)}）`],
    ['laborersWithPlan', formatCount(s.laborersWithPlan)],
    ['planMeasuresMet', formatCount(s.planMeasuresMet)],
    ['planMeasuresOverdue', formatCount(s.planMeasuresOverdue)],
  ];
  return (
    <Box sx={{ p: 2 }} data-testid="village-page">
      <Title title={translate('fupin.lifecycle.villagePage', { name: data.region.name })} />
      <Typography variant="h5" sx={{ mb: 1 }}>
        {[...data.region.ancestors.map((a) => a.name), data.region.name].join(' / ')}
      </Typography>
      <Grid container spacing={2} sx={{ mb: 2 }}>
        {figures.map(([k, v]) => (
          <Grid key={k} size={{ xs: 6, md: 3 }}>
            <Card variant="outlined" data-testid={`village-${k}`}>
              <CardContent>
                <Typography variant="body2" color="text.secondary">{translate(`fupin.lifecycle.figures.${k}`)}</Typography>
                <Typography variant="h5">{v}</Typography>
              </CardContent>
            </Card>
          </Grid>
        ))}
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="h6">{translate('fupin.lifecycle.villageHouseholds', { shown: data.households.length, total: data.total })}</Typography>
              <Table size="small" data-testid="village-households">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('resources.Household.fields.headName')}</TableCell>
                    <TableCell>{translate('resources.Household.fields.povertyStatus')}</TableCell>
                    <TableCell>{translate('fupin.lifecycle.helper')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.households.map((h) => (
                    <TableRow key={h.id} data-testid={`village-household-${h.id}`}>
                      <TableCell>
                        <Link to={`/Household/${h.id}/show`}>{h.headName}</Link>
                      </TableCell>
                      <TableCell>
                        {translate(`fupin.enum.PovertyStatus.${h.povertyStatus}`)}
                        {h.exitedPovertyYear ? `（${h.exitedPovertyYear}）` : ''}
                      </TableCell>
                      <TableCell>{h.currentHelper?.helper ? `${h.currentHelper.helper.name}（${formatDate(h.currentHelper.startDate)}起）` : translate('fupin.lifecycle.noHelper')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Card variant="outlined" sx={{ mb: 2 }}>
            <CardContent data-testid="village-proposals">
              <Typography variant="h6">{translate('fupin.lifecycle.exitsInProgress', { n: data.proposals.length })}</Typography>
              {data.proposals.map((p) => (
                <Typography key={p.id} variant="body2">
                  <Link to={`/ExitProposal/${p.id}/show`}>{translate('fupin.lifecycle.householdNo', { id: p.householdId })}</Link>：{translate(`fupin.enum.ExitProposalStatus.${p.status}`)}（{formatDate(p.proposedOn)}）
                </Typography>
              ))}
            </CardContent>
          </Card>
          <Card variant="outlined">
            <CardContent data-testid="village-overdue">
              <Typography variant="h6">{translate('fupin.lifecycle.overdueMeasures', { n: data.overdue.length, plans: formatCount(data.plans) })}</Typography>
              {data.overdue.map((m) => (
                <Typography key={m.id} variant="body2">
                  <Link to={`/Laborer/${m.laborerId}/show`}>{translate('fupin.lifecycle.laborerEvent', { id: m.laborerId })}</Link>：{translate(`fupin.enum.PlanMeasureKind.${m.kind}`)}，{translate('fupin.lifecycle.target', { on: formatDate(m.targetDate) })}
                </Typography>
              ))}
            </CardContent>
          </Card>
        </Grid>
      </Grid>
    </Box>
  );
};
