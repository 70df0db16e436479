import { Migration } from '@mikro-orm/migrations';

/**
 * Separation of duties on money (README "Sign-in, roles and personal data"). A payment records who
 * applied, approved and paid; the one who applied never approves or pays, and approval and payment are
 * taken at the level above the applicant: a township applies, the county approves, the city or the
 * county's finance user (duty FINANCE) pays. A city-level application (there is no level above) is
 * approved and paid by another city-level user. Checked by the service (a clear error) and here, in a
 * trigger of its own (check_subsidy_payment() is left as it is), so no path around the API escapes it.
 */
export class Migration20261201060000_payment_duties extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table app_user add column duty varchar(16) null, add constraint app_user_duty_check check (duty is null or (duty = 'FINANCE' and role = 'OPERATOR' and scope_region_code is not null))`);
    this.addSql(`comment on column app_user.duty is 'FINANCE: a county operator who pays approved subsidies of the townships below'`);
    this.addSql(`alter table subsidy_payment
      add column applied_by integer null references app_user (id),
      add column approved_by integer null references app_user (id),
      add column paid_by integer null references app_user (id)`);
    // Payments made through the API before this change: their applicant is in the audit trail.
    this.addSql(`update subsidy_payment p set applied_by = a.user_id
      from audit_log a join app_user u on u.id = a.user_id
      where a.entity = 'SubsidyPayment' and a.action = 'CREATE' and a.record_id = p.id::text`);

    // 1 the city, 2 a county, 3 a township; null: a user who takes no part in money (analyst, viewer, unknown).
    this.addSql(`create function app_user_level(uid integer) returns smallint language sql stable as $$
      select case when u.role = 'CITY_ADMIN' then 1
                  when u.role = 'OPERATOR' and u.scope_region_code like '______000000' then 2
                  when u.role = 'OPERATOR' then 3 end::smallint
        from app_user u where u.id = uid $$`);
    // Whether a user's region (none: the city) holds a village.
    this.addSql(`create function app_user_covers(uid integer, village varchar) returns boolean language sql stable as $$
      select u.scope_region_code is null
          or village like (case when u.scope_region_code like '______000000' then substr(u.scope_region_code, 1, 6) else substr(u.scope_region_code, 1, 9) end) || '%'
        from app_user u where u.id = uid $$`);
    this.addSql(`create function check_payment_duties() returns trigger language plpgsql as $$
      declare
        applicant smallint := app_user_level(new.applied_by);
        actor smallint;
      begin
        if new.status in ('APPROVED', 'PAID') and (tg_op = 'INSERT' or old.status is distinct from new.status or old.approved_by is distinct from new.approved_by) then
          if tg_op = 'INSERT' or old.status = 'APPLIED' or old.approved_by is distinct from new.approved_by then
            actor := app_user_level(new.approved_by);
            -- Above the applicant; a city-level (or unrecorded) application by another city-level user.
            -- coalesce(..., false): a missing user or duty (null) is a refusal, never a pass.
            if not coalesce(new.approved_by is distinct from new.applied_by and app_user_covers(new.approved_by, new.village_code)
                            and (actor < coalesce(applicant, 1) or (actor = 1 and coalesce(applicant, 1) = 1)), false) then
              raise exception 'payment % approved by user % who may not approve it', new.id, new.approved_by using errcode = 'check_violation', constraint = 'subsidy_payment_approver';
            end if;
          end if;
        end if;
        if new.status = 'PAID' and (tg_op = 'INSERT' or old.status is distinct from new.status or old.paid_by is distinct from new.paid_by) then
          actor := app_user_level(new.paid_by);
          -- The city, or a finance user of the county above a township's application.
          if not coalesce(new.paid_by is distinct from new.applied_by and app_user_covers(new.paid_by, new.village_code)
                          and (actor = 1 or (coalesce((select duty from app_user where id = new.paid_by), '') = 'FINANCE' and actor < coalesce(applicant, 1))), false) then
            raise exception 'payment % paid by user % who may not pay it', new.id, new.paid_by using errcode = 'check_violation', constraint = 'subsidy_payment_payer';
          end if;
        end if;
        return new;
      end $$`);
    // Named to fire after subsidy_payment_rules (triggers fire in name order): the rules answer first.
    this.addSql(`create trigger subsidy_payment_rules_duties before insert or update on subsidy_payment for each row execute function check_payment_duties()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists subsidy_payment_rules_duties on subsidy_payment');
    this.addSql('drop function if exists check_payment_duties()');
    this.addSql('drop function if exists app_user_covers(integer, varchar)');
    this.addSql('drop function if exists app_user_level(integer)');
    this.addSql('alter table subsidy_payment drop column applied_by, drop column approved_by, drop column paid_by');
    this.addSql('alter table app_user drop column duty');
  }
}
