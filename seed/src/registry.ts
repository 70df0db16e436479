import { idCheckChar, type Education, type Gender, type PovertyStatus } from '@fupin/schema';
import { drawName, drawSurname } from './names';
import { COUNTIES, FIGURES, POOR_VILLAGE_SHARE, regionPlan, scaled, type Village } from './plan';
import { apportion, chooseWeighted, Rng, Weighted } from './random';

/**
 * Which block of a large dataset is being made (dataset.ts): block 0 draws from the streams a dataset
 * of one block always drew from, so a scale up to 1 is what it always was; later blocks draw from
 * streams of their own. `usedIds` is shared by the blocks, so ID numbers stay unique across them.
 */
export interface BlockPart {
  block?: number;
  usedIds?: Uint8Array;
}

/** The label of a part's random stream in a block. */
export function blockLabel(label: string, block = 0): string {
  return block === 0 ? label : `${label}/block-${block}`;
}

/** Households and laborers of the registry (建档立卡), as they go into the database. */
export interface HouseholdRow {
  id: number;
  villageCode: string;
  headName: string;
  memberCount: number;
  helperName: string;
  povertyStatus: PovertyStatus;
  exitedPovertyYear: number | null;
  createdAt: string;
  /** Not stored: index into COUNTIES, and the household's laborers as a range of laborer indexes. */
  countyIndex: number;
  firstLaborer: number;
  laborerCount: number;
}

export interface LaborerRow {
  id: number;
  householdId: number;
  villageCode: string;
  name: string;
  idNumber: string;
  gender: Gender;
  /** YYYY-MM-DD */
  birthDate: string;
  phone: string | null;
  education: Education;
  skills: string | null;
  wantsTraining: boolean;
  wantsTransfer: boolean;
  wantsEnterprise: boolean;
  povertyStatus: PovertyStatus;
  exitedPovertyYear: number | null;
  createdAt: string;
  /** Not stored: index into COUNTIES, age on the reporting date, whether the village is a poor one. */
  countyIndex: number;
  age: number;
  inPoorVillage: boolean;
  /**
   * Not stored: the member the household counts on for work away from home. Every earner wants
   * transfer employment and gets it, so no household is left with nobody employed (零就业).
   */
  earner: boolean;
}

export interface Registry {
  households: HouseholdRow[];
  laborers: LaborerRow[];
}

// Ages are counted on the reporting date 2017-06-30; laborers are 16 to 60 then.
const DAY = 86_400_000;
const REPORT_DAY = Date.UTC(2017, 5, 30) / DAY;
const MIN_AGE = 16;
const MAX_AGE = 60;
/** First possible birth day: the day after the 61st birthday that would fall on the reporting date. */
const FIRST_BIRTH_DAY = Date.UTC(2017 - MAX_AGE - 1, 6, 1) / DAY;
const LAST_BIRTH_DAY = Date.UTC(2017 - MIN_AGE, 5, 30) / DAY;
const BIRTH_DAYS = LAST_BIRTH_DAY - FIRST_BIRTH_DAY + 1;

/** The set of ID numbers drawn so far (18 MB, whatever the scale). */
export function newIdBitmap(): Uint8Array {
  return new Uint8Array(Math.ceil((COUNTIES.length * BIRTH_DAYS * 1000) / 8));
}

const dayStrings = new Map<number, string>();
/** YYYY-MM-DD of a day number (days since 1970-01-01, UTC). */
export function dayString(day: number): string {
  let s = dayStrings.get(day);
  if (!s) {
    s = new Date(day * DAY).toISOString().slice(0, 10);
    dayStrings.set(day, s);
  }
  return s;
}

/** A birth day for someone of `age` on the reporting date. */
function birthDayForAge(rng: Rng, age: number): number {
  const last = Date.UTC(2017 - age, 5, 30) / DAY;
  const first = Date.UTC(2017 - age - 1, 6, 1) / DAY;
  return first + rng.int(last - first + 1);
}

// Registered poor laborers lean older: the young have often left and registered elsewhere.
const AGE_OF_FIRST = new Weighted<[number, number]>([
  [[16, 20], 4],
  [[21, 30], 14],
  [[31, 40], 20],
  [[41, 50], 33],
  [[51, 60], 29],
]);

/** Laborers per household: most poor households have one or two people able to work. */
const LABORERS_PER_HOUSEHOLD = new Weighted([
  [1, 45],
  [2, 38],
  [3, 13],
  [4, 4],
] as const);

/** Members who are not laborers: children, the old, the sick and disabled. */
const DEPENDANTS = new Weighted([
  [0, 18],
  [1, 30],
  [2, 28],
  [3, 16],
  [4, 6],
  [5, 2],
] as const);

const EDUCATION_BY_BIRTH: { before: number; table: Weighted<Education> }[] = [
  { before: 1966, table: new Weighted<Education>([['NONE', 14], ['PRIMARY', 50], ['JUNIOR', 31], ['SENIOR', 5]]) },
  { before: 1981, table: new Weighted<Education>([['NONE', 4], ['PRIMARY', 30], ['JUNIOR', 52], ['SENIOR', 10], ['VOCATIONAL', 3], ['COLLEGE', 1]]) },
  { before: 9999, table: new Weighted<Education>([['NONE', 1], ['PRIMARY', 10], ['JUNIOR', 52], ['SENIOR', 17], ['VOCATIONAL', 14], ['COLLEGE', 6]]) },
];

const SKILLS = new Weighted<string | null>([
  [null, 34],
  ['种植', 12],
  ['养殖', 7],
  ['种植、养殖', 6],
  ['建筑泥瓦工', 7],
  ['木工', 3],
  ['钢筋工', 3],
  ['电焊', 3],
  ['水电安装', 2],
  ['厨师', 3],
  ['面点制作', 1],
  ['家政服务', 3],
  ['育婴、月嫂', 2],
  ['驾驶（C1驾照）', 3],
  ['缝纫', 2],
  ['服装加工', 2],
  ['电子装配', 2],
  ['机械操作', 2],
  ['搬运装卸', 2],
  ['保安', 1],
  ['餐饮服务', 2],
  ['美容美发', 1],
  ['电商、网店', 1],
  ['农机维修', 1],
]);

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '173', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '199',
];

/**
 * Households exit poverty over the years; where the village itself left the list early, more of its
 * households had left too. Reporting date mid-2017: 2017's exits are those confirmed early in the year.
 */
function drawExitYear(rng: Rng, village: Village): number | null {
  const early = village.isPoor && village.exitYear !== null && village.exitYear <= 2016 ? 1.6 : 1;
  const x = rng.next();
  let p = 0.05;
  if (x < p) return 2014;
  if (x < (p += 0.09 * early)) return 2015;
  if (x < (p += 0.13 * early)) return 2016;
  if (x < (p += 0.03)) return 2017;
  return null;
}

/** Registration dates: precise identification (精准识别) and its review ran from autumn 2015 to the end of 2016. */
const REGISTRATION_FIRST_DAY = Date.UTC(2015, 9, 8) / DAY;
const REGISTRATION_DAYS = Date.UTC(2016, 11, 30) / DAY - REGISTRATION_FIRST_DAY + 1;

function drawTimestamp(rng: Rng): string {
  const day = REGISTRATION_FIRST_DAY + rng.int(REGISTRATION_DAYS);
  const minutes = 8 * 60 + 30 + rng.int(9 * 60);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${dayString(day)} ${hh}:${mm}:00+08`;
}

interface Person {
  age: number;
  gender: Gender;
  /** Same surname as the household (born into it) or married in. */
  ownSurname: boolean;
}

/** Who in a household can work: the first, then a spouse, a grown child, a parent or a sibling. */
function drawPeople(rng: Rng, count: number): Person[] {
  const [lo, hi] = AGE_OF_FIRST.draw(rng);
  const first: Person = { age: rng.range(lo, hi), gender: rng.chance(0.6) ? 'MALE' : 'FEMALE', ownSurname: true };
  const people = [first];
  const clamp = (a: number) => Math.min(MAX_AGE, Math.max(MIN_AGE, a));
  let hasSpouse = false;
  while (people.length < count) {
    const x = rng.next();
    if (!hasSpouse && first.age >= 21 && x < 0.65) {
      hasSpouse = true;
      const gender: Gender = first.gender === 'MALE' ? 'FEMALE' : 'MALE';
      // The wife is usually the same age or a little younger.
      const age = clamp(first.age + (gender === 'FEMALE' ? -rng.range(0, 5) : rng.range(0, 5)));
      // The husband carries the household's surname; the wife married in keeps her own.
      people.push({ age, gender, ownSurname: gender === 'MALE' });
      if (gender === 'MALE') first.ownSurname = false;
    } else if (first.age >= 36 && x < 0.85) {
      // A grown child, at least 16.
      people.push({ age: first.age - rng.range(20, Math.min(30, first.age - MIN_AGE)), gender: rng.chance(0.55) ? 'MALE' : 'FEMALE', ownSurname: true });
    } else if (first.age <= 40 && x < 0.85) {
      // A parent still of working age.
      people.push({ age: first.age + rng.range(20, Math.max(20, Math.min(28, MAX_AGE - first.age))), gender: rng.chance(0.5) ? 'MALE' : 'FEMALE', ownSurname: true });
    } else {
      people.push({ age: clamp(first.age + rng.range(-8, 8)), gender: rng.chance(0.5) ? 'MALE' : 'FEMALE', ownSurname: true });
    }
  }
  return people;
}

/**
 * The registry at `scale`: round(170,200 x scale) laborers in households spread over the village
 * committees, 85% of them in poor villages; counties weighted by their share of the city's poor.
 */
export function generateRegistry(seed: number, scale: number, part: BlockPart = {}): Registry {
  const root = new Rng(seed, blockLabel('registry', part.block));
  const plan = regionPlan();
  const total = scaled(FIGURES.laborers, scale);
  const perCounty = apportion(total, COUNTIES.map((c) => c.share));

  // Households per village: each county's laborers, split between poor and other villages, come in
  // households of drawn sizes placed on villages with uneven weights (some villages are larger). Sizes
  // are drawn before places, so a small scale keeps households of the same size in fewer villages.
  const planned = new Map<string, number[]>();
  COUNTIES.forEach((county, ci) => {
    const rng = root.fork(`county-${county.code}`);
    const own = plan.villages.filter((v) => v.countyIndex === ci);
    const inPoor = Math.round(perCounty[ci] * POOR_VILLAGE_SHARE);
    const place = (villages: Village[], n: number) => {
      const where = new Weighted(villages.map((v) => [v.code, 0.5 + rng.next()] as const));
      for (let left = n; left > 0; ) {
        const count = Math.min(left, LABORERS_PER_HOUSEHOLD.draw(rng));
        left -= count;
        const code = where.draw(rng);
        (planned.get(code) ?? planned.set(code, []).get(code)!).push(count);
      }
    };
    place(own.filter((v) => v.isPoor), inPoor);
    place(own.filter((v) => !v.isPoor), perCounty[ci] - inPoor);
  });

  const households: HouseholdRow[] = [];
  const laborers: LaborerRow[] = [];
  // One bit per (county, birth day, sequence number): ID numbers never repeat (across blocks too).
  const usedIds = part.usedIds ?? newIdBitmap();

  for (const village of plan.villages) {
    const sizes = planned.get(village.code);
    if (!sizes) continue;
    const rng = root.fork(`village-${village.code}`);
    const countyCode = village.code.slice(0, 6);
    // One helper (帮扶责任人) looks after about seven households of the village.
    const total = sizes.reduce((a, b) => a + b, 0);
    const helpers = Array.from({ length: Math.max(1, Math.ceil(total / 12)) }, () => drawName(rng, rng.chance(0.7) ? 'MALE' : 'FEMALE', 1965 + rng.int(30)));
    let helperIndex = 0;

    for (const count of sizes) {
      const people = drawPeople(rng, count);
      const surname = drawSurname(rng);
      const exitYear = drawExitYear(rng, village);
      const createdAt = drawTimestamp(rng);
      const dependants = DEPENDANTS.draw(rng);
      const household: HouseholdRow = {
        id: households.length + 1,
        villageCode: village.code,
        headName: '',
        memberCount: count + dependants,
        helperName: helpers[helperIndex],
        povertyStatus: exitYear === null ? 'POOR' : 'EXITED',
        exitedPovertyYear: exitYear,
        createdAt,
        countyIndex: village.countyIndex,
        firstLaborer: laborers.length,
        laborerCount: count,
      };
      if (rng.chance(0.3)) helperIndex = (helperIndex + 1) % helpers.length;

      let head: LaborerRow | undefined;
      for (const person of people) {
        const birthDay = birthDayForAge(rng, person.age);
        const birthDate = dayString(birthDay);
        const birthYear = Number(birthDate.slice(0, 4));
        const name = drawName(rng, person.gender, birthYear, person.ownSurname ? surname : drawSurname(rng));
        // Sequence: odd for men, even for women (GB 11643); redrawn until unused for that county and day.
        let seq: number;
        let bit: number;
        do {
          seq = 2 * rng.range(1, 499) + (person.gender === 'MALE' ? 1 : 0);
          bit = (village.countyIndex * BIRTH_DAYS + (birthDay - FIRST_BIRTH_DAY)) * 1000 + seq;
        } while (usedIds[bit >> 3] & (1 << (bit & 7)));
        usedIds[bit >> 3] |= 1 << (bit & 7);
        const first17 = `${countyCode}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
        const laborer: LaborerRow = {
          id: laborers.length + 1,
          householdId: household.id,
          villageCode: village.code,
          name,
          idNumber: first17 + idCheckChar(first17),
          gender: person.gender,
          birthDate,
          phone: rng.chance(0.9) ? `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(1e8)).padStart(8, '0')}` : null,
          education: EDUCATION_BY_BIRTH.find((e) => birthYear < e.before)!.table.draw(rng),
          skills: SKILLS.draw(rng),
          wantsTraining: false,
          wantsTransfer: false,
          wantsEnterprise: false,
          povertyStatus: household.povertyStatus,
          exitedPovertyYear: household.exitedPovertyYear,
          createdAt,
          countyIndex: village.countyIndex,
          age: person.age,
          inPoorVillage: village.isPoor,
          earner: false,
        };
        laborers.push(laborer);
        if (person.gender === 'MALE' && (!head || head.gender !== 'MALE' || laborer.age > head.age)) head = laborer;
      }
      // The head is the oldest man able to work; else an older member who is not a laborer, or the first.
      household.headName =
        head?.name ?? (dependants > 0 && rng.chance(0.5) ? drawName(rng, 'MALE', 1940 + rng.int(15), surname) : laborers[household.firstLaborer].name);
      households.push(household);
    }
  }

  chooseEarners(root.fork('earners'), households, laborers);
  assignDemand(root.fork('demand'), households.length, laborers, scale);
  return { households, laborers };
}

/** One earner per household: working age in its prime, men a little more often. */
function chooseEarners(rng: Rng, households: HouseholdRow[], laborers: LaborerRow[]): void {
  const fitness = (l: LaborerRow) => (l.age < 18 ? 0.15 : l.age <= 50 ? 1 : l.age <= 55 ? 0.5 : 0.25) * (l.gender === 'MALE' ? 1.3 : 1);
  for (const h of households) {
    let total = 0;
    for (let i = 0; i < h.laborerCount; i++) total += fitness(laborers[h.firstLaborer + i]);
    let x = rng.next() * total;
    let chosen = h.firstLaborer + h.laborerCount - 1;
    for (let i = 0; i < h.laborerCount; i++) {
      x -= fitness(laborers[h.firstLaborer + i]);
      if (x < 0) {
        chosen = h.firstLaborer + i;
        break;
      }
    }
    laborers[chosen].earner = true;
  }
}

/**
 * The three demands (the article's denominators), exactly round(n x scale) people each. Every earner
 * wants transfer employment; the other places go by age. Training demand leans young; business demand
 * leans on schooling and skills, and mostly on members other than the earner.
 */
function assignDemand(rng: Rng, householdCount: number, laborers: LaborerRow[], scale: number): void {
  const wantsTransfer = scaled(FIGURES.wantsTransfer, scale);
  if (wantsTransfer < householdCount) throw new Error(`${wantsTransfer} people want transfer employment but there are ${householdCount} households`);
  const all = Uint32Array.from(laborers, (_, i) => i);
  const schooled = (l: LaborerRow) => l.education === 'SENIOR' || l.education === 'VOCATIONAL' || l.education === 'COLLEGE';
  const pick = (k: number, weight: (l: LaborerRow) => number, set: (l: LaborerRow) => void) => {
    for (const i of chooseWeighted(rng, all, (i) => weight(laborers[i]), k)) set(laborers[i]);
  };
  for (const l of laborers) if (l.earner) l.wantsTransfer = true;
  pick(
    wantsTransfer - householdCount,
    (l) => (l.earner ? 0 : 1) * (l.age <= 45 ? 1 : l.age <= 55 ? 0.5 : 0.2) * (l.gender === 'MALE' ? 1.2 : 1),
    (l) => (l.wantsTransfer = true),
  );
  pick(
    scaled(FIGURES.wantsTraining, scale),
    (l) => (l.age <= 45 ? 1.6 : 0.7) * (l.education === 'NONE' ? 0.4 : 1),
    (l) => (l.wantsTraining = true),
  );
  pick(
    scaled(FIGURES.wantsEnterprise, scale),
    (l) => (l.earner ? 0.1 : 1) * (l.age >= 25 && l.age <= 50 ? 1 : 0.3) * (schooled(l) ? 3 : 1) * (l.skills ? 1.5 : 1),
    (l) => (l.wantsEnterprise = true),
  );
}
