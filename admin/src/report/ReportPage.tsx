import { Alert, Box, Button, MenuItem, Stack, TextField } from '@mui/material';
import { CITY_CODE, REPORT_DATE, TARGET_INDICATORS, type TargetIndicator } from '@fupin/schema';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, Loading, Title, useDataProvider, useTranslate } from 'react-admin';
import { useParams, useSearchParams } from 'react-router';
import type { HubDataProvider } from '../dataProvider';
import { formatDate, formatMoney, formatYuanTick } from '../format';
import { ReportBars } from './ReportChart';
import type { MonthlyReport, Progress, ReportColumn, ReportSection, ReportTable } from './reportMethods';
import './report.css';

/** A figure as the report prints it: counts with separators, yuan with two decimals, shares in percent. */
function cell(c: ReportColumn, v: number | null | undefined): string {
  if (v == null) return '—';
  if (c.ratio) return `${(v * 100).toFixed(1)}%`;
  if (c.unit === '元') return v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return Math.round(v).toLocaleString('zh-CN');
}

const targetValue = (i: string, v: number) => (TARGET_INDICATORS[i as TargetIndicator]?.unit === '元' ? formatMoney(v) : `${Math.round(v).toLocaleString('zh-CN')}${TARGET_INDICATORS[i as TargetIndicator]?.unit ?? ''}`);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Months a report can be made for: the programme's years up to this one (chosen from a list: the browser's month input speaks its own language). */
const MONTHS = (() => {
  const out: string[] = [];
  const last = new Date();
  for (let y = 2016; y <= last.getFullYear(); y++) for (let m = 1; m <= 12; m++) if (y < last.getFullYear() || m <= last.getMonth() + 1) out.push(`${y}-${String(m).padStart(2, '0')}`);
  return out.reverse();
})();

const Table = ({ t, first, testId }: { t: ReportTable; first: string; testId: string }) => (
  <table className="report-table" data-testid={testId}>
    <thead>
      <tr>
        <th>{first}</th>
        {t.columns.map((c) => (
          <th key={c.key}>
            {c.label}
            {c.unit && !c.ratio ? `（${c.unit}）` : ''}
          </th>
        ))}
      </tr>
    </thead>
    <tbody>
      {[...t.rows, t.total].map((r, k) => (
        <tr key={`${r.code}-${k}`} className={k === t.rows.length ? 'total' : undefined}>
          <td>{r.name}</td>
          {t.columns.map((c, i) => (
            <td key={c.key} className={r.texts?.[i] ? undefined : 'num'}>
              {r.texts?.[i] ?? cell(c, r.values[i])}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  </table>
);

const ProgressTable = ({ rows, withRegion, testId }: { rows: Progress[]; withRegion?: boolean; testId: string }) => {
  const translate = useTranslate();
  return (
    <table className="report-table" data-testid={testId}>
      <thead>
        <tr>
          {withRegion && <th>{translate('fupin.report.region')}</th>}
          <th>{translate('fupin.report.indicator')}</th>
          <th>{translate('fupin.report.target')}</th>
          <th>{translate('fupin.report.achieved')}</th>
          <th>{translate('fupin.report.share')}</th>
          <th>{translate('fupin.report.expected')}</th>
          <th>{translate('fupin.report.shortfall')}</th>
          <th>{translate('fupin.report.status')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={`${p.regionCode}-${p.indicator}`}>
            {withRegion && <td>{p.region.name}</td>}
            <td>{translate(`fupin.enum.TargetIndicator.${p.indicator}`)}</td>
            <td className="num">{targetValue(p.indicator, p.target)}</td>
            <td className="num">{targetValue(p.indicator, p.achieved)}</td>
            <td className="num">{pct(p.share)}</td>
            <td className="num">{pct(p.expected)}</td>
            <td className="num">{p.shortfall > 0 ? targetValue(p.indicator, Math.ceil(p.shortfall)) : '—'}</td>
            <td className={`status-${p.status}`}>{translate(`fupin.enum.TargetStatus.${p.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** The chart of a section: its children's main figure (the first column), or the targets' pace. */
function SectionChart({ s }: { s: ReportSection }) {
  const names = useMemo(() => s.table.rows.map((r) => r.name), [s]);
  const values = useMemo(() => s.table.rows.map((r) => r.values[0]), [s]);
  const col = s.table.columns[0];
  const format = useMemo(() => (v: number) => (col.ratio ? `${Math.round(v * 100)}%` : col.unit === '元' ? formatYuanTick(v) : String(Math.round(v))), [col]);
  if (!s.table.rows.length || !['training', 'employment', 'enterprise', 'subsidies'].includes(s.key)) return null;
  return <ReportBars names={names} values={values} format={format} testId={`chart-${s.key}`} />;
}

/**
 * `/reports/:code?month=YYYY-MM`: the monthly report (一键生成月报) as an A4 page: the headline figures
 * in sentences, a section per programme with its table and chart, the targets with progress, the league
 * table and the supervision list. Printing (or saving as PDF) uses the print stylesheet: the running
 * header repeats on every page. The workbook is the same report as .xlsx.
 */
export const ReportPage = () => {
  const translate = useTranslate();
  const { code = CITY_CODE } = useParams<{ code: string }>();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '') ? params.get('month')! : REPORT_DATE.slice(0, 7);
  const dp = useDataProvider<HubDataProvider>();
  const { data, isPending, error } = useQuery({ queryKey: ['hub', 'monthlyReport', code, month], queryFn: () => dp.monthlyReport(code, month).then((r) => r.data) });

  if (isPending) return <Loading />;
  if (error || !data) return <Alert severity="error" sx={{ mt: 2 }}>{(error as Error | null)?.message}</Alert>;
  const r: MonthlyReport = data;
  const made = formatDate(r.generatedAt);
  const first = r.region.level === 'CITY' ? '县（市、区）' : r.region.level === 'COUNTY' ? '乡镇（街道）' : '村（社区）';
  const monthNo = Number(r.month.slice(5));
  const periodText = `${r.year}年1月—${monthNo}月（截至${formatDate(r.asOf)}）`;
  const print = () => {
    void dp.recordReportExport(r.region.id, r.month, 'PRINT').catch(() => {});
    window.print();
  };
  const sections = r.sections.filter((s) => s.key !== 'targets' && s.key !== 'supervision');
  const targets = r.sections.find((s) => s.key === 'targets');
  const supervision = r.sections.find((s) => s.key === 'supervision');
  const paceRows = r.league;

  return (
    <Box className="report-page" sx={{ mt: 2, mb: 4 }}>
      <Title title={r.title} />
      <Stack className="report-toolbar" direction="row" sx={{ gap: 1, mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField select size="small" label={translate('fupin.report.month')} value={month} onChange={(e) => setParams({ month: e.target.value })} sx={{ width: 160 }} slotProps={{ htmlInput: { 'data-testid': 'report-month' } }}>
          {MONTHS.map((m) => (
            <MenuItem key={m} value={m}>
              {`${m.slice(0, 4)}年${Number(m.slice(5))}月`}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" onClick={print} data-testid="report-print">
          {translate('fupin.report.print')}
        </Button>
        <Button variant="outlined" component="a" href={`/report/monthly.xlsx?region=${r.region.id}&month=${r.month}`} download data-testid="report-xlsx">
          {translate('fupin.report.download')}
        </Button>
        <Button component={Link} to={`/dashboard/${r.region.id}`}>
          {translate('fupin.report.back')}
        </Button>
      </Stack>
      <div className="report-sheet" data-testid="report-sheet" lang="zh-CN">
        <table className="report-frame">
          <thead>
            <tr>
              <td>
                <div className="report-running">
                  <span>{translate('fupin.report.page')} · {r.region.name}</span>
                  <span>
                    {translate('fupin.report.period')}：{periodText}
                  </span>
                  <span>
                    {translate('fupin.report.made')}：{made}
                  </span>
                </div>
              </td>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>
                <h1 data-testid="report-title">{r.title}</h1>
                <div className="report-meta">
                  {translate('fupin.report.unit')}：{r.region.name}　{translate('fupin.report.period')}：{periodText}　{translate('fupin.report.made')}：{made}
                </div>
                {sections.map((s, i) => (
                  <section key={s.key} data-testid={`report-section-${s.key}`}>
                    <h2>
                      {['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i]}、{s.title}
                    </h2>
                    {s.paragraphs.map((p, k) => (
                      <p key={k}>{p}</p>
                    ))}
                    <SectionChart s={s} />
                    {s.table.rows.length > 0 && <Table t={s.table} first={first} testId={`report-table-${s.key}`} />}
                  </section>
                ))}
                {targets && (
                  <section className="page-break" data-testid="report-section-targets">
                    <h2>{['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][sections.length]}、{targets.title}</h2>
                    {targets.paragraphs.map((p, k) => (
                      <p key={k}>{p}</p>
                    ))}
                    {r.progress.length > 0 && <ProgressTable rows={r.progress} testId="report-progress" />}
                    {paceRows.length > 0 && (
                      <>
                        <ReportBars names={paceRows.map((l) => l.region.name)} values={paceRows.map((l) => l.score)} format={(v) => `${Math.round(v * 100)}%`} line={1} testId="chart-pace" />
                        <table className="report-table league" data-testid="report-league">
                          <thead>
                            <tr>
                              <th>{translate('fupin.report.rank')}</th>
                              <th>{translate('fupin.report.region')}</th>
                              <th>{translate('fupin.report.pace')}</th>
                              {r.progress.map((p) => (
                                <th key={p.indicator}>{translate(`fupin.enum.TargetIndicator.${p.indicator}`)}</th>
                              ))}
                            </tr>
                          </thead>
                          <tbody>
                            {paceRows.map((l) => (
                              <tr key={l.region.id}>
                                <td className="num">{l.rank}</td>
                                <td>{l.region.name}</td>
                                <td className="num">{l.score == null ? '—' : pct(l.score)}</td>
                                {r.progress.map((p) => {
                                  const x = l.progress.find((q) => q.indicator === p.indicator);
                                  return (
                                    <td key={p.indicator} className={x ? `num status-${x.status}` : 'num'}>
                                      {x ? pct(x.share) : '—'}
                                    </td>
                                  );
                                })}
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </>
                    )}
                    {targets.table.rows.length > 0 && <Table t={targets.table} first={first} testId="report-table-targets" />}
                  </section>
                )}
                {supervision && (
                  <section data-testid="report-section-supervision">
                    <h2>{['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一'][sections.length + 1]}、{supervision.title}</h2>
                    {supervision.paragraphs.map((p, k) => (
                      <p key={k}>{p}</p>
                    ))}
                    {r.supervision.length > 0 ? <ProgressTable rows={r.supervision} withRegion testId="report-supervision" /> : <p>{translate('fupin.report.noSupervision')}</p>}
                  </section>
                )}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </Box>
  );
};
