import type { Call } from '../hubMethods';

/** The hub's report, target and funnel queries (dataProvider.ts adds them to the provider). */

export interface ReportColumn { key: string; label: string; unit: string; ratio: boolean }
export interface ReportRow { code: string; name: string; values: (number | null)[]; texts: (string | null)[] | null }
export interface ReportTable { columns: ReportColumn[]; rows: ReportRow[]; total: ReportRow }
export interface ReportSection { key: string; title: string; paragraphs: string[]; table: ReportTable }
export interface Progress { regionCode: string; indicator: string; target: number; achieved: number; share: number; expected: number; pace: number; status: 'ON_TRACK' | 'BEHIND' | 'FAR_BEHIND'; shortfall: number; source: string; region: { id: string; name: string; parent?: { id: string; name: string } | null } }
export interface MonthlyReport {
  title: string;
  month: string;
  asOf: string;
  year: number;
  generatedAt: string;
  region: { id: string; name: string; level: string };
  summary: string[];
  sections: ReportSection[];
  progress: Progress[];
  supervision: Progress[];
  league: LeagueRow[];
}
export interface FunnelStepCount { step: string; label: string; count: number; conversion: number | null; ofEnrolled: number | null }
export interface FunnelLeagueRow { rank: number; id: string; name: string; kind: string | null; countyCode: string; providerName: string | null; rate: number | null; steps: FunnelStepCount[] }
export interface FirstWorkDelay { regionCode: string; name: string; laborers: number; working: number; workingWhenRegistered: number; medianDays: number | null; bucketLabels: string[]; buckets: number[] }
export interface LeagueRow { rank: number; score: number | null; region: { id: string; name: string }; progress: Progress[] }

const progressFields = 'regionCode indicator target achieved share expected pace status shortfall source region { id name }';

export function reportMethods(call: Call) {
  return {
    monthlyReport: (regionCode: string, month: string) =>
      call<{ monthlyReport: MonthlyReport }>(
        'query',
        `query($r: ID, $m: String!) { monthlyReport(regionCode: $r, month: $m) {
          title month asOf year generatedAt region { id name level } summary
          sections { key title paragraphs table { columns { key label unit ratio } rows { code name values texts } total { code name values texts } } }
          progress { ${progressFields} } supervision { ${progressFields} }
          league { rank score region { id name } progress { ${progressFields} } }
        } }`,
        { r: regionCode, m: month },
      ).then((d) => ({ data: d.monthlyReport })),

    targetLeague: (within: string, asOf: string) =>
      call<{ targetLeague: LeagueRow[] }>('query', `query($w: ID, $a: LocalDate) { targetLeague(within: $w, asOf: $a) { rank score region { id name } progress { ${progressFields} } } }`, { w: within, a: asOf }).then((d) => ({ data: d.targetLeague })),

    /** The progress page: the league of the region's children and the supervision list below it, for a year as of a day. */
    targetSupervision: (within: string, year: number, asOf: string) =>
      call<{ targetLeague: LeagueRow[]; supervisionList: Progress[] }>(
        'query',
        `query($w: ID, $y: Int, $a: LocalDate) {
          targetLeague(within: $w, year: $y, asOf: $a) { rank score region { id name } progress { ${progressFields} } }
          supervisionList(within: $w, year: $y, asOf: $a) { ${progressFields} region { id name parent { id name } } }
        }`,
        { w: within, y: year, a: asOf },
      ).then((d) => ({ data: { league: d.targetLeague, supervision: d.supervisionList } })),

    /** Classes or providers ranked by the share of their enrolled reaching a step, for a year. */
    funnelLeague: (by: 'CLASS' | 'PROVIDER', within: string, step: string, year: number) =>
      call<{ funnelLeague: FunnelLeagueRow[] }>(
        'query',
        `query($b: FunnelGroup!, $w: ID, $s: FunnelStep, $y: Int) { funnelLeague(by: $b, within: $w, step: $s, year: $y, limit: 100) { rank id name kind countyCode providerName rate steps { step label count conversion ofEnrolled } } }`,
        { b: by, w: within, s: step, y: year },
      ).then((d) => ({ data: d.funnelLeague })),

    /** Days from registration to first work in each child of a region. */
    timeToFirstWork: (regionCode: string) =>
      call<{ timeToFirstWork: FirstWorkDelay[] }>('query', `query($r: ID) { timeToFirstWork(regionCode: $r) { regionCode name laborers working workingWhenRegistered medianDays bucketLabels buckets } }`, { r: regionCode }).then((d) => ({ data: d.timeToFirstWork })),

    recordReportExport: (regionCode: string, month: string, format: 'PRINT' | 'XLSX') =>
      call<{ recordReportExport: boolean }>('mutation', `mutation($r: ID!, $m: String!, $f: ReportFormat!) { recordReportExport(regionCode: $r, month: $m, format: $f) }`, { r: regionCode, m: month, f: format }).then((d) => ({ data: d.recordReportExport })),
  };
}
export type ReportMethods = ReturnType<typeof reportMethods>;
