import { hubCall } from '../dataProvider';
import { apiLanguage } from '../i18n';

/**
 * The hub's import and export API (docs/import-api.md): GraphQL for datasets, batches, previews,
 * mappings, commit, undo and export jobs (through react-admin's Apollo client, like hubMethods.ts); plain
 * HTTP beside /graphql for the files (multipart upload, template / error workbook / export downloads).
 */

export type ImportDataset = 'LABORERS' | 'ENROLLMENTS' | 'EMPLOYMENTS' | 'WELFARE_PLACEMENTS' | 'GUARANTEED_LOANS' | 'DREAM_SCHOOLINGS' | 'ENTERPRISES' | 'SUBSIDY_PAYMENTS' | 'TARGETS';
export type BatchStatus = 'UPLOADED' | 'PARSING' | 'PREVIEWED' | 'COMMITTING' | 'COMMITTED' | 'UNDOING' | 'UNDONE' | 'FAILED';
export type BatchPhase = 'QUEUED' | 'READING' | 'VALIDATING' | 'COMPARING' | 'WRITING' | 'UNDOING' | 'DONE';
export type ImportRowKind = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'REFUSED';
export type CommitAtomicity = 'ALL_OR_NOTHING' | 'VALID_ONLY';
export type CommitMode = 'CREATE_AND_UPDATE' | 'CREATE_ONLY' | 'UPDATE_ONLY';

export interface ImportColumn {
  field: string;
  label: string;
  synonyms: string[];
  type: string;
  required: boolean;
  key: boolean;
  values: { value: string; label: string }[] | null;
  rule: string;
  example: string | null;
}
export interface ImportDatasetInfo {
  dataset: ImportDataset;
  label: string;
  columns: ImportColumn[];
  defaultAtomicity: CommitAtomicity;
}
export interface ImportError {
  code: string;
  message: string;
  field: string | null;
}
export interface ImportCounts {
  create: number;
  update: number;
  unchanged: number;
  refused: number;
  created: number;
  updated: number;
  removed: number;
  restored: number;
  kept: number;
}
export interface ImportRefusalGroup {
  code: string;
  field: string | null;
  column: string | null;
  message: string;
  count: number;
  rowNumbers: number[];
}
export interface ImportRow {
  rowNumber: number;
  kind: ImportRowKind;
  key: string;
  changes: { field: string; label: string; old: string | null; new: string | null }[];
  errors: { field: string | null; column: string | null; code: string; message: string }[];
}
export interface ImportBatch {
  id: string;
  dataset: ImportDataset;
  status: BatchStatus;
  phase: BatchPhase;
  rowsDone: number;
  rowsTotal: number;
  fileName: string;
  fileBytes: number;
  username: string;
  scope: string | null;
  createdAt: string;
  previewedAt: string | null;
  committedAt: string | null;
  undoneAt: string | null;
  durationMs: number | null;
  counts: ImportCounts;
  options: { atomicity: CommitAtomicity; mode: CommitMode; eraseEmpty: boolean } | null;
  error: ImportError | null;
  /** About the file as a whole (made from another template version): shown, never blocking. */
  warnings: ImportError[];
  revalidated: boolean;
  sheet: string | null;
  headerRow: number | null;
  headers: { index: number; header: string; field: string | null }[];
  refusals: ImportRefusalGroup[];
  unknownValues: { field: string; column: string; value: string; count: number; mappedTo: string | null }[];
  undoPreview: { remove: number; restore: number; kept: number; keptRows: ImportRow[]; keptRecords: { entity: string; recordId: string; rowNumber: number | null; reason: string }[] } | null;
}
export interface ExportJob {
  id: string;
  resource: string;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  progress: number;
  rowsDone: number;
  rowsTotal: number;
  fileName: string | null;
  error: ImportError | null;
}

/** The statuses during which a job runs on the hub (the page polls). */
export const RUNNING: BatchStatus[] = ['UPLOADED', 'PARSING', 'COMMITTING', 'UNDOING'];

const counts = 'create update unchanged refused created updated removed restored kept';
const rowFields = 'rowNumber kind key changes { field label old new } errors { field column code message }';
const batchSummary = `id dataset status phase rowsDone rowsTotal fileName fileBytes username scope createdAt previewedAt committedAt undoneAt durationMs counts { ${counts} } error { code message field }`;
const batchFull = `${batchSummary} options { atomicity mode eraseEmpty } warnings { code message field } revalidated sheet headerRow headers { index header field }
  refusals { code field column message count rowNumbers } unknownValues { field column value count mappedTo }
  undoPreview { remove restore kept keptRows { ${rowFields} } keptRecords { entity recordId rowNumber reason } }`;
const exportFields = 'id resource status progress rowsDone rowsTotal fileName error { code message field }';

export const importApi = {
  datasets: () =>
    hubCall<{ importDatasets: ImportDatasetInfo[] }>(
      'query',
      `{ importDatasets { dataset label defaultAtomicity columns { field label synonyms type required key values { value label } rule example } } }`,
    ).then((d) => d.importDatasets),

  batch: (id: string) => hubCall<{ importBatch: ImportBatch | null }>('query', `query($id: ID!) { importBatch(id: $id) { ${batchFull} } }`, { id }).then((d) => d.importBatch),

  rows: (id: string, kind: ImportRowKind, page: number, perPage: number) =>
    hubCall<{ importBatch: { rows: ImportRow[] } | null }>('query', `query($id: ID!, $kind: ImportRowKind, $page: Int, $perPage: Int) { importBatch(id: $id) { id rows(kind: $kind, page: $page, perPage: $perPage) { ${rowFields} } } }`, {
      id,
      kind,
      page,
      perPage,
    }).then((d) => d.importBatch?.rows ?? []),

  batches: (page: number, perPage: number) =>
    hubCall<{ importBatches: ImportBatch[]; _importBatchesMeta: { count: number } }>(
      'query',
      `query($page: Int, $perPage: Int) { importBatches(page: $page, perPage: $perPage) { ${batchSummary} } _importBatchesMeta { count } }`,
      { page, perPage },
    ).then((d) => ({ data: d.importBatches, total: d._importBatchesMeta.count })),

  setMapping: (batchId: string, columns: Record<string, string | null>) =>
    hubCall<{ r: ImportBatch }>('mutation', `mutation($id: ID!, $c: JSONObject!) { r: setImportMapping(batchId: $id, columns: $c) { ${batchFull} } }`, { id: batchId, c: columns }).then((d) => d.r),

  mapValues: (batchId: string, values: Record<string, Record<string, string>>) =>
    hubCall<{ r: ImportBatch }>('mutation', `mutation($id: ID!, $v: JSONObject!) { r: mapImportValues(batchId: $id, values: $v) { ${batchFull} } }`, { id: batchId, v: values }).then((d) => d.r),

  commit: (batchId: string, o: { atomicity: CommitAtomicity; mode: CommitMode; eraseEmpty: boolean }) =>
    hubCall<{ r: ImportBatch }>(
      'mutation',
      `mutation($id: ID!, $a: CommitAtomicity, $m: CommitMode, $e: Boolean) { r: commitImport(batchId: $id, atomicity: $a, mode: $m, eraseEmpty: $e) { ${batchFull} } }`,
      { id: batchId, a: o.atomicity, m: o.mode, e: o.eraseEmpty },
    ).then((d) => d.r),

  previewUndo: (batchId: string) => hubCall<{ r: ImportBatch }>('mutation', `mutation($id: ID!) { r: previewUndo(batchId: $id) { ${batchFull} } }`, { id: batchId }).then((d) => d.r),
  undo: (batchId: string) => hubCall<{ r: ImportBatch }>('mutation', `mutation($id: ID!) { r: undoImport(batchId: $id) { ${batchFull} } }`, { id: batchId }).then((d) => d.r),
  discard: (batchId: string) => hubCall<{ r: ImportBatch }>('mutation', `mutation($id: ID!) { r: discardImport(batchId: $id) { ${batchFull} } }`, { id: batchId }).then((d) => d.r),

  startExport: (resource: string, filter: Record<string, unknown> | undefined, sort?: { field: string; order: string }) =>
    hubCall<{ r: ExportJob }>('mutation', `mutation($r: String!, $f: JSONObject, $sf: String, $so: String) { r: startExport(resource: $r, filter: $f, sortField: $sf, sortOrder: $so) { ${exportFields} } }`, {
      r: resource,
      f: filter ?? null,
      sf: sort?.field ?? null,
      so: sort?.order ?? null,
    }).then((d) => d.r),

  exportJob: (id: string) => hubCall<{ exportJob: ExportJob | null }>('query', `query($id: ID!) { exportJob(id: $id) { ${exportFields} } }`, { id }).then((d) => d.exportJob),
};

/** An HTTP endpoint's coded error (the GraphQL error shape), as an Error with its code. */
export class HubFileError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

async function failure(res: Response): Promise<HubFileError> {
  const body = (await res.json().catch(() => null)) as { errors?: { message: string; extensions?: { code?: string } }[] } | null;
  const e = body?.errors?.[0];
  return new HubFileError(e?.message ?? `HTTP ${res.status}`, e?.extensions?.code);
}

/** Uploads a file as a new batch of `dataset`; the hub starts its preview at once. */
export async function uploadImport(dataset: ImportDataset, file: File): Promise<string> {
  const form = new FormData();
  // The hub reads the fields before the file.
  form.append('dataset', dataset);
  form.append('file', file, file.name);
  const res = await fetch('/api/import', { method: 'POST', body: form, credentials: 'same-origin', headers: { 'x-hub-csrf': '1', 'accept-language': apiLanguage() } });
  if (!res.ok) throw await failure(res);
  return ((await res.json()) as { batchId: string }).batchId;
}

/** The file name of a Content-Disposition header (RFC 5987 `filename*` first). */
function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/** Fetches a file the hub makes (template, error workbook, export) and saves it as the browser's download. */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'accept-language': apiLanguage() } });
  if (!res.ok) throw await failure(res);
  const name = fileNameOf(res, fallbackName);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}

export const templateUrl = (dataset: ImportDataset, filter?: Record<string, unknown>) =>
  `/api/import/templates/${dataset}.xlsx${filter ? `?${new URLSearchParams({ filter: JSON.stringify(filter) })}` : ''}`;
export const errorWorkbookUrl = (batchId: string) => `/api/import/batches/${batchId}/errors.xlsx`;
export const exportFileUrl = (jobId: string) => `/api/export/${jobId}.xlsx`;
