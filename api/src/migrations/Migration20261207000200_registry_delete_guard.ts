import { Migration } from '@mikro-orm/migrations';

/*
 * A household or laborer with registry events is never deleted: the delete would take its events'
 * counts out of every past month (lifecycle_month, exit_month) with no event saying so, rewriting
 * history. Leaving the registry is an event (自然减少, LEFT). The one exception is an import's undo,
 * which removes the records its own commit created (their registrations only), in a transaction that
 * says so (`fupin.registry_undo`), as the demo loader's reset says `fupin.registry_reset`.
 */
export class Migration20261207000200_registry_delete_guard extends Migration {
  override async up(): Promise<void> {
    for (const [table, match] of [
      ['household', 'e.household_id = o.id and e.laborer_id is null'],
      ['laborer', 'e.laborer_id = o.id'],
    ]) {
      this.addSql(`create function ${table}_keeps_history() returns trigger language plpgsql as $$
        begin
          -- An undo may remove the registration its commit wrote, never a record with a later event.
          if exists (select 1 from old_rows o join registry_event e on ${match}
                     where coalesce(current_setting('fupin.registry_undo', true), '') <> 'on' or e.kind <> 'REGISTERED') then
            raise exception '${table} with registry events cannot be deleted: record a LEFT event' using errcode = 'check_violation', constraint = '${table}_keeps_history';
          end if;
          return null;
        end $$`);
      this.addSql(`create trigger ${table}_keeps_history after delete on ${table} referencing old table as old_rows for each statement execute function ${table}_keeps_history()`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['household', 'laborer']) {
      this.addSql(`drop trigger if exists ${table}_keeps_history on ${table}`);
      this.addSql(`drop function if exists ${table}_keeps_history()`);
    }
  }
}
