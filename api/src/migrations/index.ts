import { Migration20261125000000_registry } from './Migration20261125000000_registry';
import { Migration20261125010000_programmes } from './Migration20261125010000_programmes';
import { Migration20261125020000_auth } from './Migration20261125020000_auth';
import { Migration20261125030000_stats } from './Migration20261125030000_stats';
import { Migration20261125040000_budget_usage } from './Migration20261125040000_budget_usage';
import { Migration20261201010000_session_notify } from './Migration20261201010000_session_notify';
import { Migration20261201010100_stats_deltas } from './Migration20261201010100_stats_deltas';
import { Migration20261201030000_import } from './Migration20261201030000_import';
import { Migration20261201040000_lifecycle } from './Migration20261201040000_lifecycle';
import { Migration20261201040100_lifecycle_backfill_speed } from './Migration20261201040100_lifecycle_backfill_speed';
import { Migration20261201050000_targets_funnels } from './Migration20261201050000_targets_funnels';
import { Migration20261201060000_payment_duties } from './Migration20261201060000_payment_duties';
import { Migration20261201060100_sign_in_throttle } from './Migration20261201060100_sign_in_throttle';
import { Migration20261201070000_payment_period_record } from './Migration20261201070000_payment_period_record';
import { Migration20261201080000_budget_duties } from './Migration20261201080000_budget_duties';
import { Migration20261207000000_dated_exits } from './Migration20261207000000_dated_exits';
import { Migration20261207000100_plan_auto_link } from './Migration20261207000100_plan_auto_link';
import { Migration20261207000200_registry_delete_guard } from './Migration20261207000200_registry_delete_guard';
import { Migration20261207090000_record_dates_payments } from './Migration20261207090000_record_dates_payments';
import { Migration20261207100000_backfill_bigint } from './Migration20261207100000_backfill_bigint';
import { Migration20261207230000_export_chunks } from './Migration20261207230000_export_chunks';
import { Migration20261208001000_import_change_rows } from './Migration20261208001000_import_change_rows';

/** The committed migrations, in order. A new one is generated with `npm run migration:create` and listed here. */
export const migrationsList = [
  { name: 'Migration20261125000000_registry', class: Migration20261125000000_registry },
  { name: 'Migration20261125010000_programmes', class: Migration20261125010000_programmes },
  { name: 'Migration20261125020000_auth', class: Migration20261125020000_auth },
  { name: 'Migration20261125030000_stats', class: Migration20261125030000_stats },
  { name: 'Migration20261125040000_budget_usage', class: Migration20261125040000_budget_usage },
  { name: 'Migration20261201010000_session_notify', class: Migration20261201010000_session_notify },
  { name: 'Migration20261201010100_stats_deltas', class: Migration20261201010100_stats_deltas },
  { name: 'Migration20261201030000_import', class: Migration20261201030000_import },
  { name: 'Migration20261201040000_lifecycle', class: Migration20261201040000_lifecycle },
  { name: 'Migration20261201040100_lifecycle_backfill_speed', class: Migration20261201040100_lifecycle_backfill_speed },
  { name: 'Migration20261201050000_targets_funnels', class: Migration20261201050000_targets_funnels },
  { name: 'Migration20261201060000_payment_duties', class: Migration20261201060000_payment_duties },
  { name: 'Migration20261201060100_sign_in_throttle', class: Migration20261201060100_sign_in_throttle },
  { name: 'Migration20261201070000_payment_period_record', class: Migration20261201070000_payment_period_record },
  { name: 'Migration20261201080000_budget_duties', class: Migration20261201080000_budget_duties },
  { name: 'Migration20261207000000_dated_exits', class: Migration20261207000000_dated_exits },
  { name: 'Migration20261207000100_plan_auto_link', class: Migration20261207000100_plan_auto_link },
  { name: 'Migration20261207000200_registry_delete_guard', class: Migration20261207000200_registry_delete_guard },
  { name: 'Migration20261207090000_record_dates_payments', class: Migration20261207090000_record_dates_payments },
  { name: 'Migration20261207100000_backfill_bigint', class: Migration20261207100000_backfill_bigint },
  { name: 'Migration20261207230000_export_chunks', class: Migration20261207230000_export_chunks },
  { name: 'Migration20261208001000_import_change_rows', class: Migration20261208001000_import_change_rows },
];
