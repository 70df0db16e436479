import { clerksFor, demoClerks, type Clerks } from './clerks';
import { copyTable, type CopyTable } from './copy';
import { regionPlan } from './plan';
import { generateProgrammes, type Programmes } from './programmes';
import { generateRegistry, type Registry } from './registry';

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
}

export interface Dataset {
  options: DemoOptions;
  /** Poor counties and villages with their exit years (the same at every scale and seed). */
  flags: { code: string; exitYear: number | null }[];
  registry: Registry;
  programmes: Programmes;
  /** The users named as applicant, approver and payer of the payments (loaded before the COPYs). */
  clerks: Clerks;
  /** The rows in load order (parents before children), as COPY text. */
  tables: CopyTable[];
}

export function checkOptions({ scale, seed }: DemoOptions): void {
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

/** Generates the whole demo dataset in memory (no database). */
export function generateDataset(options: DemoOptions): Dataset {
  checkOptions(options);
  const { seed, scale } = options;
  const registry = generateRegistry(seed, scale);
  const p = generateProgrammes(seed, scale, registry);
  const stamped = ['created_at', 'updated_at'];
  const clerks = demoClerks(p.payments.map((r) => r.villageCode));
  const by = (name: string) => clerks.ids.get(name) ?? null;
  const tables: CopyTable[] = [
    copyTable(
      'household',
      ['id', 'village_code', 'head_name', 'member_count', 'helper_name', 'poverty_status', 'exited_poverty_year', ...stamped],
      registry.households,
      (h) => [h.id, h.villageCode, h.headName, h.memberCount, h.helperName, h.povertyStatus, h.exitedPovertyYear, h.createdAt, h.createdAt],
    ),
    copyTable(
      'laborer',
      [
        'id', 'household_id', 'village_code', 'name', 'id_number', 'gender', 'birth_date', 'phone', 'education', 'skills',
        'wants_training', 'wants_transfer', 'wants_enterprise', 'poverty_status', 'exited_poverty_year', ...stamped,
      ],
      registry.laborers,
      (l) => [
        l.id, l.householdId, l.villageCode, l.name, l.idNumber, l.gender, l.birthDate, l.phone, l.education, l.skills,
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
      (r) => [r.id, r.title, r.kind, r.providerId, r.countyCode, r.specialty, r.isMenu, r.startDate, r.endDate, r.capacity, at(r.startDate, r.id), at(r.endDate, r.id)],
    ),
    copyTable(
      'enrollment',
      ['id', 'class_id', 'laborer_id', 'village_code', 'enrolled_on', 'completed', 'completed_on', 'certificate_no', 'employed_after_training', ...stamped],
      p.enrollments,
      (r) => [
        r.id, r.classId, r.laborerId, r.villageCode, r.enrolledOn, r.completed, r.completedOn, r.certificateNo, r.employedAfterTraining,
        at(r.enrolledOn, r.id), at(r.completedOn ?? r.enrolledOn, r.id),
      ],
    ),
    copyTable('welfare_post', ['id', 'title', 'category', 'region_code', 'monthly_pay', 'status', ...stamped], p.welfarePosts, (r) => [
      r.id, r.title, r.category, r.regionCode, r.monthlyPay, r.status, at(r.createdOn, r.id), at(r.createdOn, r.id),
    ]),
    copyTable('welfare_placement', ['id', 'post_id', 'laborer_id', 'village_code', 'start_date', 'end_date', ...stamped], p.placements, (r) => [
      r.id, r.postId, r.laborerId, r.villageCode, r.startDate, r.endDate, at(r.startDate, r.id), at(r.startDate, r.id),
    ]),
    copyTable(
      'dream_schooling',
      ['id', 'laborer_id', 'village_code', 'school', 'major', 'intake_year', 'tuition_waived', 'living_subsidy_per_term', 'status', ...stamped],
      p.schoolings,
      (r) => [
        r.id, r.laborerId, r.villageCode, r.school, r.major, r.intakeYear, r.tuitionWaived, r.livingSubsidyPerTerm, r.status,
        at('2017-02-20', r.id), at('2017-02-20', r.id),
      ],
    ),
    copyTable('enterprise', ['id', 'laborer_id', 'village_code', 'name', 'sector', 'started_on', 'employees', ...stamped], p.enterprises, (r) => [
      r.id, r.laborerId, r.villageCode, r.name, r.sector, r.startedOn, r.employees, at(r.startedOn, r.id), at(r.startedOn, r.id),
    ]),
    copyTable(
      'guaranteed_loan',
      [
        'id', 'laborer_id', 'village_code', 'purpose', 'bank', 'amount', 'term_months', 'annual_rate', 'interest_subsidy_rate', 'status',
        'applied_on', 'approved_on', 'disbursed_on', 'closed_on', 'enterprise_id', 'dream_schooling_id', ...stamped,
      ],
      p.loans,
      (r) => [
        r.id, r.laborerId, r.villageCode, r.purpose, r.bank, r.amount, r.termMonths, r.annualRate, r.interestSubsidyRate, r.status,
        r.appliedOn, r.approvedOn, r.disbursedOn, null, r.enterpriseId, r.dreamSchoolingId, at(r.appliedOn, r.id), at(r.disbursedOn, r.id),
      ],
    ),
    copyTable(
      'employment',
      ['id', 'laborer_id', 'village_code', 'kind', 'channel', 'employer', 'place', 'start_date', 'end_date', ...stamped],
      p.employments,
      (r) => [r.id, r.laborerId, r.villageCode, r.kind, r.channel, r.employer, r.place, r.startDate, r.endDate, at(r.startDate, r.id), at(r.startDate, r.id)],
    ),
    copyTable(
      'job_fair',
      ['id', 'title', 'county_code', 'held_on', 'venue', 'posts_offered', 'laborers_registered', 'intentions_signed', ...stamped],
      p.jobFairs,
      (r) => [r.id, r.title, r.countyCode, r.heldOn, r.venue, r.postsOffered, r.laborersRegistered, r.intentionsSigned, at(r.heldOn, r.id), at(r.heldOn, r.id)],
    ),
    copyTable(
      'policy',
      ['id', 'name', 'subsidy_kind', 'program_kind', 'amount_rule', 'amount', 'valid_from', 'valid_to', 'description', ...stamped],
      p.policies,
      (r) => [r.id, r.name, r.subsidyKind, r.programKind, r.amountRule, r.amount, r.validFrom, r.validTo, r.description, at(r.validFrom, r.id), at(r.validFrom, r.id)],
    ),
    copyTable('policy_budget', ['id', 'policy_id', 'county_code', 'year', 'budget', ...stamped], p.budgets, (r) => [
      r.id, r.policyId, r.countyCode, r.year, r.budget, at('2017-01-05', r.id), at('2017-01-05', r.id),
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
        r.id, r.policyId, r.laborerId, r.villageCode, r.programKind, r.enrollmentId, r.placementId, r.loanId, r.schoolingId,
        r.enterpriseId, r.employmentId, r.period, r.amount, r.status, r.rejectReason, r.appliedOn, r.approvedOn, r.paidOn,
        by(clerksFor(r.villageCode).applicant), r.approvedOn ? by(clerksFor(r.villageCode).approver) : null, r.paidOn ? by(clerksFor(r.villageCode).payer) : null,
        at(r.appliedOn, r.id), at(r.paidOn ?? r.approvedOn ?? r.appliedOn, r.id),
      ],
    ),
  ];
  return { options, flags: regionPlan().flags, registry, programmes: p, clerks, tables };
}
