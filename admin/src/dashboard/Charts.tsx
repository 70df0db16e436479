import { Card, CardContent, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { indicatorInfo, type IndicatorKey } from '@fupin/schema';
import { useTranslate } from 'react-admin';
import type { RegionDashboard } from '../hubMethods';
import { formatIndicator } from './format';

const valueFormatter = (key: string, lang: 'zh' | 'en') => (v: number | null) => formatIndicator(key, v, lang);

/** Money axes in 万元 (a Chinese reader's unit for large sums); ratios in percent. */
const axisFormatter = (key: string, lang: 'zh' | 'en') => {
  const unit = indicatorInfo(key as IndicatorKey)?.unit;
  if (unit === 'RATIO') return (v: number) => `${Math.round(v * 100)}%`;
  if (unit === 'YUAN' && lang === 'zh') return (v: number) => (Math.abs(v) >= 10_000 ? `${(v / 10_000).toLocaleString('en-US')}万` : String(v));
  return (v: number) => v.toLocaleString('en-US');
};

/** One bar per child region (county, township or village); a click on a bar drills into it. */
export const ChildrenBars = ({ data, indicator, lang, onPick, levelLabel }: { data: RegionDashboard['children']; indicator: string; lang: 'zh' | 'en'; onPick: (code: string) => void; levelLabel: string }) => {
  const translate = useTranslate();
  if (!data.length) return null;
  const label = translate(`fupin.indicator.${indicator}`);
  return (
    <Card variant="outlined" data-testid="chart-children">
      <CardContent>
        <Typography variant="subtitle1">
          {translate('fupin.dashboard.byChild', { level: levelLabel })} · {label}
        </Typography>
        <BarChart
          skipAnimation
          height={320}
          xAxis={[{ scaleType: 'band', data: data.map((c) => c.region.name), tickLabelStyle: { fontSize: 11 }, height: data.length > 12 ? 60 : 30, tickLabelPlacement: 'middle' }]}
          yAxis={[{ valueFormatter: axisFormatter(indicator, lang), width: 60 }]}
          series={[{ data: data.map((c) => (c[indicator as keyof typeof c] as number | null) ?? null), label, valueFormatter: valueFormatter(indicator, lang) }]}
          hideLegend
          onAxisClick={(_e, d) => d && data[d.dataIndex] && onPick(data[d.dataIndex].region.id)}
          margin={{ left: 8, right: 8 }}
        />
      </CardContent>
    </Card>
  );
};

/** The indicator month by month (as of the end of each month). */
export const TrendLine = ({ points, indicator, lang }: { points: { month: string; value: number | null }[]; indicator: string; lang: 'zh' | 'en' }) => {
  const translate = useTranslate();
  const label = translate(`fupin.indicator.${indicator}`);
  return (
    <Card variant="outlined" data-testid="chart-trend">
      <CardContent>
        <Typography variant="subtitle1">
          {translate('fupin.dashboard.trend')} · {label}
        </Typography>
        {points.length > 0 && (
          <LineChart
            skipAnimation
            height={320}
            xAxis={[{ scaleType: 'point', data: points.map((p) => p.month) }]}
            yAxis={[{ valueFormatter: axisFormatter(indicator, lang), width: 60 }]}
            series={[{ data: points.map((p) => p.value), label, valueFormatter: valueFormatter(indicator, lang), area: false, showMark: true, curve: 'linear' }]}
            hideLegend
            margin={{ left: 8, right: 32 }}
          />
        )}
      </CardContent>
    </Card>
  );
};
