import { Migration } from '@mikro-orm/migrations';

/*
 * Exits dated by what was decided, not by the year (issue #12 audit).
 *
 * - People exiting poverty (`exit_month`) now follow the household's EXITED registry events, in the month
 *   of each event (the county's decision day), minus the corrections cancelling one (the lifecycle's own
 *   flow: +1 for EXITED, -1 for the CANCELLED of an EXITED), weighted by the household's member_count.
 *   Before, a household counted on 1 January of its exit year, so any day of a year gave the whole year.
 *   Kept by a statement trigger on registry_event inserts (events are append-only) and one on household
 *   updates of member_count (the weight) and deletes; `rebuild_report_stats()` recomputes the same sum.
 * - Villages and counties get dated standing: `listed_on` (put on the poor list, 建档立卡) and `exited_on`
 *   (出列 / 摘帽 decided). `exit_year` stays the planned year (what the yearly targets are drawn from);
 *   achieved exits and poor villages as of a day read the dates (api/src/modules/region/region.standing.ts).
 *   `demo_region_exit_day()` spreads the demo's exits over their year's months (deterministic by code);
 *   a county 摘帽 in December, after its villages. Rows without dates count as listed from the beginning.
 */

/** The region codes a village counts at: itself, its township, its county (never the city). */
const CODES = (v: string) => `array[${v}, substr(${v}, 1, 9) || '000', substr(${v}, 1, 6) || '000000']::varchar[]`;

/** Household exit events (and their cancellations) of `events`, weighted by the household (`hh`). */
const exitEvents = (events: string, hh: string, sign: 1 | -1, where = 'true') =>
  `select e.village_code, date_trunc('month', e.occurred_on)::date as month,
     ${sign} * sum(case when e.kind = 'EXITED' then 1 else -1 end) as households,
     ${sign} * sum(case when e.kind = 'EXITED' then 1 else -1 end * h.member_count) as people
   from ${events} e join ${hh} h on h.id = e.household_id
   where e.laborer_id is null and (e.kind = 'EXITED' or (e.kind = 'CANCELLED' and e.cancelled_kind = 'EXITED')) and (${where})
   group by 1, 2`;

const applyExits = (parts: string[]) => `insert into exit_month (region_code, month, households, people)
    select r.code, b.month, sum(b.households)::int, sum(b.people)::int
    from (${parts.join(' union all ')}) b cross join lateral unnest(${CODES('b.village_code')}) as r(code)
    group by r.code, b.month having sum(b.households) <> 0 or sum(b.people) <> 0
    order by r.code, b.month
    on conflict (region_code, month) do update set households = exit_month.households + excluded.households, people = exit_month.people + excluded.people`;

/** The exit statement of rebuild_report_stats() as Migration20261201050000_targets_funnels generated it. */
const OLD_REBUILD_EXITS = applyExits([
  `select h.village_code, make_date(h.exited_poverty_year, 1, 1) as month, 1 as households, 1 * h.member_count as people
   from household h where h.exited_poverty_year is not null`,
]);

const lock = (codes: string) => `perform stats_lock(array(select distinct substr(x, 1, 6) || '000000' from (${codes}) t(x) where x is not null order by 1)::varchar[]);`;

export class Migration20261207000000_dated_exits extends Migration {
  override async up(): Promise<void> {
    // ---- people exiting: from the exit events ----
    for (const e of ['insert', 'update', 'delete']) {
      this.addSql(`drop trigger if exists exit_household_${e} on household`);
      this.addSql(`drop function if exists exit_household_${e}()`);
    }
    this.addSql(`create function exit_event_insert() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return null; end if;
        if not exists (select 1 from new_rows e where e.laborer_id is null and (e.kind = 'EXITED' or e.cancelled_kind = 'EXITED')) then return null; end if;
        ${lock(`select village_code from new_rows where laborer_id is null`)}
        ${applyExits([exitEvents('new_rows', 'household', 1)])};
        return null;
      end $$`);
    this.addSql(`create trigger exit_event_insert after insert on registry_event referencing new table as new_rows for each statement execute function exit_event_insert()`);
    // A household's size weighs its exits: a change of member_count moves its exit months by the difference.
    this.addSql(`create function exit_household_update() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return null; end if;
        if not exists (select 1 from old_rows o join new_rows n on n.id = o.id where n.member_count <> o.member_count) then return null; end if;
        ${lock(`select o.village_code from old_rows o join new_rows n on n.id = o.id where n.member_count <> o.member_count`)}
        ${applyExits([exitEvents('registry_event', 'old_rows', -1), exitEvents('registry_event', 'new_rows', 1)])};
        return null;
      end $$`);
    this.addSql(`create trigger exit_household_update after update on household referencing old table as old_rows new table as new_rows for each statement execute function exit_household_update()`);
    this.addSql(`create function exit_household_delete() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return null; end if;
        ${lock(`select village_code from old_rows`)}
        ${applyExits([exitEvents('registry_event', 'old_rows', -1)])};
        return null;
      end $$`);
    this.addSql(`create trigger exit_household_delete after delete on household referencing old table as old_rows for each statement execute function exit_household_delete()`);
    // rebuild_report_stats() is generated code: swap its exit statement, and stop if it is not the one expected.
    this.addSql(`do $do$
      declare def text := pg_get_functiondef('rebuild_report_stats()'::regprocedure);
      begin
        if position(${lit(OLD_REBUILD_EXITS)} in def) = 0 then raise exception 'rebuild_report_stats() is not the expected one'; end if;
        execute replace(def, ${lit(OLD_REBUILD_EXITS)}, ${lit(applyExits([exitEvents('registry_event', 'household', 1)]))});
      end $do$`);
    this.addSql(`comment on table exit_month is 'Households and people exiting poverty per village, township and county, in the month of their exit events (EXITED minus cancelled exits), people weighted by member_count.'`);

    // ---- villages and counties: dated standing ----
    this.addSql(`alter table region add column listed_on date null, add column exited_on date null`);
    this.addSql(`alter table region add constraint region_standing_dates_check check (exited_on is null or listed_on is null or exited_on >= listed_on)`);
    this.addSql(`comment on column region.listed_on is 'Day the village or county was put on the poor list (建档立卡); null with is_poor: listed from the beginning.'`);
    this.addSql(`comment on column region.exited_on is 'Day its exit (村出列 / 县摘帽) was decided; exit_year is the planned year.'`);
    this.addSql(`create index region_exited_on_idx on region (exited_on) where exited_on is not null`);
    this.addSql(`create function demo_region_exit_day(code varchar, year integer) returns date language sql immutable parallel safe as $$
      select case when substr(code, 7) = '000000' then make_date(year, 12, 20)
        else make_date(year, 1 + (substr(code, 7, 6)::int * 7 + substr(code, 7, 3)::int) % 12, 1 + substr(code, 10, 3)::int * 11 % 28) end $$`);
    this.addSql(`comment on function demo_region_exit_day(varchar, integer) is 'Demo data: the day a poor village (spread over the months of its exit year by its code) or county (December) exits.'`);
    this.addSql(`update region set listed_on = date '2014-10-17', exited_on = case when exit_year is not null then demo_region_exit_day(code, exit_year) end where is_poor`);

    this.addSql(`select rebuild_report_stats()`);
  }

  override async down(): Promise<void> {
    // Back to the year-dated rebuild; the household triggers of Migration20261201050000 are not recreated
    // (run that migration's down and up again to restore them).
    this.addSql(`do $do$
      declare def text := pg_get_functiondef('rebuild_report_stats()'::regprocedure);
      begin
        execute replace(def, ${lit(applyExits([exitEvents('registry_event', 'household', 1)]))}, ${lit(OLD_REBUILD_EXITS)});
      end $do$`);
    this.addSql(`drop trigger if exists exit_event_insert on registry_event`);
    this.addSql(`drop function if exists exit_event_insert()`);
    for (const e of ['update', 'delete']) {
      this.addSql(`drop trigger if exists exit_household_${e} on household`);
      this.addSql(`drop function if exists exit_household_${e}()`);
    }
    this.addSql(`alter table region drop column if exists listed_on, drop column if exists exited_on`);
    this.addSql(`drop function if exists demo_region_exit_day(varchar, integer)`);
  }
}

/** A dollar-quoted SQL literal. */
function lit(s: string): string {
  return `$lit$${s}$lit$`;
}
