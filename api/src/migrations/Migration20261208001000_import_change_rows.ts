import { Migration } from '@mikro-orm/migrations';

/*
 * A commit and an undo now write a batch a window of rows at a time (for their progress): each window
 * finds its change records by row number, which the primary key (batch, entity, record) does not serve.
 */
export class Migration20261208001000_import_change_rows extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index import_change_row_idx on import_change (batch_id, entity, row_number)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index import_change_row_idx`);
  }
}
