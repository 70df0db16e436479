import { Migration } from '@mikro-orm/migrations';
import { MEASURE_RECORDS } from './Migration20261201040000_lifecycle';

/*
 * 一人一策: a measure is met when the matching programme record exists, whichever came first. A measure
 * added after its record links it (addPlanMeasure's default); now a record created (or completed,
 * disbursed) after the measure links every open measure of its laborer and kind, in the same statement,
 * so the measure is met on the record's day and never shown overdue while its record exists.
 * plan_measure_met() then dates it and the lifecycle counters move (measures met / overdue).
 */
const TABLES = [...new Set(Object.values(MEASURE_RECORDS).map((r) => r.table))];

export class Migration20261207000100_plan_auto_link extends Migration {
  override async up(): Promise<void> {
    for (const table of TABLES) {
      const kinds = Object.entries(MEASURE_RECORDS).filter(([, r]) => r.table === table);
      const fn = `plan_measure_link_${table}`;
      this.addSql(`create function ${fn}() returns trigger language plpgsql as $$
        begin
          ${kinds
            .map(
              ([kind, r]) => `update plan_measure m set record_id = x.id
            from (select distinct on (r.laborer_id) r.laborer_id, r.id from new_rows r where ${r.day} is not null${r.where ? ` and ${r.where}` : ''}
                  order by r.laborer_id, ${r.day}, r.id) x
            where m.laborer_id = x.laborer_id and m.kind = '${kind}' and m.record_id is null;`,
            )
            .join('\n          ')}
          return null;
        end $$`);
      for (const event of ['insert', 'update']) {
        this.addSql(`create trigger ${fn}_${event} after ${event} on ${table} referencing new table as new_rows for each statement execute function ${fn}()`);
      }
    }
  }

  override async down(): Promise<void> {
    for (const table of TABLES) {
      for (const event of ['insert', 'update']) this.addSql(`drop trigger if exists plan_measure_link_${table}_${event} on ${table}`);
      this.addSql(`drop function if exists plan_measure_link_${table}()`);
    }
  }
}
