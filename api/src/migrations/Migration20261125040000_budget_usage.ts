import { Migration } from '@mikro-orm/migrations';

/**
 * The budget check summed a policy's approved payments again for every payment written, so a bulk
 * load cost the square of its rows (465 s for the payments of scale 10). A running total per policy,
 * county and year makes each check one row. It lives in its own table rather than on policy_budget so
 * approving a payment does not rewrite the budget row (whose statistics triggers would fire for nothing).
 */
export class Migration20261125040000_budget_usage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table policy_budget_usage (
      policy_id integer not null references policy (id) on delete cascade,
      county_code varchar(12) collate "C" not null,
      year smallint not null,
      committed numeric(14, 2) not null default 0 check (committed >= 0),
      primary key (policy_id, county_code, year)
    )`);
    this.addSql(`comment on table policy_budget_usage is 'Sum of approved and paid payments per policy, county and year, kept by check_subsidy_payment()'`);
    this.addSql(`insert into policy_budget_usage (policy_id, county_code, year, committed)
      select policy_id, substr(village_code, 1, 6) || '000000', substr(period, 1, 4)::smallint, sum(amount)
      from subsidy_payment where status in ('APPROVED', 'PAID') group by 1, 2, 3`);

    this.addSql(`create or replace function check_subsidy_payment() returns trigger language plpgsql as $$
      declare
        p policy%rowtype;
        ceiling numeric;
        cap numeric;
        used numeric;
        counted_old boolean := tg_op = 'UPDATE' and old.status in ('APPROVED', 'PAID');
        counted_new boolean := new.status in ('APPROVED', 'PAID');
        moved boolean := tg_op = 'UPDATE' and (new.amount, new.policy_id, substr(new.village_code, 1, 6), substr(new.period, 1, 4))
                            is distinct from (old.amount, old.policy_id, substr(old.village_code, 1, 6), substr(old.period, 1, 4));
      begin
        if tg_op = 'UPDATE' then
          if new.status <> old.status and not (
               (old.status = 'APPLIED' and new.status in ('APPROVED', 'REJECTED'))
            or (old.status = 'APPROVED' and new.status in ('PAID', 'REJECTED'))) then
            raise exception 'illegal payment status transition % -> %', old.status, new.status
              using errcode = 'check_violation', constraint = 'subsidy_payment_transition';
          end if;
          if (new.amount, new.policy_id, new.laborer_id, new.period) is distinct from (old.amount, old.policy_id, old.laborer_id, old.period)
             and old.status <> 'APPLIED' then
            raise exception 'an approved payment cannot change' using errcode = 'check_violation', constraint = 'subsidy_payment_frozen';
          end if;
        end if;
        select * into p from policy where id = new.policy_id;
        if new.program_kind <> p.program_kind then
          raise exception 'payment programme does not match the policy' using errcode = 'check_violation', constraint = 'subsidy_payment_program_match';
        end if;
        if p.amount_rule = 'INTEREST_SHARE' then
          select round(l.amount * l.annual_rate * l.term_months / 12 * l.interest_subsidy_rate * p.amount, 2) into ceiling
            from guaranteed_loan l where l.id = new.loan_id;
          if ceiling is null then
            raise exception 'an interest subsidy needs a loan' using errcode = 'check_violation', constraint = 'subsidy_payment_amount_rule';
          end if;
        else
          ceiling := p.amount;
        end if;
        if new.amount > ceiling then
          raise exception 'amount above the policy rule' using errcode = 'check_violation', constraint = 'subsidy_payment_amount_rule';
        end if;
        if (p.amount_rule = 'PER_MONTH' and new.period !~ '^[0-9]{4}-[0-9]{2}$')
           or (p.amount_rule = 'PER_TERM' and new.period !~ '^[0-9]{4}-T[12]$')
           or (p.amount_rule in ('PER_PERSON', 'INTEREST_SHARE') and new.period !~ '^[0-9]{4}$') then
          raise exception 'period does not fit the policy rule' using errcode = 'check_violation', constraint = 'subsidy_payment_period_rule';
        end if;
        -- What this row takes off a budget: release the old share, then claim the new one. Locking the
        -- budget row first serialises concurrent approvals of one county, policy and year.
        if counted_old and (not counted_new or moved) then
          update policy_budget_usage set committed = committed - old.amount
            where policy_id = old.policy_id and county_code = substr(old.village_code, 1, 6) || '000000' and year = substr(old.period, 1, 4)::smallint;
        end if;
        if counted_new and (not counted_old or moved) then
          select budget into cap from policy_budget
            where policy_id = new.policy_id and county_code = substr(new.village_code, 1, 6) || '000000' and year = substr(new.period, 1, 4)::smallint
            for update;
          if cap is null then
            raise exception 'no budget for this county and year' using errcode = 'check_violation', constraint = 'subsidy_payment_budget';
          end if;
          insert into policy_budget_usage as u (policy_id, county_code, year, committed)
            values (new.policy_id, substr(new.village_code, 1, 6) || '000000', substr(new.period, 1, 4)::smallint, new.amount)
            on conflict (policy_id, county_code, year) do update set committed = u.committed + excluded.committed
            returning committed into used;
          if used > cap then
            raise exception 'approval exceeds the county budget' using errcode = 'check_violation', constraint = 'subsidy_payment_budget';
          end if;
        end if;
        return new;
      end $$`);

    // Deleting an approved or paid payment gives its amount back.
    this.addSql(`create function release_subsidy_payment() returns trigger language plpgsql as $$
      begin
        if old.status in ('APPROVED', 'PAID') then
          update policy_budget_usage set committed = committed - old.amount
            where policy_id = old.policy_id and county_code = substr(old.village_code, 1, 6) || '000000' and year = substr(old.period, 1, 4)::smallint;
        end if;
        return old;
      end $$`);
    this.addSql(`create trigger subsidy_payment_release before delete on subsidy_payment for each row execute function release_subsidy_payment()`);

    // A budget is never lowered below what is already approved.
    this.addSql(`create function check_policy_budget() returns trigger language plpgsql as $$
      declare used numeric;
      begin
        select committed into used from policy_budget_usage
          where policy_id = new.policy_id and county_code = new.county_code and year = new.year;
        if coalesce(used, 0) > new.budget then
          raise exception 'budget below what is approved' using errcode = 'check_violation', constraint = 'policy_budget_below_committed';
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger policy_budget_committed before update of budget on policy_budget for each row execute function check_policy_budget()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists policy_budget_committed on policy_budget');
    this.addSql('drop function if exists check_policy_budget');
    this.addSql('drop trigger if exists subsidy_payment_release on subsidy_payment');
    this.addSql('drop function if exists release_subsidy_payment');
    this.addSql('drop table if exists policy_budget_usage');
    // check_subsidy_payment() keeps this version; the programmes migration's down drops it.
  }
}
