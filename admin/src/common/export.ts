import { defuseSpreadsheetCell } from '@fupin/schema';
import { downloadCSV, type Exporter, type RaRecord } from 'react-admin';
import { i18nProvider } from '../i18n';
import { formatDate } from '../format';

/**
 * CSV exports with the column names and enum labels of the screen's language, so a clerk's spreadsheet
 * reads like the list. A BOM leads the file: without it Excel takes UTF-8 Chinese for GBK.
 */
export interface Column {
  source: string;
  /** i18n key of the header; defaults to resources.<resource>.fields.<source>. */
  label?: string;
  /** Enum name for values translated as fupin.enum.<enum>.<value>. */
  enum?: string;
  kind?: 'boolean' | 'date';
  value?: (r: RaRecord) => unknown;
}

/**
 * Rows a CSV export fetches at most (the provider pages through them 500 at a time); above it the
 * clerk is told so (exports/CsvExportButton.tsx) and offered the streamed Excel export.
 */
export const EXPORT_MAX_ROWS = 50_000;

export function toCsv(rows: unknown[][]): string {
  const cell = (v: unknown) => {
    // Text that would run as a formula in Excel (a name typed as =HYPERLINK(...)) is written as text.
    const s = v == null ? '' : String(defuseSpreadsheetCell(v));
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/**
 * A key column whose title is also its record's (所在村 for villageId and for the village's name) is
 * named for what it holds: 所在村代码 (a region code), 所属贫困户编号 (an id).
 */
function distinctHeaders(header: string[], columns: Column[], t: (key: string, o?: object) => string): string[] {
  const out = header.map((h, i) => {
    const clash = header.some((o, j) => o === h && j !== i);
    const key = columns[i].source;
    if (!clash || !/Id$/.test(key)) return h;
    return t(/(village|township|county|region)Id$/.test(key) ? 'fupin.export.codeOf' : 'fupin.export.numberOf', { label: h });
  });
  if (new Set(out).size !== out.length) console.error(`CSV columns share a header: ${out.join(', ')}`);
  return out;
}

export function csvExporter(resource: string, columns: Column[]): Exporter {
  return (records: RaRecord[]) => {
    const t = (key: string, o?: object) => i18nProvider.translate(key, { _: key, ...o });
    const header = distinctHeaders(columns.map((c) => t(c.label ?? `resources.${resource}.fields.${c.source}`)), columns, t);
    const rows = records.map((r) =>
      columns.map((c) => {
        const v = c.value ? c.value(r) : r[c.source];
        if (v == null) return '';
        if (c.enum) return t(`fupin.enum.${c.enum}.${v}`);
        if (c.kind === 'boolean') return t(v ? 'ra.boolean.true' : 'ra.boolean.false');
        if (c.kind === 'date') return formatDate(String(v));
        return v;
      }),
    );
    const name = i18nProvider.translate(`resources.${resource}.name`, { smart_count: 2, _: resource });
    downloadCSV(toCsv([header, ...rows]), `${name}-${formatDate(new Date())}`);
  };
}
