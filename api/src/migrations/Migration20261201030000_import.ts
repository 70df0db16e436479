import { Migration } from '@mikro-orm/migrations';

/**
 * The import centre and exports (issue #11): batches with their parsed rows (the preview), what a commit
 * changed (for undo), saved column mappings, and export jobs. Job state lives here, in our own tables;
 * graphile-worker only carries the work. `heartbeat_at` is refreshed by the running job: a row whose
 * heartbeat stopped (the hub died) is marked FAILED by any instance (see modules/jobs).
 */
export class Migration20261201030000_import extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type audit_action add value if not exists 'EXPORT'`);
    this.addSql(`create table import_batch (
      id serial primary key,
      dataset varchar(32) not null,
      status varchar(16) not null default 'UPLOADED' check (status in ('UPLOADED', 'PARSING', 'PREVIEWED', 'COMMITTING', 'COMMITTED', 'UNDOING', 'UNDONE', 'FAILED')),
      phase varchar(16) not null default 'QUEUED',
      rows_done integer not null default 0,
      rows_total integer not null default 0,
      file_name varchar(255) not null,
      file_sha256 char(64) not null,
      file_bytes integer not null,
      user_id integer,
      username varchar(32) not null,
      role varchar(16) not null,
      scope varchar(12) collate "C",
      created_at timestamptz not null default now(),
      previewed_at timestamptz,
      committed_at timestamptz,
      undone_at timestamptz,
      duration_ms integer,
      heartbeat_at timestamptz,
      counts jsonb not null default '{}',
      options jsonb,
      error jsonb,
      revalidated boolean not null default false,
      sheet varchar(64),
      header_row integer,
      headers jsonb not null default '[]',
      header_shape text,
      mapping jsonb,
      value_map jsonb not null default '{}',
      undo_preview jsonb
    )`);
    this.addSql(`create index import_batch_user_idx on import_batch (user_id, id desc)`);
    this.addSql(`create index import_batch_scope_idx on import_batch (scope, id desc)`);
    this.addSql(`comment on table import_batch is 'One uploaded file and its import: who, when, the file (name, sha256), scope, counts, state of its preview/commit/undo job'`);
    this.addSql(`create table import_file (
      batch_id integer primary key references import_batch (id) on delete cascade,
      content bytea not null
    )`);
    this.addSql(`create table import_row (
      batch_id integer not null references import_batch (id) on delete cascade,
      row_number integer not null,
      kind varchar(10) not null check (kind in ('CREATE', 'UPDATE', 'UNCHANGED', 'REFUSED')),
      key text,
      raw jsonb not null,
      "values" jsonb,
      before jsonb,
      changes jsonb,
      errors jsonb,
      empties jsonb,
      target_id integer,
      target_version text,
      county_code varchar(12) collate "C",
      primary key (batch_id, row_number)
    )`);
    this.addSql(`create index import_row_kind_idx on import_row (batch_id, kind, row_number)`);
    this.addSql(`comment on table import_row is 'The preview of a batch: each data row of the file with what it will do (create, update with its changes, unchanged, refused with its errors)'`);
    this.addSql(`create table import_change (
      batch_id integer not null references import_batch (id) on delete cascade,
      entity varchar(64) not null,
      record_id integer not null,
      action varchar(8) not null check (action in ('CREATE', 'UPDATE')),
      before jsonb,
      version text,
      row_number integer,
      primary key (batch_id, entity, record_id)
    )`);
    this.addSql(`comment on table import_change is 'What a committed batch did to each record (created, or updated from "before"), and the record version it left, for undo'`);
    this.addSql(`create table import_mapping (
      dataset varchar(32) not null,
      header_shape text not null,
      columns jsonb not null,
      "values" jsonb not null default '{}',
      updated_by varchar(32),
      updated_at timestamptz not null default now(),
      primary key (dataset, header_shape)
    )`);
    this.addSql(`create table export_job (
      id serial primary key,
      resource varchar(64) not null,
      filter jsonb,
      sort_field varchar(64),
      sort_order varchar(4),
      status varchar(8) not null default 'QUEUED' check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
      rows_done integer not null default 0,
      rows_total integer not null default 0,
      file_name varchar(255),
      content bytea,
      error jsonb,
      user_id integer,
      username varchar(32) not null,
      role varchar(16) not null,
      scope varchar(12) collate "C",
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      heartbeat_at timestamptz
    )`);
    this.addSql(`create index export_job_user_idx on export_job (user_id, id desc)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists export_job, import_mapping, import_change, import_row, import_file, import_batch');
  }
}
