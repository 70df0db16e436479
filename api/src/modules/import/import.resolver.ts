import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AppError, renderMessage } from '../../common/errors';
import { ListMetadata } from '../../common/list';
import { DateTime } from '../../common/scalars';
import { Access } from '../auth/access';
import { inScope } from '../auth/scope';
import { DATASETS, type ImportDataset } from './import.datasets';
import type { ExportService } from './export.service';
import type { BatchRow, ImportService } from './import.service';

/** The services of the hub a request belongs to (set by the server; keyed by the ORM's configuration). */
const services = new WeakMap<object, { imports: ImportService; exports: ExportService }>();
export function provideImportServices(config: object, s: { imports: ImportService; exports: ExportService }): void {
  services.set(config, s);
}
function of(ctx: Context) {
  const s = services.get(ctx.em.config);
  if (!s) throw new AppError('INTERNAL_SERVER_ERROR');
  return s;
}

const enumOf = (values: string[]) => Object.fromEntries(values.map((v) => [v, v]));
export const ImportDatasetEnum = enumOf(Object.keys(DATASETS));
registerEnumType(ImportDatasetEnum, { name: 'ImportDataset', description: 'An importable dataset (导入数据集).', valuesConfig: Object.fromEntries(Object.values(DATASETS).map((d) => [d.dataset, { description: d.label }])) });
const ColumnTypeEnum = enumOf(['TEXT', 'ID_NUMBER', 'PHONE', 'DATE', 'BOOLEAN', 'INTEGER', 'MONEY', 'ENUM', 'REGION', 'REFERENCE']);
registerEnumType(ColumnTypeEnum, { name: 'ImportColumnType', description: 'How a column of an import is read.', valuesConfig: Object.fromEntries(Object.keys(ColumnTypeEnum).map((v) => [v, { description: v.toLowerCase().replace(/_/g, ' ') }])) });
const BatchStatusEnum = enumOf(['UPLOADED', 'PARSING', 'PREVIEWED', 'COMMITTING', 'COMMITTED', 'UNDOING', 'UNDONE', 'FAILED']);
registerEnumType(BatchStatusEnum, { name: 'BatchStatus', description: 'State of an import batch.', valuesConfig: Object.fromEntries(Object.keys(BatchStatusEnum).map((v) => [v, { description: v.toLowerCase().replace(/_/g, ' ') }])) });
const BatchPhaseEnum = enumOf(['QUEUED', 'READING', 'VALIDATING', 'COMPARING', 'WRITING', 'UNDOING', 'DONE']);
registerEnumType(BatchPhaseEnum, { name: 'BatchPhase', description: 'Step of the running job of a batch (for the progress bar).', valuesConfig: Object.fromEntries(Object.keys(BatchPhaseEnum).map((v) => [v, { description: v.toLowerCase().replace(/_/g, ' ') }])) });
const RowKindEnum = enumOf(['CREATE', 'UPDATE', 'UNCHANGED', 'REFUSED']);
registerEnumType(RowKindEnum, { name: 'ImportRowKind', description: 'What the commit does with a row of the file.', valuesConfig: Object.fromEntries(Object.keys(RowKindEnum).map((v) => [v, { description: v.toLowerCase().replace(/_/g, ' ') }])) });
const AtomicityEnum = enumOf(['ALL_OR_NOTHING', 'VALID_ONLY']);
registerEnumType(AtomicityEnum, { name: 'CommitAtomicity', description: 'ALL_OR_NOTHING: refused rows stop the commit; VALID_ONLY: they are skipped.', valuesConfig: Object.fromEntries(Object.keys(AtomicityEnum).map((v) => [v, { description: v.toLowerCase().replace(/_/g, ' ') }])) });
const ModeEnum = enumOf(['CREATE_AND_UPDATE', 'CREATE_ONLY', 'UPDATE_ONLY']);
registerEnumType(ModeEnum, { name: 'CommitMode', description: 'Which rows a commit applies.', valuesConfig: Object.fromEntries(Object.keys(ModeEnum).map((v) => [v, { description: v.toLowerCase().replace(/_/g, ' ') }])) });
const ExportStatusEnum = enumOf(['QUEUED', 'RUNNING', 'DONE', 'FAILED']);
registerEnumType(ExportStatusEnum, { name: 'ExportStatus', description: 'State of an export job.', valuesConfig: Object.fromEntries(Object.keys(ExportStatusEnum).map((v) => [v, { description: v.toLowerCase().replace(/_/g, ' ') }])) });

@ObjectType({ description: 'An allowed value of a coded column.' })
class ImportEnumValue {
  @Field({ description: 'The code.' }) value!: string;
  @Field({ description: 'Its Chinese label (as the template writes it).' }) label!: string;
}

@ObjectType({ description: 'A column of an importable dataset.' })
class ImportColumn {
  @Field({ description: "The API's field." }) field!: string;
  @Field({ description: "The template's header." }) label!: string;
  @Field(() => [String], { description: 'Other headers matched to it.' }) synonyms!: string[];
  @Field(() => ColumnTypeEnum, { description: 'How the column is read.' }) type!: string;
  @Field({ description: 'Required for a new record.' }) required!: boolean;
  @Field({ description: 'Part of the natural key.' }) key!: boolean;
  @Field({ description: 'Written for the reader, ignored on import.' }) informational!: boolean;
  @Field(() => [ImportEnumValue], { nullable: true, description: 'Allowed values (coded columns).' }) values?: ImportEnumValue[] | null;
  @Field({ description: 'The 填写说明 text.' }) rule!: string;
  @Field(() => String, { nullable: true, description: 'An example value.' }) example?: string | null;
}

@ObjectType({ description: 'An importable dataset and its columns.' })
class ImportDatasetInfo {
  @Field(() => ImportDatasetEnum, { description: 'The dataset.' }) dataset!: string;
  @Field({ description: 'Chinese label.' }) label!: string;
  @Field(() => [ImportColumn], { description: 'Its columns.' }) columns!: ImportColumn[];
  @Field(() => AtomicityEnum, { description: 'Default atomicity of a commit.' }) defaultAtomicity!: string;
}

@ObjectType({ description: 'Counts of a batch: of the preview (create … refused), then of the commit and undo.' })
class ImportCounts {
  @Field(() => Int, { description: 'Rows to create.' }) create!: number;
  @Field(() => Int, { description: 'Rows to update.' }) update!: number;
  @Field(() => Int, { description: 'Rows unchanged.' }) unchanged!: number;
  @Field(() => Int, { description: 'Rows refused.' }) refused!: number;
  @Field(() => Int, { description: 'Records created by the commit.' }) created!: number;
  @Field(() => Int, { description: 'Records updated by the commit.' }) updated!: number;
  @Field(() => Int, { description: 'Records removed by the undo.' }) removed!: number;
  @Field(() => Int, { description: 'Records restored by the undo.' }) restored!: number;
  @Field(() => Int, { description: 'Records the undo kept.' }) kept!: number;
}

@ObjectType({ description: 'A coded error.' })
class ImportError {
  @Field({ description: 'Error code.' }) code!: string;
  @Field({ description: 'Message in the request language.' }) message!: string;
  @Field(() => String, { nullable: true, description: 'Field of the dataset.' }) field?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Parameters of the message.' }) params?: Record<string, unknown> | null;
}

@ObjectType({ description: "A column of the uploaded file and the field it maps to (null: ignored)." })
class ImportHeader {
  @Field(() => Int, { description: '0-based column index.' }) index!: number;
  @Field({ description: 'Header text in the file.' }) header!: string;
  @Field(() => String, { nullable: true, description: 'Field of the dataset.' }) field?: string | null;
}

@ObjectType({ description: 'Refusals of one rule in one column, with their sheet row numbers.' })
class ImportRefusalGroup {
  @Field({ description: "The API's error code." }) code!: string;
  @Field(() => String, { nullable: true, description: 'Field of the dataset.' }) field?: string | null;
  @Field(() => String, { nullable: true, description: "The file's header." }) column?: string | null;
  @Field({ description: 'The coded message (as the API gives it).' }) message!: string;
  @Field(() => Int, { description: 'How many.' }) count!: number;
  @Field(() => [Int], { description: 'Sheet row numbers (1-based), at most 200.' }) rowNumbers!: number[];
}

@ObjectType({ description: 'A value of a coded column the hub does not know, listed once; map it with mapImportValues.' })
class ImportUnknownValue {
  @Field({ description: 'Field of the dataset.' }) field!: string;
  @Field({ description: 'Header of the column in the file.' }) column!: string;
  @Field({ description: 'The value as written in the file.' }) value!: string;
  @Field(() => Int, { description: 'How many.' }) count!: number;
  @Field(() => String, { nullable: true, description: 'Standard value it is mapped to, if any.' }) mappedTo?: string | null;
}

@ObjectType({ description: 'A changed cell of an updated row.' })
class ImportCellChange {
  @Field({ description: 'Field of the dataset.' }) field!: string;
  @Field({ description: 'Chinese label.' }) label!: string;
  @Field(() => String, { nullable: true, description: 'Stored value.' }) old?: string | null;
  @Field(() => String, { nullable: true, description: 'Value from the file.' }) new?: string | null;
}

@ObjectType({ description: 'A refusal of a cell (or of the row).' })
class ImportCellError {
  @Field(() => String, { nullable: true, description: 'Field of the dataset.' }) field?: string | null;
  @Field(() => String, { nullable: true, description: 'Header of the column in the file.' }) column?: string | null;
  @Field({ description: 'Error code.' }) code!: string;
  @Field({ description: 'Message in the request language.' }) message!: string;
}

@ObjectType({ description: 'A row of the preview.' })
class ImportRow {
  @Field(() => Int, { description: 'Sheet row number (1-based).' }) rowNumber!: number;
  @Field(() => RowKindEnum, { description: 'What the commit does with the row.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Natural key.' }) key?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Normalised values as they will be written.' }) values?: Record<string, unknown> | null;
  @Field(() => [ImportCellChange], { description: 'Changed cells (updates).' }) changes!: ImportCellChange[];
  @Field(() => [ImportCellError], { description: 'Refusals of the row.' }) errors!: ImportCellError[];
}

@ObjectType({ description: 'Options of a commit.' })
class CommitOptions {
  @Field(() => AtomicityEnum, { description: 'ALL_OR_NOTHING or VALID_ONLY.' }) atomicity!: string;
  @Field(() => ModeEnum, { description: 'Which rows the commit applies.' }) mode!: string;
  @Field({ description: 'Empty cells erase stored values.' }) eraseEmpty!: boolean;
}

@ObjectType({ description: 'A record undo leaves as it is (changed since the import, or used by other records).' })
class UndoKept {
  @Field({ description: 'Type of the record.' }) entity!: string;
  @Field(() => ID, { description: 'Id of the record.' }) recordId!: string;
  @Field(() => Int, { nullable: true, description: 'Sheet row of the record (1-based).' }) rowNumber?: number | null;
  @Field({ description: 'CHANGED (changed since the import) or IN_USE (other records refer to it).' }) reason!: string;
}

@ObjectType({ description: 'What undo would do (or did).' })
class UndoPreview {
  @Field(() => Int, { description: 'Records the batch created that undo removes.' }) remove!: number;
  @Field(() => Int, { description: 'Records the batch updated that undo restores.' }) restore!: number;
  @Field(() => Int, { description: 'Records the undo kept.' }) kept!: number;
  @Field(() => [ImportRow], { description: 'The rows of the file whose records undo keeps.' }) keptRows!: ImportRow[];
  @Field(() => [UndoKept], { description: 'Records kept, with the reason.' }) keptRecords!: UndoKept[];
}

@ObjectType({ description: 'One uploaded file and its import (导入批次): who, when, the file, its preview, commit and undo.' })
class ImportBatch {
  @Field(() => ID, { description: 'Id.' }) id!: string;
  @Field(() => ImportDatasetEnum, { description: 'The dataset.' }) dataset!: string;
  @Field(() => BatchStatusEnum, { description: 'State.' }) status!: string;
  @Field(() => BatchPhaseEnum, { description: 'Step of the running job.' }) phase!: string;
  @Field(() => Int, { description: 'Rows done in the current step.' }) rowsDone!: number;
  @Field(() => Int, { description: 'Data rows in the file (0 until known).' }) rowsTotal!: number;
  @Field({ description: 'Name of the file.' }) fileName!: string;
  @Field({ description: 'SHA-256 of the file, hex.' }) fileSha256!: string;
  @Field(() => Int, { description: 'Size of the file in bytes.' }) fileBytes!: number;
  @Field(() => Int, { nullable: true, description: 'Id of the user who uploaded it.' }) userId?: number | null;
  @Field({ description: 'Sign-in name of that user.' }) username!: string;
  @Field(() => ID, { nullable: true, description: 'Region the batch is limited to (the user scope); null: the city.' }) scope?: string | null;
  @Field(() => DateTime, { description: 'When it was created.' }) createdAt!: Date;
  @Field(() => DateTime, { nullable: true, description: 'When the preview finished.' }) previewedAt?: Date | null;
  @Field(() => DateTime, { nullable: true, description: 'When the commit finished.' }) committedAt?: Date | null;
  @Field(() => DateTime, { nullable: true, description: 'When the undo finished.' }) undoneAt?: Date | null;
  @Field(() => Int, { nullable: true, description: 'Duration of the commit, ms.' }) durationMs?: number | null;
  @Field(() => ImportCounts, { description: 'Counts of the preview and of the commit.' }) counts!: ImportCounts;
  @Field(() => CommitOptions, { nullable: true, description: 'Options of the commit.' }) options?: CommitOptions | null;
  @Field(() => ImportError, { nullable: true, description: 'Why it failed (coded).' }) error?: ImportError | null;
  @Field(() => [ImportError], { description: 'Coded warnings about the file as a whole that do not stop the import: IMPORT_TEMPLATE_VERSION (made from another version of the template, read by its headers).' })
  warnings!: ImportError[];
  @Field({ description: 'The commit found data changed since the preview and validated again instead (the batch is back to PREVIEWED).' }) revalidated!: boolean;
  @Field(() => String, { nullable: true, description: 'Sheet read.' }) sheet?: string | null;
  @Field(() => Int, { nullable: true, description: 'Sheet row of the detected header.' }) headerRow?: number | null;
  @Field(() => [ImportHeader], { description: 'Columns of the file and the fields they map to.' }) headers!: ImportHeader[];
  row!: BatchRow;
}

function dateOf(v: Date | string | null | undefined): Date | null {
  return v === null || v === undefined ? null : v instanceof Date ? v : new Date(v);
}

function toBatch(b: BatchRow, lang: 'zh' | 'en'): ImportBatch {
  const c = b.counts ?? {};
  const n = (k: string) => Number(c[k] ?? 0);
  return Object.assign(new ImportBatch(), {
    id: String(b.id),
    dataset: b.dataset,
    status: b.status,
    phase: b.phase,
    rowsDone: b.rows_done,
    rowsTotal: b.rows_total,
    fileName: b.file_name,
    fileSha256: b.file_sha256,
    fileBytes: b.file_bytes,
    userId: b.user_id,
    username: b.username,
    scope: b.scope,
    // Raw SQL answers timestamptz as text.
    createdAt: dateOf(b.created_at)!,
    previewedAt: dateOf(b.previewed_at),
    committedAt: dateOf(b.committed_at),
    undoneAt: dateOf(b.undone_at),
    durationMs: b.duration_ms,
    counts: { create: n('create'), update: n('update'), unchanged: n('unchanged'), refused: n('refused'), created: n('created'), updated: n('updated'), removed: n('removed'), restored: n('restored'), kept: n('kept') },
    options: b.options?.mode ? { atomicity: String(b.options.atomicity), mode: String(b.options.mode), eraseEmpty: !!b.options.eraseEmpty } : null,
    error: b.error ? { code: b.error.code, field: b.error.field ?? null, params: b.error.params ?? null, message: renderMessage(b.error.code as never, lang, b.error.field, b.error.params ?? {}) } : null,
    warnings: ((b.options?.warnings ?? []) as { code: string; params?: Record<string, string | number> }[]).map((w) => ({ code: w.code, field: null, params: w.params ?? null, message: renderMessage(w.code as never, lang, undefined, w.params ?? {}) })),
    revalidated: b.revalidated,
    sheet: b.sheet,
    headerRow: b.header_row,
    headers: (b.headers ?? []).map((h, i) => ({ index: i, header: h, field: b.mapping?.[i] ?? null })),
    row: b,
  });
}

@ObjectType({ description: 'An export job: progress, then the file to download at /api/export/<id>.xlsx.' })
class ExportJob {
  @Field(() => ID, { description: 'Id.' }) id!: string;
  @Field({ description: 'Resource exported.' }) resource!: string;
  @Field(() => ExportStatusEnum, { description: 'State.' }) status!: string;
  @Field(() => Float, { description: '0 to 1.' }) progress!: number;
  @Field(() => Int, { description: 'Rows done in the current step.' }) rowsDone!: number;
  @Field(() => Int, { description: 'Data rows in the file (0 until known).' }) rowsTotal!: number;
  @Field(() => String, { nullable: true, description: 'Name of the file.' }) fileName?: string | null;
  @Field(() => String, { nullable: true, description: 'Where to download the file once DONE.' }) url?: string | null;
  @Field(() => ImportError, { nullable: true, description: 'Why it failed (coded).' }) error?: ImportError | null;
  @Field(() => DateTime, { description: 'When it was created.' }) createdAt!: Date;
}

type JobRow = { id: number; resource: string; status: string; rows_done: number; rows_total: number; file_name: string | null; error: BatchRow['error']; created_at: Date; user_id: number | null };
function toJob(j: JobRow, lang: 'zh' | 'en'): ExportJob {
  return Object.assign(new ExportJob(), {
    id: String(j.id),
    resource: j.resource,
    status: j.status,
    progress: j.status === 'DONE' ? 1 : j.rows_total ? Math.min(1, j.rows_done / j.rows_total) : 0,
    rowsDone: j.rows_done,
    rowsTotal: j.rows_total,
    fileName: j.file_name,
    url: j.status === 'DONE' ? `/api/export/${j.id}.xlsx` : null,
    error: j.error ? { code: j.error.code, field: j.error.field ?? null, params: j.error.params ?? null, message: renderMessage(j.error.code as never, lang, j.error.field, j.error.params ?? {}) } : null,
    createdAt: dateOf(j.created_at)!,
  });
}

/** Who may see a batch: its owner, a city administrator, an operator whose region contains it. */
function maySee(ctx: Context, b: BatchRow): boolean {
  const p = ctx.principal!;
  return b.user_id === p.userId || p.role === 'CITY_ADMIN' || (p.role === 'OPERATOR' && !!b.scope && inScope(p, b.scope));
}

@Resolver(() => ImportBatch)
export class ImportResolver {
  @Access('WRITE')
  @Query(() => [ImportDatasetInfo], { description: 'The importable datasets with their columns (the import centre builds its mapping from these).' })
  importDatasets(@Ctx() ctx: Context): ImportDatasetInfo[] {
    // A city-kept dataset (targets) is listed to those who may import it.
    return Object.values(DATASETS).filter((d) => !d.cityAdminOnly || ctx.principal?.role === 'CITY_ADMIN').map((d) => ({
      dataset: d.dataset,
      label: d.label,
      defaultAtomicity: d.defaultAtomicity,
      columns: d.columns.map((c) => ({
        field: c.field,
        label: c.label,
        synonyms: c.synonyms ?? [],
        type: c.type,
        required: !!c.required,
        key: !!c.key,
        informational: !!c.informational,
        values: c.vocab ? c.vocab.values.map((v) => ({ value: v, label: c.vocab!.labels[v].zh })) : null,
        rule: c.rule,
        example: c.example ?? null,
      })),
    }));
  }

  @Access('WRITE')
  @Query(() => ImportBatch, { nullable: true, description: 'One import batch; null when there is none (or it is not yours).' })
  async importBatch(@Arg('id', () => ID, { description: 'Id.' }) id: string, @Ctx() ctx: Context): Promise<ImportBatch | null> {
    const n = Number(id);
    const b = Number.isSafeInteger(n) ? await of(ctx).imports.batch(n) : null;
    return b && maySee(ctx, b) ? toBatch(b, ctx.lang) : null;
  }

  @Access('WRITE')
  @Query(() => [ImportBatch], { description: 'Import batches, newest first: your own, or all of your region (administrators: all).' })
  async importBatches(
    @Arg('dataset', () => ImportDatasetEnum, { nullable: true, description: 'The dataset.' }) dataset: string | undefined,
    @Arg('page', () => Int, { nullable: true, defaultValue: 0, description: 'Page, from 0.' }) page: number,
    @Arg('perPage', () => Int, { nullable: true, defaultValue: 20, description: 'Rows per page.' }) perPage: number,
    @Ctx() ctx: Context,
  ): Promise<ImportBatch[]> {
    if (perPage < 1 || perPage > 100) throw new AppError('PAGE_SIZE_EXCEEDED', 'perPage', { max: 100 });
    const rows = await batchesOf(ctx, dataset, `order by id desc limit ${perPage} offset ${Math.max(0, page) * perPage}`);
    return rows.map((b) => toBatch(b, ctx.lang));
  }

  @Access('WRITE')
  @Query(() => ListMetadata, { description: 'How many batches importBatches lists.' })
  async _importBatchesMeta(@Arg('dataset', () => ImportDatasetEnum, { nullable: true, description: 'The dataset.' }) dataset: string | undefined, @Ctx() ctx: Context): Promise<ListMetadata> {
    const rows = await batchesOf(ctx, dataset, '', true);
    return { count: Number((rows[0] as unknown as { n: number }).n) };
  }

  @FieldResolver(() => [ImportRefusalGroup], { description: 'Refusals grouped by rule and column (they appear while the preview runs).' })
  refusals(@Root() b: ImportBatch, @Ctx() ctx: Context) {
    return of(ctx).imports.refusals(Number(b.id), ctx.lang);
  }

  @FieldResolver(() => [ImportUnknownValue], { description: 'Each distinct unknown value of a coded column, once.' })
  unknownValues(@Root() b: ImportBatch): ImportUnknownValue[] {
    const list = (b.row.options?.unknownValues ?? []) as ImportUnknownValue[];
    return list.map((u) => ({ ...u, mappedTo: b.row.value_map?.[u.field]?.[u.value] ?? null }));
  }

  @FieldResolver(() => [ImportRow], { description: 'A page of the preview, optionally of one kind.' })
  async rows(
    @Root() b: ImportBatch,
    @Arg('kind', () => RowKindEnum, { nullable: true, description: 'What the commit does with the row.' }) kind: string | undefined,
    @Arg('page', () => Int, { nullable: true, defaultValue: 0, description: 'Page, from 0.' }) page: number,
    @Arg('perPage', () => Int, { nullable: true, defaultValue: 50, description: 'Rows per page.' }) perPage: number,
    @Ctx() ctx: Context,
  ): Promise<ImportRow[]> {
    if (perPage < 1 || perPage > 500) throw new AppError('PAGE_SIZE_EXCEEDED', 'perPage', { max: 500 });
    const rows = await of(ctx).imports.rows(Number(b.id), kind, Math.max(0, page), perPage);
    return rows.map((r) => ({ rowNumber: r.row_number, kind: r.kind, key: r.key, values: r.values, changes: r.changes ?? [], errors: r.errors ?? [] }));
  }

  @FieldResolver(() => UndoPreview, { nullable: true, description: 'What undo would do; filled by previewUndo (and by the undo itself).' })
  async undoPreview(@Root() b: ImportBatch, @Ctx() ctx: Context): Promise<UndoPreview | null> {
    const u = b.row.undo_preview as { remove: number; restore: number; kept: { entity: string; recordId: number; rowNumber: number | null; reason: string }[] } | null;
    if (!u) return null;
    const numbers = [...new Set(u.kept.map((k) => k.rowNumber).filter((n): n is number => n !== null))].slice(0, 500);
    const rows = await of(ctx).imports.rowsNumbered(Number(b.id), numbers);
    return {
      remove: u.remove,
      restore: u.restore,
      kept: u.kept.length,
      keptRows: rows.map((r) => ({ rowNumber: r.row_number, kind: r.kind, key: r.key, values: r.values, changes: r.changes ?? [], errors: r.errors ?? [] })),
      keptRecords: u.kept.map((k) => ({ ...k, recordId: String(k.recordId) })),
    };
  }

  @Access('WRITE')
  @Mutation(() => ImportBatch, { description: 'Maps the file\'s columns to fields ({"<header>": "<field>" | null}); saved for files of the same header shape; the preview runs again.' })
  async setImportMapping(@Arg('batchId', () => ID, { description: 'Id of the batch.' }) batchId: string, @Arg('columns', () => GraphQLJSONObject, { description: 'Its columns.' }) columns: Record<string, string | null>, @Ctx() ctx: Context): Promise<ImportBatch> {
    await of(ctx).imports.setMapping(ctx.principal!, intOf(batchId), columns);
    return this.reload(ctx, batchId);
  }

  @Access('WRITE')
  @Mutation(() => ImportBatch, { description: 'Maps unknown values of coded columns ({"education": {"初中毕业": "JUNIOR"}}); saved with the mapping; the preview runs again.' })
  async mapImportValues(@Arg('batchId', () => ID, { description: 'Id of the batch.' }) batchId: string, @Arg('values', () => GraphQLJSONObject, { description: 'Allowed values (coded columns).' }) values: Record<string, Record<string, string>>, @Ctx() ctx: Context): Promise<ImportBatch> {
    await of(ctx).imports.mapValues(ctx.principal!, intOf(batchId), values);
    return this.reload(ctx, batchId);
  }

  @Access('WRITE')
  @Mutation(() => ImportBatch, { description: 'Commits what the preview showed (a job); if the data changed since, the preview runs again instead (revalidated).' })
  async commitImport(
    @Arg('batchId', () => ID, { description: 'Id of the batch.' }) batchId: string,
    @Arg('atomicity', () => AtomicityEnum, { nullable: true, description: 'ALL_OR_NOTHING or VALID_ONLY.' }) atomicity: string | undefined,
    @Arg('mode', () => ModeEnum, { nullable: true, defaultValue: 'CREATE_AND_UPDATE', description: 'Which rows the commit applies.' }) mode: string,
    @Arg('eraseEmpty', { nullable: true, defaultValue: false, description: 'Empty cells erase stored values (phone, skills, helper); off by default.' }) eraseEmpty: boolean,
    @Ctx() ctx: Context,
  ): Promise<ImportBatch> {
    await of(ctx).imports.startCommit(ctx.principal!, intOf(batchId), { atomicity, mode, eraseEmpty });
    return this.reload(ctx, batchId);
  }

  @Access('WRITE')
  @Mutation(() => ImportBatch, { description: 'Computes what undo would do (undoPreview).' })
  async previewUndo(@Arg('batchId', () => ID, { description: 'Id of the batch.' }) batchId: string, @Ctx() ctx: Context): Promise<ImportBatch> {
    await of(ctx).imports.previewUndo(ctx.principal!, intOf(batchId));
    return this.reload(ctx, batchId);
  }

  @Access('WRITE')
  @Mutation(() => ImportBatch, { description: 'Undoes a committed batch (a job): removes what it created, restores what it updated, keeps what changed since.' })
  async undoImport(@Arg('batchId', () => ID, { description: 'Id of the batch.' }) batchId: string, @Ctx() ctx: Context): Promise<ImportBatch> {
    await of(ctx).imports.startUndo(ctx.principal!, intOf(batchId));
    return this.reload(ctx, batchId);
  }

  @Access('WRITE')
  @Mutation(() => ImportBatch, { description: 'Discards a previewed batch that will not be committed.' })
  async discardImport(@Arg('batchId', () => ID, { description: 'Id of the batch.' }) batchId: string, @Ctx() ctx: Context): Promise<ImportBatch> {
    await of(ctx).imports.discard(ctx.principal!, intOf(batchId));
    return this.reload(ctx, batchId);
  }

  @Access('STATISTICS')
  @Mutation(() => ExportJob, { description: 'Starts an export (.xlsx) of a list with its filter (resource: the list type, e.g. Laborer) or of the DASHBOARD table; poll exportJob.' })
  async startExport(
    @Arg('resource', { description: 'Resource exported.' }) resource: string,
    @Arg('filter', () => GraphQLJSONObject, { nullable: true, description: 'Filter.' }) filter: Record<string, unknown> | undefined,
    @Arg('sortField', () => String, { nullable: true, description: 'Sort field of the list.' }) sortField: string | undefined,
    @Arg('sortOrder', () => String, { nullable: true, description: 'ASC or DESC.' }) sortOrder: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<ExportJob> {
    const id = await of(ctx).exports.start(ctx.principal!, resource, filter ?? null, sortField, sortOrder);
    return toJob((await of(ctx).exports.job(id)) as JobRow, ctx.lang);
  }

  @Access('STATISTICS')
  @Query(() => ExportJob, { nullable: true, description: 'An export job of yours.' })
  async exportJob(@Arg('id', () => ID, { description: 'Id.' }) id: string, @Ctx() ctx: Context): Promise<ExportJob | null> {
    const n = Number(id);
    const j = Number.isSafeInteger(n) ? ((await of(ctx).exports.job(n)) as JobRow | null) : null;
    if (!j || (j.user_id !== ctx.principal!.userId && ctx.principal!.role !== 'CITY_ADMIN')) return null;
    return toJob(j, ctx.lang);
  }

  private async reload(ctx: Context, id: string): Promise<ImportBatch> {
    return toBatch((await of(ctx).imports.batch(intOf(id)))!, ctx.lang);
  }
}

function intOf(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new AppError('NOT_FOUND', 'id');
  return n;
}

async function batchesOf(ctx: Context, dataset: string | undefined, tail: string, count = false): Promise<BatchRow[]> {
  const p = ctx.principal!;
  const cond: string[] = [];
  const params: unknown[] = [];
  if (dataset) {
    cond.push('dataset = ?');
    params.push(dataset);
  }
  if (p.role !== 'CITY_ADMIN') {
    cond.push(`(user_id = ? or (scope is not null and scope like ?))`);
    params.push(p.userId, `${(p.scope ?? '').replace(/0+$/, '')}%`);
  }
  const where = cond.length ? `where ${cond.join(' and ')}` : '';
  return ctx.em.getConnection().execute(`select ${count ? 'count(*)::int as n' : '*'} from import_batch ${where} ${tail}`, params as never[]);
}

export const importResolvers = [ImportResolver];
export type { ImportDataset };
