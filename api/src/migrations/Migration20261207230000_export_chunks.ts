import { Migration } from '@mikro-orm/migrations';

/*
 * An export's file was one bytea (export_job.content): the whole workbook built in the hub's memory,
 * then sent as one parameter. It is now stored as chunks of about 1 MB, written as the workbook is
 * produced and read back one at a time on download (export.store.ts). Files made before move over as
 * one chunk each. The chunks are zip data already: stored uncompressed (`external`), not compressed again.
 */
export class Migration20261207230000_export_chunks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table export_chunk (
      job_id integer not null references export_job (id) on delete cascade,
      seq integer not null,
      bytes bytea not null,
      primary key (job_id, seq)
    )`);
    this.addSql(`alter table export_chunk alter column bytes set storage external`);
    this.addSql(`alter table export_job add column file_bytes bigint`);
    this.addSql(`insert into export_chunk (job_id, seq, bytes) select id, 0, content from export_job where content is not null`);
    this.addSql(`update export_job set file_bytes = octet_length(content) where content is not null`);
    this.addSql(`alter table export_job drop column content`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table export_job add column content bytea`);
    this.addSql(`update export_job j set content = (select string_agg(c.bytes, ''::bytea order by c.seq) from export_chunk c where c.job_id = j.id)`);
    this.addSql(`alter table export_job drop column file_bytes`);
    this.addSql(`drop table export_chunk`);
  }
}
