import { clerksFor } from './clerks';
import { copyTable, type CopyTable } from './copy';
import { blocksOf, COUNTIES, regionPlan } from './plan';
import { generateProgrammes, newProgrammeCarry, type BudgetRow, type Programmes } from './programmes';
import { cityOfBlock, relocation } from './province';
import { generateRegistry, newIdBitmap, type Registry } from './registry';

/** The tables the demo dataset writes, in load order (`--reset` empties them). */
export const DEMO_TABLES = [
  'household', 'laborer', 'training_provider', 'training_class', 'enrollment', 'welfare_post', 'welfare_placement', 'dream_schooling',
  'enterprise', 'guaranteed_loan', 'employment', 'job_fair', 'policy', 'policy_budget', 'subsidy_payment',
] as const;

export interface DemoOptions {
  /** 1 is the city as the article describes it (170,200 laborers); counts scale with it, rounded. */
  scale: number;
  /** Seed of the generator: the same seed and scale give byte-identical data. */
  seed: number;
  /** Scale of one block (`blocksOf`); 1 unless a test wants several small blocks. */
  blockScale?: number;
  /**
   * A province (51: Sichuan): block 0 stays in Nanchong, every later block goes to another city of it
   * (province.ts). Unset: every block is Nanchong's.
   */
  province?: string;
}

/** Written once, with the first block: the same institutions and policy documents at every scale. */
const SHARED_TABLES = new Set(['training_provider', 'policy']);

export interface Dataset {
  options: DemoOptions;
  /** Poor counties and villages with their exit years (the same at every scale and seed). */
  flags: { code: string; exitYear: number | null }[];
  registry: Registry;
  programmes: Programmes;
  /** The rows in load order (parents before children), as COPY text. */
  tables: CopyTable[];
}

export function checkOptions({ scale, seed, blockScale }: DemoOptions): void {
  if (blockScale !== undefined && !(blockScale > 0 && blockScale <= 1)) throw new Error(`blockScale must be above 0 and at most 1, got ${blockScale}`);
  if (!Number.isFinite(scale) || scale < 0 || scale > 100) throw new Error(`scale must be a number from 0 to 100, got ${scale}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new Error(`seed must be an integer from 0 to 2147483647, got ${seed}`);
}

/**
 * A timestamp on the day of a record, the time of day spread by its id (office hours): no clock is read,
 * so the rows are the same on every run.
 */
function at(date: string, id: number): string {
  const minutes = 8 * 60 + 30 + ((id * 37) % (9 * 60));
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08`;
}

/** Ids written so far per table: a block's ids (and the references to them) continue from there. */
export type Offsets = Record<(typeof DEMO_TABLES)[number], number>;

export function noOffsets(): Offsets {
  return Object.fromEntries(DEMO_TABLES.map((t) => [t, 0])) as Offsets;
}

const plus = (v: number | null, by: number) => (v === null ? null : v + by);

/**
 * The COPY tables of one block, its ids moved past `o` (all zero for the first block). The reference
 * tables (providers, policies) are the same in every block and written with the first only; budgets
 * come from `budgetTable` when a dataset has more than one block.
 */
export function blockTables(
  registry: Registry,
  p: Programmes,
  o: Offsets,
  opts: { shared: boolean; budgets: boolean; clerks?: Map<string, number>; place?: (code: string) => string },
): CopyTable[] {
  const stamped = ['created_at', 'updated_at'];
  // Region codes of a block moved to another city (province.ts); Nanchong's own otherwise.
  const where = opts.place ?? ((code: string) => code);
  // The demo clerks' user ids (filled by the loader before the payments are written; none without one).
  const by = (name: string) => opts.clerks?.get(name) ?? null;
  const tables: CopyTable[] = [
    copyTable(
      'household',
      ['id', 'village_code', 'head_name', 'member_count', 'helper_name', 'poverty_status', 'exited_poverty_year', ...stamped],
      registry.households,
      (h) => [h.id + o.household, where(h.villageCode), h.headName, h.memberCount, h.helperName, h.povertyStatus, h.exitedPovertyYear, h.createdAt, h.createdAt],
    ),
    copyTable(
      'laborer',
      [
        'id', 'household_id', 'village_code', 'name', 'id_number', 'gender', 'birth_date', 'phone', 'education', 'skills',
        'wants_training', 'wants_transfer', 'wants_enterprise', 'poverty_status', 'exited_poverty_year', ...stamped,
      ],
      registry.laborers,
      (l) => [
        l.id + o.laborer, l.householdId + o.household, where(l.villageCode), l.name, l.idNumber, l.gender, l.birthDate, l.phone, l.education, l.skills,
        l.wantsTraining, l.wantsTransfer, l.wantsEnterprise, l.povertyStatus, l.exitedPovertyYear, l.createdAt, l.createdAt,
      ],
    ),
    copyTable('training_provider', ['id', 'name', 'kind', 'county_code', ...stamped], p.providers, (r) => [
      r.id, r.name, r.kind, r.countyCode, at('2016-12-20', r.id), at('2016-12-20', r.id),
    ]),
    copyTable(
      'training_class',
      ['id', 'title', 'kind', 'provider_id', 'county_code', 'specialty', 'is_menu', 'start_date', 'end_date', 'capacity', ...stamped],
      p.classes,
      (r) => [r.id + o.training_class, r.title, r.kind, r.providerId, where(r.countyCode), r.specialty, r.isMenu, r.startDate, r.endDate, r.capacity, at(r.startDate, r.id + o.training_class), at(r.endDate, r.id + o.training_class)],
    ),
    copyTable(
      'enrollment',
      ['id', 'class_id', 'laborer_id', 'village_code', 'enrolled_on', 'completed', 'completed_on', 'certificate_no', 'employed_after_training', ...stamped],
      p.enrollments,
      (r) => [
        r.id + o.enrollment, r.classId + o.training_class, r.laborerId + o.laborer, where(r.villageCode), r.enrolledOn, r.completed, r.completedOn, r.certificateNo, r.employedAfterTraining,
        at(r.enrolledOn, r.id + o.enrollment), at(r.completedOn ?? r.enrolledOn, r.id + o.enrollment),
      ],
    ),
    copyTable('welfare_post', ['id', 'title', 'category', 'region_code', 'monthly_pay', 'status', ...stamped], p.welfarePosts, (r) => [
      r.id + o.welfare_post, r.title, r.category, where(r.regionCode), r.monthlyPay, r.status, at(r.createdOn, r.id + o.welfare_post), at(r.createdOn, r.id + o.welfare_post),
    ]),
    copyTable('welfare_placement', ['id', 'post_id', 'laborer_id', 'village_code', 'start_date', 'end_date', ...stamped], p.placements, (r) => [
      r.id + o.welfare_placement, r.postId + o.welfare_post, r.laborerId + o.laborer, where(r.villageCode), r.startDate, r.endDate, at(r.startDate, r.id + o.welfare_placement), at(r.startDate, r.id + o.welfare_placement),
    ]),
    copyTable(
      'dream_schooling',
      ['id', 'laborer_id', 'village_code', 'school', 'major', 'intake_year', 'tuition_waived', 'living_subsidy_per_term', 'status', ...stamped],
      p.schoolings,
      (r) => [
        r.id + o.dream_schooling, r.laborerId + o.laborer, where(r.villageCode), r.school, r.major, r.intakeYear, r.tuitionWaived, r.livingSubsidyPerTerm, r.status,
        at('2017-02-20', r.id + o.dream_schooling), at('2017-02-20', r.id + o.dream_schooling),
      ],
    ),
    copyTable('enterprise', ['id', 'laborer_id', 'village_code', 'name', 'sector', 'started_on', 'employees', ...stamped], p.enterprises, (r) => [
      r.id + o.enterprise, r.laborerId + o.laborer, where(r.villageCode), r.name, r.sector, r.startedOn, r.employees, at(r.startedOn, r.id + o.enterprise), at(r.startedOn, r.id + o.enterprise),
    ]),
    copyTable(
      'guaranteed_loan',
      [
        'id', 'laborer_id', 'village_code', 'purpose', 'bank', 'amount', 'term_months', 'annual_rate', 'interest_subsidy_rate', 'status',
        'applied_on', 'approved_on', 'disbursed_on', 'closed_on', 'enterprise_id', 'dream_schooling_id', ...stamped,
      ],
      p.loans,
      (r) => [
        r.id + o.guaranteed_loan, r.laborerId + o.laborer, where(r.villageCode), r.purpose, r.bank, r.amount, r.termMonths, r.annualRate, r.interestSubsidyRate, r.status,
        r.appliedOn, r.approvedOn, r.disbursedOn, null, plus(r.enterpriseId, o.enterprise), plus(r.dreamSchoolingId, o.dream_schooling),
        at(r.appliedOn, r.id + o.guaranteed_loan), at(r.disbursedOn, r.id + o.guaranteed_loan),
      ],
    ),
    copyTable(
      'employment',
      ['id', 'laborer_id', 'village_code', 'kind', 'channel', 'employer', 'place', 'start_date', 'end_date', ...stamped],
      p.employments,
      (r) => [
        r.id + o.employment, r.laborerId + o.laborer, where(r.villageCode), r.kind, r.channel, r.employer, r.place, r.startDate, r.endDate,
        at(r.startDate, r.id + o.employment), at(r.startDate, r.id + o.employment),
      ],
    ),
    copyTable(
      'job_fair',
      ['id', 'title', 'county_code', 'held_on', 'venue', 'posts_offered', 'laborers_registered', 'intentions_signed', ...stamped],
      p.jobFairs,
      (r) => [
        r.id + o.job_fair, r.title, where(r.countyCode), r.heldOn, r.venue, r.postsOffered, r.laborersRegistered, r.intentionsSigned,
        at(r.heldOn, r.id + o.job_fair), at(r.heldOn, r.id + o.job_fair),
      ],
    ),
    copyTable(
      'policy',
      ['id', 'name', 'subsidy_kind', 'program_kind', 'amount_rule', 'amount', 'valid_from', 'valid_to', 'description', ...stamped],
      p.policies,
      (r) => [r.id, r.name, r.subsidyKind, r.programKind, r.amountRule, r.amount, r.validFrom, r.validTo, r.description, at(r.validFrom, r.id), at(r.validFrom, r.id)],
    ),
    copyTable('policy_budget', ['id', 'policy_id', 'county_code', 'year', 'budget', ...stamped], p.budgets, (r) => [
      r.id, r.policyId, where(r.countyCode), r.year, r.budget, at('2017-01-05', r.id), at('2017-01-05', r.id),
    ]),
    copyTable(
      'subsidy_payment',
      [
        'id', 'policy_id', 'laborer_id', 'village_code', 'program_kind', 'enrollment_id', 'placement_id', 'loan_id', 'schooling_id',
        'enterprise_id', 'employment_id', 'period', 'amount', 'status', 'reject_reason', 'applied_on', 'approved_on', 'paid_on',
        'applied_by', 'approved_by', 'paid_by', ...stamped,
      ],
      p.payments,
      (r) => [
        r.id + o.subsidy_payment, r.policyId, r.laborerId + o.laborer, where(r.villageCode), r.programKind, plus(r.enrollmentId, o.enrollment),
        plus(r.placementId, o.welfare_placement), plus(r.loanId, o.guaranteed_loan), plus(r.schoolingId, o.dream_schooling),
        plus(r.enterpriseId, o.enterprise), plus(r.employmentId, o.employment), r.period, r.amount, r.status, r.rejectReason, r.appliedOn, r.approvedOn, r.paidOn,
        by(clerksFor(where(r.villageCode)).applicant), r.approvedOn ? by(clerksFor(where(r.villageCode)).approver) : null, r.paidOn ? by(clerksFor(where(r.villageCode)).payer) : null,
        at(r.appliedOn, r.id + o.subsidy_payment), at(r.paidOn ?? r.approvedOn ?? r.appliedOn, r.id + o.subsidy_payment),
      ],
    ),
  ];
  return tables.filter((t) => (opts.shared || !SHARED_TABLES.has(t.table)) && (opts.budgets || t.table !== 'policy_budget'));
}

/** The whole demo dataset of one block (scale up to 1) in memory (no database). */
export function generateDataset(options: DemoOptions): Dataset {
  checkOptions(options);
  const { seed, scale } = options;
  if (blocksOf(scale, options.blockScale).length > 1) throw new Error(`scale ${scale} is more than one block: stream it (streamDataset)`);
  const registry = generateRegistry(seed, scale);
  const programmes = generateProgrammes(seed, scale, registry);
  const tables = blockTables(registry, programmes, noOffsets(), { shared: true, budgets: true });
  return { options, flags: regionPlan().flags, registry, programmes, tables };
}

/** One block as it is generated: its rows, and where its ids start. */
export interface DemoBlock {
  index: number;
  scale: number;
  registry: Registry;
  programmes: Programmes;
  offsets: Offsets;
}

/**
 * A part of the demo data: the COPY tables it adds for a block (lifecycle events, targets...), made
 * from the block's registry and programmes; ids of its own it numbers itself. Its tables are written
 * after the block's own.
 */
export type DemoPart = (block: DemoBlock) => CopyTable[];

/**
 * A table of the stream, with the block it belongs to (-1: after the last block); `staged`: written to
 * a staging table and moved in at the end (see load.ts).
 */
export type StreamTable = CopyTable & { block: number; staged?: boolean; blockRows?: number };

/**
 * The demo dataset as a stream of COPY tables in load order, one block at a time (`blocksOf`): a block
 * is generated only when the previous one has been consumed, so memory stays that of one block at any
 * scale. With one block the stream is `generateDataset`'s tables, byte for byte.
 *
 * With several, each block's ids continue the previous block's; subsidy payments are `staged`, because
 * the budgets they are checked against are the sums of every block's (emitted after the last block).
 */
export function* streamDataset(options: DemoOptions, parts: DemoPart[] = [], clerks?: Map<string, number>): Generator<StreamTable> {
  checkOptions(options);
  const { seed } = options;
  const blocks = blocksOf(options.scale, options.blockScale);
  const offsets = noOffsets();
  const usedIds = newIdBitmap();
  const carry = newProgrammeCarry();
  const budgets = new Map<string, BudgetRow>();
  const several = blocks.length > 1;
  for (const [index, scale] of blocks.entries()) {
    const registry = generateRegistry(seed, scale, { block: index, usedIds });
    const programmes = generateProgrammes(seed, scale, registry, { block: index, carry });
    const block: DemoBlock = { index, scale, registry, programmes, offsets: { ...offsets } };
    const moved = options.province && index > 0 ? relocation(options.province, cityOfBlock(options.province, index)) : undefined;
    const place = moved ? (code: string) => moved.place(code) : (code: string) => code;
    const tables = blockTables(registry, programmes, block.offsets, { shared: index === 0, budgets: !several, clerks, place });
    const blockRows = tables.reduce((n, t) => n + t.count, 0);
    for (const t of tables) yield { ...t, block: index, blockRows, ...(t.table === 'subsidy_payment' && several ? { staged: true } : {}) };
    for (const part of parts) for (const t of part(block)) yield { ...t, block: index };
    for (const b of programmes.budgets) {
      const countyCode = place(b.countyCode);
      const key = `${b.policyId}:${countyCode}:${b.year}`;
      const sum = budgets.get(key);
      if (sum) sum.budget += b.budget;
      else budgets.set(key, { ...b, countyCode });
    }
    offsets.household += registry.households.length;
    offsets.laborer += registry.laborers.length;
    offsets.training_class += programmes.classes.length;
    offsets.enrollment += programmes.enrollments.length;
    offsets.welfare_post += programmes.welfarePosts.length;
    offsets.welfare_placement += programmes.placements.length;
    offsets.dream_schooling += programmes.schoolings.length;
    offsets.enterprise += programmes.enterprises.length;
    offsets.guaranteed_loan += programmes.loans.length;
    offsets.employment += programmes.employments.length;
    offsets.job_fair += programmes.jobFairs.length;
    offsets.subsidy_payment += programmes.payments.length;
  }
  if (several) yield { ...budgetTable([...budgets.values()]), block: -1 };
}

/** The budgets summed over the blocks, in policy and county order, numbered from 1. */
function budgetTable(rows: BudgetRow[]): CopyTable {
  // Nanchong's counties in their order, then other cities' (a province dataset) in code order.
  const county = (code: string) => {
    const i = COUNTIES.findIndex((c) => `${c.code}000000` === code);
    return i >= 0 ? i : COUNTIES.length + Number(code.slice(0, 6));
  };
  const sorted = rows.sort((a, b) => a.policyId - b.policyId || county(a.countyCode) - county(b.countyCode) || a.year - b.year).map((r, i) => ({ ...r, id: i + 1 }));
  return copyTable('policy_budget', ['id', 'policy_id', 'county_code', 'year', 'budget', 'created_at', 'updated_at'], sorted, (r) => [
    r.id, r.policyId, r.countyCode, r.year, r.budget, at('2017-01-05', r.id), at('2017-01-05', r.id),
  ]);
}
