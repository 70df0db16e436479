import type {
  EmploymentChannel,
  EmploymentKind,
  PaymentStatus,
  ProgramKind,
  ProviderKind,
  Sector,
  SubsidyKind,
  AmountRule,
  TrainingKind,
  WelfarePostCategory,
} from '@fupin/schema';
import { drawName } from './names';
import { COUNTIES, regionPlan, scaled, targets, type Targets } from './plan';
import { apportion, chooseWeighted, Rng, Weighted } from './random';
import { regionRows } from './regions';
import { blockLabel, dayString, type LaborerRow, type Registry } from './registry';

/**
 * The programme records of the first half of 2017 on top of the registry: training, public-welfare
 * posts, 圆梦 schooling, enterprises, guaranteed loans, employment, job fairs, and the policies whose
 * subsidies pay for them. Exact where FIGURES.md says exact (scaled and rounded at other scales).
 *
 * Who does what, chosen in this order so the roles never collide:
 * 1. 圆梦 students: teens who are not their household's earner;
 * 2. entrepreneurs: people who want to start a business, never an earner (they work at home);
 * 3. transfer employment: every household's earner, then others who want it;
 * 4. public-welfare placements: people of 高坪 and 西充 in none of the above;
 * 5. the trained: 95% among those in transfer employment (their job starts after the class), the rest
 *    among those who are not; dropouts among the others who want training;
 * 6. local employment: people in none of the above (and not trained without a job after it).
 * Every household's earner holds a transfer job, so no household is left with nobody employed.
 */

export interface ProviderRow { id: number; name: string; kind: ProviderKind; countyCode: string }
export interface ClassRow {
  id: number; title: string; kind: TrainingKind; providerId: number; countyCode: string; specialty: string | null;
  isMenu: boolean; startDate: string; endDate: string; capacity: number;
}
export interface EnrollmentRow {
  id: number; classId: number; laborerId: number; villageCode: string; enrolledOn: string; completed: boolean;
  completedOn: string | null; certificateNo: string | null; employedAfterTraining: boolean;
}
export interface WelfarePostRow {
  id: number; title: string; category: WelfarePostCategory; regionCode: string; monthlyPay: number; status: 'OPEN' | 'FILLED' | 'CLOSED'; createdOn: string;
}
export interface PlacementRow { id: number; postId: number; laborerId: number; villageCode: string; startDate: string; endDate: string | null }
export interface SchoolingRow {
  id: number; laborerId: number; villageCode: string; school: string; major: string; intakeYear: number; tuitionWaived: boolean;
  livingSubsidyPerTerm: number; status: 'ENROLLED' | 'GRADUATED' | 'DROPPED_OUT';
}
export interface EnterpriseRow { id: number; laborerId: number; villageCode: string; name: string; sector: Sector; startedOn: string; employees: number }
export interface LoanRow {
  id: number; laborerId: number; villageCode: string; purpose: Sector; bank: string; amount: number; termMonths: number; annualRate: number;
  interestSubsidyRate: number; status: 'DISBURSED'; appliedOn: string; approvedOn: string; disbursedOn: string; enterpriseId: number | null;
  dreamSchoolingId: number | null;
}
export interface EmploymentRow {
  id: number; laborerId: number; villageCode: string; kind: EmploymentKind; channel: EmploymentChannel; employer: string; place: string;
  startDate: string; endDate: string | null;
}
export interface JobFairRow {
  id: number; title: string; countyCode: string; heldOn: string; venue: string; postsOffered: number; laborersRegistered: number; intentionsSigned: number;
}
export interface PolicyRow {
  id: number; name: string; subsidyKind: SubsidyKind; programKind: ProgramKind; amountRule: AmountRule; amount: number; validFrom: string;
  validTo: string | null; description: string;
}
export interface BudgetRow { id: number; policyId: number; countyCode: string; year: number; budget: number }
export interface PaymentRow {
  id: number; policyId: number; laborerId: number; villageCode: string; programKind: ProgramKind; enrollmentId: number | null;
  placementId: number | null; loanId: number | null; schoolingId: number | null; enterpriseId: number | null; employmentId: number | null;
  period: string; amount: number; status: PaymentStatus; rejectReason: string | null; appliedOn: string; approvedOn: string | null; paidOn: string | null;
}

export interface Programmes {
  providers: ProviderRow[];
  classes: ClassRow[];
  enrollments: EnrollmentRow[];
  welfarePosts: WelfarePostRow[];
  placements: PlacementRow[];
  schoolings: SchoolingRow[];
  enterprises: EnterpriseRow[];
  loans: LoanRow[];
  employments: EmploymentRow[];
  jobFairs: JobFairRow[];
  policies: PolicyRow[];
  budgets: BudgetRow[];
  payments: PaymentRow[];
}

/** Sizes the article does not give, at scale 1. */
const PARAMS = {
  dreamStudents: 1_200,
  dreamLoans: 750,
  /** Start-up loans outside 南部县 (南部's 24 are the article's). */
  otherStartupLoans: 410,
  /** Enrollments that did not complete, per completed one. */
  dropoutShare: 0.03,
  jobFairs: 8,
  jobFairHires: 580,
};

// ---------- dates ----------
const DAY = 86_400_000;
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY;
const REPORT = day(2017, 6, 30);
const H1_START = day(2017, 1, 3);
/** A job that started on this day or earlier has lasted six months on the reporting date. */
const LAST_STABLE_START = day(2016, 12, 30);
/** Share of the first quarter's ordinary classes held in the autumn of 2016 instead (see buildTraining). */
const AUTUMN_SHARE = 0.04;
const clampDay = (d: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, d));

function stamp(rng: Rng, d: number): string {
  const minutes = 8 * 60 + 30 + rng.int(9 * 60);
  return `${dayString(d)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08`;
}

// ---------- roles ----------
const STUDENT = 1;
const ENTREPRENEUR = 2;
const TRANSFER = 4;
const WELFARE = 8;
const TRAINED = 16;
const EMPLOYED_AFTER_TRAINING = 32;
const LOCAL = 64;
const DROPOUT = 128;

const countyIndex = (code: string) => COUNTIES.findIndex((c) => c.code === code);
const NANBU = countyIndex('511321');
const LANGZHONG = countyIndex('511381');

/**
 * Splits `total` yuan into `n` amounts between `min` and `max`, in multiples of `step` where the total
 * allows (the last amount takes any remainder), summing to `total` exactly.
 */
export function splitAmount(rng: Rng, total: number, n: number, min: number, max: number, step: number): number[] {
  if (n === 0) {
    if (total !== 0) throw new Error(`cannot split ${total} into no amounts`);
    return [];
  }
  const hi = Math.max(max, Math.ceil(total / n / step) * step);
  const lo = Math.min(min, Math.floor(total / n / step) * step);
  const units = Math.floor(total / step);
  const amounts = Array<number>(n).fill(lo / step);
  let left = units - n * (lo / step);
  if (left < 0) throw new Error(`cannot split ${total} into ${n} amounts of at least ${lo}`);
  const open = Array.from({ length: n }, (_, i) => i);
  while (left > 0 && open.length) {
    const k = rng.int(open.length);
    amounts[open[k]]++;
    left--;
    if (amounts[open[k]] * step >= hi) open.splice(k, 1);
  }
  if (left > 0) throw new Error(`cannot split ${total} into ${n} amounts of at most ${hi}`);
  const out = amounts.map((u) => u * step);
  out[n - 1] += total - units * step;
  return out;
}

// ---------- names of places, employers, schools ----------
const regionName = new Map(regionRows().map((r) => [r.code, r.name]));
const villageShort = (code: string) => (regionName.get(code) ?? '').replace(/(村民委员会|社区居民委员会|居民委员会|居委会)$/, (m) => (m === '村民委员会' ? '村' : '社区'));
const townshipOf = (villageCode: string) => `${villageCode.slice(0, 9)}000`;

const DESTINATIONS = new Weighted([
  ['广东省东莞市', 12], ['广东省深圳市', 10], ['广东省广州市', 8], ['广东省佛山市', 6], ['广东省中山市', 4], ['广东省惠州市', 3], ['广东省潮州市', 3],
  ['浙江省宁波市', 6], ['浙江省杭州市', 4], ['浙江省温州市', 3], ['浙江省金华市', 3], ['福建省泉州市', 5], ['福建省厦门市', 3],
  ['江苏省苏州市', 6], ['江苏省无锡市', 2], ['上海市', 5], ['北京市', 4], ['天津市', 1], ['新疆维吾尔自治区乌鲁木齐市', 3],
  ['四川省成都市', 10], ['重庆市', 5], ['陕西省西安市', 2],
] as const);
const FIRM_WORDS = ['华', '鑫', '恒', '达', '盛', '宏', '泰', '兴', '瑞', '隆', '丰', '源', '新', '远', '嘉', '信', '诚', '安', '康', '明', '立', '永', '金', '海', '天', '宇', '通', '创', '和', '正'];
const FIRM_TRADES = new Weighted([
  ['电子科技有限公司', 14], ['服装有限公司', 8], ['鞋业有限公司', 5], ['建筑工程有限公司', 12], ['家具有限公司', 4], ['食品有限公司', 5],
  ['物流有限公司', 6], ['塑胶制品有限公司', 4], ['五金制品有限公司', 4], ['纺织有限公司', 3], ['机械制造有限公司', 5], ['汽车配件有限公司', 4],
  ['物业管理有限公司', 5], ['家政服务有限公司', 4], ['餐饮管理有限公司', 5], ['精密模具有限公司', 2], ['包装材料有限公司', 2],
] as const);
const PARKS = ['潆溪工业园区', '航空港工业集中区', '嘉陵工业园区', '南部经济开发区', '营山工业园区', '蓬安工业园区', '仪陇工业集中区', '西充多扶工业园区', '阆中七里工业园区'];
const BASE_PRODUCTS = ['柑橘', '生猪', '蚕桑', '蔬菜', '中药材', '花椒', '食用菌', '脆红李', '晚熟柑橘', '核桃', '茶叶', '肉牛'];
const BANKS = ['中国农业银行', '中国邮政储蓄银行', '四川省农村信用社', '南充市商业银行', '中国建设银行'];
const SCHOOLS = ['南充技师学院', '南充职业技术学院', '四川省南充中等专业学校', '四川省南充卫生学校', '南充市嘉陵职业技术学校', '四川省仪陇县职业高级中学', '南部县职业技术学校', '阆中市江南高级职业中学'];
const MAJORS = ['数控技术应用', '汽车运用与维修', '电子技术应用', '计算机应用', '中餐烹饪', '护理', '电子商务', '机电技术应用', '服装设计与工艺', '学前教育', '焊接技术', '电梯安装与维修'];

function firmName(rng: Rng, prefix: string): string {
  let words = rng.pick(FIRM_WORDS) + rng.pick(FIRM_WORDS);
  if (words[0] === words[1]) words = words[0] + rng.pick(FIRM_WORDS);
  return `${prefix}${words}${FIRM_TRADES.draw(rng)}`;
}
/** '广东省东莞市' -> '东莞市'; municipalities keep their name. */
const cityOf = (place: string) => place.replace(/^.+?(省|自治区)/, '');

// ---------- training ----------
const KINDS: TrainingKind[] = ['EMPLOYMENT', 'ENTREPRENEURSHIP', 'BRAND', 'OTHER'];
const SPECIALTIES: Record<TrainingKind, readonly string[]> = {
  EMPLOYMENT: ['电焊工', '家政服务员', '育婴员', '中式烹调师', '电工', '挖掘机操作', '缝纫工', '砌筑工', '钢筋工', '养老护理员', '美容美发', '保安员', '叉车司机', '中式面点师'],
  ENTREPRENEURSHIP: ['SYB创业培训', '网络创业培训', '农村创业致富带头人', '小微企业经营管理'],
  BRAND: ['南充厨师', '南充家政', '嘉陵绣娘', '营山建筑工', '阆中川菜'],
  OTHER: ['农村实用技术', '电子商务普及', '安全生产常识', '种养殖实用技术'],
};
const COURSE_DAYS: Record<TrainingKind, [number, number]> = { EMPLOYMENT: [10, 30], ENTREPRENEURSHIP: [8, 12], BRAND: [15, 30], OTHER: [3, 7] };

/** The article's "menu" classes and where they ran. */
const MENU: Record<string, { title: string; kind: TrainingKind; specialty: string }[]> = {
  '511322': [
    { title: '创业能力+种养殖', kind: 'ENTREPRENEURSHIP', specialty: '创业能力、种养殖技术' },
    { title: '致富能干人', kind: 'ENTREPRENEURSHIP', specialty: '致富带头人' },
  ],
  '511302': [{ title: '厨师+种植技术', kind: 'EMPLOYMENT', specialty: '中式烹调、蔬菜种植' }],
  '511324': [
    { title: '创业+实用技术', kind: 'ENTREPRENEURSHIP', specialty: '创业指导、农村实用技术' },
    { title: '厨师+种植技术', kind: 'EMPLOYMENT', specialty: '中式烹调、果蔬种植' },
  ],
  '511321': [
    { title: '电商下乡', kind: 'OTHER', specialty: '农村电子商务' },
    { title: '创业+实用技术', kind: 'ENTREPRENEURSHIP', specialty: '创业指导、农村实用技术' },
  ],
};

/** Providers are institutions, the same at every scale. */
function providers(): ProviderRow[] {
  const rows: [string, ProviderKind, string][] = [
    ['南充职业技术学院', 'VOCATIONAL_COLLEGE', '511302'],
    ['南充技师学院', 'VOCATIONAL_COLLEGE', '511303'],
    ['四川省南充中等专业学校', 'VOCATIONAL_COLLEGE', '511302'],
    ['南充市嘉陵职业技术学校', 'VOCATIONAL_COLLEGE', '511304'],
    ['南部县职业技术学校', 'VOCATIONAL_COLLEGE', '511321'],
    ['营山县职业高级中学', 'VOCATIONAL_COLLEGE', '511322'],
    ['蓬安县职业中学', 'VOCATIONAL_COLLEGE', '511323'],
    ['四川省仪陇县职业高级中学', 'VOCATIONAL_COLLEGE', '511324'],
    ['西充县职业技术学校', 'VOCATIONAL_COLLEGE', '511325'],
    ['阆中市江南高级职业中学', 'VOCATIONAL_COLLEGE', '511381'],
    ['南充市高技能人才培训基地', 'HIGH_SKILL_BASE', '511302'],
    ['南充厨师高技能人才培训基地', 'HIGH_SKILL_BASE', '511303'],
    ['南充电子信息高技能人才培训基地', 'HIGH_SKILL_BASE', '511304'],
    ['南充市蓝天职业培训学校', 'PRIVATE_INSTITUTION', '511302'],
    ['高坪区江东职业技能培训学校', 'PRIVATE_INSTITUTION', '511303'],
    ['嘉陵区金凤职业培训学校', 'PRIVATE_INSTITUTION', '511304'],
    ['南部县春晖职业培训学校', 'PRIVATE_INSTITUTION', '511321'],
    ['南部县升钟职业技能培训学校', 'PRIVATE_INSTITUTION', '511321'],
    ['营山县鑫源职业培训学校', 'PRIVATE_INSTITUTION', '511322'],
    ['蓬安县相如职业培训学校', 'PRIVATE_INSTITUTION', '511323'],
    ['仪陇县新星职业技能培训学校', 'PRIVATE_INSTITUTION', '511324'],
    ['仪陇县德乐职业培训学校', 'PRIVATE_INSTITUTION', '511324'],
    ['西充县有机农业职业培训学校', 'PRIVATE_INSTITUTION', '511325'],
    ['阆中市古城职业技能培训学校', 'PRIVATE_INSTITUTION', '511381'],
  ];
  return rows.map(([name, kind, county], i) => ({ id: i + 1, name, kind, countyCode: `${county}000000` }));
}

/** Policies are documents, the same at every scale; amounts are the most one payment may be. */
const POLICIES: Omit<PolicyRow, 'id'>[] = [
  { name: '就业技能培训补贴（初级工）', subsidyKind: 'TRAINING', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 1200, validFrom: '2016-01-01', validTo: '2018-12-31', description: '贫困劳动力参加就业技能培训取得初级工证书的，按人补贴培训费用。' },
  { name: '就业技能培训补贴（专项能力）', subsidyKind: 'TRAINING', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 800, validFrom: '2016-01-01', validTo: '2018-12-31', description: '贫困劳动力参加专项职业能力培训并合格的，按人补贴培训费用。' },
  { name: '创业培训补贴', subsidyKind: 'TRAINING', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 1000, validFrom: '2016-01-01', validTo: '2018-12-31', description: '参加SYB、网络创业等创业培训并结业的，按人补贴。' },
  { name: '劳务品牌培训补贴', subsidyKind: 'TRAINING', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 1500, validFrom: '2016-01-01', validTo: '2018-12-31', description: '“南充厨师”等劳务品牌培训，按人补贴。' },
  { name: '农村实用技术培训补贴', subsidyKind: 'TRAINING', programKind: 'TRAINING', amountRule: 'PER_PERSON', amount: 500, validFrom: '2016-01-01', validTo: '2018-12-31', description: '农村实用技术、电商普及等短期培训，按人补贴。' },
  { name: '“圆梦行动”生活补贴', subsidyKind: 'LIVING', programKind: 'DREAM_SCHOOLING', amountRule: 'PER_TERM', amount: 1500, validFrom: '2016-09-01', validTo: null, description: '贫困家庭“两后生”免费就读技工院校，按学期发放生活补贴。' },
  { name: '贫困劳动力一次性创业补贴', subsidyKind: 'STARTUP', programKind: 'ENTERPRISE', amountRule: 'PER_PERSON', amount: 5000, validFrom: '2016-01-01', validTo: '2018-12-31', description: '贫困劳动力首次创业并正常经营的，给予一次性创业补贴。' },
  { name: '公益性岗位补贴', subsidyKind: 'POST', programKind: 'WELFARE_POST', amountRule: 'PER_MONTH', amount: 1000, validFrom: '2016-01-01', validTo: null, description: '托底安置在公益性岗位上的贫困劳动力，按月发放岗位补贴。' },
  { name: '创业担保贷款财政贴息', subsidyKind: 'LOAN_INTEREST', programKind: 'LOAN', amountRule: 'INTEREST_SHARE', amount: 1, validFrom: '2016-01-01', validTo: null, description: '贫困劳动力创业担保贷款、“圆梦行动”助学担保贷款由财政全额贴息。' },
  { name: '转移就业一次性交通补贴', subsidyKind: 'TRAVEL', programKind: 'EMPLOYMENT', amountRule: 'PER_PERSON', amount: 500, validFrom: '2017-01-01', validTo: '2017-12-31', description: '经专场招聘会等有组织转移就业的贫困劳动力，给予一次性交通补贴。' },
];
const POLICY_ID = Object.fromEntries(POLICIES.map((p, i) => [p.name, i + 1]));
/** Trades with a national occupational standard (初级工 certificate); the others are special skills (专项能力). */
const LEVELLED_TRADES = new Set(['电焊工', '中式烹调师', '电工', '砌筑工', '钢筋工', '养老护理员', '中式面点师']);
const TRAINING_POLICY = (kind: TrainingKind, specialty: string): string =>
  kind === 'ENTREPRENEURSHIP' ? '创业培训补贴'
  : kind === 'BRAND' ? '劳务品牌培训补贴'
  : kind === 'OTHER' ? '农村实用技术培训补贴'
  : LEVELLED_TRADES.has(specialty) ? '就业技能培训补贴（初级工）' : '就业技能培训补贴（专项能力）';

/**
 * Numbering that runs on across the blocks of a large dataset (certificate numbers per county, the
 * n-th class of a title per county), so no two blocks repeat one.
 */
export interface ProgrammeCarry {
  certificateSeq: Map<number, number>;
  classCount: Map<string, number>;
}

export function newProgrammeCarry(): ProgrammeCarry {
  return { certificateSeq: new Map(), classCount: new Map() };
}

export function generateProgrammes(seed: number, scale: number, registry: Registry, part: { block?: number; carry?: ProgrammeCarry } = {}): Programmes {
  const root = new Rng(seed, blockLabel('programmes', part.block));
  const carry = part.carry ?? newProgrammeCarry();
  const t = targets(scale);
  const laborers = registry.laborers;
  const n = laborers.length;
  const role = new Uint8Array(n);
  const has = (i: number, r: number) => (role[i] & r) !== 0;

  /** Exactly k laborers among those passing `pred`, weighted; fails loudly when there are too few. */
  const choose = (label: string, k: number, pred: (l: LaborerRow, i: number) => boolean, weight: (l: LaborerRow) => number): number[] => {
    const pool: number[] = [];
    for (let i = 0; i < n; i++) if (pred(laborers[i], i)) pool.push(i);
    if (pool.length < k) throw new Error(`${label}: need ${k} people, only ${pool.length} qualify`);
    return chooseWeighted(root.fork(label), pool, (i) => weight(laborers[i]), k);
  };
  const mark = (ids: number[], r: number) => ids.forEach((i) => (role[i] |= r));

  // 1. 圆梦 students.
  const students = choose('students', scaled(PARAMS.dreamStudents, scale), (l) => !l.earner && l.age <= 19 && !l.wantsEnterprise, (l) => (l.age <= 17 ? 1 : 0.6));
  mark(students, STUDENT);

  // 2. Entrepreneurs: 阆中's are the article's; the rest spread by where business demand is.
  const canStart = (l: LaborerRow, i: number) => l.wantsEnterprise && !l.earner && !has(i, STUDENT);
  const demand = COUNTIES.map((_, ci) => laborers.filter((l, i) => l.countyIndex === ci && canStart(l, i)).length);
  const perCountyEnterprises = apportion(t.enterprises - t.langzhongEnterprises, demand.map((d, ci) => (ci === LANGZHONG ? 0 : d)));
  perCountyEnterprises[LANGZHONG] = t.langzhongEnterprises;
  const entrepreneurs = COUNTIES.flatMap((c, ci) =>
    choose(`entrepreneurs-${c.code}`, perCountyEnterprises[ci], (l, i) => l.countyIndex === ci && canStart(l, i), (l) => (l.age >= 25 && l.age <= 50 ? 1 : 0.5)),
  ).sort((a, b) => a - b);
  mark(entrepreneurs, ENTREPRENEUR);

  // 3. Transfer employment: every earner, then those who want it, leaning on those who want training too.
  const earners = laborers.flatMap((l, i) => (l.earner ? [i] : []));
  mark(earners, TRANSFER);
  mark(
    choose('transfer', t.transferEmployed - earners.length, (l, i) => l.wantsTransfer && !l.earner && !has(i, STUDENT | ENTREPRENEUR), (l) => (l.wantsTraining ? 3 : 1) * (l.age <= 45 ? 1 : 0.6)),
    TRANSFER,
  );
  for (const i of earners) if (has(i, STUDENT | ENTREPRENEUR)) throw new Error('an earner was given another role');

  // 4. Public-welfare placements in 高坪 and 西充, for the older and harder to place.
  const welfareCounties = [countyIndex('511303'), countyIndex('511325')];
  const placed = choose('welfare', t.welfarePlaced, (l, i) => welfareCounties.includes(l.countyIndex) && !has(i, STUDENT | ENTREPRENEUR | TRANSFER), (l) => (l.age >= 40 ? 2 : 1));
  mark(placed, WELFARE);

  // 5. Training.
  const employedTrained = choose('trained-employed', t.employedAfterTraining, (l, i) => l.wantsTraining && has(i, TRANSFER), (l) => (l.age <= 45 ? 1 : 0.7));
  mark(employedTrained, TRAINED | EMPLOYED_AFTER_TRAINING);
  const otherTrained = choose('trained-other', t.trained - t.employedAfterTraining, (l, i) => l.wantsTraining && !has(i, TRANSFER | STUDENT | WELFARE), () => 1);
  mark(otherTrained, TRAINED);
  const dropouts = choose('dropouts', Math.round(t.trained * PARAMS.dropoutShare), (l, i) => l.wantsTraining && !has(i, TRAINED | STUDENT), () => 1);
  mark(dropouts, DROPOUT);

  // 6. Local employment.
  const local = choose('local', t.localEmployment, (l, i) => !has(i, STUDENT | ENTREPRENEUR | TRANSFER | WELFARE) && !(has(i, TRAINED) && !has(i, EMPLOYED_AFTER_TRAINING)), (l) => (l.age >= 30 ? 1.5 : 1));
  mark(local, LOCAL);

  const out: Programmes = {
    providers: providers(),
    classes: [],
    enrollments: [],
    welfarePosts: [],
    placements: [],
    schoolings: [],
    enterprises: [],
    loans: [],
    employments: [],
    jobFairs: [],
    policies: POLICIES.map((p, i) => ({ id: i + 1, ...p })),
    budgets: [],
    payments: [],
  };

  const trainingEnd = buildTraining(root.fork('training'), t, laborers, role, out, carry);
  const fairs = buildJobFairs(root.fork('job-fairs'), t, scale, out);
  buildEmployment(root.fork('employment'), t, scale, laborers, role, trainingEnd, fairs, out);
  buildWelfare(root.fork('welfare'), t, laborers, placed, out);
  buildSchooling(root.fork('schooling'), t, scale, laborers, students, out);
  buildEnterprises(root.fork('enterprises'), t, scale, laborers, entrepreneurs, out);
  buildBudgets(root.fork('budgets'), out);
  return out;
}

/** Classes and enrollments; returns each trainee's completion day (to start the job after it). */
function buildTraining(rng: Rng, t: Targets, laborers: LaborerRow[], role: Uint8Array, out: Programmes, carry: ProgrammeCarry): Map<number, number> {
  const providersByCounty = (county: string, kind: TrainingKind) => {
    const fits = (p: ProviderRow) =>
      kind === 'BRAND' ? p.kind !== 'PRIVATE_INSTITUTION' : kind === 'ENTREPRENEURSHIP' ? p.kind !== 'HIGH_SKILL_BASE' : p.kind !== 'HIGH_SKILL_BASE' || kind === 'EMPLOYMENT';
    const own = out.providers.filter((p) => p.countyCode.startsWith(county) && fits(p));
    const city = out.providers.filter((p) => (p.countyCode.startsWith('511302') || p.countyCode.startsWith('511303')) && fits(p));
    return own.length ? [...own, ...own, ...city] : city;
  };

  // Trained people per county, in a shuffled order; menu classes take theirs first.
  const trainedByCounty = COUNTIES.map(() => [] as number[]);
  const dropoutsByCounty = COUNTIES.map(() => [] as number[]);
  laborers.forEach((l, i) => {
    if (role[i] & TRAINED) trainedByCounty[l.countyIndex].push(i);
    else if (role[i] & DROPOUT) dropoutsByCounty[l.countyIndex].push(i);
  });
  trainedByCounty.forEach((list) => rng.shuffle(list));
  const kindLeft: Record<TrainingKind, number> = { ...t.trainedByKind };

  interface Plan { county: number; kind: TrainingKind; title: string | null; specialty: string; isMenu: boolean; people: number[] }
  const plans: Plan[] = [];

  // Menu classes: about 61 trainees each, in the four counties, sized by their trained people.
  const menuCounties = Object.keys(MENU).map(countyIndex);
  const menuPerCounty = apportion(t.menuTrained, menuCounties.map((ci) => trainedByCounty[ci].length));
  menuCounties.forEach((ci, k) => {
    const templates = MENU[COUNTIES[ci].code];
    const classes = Math.max(menuPerCounty[k] > 0 ? 1 : 0, Math.round(menuPerCounty[k] / 61));
    apportion(menuPerCounty[k], Array(classes).fill(1)).forEach((size, c) => {
      // Round-robin over the county's menu, skipping a kind with no places left.
      const order = templates.map((_, j) => templates[(c + j) % templates.length]);
      const tpl = order.find((x) => kindLeft[x.kind] >= size) ?? order.reduce((a, b) => (kindLeft[b.kind] > kindLeft[a.kind] ? b : a));
      const take = Math.min(size, kindLeft[tpl.kind], trainedByCounty[ci].length);
      if (take <= 0) return;
      kindLeft[tpl.kind] -= take;
      plans.push({ county: ci, kind: tpl.kind, title: tpl.title, specialty: tpl.specialty, isMenu: true, people: trainedByCounty[ci].splice(0, take) });
    });
  });

  // Everyone else: the remaining kinds dealt out over all remaining trainees, then classes of 25 to 60
  // per county and kind.
  const rest = trainedByCounty.flat();
  const kinds = rng.shuffle(KINDS.flatMap((k) => Array<TrainingKind>(kindLeft[k]).fill(k)));
  if (kinds.length !== rest.length) throw new Error(`training: ${kinds.length} places for ${rest.length} trainees`);
  const groups = new Map<string, number[]>();
  rest.forEach((i, j) => {
    const key = `${laborers[i].countyIndex}:${kinds[j]}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(i);
  });
  for (const [key, people] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [ci, kind] = [Number(key.split(':')[0]), key.split(':')[1] as TrainingKind];
    const classes = Math.max(1, Math.round(people.length / rng.range(35, 50)));
    let from = 0;
    for (const size of apportion(people.length, Array.from({ length: classes }, () => 0.7 + rng.next() * 0.6))) {
      plans.push({ county: ci, kind, title: null, specialty: rng.pick(SPECIALTIES[kind]), isMenu: false, people: people.slice(from, from + size) });
      from += size;
    }
  }

  // Dates: most classes after the Spring Festival (28 January 2017), all over by 25 June.
  const startMonth = new Weighted([[1, 6], [2, 12], [3, 22], [4, 22], [5, 24], [6, 14]] as const);
  const dated = plans.map((p) => {
    const [lo, hi] = p.isMenu ? [5, 15] : COURSE_DAYS[p.kind];
    const length = rng.range(lo, hi);
    const month = startMonth.draw(rng);
    const first = month === 1 ? day(2017, 1, 4) : month === 2 ? day(2017, 2, 6) : day(2017, month, 1);
    const last = month === 1 ? day(2017, 1, 20) : day(2017, month + 1, 1) - 1;
    // Ends by 24 June at the latest, so a job can still start after it before the reporting date.
    const latest = Math.min(last, day(2017, 6, 25) - length);
    const earliest = Math.min(first, latest);
    const start = earliest + rng.int(latest - earliest + 1);
    return { ...p, start, end: start + length - 1, order: start };
  });
  dated.sort((a, b) => a.order - b.order || a.county - b.county);
  // A few of the first quarter's ordinary classes ran in the autumn of 2016 instead, ending by 20
  // November: a job found after them starts by 30 December, so it is held six months (稳定就业) on the
  // reporting date and the lasting-jobs ranking is not all zeros. Drawn from a stream of their own, the
  // classes keep their order and ids and the training stream its draws; cumulative counts to June
  // 2017 do not change (buildEmployment takes their lasting jobs out of the older stable ones).
  const autumn = rng.fork('autumn-2016');
  const firstQuarter = dated.flatMap((p, k) => (!p.isMenu && p.end <= day(2017, 3, 31) ? [k] : []));
  for (const k of chooseWeighted(autumn, firstQuarter, () => 1, Math.min(firstQuarter.length, Math.max(1, Math.round(firstQuarter.length * AUTUMN_SHARE))))) {
    const p = dated[k];
    const length = p.end - p.start + 1;
    const first = day(2016, 9, 1);
    p.start = first + autumn.int(day(2016, 11, 20) - length + 1 - first + 1);
    p.end = p.start + length - 1;
  }

  // Dropouts join classes of their county, about one in thirty.
  const completion = new Map<number, number>();
  const seqPerCounty = carry.certificateSeq;
  const classCount = carry.classCount;
  dated.forEach((p, k) => {
    const county = COUNTIES[p.county];
    const classId = k + 1;
    const drop = dropoutsByCounty[p.county].splice(0, Math.min(dropoutsByCounty[p.county].length, Math.round(p.people.length * 0.031) + (rng.chance(0.3) ? 1 : 0)));
    const label = p.title ?? p.specialty;
    const nth = (classCount.get(`${p.county}:${label}`) ?? 0) + 1;
    classCount.set(`${p.county}:${label}`, nth);
    const year = dayString(p.start).slice(0, 4);
    const title = p.isMenu ? `${county.name}“${p.title}”特色培训班（第${nth}期）` : `${county.name}${year}年${p.specialty}${p.kind === 'ENTREPRENEURSHIP' ? '' : '培训'}班（第${nth}期）`;
    const candidates = providersByCounty(county.code, p.kind);
    const enrolled = p.people.length + drop.length;
    out.classes.push({
      id: classId,
      title,
      kind: p.kind,
      providerId: rng.pick(candidates).id,
      countyCode: `${county.code}000000`,
      specialty: p.specialty,
      isMenu: p.isMenu,
      startDate: dayString(p.start),
      endDate: dayString(p.end),
      capacity: Math.min(2000, enrolled + rng.range(0, 10)),
    });
    const members = [...p.people.map((i) => ({ i, done: true })), ...drop.map((i) => ({ i, done: false }))].sort((a, b) => a.i - b.i);
    for (const { i, done } of members) {
      const l = laborers[i];
      const certified = done && p.kind !== 'OTHER' && rng.chance(0.9);
      let certificateNo: string | null = null;
      if (certified) {
        const seq = (seqPerCounty.get(p.county) ?? 0) + 1;
        seqPerCounty.set(p.county, seq);
        certificateNo = `PX${county.code}${year}${String(seq).padStart(6, '0')}`;
      }
      out.enrollments.push({
        id: out.enrollments.length + 1,
        classId,
        laborerId: l.id,
        villageCode: l.villageCode,
        enrolledOn: dayString(p.start - rng.int(8)),
        completed: done,
        completedOn: done ? dayString(p.end) : null,
        certificateNo,
        employedAfterTraining: done && (role[i] & EMPLOYED_AFTER_TRAINING) !== 0,
      });
      if (done) completion.set(i, p.end);
      // Training subsidies are settled quarterly: the first quarter's classes are paid, the second's
      // applied for; a trainee who did not complete is refused.
      const policy = POLICY_ID[TRAINING_POLICY(p.kind, p.specialty)];
      // The autumn 2016 classes are settled with the first quarter's, from 2017's budget.
      const settled = Math.max(p.end, day(2017, 1, 3));
      const applied = Math.min(REPORT, settled + rng.range(1, 5));
      const paid = done && p.end <= day(2017, 3, 31);
      const approvedOn = paid ? settled + rng.range(7, 20) : null;
      out.payments.push({
        id: 0,
        policyId: policy,
        laborerId: l.id,
        villageCode: l.villageCode,
        programKind: 'TRAINING',
        enrollmentId: out.enrollments.length,
        placementId: null,
        loanId: null,
        schoolingId: null,
        enterpriseId: null,
        employmentId: null,
        period: '2017',
        amount: POLICIES[policy - 1].amount,
        status: !done ? 'REJECTED' : paid ? 'PAID' : 'APPLIED',
        rejectReason: done ? null : '未完成全部课程，不符合补贴条件',
        appliedOn: dayString(applied),
        approvedOn: approvedOn === null ? null : dayString(approvedOn),
        paidOn: approvedOn === null ? null : dayString(approvedOn + rng.range(5, 15)),
      });
    }
  });
  // Dropouts a county's classes had no room for simply never enrolled: the registry only says they want training.
  return completion;
}

/** Job fairs in 仪陇 and 南部 (the article's): posts, registrations and letters of intent. */
function buildJobFairs(rng: Rng, t: Targets, scale: number, out: Programmes): { county: number; day: number; id: number }[] {
  const counties = [countyIndex('511324'), NANBU];
  const fairs = Math.max(2, scaled(PARAMS.jobFairs, scale));
  const weights = Array.from({ length: fairs }, () => 0.6 + rng.next() * 0.8);
  const posts = apportion(t.jobFairPosts, weights);
  const registered = apportion(t.jobFairRegistered, weights);
  const intentions = apportion(t.jobFairIntentions, weights);
  // A fair cannot have more letters of intent than people registered: move any excess to one that can.
  for (let i = 0; i < fairs; i++) {
    while (intentions[i] > registered[i]) {
      const j = intentions.findIndex((x, k) => x < registered[k]);
      if (j < 0) throw new Error('job fairs: more intentions than registrations');
      intentions[i]--;
      intentions[j]++;
    }
  }
  const plan = regionPlan();
  const result: { county: number; day: number; id: number }[] = [];
  for (let i = 0; i < fairs; i++) {
    const ci = counties[i % 2];
    const county = COUNTIES[ci];
    const townships = [...new Set(plan.villages.filter((v) => v.countyIndex === ci && v.isPoor).map((v) => townshipOf(v.code)))];
    const township = rng.pick(townships);
    const tname = regionName.get(township) ?? '';
    // Spring Breeze action after the Spring Festival, and the private-enterprise recruitment week in May.
    const held = rng.chance(0.7) ? day(2017, 2, 8) + rng.int(50) : day(2017, 5, 8) + rng.int(20);
    out.jobFairs.push({
      id: i + 1,
      title: `${county.name}${tname}就业扶贫专场招聘会`,
      countyCode: `${county.code}000000`,
      heldOn: dayString(held),
      venue: `${tname}${rng.chance(0.5) ? '便民服务中心' : '集镇广场'}`,
      postsOffered: posts[i],
      laborersRegistered: registered[i],
      intentionsSigned: intentions[i],
    });
    result.push({ county: ci, day: held, id: i + 1 });
  }
  out.jobFairs.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : a.id - b.id));
  return result;
}

function buildEmployment(
  rng: Rng,
  t: Targets,
  scale: number,
  laborers: LaborerRow[],
  role: Uint8Array,
  trainingEnd: Map<number, number>,
  fairs: { county: number; day: number }[],
  out: Programmes,
): void {
  interface Job { i: number; kind: EmploymentKind; stable: boolean; channel?: EmploymentChannel; start?: number; fair?: { day: number } }
  const jobs: Job[] = [];
  laborers.forEach((_, i) => {
    if (role[i] & TRANSFER) jobs.push({ i, kind: 'TRANSFER', stable: false });
    else if (role[i] & LOCAL) jobs.push({ i, kind: 'LOCAL', stable: false });
  });

  // Stable jobs (held six months on the reporting date) started in 2016 or before; a job found after
  // 2017's training cannot be one.
  const stableable = jobs.flatMap((j, k) => (role[j.i] & EMPLOYED_AFTER_TRAINING ? [] : [k]));
  // Jobs found after the autumn 2016 classes start by 30 December and are held: already stable, so as
  // many fewer of the older jobs are (the stable count stays the figure's; chooseWeighted draws once per
  // candidate whatever the count, so the stream is unchanged).
  const autumnStable = jobs.filter((j) => role[j.i] & EMPLOYED_AFTER_TRAINING && trainingEnd.get(j.i)! <= day(2016, 11, 20)).length;
  const stableCount = t.stableEmployment - autumnStable;
  if (stableCount < 0 || stableable.length < stableCount) throw new Error('employment: too few jobs to be stable');
  for (const k of chooseWeighted(rng, stableable, (k) => (laborers[jobs[k].i].age >= 30 ? 1.5 : 1) * (jobs[k].kind === 'LOCAL' ? 1.3 : 1), stableCount)) jobs[k].stable = true;

  // Transfers through the fairs of 仪陇 and 南部 (new jobs after the fair), then the organised channels.
  const transfer = jobs.map((j, k) => k).filter((k) => jobs[k].kind === 'TRANSFER');
  const fairCounties = new Set(fairs.map((f) => f.county));
  const fairEligible = transfer.filter((k) => !jobs[k].stable && !(role[jobs[k].i] & EMPLOYED_AFTER_TRAINING) && fairCounties.has(laborers[jobs[k].i].countyIndex));
  const hires = Math.min(fairEligible.length, scaled(PARAMS.jobFairHires, scale));
  for (const k of chooseWeighted(rng, fairEligible, () => 1, hires)) {
    const own = fairs.filter((f) => f.county === laborers[jobs[k].i].countyIndex && f.day <= day(2017, 6, 1));
    jobs[k].channel = 'JOB_FAIR';
    jobs[k].fair = rng.pick(own.length ? own : fairs);
  }
  const organised = transfer.filter((k) => !jobs[k].channel);
  if (organised.length < t.organisedTransfers) throw new Error('employment: too few transfers for the organised channels');
  const channels = new Weighted<EmploymentChannel>([['OUT_OF_TOWN_OFFICE', 30], ['CHAMBER_OF_COMMERCE', 25], ['LABOUR_COOPERATION', 45]]);
  for (const k of chooseWeighted(rng, organised, () => 1, t.organisedTransfers)) jobs[k].channel = channels.draw(rng);
  const localChannels = new Weighted<EmploymentChannel>([['ENTERPRISE', 45], ['PARK', 35], ['BASE', 20]]);

  // Partner employers of the organised channels: a few hundred firms taking many people each.
  const partners = Array.from({ length: 300 }, () => {
    const place = DESTINATIONS.draw(rng);
    return { place, employer: firmName(rng, cityOf(place)) };
  });
  const sanhuan = { place: '广东省潮州市', employer: '潮州三环（集团）股份有限公司' };

  for (const job of jobs) {
    const l = laborers[job.i];
    const county = COUNTIES[l.countyIndex];
    let start: number;
    if (job.stable) start = day(2015, 3, 1) + rng.int(LAST_STABLE_START - day(2015, 3, 1) + 1);
    else if (role[job.i] & EMPLOYED_AFTER_TRAINING) {
      const end = trainingEnd.get(job.i)!;
      start = Math.min(REPORT, end + rng.range(3, 40));
    } else if (job.fair) start = Math.min(REPORT, job.fair.day + rng.range(7, 40));
    else start = H1_START + rng.int(REPORT - H1_START + 1);

    let employer: string;
    let place: string;
    const channel: EmploymentChannel = job.kind === 'LOCAL' ? localChannels.draw(rng) : job.channel ?? 'SELF';
    if (job.kind === 'TRANSFER') {
      const partner = channel === 'JOB_FAIR' ? (rng.chance(0.4) ? sanhuan : rng.pick(partners)) : channel === 'SELF' ? null : rng.pick(partners);
      place = partner?.place ?? DESTINATIONS.draw(rng);
      employer = partner?.employer ?? firmName(rng, cityOf(place));
    } else {
      const town = regionName.get(townshipOf(l.villageCode)) ?? '';
      place = `${county.name}${town}`;
      if (channel === 'PARK') employer = firmName(rng, PARKS[l.countyIndex].replace(/(工业|经济).*$/, ''));
      else if (channel === 'BASE') employer = `${town}${rng.pick(BASE_PRODUCTS)}${rng.chance(0.5) ? '种植' : '产业'}基地`;
      else employer = rng.chance(0.3) ? `${villageShort(l.villageCode)}${rng.pick(BASE_PRODUCTS)}专业合作社` : firmName(rng, county.name);
      if (channel === 'PARK') place = `${county.name}${PARKS[l.countyIndex]}`;
    }
    out.employments.push({
      id: out.employments.length + 1,
      laborerId: l.id,
      villageCode: l.villageCode,
      kind: job.kind,
      channel,
      employer,
      place,
      startDate: dayString(start),
      endDate: null,
    });
    // Job-fair transfers get the one-off travel subsidy, paid a few weeks after they start.
    if (channel === 'JOB_FAIR') {
      const applied = Math.min(REPORT, start + rng.range(3, 15));
      const approved = applied + rng.range(5, 12);
      const paid = approved + rng.range(3, 10);
      const done = paid <= REPORT;
      out.payments.push({
        id: 0, policyId: POLICY_ID['转移就业一次性交通补贴'], laborerId: l.id, villageCode: l.villageCode, programKind: 'EMPLOYMENT',
        enrollmentId: null, placementId: null, loanId: null, schoolingId: null, enterpriseId: null, employmentId: out.employments.length,
        period: '2017', amount: rng.pick([300, 400, 500]), status: done ? 'PAID' : 'APPLIED', rejectReason: null,
        appliedOn: dayString(applied), approvedOn: done ? dayString(approved) : null, paidOn: done ? dayString(paid) : null,
      });
    }
  }
}

/** Public-welfare posts of 高坪 and 西充; those placed hold one in their own village. */
function buildWelfare(rng: Rng, t: Targets, laborers: LaborerRow[], placed: number[], out: Programmes): void {
  const categories = new Weighted<[WelfarePostCategory, string, number]>([
    [['CARE', '孤寡老人和留守儿童看护员', 600], 3],
    [['SECURITY', '治安协管员', 800], 2],
    [['LABOUR_SECURITY', '劳动保障协理员', 1000], 1],
    [['ROAD_MAINTENANCE', '乡村道路维护员', 700], 3],
    [['GREENING', '保洁保绿员', 600], 3],
    [['SANITATION', '环卫保洁员', 600], 3],
  ]);
  const plan = regionPlan();
  const counties = ['511303', '511325'];
  const places = plan.villages.filter((v) => counties.includes(v.code.slice(0, 6))).map((v) => v.code);
  const townships = [...new Set(places.map(townshipOf))];
  const post = (regionCode: string, status: WelfarePostRow['status']) => {
    const [category, title, pay] = categories.draw(rng);
    const where = regionCode.endsWith('000') ? regionName.get(regionCode) ?? '' : villageShort(regionCode);
    const row: WelfarePostRow = {
      id: out.welfarePosts.length + 1, title: `${where}${title}`, category, regionCode, monthlyPay: pay, status,
      createdOn: dayString(H1_START + rng.int(day(2017, 5, 15) - H1_START)),
    };
    out.welfarePosts.push(row);
    return row;
  };
  const holders = [...placed].sort((a, b) => a - b);
  for (const i of holders) {
    const l = laborers[i];
    const p = post(rng.chance(0.8) ? l.villageCode : townshipOf(l.villageCode), 'FILLED');
    const start = Math.max(day(2017, 1, 3), Math.min(day(2017, 5, 31), Number(new Date(`${p.createdOn}T00:00:00Z`)) / DAY + rng.range(5, 30)));
    const placement: PlacementRow = { id: out.placements.length + 1, postId: p.id, laborerId: l.id, villageCode: l.villageCode, startDate: dayString(start), endDate: null };
    out.placements.push(placement);
    // The post subsidy is paid monthly for each month worked in full; June's is approved, not yet paid.
    const first = new Date(start * DAY);
    for (let m = first.getUTCMonth() + (first.getUTCDate() > 1 ? 2 : 1); m <= 6; m++) {
      const june = m === 6;
      const approved = day(2017, m, 25) + rng.int(4);
      out.payments.push({
        id: 0, policyId: POLICY_ID['公益性岗位补贴'], laborerId: l.id, villageCode: l.villageCode, programKind: 'WELFARE_POST',
        enrollmentId: null, placementId: placement.id, loanId: null, schoolingId: null, enterpriseId: null, employmentId: null,
        period: `2017-${String(m).padStart(2, '0')}`, amount: p.monthlyPay, status: june ? 'APPROVED' : 'PAID', rejectReason: null,
        appliedOn: dayString(day(2017, m, 20)), approvedOn: dayString(approved), paidOn: june ? null : dayString(day(2017, m + 1, 5) + rng.int(5)),
      });
    }
  }
  const open = t.welfarePosts - holders.length;
  if (open < 0) throw new Error('welfare: more placed than posts');
  for (let k = 0; k < open; k++) post(rng.chance(0.75) ? rng.pick(places) : rng.pick(townships), 'OPEN');
  // Ids in the order of creation.
  const order = [...out.welfarePosts].sort((a, b) => (a.createdOn < b.createdOn ? -1 : a.createdOn > b.createdOn ? 1 : a.id - b.id));
  const newId = new Map(order.map((p, k) => [p.id, k + 1]));
  for (const p of out.welfarePosts) p.id = newId.get(p.id)!;
  for (const pl of out.placements) pl.postId = newId.get(pl.postId)!;
  out.welfarePosts.sort((a, b) => a.id - b.id);
}

const RATE_1_3_YEARS = 0.0475;

function loanDates(rng: Rng, disbursed: number) {
  const approved = disbursed - rng.range(2, 10);
  const applied = Math.max(H1_START, approved - rng.range(5, 15));
  return { appliedOn: dayString(applied), approvedOn: dayString(approved), disbursedOn: dayString(disbursed) };
}

/** 圆梦 students at technical schools; loans to some of them, with interest subsidised. */
function buildSchooling(rng: Rng, t: Targets, scale: number, laborers: LaborerRow[], students: number[], out: Programmes): void {
  for (const i of students) {
    const l = laborers[i];
    const row: SchoolingRow = {
      id: out.schoolings.length + 1, laborerId: l.id, villageCode: l.villageCode, school: rng.pick(SCHOOLS), major: rng.pick(MAJORS),
      intakeYear: l.age >= 18 && rng.chance(0.5) ? 2015 : 2016, tuitionWaived: true, livingSubsidyPerTerm: rng.chance(0.7) ? 1500 : 1000, status: 'ENROLLED',
    };
    out.schoolings.push(row);
    const paid = day(2017, 3, 20) + rng.int(40);
    out.payments.push({
      id: 0, policyId: POLICY_ID['“圆梦行动”生活补贴'], laborerId: l.id, villageCode: l.villageCode, programKind: 'DREAM_SCHOOLING',
      enrollmentId: null, placementId: null, loanId: null, schoolingId: row.id, enterpriseId: null, employmentId: null,
      period: '2017-T1', amount: row.livingSubsidyPerTerm, status: 'PAID', rejectReason: null,
      appliedOn: dayString(day(2017, 2, 27) + rng.int(14)), approvedOn: dayString(paid - rng.range(5, 12)), paidOn: dayString(paid),
    });
  }
  const count = Math.min(out.schoolings.length, t.dreamLoanYuan > 0 ? Math.max(1, scaled(PARAMS.dreamLoans, scale)) : 0);
  const withLoan = chooseWeighted(rng, Uint32Array.from(out.schoolings, (_, k) => k), () => 1, count);
  const amounts = splitAmount(rng, t.dreamLoanYuan, count, 10_000, 30_000, 1_000);
  withLoan.forEach((k, j) => {
    const s = out.schoolings[k];
    const disbursed = day(2017, 2, 13) + rng.int(45);
    const loan: LoanRow = {
      id: 0, laborerId: s.laborerId, villageCode: s.villageCode, purpose: 'OTHER', bank: rng.pick(BANKS), amount: amounts[j],
      termMonths: rng.pick([36, 48, 60]), annualRate: RATE_1_3_YEARS, interestSubsidyRate: 1, status: 'DISBURSED',
      ...loanDates(rng, disbursed), enterpriseId: null, dreamSchoolingId: s.id,
    };
    out.loans.push(loan);
  });
}

const SECTORS = new Weighted<Sector>([['PLANTING_BREEDING', 50], ['CATERING', 15], ['ECOMMERCE', 12], ['RURAL_TOURISM', 10], ['OTHER', 13]]);
const NANBU_SECTORS = new Weighted<Sector>([['PLANTING_BREEDING', 35], ['CATERING', 10], ['ECOMMERCE', 40], ['RURAL_TOURISM', 7], ['OTHER', 8]]);

function enterpriseName(rng: Rng, sector: Sector, l: LaborerRow): string {
  const village = villageShort(l.villageCode);
  const surname = l.name[0];
  switch (sector) {
    case 'PLANTING_BREEDING':
      return `${village}${surname}氏${rng.pick(BASE_PRODUCTS)}${rng.pick(['家庭农场', '种植园', '养殖场', '专业合作社'])}`;
    case 'CATERING':
      return `${surname}记${rng.pick(['农家菜馆', '米粉店', '川菜馆', '小吃店', '土菜馆'])}`;
    case 'ECOMMERCE':
      return `${village}${rng.pick(BASE_PRODUCTS)}${rng.pick(['网店', '电商服务站', '微店'])}`;
    case 'RURAL_TOURISM':
      return `${village}${rng.pick(['农家乐', '乡村民宿', '采摘园', '休闲山庄'])}`;
    default:
      return `${village}${surname}${rng.pick(['家电维修部', '便民超市', '农资店', '建材店', '理发店'])}`;
  }
}

/** Businesses started by poor laborers, start-up loans and subsidies. */
function buildEnterprises(rng: Rng, t: Targets, scale: number, laborers: LaborerRow[], entrepreneurs: number[], out: Programmes): void {
  for (const i of entrepreneurs) {
    const l = laborers[i];
    const sector = (l.countyIndex === NANBU ? NANBU_SECTORS : SECTORS).draw(rng);
    out.enterprises.push({
      id: out.enterprises.length + 1, laborerId: l.id, villageCode: l.villageCode, name: enterpriseName(rng, sector, l), sector,
      startedOn: dayString(day(2017, 1, 9) + rng.int(day(2017, 6, 20) - day(2017, 1, 9))),
      employees: new Weighted([[1, 40], [2, 30], [3, 15], [4, 8], [6, 5], [8, 2]] as const).draw(rng),
    });
  }
  const countyOf = (e: EnterpriseRow) => laborers[e.laborerId - 1].countyIndex;

  // Start-up loans: 南部's 24 (2.26 million yuan), the rest of the 35 million elsewhere.
  const nanbu = out.enterprises.filter((e) => countyOf(e) === NANBU);
  const others = out.enterprises.filter((e) => countyOf(e) !== NANBU);
  const otherTotal = t.startupLoanYuan - t.nanbuStartupLoanYuan;
  const otherCount = Math.min(others.length, otherTotal > 0 ? Math.max(1, scaled(PARAMS.otherStartupLoans, scale)) : 0);
  if (t.nanbuStartupLoans > nanbu.length) throw new Error('enterprises: too few in 南部县 for its loans');
  const lend = (pool: EnterpriseRow[], count: number, total: number) => {
    const chosen = chooseWeighted(rng, Uint32Array.from(pool, (_, k) => k), (k) => (pool[k].employees > 1 ? 2 : 1), count);
    const amounts = splitAmount(rng, total, count, 30_000, 100_000, 10_000);
    chosen.forEach((k, j) => {
      const e = pool[k];
      const started = Number(new Date(`${e.startedOn}T00:00:00Z`)) / DAY;
      const disbursed = clampDay(started + rng.range(-20, 20), day(2017, 1, 20), day(2017, 6, 28));
      out.loans.push({
        id: 0, laborerId: e.laborerId, villageCode: e.villageCode, purpose: e.sector, bank: rng.pick(BANKS), amount: amounts[j],
        termMonths: rng.chance(0.6) ? 24 : 36, annualRate: RATE_1_3_YEARS, interestSubsidyRate: 1, status: 'DISBURSED',
        ...loanDates(rng, disbursed), enterpriseId: e.id, dreamSchoolingId: null,
      });
    });
  };
  lend(nanbu, t.nanbuStartupLoans, t.nanbuStartupLoanYuan);
  lend(others, otherCount, otherTotal);

  // Loans in order of disbursement; each gets its 2017 interest subsidy approved (settled at year end).
  out.loans.sort((a, b) => (a.disbursedOn < b.disbursedOn ? -1 : a.disbursedOn > b.disbursedOn ? 1 : a.laborerId - b.laborerId));
  out.loans.forEach((loan, k) => {
    loan.id = k + 1;
    const disbursed = Number(new Date(`${loan.disbursedOn}T00:00:00Z`)) / DAY;
    // Interest of the months of 2017 after disbursement: never above the share of the whole term.
    const months = 12 - new Date(disbursed * DAY).getUTCMonth();
    const amount = Math.round(loan.amount * loan.annualRate * (months / 12) * loan.interestSubsidyRate * 100) / 100;
    const approved = Math.min(REPORT, disbursed + rng.range(10, 40));
    out.payments.push({
      id: 0, policyId: POLICY_ID['创业担保贷款财政贴息'], laborerId: loan.laborerId, villageCode: loan.villageCode, programKind: 'LOAN',
      enrollmentId: null, placementId: null, loanId: loan.id, schoolingId: null, enterpriseId: null, employmentId: null,
      period: '2017', amount, status: 'APPROVED', rejectReason: null,
      appliedOn: dayString(Math.min(approved - 3, disbursed + rng.range(1, 7))), approvedOn: dayString(approved), paidOn: null,
    });
  });

  // Start-up subsidies: 阆中's 60 paid 170,000 yuan in all; elsewhere most paid, the latest still in process.
  const langzhong = out.enterprises.filter((e) => countyOf(e) === LANGZHONG);
  const lzAmounts = splitAmount(rng, t.langzhongStartupSubsidyYuan, langzhong.length, 2_000, 5_000, 500);
  const lzAmount = new Map(langzhong.map((e, k) => [e.id, lzAmounts[k]]));
  for (const e of out.enterprises) {
    const l = laborers[e.laborerId - 1];
    const started = Number(new Date(`${e.startedOn}T00:00:00Z`)) / DAY;
    const applied = Math.min(REPORT - 12, started + rng.range(5, 30));
    const isLz = lzAmount.has(e.id);
    const status: PaymentStatus = isLz ? 'PAID' : applied > day(2017, 6, 5) ? 'APPLIED' : rng.chance(0.85) ? 'PAID' : 'APPROVED';
    const approved = applied + rng.range(3, 6);
    out.payments.push({
      id: 0, policyId: POLICY_ID['贫困劳动力一次性创业补贴'], laborerId: l.id, villageCode: l.villageCode, programKind: 'ENTERPRISE',
      enrollmentId: null, placementId: null, loanId: null, schoolingId: null, enterpriseId: e.id, employmentId: null,
      period: '2017', amount: isLz ? lzAmount.get(e.id)! : rng.pick([2000, 3000, 3000, 5000]), status, rejectReason: null,
      appliedOn: dayString(applied), approvedOn: status === 'APPLIED' ? null : dayString(approved),
      paidOn: status === 'PAID' ? dayString(Math.min(REPORT, approved + rng.range(2, 5))) : null,
    });
  }
}

/**
 * Yearly budgets per policy and county: what was approved so far with room for the second half-year.
 * Payments get their ids here, in order of application.
 */
function buildBudgets(rng: Rng, out: Programmes): void {
  out.payments.sort((a, b) => (a.appliedOn < b.appliedOn ? -1 : a.appliedOn > b.appliedOn ? 1 : a.policyId - b.policyId || a.laborerId - b.laborerId));
  out.payments.forEach((p, k) => (p.id = k + 1));
  const used = new Map<string, number>();
  for (const p of out.payments) {
    const key = `${p.policyId}:${p.villageCode.slice(0, 6)}`;
    const counts = p.status === 'APPROVED' || p.status === 'PAID';
    used.set(key, (used.get(key) ?? 0) + (counts ? p.amount : 0));
  }
  for (const policy of out.policies) {
    for (const county of COUNTIES) {
      const key = `${policy.id}:${county.code}`;
      if (!used.has(key)) continue;
      const spent = used.get(key)!;
      const budget = Math.max(10_000, Math.ceil((spent * (1.8 + rng.next() * 0.6)) / 10_000) * 10_000);
      out.budgets.push({ id: out.budgets.length + 1, policyId: policy.id, countyCode: `${county.code}000000`, year: 2017, budget });
    }
  }
}
