import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// SVG: crisp on paper and in a PDF.
echarts.use([BarChart, GridComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

/** A bar per region for a report section; `line`: a reference value (100% of the pace). */
export const ReportBars = ({ names, values, format, line, testId }: { names: string[]; values: (number | null)[]; format: (v: number) => string; line?: number; testId?: string }) => {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 12, top: 16, bottom: names.length > 10 ? 64 : 28 },
      xAxis: { type: 'category', data: names, axisLabel: { fontSize: 9, interval: 0, rotate: names.length > 10 ? 45 : 0 } },
      yAxis: { type: 'value', axisLabel: { fontSize: 9, formatter: (v: number) => format(v) } },
      series: [
        {
          type: 'bar',
          data: values.map((v) => v ?? 0),
          itemStyle: { color: '#1565c0' },
          label: { show: names.length <= 12, position: 'top', fontSize: 8, formatter: (p: { value: number }) => format(p.value) },
          ...(line !== undefined ? { markLine: { symbol: 'none', silent: true, lineStyle: { color: '#b71c1c', type: 'dashed' }, data: [{ yAxis: line }], label: { formatter: () => format(line), fontSize: 8 } } } : {}),
        },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [names, values, format, line]);
  return <div ref={el} className="report-chart" data-testid={testId} />;
};
