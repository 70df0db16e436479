import { Migration } from '@mikro-orm/migrations';

/**
 * A payment's period must lie in the life of the programme record it pays for (issue #17: a 2017 travel
 * subsidy was accepted for a job that started 2026-11-01). The period may not end before the record
 * starts; for records with an end (a job, a welfare placement, a loan) it may not begin after that end.
 * Training, 圆梦 schooling and a new business have no end: their subsidies follow them. The same rule
 * runs in the service (subsidy.service.ts `checkPeriodInRecord`) with the same answers.
 *
 * A new trigger, apart from check_subsidy_payment(): it fires only when the period or the record changes,
 * before the budget trigger (triggers fire in name order), so a refused period claims no budget.
 */
export class Migration20261201070000_payment_period_record extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function subsidy_period_span(period text, out from_day date, out to_day date) language sql immutable as $$
      select case
          when period ~ '^[0-9]{4}-[0-9]{2}$' then to_date(period || '-01', 'YYYY-MM-DD')
          when period ~ '^[0-9]{4}-T2$' then make_date(substr(period, 1, 4)::int, 7, 1)
          else make_date(substr(period, 1, 4)::int, 1, 1) end,
        case
          when period ~ '^[0-9]{4}-[0-9]{2}$' then (to_date(period || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day')::date
          when period ~ '^[0-9]{4}-T1$' then make_date(substr(period, 1, 4)::int, 6, 30)
          else make_date(substr(period, 1, 4)::int, 12, 31) end
    $$`);
    this.addSql(`comment on function subsidy_period_span(text) is 'First and last day of a payment period (YYYY, YYYY-MM, YYYY-T1/T2); terms are calendar half-years'`);

    this.addSql(`create function check_subsidy_payment_period() returns trigger language plpgsql as $$
      declare
        span record;
        rec_start date;
        rec_end date;
        end_exclusive boolean := false;
      begin
        if new.period !~ '^[0-9]{4}(-[0-9]{2}|-T[12])?$' then
          return new; -- the shape is check_subsidy_payment()'s rule
        end if;
        if not exists (select 1 from policy where id = new.policy_id and program_kind = new.program_kind) then
          return new; -- a record of another programme is check_subsidy_payment()'s answer
        end if;
        span := subsidy_period_span(new.period);
        case new.program_kind
          when 'TRAINING' then select e.enrolled_on, null into rec_start, rec_end from enrollment e where e.id = new.enrollment_id and e.laborer_id = new.laborer_id;
          when 'WELFARE_POST' then
            select p.start_date, p.end_date into rec_start, rec_end from welfare_placement p where p.id = new.placement_id and p.laborer_id = new.laborer_id;
            end_exclusive := true; -- a placement's end_date is its first day off the post
          when 'LOAN' then select coalesce(l.disbursed_on, l.applied_on), l.closed_on into rec_start, rec_end from guaranteed_loan l where l.id = new.loan_id and l.laborer_id = new.laborer_id;
          when 'DREAM_SCHOOLING' then select make_date(s.intake_year, 9, 1), null into rec_start, rec_end from dream_schooling s where s.id = new.schooling_id and s.laborer_id = new.laborer_id;
          when 'ENTERPRISE' then select x.started_on, null into rec_start, rec_end from enterprise x where x.id = new.enterprise_id and x.laborer_id = new.laborer_id;
          when 'EMPLOYMENT' then select x.start_date, x.end_date into rec_start, rec_end from employment x where x.id = new.employment_id and x.laborer_id = new.laborer_id;
          else return new;
        end case;
        if rec_start is null then
          return new; -- no such record of this laborer: the foreign keys and check_subsidy_payment() answer
        end if;
        if span.to_day < rec_start then
          raise exception 'payment period ends before its record starts' using errcode = 'check_violation', constraint = 'subsidy_payment_period_before_record';
        end if;
        if rec_end is not null and (span.from_day > rec_end or (end_exclusive and span.from_day >= rec_end)) then
          raise exception 'payment period begins after its record ended' using errcode = 'check_violation', constraint = 'subsidy_payment_period_after_record';
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger subsidy_payment_period_record
      before insert or update of period, program_kind, enrollment_id, placement_id, loan_id, schooling_id, enterprise_id, employment_id on subsidy_payment
      for each row execute function check_subsidy_payment_period()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists subsidy_payment_period_record on subsidy_payment');
    this.addSql('drop function if exists check_subsidy_payment_period');
    this.addSql('drop function if exists subsidy_period_span');
  }
}
