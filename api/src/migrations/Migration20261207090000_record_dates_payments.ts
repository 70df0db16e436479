import { Migration } from '@mikro-orm/migrations';

/**
 * The other side of 20261201070000_payment_period_record (issue #17): a payment's period is checked against
 * its programme record when the payment is made, so editing the record's dates afterwards must not leave a
 * payment outside them (a job moved to start after the period it was paid for). Every record table gets a
 * trigger on its date columns: a new start after the end of a payment's period, or a new end before its
 * beginning (the placement's end is exclusive), is refused with a constraint named for the field, which the
 * API answers as VALIDATION_FAILED on that field. Rejected payments hold nothing and are not counted.
 * The service checks the same first (subsidy.service.ts `checkRecordDatesAgainstPayments`).
 */
export class Migration20261207090000_record_dates_payments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function check_record_dates_against_payments() returns trigger language plpgsql as $$
      declare
        rec_start date;
        rec_end date;
        end_exclusive boolean := false;
        fk text;
      begin
        case tg_table_name
          when 'enrollment' then rec_start := new.enrolled_on; fk := 'enrollment_id';
          when 'welfare_placement' then rec_start := new.start_date; rec_end := new.end_date; end_exclusive := true; fk := 'placement_id';
          when 'guaranteed_loan' then rec_start := coalesce(new.disbursed_on, new.applied_on); rec_end := new.closed_on; fk := 'loan_id';
          when 'dream_schooling' then rec_start := make_date(new.intake_year, 9, 1); fk := 'schooling_id';
          when 'enterprise' then rec_start := new.started_on; fk := 'enterprise_id';
          when 'employment' then rec_start := new.start_date; rec_end := new.end_date; fk := 'employment_id';
          else return new;
        end case;
        if exists (select 1 from subsidy_payment p, subsidy_period_span(p.period) s
                   where p.status <> 'REJECTED' and p.period ~ '^[0-9]{4}(-[0-9]{2}|-T[12])?$'
                     and (case fk when 'enrollment_id' then p.enrollment_id when 'placement_id' then p.placement_id when 'loan_id' then p.loan_id
                                  when 'schooling_id' then p.schooling_id when 'enterprise_id' then p.enterprise_id else p.employment_id end) = new.id
                     and s.to_day < rec_start) then
          raise exception 'the record would start after a payment period it was paid for' using errcode = 'check_violation', constraint = tg_table_name || '_start_after_payment';
        end if;
        if rec_end is not null and exists (select 1 from subsidy_payment p, subsidy_period_span(p.period) s
                   where p.status <> 'REJECTED' and p.period ~ '^[0-9]{4}(-[0-9]{2}|-T[12])?$'
                     and (case fk when 'enrollment_id' then p.enrollment_id when 'placement_id' then p.placement_id when 'loan_id' then p.loan_id
                                  when 'schooling_id' then p.schooling_id when 'enterprise_id' then p.enterprise_id else p.employment_id end) = new.id
                     and (s.from_day > rec_end or (end_exclusive and s.from_day >= rec_end))) then
          raise exception 'the record would end before a payment period it was paid for' using errcode = 'check_violation', constraint = tg_table_name || '_end_before_payment';
        end if;
        return new;
      end $$`);
    this.addSql(`comment on function check_record_dates_against_payments() is 'A programme record''s dates may not move past the periods of its (not rejected) subsidy payments'`);
    for (const [table, columns] of [
      ['enrollment', 'enrolled_on'],
      ['welfare_placement', 'start_date, end_date'],
      ['guaranteed_loan', 'applied_on, disbursed_on, closed_on'],
      ['dream_schooling', 'intake_year'],
      ['enterprise', 'started_on'],
      ['employment', 'start_date, end_date'],
    ]) {
      this.addSql(`create trigger ${table}_dates_payments before update of ${columns} on ${table} for each row execute function check_record_dates_against_payments()`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['enrollment', 'welfare_placement', 'guaranteed_loan', 'dream_schooling', 'enterprise', 'employment']) this.addSql(`drop trigger if exists ${table}_dates_payments on ${table}`);
    this.addSql('drop function if exists check_record_dates_against_payments');
  }
}
