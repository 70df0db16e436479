import { Card, CardContent, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { indicatorInfo, type IndicatorKey } from '@fupin/schema';
import { useTranslate } from 'react-admin';
import type { RegionDashboard } from '../hubMethods';
import { formatIndicator } from './format';
import { formatYuanTick } from '../format';

const valueFormatter = (key: string, lang: 'zh' | 'en') => (v: number | null) => formatIndicator(key, v, lang);

/**
 * One unit per value axis, said in the chart's title: money in 元 like everywhere else (never "8,000" next to "1万"), ratios
 * in percent, counts as they are. Hover and the table beside the chart give the exact figures.
 */
export function axisOf(key: string, translate: (k: string, o?: object) => string): { format: (v: number) => string; unit: string | null; width?: number } {
  const unit = indicatorInfo(key as IndicatorKey)?.unit;
  if (unit === 'RATIO') return { format: (v) => `${Math.round(v * 100)}`, unit: '%' };
  if (unit === 'YUAN') return MONEY_AXIS(translate);
  return { format: (v) => v.toLocaleString('en-US'), unit: unit ? translate(`fupin.unit.${unit}`) : null };
}

// Whole yuan ticks run to 11 characters (120,000,000): the axis is wide enough for them.
export const MONEY_AXIS = (translate: (k: string, o?: object) => string) => ({ format: formatYuanTick, unit: translate('fupin.dashboard.yuan'), width: 84 });

/** Every category gets its label: rotated when there are many, so none is skipped at 1366 px. */
export function bandLabels(names: string[]) {
  const many = names.length > 9;
  return {
    tickLabelInterval: () => true,
    tickLabelStyle: many ? { fontSize: 11, angle: -45, textAnchor: 'end' as const } : { fontSize: 12 },
    height: many ? 80 : 30,
  };
}

/** One bar per child region (county, township or village); a click on a bar drills into it. */
export const ChildrenBars = ({ data, indicator, lang, onPick, levelLabel }: { data: RegionDashboard['children']; indicator: string; lang: 'zh' | 'en'; onPick: (code: string) => void; levelLabel: string }) => {
  const translate = useTranslate();
  if (!data.length) return null;
  const label = translate(`fupin.indicator.${indicator}`);
  const axis = axisOf(indicator, translate);
  const names = data.map((c) => c.region.name);
  return (
    <Card variant="outlined" data-testid="chart-children">
      <CardContent>
        <Typography variant="subtitle1">
          {translate('fupin.dashboard.byChild', { level: levelLabel })} · {axis.unit ? translate('fupin.dashboard.valueAxis', { label, unit: axis.unit }) : label}
        </Typography>
        <BarChart
          skipAnimation
          height={names.length > 9 ? 360 : 320}
          xAxis={[{ scaleType: 'band', data: names, tickPlacement: 'middle', ...bandLabels(names) }]}
          yAxis={[{ valueFormatter: axis.format, width: axis.width ?? 60 }]}
          series={[{ data: data.map((c) => (c[indicator as keyof typeof c] as number | null) ?? null), label, valueFormatter: valueFormatter(indicator, lang) }]}
          hideLegend
          onAxisClick={(_e, d) => d && data[d.dataIndex] && onPick(data[d.dataIndex].region.id)}
          margin={{ left: 8, right: 8 }}
          localeText={{ noData: translate('fupin.dashboard.noData'), loading: translate('ra.page.loading') }}
        />
      </CardContent>
    </Card>
  );
};

/** The indicator month by month, cumulative (as of the end of each month); every month labelled. */
export const TrendLine = ({ points, indicator, lang }: { points: { month: string; value: number | null }[]; indicator: string; lang: 'zh' | 'en' }) => {
  const translate = useTranslate();
  const label = translate(`fupin.indicator.${indicator}`);
  const axis = axisOf(indicator, translate);
  return (
    <Card variant="outlined" data-testid="chart-trend">
      <CardContent>
        <Typography variant="subtitle1">
          {translate('fupin.dashboard.trend')} · {axis.unit ? translate('fupin.dashboard.valueAxis', { label, unit: axis.unit }) : label}
        </Typography>
        {points.length > 0 && (
          <LineChart
            skipAnimation
            height={320}
            xAxis={[{ scaleType: 'point', data: points.map((p) => p.month), ...bandLabels(points.map((p) => p.month)) }]}
            yAxis={[{ valueFormatter: axis.format, width: axis.width ?? 60 }]}
            series={[{ data: points.map((p) => p.value), label, valueFormatter: valueFormatter(indicator, lang), area: false, showMark: true, curve: 'linear' }]}
            hideLegend
            margin={{ left: 8, right: 32 }}
            localeText={{ noData: translate('fupin.dashboard.noData'), loading: translate('ra.page.loading') }}
          />
        )}
      </CardContent>
    </Card>
  );
};
