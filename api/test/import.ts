import ExcelJS from 'exceljs';
import type { Gql, TestHub } from './hub';

/** Helpers of the import tests: fixture workbooks written with exceljs, uploads over HTTP, waiting for jobs. */

export const BATCH = `id status phase rowsDone rowsTotal fileName fileSha256 revalidated headerRow
  counts { create update unchanged refused created updated removed restored kept }
  error { code message } headers { index header field }
  refusals { code field column message count rowNumbers }
  unknownValues { field column value count mappedTo }
  undoPreview { remove restore kept keptRecords { entity recordId rowNumber reason } }`;

/** A workbook of one sheet: optional title rows, the rows, optional 合计 row; cells typed as given (numbers stay numbers). */
export async function workbook(rows: unknown[][], opts: { title?: string; total?: boolean; date1904?: boolean; textColumns?: number[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  const ws = wb.addWorksheet('台账');
  if (opts.title) {
    ws.addRow([opts.title]);
    ws.addRow([]);
  }
  for (const r of rows) ws.addRow(r as ExcelJS.CellValue[]);
  if (opts.total) ws.addRow(['合计', rows.length - 1]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function upload(hub: TestHub, gql: Gql, dataset: string, name: string, content: Buffer, headers: Record<string, string> = { 'x-hub-csrf': '1' }): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('dataset', dataset);
  form.append('file', new Blob([content]), name);
  const res = await fetch(`${hub.url}/api/import`, { method: 'POST', body: form, headers: { ...(gql.token ? { authorization: `Bearer ${gql.token}` } : {}), ...headers } });
  return { status: res.status, body: await res.json() };
}

export async function batch(gql: Gql, id: string): Promise<any> {
  const r = await gql(`query($id: ID!) { importBatch(id: $id) { ${BATCH} } }`, { id });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.importBatch;
}

/** Polls a batch until it leaves the running states. */
export async function settle(gql: Gql, id: string, timeoutMs = 180_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const b = await batch(gql, id);
    if (!['UPLOADED', 'PARSING', 'COMMITTING', 'UNDOING'].includes(b.status)) return b;
    if (Date.now() > end) throw new Error(`batch ${id} still ${b.status}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function importFile(hub: TestHub, gql: Gql, dataset: string, name: string, content: Buffer): Promise<any> {
  const up = await upload(hub, gql, dataset, name, content);
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);
  return settle(gql, up.body.batchId);
}

export async function commit(gql: Gql, id: string, args: Record<string, unknown> = {}): Promise<any> {
  const r = await gql(`mutation($id: ID!, $a: CommitAtomicity, $m: CommitMode, $e: Boolean) { commitImport(batchId: $id, atomicity: $a, mode: $m, eraseEmpty: $e) { id status } }`, { id, a: args.atomicity, m: args.mode, e: args.eraseEmpty });
  if (r.errors) return { errors: r.errors };
  return settle(gql, id);
}

export async function download(hub: TestHub, gql: Gql, path: string): Promise<{ status: number; buffer: Buffer; headers: Headers }> {
  const res = await fetch(`${hub.url}${path}`, { headers: gql.token ? { authorization: `Bearer ${gql.token}` } : {} });
  return { status: res.status, buffer: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** The rows of a workbook's sheet as plain values (for checking what the hub wrote). */
export async function readSheet(buf: Buffer, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

export async function exportFile(hub: TestHub, gql: Gql, resource: string, filter: Record<string, unknown> = {}): Promise<{ job: any; buffer: Buffer }> {
  const r = await gql(`mutation($r: String!, $f: JSONObject) { startExport(resource: $r, filter: $f) { id status } }`, { r: resource, f: filter });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  const id = r.data.startExport.id;
  for (let i = 0; i < 600; i++) {
    const j = (await gql(`query($id: ID!) { exportJob(id: $id) { id status progress rowsDone rowsTotal fileName url error { code message } } }`, { id })).data.exportJob;
    if (j.status === 'DONE') return { job: j, buffer: (await download(hub, gql, j.url)).buffer };
    if (j.status === 'FAILED') throw new Error(`export failed: ${JSON.stringify(j.error)}`);
    await new Promise((res) => setTimeout(res, 150));
  }
  throw new Error('export did not finish');
}
