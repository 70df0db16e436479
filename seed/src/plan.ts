import { regionRows, type RegionRow } from './regions';
import { apportion, Rng } from './random';

/**
 * The article's city-wide figures (FIGURES.md, scale 1). Every count of people or records scales with
 * `--scale` (rounded); region flags do not, they are facts about places.
 */
export const FIGURES = {
  laborers: 170_200,
  poorCounties: 6,
  poorVillages: 1_290,
  villagesExiting2017: 317,
  wantsTraining: 35_781,
  wantsTransfer: 144_740,
  wantsEnterprise: 1_738,
} as const;

/** A count of the article scaled to the dataset size. */
export function scaled(n: number, scale: number): number {
  return Math.round(n * scale);
}

/** The programme figures of the article (FIGURES.md) at scale 1; yuan for money. */
export const PROGRAMME_FIGURES = {
  trained: 24_331,
  trainedByKind: { EMPLOYMENT: 17_701, ENTREPRENEURSHIP: 4_513, BRAND: 1_400, OTHER: 717 },
  /** 95% of those trained found transfer employment after training. */
  employedAfterTrainingShare: 0.95,
  /** "Menu" classes in 营山, 顺庆, 仪陇 and 南部: 30 odd classes, nearly 2,000 trained. */
  menuTrained: 1_960,
  menuClassSize: 61,
  transferEmployed: 123_174,
  /** Transfer person-times via out-of-town offices, chambers of commerce and labour cooperation. */
  organisedTransfers: 51_000,
  /** Local person-times in local enterprises, parks and bases. */
  localEmployment: 35_000,
  /** Person-times held six months or more on the reporting date. */
  stableEmployment: 19_000,
  welfarePosts: 616,
  welfarePlaced: 110,
  enterprises: 919,
  startupLoanYuan: 35_000_000,
  dreamLoanYuan: 15_000_000,
  langzhongEnterprises: 60,
  langzhongStartupSubsidyYuan: 170_000,
  nanbuStartupLoans: 24,
  nanbuStartupLoanYuan: 2_260_000,
  jobFairPosts: 736,
  jobFairRegistered: 2_118,
  jobFairIntentions: 947,
} as const;

export type TrainingKindCounts = Record<keyof typeof PROGRAMME_FIGURES.trainedByKind, number>;

/**
 * The blocks a dataset of `scale` is made of: up to scale 1 one block (the city as the article
 * describes it, or a part of it); above, a block of scale 1 per whole unit and one for the rest. Each
 * block is generated, written and dropped before the next: memory stays that of one block at any scale.
 */
export function blocksOf(scale: number, blockScale = 1): number[] {
  if (scale <= blockScale) return [scale];
  const whole = Math.floor(scale / blockScale + 1e-9);
  const rest = Math.round((scale - whole * blockScale) * 1e9) / 1e9;
  return [...Array<number>(whole).fill(blockScale), ...(rest > 0 ? [rest] : [])];
}

/** Figures that are facts about places (or none), the same in a block and in the whole. */
const PLACE_FIGURES = new Set(['poorCounties', 'poorVillages', 'villagesExiting2017', 'countiesExiting2017', 'zeroEmploymentHouseholds']);

/**
 * What the dataset holds at `scale`: the article's figures scaled and rounded, so that they still add
 * up (the kinds of training sum to those trained; a county with no loan left has no loan money).
 * Above scale 1, the sum of its blocks' figures (`blocksOf`). verify:figures compares the hub's
 * answers with these.
 */
export function targets(scale: number, blockScale = 1): BlockTargets {
  const blocks = blocksOf(scale, blockScale);
  if (blocks.length === 1) return blockTargets(scale);
  const parts = blocks.map(blockTargets);
  const sum = { ...parts[0], trainedByKind: { ...parts[0].trainedByKind } } as Record<string, unknown>;
  for (const p of parts.slice(1)) {
    for (const [k, v] of Object.entries(p)) {
      if (PLACE_FIGURES.has(k)) continue;
      if (typeof v === 'number') sum[k] = (sum[k] as number) + v;
    }
    for (const [k, v] of Object.entries(p.trainedByKind)) (sum.trainedByKind as Record<string, number>)[k] += v;
  }
  return sum as BlockTargets;
}

type BlockTargets = ReturnType<typeof blockTargets>;

/** The figures of one block (scale up to 1). */
function blockTargets(scale: number) {
  const f = PROGRAMME_FIGURES;
  const trained = scaled(f.trained, scale);
  const kinds = Object.keys(f.trainedByKind) as (keyof TrainingKindCounts)[];
  const byKind = apportion(trained, kinds.map((k) => f.trainedByKind[k]));
  const langzhongEnterprises = scaled(f.langzhongEnterprises, scale);
  const nanbuStartupLoans = scaled(f.nanbuStartupLoans, scale);
  return {
    laborers: scaled(FIGURES.laborers, scale),
    poorCounties: FIGURES.poorCounties,
    poorVillages: FIGURES.poorVillages,
    villagesExiting2017: FIGURES.villagesExiting2017,
    countiesExiting2017: ['南部县', '蓬安县'],
    wantsTraining: scaled(FIGURES.wantsTraining, scale),
    wantsTransfer: scaled(FIGURES.wantsTransfer, scale),
    wantsEnterprise: scaled(FIGURES.wantsEnterprise, scale),
    trained,
    trainedByKind: Object.fromEntries(kinds.map((k, i) => [k, byKind[i]])) as TrainingKindCounts,
    employedAfterTraining: Math.round(trained * f.employedAfterTrainingShare),
    menuTrained: Math.min(scaled(f.menuTrained, scale), trained),
    transferEmployed: scaled(f.transferEmployed, scale),
    organisedTransfers: scaled(f.organisedTransfers, scale),
    localEmployment: scaled(f.localEmployment, scale),
    stableEmployment: scaled(f.stableEmployment, scale),
    zeroEmploymentHouseholds: 0,
    welfarePosts: scaled(f.welfarePosts, scale),
    welfarePlaced: scaled(f.welfarePlaced, scale),
    enterprises: scaled(f.enterprises, scale),
    startupLoanYuan: scaled(f.startupLoanYuan, scale),
    dreamLoanYuan: scaled(f.dreamLoanYuan, scale),
    langzhongEnterprises,
    langzhongStartupSubsidyYuan: langzhongEnterprises ? scaled(f.langzhongStartupSubsidyYuan, scale) : 0,
    nanbuStartupLoans,
    nanbuStartupLoanYuan: nanbuStartupLoans ? scaled(f.nanbuStartupLoanYuan, scale) : 0,
    jobFairPosts: scaled(f.jobFairPosts, scale),
    jobFairRegistered: scaled(f.jobFairRegistered, scale),
    jobFairIntentions: scaled(f.jobFairIntentions, scale),
  };
}

export type Targets = ReturnType<typeof targets>;

export interface County {
  code: string;
  name: string;
  /** Share of the city's registered poor laborers. */
  share: number;
  /** Poor county (贫困县) in 2017, with the year it leaves the list (摘帽), else null. */
  exitYear: number | null;
}

/**
 * The nine county-level units. Shares of registered poor laborers: the hill counties of the Qinba area
 * (南部, 仪陇, 营山, 蓬安, 阆中) carry most, the city districts least (顺庆 is the urban core).
 *
 * Poor counties: the 2019 report names seven (national 阆中, 南部, 仪陇, 嘉陵; provincial 高坪, 营山, 蓬安);
 * the 2017 article counts six and names 南部 and 蓬安 as 2017's exits. 高坪区 is the one left out: it is a
 * city district around the urban core (the article shows its street offices and the airport industrial
 * zone), only provincial-level, and the least rural of the seven. A judgement, not a record: the article
 * does not list its six. Exit years other than 2017's are those the later reports give.
 */
export const COUNTIES: readonly County[] = [
  { code: '511302', name: '顺庆区', share: 0.04, exitYear: null },
  { code: '511303', name: '高坪区', share: 0.075, exitYear: null },
  { code: '511304', name: '嘉陵区', share: 0.09, exitYear: 2018 },
  { code: '511321', name: '南部县', share: 0.2, exitYear: 2017 },
  { code: '511322', name: '营山县', share: 0.125, exitYear: 2018 },
  { code: '511323', name: '蓬安县', share: 0.1, exitYear: 2017 },
  { code: '511324', name: '仪陇县', share: 0.175, exitYear: 2019 },
  { code: '511325', name: '西充县', share: 0.075, exitYear: null },
  { code: '511381', name: '阆中市', share: 0.12, exitYear: 2018 },
];

/** Share of laborers living in poor villages; the rest live in other village committees. */
export const POOR_VILLAGE_SHARE = 0.85;

/**
 * Years the 1,290 poor villages leave the list: 317 in 2017 (the article's target), 1,217 gone by the end
 * of 2018 and the last 73 in 2019 (the later reports); 2015/2016/2018 split the remaining 900.
 */
export const VILLAGE_EXIT_YEARS: readonly [number, number][] = [
  [2015, 230],
  [2016, 270],
  [2017, FIGURES.villagesExiting2017],
  [2018, 400],
  [2019, 73],
];

export interface Village extends RegionRow {
  countyIndex: number;
  isPoor: boolean;
  exitYear: number | null;
}

export interface RegionPlan {
  counties: readonly County[];
  /** Village committees (never urban residents' committees), sorted by code, with their flags. */
  villages: Village[];
  /** Region code (12 digits) and exit year of every poor county and poor village. */
  flags: { code: string; exitYear: number | null }[];
}

// Flags are facts about places, the same for every seed and scale: drawn from a fixed stream.
const FLAG_SEED = 2014;

let cachedPlan: RegionPlan | undefined;

/** The region flags and the village committees laborers live in. */
export function regionPlan(): RegionPlan {
  if (cachedPlan) return cachedPlan;
  const rows = regionRows();
  const villages: Village[] = rows
    .filter((r) => r.level === 'VILLAGE' && !r.isUrban)
    .map((r) => ({ ...r, countyIndex: COUNTIES.findIndex((c) => c.code === r.code.slice(0, 6)), isPoor: false, exitYear: null }));
  if (villages.some((v) => v.countyIndex < 0)) throw new Error('village outside the nine counties');

  // Poor villages per county in proportion to its laborers, chosen among its village committees.
  const rng = new Rng(FLAG_SEED, 'poor-villages');
  const perCounty = apportion(FIGURES.poorVillages, COUNTIES.map((c) => c.share));
  const poor: Village[] = [];
  COUNTIES.forEach((county, ci) => {
    const own = villages.filter((v) => v.countyIndex === ci);
    if (perCounty[ci] > own.length) throw new Error(`${county.name}: ${perCounty[ci]} poor villages but ${own.length} village committees`);
    const chosen = rng.shuffle([...own]).slice(0, perCounty[ci]);
    for (const v of chosen) v.isPoor = true;
    poor.push(...chosen);
  });
  // A county leaves the list only once its poor villages have: villages of a county exiting in Y draw
  // their year from those up to Y, the tightest counties first, each taking the first fitting year of a
  // shuffled pool.
  const pool = rng.shuffle(VILLAGE_EXIT_YEARS.flatMap(([year, n]) => Array<number>(n).fill(year)));
  const cap = (v: Village) => COUNTIES[v.countyIndex].exitYear ?? 9999;
  const byCap = rng.shuffle([...poor]).sort((a, b) => cap(a) - cap(b));
  for (const v of byCap) {
    const i = pool.findIndex((year) => year <= cap(v));
    if (i < 0) throw new Error(`no exit year left for a poor village of ${COUNTIES[v.countyIndex].name}`);
    v.exitYear = pool.splice(i, 1)[0];
  }
  poor.sort((a, b) => (a.code < b.code ? -1 : 1));

  const flags = [
    ...COUNTIES.filter((c) => c.exitYear !== null).map((c) => ({ code: `${c.code}000000`, exitYear: c.exitYear })),
    ...poor.map((v) => ({ code: v.code, exitYear: v.exitYear })),
  ];
  cachedPlan = { counties: COUNTIES, villages, flags };
  return cachedPlan;
}
