import { Migration } from '@mikro-orm/migrations';

/*
 * The demo load hung in `lifecycle_backfill()` (quadratic at scale 1). Two plans made while the tables
 * were empty or their statistics stale (the backfill runs right after the COPY, before ANALYZE):
 * - the exits' `not exists (select 1 from registry_event e where e.proposal_id = p.id)` had no index, so
 *   it became a nested-loop anti join with a seq scan of registry_event per decided proposal;
 * - `registry_apply_standing` joined `unnest(ids)` to household/laborer as a hash join inside a nested
 *   loop over every row of the table (rows x ids);
 * - the laborers' registrations looked up `exit_proposal` by household with a seq scan per laborer.
 * Now: indexes on registry_event (proposal_id) and exit_proposal (household_id), and the standing applied driven by the ids (each id once,
 * its latest event by the subject index), then joined to the table once. Same rules, same results.
 */
export class Migration20261201040100_lifecycle_backfill_speed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index if not exists exit_proposal_household_idx on exit_proposal (household_id)`);
    this.addSql(`create index if not exists registry_event_proposal_idx on registry_event (proposal_id) where proposal_id is not null`);
    this.addSql(`create or replace function registry_apply_standing(household_ids integer[], laborer_ids integer[]) returns void language plpgsql set jit = off as $$

      begin
        perform set_config('fupin.lifecycle_apply', 'on', true);
        update household h set poverty_status = s.status, exited_poverty_year = s.exit_year, left_on = s.left_on
          from (select h2.id, st.*
                from (select distinct u.id from unnest(household_ids) as u(id) where u.id is not null) h2
                cross join lateral (
                  select case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then 'EXITED' else 'POOR' end::poverty_status as status,
                    case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then
                      (select e.exit_year from registry_event e where e.household_id = h2.id and e.laborer_id is null and e.kind = 'EXITED'
                         and not exists (select 1 from registry_event c where c.cancels_id = e.id) order by e.occurred_on desc, e.id desc limit 1) end as exit_year,
                    case when x.standing = 'LEFT' then x.occurred_on end as left_on
                  from (select e.standing, e.exit_year, e.occurred_on, e.prev_standing from registry_event e
        where e.household_id = h2.id and e.laborer_id is null and e.kind <> 'CANCELLED'
          and not exists (select 1 from registry_event c where c.cancels_id = e.id)
        order by e.occurred_on desc, e.id desc limit 1) x) st offset 0) s
          where h.id = s.id and (h.poverty_status, h.exited_poverty_year, h.left_on) is distinct from (s.status, s.exit_year, s.left_on);
        update laborer l set poverty_status = s.status, exited_poverty_year = s.exit_year, left_on = s.left_on
          from (select l2.id, st.*
                from (select distinct u.id from unnest(laborer_ids) as u(id) where u.id is not null) l2
                cross join lateral (
                  select case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then 'EXITED' else 'POOR' end::poverty_status as status,
                    case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then
                      (select e.exit_year from registry_event e where e.laborer_id = l2.id and e.kind = 'EXITED'
                         and not exists (select 1 from registry_event c where c.cancels_id = e.id) order by e.occurred_on desc, e.id desc limit 1) end as exit_year,
                    case when x.standing = 'LEFT' then x.occurred_on end as left_on
                  from (select e.standing, e.exit_year, e.occurred_on, e.prev_standing from registry_event e
        where e.laborer_id = l2.id and e.kind <> 'CANCELLED'
          and not exists (select 1 from registry_event c where c.cancels_id = e.id)
        order by e.occurred_on desc, e.id desc limit 1) x) st offset 0) s
          where l.id = s.id and (l.poverty_status, l.exited_poverty_year, l.left_on) is distinct from (s.status, s.exit_year, s.left_on);
        perform set_config('fupin.lifecycle_apply', 'off', true);
      end 
$$`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists registry_event_proposal_idx, exit_proposal_household_idx`);
    this.addSql(`create or replace function registry_apply_standing(household_ids integer[], laborer_ids integer[]) returns void language plpgsql set jit = off as $$

      begin
        perform set_config('fupin.lifecycle_apply', 'on', true);
        update household h set poverty_status = s.status, exited_poverty_year = s.exit_year, left_on = s.left_on
          from (select h2.id, st.*
                from unnest(household_ids) as i(id) join household h2 on h2.id = i.id
                cross join lateral (
                  select case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then 'EXITED' else 'POOR' end::poverty_status as status,
                    case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then
                      (select e.exit_year from registry_event e where e.household_id = h2.id and e.laborer_id is null and e.kind = 'EXITED'
                         and not exists (select 1 from registry_event c where c.cancels_id = e.id) order by e.occurred_on desc, e.id desc limit 1) end as exit_year,
                    case when x.standing = 'LEFT' then x.occurred_on end as left_on
                  from (select e.standing, e.exit_year, e.occurred_on, e.prev_standing from registry_event e
        where e.household_id = h2.id and e.laborer_id is null and e.kind <> 'CANCELLED'
          and not exists (select 1 from registry_event c where c.cancels_id = e.id)
        order by e.occurred_on desc, e.id desc limit 1) x) st) s
          where h.id = s.id and (h.poverty_status, h.exited_poverty_year, h.left_on) is distinct from (s.status, s.exit_year, s.left_on);
        update laborer l set poverty_status = s.status, exited_poverty_year = s.exit_year, left_on = s.left_on
          from (select l2.id, st.*
                from unnest(laborer_ids) as i(id) join laborer l2 on l2.id = i.id
                cross join lateral (
                  select case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then 'EXITED' else 'POOR' end::poverty_status as status,
                    case when x.standing = 'EXITED' or (x.standing = 'LEFT' and x.prev_standing = 'EXITED') then
                      (select e.exit_year from registry_event e where e.laborer_id = l2.id and e.kind = 'EXITED'
                         and not exists (select 1 from registry_event c where c.cancels_id = e.id) order by e.occurred_on desc, e.id desc limit 1) end as exit_year,
                    case when x.standing = 'LEFT' then x.occurred_on end as left_on
                  from (select e.standing, e.exit_year, e.occurred_on, e.prev_standing from registry_event e
        where e.laborer_id = l2.id and e.kind <> 'CANCELLED'
          and not exists (select 1 from registry_event c where c.cancels_id = e.id)
        order by e.occurred_on desc, e.id desc limit 1) x) st) s
          where l.id = s.id and (l.poverty_status, l.exited_poverty_year, l.left_on) is distinct from (s.status, s.exit_year, s.left_on);
        perform set_config('fupin.lifecycle_apply', 'off', true);
      end 
$$`);
  }
}
