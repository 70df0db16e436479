import { Migration } from '@mikro-orm/migrations';

/*
 * Counters no lock serialises (issue #14). Until now every transaction that changed a counter took one
 * advisory lock (`fupin.stats`) until commit and then updated the counter rows of its village, township,
 * county and the city in place: all writers of the city queued on that lock, and on the city's rows.
 *
 * Now a trigger only APPENDS its signed deltas (per region and month, for the village and every
 * ancestor, city included) to `stats_delta`, in the writer's own transaction: inserts take no row lock
 * any other writer waits for, so writers in different counties, in the same county, and a long import
 * commit never wait for each other on the counters. A mutation is in every ancestor at once (one
 * statement, one commit). Readers sum `stats_live` = `stats_month` + the deltas not yet folded, which is
 * exact in any snapshot. `stats_fold()` (run about every second by a hub, one folder at a time) moves the
 * committed deltas into `stats_month` in one statement (DELETE ... RETURNING, summed, upserted): a
 * snapshot sees each delta either still in `stats_delta` or already in `stats_month`, never both.
 *
 * `stats_lock(codes)`: what a writer of those region codes takes before it changes counters. Here a
 * SHARED advisory lock per county (key: hashtext('fupin.stats'), county digits), in sorted order: writers
 * never conflict with each other; `rebuild_stats()` takes the same keys EXCLUSIVE, so it waits for the
 * writers in flight and they wait for it. Other summary tables' triggers call it too (same signature).
 *
 * The facts rows (`stats_laborer`, `stats_household`) are still locked per laborer and household, in
 * key order within a statement: two writers of one person queue, which the first-event counts need.
 * The trigger functions below replace those of Migration20261125030000_stats (same names, same
 * triggers); the generator is that migration's, copied as a snapshot, writing deltas instead of upserts.
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
 * A statement appending the signed contributions of `parts` for each region and its ancestors to
 * `stats_delta`: each part summed per code and month, then all per region and month; rows that net to
 * zero are not written. Only INSERTs: no counter row is locked, so writers never wait for each other
 * here. `ctes` are extra WITH items that run first.
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
  insert into stats_delta (region_code, month, ${cols})
  select region_code, month, ${cols} from by_region`;
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


/** SQL giving the region codes of the rows of `parts` (for `stats_lock`). */
function codesOf(parts: [Source, 1 | -1][]): string {
  return `array(${parts.map(([s]) => `select ${s.code} from ${s.from}${s.where ? ` where ${s.where}` : ''}`).join(' union ')})`;
}

const COLS = COLUMNS.join(', ');

export class Migration20261201010100_stats_deltas extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table stats_delta (like stats_month including defaults)`);
    this.addSql(`create index stats_delta_region_month_idx on stats_delta (region_code, month)`);
    this.addSql(`comment on table stats_delta is 'Signed counter deltas appended by the statistics triggers, folded into stats_month by stats_fold(); read through stats_live.'`);
    this.addSql(`create view stats_live as select * from stats_month union all select region_code, month, ${COLS} from stats_delta`);
    this.addSql(`comment on view stats_live is 'The counters as of now: stats_month plus the deltas not yet folded. Sum per region and month; never read stats_month alone.'`);

    this.addSql(`create function stats_lock(codes varchar[]) returns void language plpgsql as $$
      begin
        perform pg_advisory_xact_lock_shared(hashtext('fupin.stats'), c)
          from (select distinct substr(x, 1, 6)::int as c from unnest(codes) as x where x ~ '^[0-9]{6}' order by 1) t;
      end $$`);
    this.addSql(`comment on function stats_lock(varchar[]) is 'Taken by every statistics trigger for the region codes it writes: shared per county (writers never wait for each other); rebuild_stats() takes the same keys exclusively.'`);

    this.addSql(`create function stats_fold() returns integer language plpgsql set jit = off as $$
      declare
        n integer;
      begin
        if not pg_try_advisory_xact_lock(hashtext('fupin.stats.fold')) then return 0; end if;
        with moved as (delete from stats_delta returning *),
        summed as (select region_code, month, ${COLUMNS.map((c) => `sum(${c})::${MONEY.includes(c) ? 'numeric' : 'bigint'} as ${c}`).join(', ')}
          from moved group by region_code, month having ${COLUMNS.map((c) => `sum(${c}) <> 0`).join(' or ')})
        insert into stats_month (region_code, month, ${COLS})
        select region_code, month, ${COLS} from summed order by region_code, month
        on conflict (region_code, month) do update set ${COLUMNS.map((c) => `${c} = stats_month.${c} + excluded.${c}`).join(', ')};
        get diagnostics n = row_count;
        return n;
      end $$`);
    this.addSql(`comment on function stats_fold() is 'Moves the committed rows of stats_delta into stats_month; returns the counter rows written (0 when another fold runs).'`);

    this.addSql(`create or replace function stats_refresh_households(ids integer[]) returns void language plpgsql set jit = off set plan_cache_mode = force_generic_plan as $$
      begin
        if coalesce(cardinality(ids), 0) = 0 then return; end if;
        perform stats_lock(array(select h.village_code from household h where h.id = any(ids) union select s.village_code from stats_household s where s.household_id = any(ids)));
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

    this.addSql(`create or replace function stats_refresh_laborers(ids integer[]) returns void language plpgsql set jit = off set plan_cache_mode = force_generic_plan as $$
      declare
        household_ids integer[];
      begin
        if coalesce(cardinality(ids), 0) = 0 then return; end if;
        perform stats_lock(array(select l.village_code from laborer l where l.id = any(ids) union select s.village_code from stats_laborer s where s.laborer_id = any(ids)));
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

    this.addSql(`create or replace function rebuild_stats() returns void language plpgsql set jit = off as $$
      begin
        -- Every writer's stats_lock key, exclusively: writers in flight finish first, new ones wait.
        perform pg_advisory_xact_lock(hashtext('fupin.stats'), c) from (select distinct substr(code, 1, 6)::int as c from region order by 1) t;
        truncate stats_month, stats_delta, stats_laborer, stats_household;
        insert into stats_laborer ${laborerFactsQuery(null)};
        insert into stats_household ${householdFactsQuery(null)};
        ${rebuildCounters([laborerFacts('stats_laborer'), householdFacts('stats_household'), ...RULES.filter((r) => r.source).map((r) => r.source!(r.table))])}
      end $$`);

    this.addSql(`create or replace function stats_truncated() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return null; end if;
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
          body.push(`perform stats_lock(${codesOf(parts)});`, `${applyDeltas(parts)};`);
        }
        const fn = `stats_${rule.table}_${event}`;
        this.addSql(`create or replace function ${fn}() returns trigger language plpgsql set jit = off as $$
          begin
            if stats_off() then return null; end if;
            ${body.join('\n            ')}
            return null;
          end $$`);
      }
    }

    const changed = (side: 'o' | 'n') => `(select ${side}.* from old_rows o join new_rows n on n.id = o.id where o.subsidy_kind is distinct from n.subsidy_kind)`;
    const policyParts: [Source, 1 | -1][] = [
      [payments('subsidy_payment', changed('o')), -1],
      [budgets('policy_budget', changed('o')), -1],
      [payments('subsidy_payment', changed('n')), 1],
      [budgets('policy_budget', changed('n')), 1],
    ];
    this.addSql(`create or replace function stats_policy_update() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return null; end if;
        perform stats_lock(${codesOf(policyParts)});
        ${applyDeltas(policyParts)};
        return null;
      end $$`);
    const deleteParts: [Source, 1 | -1][] = [[budgets('policy_budget', 'policy', `s.policy_id = old.id`), -1]];
    this.addSql(`create or replace function stats_policy_delete() returns trigger language plpgsql set jit = off as $$
      begin
        if stats_off() then return old; end if;
        perform stats_lock(${codesOf(deleteParts)});
        ${applyDeltas(deleteParts)};
        return old;
      end $$`);
  }

  override async down(): Promise<void> {
    throw new Error('Migration20261201010100_stats_deltas cannot be undone: restore from a backup or re-run the earlier stats migration');
  }
}
