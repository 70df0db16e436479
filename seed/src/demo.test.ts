import { parseIdNumber } from '@fupin/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashTables } from './copy';
import { generateDataset, type Dataset } from './dataset';
import { COUNTIES, regionPlan, targets } from './plan';
import { apportion, chooseWeighted, Rng } from './random';
import { regionRows } from './regions';
import { splitAmount } from './programmes';

const REPORT = '2017-06-30';

/** Whether a job is stable on the reporting date: six months by JavaScript month arithmetic, as the API counts. */
function stable(start: string, end: string | null): boolean {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 6);
  const until = end && end < REPORT ? end : REPORT;
  return until >= d.toISOString().slice(0, 10);
}

/** The article's figures computed from the generated rows, the way the hub defines them. */
function figuresOf(d: Dataset) {
  const { laborers, households } = d.registry;
  const p = d.programmes;
  const county = (code: string) => COUNTIES.find((c) => code.startsWith(c.code))!.name;
  const classOf = new Map(p.classes.map((c) => [c.id, c]));
  const completed = p.enrollments.filter((e) => e.completed);
  const trainedKind = new Map<number, string>();
  for (const e of [...completed].sort((a, b) => (a.completedOn! < b.completedOn! ? -1 : a.completedOn! > b.completedOn! ? 1 : a.id - b.id))) {
    if (!trainedKind.has(e.laborerId)) trainedKind.set(e.laborerId, classOf.get(e.classId)!.kind);
  }
  const byKind = { EMPLOYMENT: 0, ENTREPRENEURSHIP: 0, BRAND: 0, OTHER: 0 } as Record<string, number>;
  for (const k of trainedKind.values()) byKind[k]++;
  const transferJobs = p.employments.filter((e) => e.kind === 'TRANSFER');
  const transferStart = new Map<number, string>();
  for (const e of transferJobs) if (!transferStart.has(e.laborerId) || e.startDate < transferStart.get(e.laborerId)!) transferStart.set(e.laborerId, e.startDate);
  const working = new Set([...p.employments.map((e) => e.laborerId), ...p.enterprises.map((e) => e.laborerId), ...p.placements.map((e) => e.laborerId)]);
  const householdWorks = new Set(laborers.filter((l) => working.has(l.id)).map((l) => l.householdId));
  const startupLoans = p.loans.filter((l) => l.enterpriseId !== null);
  const policyKind = new Map(p.policies.map((x) => [x.id, x.subsidyKind]));
  const menuCounties = ['营山县', '顺庆区', '仪陇县', '南部县'];
  return {
    laborers: laborers.length,
    poorCounties: d.flags.filter((f) => f.code.endsWith('000000')).length,
    poorVillages: d.flags.filter((f) => !f.code.endsWith('000')).length,
    villagesExiting2017: d.flags.filter((f) => !f.code.endsWith('000') && f.exitYear === 2017).length,
    countiesExiting2017: d.flags.filter((f) => f.code.endsWith('000000') && f.exitYear === 2017).map((f) => county(f.code)),
    wantsTraining: laborers.filter((l) => l.wantsTraining).length,
    wantsTransfer: laborers.filter((l) => l.wantsTransfer).length,
    wantsEnterprise: laborers.filter((l) => l.wantsEnterprise).length,
    trained: trainedKind.size,
    trainedByKind: byKind,
    // Flagged, and borne out: a transfer job that starts after the training ended.
    employedAfterTraining: completed.filter((e) => e.employedAfterTraining && (transferStart.get(e.laborerId) ?? '') > e.completedOn!).length,
    menuTrained: completed.filter((e) => classOf.get(e.classId)!.isMenu && menuCounties.includes(county(classOf.get(e.classId)!.countyCode))).length,
    transferEmployed: transferStart.size,
    organisedTransfers: p.employments.filter((e) => ['OUT_OF_TOWN_OFFICE', 'CHAMBER_OF_COMMERCE', 'LABOUR_COOPERATION'].includes(e.channel)).length,
    localEmployment: p.employments.filter((e) => ['ENTERPRISE', 'PARK', 'BASE'].includes(e.channel)).length,
    stableEmployment: p.employments.filter((e) => stable(e.startDate, e.endDate)).length,
    zeroEmploymentHouseholds: households.filter((h) => !householdWorks.has(h.id)).length,
    welfarePosts: p.welfarePosts.filter((w) => ['高坪区', '西充县'].includes(county(w.regionCode))).length,
    welfarePlaced: new Set(p.placements.map((x) => x.laborerId)).size,
    enterprises: new Set(p.enterprises.map((e) => e.laborerId)).size,
    startupLoanYuan: startupLoans.reduce((s, l) => s + l.amount, 0),
    dreamLoanYuan: p.loans.filter((l) => l.dreamSchoolingId !== null).reduce((s, l) => s + l.amount, 0),
    langzhongEnterprises: p.enterprises.filter((e) => county(e.villageCode) === '阆中市').length,
    langzhongStartupSubsidyYuan: p.payments
      .filter((x) => x.status === 'PAID' && policyKind.get(x.policyId) === 'STARTUP' && county(x.villageCode) === '阆中市')
      .reduce((s, x) => s + x.amount, 0),
    nanbuStartupLoans: startupLoans.filter((l) => county(l.villageCode) === '南部县').length,
    nanbuStartupLoanYuan: startupLoans.filter((l) => county(l.villageCode) === '南部县').reduce((s, l) => s + l.amount, 0),
    jobFairPosts: p.jobFairs.reduce((s, j) => s + j.postsOffered, 0),
    jobFairRegistered: p.jobFairs.reduce((s, j) => s + j.laborersRegistered, 0),
    jobFairIntentions: p.jobFairs.reduce((s, j) => s + j.intentionsSigned, 0),
  };
}

describe('random', () => {
  it('repeats a stream for the same seed and label, and differs for another', () => {
    const draw = (seed: number, label: string) => Array.from({ length: 5 }, ((r) => () => r.u32())(new Rng(seed, label)));
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
  });

  it('apportions exactly and chooses exactly k distinct candidates', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(1290, COUNTIES.map((c) => c.share)).reduce((a, b) => a + b)).toBe(1290);
    const chosen = chooseWeighted(new Rng(3, 'x'), [5, 6, 7, 8, 9], (c) => (c === 9 ? 0 : 1), 4);
    expect(chosen).toEqual([5, 6, 7, 8]);
  });

  it('splits an amount exactly within its bounds', () => {
    const amounts = splitAmount(new Rng(1, 's'), 2_260_000, 24, 30_000, 100_000, 10_000);
    expect(amounts.reduce((a, b) => a + b)).toBe(2_260_000);
    expect(Math.min(...amounts)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...amounts)).toBeLessThanOrEqual(100_000);
    expect(splitAmount(new Rng(1, 's'), 22_601, 1, 30_000, 100_000, 10_000)).toEqual([22_601]);
  });
});

describe('region flags', () => {
  const plan = regionPlan();
  const rows = new Map(regionRows().map((r) => [r.code, r]));

  it('flags six poor counties: 南部 and 蓬安 leave in 2017, 高坪 is the one of the seven left out', () => {
    const counties = plan.flags.filter((f) => f.code.endsWith('000000')).map((f) => [rows.get(f.code)!.name, f.exitYear]);
    expect(counties).toHaveLength(6);
    expect(Object.fromEntries(counties)).toMatchObject({ 南部县: 2017, 蓬安县: 2017 });
    expect(counties.map((c) => c[0]).sort()).toEqual(['仪陇县', '南部县', '嘉陵区', '营山县', '蓬安县', '阆中市'].sort());
  });

  it('flags 1,290 village committees, 317 leaving in 2017, spread by county like the laborers', () => {
    const villages = plan.flags.filter((f) => !f.code.endsWith('000'));
    expect(villages).toHaveLength(1290);
    for (const v of villages) {
      const r = rows.get(v.code)!;
      expect(r.level).toBe('VILLAGE');
      expect(r.isUrban).toBe(false);
      expect(r.name).toMatch(/村民委员会$/);
    }
    expect(villages.filter((v) => v.exitYear === 2017)).toHaveLength(317);
    expect(villages.filter((v) => v.exitYear !== null && v.exitYear <= 2018)).toHaveLength(1217);
    const perCounty = COUNTIES.map((c) => villages.filter((v) => v.code.startsWith(c.code)).length);
    expect(perCounty).toEqual(apportion(1290, COUNTIES.map((c) => c.share)));
    // A county leaving the list in Y has no poor village leaving after Y.
    for (const c of COUNTIES.filter((x) => x.exitYear !== null)) {
      for (const v of villages.filter((x) => x.code.startsWith(c.code))) expect(v.exitYear).toBeLessThanOrEqual(c.exitYear!);
    }
  });
});

describe('the dataset at scale 0.01', () => {
  let d: Dataset;
  beforeAll(() => {
    d = generateDataset({ scale: 0.01, seed: 2017 });
  });

  it('is byte-identical for the same seed and scale, and different for another seed', () => {
    const again = generateDataset({ scale: 0.01, seed: 2017 });
    expect(hashTables(again.tables)).toBe(hashTables(d.tables));
    expect(hashTables(generateDataset({ scale: 0.01, seed: 2018 }).tables)).not.toBe(hashTables(d.tables));
  });

  it('gives valid, unique ID numbers with the county code, birth date and gender of the person, aged 16 to 60', () => {
    const asOf = new Date('2017-06-30T00:00:00Z');
    const seen = new Set<string>();
    for (const l of d.registry.laborers) {
      const r = parseIdNumber(l.idNumber, asOf);
      expect(r.ok, l.idNumber).toBe(true);
      if (!r.ok) continue;
      expect(r.info.regionCode).toBe(l.villageCode.slice(0, 6));
      expect(r.info.birthDate).toBe(l.birthDate);
      expect(r.info.gender).toBe(l.gender);
      expect(l.birthDate > '1956-06-30' && l.birthDate <= '2001-06-30', l.birthDate).toBe(true);
      seen.add(l.idNumber);
      if (l.phone !== null) expect(l.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(l.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    }
    expect(seen.size).toBe(d.registry.laborers.length);
  });

  it('puts laborers in households of plausible size, in their household village, with consistent poverty status', () => {
    const laborersOf = new Map<number, number>();
    for (const l of d.registry.laborers) laborersOf.set(l.householdId, (laborersOf.get(l.householdId) ?? 0) + 1);
    for (const h of d.registry.households) {
      const n = laborersOf.get(h.id) ?? 0;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(h.memberCount).toBeGreaterThanOrEqual(n);
      expect(h.memberCount).toBeLessThanOrEqual(12);
      expect(h.helperName).toBeTruthy();
      expect((h.povertyStatus === 'EXITED') === (h.exitedPovertyYear !== null)).toBe(true);
      if (h.exitedPovertyYear !== null) expect(h.exitedPovertyYear).toBeGreaterThanOrEqual(2014);
      if (h.exitedPovertyYear !== null) expect(h.exitedPovertyYear).toBeLessThanOrEqual(2017);
    }
    const household = new Map(d.registry.households.map((h) => [h.id, h]));
    for (const l of d.registry.laborers) {
      expect(l.villageCode).toBe(household.get(l.householdId)!.villageCode);
      expect(l.povertyStatus).toBe(household.get(l.householdId)!.povertyStatus);
    }
    const poorShare = d.registry.laborers.filter((l) => l.inPoorVillage).length / d.registry.laborers.length;
    expect(poorShare).toBeCloseTo(0.85, 2);
  });

  it('holds every figure in proportion', () => {
    const t = targets(0.01);
    expect(t).toMatchObject({ laborers: 1702, trained: 243, transferEmployed: 1232, wantsTransfer: 1447, enterprises: 9, welfarePosts: 6, startupLoanYuan: 350_000 });
    expect(figuresOf(d)).toEqual({ ...t, zeroEmploymentHouseholds: 0 });
  });

  it('dates programme records in the first half of 2017 (stable jobs began earlier) and keeps payments within their rules', () => {
    const p = d.programmes;
    const h1 = (x: string | null) => x === null || (x >= '2017-01-01' && x <= REPORT);
    // Except a few classes of the autumn of 2016 (ending by 20 November): their jobs are stable by June 2017.
    const autumn = (x: string | null) => x === null || (x >= '2016-08-24' && x <= '2016-11-20');
    const autumnClasses = new Set(p.classes.filter((c) => c.startDate < '2017-01-01').map((c) => c.id));
    expect(autumnClasses.size).toBeGreaterThan(0);
    for (const c of p.classes) expect((autumnClasses.has(c.id) ? autumn : h1)(c.startDate) && (autumnClasses.has(c.id) ? autumn : h1)(c.endDate) && c.endDate >= c.startDate).toBe(true);
    for (const e of p.enrollments) expect((autumnClasses.has(e.classId) ? autumn : h1)(e.enrolledOn) && (autumnClasses.has(e.classId) ? autumn : h1)(e.completedOn)).toBe(true);
    for (const e of p.employments) expect(e.startDate <= REPORT && (e.startDate >= '2017-01-01' || stable(e.startDate, null))).toBe(true);
    for (const e of p.enterprises) expect(h1(e.startedOn)).toBe(true);
    for (const l of p.loans) expect(h1(l.appliedOn) && h1(l.approvedOn) && h1(l.disbursedOn) && l.appliedOn <= l.approvedOn && l.approvedOn <= l.disbursedOn).toBe(true);
    for (const j of p.jobFairs) expect(h1(j.heldOn) && j.intentionsSigned <= j.laborersRegistered).toBe(true);

    const policy = new Map(p.policies.map((x) => [x.id, x]));
    const loan = new Map(p.loans.map((x) => [x.id, x]));
    const once = new Set<string>();
    const approved = new Map<string, number>();
    for (const x of p.payments) {
      const rule = policy.get(x.policyId)!;
      expect(x.programKind).toBe(rule.programKind);
      const ceiling = rule.amountRule === 'INTEREST_SHARE' ? (() => {
        const l = loan.get(x.loanId!)!;
        return Math.round(l.amount * l.annualRate * (l.termMonths / 12) * l.interestSubsidyRate * rule.amount * 100) / 100;
      })() : rule.amount;
      expect(x.amount).toBeLessThanOrEqual(ceiling);
      expect(h1(x.appliedOn) && h1(x.approvedOn) && h1(x.paidOn)).toBe(true);
      if (x.status !== 'REJECTED') {
        const key = `${x.laborerId}:${x.policyId}:${x.period}`;
        expect(once.has(key), key).toBe(false);
        once.add(key);
      }
      if (x.status === 'APPROVED' || x.status === 'PAID') {
        const key = `${x.policyId}:${x.villageCode.slice(0, 6)}`;
        approved.set(key, (approved.get(key) ?? 0) + x.amount);
      }
    }
    for (const [key, used] of approved) {
      const [policyId, county] = key.split(':');
      const budget = p.budgets.find((b) => b.policyId === Number(policyId) && b.countyCode === `${county}000000` && b.year === 2017);
      expect(budget?.budget ?? 0).toBeGreaterThanOrEqual(used);
    }
  });
});

describe('the dataset at scale 1', () => {
  let d: Dataset;
  beforeAll(() => {
    d = generateDataset({ scale: 1, seed: 2017 });
  }, 60_000);

  it('holds every exact figure of the article', () => {
    expect(figuresOf(d)).toEqual({
      laborers: 170_200,
      poorCounties: 6,
      poorVillages: 1_290,
      villagesExiting2017: 317,
      countiesExiting2017: ['南部县', '蓬安县'],
      wantsTraining: 35_781,
      wantsTransfer: 144_740,
      wantsEnterprise: 1_738,
      trained: 24_331,
      trainedByKind: { EMPLOYMENT: 17_701, ENTREPRENEURSHIP: 4_513, BRAND: 1_400, OTHER: 717 },
      employedAfterTraining: 23_114,
      menuTrained: 1_960,
      transferEmployed: 123_174,
      organisedTransfers: 51_000,
      localEmployment: 35_000,
      stableEmployment: 19_000,
      zeroEmploymentHouseholds: 0,
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
    });
    // The article's shares follow: 68% of training demand, 85.1% of transfer demand, 52.88% of business demand.
    expect((24_331 / 35_781) * 100).toBeCloseTo(68, 0);
    expect((123_174 / 144_740) * 100).toBeCloseTo(85.1, 1);
    expect((919 / 1_738) * 100).toBeCloseTo(52.88, 2);
  });

  it('has 30 odd menu classes in the four counties, and providers of the three kinds', () => {
    const menu = d.programmes.classes.filter((c) => c.isMenu);
    expect(menu.length).toBeGreaterThanOrEqual(30);
    expect(new Set(menu.map((c) => c.countyCode.slice(0, 6)))).toEqual(new Set(['511322', '511302', '511324', '511321']));
    for (const title of ['创业能力+种养殖', '厨师+种植技术', '创业+实用技术', '致富能干人', '电商下乡']) expect(menu.some((c) => c.title.includes(title)), title).toBe(true);
    expect(new Set(d.programmes.providers.map((x) => x.kind))).toEqual(new Set(['VOCATIONAL_COLLEGE', 'PRIVATE_INSTITUTION', 'HIGH_SKILL_BASE']));
  });

  it('gives the poorer hill counties more laborers than the urban core', () => {
    const per = (code: string) => d.registry.laborers.filter((l) => l.villageCode.startsWith(code)).length;
    for (const hill of ['511321', '511324', '511322', '511323', '511381', '511304', '511303']) expect(per(hill)).toBeGreaterThan(per('511302'));
  });
});

describe('other scales', () => {
  for (const scale of [0.003, 0.05, 0.37]) {
    it(`holds the figures in proportion at scale ${scale}`, () => {
      const d = generateDataset({ scale, seed: 7 });
      expect(figuresOf(d)).toEqual({ ...targets(scale), zeroEmploymentHouseholds: 0 });
    }, 60_000);
  }
});
