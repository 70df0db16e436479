import { CITY_CODE, type IndicatorKey, PROGRAMME_YEAR, REPORT_DATE } from '@fupin/schema';

/**
 * The figures of the 2017 Nanchong report (shared/domain/FIGURES.md) and how the hub answers each, read
 * from one GraphQL request (`FIGURES_QUERY`). Used by `npm run verify:figures` and its test.
 *
 * - exact rows must match: counts of people and records at `scale` x the article's value (rounded, as
 *   the seed scales them; the yuan of records that scale to none are none); place flags (poor counties
 *   and villages) do not scale; a share is compared at the article's precision against the share of
 *   the scaled counts (at scale 1, the article's share).
 * - approx rows (the article rounds: "5.1万人次") and shape rows are INFO: shown, never a failure.
 */

export type FigureKind = 'exact' | 'approx' | 'shape';

export interface Figure {
  section: string;
  name: string;
  kind: FigureKind;
  /** The article's value as written. */
  article: string;
}

export interface FigureRow extends Figure {
  target: string;
  hub: string;
  status: 'OK' | 'MISMATCH' | 'INFO';
}

type Stats = Record<IndicatorKey, number | null>;

export interface FiguresData {
  city: {
    stats: Stats;
    year: Pick<Stats, 'poorVillagesExiting' | 'poorCountiesExiting'>;
    childrenStats: (Stats & { regionCode: string; region: { name: string; isPoor: boolean; exitYear: number | null } })[];
  };
}

const STAT_KEYS: IndicatorKey[] = [
  'laborers', 'poorCounties', 'poorVillages', 'trainingDemand', 'transferDemand', 'enterpriseDemand', 'trained', 'trainedEmployment',
  'trainedEntrepreneurship', 'trainedBrand', 'trainedOther', 'employedAfterTraining', 'employedAfterTrainingRate', 'menuClasses',
  'transferEmployed', 'organisedTransfers', 'absorbedLocally', 'stableEmployments', 'zeroEmploymentHouseholds', 'jobFairPosts',
  'jobFairRegistered', 'jobFairIntentions', 'welfarePosts', 'welfarePlaced', 'dreamStudents', 'dreamLoanAmount', 'enterprisesStarted',
  'startupLoans', 'startupLoanAmount', 'subsidyPaidStartup', 'trainingClasses', 'trainedShare', 'transferEmployedShare', 'enterprisesStartedShare',
];

/** One request for every figure: the city as of the report date, its 2017 exits, and its nine counties. */
export const FIGURES_QUERY = `query Figures($asOf: LocalDate) {
  city: Region(id: "${CITY_CODE}") {
    stats(asOf: $asOf) { ${STAT_KEYS.join(' ')} }
    year: stats(year: ${PROGRAMME_YEAR}) { poorVillagesExiting poorCountiesExiting }
    childrenStats(asOf: $asOf) { regionCode region { name isPoor exitYear } ${STAT_KEYS.join(' ')} }
  }
}`;

export const FIGURES_AS_OF = REPORT_DATE;

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined ? '—' : n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Checks the hub's answers against the article at `scale`. */
export function checkFigures(data: FiguresData, scale: number): FigureRow[] {
  const { stats: city, year, childrenStats } = data.city;
  const county = (code: string) => childrenStats.find((c) => c.regionCode === `${code}000000`);
  const sumOf = (codes: string[], key: IndicatorKey) => codes.reduce((n, c) => n + ((county(c)?.[key] as number | null) ?? 0), 0);
  const scaled = (n: number) => Math.round(n * scale);
  const rows: FigureRow[] = [];

  const row = (section: string, name: string, kind: FigureKind, article: string, target: string, hub: string, ok?: boolean) =>
    rows.push({ section, name, kind, article, target, hub, status: kind === 'exact' ? (ok ? 'OK' : 'MISMATCH') : 'INFO' });
  /** A count: scaled unless it counts places. */
  const count = (section: string, name: string, article: number, hub: number | null, opts: { places?: boolean; unit?: string } = {}) => {
    const target = opts.places ? article : scaled(article);
    const unit = opts.unit ?? '';
    row(section, name, 'exact', `${fmt(article)}${unit}`, `${fmt(target)}${unit}`, `${fmt(hub)}${unit}`, hub === target);
  };
  /** A share compared at the article's precision, against the share of the scaled counts. */
  const share = (section: string, name: string, articlePct: string, num: number, den: number, hub: number | null) => {
    const digits = (articlePct.split('.')[1] ?? '').length;
    const round = (x: number) => Number((x * 100).toFixed(digits));
    const target = round(scaled(num) / scaled(den));
    const got = hub === null ? null : round(hub);
    row(section, name, 'exact', `${articlePct}%`, `${target.toFixed(digits)}%`, got === null ? '—' : `${got.toFixed(digits)}%`, got === target);
  };
  /** An article figure rounded by the article ("5.1万"): shown with whether the hub rounds to it. */
  const approx = (section: string, name: string, article: number, step: number, hub: number | null) => {
    const target = article * scale;
    const near = hub !== null && Math.abs(hub - target) <= (step * scale) / 2;
    row(section, name, 'approx', fmt(article), `≈${fmt(target)}`, `${fmt(hub)}${near ? '' : ' (not ≈)'}`);
  };
  const shape = (section: string, name: string, article: string, hub: string) => row(section, name, 'shape', article, '', hub);

  // City scope
  shape('city', 'county-level units', '9', `${childrenStats.length}: ${childrenStats.map((c) => c.region.name).join(' ')}`);
  count('city', 'poor counties (贫困县)', 6, city.poorCounties, { places: true });
  count('city', 'poor villages (贫困村)', 1290, city.poorVillages, { places: true });
  count('city', 'registered poor laborers (建档立卡贫困劳动力)', 170_200, city.laborers);
  shape('city', 'poor people to exit poverty in 2017 (target)', '136,000', 'not recorded: the registry holds laborers, not the whole poor population');
  row('city', `poor villages exiting in ${PROGRAMME_YEAR} (target)`, 'approx', '317', '317', fmt(year.poorVillagesExiting));
  const exiting = childrenStats.filter((c) => c.region.isPoor && c.region.exitYear === PROGRAMME_YEAR).map((c) => c.region.name);
  shape('city', `counties exiting in ${PROGRAMME_YEAR} (摘帽)`, '南部县, 蓬安县', exiting.join(', ') || '—');

  // Training
  count('training', 'people trained, cumulative to June (累计培训)', 24_331, city.trained);
  count('training', 'training demand (培训需求)', 35_781, city.trainingDemand);
  share('training', 'share of training demand', '68', 24_331, 35_781, city.trainedShare);
  count('training', 'employment-skills training (就业培训)', 17_701, city.trainedEmployment);
  count('training', 'entrepreneurship training (创业培训)', 4_513, city.trainedEntrepreneurship);
  count('training', 'brand training (品牌培训)', 1_400, city.trainedBrand);
  row('training', 'other types (remainder)', 'approx', '717', fmt(scaled(24_331) - scaled(17_701) - scaled(4_513) - scaled(1_400)), fmt(city.trainedOther));
  // A rate of the trained themselves: the same at every scale.
  const rate = city.employedAfterTrainingRate === null ? null : Math.round(city.employedAfterTrainingRate * 100);
  row('training', 'employed after training (培训后转移就业率)', 'exact', '95%', '95%', rate === null ? '—' : `${rate}%`, rate === 95);
  shape('training', 'special "menu" classes (营山、顺庆、仪陇、南部)', '30+ classes, ~2,000 trained', `${fmt(city.menuClasses)} menu classes of ${fmt(city.trainingClasses)}`);

  // Transfer and local employment
  count('employment', 'poor laborers in transfer employment (转移就业)', 123_174, city.transferEmployed);
  count('employment', 'transfer-employment demand', 144_740, city.transferDemand);
  share('employment', 'share of transfer-employment demand', '85.1', 123_174, 144_740, city.transferEmployedShare);
  approx('employment', 'via out-of-town offices, chambers, labour cooperation (人次)', 51_000, 1_000, city.organisedTransfers);
  approx('employment', 'absorbed by local enterprises, parks, bases (人次)', 35_000, 1_000, city.absorbedLocally);
  approx('employment', 'stable employment (人次)', 19_000, 1_000, city.stableEmployments);
  row('employment', 'zero-employment poor households (零就业家庭)', 'exact', '0', '0', fmt(city.zeroEmploymentHouseholds), city.zeroEmploymentHouseholds === 0);
  const fairs = ['511324', '511321'];
  shape(
    'employment',
    'job fairs (仪陇、南部)',
    '700+ posts, 2,000+ registered, 900+ intentions',
    `${fmt(sumOf(fairs, 'jobFairPosts'))} posts, ${fmt(sumOf(fairs, 'jobFairRegistered'))} registered, ${fmt(sumOf(fairs, 'jobFairIntentions'))} intentions`,
  );

  // Public-welfare posts
  const welfare = ['511303', '511325'];
  count('welfare', 'posts developed (高坪、西充)', 616, sumOf(welfare, 'welfarePosts'));
  count('welfare', 'poor laborers placed on them (高坪、西充)', 110, sumOf(welfare, 'welfarePlaced'));

  // Loans, 圆梦 schooling, entrepreneurship
  count('enterprise', 'guaranteed loans tied to 圆梦 (yuan)', 15_000_000, city.dreamLoanAmount);
  shape('enterprise', '圆梦 action students', 'teens studying free at technical schools', `${fmt(city.dreamStudents)} students`);
  count('enterprise', 'poor laborers helped to start a business (帮扶创业)', 919, city.enterprisesStarted);
  count('enterprise', 'entrepreneurship demand (创业需求)', 1_738, city.enterpriseDemand);
  share('enterprise', 'share of entrepreneurship demand', '52.88', 919, 1_738, city.enterprisesStartedShare);
  count('enterprise', 'start-up small loans issued (yuan)', 35_000_000, city.startupLoanAmount);
  count('enterprise', '阆中市: businesses started', 60, county('511381')?.enterprisesStarted ?? null);
  count('enterprise', '阆中市: start-up subsidies paid (yuan)', 170_000, county('511381')?.subsidyPaidStartup ?? null);
  count('enterprise', '南部县: guaranteed start-up loans', 24, county('511321')?.startupLoans ?? null);
  // The money of records that scale to none is none (24 loans at scale 0.01 are 0 loans, 0 yuan).
  const nanbuYuan = county('511321')?.startupLoanAmount ?? null;
  const nanbuTarget = scaled(24) === 0 ? 0 : scaled(2_260_000);
  row('enterprise', '南部县: guaranteed start-up loans (yuan)', 'exact', fmt(2_260_000), fmt(nanbuTarget), fmt(nanbuYuan), nanbuYuan === nanbuTarget);
  return rows;
}

/** Rows whose figure is about the registry (the part every seed loads). */
export const REGISTRY_FIGURES = ['poor counties (贫困县)', 'poor villages (贫困村)', 'registered poor laborers (建档立卡贫困劳动力)', 'training demand (培训需求)', 'transfer-employment demand', 'entrepreneurship demand (创业需求)'];
