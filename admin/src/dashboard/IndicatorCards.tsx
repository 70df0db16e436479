import { Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import { indicatorInfo, type IndicatorKey } from '@fupin/schema';
import { useTranslate } from 'react-admin';
import { formatCount, formatMoney } from '../format';
import type { Stats } from '../hubMethods';
import { formatPercent } from './format';

interface CardSpec {
  key: string;
  title: string;
  value: string;
  sub?: string;
}

/** The article's headline figures for the place: people, training, transfer, business, posts, loans, subsidies. */
export const IndicatorCards = ({ stats, lang }: { stats: Stats; lang: 'zh' | 'en' }) => {
  const translate = useTranslate();
  const n = (v: number | null) => formatCount(v ?? 0);
  const share = (s: number | null, demand: number | null) => translate('fupin.dashboard.cards.shareOf', { share: formatPercent(s), demand: n(demand) });
  const cards: CardSpec[] = [
    { key: 'laborers', title: translate('fupin.dashboard.cards.laborers'), value: n(stats.laborers), sub: translate('fupin.dashboard.cards.laborersSub', { households: n(stats.households) }) },
    { key: 'trained', title: translate('fupin.dashboard.cards.trained'), value: n(stats.trained), sub: share(stats.trainedShare, stats.trainingDemand) },
    { key: 'transferEmployed', title: translate('fupin.dashboard.cards.transfer'), value: n(stats.transferEmployed), sub: share(stats.transferEmployedShare, stats.transferDemand) },
    { key: 'enterprisesStarted', title: translate('fupin.dashboard.cards.enterprise'), value: n(stats.enterprisesStarted), sub: share(stats.enterprisesStartedShare, stats.enterpriseDemand) },
    { key: 'welfarePosts', title: translate('fupin.dashboard.cards.welfare'), value: n(stats.welfarePosts), sub: translate('fupin.dashboard.cards.welfareSub', { placed: n(stats.welfarePlaced) }) },
    {
      key: 'loanAmountIssued',
      title: translate('fupin.dashboard.cards.loans'),
      value: formatMoney(stats.loanAmountIssued ?? 0, lang),
      sub: translate('fupin.dashboard.cards.loansSub', { startup: formatMoney(stats.startupLoanAmount ?? 0, lang), dream: formatMoney(stats.dreamLoanAmount ?? 0, lang) }),
    },
    { key: 'householdsExited', title: translate('fupin.dashboard.cards.exited'), value: n(stats.householdsExited), sub: translate('fupin.dashboard.cards.exitedSub', { laborers: n(stats.laborersExited) }) },
    {
      key: 'subsidyPaid',
      title: translate('fupin.dashboard.cards.subsidies'),
      value: formatMoney(stats.subsidyPaid ?? 0, lang),
      sub: translate('fupin.dashboard.cards.subsidiesSub', { approved: formatMoney(stats.subsidyApproved ?? 0, lang) }),
    },
  ];
  return (
    <Grid container spacing={2} data-testid="indicator-cards">
      {cards.map((c) => (
        <Grid key={c.key} size={{ xs: 12, sm: 6, md: 4, lg: 3 }}>
          <Card variant="outlined" data-testid={`card-${c.key}`} sx={{ height: '100%' }}>
            <CardContent>
              <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', gap: 1 }}>
                <Typography variant="body2" color="text.secondary">
                  {c.title}
                </Typography>
                {/* Registry figures are the registry as it is; the others count the chosen period. */}
                <Chip
                  size="small"
                  variant="outlined"
                  data-testid={`card-${c.key}-kind`}
                  color={indicatorInfo(c.key as IndicatorKey)?.group === 'REGISTRY' ? 'default' : 'primary'}
                  label={translate(indicatorInfo(c.key as IndicatorKey)?.group === 'REGISTRY' || c.key === 'welfarePosts' ? 'fupin.dashboard.stock' : 'fupin.dashboard.flow')}
                  sx={{ height: 20, fontSize: 12 }}
                />
              </Stack>
              <Typography variant="h4" component="div" data-testid={`card-${c.key}-value`} sx={{ fontWeight: 600, my: 0.5, whiteSpace: 'nowrap', ...(c.value.length > 11 ? { fontSize: '1.5rem', lineHeight: '2.125rem' } : {}) }}>
                {c.value}
              </Typography>
              {c.sub && (
                <Typography variant="body2" color="text.secondary" data-testid={`card-${c.key}-sub`}>
                  {c.sub}
                </Typography>
              )}
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
};
