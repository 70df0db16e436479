import { createHash } from 'node:crypto';

/** A value as PostgreSQL's COPY text format writes it. */
export type CopyValue = string | number | boolean | null;

/** One table of the dataset: its columns and a way to list its rows as COPY text lines. */
export interface CopyTable {
  table: string;
  columns: readonly string[];
  count: number;
  lines(): Iterable<string>;
}

function field(v: CopyValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

/** A table whose rows are mapped to column values in the order of `columns`. */
export function copyTable<R>(table: string, columns: readonly string[], rows: readonly R[], values: (row: R) => CopyValue[]): CopyTable {
  return {
    table,
    columns,
    count: rows.length,
    *lines() {
      for (const row of rows) {
        const v = values(row);
        if (v.length !== columns.length) throw new Error(`${table}: ${v.length} values for ${columns.length} columns`);
        yield `${v.map(field).join('\t')}\n`;
      }
    },
  };
}

/** SHA-256 over every table's name, columns and rows in load order: equal hashes mean byte-identical data. */
export function hashTables(tables: readonly CopyTable[]): string {
  const h = createHash('sha256');
  for (const t of tables) {
    h.update(`${t.table}(${t.columns.join(',')})\n`);
    for (const line of t.lines()) h.update(line);
  }
  return h.digest('hex');
}
