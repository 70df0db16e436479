import { Migration } from '@mikro-orm/migrations';

/*
 * 怎么进、怎么出: the registry over time (issue #12).
 *
 * - `registry_event`: every change of a household's or a laborer's standing, append-only (UPDATE, DELETE
 *   and TRUNCATE refused, as for audit_log). Each row carries the subject's state after it (standing and
 *   village) and before it (prev_*), so its effect on the counters is a function of the row alone: +state
 *   at its village, -previous state at the previous village, in the month of `occurred_on`. A correction
 *   (CANCELLED) may only cancel the latest effective event of its subject and carries the reverse states,
 *   so it nets the cancelled row out exactly; new events may not be dated before the latest effective
 *   one. The counters are therefore a plain sum over all event rows, which is what `rebuild_lifecycle()`
 *   computes, and the status and exit year of a household or laborer are those of its latest effective
 *   event (kept by a trigger in the same statement; a direct UPDATE of them is refused).
 * - `exit_proposal`: 村申请 -> 乡镇审核 -> 县审定, transitions checked by a trigger; an EXITED event needs a
 *   DECIDED proposal of its household.
 * - `helper`, `helper_assignment` (dated, history kept: never deleted, only ended), `assistance_plan` and
 *   `plan_measure` (一人一策; a measure linked to a programme record takes its date as the day it was met).
 * - `lifecycle_month (region_code, month)`: counters per village, township and county (never the city: it
 *   is summed from its counties when read, so no hot row), kept by statement-level triggers with
 *   transition tables, honouring `stats_off()`, locking through `stats_lock(county codes)`.
 */

const COUNTERS = [
  'households', 'poor_households', 'households_registered', 'households_exited', 'households_returned', 'households_left', 'households_with_helper',
  'laborers', 'poor_laborers', 'wants_training', 'wants_transfer', 'wants_enterprise',
  'laborers_registered', 'laborers_exited', 'laborers_returned', 'laborers_left',
  'laborers_with_plan', 'measures_met', 'measures_overdue',
];

interface Bucket {
  /** Village code and day of the contribution. */
  code: string;
  day: string;
  where?: string;
  values: Record<string, string>;
}
interface Source {
  from: string;
  where?: string;
  buckets: Bucket[];
}

const int = (cond: string) => `(${cond})::int`;
/** Flow of a kind: +1 for the event, -1 for the correction cancelling one. */
const flow = (kind: string) => `(case when e.kind = '${kind}' then 1 when e.kind = 'CANCELLED' and e.cancelled_kind = '${kind}' then -1 else 0 end)`;

/** Laborer events joined to their laborer (`lab`: the table or a transition table of it). */
const laborerEvents = (events: string, lab: string, where?: string): Source => ({
  from: `${events} e join ${lab} l on l.id = e.laborer_id`,
  where,
  buckets: [
    {
      code: 'e.village_code',
      day: 'e.occurred_on',
      values: {
        laborers: int(`e.standing <> 'LEFT'`),
        poor_laborers: int(`e.standing = 'POOR'`),
        wants_training: int(`e.standing <> 'LEFT' and l.wants_training`),
        wants_transfer: int(`e.standing <> 'LEFT' and l.wants_transfer`),
        wants_enterprise: int(`e.standing <> 'LEFT' and l.wants_enterprise`),
        laborers_registered: flow('REGISTERED'),
        laborers_exited: flow('EXITED'),
        laborers_returned: flow('RETURNED'),
        laborers_left: flow('LEFT'),
      },
    },
    {
      code: 'e.prev_village_code',
      day: 'e.occurred_on',
      where: 'e.prev_standing is not null',
      values: {
        laborers: `-${int(`e.prev_standing <> 'LEFT'`)}`,
        poor_laborers: `-${int(`e.prev_standing = 'POOR'`)}`,
        wants_training: `-${int(`e.prev_standing <> 'LEFT' and l.wants_training`)}`,
        wants_transfer: `-${int(`e.prev_standing <> 'LEFT' and l.wants_transfer`)}`,
        wants_enterprise: `-${int(`e.prev_standing <> 'LEFT' and l.wants_enterprise`)}`,
      },
    },
  ],
});

const householdEvents = (events: string, hh: string, where?: string): Source => ({
  from: `${events} e join ${hh} h on h.id = e.household_id`,
  where: ['e.laborer_id is null', where].filter(Boolean).join(' and '),
  buckets: [
    {
      code: 'e.village_code',
      day: 'e.occurred_on',
      values: {
        households: int(`e.standing <> 'LEFT'`),
        poor_households: int(`e.standing = 'POOR'`),
        households_registered: flow('REGISTERED'),
        households_exited: flow('EXITED'),
        households_returned: flow('RETURNED'),
        households_left: flow('LEFT'),
      },
    },
    {
      code: 'e.prev_village_code',
      day: 'e.occurred_on',
      where: 'e.prev_standing is not null',
      values: { households: `-${int(`e.prev_standing <> 'LEFT'`)}`, poor_households: `-${int(`e.prev_standing = 'POOR'`)}` },
    },
  ],
});

const assignments = (rel: string): Source => ({
  from: `${rel} a`,
  buckets: [
    { code: 'a.village_code', day: 'a.start_date', values: { households_with_helper: '1' } },
    { code: 'a.village_code', day: 'a.end_date', values: { households_with_helper: '-1' } },
  ],
});

const plans = (rel: string): Source => ({ from: `${rel} p`, buckets: [{ code: 'p.village_code', day: 'p.drawn_up_on', values: { laborers_with_plan: '1' } }] });

/** The first day of the month from which a measure is overdue (the day after its target date). */
const OVERDUE_FROM = `date_trunc('month', m.target_date + 1)::date`;
const measures = (rel: string): Source => ({
  from: `${rel} m`,
  buckets: [
    { code: 'm.village_code', day: 'm.met_on', values: { measures_met: '1' } },
    { code: 'm.village_code', day: 'm.target_date + 1', where: `m.met_on is null or date_trunc('month', m.met_on) > ${OVERDUE_FROM}`, values: { measures_overdue: '1' } },
    { code: 'm.village_code', day: 'm.met_on', where: `date_trunc('month', m.met_on) > ${OVERDUE_FROM}`, values: { measures_overdue: '-1' } },
  ],
});

function selects(s: Source, sign: 1 | -1): string[] {
  return s.buckets.map((b) => {
    const where = [`${b.day} is not null`, `${b.code} is not null`, s.where, b.where].filter(Boolean).map((w) => `(${w})`).join(' and ');
    const cols = COUNTERS.map((c) => (b.values[c] ? `(${sign} * sum(${b.values[c]}))::bigint` : '0::bigint')).join(', ');
    return `select ${b.code} as code, date_trunc('month', ${b.day})::date as month, ${cols} from ${s.from} where ${where} group by 1, 2`;
  });
}

/** Adds signed contributions to the village, township and county rows, in key order, skipping rows netting to zero. */
function applyDeltas(parts: [Source, 1 | -1][]): string {
  const cols = COUNTERS.join(', ');
  return `with contrib (code, month, ${cols}) as (${parts.flatMap(([s, sign]) => selects(s, sign)).join('\n union all ')}),
    by_region as (select r.code as region_code, b.month, ${COUNTERS.map((c) => `sum(b.${c})::bigint as ${c}`).join(', ')}
      from contrib b cross join lateral unnest(lifecycle_codes(b.code)) as r(code)
      group by r.code, b.month having ${COUNTERS.map((c) => `sum(b.${c}) <> 0`).join(' or ')})
  insert into lifecycle_month (region_code, month, ${cols})
  select region_code, month, ${cols} from by_region order by region_code, month
  on conflict (region_code, month) do update set ${COUNTERS.map((c) => `${c} = lifecycle_month.${c} + excluded.${c}`).join(', ')}`;
}

/** Counties a statement's rows touch (for `stats_lock`). */
const countiesOf = (sql: string) => `perform stats_lock(array(select distinct substr(x, 1, 6) || '000000' from (${sql}) as t(x) where x is not null order by 1)::varchar[]);`;

interface Rule {
  table: string;
  events: ('insert' | 'update' | 'delete')[];
  parts(event: 'insert' | 'update' | 'delete'): [Source, 1 | -1][];
  codes(event: 'insert' | 'update' | 'delete'): string;
}

const TRANSITION: Record<string, string> = {
  insert: 'referencing new table as new_rows',
  delete: 'referencing old table as old_rows',
  update: 'referencing old table as old_rows new table as new_rows',
};
const sides = (event: string, f: (rel: string) => Source): [Source, 1 | -1][] =>
  event === 'insert' ? [[f('new_rows'), 1]] : event === 'delete' ? [[f('old_rows'), -1]] : [[f('old_rows'), -1], [f('new_rows'), 1]];
const codesOf = (event: string, col: string) =>
  event === 'insert' ? `select ${col} from new_rows` : event === 'delete' ? `select ${col} from old_rows` : `select ${col} from old_rows union select ${col} from new_rows`;

const DEMAND = ['wants_training', 'wants_transfer', 'wants_enterprise'];
const RULES: Rule[] = [
  {
    table: 'registry_event',
    events: ['insert'],
    parts: () => [
      [laborerEvents('new_rows', 'laborer'), 1],
      [householdEvents('new_rows', 'household'), 1],
    ],
    codes: () => `select village_code from new_rows union select prev_village_code from new_rows`,
  },
  {
    // A laborer's demand flags weigh all their events; a deleted laborer takes their events' counts along.
    table: 'laborer',
    events: ['update', 'delete'],
    parts: (event) =>
      event === 'delete'
        ? [[laborerEvents('registry_event', 'old_rows'), -1]]
        : [
            [laborerEvents('registry_event', 'old_rows', `(${DEMAND.map((c) => `l.${c}`).join(', ')}) is distinct from (select (${DEMAND.map((c) => `n.${c}`).join(', ')}) from new_rows n where n.id = l.id)`), -1],
            [laborerEvents('registry_event', 'new_rows', `(${DEMAND.map((c) => `l.${c}`).join(', ')}) is distinct from (select (${DEMAND.map((c) => `o.${c}`).join(', ')}) from old_rows o where o.id = l.id)`), 1],
          ],
    codes: (event) =>
      event === 'delete'
        ? codesOf(event, 'village_code')
        : `select o.village_code from old_rows o join new_rows n on n.id = o.id where (${DEMAND.map((c) => `o.${c}`).join(', ')}) is distinct from (${DEMAND.map((c) => `n.${c}`).join(', ')})`,
  },
  { table: 'household', events: ['delete'], parts: () => [[householdEvents('registry_event', 'old_rows'), -1]], codes: () => codesOf('delete', 'village_code') },
  { table: 'helper_assignment', events: ['insert', 'update', 'delete'], parts: (e) => sides(e, assignments), codes: (e) => codesOf(e, 'village_code') },
  { table: 'assistance_plan', events: ['insert', 'update', 'delete'], parts: (e) => sides(e, plans), codes: (e) => codesOf(e, 'village_code') },
  { table: 'plan_measure', events: ['insert', 'update', 'delete'], parts: (e) => sides(e, measures), codes: (e) => codesOf(e, 'village_code') },
];

const ALL_SOURCES: Source[] = [
  laborerEvents('registry_event', 'laborer'),
  householdEvents('registry_event', 'household'),
  assignments('helper_assignment'),
  plans('assistance_plan'),
  measures('plan_measure'),
];

/** Programme records that fulfil a measure, and the day each counts as met. */
export const MEASURE_RECORDS: Record<string, { table: string; day: string; where?: string }> = {
  TRAINING: { table: 'enrollment', day: 'r.completed_on', where: 'r.completed' },
  TRANSFER_EMPLOYMENT: { table: 'employment', day: 'r.start_date', where: `r.kind = 'TRANSFER'` },
  LOCAL_EMPLOYMENT: { table: 'employment', day: 'r.start_date', where: `r.kind = 'LOCAL'` },
  WELFARE_POST: { table: 'welfare_placement', day: 'r.start_date' },
  BUSINESS: { table: 'enterprise', day: 'r.started_on' },
  BUSINESS_LOAN: { table: 'guaranteed_loan', day: 'r.disbursed_on', where: 'r.disbursed_on is not null and r.dream_schooling_id is null' },
  DREAM_SCHOOLING: { table: 'dream_schooling', day: 'make_date(r.intake_year, 9, 1)' },
};

/** The demo exit day in its year: before the report date for 2017, in December before that. */
const EXIT_DAY = (year: string, id: string) => `(case when ${year} >= 2017 then make_date(${year}, 1, 10) + ((${id}) % 150) else make_date(${year}, 12, 1) + ((${id}) % 25) end)`;
/**
 * The registration day of a record without events: the day it was created (the demo data's are in
 * 2015-2016), or, for a household that exited before 2017, a day from 2014 before its exit.
 */
const REG_DAY = (created: string, exitYear: string, id: string) =>
  `(case when ${exitYear} <= 2016 then date '2014-01-01' + ((${id})::bigint * 7919 % greatest(make_date(${exitYear}, 11, 1) - date '2014-01-01', 1))::int
    else least((${created})::date, ${EXIT_DAY(`coalesce(${exitYear}, 2100)`, id)} - 30) end)`;

/**
 * Events for records that have none (the demo data, a database from before this migration): a registration
 * dated 2014-2016, and for an exited household a decided proposal and its exit events. Also re-created by
 * Migration20261207100000_backfill_bigint (the registration day overflowed int4 past id 271,000: scale 3 and up).
 */
export const LIFECYCLE_BACKFILL = `create or replace function lifecycle_backfill() returns void language plpgsql set jit = off as $$
      begin
        insert into exit_proposal (household_id, village_code, exit_year, member_employed, income_per_capita, poverty_line, status,
            proposed_on, proposed_by_name, reviewed_on, reviewed_by_name, decided_on, decided_by_name, proposal_remark)
          select h.id, h.village_code, h.exited_poverty_year, true, 4000, 3300, 'DECIDED',
            ${EXIT_DAY('h.exited_poverty_year', 'h.id')} - 20, '历史数据', ${EXIT_DAY('h.exited_poverty_year', 'h.id')} - 10, '历史数据', ${EXIT_DAY('h.exited_poverty_year', 'h.id')}, '历史数据', '建档立卡系统导入'
          from household h
          where h.poverty_status = 'EXITED' and not exists (select 1 from registry_event e where e.household_id = h.id);
        insert into registry_event (household_id, laborer_id, kind, occurred_on, village_code, standing, recorded_by_name, reason)
          select h.id, null, 'REGISTERED', ${REG_DAY('h.created_at', 'h.exited_poverty_year', 'h.id')}, h.village_code, 'POOR', '历史数据', '建档立卡'
          from household h where not exists (select 1 from registry_event e where e.household_id = h.id and e.laborer_id is null)
          order by h.id;
        insert into registry_event (household_id, laborer_id, kind, occurred_on, village_code, standing, recorded_by_name, reason)
          select l.household_id, l.id, 'REGISTERED', case when exists (select 1 from exit_proposal p where p.household_id = h.id) then hr.occurred_on else greatest(hr.occurred_on, l.created_at::date) end, l.village_code, 'POOR', '历史数据', '建档立卡'
          from laborer l join household h on h.id = l.household_id
          join registry_event hr on hr.household_id = h.id and hr.laborer_id is null and hr.kind = 'REGISTERED'
          where not exists (select 1 from registry_event e where e.laborer_id = l.id)
          order by l.id;
        -- (The registrations just set every status to POOR: the exits follow from the proposals, household first.)
        insert into registry_event (household_id, laborer_id, kind, occurred_on, village_code, standing, prev_village_code, prev_standing, exit_year, proposal_id, recorded_by_name, reason)
          select x.household_id, x.laborer_id, 'EXITED', p.decided_on, x.village_code, 'EXITED', x.village_code, 'POOR', p.exit_year, p.id, '历史数据', '县审定脱贫'
          from exit_proposal p
          cross join lateral (select p.household_id, null::int as laborer_id, p.village_code
                union all select l.household_id, l.id, l.village_code from laborer l where l.household_id = p.household_id) x
          where p.status = 'DECIDED' and not exists (select 1 from registry_event e where e.proposal_id = p.id)
          order by x.household_id, x.laborer_id nulls first;
        -- 一户一帮: the helper named on a household becomes a helper record of its village, assigned from its registration.
        insert into helper (name, work_unit, post, region_code)
          select distinct on (h.village_code, h.helper_name) h.helper_name,
            coalesce((select c.name from region c where c.code = substr(h.village_code, 1, 6) || '000000'), '') || '驻村帮扶工作队', '帮扶责任人', h.village_code
          from household h
          where h.helper_name is not null and not exists (select 1 from helper_assignment a where a.household_id = h.id)
            and not exists (select 1 from helper x where x.region_code = h.village_code and x.name = h.helper_name)
          order by h.village_code, h.helper_name;
        insert into helper_assignment (household_id, village_code, helper_id, start_date, note)
          select h.id, h.village_code, x.id, e.occurred_on, '建档立卡时确定'
          from household h
          join registry_event e on e.household_id = h.id and e.laborer_id is null and e.kind = 'REGISTERED'
          join lateral (select x.id from helper x where x.region_code = h.village_code and x.name = h.helper_name order by x.id limit 1) x on true
          where h.helper_name is not null and not exists (select 1 from helper_assignment a where a.household_id = h.id)
          order by h.id;
        -- 一人一策: a plan for every laborer with a demand, drawn up at the start of 2017, one measure per demand,
        -- met by the laborer's first matching record when there is one.
        insert into assistance_plan (laborer_id, village_code, drawn_up_on, note)
          select l.id, l.village_code, date '2017-01-03' + (l.id % 28), '按需求制定'
          from laborer l
          where (l.wants_training or l.wants_transfer or l.wants_enterprise) and not exists (select 1 from assistance_plan p where p.laborer_id = l.id)
          order by l.id;
        insert into plan_measure (plan_id, laborer_id, village_code, kind, target_date, record_id)
          select p.id, p.laborer_id, p.village_code, m.kind::plan_measure_kind, m.target, m.record_id
          from assistance_plan p join laborer l on l.id = p.laborer_id
          cross join lateral (
            select 'TRAINING' as kind, date '2017-06-30' as target,
              (select r.id from enrollment r where r.laborer_id = l.id and r.completed order by r.completed_on, r.id limit 1) as record_id
            where l.wants_training
            union all
            select 'TRANSFER_EMPLOYMENT', date '2017-06-30',
              (select r.id from employment r where r.laborer_id = l.id and r.kind = 'TRANSFER' order by r.start_date, r.id limit 1)
            where l.wants_transfer
            union all
            select 'BUSINESS', date '2017-12-31', (select r.id from enterprise r where r.laborer_id = l.id order by r.started_on, r.id limit 1)
            where l.wants_enterprise) m
          where not exists (select 1 from plan_measure x where x.plan_id = p.id)
          order by p.id, m.kind;
      end $$`;

export class Migration20261201040000_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type registry_event_kind as enum ('REGISTERED', 'EXITED', 'RETURNED', 'MOVED', 'LEFT', 'CANCELLED')`);
    this.addSql(`create type registry_standing as enum ('POOR', 'EXITED', 'LEFT')`);
    this.addSql(`create type leave_reason as enum ('DIED', 'MOVED_OUT', 'OTHER')`);
    this.addSql(`create type exit_proposal_status as enum ('PROPOSED', 'REVIEWED', 'DECIDED', 'REJECTED')`);
    this.addSql(`create type plan_measure_kind as enum (${Object.keys(MEASURE_RECORDS).map((k) => `'${k}'`).join(', ')})`);

    // Village-level users (a village clerk proposes exits): a scope may now be a village too, never the city.
    this.addSql(`alter table app_user drop constraint app_user_scope_level_check`);
    this.addSql(`alter table app_user add constraint app_user_scope_level_check check (scope_region_code is null or scope_region_code !~ '^[0-9]{4}00000000$')`);

    // Who left the registry and when (derived from the events, as the status and exit year are).
    this.addSql(`alter table household add column left_on date null`);
    this.addSql(`alter table laborer add column left_on date null`);

    this.addSql(`create table exit_proposal (
      id integer generated by default as identity primary key,
      household_id integer not null,
      village_code varchar(12) collate "C" not null,
      exit_year smallint not null,
      member_employed boolean not null,
      employment_note varchar(200) null,
      income_per_capita numeric(10, 2) not null,
      poverty_line numeric(10, 2) not null,
      status exit_proposal_status not null default 'PROPOSED',
      proposed_on date not null,
      proposed_by integer null,
      proposed_by_name varchar(64) not null,
      proposal_remark varchar(500) null,
      reviewed_on date null,
      reviewed_by integer null,
      reviewed_by_name varchar(64) null,
      review_remark varchar(500) null,
      decided_on date null,
      decided_by integer null,
      decided_by_name varchar(64) null,
      decision_remark varchar(500) null,
      rejected_on date null,
      rejected_by integer null,
      rejected_by_name varchar(64) null,
      rejected_step varchar(8) null,
      rejection_reason varchar(500) null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint exit_proposal_household_fk foreign key (household_id, village_code) references household (id, village_code) on update cascade on delete restrict,
      constraint exit_proposal_year_check check (exit_year between 2014 and 2100),
      constraint exit_proposal_income_check check (income_per_capita >= 0 and poverty_line > 0),
      constraint exit_proposal_steps_check check (
        (status = 'PROPOSED' or reviewed_on is not null or rejected_on is not null)
        and (status <> 'DECIDED' or (reviewed_on is not null and decided_on is not null))
        and ((status = 'REJECTED') = (rejected_on is not null and rejection_reason is not null))
        and (reviewed_on is null or reviewed_on >= proposed_on)
        and (decided_on is null or decided_on >= reviewed_on))
    )`);
    this.addSql(`create unique index exit_proposal_open_unique on exit_proposal (household_id) where status in ('PROPOSED', 'REVIEWED')`);
    this.addSql(`create index exit_proposal_village_idx on exit_proposal (village_code, status)`);
    this.addSql(`comment on table exit_proposal is '脱贫退出: village proposal, township review, county decision; only a DECIDED proposal writes EXITED events.'`);
    // A step moves forward only, once; what an earlier step recorded never changes.
    this.addSql(`create function check_exit_proposal() returns trigger language plpgsql as $$
      begin
        if not ((old.status = 'PROPOSED' and new.status in ('REVIEWED', 'REJECTED'))
             or (old.status = 'REVIEWED' and new.status in ('DECIDED', 'REJECTED'))) then
          raise exception 'illegal exit proposal transition % -> %', old.status, new.status
            using errcode = 'check_violation', constraint = 'exit_proposal_transition';
        end if;
        if (new.household_id, new.exit_year, new.member_employed, new.employment_note, new.income_per_capita, new.poverty_line,
            new.proposed_on, new.proposed_by, new.proposal_remark)
           is distinct from (old.household_id, old.exit_year, old.member_employed, old.employment_note, old.income_per_capita, old.poverty_line,
            old.proposed_on, old.proposed_by, old.proposal_remark)
           or (old.status = 'REVIEWED' and (new.reviewed_on, new.reviewed_by, new.review_remark) is distinct from (old.reviewed_on, old.reviewed_by, old.review_remark)) then
          raise exception 'an exit proposal step, once taken, does not change'
            using errcode = 'check_violation', constraint = 'exit_proposal_transition';
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger exit_proposal_transition before update on exit_proposal for each row
      when (old.village_code is not distinct from new.village_code or old.status is distinct from new.status) execute function check_exit_proposal()`);
    this.addSql(`create function exit_proposal_no_delete() returns trigger language plpgsql as $$
      begin
        raise exception 'exit proposals are kept: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`);
    this.addSql(`create trigger exit_proposal_no_delete before delete on exit_proposal for each row execute function exit_proposal_no_delete()`);

    this.addSql(`create table registry_event (
      id bigint generated by default as identity primary key,
      household_id integer not null,
      laborer_id integer null,
      kind registry_event_kind not null,
      occurred_on date not null,
      village_code varchar(12) collate "C" not null references region (code),
      standing registry_standing not null,
      prev_village_code varchar(12) collate "C" null,
      prev_standing registry_standing null,
      exit_year smallint null,
      leave_reason leave_reason null,
      reason varchar(200) null,
      evidence varchar(500) null,
      proposal_id integer null references exit_proposal (id),
      cancels_id bigint null references registry_event (id),
      cancelled_kind registry_event_kind null,
      group_id bigint null,
      recorded_by integer null,
      recorded_by_name varchar(64) not null,
      recorded_at timestamptz not null default now(),
      constraint registry_event_kind_check check (
        (kind = 'REGISTERED') = (prev_standing is null)
        and (kind <> 'REGISTERED' or standing = 'POOR')
        and (kind <> 'EXITED' or (standing = 'EXITED' and prev_standing = 'POOR' and proposal_id is not null and exit_year is not null))
        and (kind <> 'RETURNED' or (standing = 'POOR' and prev_standing = 'EXITED' and reason is not null))
        and (kind <> 'MOVED' or (prev_village_code is not null and prev_village_code <> village_code and standing = prev_standing))
        and (kind <> 'LEFT' or (standing = 'LEFT' and prev_standing <> 'LEFT' and leave_reason is not null))
        and ((kind = 'CANCELLED') = (cancels_id is not null and cancelled_kind is not null and reason is not null))
        and (kind = 'MOVED' or kind = 'CANCELLED' or prev_village_code is null or prev_village_code = village_code))
    )`);
    this.addSql(`create index registry_event_household_idx on registry_event (household_id, occurred_on, id)`);
    this.addSql(`create index registry_event_laborer_idx on registry_event (laborer_id, occurred_on, id) where laborer_id is not null`);
    this.addSql(`create index registry_event_village_idx on registry_event (village_code, occurred_on)`);
    this.addSql(`create unique index registry_event_cancels_unique on registry_event (cancels_id) where cancels_id is not null`);
    this.addSql(`comment on table registry_event is 'Registry events (建档立卡, 脱贫, 返贫, 迁移, 自然减少, 更正): append-only; each row carries the state after and before it.'`);
    this.addSql(`create function registry_event_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'registry_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`);
    this.addSql(`create trigger registry_event_no_update_delete before update or delete on registry_event for each row execute function registry_event_append_only()`);
    // The one way to empty it: the demo loader's --reset, in a transaction that says so.
    this.addSql(`create function registry_event_no_truncate() returns trigger language plpgsql as $$
      begin
        if coalesce(current_setting('fupin.registry_reset', true), '') = 'on' then return null; end if;
        raise exception 'registry_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`);
    this.addSql(`create trigger registry_event_no_truncate before truncate on registry_event for each statement execute function registry_event_no_truncate()`);

    // Each new event follows the subject's latest effective one: its "before" state is that event's
    // "after" state, it is not dated before it, an exit has a decided proposal of the household, a
    // correction cancels exactly the latest one. Rows of one statement are checked in id order.
    this.addSql(`create function check_registry_event() returns trigger language plpgsql as $$
      declare
        last registry_event%rowtype;
      begin
        -- A laborer's events follow the person (not the household: a laborer may change household).
        if new.laborer_id is null then
          select * into last from registry_event e
            where e.household_id = new.household_id and e.laborer_id is null and e.id <> new.id
              and e.kind <> 'CANCELLED' and not exists (select 1 from registry_event c where c.cancels_id = e.id)
            order by e.occurred_on desc, e.id desc limit 1;
        else
          select * into last from registry_event e
            where e.laborer_id = new.laborer_id and e.id <> new.id
              and e.kind <> 'CANCELLED' and not exists (select 1 from registry_event c where c.cancels_id = e.id)
            order by e.occurred_on desc, e.id desc limit 1;
        end if;
        if new.kind = 'CANCELLED' then
          if last.id is distinct from new.cancels_id then
            raise exception 'only the latest effective event can be cancelled' using errcode = 'check_violation', constraint = 'registry_event_cancel_latest';
          end if;
        elsif last.id is null then
          if new.kind <> 'REGISTERED' then
            raise exception 'the first event is the registration' using errcode = 'check_violation', constraint = 'registry_event_sequence';
          end if;
        elsif new.kind = 'REGISTERED' or last.standing is distinct from new.prev_standing or last.village_code is distinct from new.prev_village_code then
          raise exception 'event does not follow the latest one' using errcode = 'check_violation', constraint = 'registry_event_sequence';
        elsif new.occurred_on < last.occurred_on then
          raise exception 'event dated before the latest one' using errcode = 'check_violation', constraint = 'registry_event_order';
        end if;
        if new.kind = 'EXITED' and not exists (
          select 1 from exit_proposal p where p.id = new.proposal_id and p.household_id = new.household_id and p.status = 'DECIDED') then
          raise exception 'an exit needs a decided proposal' using errcode = 'check_violation', constraint = 'registry_event_exit_proposal';
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger registry_event_check before insert on registry_event for each row execute function check_registry_event()`);

    // Status, exit year and leaving day follow the latest effective event; nothing else may set them.
    this.addSql(`create function registry_standing_guard() returns trigger language plpgsql as $$
      begin
        if coalesce(current_setting('fupin.lifecycle_apply', true), '') <> 'on'
           and (new.poverty_status, new.exited_poverty_year, new.left_on) is distinct from (old.poverty_status, old.exited_poverty_year, old.left_on) then
          raise exception 'status and exit year follow the registry events' using errcode = 'check_violation', constraint = 'registry_standing_from_events';
        end if;
        return new;
      end $$`);
    for (const t of ['household', 'laborer']) {
      this.addSql(`create trigger ${t}_standing_guard before update of poverty_status, exited_poverty_year, left_on on ${t} for each row execute function registry_standing_guard()`);
    }
    // The standing of a subject from its latest effective event (status kept as it was before leaving).
    const latest = (subject: string, hid: string | null, lid: string | null) => `(select e.standing, e.exit_year, e.occurred_on, e.prev_standing from registry_event e
        where ${lid ? `e.laborer_id = ${lid}` : `e.household_id = ${hid} and e.laborer_id is null`} and e.kind <> 'CANCELLED'
          and not exists (select 1 from registry_event c where c.cancels_id = e.id)
        order by e.occurred_on desc, e.id desc limit 1) ${subject}`;
    this.addSql(`create function registry_apply_standing(household_ids integer[], laborer_ids integer[]) returns void language plpgsql set jit = off as $$
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
                  from ${latest('x', 'h2.id', null)}) st) s
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
                  from ${latest('x', null, 'l2.id')}) st) s
          where l.id = s.id and (l.poverty_status, l.exited_poverty_year, l.left_on) is distinct from (s.status, s.exit_year, s.left_on);
        perform set_config('fupin.lifecycle_apply', 'off', true);
      end $$`);
    this.addSql(`create function registry_event_standing() returns trigger language plpgsql set jit = off as $$
      begin
        perform registry_apply_standing(
          array(select distinct household_id from new_rows where laborer_id is null),
          array(select distinct laborer_id from new_rows where laborer_id is not null));
        return null;
      end $$`);
    this.addSql(`create trigger registry_event_standing after insert on registry_event referencing new table as new_rows for each statement execute function registry_event_standing()`);

    // ---------- 一户一帮, 一人一策 ----------
    this.addSql(`create table helper (
      id integer generated by default as identity primary key,
      name varchar(32) not null,
      work_unit varchar(100) not null,
      post varchar(64) null,
      phone varchar(20) null,
      region_code varchar(12) collate "C" not null references region (code) on update cascade on delete restrict,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index helper_region_idx on helper (region_code)`);
    this.addSql(`create table helper_assignment (
      id integer generated by default as identity primary key,
      household_id integer not null,
      village_code varchar(12) collate "C" not null,
      helper_id integer not null references helper (id) on delete restrict,
      start_date date not null,
      end_date date null,
      note varchar(200) null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint helper_assignment_household_fk foreign key (household_id, village_code) references household (id, village_code) on update cascade on delete restrict,
      constraint helper_assignment_dates_check check (end_date is null or end_date >= start_date)
    )`);
    this.addSql(`create unique index helper_assignment_current_unique on helper_assignment (household_id) where end_date is null`);
    this.addSql(`create index helper_assignment_helper_idx on helper_assignment (helper_id, end_date)`);
    this.addSql(`create index helper_assignment_village_idx on helper_assignment (village_code)`);
    // History is kept: an assignment is ended (once), never deleted or rewritten.
    this.addSql(`create function helper_assignment_history() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          raise exception 'helper assignments are kept' using errcode = 'insufficient_privilege';
        end if;
        if (new.household_id, new.helper_id, new.start_date) is distinct from (old.household_id, old.helper_id, old.start_date)
           or (old.end_date is not null and new.end_date is distinct from old.end_date) then
          raise exception 'an assignment is only ended, once' using errcode = 'check_violation', constraint = 'helper_assignment_history';
        end if;
        return coalesce(new, old);
      end $$`);
    this.addSql(`create trigger helper_assignment_history before update or delete on helper_assignment for each row execute function helper_assignment_history()`);

    this.addSql(`create table assistance_plan (
      id integer generated by default as identity primary key,
      laborer_id integer not null,
      village_code varchar(12) collate "C" not null,
      drawn_up_on date not null,
      note varchar(500) null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint assistance_plan_laborer_unique unique (laborer_id),
      constraint assistance_plan_id_laborer_unique unique (id, laborer_id, village_code),
      constraint assistance_plan_laborer_fk foreign key (laborer_id, village_code) references laborer (id, village_code) on update cascade on delete restrict
    )`);
    this.addSql(`create index assistance_plan_village_idx on assistance_plan (village_code)`);
    this.addSql(`create table plan_measure (
      id integer generated by default as identity primary key,
      plan_id integer not null,
      laborer_id integer not null,
      village_code varchar(12) collate "C" not null,
      kind plan_measure_kind not null,
      target_date date not null,
      record_id integer null,
      met_on date null,
      note varchar(200) null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint plan_measure_plan_fk foreign key (plan_id, laborer_id, village_code) references assistance_plan (id, laborer_id, village_code) on update cascade on delete cascade,
      constraint plan_measure_met_check check ((record_id is null) = (met_on is null))
    )`);
    this.addSql(`create index plan_measure_plan_idx on plan_measure (plan_id)`);
    this.addSql(`create index plan_measure_village_idx on plan_measure (village_code, target_date)`);
    // A measure is met by a programme record of the same laborer, on that record's day.
    this.addSql(`create function plan_measure_met() returns trigger language plpgsql as $$
      begin
        if new.record_id is null then new.met_on := null; return new; end if;
        new.met_on := case new.kind
          ${Object.entries(MEASURE_RECORDS)
            .map(([k, r]) => `when '${k}' then (select ${r.day} from ${r.table} r where r.id = new.record_id and r.laborer_id = new.laborer_id${r.where ? ` and ${r.where}` : ''})`)
            .join('\n          ')}
        end;
        if new.met_on is null then
          raise exception 'no such record of this laborer for the measure' using errcode = 'foreign_key_violation', constraint = 'plan_measure_record_fk';
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger plan_measure_met before insert or update of record_id, kind, laborer_id on plan_measure for each row execute function plan_measure_met()`);

    // ---------- counters ----------
    this.addSql(`create table lifecycle_month (
      region_code varchar(12) collate "C" not null,
      month date not null,
      ${COUNTERS.map((c) => `${c} bigint not null default 0`).join(',\n      ')},
      constraint lifecycle_month_pkey primary key (region_code, month)
    ) with (fillfactor = 80)`);
    this.addSql(`comment on table lifecycle_month is 'Registry, helper and plan counters per village, township and county (no city row: sum the counties) and month; stocks as signed deltas (sum months <= t for as of t). See rebuild_lifecycle().'`);
    this.addSql(`create function lifecycle_codes(code varchar) returns varchar[] language sql immutable parallel safe as $$
      select array[code, substr(code, 1, 9) || '000', substr(code, 1, 6) || '000000'] $$`);
    // The statistics lock: perf's migration gives it its per-county body; this one only when it is missing.
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_proc where proname = 'stats_lock') then
        create function stats_lock(codes varchar[]) returns void language plpgsql as $f$
          begin
            perform pg_advisory_xact_lock(hashtext('fupin.stats'));
          end $f$;
      end if;
    end $$`);

    for (const rule of RULES) {
      for (const event of rule.events) {
        const fn = `lifecycle_${rule.table}_${event}`;
        this.addSql(`create function ${fn}() returns trigger language plpgsql set jit = off set plan_cache_mode = force_generic_plan as $$
          begin
            if stats_off() then return null; end if;
            ${countiesOf(rule.codes(event))}
            ${applyDeltas(rule.parts(event))};
            return null;
          end $$`);
        this.addSql(`create trigger ${fn} after ${event} on ${rule.table} ${TRANSITION[event]} for each statement execute function ${fn}()`);
      }
    }
    const cols = COUNTERS.join(', ');
    this.addSql(`create function rebuild_lifecycle() returns void language plpgsql set jit = off as $$
      begin
        perform stats_lock(array(select code from region where level = 'COUNTY')::varchar[]);
        truncate lifecycle_month;
        insert into lifecycle_month (region_code, month, ${cols})
          select r.code, c.month, ${COUNTERS.map((c) => `sum(c.${c})::bigint`).join(', ')}
          from (${ALL_SOURCES.flatMap((s) => selects(s, 1)).join('\n union all ')}) as c (code, month, ${cols})
          cross join lateral unnest(lifecycle_codes(c.code)) as r(code)
          group by r.code, c.month having ${COUNTERS.map((c) => `sum(c.${c}) <> 0`).join(' or ')};
      end $$`);
    this.addSql(`comment on function rebuild_lifecycle() is 'Recomputes lifecycle_month from registry_event, helper_assignment, assistance_plan and plan_measure (after a bulk load with fupin.stats_off, or to check the triggers).'`);

    // Events for records that have none (the demo data, a database from before this migration): a
    // registration dated 2014-2016, and for an exited household a decided proposal and its exit events.
    this.addSql(LIFECYCLE_BACKFILL);
    this.addSql(`comment on function lifecycle_backfill() is 'Registration (2014-2016) and, for exited households, decided proposals and exit events for every record without events; the seed calls it after its COPY.'`);

    this.addSql(`select lifecycle_backfill()`);
    this.addSql(`select rebuild_lifecycle()`);
  }

  override async down(): Promise<void> {
    for (const rule of RULES) for (const event of rule.events) this.addSql(`drop trigger if exists lifecycle_${rule.table}_${event} on ${rule.table}`);
    this.addSql(`drop trigger if exists household_standing_guard on household`);
    this.addSql(`drop trigger if exists laborer_standing_guard on laborer`);
    this.addSql(`drop table if exists lifecycle_month, plan_measure, assistance_plan, helper_assignment, helper, registry_event, exit_proposal`);
    this.addSql(`alter table app_user drop constraint app_user_scope_level_check`);
    this.addSql(`alter table app_user add constraint app_user_scope_level_check check (scope_region_code is null or (scope_region_code ~ '^[0-9]{9}000$' and scope_region_code !~ '^[0-9]{4}00000000$'))`);
    this.addSql(`alter table household drop column if exists left_on`);
    this.addSql(`alter table laborer drop column if exists left_on`);
    this.addSql(`drop function if exists lifecycle_backfill(), rebuild_lifecycle(), lifecycle_codes(varchar), registry_apply_standing(integer[], integer[]), registry_standing_guard(), registry_event_standing(), check_registry_event(), registry_event_append_only(), registry_event_no_truncate(), exit_proposal_no_delete(), check_exit_proposal(), helper_assignment_history(), plan_measure_met()`);
    for (const rule of RULES) for (const event of rule.events) this.addSql(`drop function if exists lifecycle_${rule.table}_${event}()`);
    this.addSql(`drop type if exists registry_event_kind, registry_standing, leave_reason, exit_proposal_status, plan_measure_kind`);
  }
}
