import { Migration } from '@mikro-orm/migrations';

/*
 * Statistics kept up to date in the same transaction as every write, so a drill-down reads a few summary
 * rows per region instead of the people below it.
 *
 * - `stats_month (region_code, month)`: counters of events per region (the village and each of its
 *   ancestors: township, county, city) and month (the statistical period, as in the monthly reports;
 *   days would make the table ten times larger). Registry stocks (laborers, households, flags, posts)
 *   sit on the month '-infinity'; yearly figures (budgets, exits) on January of their year. A query for
 *   a period sums at most (regions shown) x (months with events) rows, whatever the number of people.
 * - `stats_laborer`: one row of facts per laborer (first completed training and its kind, first transfer
 *   job, first business, first welfare post, first 圆梦 intake, first work of any kind), so distinct-person
 *   counts are counters of first events. `stats_household`: laborers per household and the day the first
 *   of them started work (zero-employment households).
 * - Statement-level AFTER triggers with transition tables on every base table turn the rows a statement
 *   changed into signed deltas (old rows -1, new rows +1) and add them to the counters: one set-based
 *   pass per statement, so a COPY of 170,000 rows costs a few queries, not 170,000 trigger calls.
 *   Facts of the laborers a statement touched are recomputed from the base tables after locking their
 *   facts rows (so two writers of one laborer queue and the second sees the first's committed rows).
 * - A transaction that changes counters first takes one advisory lock (`fupin.stats`) until it commits:
 *   every write changes the city's rows anyway, so writers queue there; queueing before the first
 *   counter row keeps statements that touch months in different orders from deadlocking.
 * - `rebuild_stats()` recomputes all three tables from the base tables with the same definitions.
 *   A bulk loader may instead `set local fupin.stats_off = 'on'`, load, then `select rebuild_stats()`.
 *   TRUNCATE of a base table rebuilds (row triggers do not see a truncate).
 * - The functions run with JIT off (compiling these wide generated statements costs seconds, running
 *   them milliseconds), and the refresh functions with generic plans: planned once per connection,
 *   not at every call (a custom plan per array argument cost 10-25 ms of planning per write).
 */

const TRAINING_KINDS = ['EMPLOYMENT', 'ENTREPRENEURSHIP', 'BRAND', 'OTHER'];
const SUBSIDY_KINDS = ['TRAINING', 'LIVING', 'STARTUP', 'POST', 'LOAN_INTEREST', 'TRAVEL'];
const lc = (s: string) => s.toLowerCase();

/** Counters of people, records and places. */
const COUNTS = [
  'laborers', 'households', 'households_with_laborers', 'wants_training', 'wants_transfer', 'wants_enterprise',
  'poor_villages', 'poor_counties', 'villages_exiting', 'counties_exiting', 'welfare_posts',
  'trained', ...TRAINING_KINDS.map((k) => `trained_${lc(k)}`), 'trained_employed',
  'transfer_persons', 'enterprise_persons', 'placed_persons', 'dream_persons', 'employed_persons', 'households_employed',
  'transfer_employments', 'local_employments', 'organised_transfers', 'absorbed_locally', 'stable_employments',
  'loan_applications', 'loans_applied', 'loans_approved', 'loans_disbursed', 'loans_repaid', 'loans_defaulted',
  'loans_issued', 'startup_loans', 'dream_loans',
  'training_classes', 'menu_classes', 'job_fairs', 'job_fair_posts', 'job_fair_registered', 'job_fair_intentions',
];
/** Sums of yuan. */
const MONEY = [
  'loan_amount_issued', 'startup_loan_amount', 'dream_loan_amount',
  'subsidy_budget', ...SUBSIDY_KINDS.map((k) => `budget_${lc(k)}`),
  'subsidy_approved', ...SUBSIDY_KINDS.map((k) => `approved_${lc(k)}`),
  'subsidy_paid', ...SUBSIDY_KINDS.map((k) => `paid_${lc(k)}`),
];
const COLUMNS = [...COUNTS, ...MONEY];

/** Taken (until commit) before the first counter or facts row a transaction changes; see above. */
const LOCK = `perform pg_advisory_xact_lock(hashtext('fupin.stats'));`;

/** Registry stocks are dated '-infinity': inside every as-of period, outside every month. */
const STOCK = `'-infinity'::date`;
const flag = (cond: string) => `(${cond})::int`;
const amountIf = (cond: string, amount: string) => `case when ${cond} then ${amount} else 0 end`;

/** Rows of one relation mapped to counter values on the month of a day, at the region `code` and all its ancestors. */
interface Source {
  from: string;
  code: string;
  where?: string;
  buckets: { day: string; where?: string; values: Record<string, string> }[];
}

const laborerFacts = (rel: string): Source => ({
  from: `${rel} f`,
  code: 'f.village_code',
  buckets: [
    {
      day: STOCK,
      values: { laborers: '1', wants_training: flag('f.wants_training'), wants_transfer: flag('f.wants_transfer'), wants_enterprise: flag('f.wants_enterprise') },
    },
    {
      day: 'f.trained_on',
      values: {
        trained: '1',
        ...Object.fromEntries(TRAINING_KINDS.map((k) => [`trained_${lc(k)}`, flag(`f.trained_kind = '${k}'`)])),
        trained_employed: flag('f.trained_employed'),
      },
    },
    { day: 'f.transfer_on', values: { transfer_persons: '1' } },
    { day: 'f.enterprise_on', values: { enterprise_persons: '1' } },
    { day: 'f.placed_on', values: { placed_persons: '1' } },
    { day: 'f.dream_on', values: { dream_persons: '1' } },
    { day: 'f.employed_on', values: { employed_persons: '1' } },
  ],
});

const householdFacts = (rel: string): Source => ({
  from: `${rel} h`,
  code: 'h.village_code',
  buckets: [
    { day: STOCK, values: { households: '1', households_with_laborers: flag('h.laborers > 0') } },
    { day: 'h.employed_on', values: { households_employed: '1' } },
  ],
});

const regions = (rel: string): Source => ({
  from: `${rel} r`,
  code: 'r.code',
  where: 'r.is_poor',
  buckets: [
    { day: STOCK, values: { poor_villages: flag(`r.level = 'VILLAGE'`), poor_counties: flag(`r.level = 'COUNTY'`) } },
    { day: 'make_date(r.exit_year, 1, 1)', values: { villages_exiting: flag(`r.level = 'VILLAGE'`), counties_exiting: flag(`r.level = 'COUNTY'`) } },
  ],
});

/**
 * The day a job becomes stable (稳定就业): six months after it started, with JavaScript's month
 * arithmetic (31 August + 6 months = 3 March), the same as `isStable()` in employment.entity.ts.
 */
const STABLE_ON = `((date_trunc('month', e.start_date) + interval '6 months')::date + (extract(day from e.start_date)::int - 1))`;

const employments = (rel: string): Source => ({
  from: `${rel} e`,
  code: 'e.village_code',
  buckets: [
    {
      day: 'e.start_date',
      values: {
        transfer_employments: flag(`e.kind = 'TRANSFER'`),
        local_employments: flag(`e.kind = 'LOCAL'`),
        organised_transfers: flag(`e.channel in ('OUT_OF_TOWN_OFFICE', 'CHAMBER_OF_COMMERCE', 'LABOUR_COOPERATION')`),
        absorbed_locally: flag(`e.channel in ('ENTERPRISE', 'PARK', 'BASE')`),
      },
    },
    { day: STABLE_ON, where: `e.end_date is null or e.end_date >= ${STABLE_ON}`, values: { stable_employments: '1' } },
  ],
});

const welfarePosts = (rel: string): Source => ({ from: `${rel} p`, code: 'p.region_code', buckets: [{ day: STOCK, values: { welfare_posts: '1' } }] });

const LOAN_STATUSES = ['APPLIED', 'APPROVED', 'DISBURSED', 'REPAID', 'DEFAULTED'];
const loans = (rel: string): Source => ({
  from: `${rel} g`,
  code: 'g.village_code',
  buckets: [
    { day: 'g.applied_on', values: { loan_applications: '1', ...Object.fromEntries(LOAN_STATUSES.map((s) => [`loans_${lc(s)}`, flag(`g.status = '${s}'`)])) } },
    {
      day: 'g.disbursed_on',
      values: {
        loans_issued: '1',
        loan_amount_issued: 'g.amount',
        startup_loans: flag('g.dream_schooling_id is null'),
        startup_loan_amount: amountIf('g.dream_schooling_id is null', 'g.amount'),
        dream_loans: flag('g.dream_schooling_id is not null'),
        dream_loan_amount: amountIf('g.dream_schooling_id is not null', 'g.amount'),
      },
    },
  ],
});

/** `kinds`: a relation of policies (id, subsidy_kind): the table, or a trigger's old or new rows. */
const payments = (rel: string, kinds = 'policy', where?: string): Source => ({
  from: `${rel} s join ${kinds} k on k.id = s.policy_id`,
  code: 's.village_code',
  where,
  buckets: [
    {
      day: 's.approved_on',
      where: `s.status in ('APPROVED', 'PAID')`,
      values: { subsidy_approved: 's.amount', ...Object.fromEntries(SUBSIDY_KINDS.map((k) => [`approved_${lc(k)}`, amountIf(`k.subsidy_kind = '${k}'`, 's.amount')])) },
    },
    {
      day: 's.paid_on',
      where: `s.status = 'PAID'`,
      values: { subsidy_paid: 's.amount', ...Object.fromEntries(SUBSIDY_KINDS.map((k) => [`paid_${lc(k)}`, amountIf(`k.subsidy_kind = '${k}'`, 's.amount')])) },
    },
  ],
});

const budgets = (rel: string, kinds = 'policy', where?: string): Source => ({
  from: `${rel} s join ${kinds} k on k.id = s.policy_id`,
  code: 's.county_code',
  where,
  buckets: [
    {
      day: 'make_date(s.year, 1, 1)',
      values: { subsidy_budget: 's.budget', ...Object.fromEntries(SUBSIDY_KINDS.map((k) => [`budget_${lc(k)}`, amountIf(`k.subsidy_kind = '${k}'`, 's.budget')])) },
    },
  ],
});

const trainingClasses = (rel: string): Source => ({
  from: `${rel} c`,
  code: 'c.county_code',
  buckets: [{ day: 'c.start_date', values: { training_classes: '1', menu_classes: flag('c.is_menu') } }],
});

const jobFairs = (rel: string): Source => ({
  from: `${rel} j`,
  code: 'j.county_code',
  buckets: [
    {
      day: 'j.held_on',
      values: { job_fairs: '1', job_fair_posts: 'j.posts_offered', job_fair_registered: 'j.laborers_registered', job_fair_intentions: 'j.intentions_signed' },
    },
  ],
});

/**
 * One SELECT per bucket giving (code, month, every counter), signed and already summed per code and
 * month, so a bulk statement reduces its rows to villages x months before anything else.
 */
function selects(source: Source, sign: 1 | -1): string[] {
  return source.buckets.map((b) => {
    const where = [`${b.day} is not null`, source.where, b.where].filter(Boolean).map((w) => `(${w})`).join(' and ');
    // Every branch gives the same column types, so the UNION ALL is one flat Append (no coercion per level).
    const cols = COLUMNS.map((c) => {
      const type = MONEY.includes(c) ? 'numeric' : 'bigint';
      return b.values[c] ? `(${sign} * sum(${b.values[c]}))::${type}` : `0::${type}`;
    }).join(', ');
    return `select ${source.code} as code, date_trunc('month', ${b.day})::date as month, ${cols} from ${source.from} where ${where} group by 1, 2`;
  });
}

/**
 * A statement adding the signed contributions of `parts` to the counters of each region and its
 * ancestors. Each part is summed per code and month, then all per region and month; rows that net to zero
 * are not written (a change that moves nothing locks nothing). Written in key order, so concurrent
 * writers lock counter rows in the same order. `ctes` are extra WITH items that run first.
 */
function applyDeltas(parts: [Source, 1 | -1][], ctes: string[] = []): string {
  const cols = COLUMNS.join(', ');
  const sums = COLUMNS.map((c) => `sum(b.${c})::${MONEY.includes(c) ? 'numeric' : 'bigint'} as ${c}`).join(', ');
  const nonzero = COLUMNS.map((c) => `sum(b.${c}) <> 0`).join(' or ');
  return `with ${[
    ...ctes,
    `contrib (code, month, ${cols}) as (${parts.flatMap(([s, sign]) => selects(s, sign)).join('\n union all ')})`,
    `by_region as (select r.code as region_code, b.month, ${sums}
       from contrib b cross join lateral unnest(stats_codes(b.code)) as r(code)
       group by r.code, b.month having ${nonzero})`,
  ].join(',\n')}
  insert into stats_month (region_code, month, ${cols})
  select region_code, month, ${cols} from by_region order by region_code, month
  on conflict (region_code, month) do update set ${COLUMNS.map((c) => `${c} = stats_month.${c} + excluded.${c}`).join(', ')}`;
}

/**
 * The counters from scratch: each row at its own region (village, township or county), then rolled up a
 * level at a time (village -> township -> county -> city). Summing the wide rows once per level is a
 * third of the work of spreading every contribution to all four levels first.
 */
function rebuildCounters(sources: Source[]): string {
  const cols = COLUMNS.join(', ');
  const sums = COLUMNS.map((c) => `sum(${c})::${MONEY.includes(c) ? 'numeric' : 'bigint'}`).join(', ');
  const add = COLUMNS.map((c) => `${c} = stats_month.${c} + excluded.${c}`).join(', ');
  const levels: [string, string][] = [
    [`substr(region_code, 10) <> '000'`, `substr(region_code, 1, 9) || '000'`],
    [`substr(region_code, 10) = '000' and substr(region_code, 7, 3) <> '000'`, `substr(region_code, 1, 6) || '000000'`],
    [`substr(region_code, 7) = '000000' and substr(region_code, 5, 2) <> '00'`, `substr(region_code, 1, 4) || '00000000'`],
  ];
  return [
    `insert into stats_month (region_code, month, ${cols})
      select code, month, ${sums} from (${sources.flatMap((s) => selects(s, 1)).join('\n union all ')}) as c (code, month, ${cols})
      group by code, month having ${COLUMNS.map((c) => `sum(${c}) <> 0`).join(' or ')};`,
    ...levels.map(
      ([level, parent]) => `insert into stats_month (region_code, month, ${cols})
      select ${parent}, month, ${sums} from stats_month where ${level} group by 1, 2
      on conflict (region_code, month) do update set ${add};`,
    ),
  ].join('\n        ');
}

/**
 * Facts of the laborers in `ids` (a FROM item aliased `i` with a column `id`), or of all laborers (null),
 * from the base tables.
 */
function laborerFactsQuery(ids: string | null): string {
  // Each record table is read only for the laborers asked (all of them: no join at all).
  const of = (table: string) => (ids ? `${ids} join ${table} x on x.laborer_id = i.id` : `${table} x`);
  return `select l.id as laborer_id, l.household_id, l.village_code, l.wants_training, l.wants_transfer, l.wants_enterprise,
      t.trained_on, t.trained_kind, coalesce(t.trained_employed, false) as trained_employed,
      e.transfer_on, n.enterprise_on, p.placed_on, d.dream_on,
      least(e.employed_on, n.enterprise_on, p.placed_on) as employed_on
    from ${ids ? `${ids} join laborer l on l.id = i.id` : 'laborer l'}
    left join (
      select x.laborer_id, min(x.completed_on) as trained_on,
        (array_agg(c.kind order by x.completed_on, x.id))[1] as trained_kind,
        bool_or(x.employed_after_training) as trained_employed
      from ${of('enrollment')} join training_class c on c.id = x.class_id
      where x.completed group by x.laborer_id) t on t.laborer_id = l.id
    left join (
      select x.laborer_id, min(x.start_date) filter (where x.kind = 'TRANSFER') as transfer_on, min(x.start_date) as employed_on
      from ${of('employment')} group by x.laborer_id) e on e.laborer_id = l.id
    left join (select x.laborer_id, min(x.started_on) as enterprise_on from ${of('enterprise')} group by x.laborer_id) n on n.laborer_id = l.id
    left join (select x.laborer_id, min(x.start_date) as placed_on from ${of('welfare_placement')} group by x.laborer_id) p on p.laborer_id = l.id
    left join (select x.laborer_id, make_date(min(x.intake_year), 1, 1) as dream_on from ${of('dream_schooling')} group by x.laborer_id) d on d.laborer_id = l.id`;
}

/** Laborers per household and the first day one of them started work, from `stats_laborer`; all households when `ids` is null. */
function householdFactsQuery(ids: string | null): string {
  return `select h.id as household_id, h.village_code, count(f.laborer_id)::int as laborers, min(f.employed_on) as employed_on
    from ${ids ? `${ids} join household h on h.id = i.id` : 'household h'} left join stats_laborer f on f.household_id = h.id
    group by h.id, h.village_code`;
}

const LABORER_FACT_COLUMNS = [
  'household_id', 'village_code', 'wants_training', 'wants_transfer', 'wants_enterprise', 'trained_on', 'trained_kind', 'trained_employed',
  'transfer_on', 'enterprise_on', 'placed_on', 'dream_on', 'employed_on',
];

/** Every base table and how its rows feed the statistics. */
interface TableRule {
  table: string;
  /** Direct contributions of its rows; `kinds` for tables priced by policy kind. */
  source?: (rel: string) => Source;
  /** SQL giving laborer ids whose facts a statement may have changed, per event. */
  laborers?: { insert: string; delete: string; update: string };
  households?: { insert: string; delete: string; update: string };
}

/** Laborer ids of rows inserted, deleted, or updated in one of `cols` (both the old and the new laborer). */
function touched(idCol: string, laborerCol: string, cols: string[]) {
  const tuple = (a: string) => `(${cols.map((c) => `${a}.${c}`).join(', ')})`;
  return {
    insert: `select ${laborerCol} from new_rows`,
    delete: `select ${laborerCol} from old_rows`,
    update: `select x from old_rows o join new_rows n on n.${idCol} = o.${idCol}
      cross join lateral (values (o.${laborerCol}), (n.${laborerCol})) as v(x)
      where ${tuple('o')} is distinct from ${tuple('n')}`,
  };
}

const RULES: TableRule[] = [
  { table: 'region', source: regions },
  { table: 'household', households: touched('id', 'id', ['village_code']) },
  { table: 'laborer', laborers: touched('id', 'id', ['household_id', 'village_code', 'wants_training', 'wants_transfer', 'wants_enterprise']) },
  { table: 'enrollment', laborers: touched('id', 'laborer_id', ['laborer_id', 'class_id', 'completed', 'completed_on', 'employed_after_training']) },
  { table: 'employment', source: employments, laborers: touched('id', 'laborer_id', ['laborer_id', 'kind', 'start_date']) },
  { table: 'enterprise', laborers: touched('id', 'laborer_id', ['laborer_id', 'started_on']) },
  { table: 'welfare_placement', laborers: touched('id', 'laborer_id', ['laborer_id', 'start_date']) },
  { table: 'dream_schooling', laborers: touched('id', 'laborer_id', ['laborer_id', 'intake_year']) },
  {
    table: 'training_class',
    source: trainingClasses,
    // A class whose kind changes moves its trainees between kinds.
    laborers: {
      insert: 'select null::int where false',
      delete: 'select null::int where false',
      update: `select x.laborer_id from enrollment x join old_rows o on o.id = x.class_id join new_rows n on n.id = o.id where o.kind is distinct from n.kind`,
    },
  },
  { table: 'welfare_post', source: welfarePosts },
  { table: 'guaranteed_loan', source: loans },
  { table: 'subsidy_payment', source: (rel) => payments(rel) },
  { table: 'policy_budget', source: (rel) => budgets(rel) },
  { table: 'job_fair', source: jobFairs },
];

const TRANSITION: Record<string, string> = {
  insert: 'referencing new table as new_rows',
  delete: 'referencing old table as old_rows',
  update: 'referencing old table as old_rows new table as new_rows',
};

export class Migration20261125030000_stats extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table stats_month (
      region_code varchar(12) collate "C" not null,
      month date not null,
      ${COUNTS.map((c) => `${c} bigint not null default 0`).join(',\n      ')},
      ${MONEY.map((c) => `${c} numeric(16, 2) not null default 0`).join(',\n      ')},
      constraint stats_month_pkey primary key (region_code, month)
    ) with (fillfactor = 80)`);
    this.addSql(`comment on table stats_month is 'Counters per region (every level) and month, kept by triggers; stocks on -infinity, yearly figures on January. See rebuild_stats().'`);

    this.addSql(`create table stats_laborer (
      laborer_id integer primary key,
      household_id integer not null,
      village_code varchar(12) collate "C" not null,
      wants_training boolean not null,
      wants_transfer boolean not null,
      wants_enterprise boolean not null,
      trained_on date null,
      trained_kind training_kind null,
      trained_employed boolean not null,
      transfer_on date null,
      enterprise_on date null,
      placed_on date null,
      dream_on date null,
      employed_on date null
    )`);
    this.addSql(`create index stats_laborer_household_idx on stats_laborer (household_id)`);
    this.addSql(`comment on table stats_laborer is 'Per-laborer first events (trained, transfer job, business, welfare post, 圆梦 intake, any work), kept by triggers.'`);

    this.addSql(`create table stats_household (
      household_id integer primary key,
      village_code varchar(12) collate "C" not null,
      laborers integer not null,
      employed_on date null
    )`);

    // The region and its ancestors, from the code alone (city 4, county 6, township 9 significant digits).
    this.addSql(`create function stats_codes(code varchar) returns varchar[] language sql immutable parallel safe as $$
      select case
        when substr(code, 5) = '00000000' then array[code]
        when substr(code, 7) = '000000' then array[code, substr(code, 1, 4) || '00000000']
        when substr(code, 10) = '000' then array[code, substr(code, 1, 6) || '000000', substr(code, 1, 4) || '00000000']
        else array[code, substr(code, 1, 9) || '000', substr(code, 1, 6) || '000000', substr(code, 1, 4) || '00000000']
      end $$`);

    this.addSql(`create function stats_off() returns boolean language sql stable as $$
      select coalesce(current_setting('fupin.stats_off', true), '') = 'on' $$`);

    this.addSql(`create function stats_refresh_households(ids integer[]) returns void language plpgsql set jit = off set plan_cache_mode = force_generic_plan as $$
      begin
        if coalesce(cardinality(ids), 0) = 0 then return; end if;
        ${LOCK}
        perform 1 from stats_household s join unnest(ids) as i(id) on i.id = s.household_id order by s.household_id for update of s;
        ${applyDeltas(
          [
            [householdFacts('old'), -1],
            [householdFacts('new'), 1],
          ],
          [
            `old as (select s.* from stats_household s join unnest(ids) as i(id) on i.id = s.household_id)`,
            `new as (${householdFactsQuery('unnest(ids) as i(id)')})`,
            `gone as (delete from stats_household s using unnest(ids) as i(id) where s.household_id = i.id and not exists (select 1 from household h where h.id = i.id))`,
            `put as (insert into stats_household select * from new on conflict (household_id) do update set village_code = excluded.village_code, laborers = excluded.laborers, employed_on = excluded.employed_on)`,
          ],
        )};
      end $$`);

    this.addSql(`create function stats_refresh_laborers(ids integer[]) returns void language plpgsql set jit = off set plan_cache_mode = force_generic_plan as $$
      declare
        household_ids integer[];
      begin
        if coalesce(cardinality(ids), 0) = 0 then return; end if;
        ${LOCK}
        perform 1 from stats_laborer s join unnest(ids) as i(id) on i.id = s.laborer_id order by s.laborer_id for update of s;
        household_ids := array(
          select s.household_id from stats_laborer s join unnest(ids) as i(id) on i.id = s.laborer_id
          union select l.household_id from laborer l join unnest(ids) as i(id) on i.id = l.id);
        ${applyDeltas(
          [
            [laborerFacts('old'), -1],
            [laborerFacts('new'), 1],
          ],
          [
            `old as (select s.* from stats_laborer s join unnest(ids) as i(id) on i.id = s.laborer_id)`,
            `new as (${laborerFactsQuery('unnest(ids) as i(id)')})`,
            `gone as (delete from stats_laborer s using unnest(ids) as i(id) where s.laborer_id = i.id and not exists (select 1 from laborer l where l.id = i.id))`,
            `put as (insert into stats_laborer select * from new on conflict (laborer_id) do update set ${LABORER_FACT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')})`,
          ],
        )};
        perform stats_refresh_households(household_ids);
      end $$`);

    this.addSql(`create function rebuild_stats() returns void language plpgsql set jit = off as $$
      begin
        ${LOCK}
        truncate stats_month, stats_laborer, stats_household;
        insert into stats_laborer ${laborerFactsQuery(null)};
        insert into stats_household ${householdFactsQuery(null)};
        ${rebuildCounters([laborerFacts('stats_laborer'), householdFacts('stats_household'), ...RULES.filter((r) => r.source).map((r) => r.source!(r.table))])}
      end $$`);
    this.addSql(`comment on function rebuild_stats() is 'Recomputes stats_month, stats_laborer and stats_household from the base tables (after a bulk load with fupin.stats_off, or to check the triggers).'`);

    // Row and statement triggers do not see a TRUNCATE: recompute (cheap when the tables were emptied).
    this.addSql(`create function stats_truncated() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return null; end if;
        ${LOCK}
        perform rebuild_stats();
        return null;
      end $$`);

    for (const rule of RULES) {
      for (const event of ['insert', 'update', 'delete'] as const) {
        const body: string[] = [];
        if (rule.laborers) body.push(`perform stats_refresh_laborers(array(select distinct x from (${rule.laborers[event]}) as t(x) where x is not null));`);
        if (rule.households) body.push(`perform stats_refresh_households(array(select distinct x from (${rule.households[event]}) as t(x) where x is not null));`);
        if (rule.source) {
          const parts: [Source, 1 | -1][] = event === 'insert' ? [[rule.source('new_rows'), 1]] : event === 'delete' ? [[rule.source('old_rows'), -1]] : [[rule.source('old_rows'), -1], [rule.source('new_rows'), 1]];
          // (The refresh functions take the lock themselves, only when some laborer or household changed.)
          body.push(LOCK, `${applyDeltas(parts)};`);
        }
        const fn = `stats_${rule.table}_${event}`;
        this.addSql(`create function ${fn}() returns trigger language plpgsql set jit = off as $$
          begin
            if stats_off() then return null; end if;
            ${body.join('\n            ')}
            return null;
          end $$`);
        this.addSql(`create trigger ${fn} after ${event} on ${rule.table} ${TRANSITION[event]} for each statement execute function ${fn}()`);
      }
      this.addSql(`create trigger stats_${rule.table}_truncate after truncate on ${rule.table} for each statement execute function stats_truncated()`);
    }

    // A policy changing kind moves its payments and budgets between kinds.
    const changed = (side: 'o' | 'n') => `(select ${side}.* from old_rows o join new_rows n on n.id = o.id where o.subsidy_kind is distinct from n.subsidy_kind)`;
    this.addSql(`create function stats_policy_update() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return null; end if;
        ${LOCK}
        ${applyDeltas([
          [payments('subsidy_payment', changed('o')), -1],
          [budgets('policy_budget', changed('o')), -1],
          [payments('subsidy_payment', changed('n')), 1],
          [budgets('policy_budget', changed('n')), 1],
        ])};
        return null;
      end $$`);
    this.addSql(`create trigger stats_policy_update after update on policy referencing old table as old_rows new table as new_rows for each statement execute function stats_policy_update()`);
    // Budgets go with their policy (on delete cascade); when the cascade runs the policy is gone and the
    // budget trigger cannot price them, so they are taken off here, while it still exists.
    this.addSql(`create function stats_policy_delete() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return old; end if;
        ${LOCK}
        ${applyDeltas([[budgets('policy_budget', 'policy', `s.policy_id = old.id`), -1]])};
        return old;
      end $$`);
    this.addSql(`create trigger stats_policy_delete before delete on policy for each row execute function stats_policy_delete()`);

    // A database that already holds data gets its statistics now (instant when empty).
    this.addSql(`select rebuild_stats()`);
  }

  override async down(): Promise<void> {
    for (const rule of RULES) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger if exists stats_${rule.table}_${event} on ${rule.table}`);
      for (const event of ['insert', 'update', 'delete']) this.addSql(`drop function if exists stats_${rule.table}_${event}()`);
    }
    this.addSql('drop trigger if exists stats_policy_update on policy');
    this.addSql('drop trigger if exists stats_policy_delete on policy');
    this.addSql('drop function if exists stats_policy_update(), stats_policy_delete(), stats_truncated(), rebuild_stats(), stats_refresh_laborers(integer[]), stats_refresh_households(integer[]), stats_off(), stats_codes(varchar)');
    this.addSql('drop table if exists stats_month, stats_laborer, stats_household');
  }
}
