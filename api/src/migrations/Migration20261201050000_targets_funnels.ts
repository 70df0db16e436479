import { Migration } from '@mikro-orm/migrations';

/*
 * Yearly targets (年度目标任务), the training funnel and exits, for supervision and the monthly report.
 *
 * - `target`: a yearly target of a region (city, county or township) for one indicator; `target_profile`:
 *   the city's monthly profile of an indicator (cumulative shares expected by the end of each month).
 * - `funnel_enrollment`: one row of facts per enrollment (its class's kind, the days of its steps, the
 *   day its first job after training became stable), so a change to an enrollment, a job or a class
 *   turns into signed deltas (old facts -1, new facts +1), as the statistics do with `stats_laborer`.
 * - `funnel_month (region_code, month, kind)` and `funnel_class_month (class_id, month)`: the funnel's
 *   counters in the month each step happened, per village, township and county (never the city: a hot
 *   row every writer would queue on; the city is the sum of its counties at read time) and per class.
 *   Triggers only append deltas (`funnel_delta`, `funnel_class_delta`), so writers of one class or
 *   county never wait for each other; readers sum `funnel_live` (counters + deltas, exact in any
 *   snapshot); `funnel_fold()`, run by the hub beside the statistics' fold, moves the deltas.
 * - `exit_month (region_code, month)`: households and people exiting poverty, on January of their exit
 *   year (the registry keeps the year only), per village, township and county. The one source of
 *   "people exiting" (`exitSource` below) until dated exit events replace it.
 *
 * Statement-level triggers with transition tables, set-based, skipped under `stats_off()`; the counters
 * are recomputed by `rebuild_report_stats()` (the seed calls it after its COPY, TRUNCATE calls it). No
 * lock of their own: they call `stats_lock(counties)` (the statistics' per-county lock; created here
 * only when it does not exist yet, with the old global lock as its body).
 */

const STEPS = ['enrolled', 'completed', 'certified', 'employed', 'stable'];

/** The region codes a village counts at: itself, its township, its county (never the city). */
const CODES = (v: string) => `array[${v}, substr(${v}, 1, 9) || '000', substr(${v}, 1, 6) || '000000']::varchar[]`;

/** Stable: six months after the job started (JavaScript month arithmetic, as `isStable()` and the statistics). */
const STABLE_ON = `((date_trunc('month', e.start_date) + interval '6 months')::date + (extract(day from e.start_date)::int - 1))`;

/** Facts of the enrollments in `ids` (a FROM item aliased `i` with a column `id`), or all (null). */
function factsQuery(ids: string | null): string {
  return `select x.id as enrollment_id, x.class_id, x.village_code, c.kind, x.enrolled_on, x.completed_on,
      (x.certificate_no is not null) as certified, x.employed_after_training as employed,
      case when j.end_date is null or j.end_date >= j.stable_on then j.stable_on end as stable_on
    from ${ids ? `${ids} join enrollment x on x.id = i.id` : 'enrollment x'}
    join training_class c on c.id = x.class_id
    left join lateral (
      select ${STABLE_ON} as stable_on, e.end_date from employment e
      where x.employed_after_training and e.laborer_id = x.laborer_id
        and e.start_date >= x.completed_on and e.start_date <= (x.completed_on + interval '3 months')::date
      order by e.start_date, e.id limit 1) j on true`;
}

/** Signed (village, kind, class, month, steps) rows of a facts relation `f`. */
function contributions(rel: string, sign: 1 | -1): string {
  const row = (day: string, vals: Record<string, string>) =>
    `select f.village_code, f.kind, f.class_id, date_trunc('month', ${day})::date as month, ${STEPS.map((s) => `(${sign} * (${vals[s] ?? '0'}))::int as ${s}`).join(', ')} from ${rel} f where ${day} is not null`;
  return [
    row('f.enrolled_on', { enrolled: '1' }),
    row('f.completed_on', { completed: '1', certified: 'f.certified::int', employed: 'f.employed::int' }),
    row('f.stable_on', { stable: '1' }),
  ].join('\n union all ');
}

const SUMS = STEPS.map((s) => `sum(${s})::int as ${s}`).join(', ');
const NONZERO = STEPS.map((s) => `sum(${s}) <> 0`).join(' or ');
const ADD = (t: string) => STEPS.map((s) => `${s} = ${t}.${s} + excluded.${s}`).join(', ');

/**
 * Appends the contributions in the CTE `contrib` to both delta tables: inserts only, so concurrent
 * writers (eight enrolling in one class) never wait on a counter row; `funnel_fold()` moves them.
 */
const APPLY = `by_class as (
      insert into funnel_class_delta (class_id, month, ${STEPS.join(', ')})
      select class_id, month, ${SUMS} from contrib group by class_id, month having ${NONZERO})
    insert into funnel_delta (region_code, month, kind, ${STEPS.join(', ')})
    select r.code, b.month, b.kind, ${STEPS.map((s) => `sum(b.${s})::int`).join(', ')}
    from contrib b cross join lateral unnest(${CODES('b.village_code')}) as r(code)
    group by r.code, b.month, b.kind having ${STEPS.map((s) => `sum(b.${s}) <> 0`).join(' or ')}`;

/** The rebuild writes the counter tables themselves. */
const REBUILD = `by_class as (
      insert into funnel_class_month (class_id, month, ${STEPS.join(', ')})
      select class_id, month, ${SUMS} from contrib group by class_id, month having ${NONZERO})
    insert into funnel_month (region_code, month, kind, ${STEPS.join(', ')})
    select r.code, b.month, b.kind, ${STEPS.map((s) => `sum(b.${s})::int`).join(', ')}
    from contrib b cross join lateral unnest(${CODES('b.village_code')}) as r(code)
    group by r.code, b.month, b.kind having ${STEPS.map((s) => `sum(b.${s}) <> 0`).join(' or ')}`;

/** Households and people exiting, by the year of their exit (the one place that defines it). */
const exitSource = (rel: string, sign: 1 | -1) =>
  `select h.village_code, make_date(h.exited_poverty_year, 1, 1) as month, ${sign} as households, ${sign} * h.member_count as people
   from ${rel} h where h.exited_poverty_year is not null`;

const applyExits = (parts: string[]) => `insert into exit_month (region_code, month, households, people)
    select r.code, b.month, sum(b.households)::int, sum(b.people)::int
    from (${parts.join(' union all ')}) b cross join lateral unnest(${CODES('b.village_code')}) as r(code)
    group by r.code, b.month having sum(b.households) <> 0 or sum(b.people) <> 0
    order by r.code, b.month
    on conflict (region_code, month) do update set households = exit_month.households + excluded.households, people = exit_month.people + excluded.people`;

const TRANSITION: Record<string, string> = {
  insert: 'referencing new table as new_rows',
  delete: 'referencing old table as old_rows',
  update: 'referencing old table as old_rows new table as new_rows',
};

/** Enrollment ids whose facts a statement on each table may have changed. */
const TOUCHED: Record<string, Record<string, string>> = {
  enrollment: {
    insert: 'select id from new_rows',
    delete: 'select id from old_rows',
    update: `select o.id from old_rows o join new_rows n on n.id = o.id
      where (o.class_id, o.laborer_id, o.village_code, o.enrolled_on, o.completed_on, o.certificate_no, o.employed_after_training)
        is distinct from (n.class_id, n.laborer_id, n.village_code, n.enrolled_on, n.completed_on, n.certificate_no, n.employed_after_training)`,
  },
  // Only enrollments marked employed after training look at jobs.
  employment: {
    insert: 'select x.id from enrollment x where x.employed_after_training and x.laborer_id in (select laborer_id from new_rows)',
    delete: 'select x.id from enrollment x where x.employed_after_training and x.laborer_id in (select laborer_id from old_rows)',
    update: `select x.id from enrollment x where x.employed_after_training and x.laborer_id in (
      select v.l from old_rows o join new_rows n on n.id = o.id cross join lateral (values (o.laborer_id), (n.laborer_id)) as v(l)
      where (o.laborer_id, o.start_date, o.end_date) is distinct from (n.laborer_id, n.start_date, n.end_date))`,
  },
  training_class: {
    update: `select x.id from enrollment x join old_rows o on o.id = x.class_id join new_rows n on n.id = o.id where o.kind is distinct from n.kind`,
  },
};

export class Migration20261201050000_targets_funnels extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type audit_action add value if not exists 'EXPORT'`);

    this.addSql(`create type target_indicator as enum ('PEOPLE_EXITING', 'VILLAGES_EXITING', 'COUNTIES_EXITING', 'TRAINED', 'TRANSFER_EMPLOYED', 'ENTERPRISES_STARTED', 'WELFARE_PLACED', 'SUBSIDY_PAID')`);
    this.addSql(`create table target (
      id integer generated by default as identity primary key,
      region_code varchar(12) collate "C" not null references region (code) on update cascade on delete restrict,
      year smallint not null,
      indicator target_indicator not null,
      value numeric(16, 2) not null,
      note varchar(200) null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint target_region_check check (region_code ~ '000$'),
      constraint target_year_check check (year between 2000 and 2100),
      constraint target_value_check check (value > 0),
      constraint target_unique unique (region_code, year, indicator)
    )`);
    this.addSql(`create index target_year_idx on target (year, indicator)`);
    this.addSql(`comment on table target is 'Yearly targets of the city, a county or a township; a region without its own target has the sum of its children''s.'`);
    this.addSql(`create table target_profile (
      id integer generated by default as identity primary key,
      year smallint not null,
      indicator target_indicator not null,
      shares numeric(6, 4)[] not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint target_profile_year_check check (year between 2000 and 2100),
      constraint target_profile_shares_check check (cardinality(shares) = 12 and shares[12] = 1),
      constraint target_profile_unique unique (year, indicator)
    )`);

    // The statistics' per-county lock; made here only if the statistics migration has not made it yet.
    this.addSql(`do $do$ begin
      if not exists (select 1 from pg_proc where proname = 'stats_lock') then
        create function stats_lock(codes varchar[]) returns void language plpgsql as $f$
          begin perform pg_advisory_xact_lock(hashtext('fupin.stats')); end $f$;
      end if;
    end $do$`);

    this.addSql(`create table funnel_enrollment (
      enrollment_id integer primary key,
      class_id integer not null,
      village_code varchar(12) collate "C" not null,
      kind training_kind not null,
      enrolled_on date not null,
      completed_on date null,
      certified boolean not null,
      employed boolean not null,
      stable_on date null
    )`);
    this.addSql(`comment on table funnel_enrollment is 'Per-enrollment facts of the training funnel (kind, step days, stable day of the job after training), kept by triggers.'`);
    this.addSql(`create table funnel_month (
      region_code varchar(12) collate "C" not null,
      month date not null,
      kind training_kind not null,
      ${STEPS.map((s) => `${s} integer not null default 0`).join(',\n      ')},
      constraint funnel_month_pkey primary key (region_code, month, kind)
    ) with (fillfactor = 80)`);
    this.addSql(`comment on table funnel_month is 'Training funnel counters per village, township and county, month and kind (the city sums its counties at read time).'`);
    this.addSql(`create table funnel_class_month (
      class_id integer not null,
      month date not null,
      ${STEPS.map((s) => `${s} integer not null default 0`).join(',\n      ')},
      constraint funnel_class_month_pkey primary key (class_id, month)
    ) with (fillfactor = 80)`);
    this.addSql(`create table funnel_delta (like funnel_month including defaults)`);
    this.addSql(`create table funnel_class_delta (like funnel_class_month including defaults)`);
    this.addSql(`comment on table funnel_delta is 'Signed funnel deltas appended by the triggers, folded into funnel_month by funnel_fold(); read through funnel_live.'`);
    this.addSql(`create view funnel_live as select * from funnel_month union all select * from funnel_delta`);
    this.addSql(`create view funnel_class_live as select * from funnel_class_month union all select * from funnel_class_delta`);
    this.addSql(`comment on view funnel_live is 'The funnel counters as of now: funnel_month plus the deltas not yet folded (sum per region, month and kind).'`);
    this.addSql(`create function funnel_fold() returns integer language plpgsql set jit = off as $$
      declare
        n integer;
      begin
        if not pg_try_advisory_xact_lock(hashtext('fupin.funnel.fold')) then return 0; end if;
        with moved as (delete from funnel_class_delta returning *)
        insert into funnel_class_month (class_id, month, ${STEPS.join(', ')})
        select class_id, month, ${SUMS} from moved group by class_id, month having ${NONZERO} order by class_id, month
        on conflict (class_id, month) do update set ${ADD('funnel_class_month')};
        with moved as (delete from funnel_delta returning *)
        insert into funnel_month (region_code, month, kind, ${STEPS.join(', ')})
        select region_code, month, kind, ${SUMS} from moved group by region_code, month, kind having ${NONZERO} order by region_code, month, kind
        on conflict (region_code, month, kind) do update set ${ADD('funnel_month')};
        get diagnostics n = row_count;
        return n;
      end $$`);
    this.addSql(`comment on function funnel_fold() is 'Moves the committed funnel deltas into funnel_month and funnel_class_month (0 when another fold runs).'`);
    this.addSql(`create table exit_month (
      region_code varchar(12) collate "C" not null,
      month date not null,
      households integer not null default 0,
      people integer not null default 0,
      constraint exit_month_pkey primary key (region_code, month)
    )`);
    this.addSql(`comment on table exit_month is 'Households and people exiting poverty per village, township and county, on January of the exit year.'`);

    this.addSql(`create function funnel_refresh(ids integer[]) returns void language plpgsql set jit = off set plan_cache_mode = force_generic_plan as $$
      begin
        if coalesce(cardinality(ids), 0) = 0 then return; end if;
        perform stats_lock(array(
          select distinct substr(v, 1, 6) || '000000' from (
            select f.village_code from funnel_enrollment f join unnest(ids) as i(id) on i.id = f.enrollment_id
            union all select x.village_code from enrollment x join unnest(ids) as i(id) on i.id = x.id) as t(v)
          order by 1)::varchar[]);
        perform 1 from funnel_enrollment f join unnest(ids) as i(id) on i.id = f.enrollment_id order by f.enrollment_id for update of f;
        with old as (select f.* from funnel_enrollment f join unnest(ids) as i(id) on i.id = f.enrollment_id),
          new as (${factsQuery('unnest(ids) as i(id)')}),
          gone as (delete from funnel_enrollment f using unnest(ids) as i(id) where f.enrollment_id = i.id and not exists (select 1 from enrollment x where x.id = i.id)),
          put as (insert into funnel_enrollment select * from new on conflict (enrollment_id) do update set
            class_id = excluded.class_id, village_code = excluded.village_code, kind = excluded.kind, enrolled_on = excluded.enrolled_on,
            completed_on = excluded.completed_on, certified = excluded.certified, employed = excluded.employed, stable_on = excluded.stable_on),
          contrib as (${contributions('old', -1)} union all ${contributions('new', 1)}),
          ${APPLY};
      end $$`);

    this.addSql(`create function rebuild_report_stats() returns void language plpgsql set jit = off as $$
      begin
        perform stats_lock(array(select code from region where level = 'COUNTY' order by code)::varchar[]);
        truncate funnel_enrollment, funnel_month, funnel_class_month, funnel_delta, funnel_class_delta, exit_month;
        insert into funnel_enrollment ${factsQuery(null)};
        with contrib as (${contributions('funnel_enrollment', 1)}), ${REBUILD};
        ${applyExits([exitSource('household', 1)])};
      end $$`);
    this.addSql(`comment on function rebuild_report_stats() is 'Recomputes funnel_enrollment, funnel_month, funnel_class_month and exit_month from the base tables (after a bulk load with fupin.stats_off).'`);

    this.addSql(`create function report_stats_truncated() returns trigger language plpgsql as $$
      begin
        if stats_off() then return null; end if;
        perform rebuild_report_stats();
        return null;
      end $$`);

    for (const [table, events] of Object.entries(TOUCHED)) {
      for (const [event, ids] of Object.entries(events)) {
        const fn = `funnel_${table}_${event}`;
        this.addSql(`create function ${fn}() returns trigger language plpgsql set jit = off as $$
          begin
            if stats_off() then return null; end if;
            perform funnel_refresh(array(select distinct x from (${ids}) as t(x) where x is not null order by 1));
            return null;
          end $$`);
        this.addSql(`create trigger ${fn} after ${event} on ${table} ${TRANSITION[event]} for each statement execute function ${fn}()`);
      }
      this.addSql(`create trigger funnel_${table}_truncate after truncate on ${table} for each statement execute function report_stats_truncated()`);
    }

    const householdCounties = (rels: string[]) =>
      `perform stats_lock(array(select distinct substr(village_code, 1, 6) || '000000' from (${rels.map((r) => `select village_code from ${r} where exited_poverty_year is not null`).join(' union all ')}) t order by 1)::varchar[]);`;
    const exitParts: Record<string, [string, 1 | -1][]> = {
      insert: [['new_rows', 1]],
      delete: [['old_rows', -1]],
      update: [['old_rows', -1], ['new_rows', 1]],
    };
    for (const [event, parts] of Object.entries(exitParts)) {
      const fn = `exit_household_${event}`;
      this.addSql(`create function ${fn}() returns trigger language plpgsql set jit = off as $$
        begin
          if stats_off() then return null; end if;
          if not exists (${parts.map(([r]) => `select 1 from ${r} where exited_poverty_year is not null`).join(' union all ')}) then return null; end if;
          ${householdCounties(parts.map(([r]) => r))}
          ${applyExits(parts.map(([r, s]) => exitSource(r, s)))};
          return null;
        end $$`);
      this.addSql(`create trigger ${fn} after ${event} on household ${TRANSITION[event]} for each statement execute function ${fn}()`);
    }
    this.addSql(`create trigger exit_household_truncate after truncate on household for each statement execute function report_stats_truncated()`);

    this.addSql(`select rebuild_report_stats()`);
  }

  override async down(): Promise<void> {
    for (const [table, events] of Object.entries(TOUCHED)) {
      for (const event of [...Object.keys(events), 'truncate']) this.addSql(`drop trigger if exists funnel_${table}_${event} on ${table}`);
      for (const event of Object.keys(events)) this.addSql(`drop function if exists funnel_${table}_${event}()`);
    }
    for (const event of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger if exists exit_household_${event} on household`);
    for (const event of ['insert', 'update', 'delete']) this.addSql(`drop function if exists exit_household_${event}()`);
    this.addSql('drop function if exists report_stats_truncated(), rebuild_report_stats(), funnel_refresh(integer[]), funnel_fold()');
    this.addSql('drop view if exists funnel_live, funnel_class_live');
    this.addSql('drop table if exists funnel_enrollment, funnel_month, funnel_class_month, funnel_delta, funnel_class_delta, exit_month, target_profile, target');
    this.addSql('drop type if exists target_indicator');
  }
}
