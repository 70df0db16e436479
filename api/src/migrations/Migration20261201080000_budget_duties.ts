import { Migration } from '@mikro-orm/migrations';

/**
 * Budgets are the city's (separation of duties, README "Sign-in, roles and personal data"): until now
 * only a GraphQL access rule. The database learns who set a budget the way check_payment_duties() learns
 * who approved or paid: from the row, here `set_by`, which the API writes with the acting user on every
 * create and change. A change is refused unless that user is a city administrator (level 1 of
 * app_user_level()); a missing user is a refusal, never a pass. A new row without a user is a bulk load
 * (the demo data, a restore: no one acted through the hub), which the trigger lets through; a new row
 * naming a user who is not the city's is refused.
 */
export class Migration20261201080000_budget_duties extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table policy_budget add column set_by integer null references app_user (id)`);
    this.addSql(`comment on column policy_budget.set_by is 'The user who last set the budget: a city administrator (check_budget_duties)'`);
    this.addSql(`create function check_budget_duties() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' and new.set_by is null then
          return new;
        end if;
        if not coalesce(app_user_level(new.set_by) = 1, false) then
          raise exception 'budget % set by user % who may not set budgets', new.id, new.set_by using errcode = 'check_violation', constraint = 'policy_budget_setter';
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger policy_budget_duties before insert or update on policy_budget for each row execute function check_budget_duties()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists policy_budget_duties on policy_budget');
    this.addSql('drop function if exists check_budget_duties()');
    this.addSql('alter table policy_budget drop column set_by');
  }
}
