import { expect } from 'vitest';
import { type Gql, makeIdNumber, type GqlResult, type TestHub } from './hub';

/**
 * Test data for the programme and subsidy tests, made over HTTP with the modules' own create
 * mutations (so each record passes the same rules a clerk's would). Each helper fails the test when the
 * API refuses, naming the mutation.
 */
export class Programmes {
  private seq = 100;
  constructor(readonly hub: TestHub) {}

  /** Runs a mutation as admin (or `as`: approvals and payments go to the second administrator). */
  async ok<T = any>(query: string, vars: Record<string, unknown>, as: Gql = this.hub.gql): Promise<T> {
    const r: GqlResult = await as(query, vars);
    expect(r.errors, `${query.slice(0, 60)}: ${JSON.stringify(r.errors)}`).toBeUndefined();
    const data = r.data as Record<string, T>;
    return Object.values(data)[0];
  }

  /** A non-urban village of a county (the n-th one, to spread laborers over villages and townships). */
  async village(county: string, n = 0): Promise<string> {
    const r = await this.ok<{ code: string }[]>(`query($c: ID!, $p: Int) { allRegions(filter: { level: VILLAGE, within: $c, isUrban: false }, perPage: 1, page: $p, sortField: "code") { code } }`, { c: county, p: n });
    return r[0].code;
  }

  /** A household in the village. */
  async household(village: string, headName = '户主', memberCount = 3): Promise<string> {
    return (await this.ok<{ id: string }>(`mutation($v: ID!, $n: String!, $m: Int!) { createHousehold(villageId: $v, headName: $n, memberCount: $m, registeredOn: "2016-06-01") { id } }`, { v: village, n: headName, m: memberCount })).id;
  }

  /** A laborer in an existing household (tests that group several people in one household, or pick the ID number). */
  async laborerIn(household: string, name: string, idNumber: string): Promise<string> {
    return (await this.ok<{ id: string }>(`mutation($h: ID!, $n: String!, $i: String!) { createLaborer(householdId: $h, name: $n, idNumber: $i, registeredOn: "2016-06-01") { id } }`, { h: household, n: name, i: idNumber })).id;
  }

  /** A laborer in a new household of the village; `birth` YYYYMMDD. */
  async laborer(village: string, name = '测试', birth = '19800101'): Promise<string> {
    const h = await this.household(village);
    return this.laborerIn(h, name, makeIdNumber(village.slice(0, 6), birth, String(this.seq++).padStart(3, '0')));
  }

  async trainingClass(county: string, title: string, startDate: string, endDate: string): Promise<string> {
    const p = await this.ok<{ id: string }>(`mutation($n: String!, $c: ID!) { createTrainingProvider(name: $n, kind: VOCATIONAL_COLLEGE, countyId: $c) { id } }`, { n: `${title}学校${this.seq++}`, c: county });
    const c = await this.ok<{ id: string }>(
      `mutation($t: String!, $p: ID!, $c: ID!, $s: LocalDate!, $e: LocalDate!) { createTrainingClass(title: $t, kind: EMPLOYMENT, providerId: $p, countyId: $c, startDate: $s, endDate: $e, capacity: 50) { id } }`,
      { t: title, p: p.id, c: county, s: startDate, e: endDate },
    );
    return c.id;
  }

  async enroll(classId: string, laborerId: string, enrolledOn: string): Promise<string> {
    return (await this.ok<{ id: string }>(`mutation($c: ID!, $l: ID!, $d: LocalDate!) { createEnrollment(classId: $c, laborerId: $l, enrolledOn: $d) { id } }`, { c: classId, l: laborerId, d: enrolledOn })).id;
  }

  async post(regionId: string, title: string, monthlyPay = 500): Promise<string> {
    return (await this.ok<{ id: string }>(`mutation($r: ID!, $t: String!, $m: Float!) { createWelfarePost(title: $t, category: SANITATION, regionId: $r, monthlyPay: $m) { id } }`, { r: regionId, t: title, m: monthlyPay })).id;
  }

  async placement(postId: string, laborerId: string, startDate: string, endDate: string | null = null): Promise<string> {
    return (
      await this.ok<{ id: string }>(`mutation($p: ID!, $l: ID!, $s: LocalDate!, $e: LocalDate) { createWelfarePlacement(postId: $p, laborerId: $l, startDate: $s, endDate: $e) { id } }`, {
        p: postId,
        l: laborerId,
        s: startDate,
        e: endDate,
      })
    ).id;
  }

  async loan(laborerId: string, o: { amount: number; termMonths: number; annualRate: number; interestSubsidyRate?: number; appliedOn: string; bank?: string }): Promise<string> {
    return (
      await this.ok<{ id: string }>(
        `mutation($l: ID!, $a: Float!, $t: Int!, $r: Float!, $s: Float, $d: LocalDate!, $b: String!) {
          createGuaranteedLoan(laborerId: $l, purpose: PLANTING_BREEDING, bank: $b, amount: $a, termMonths: $t, annualRate: $r, interestSubsidyRate: $s, appliedOn: $d) { id } }`,
        { l: laborerId, a: o.amount, t: o.termMonths, r: o.annualRate, s: o.interestSubsidyRate ?? null, d: o.appliedOn, b: o.bank ?? '南充农商银行' },
      )
    ).id;
  }

  async schooling(laborerId: string, intakeYear: number, school = '南充技师学院', major = '数控技术'): Promise<string> {
    return (
      await this.ok<{ id: string }>(`mutation($l: ID!, $y: Int!, $s: String!, $m: String!) { createDreamSchooling(laborerId: $l, school: $s, major: $m, intakeYear: $y, livingSubsidyPerTerm: 1000) { id } }`, {
        l: laborerId,
        y: intakeYear,
        s: school,
        m: major,
      })
    ).id;
  }

  async employment(laborerId: string, employer: string, startDate: string, endDate: string | null = null): Promise<string> {
    return (
      await this.ok<{ id: string }>(
        `mutation($l: ID!, $e: String!, $s: LocalDate!, $x: LocalDate) { createEmployment(laborerId: $l, kind: TRANSFER, channel: OUT_OF_TOWN_OFFICE, employer: $e, place: "浙江宁波", startDate: $s, endDate: $x) { id } }`,
        { l: laborerId, e: employer, s: startDate, x: endDate },
      )
    ).id;
  }

  async enterprise(laborerId: string, name: string, startedOn: string): Promise<string> {
    return (await this.ok<{ id: string }>(`mutation($l: ID!, $n: String!, $d: LocalDate!) { createEnterprise(laborerId: $l, name: $n, sector: CATERING, startedOn: $d) { id } }`, { l: laborerId, n: name, d: startedOn })).id;
  }

  async jobFair(county: string, title: string, heldOn: string, laborersRegistered: number): Promise<string> {
    return (
      await this.ok<{ id: string }>(`mutation($c: ID!, $t: String!, $d: LocalDate!, $n: Int!) { createJobFair(title: $t, countyId: $c, heldOn: $d, venue: "体育馆", postsOffered: 100, laborersRegistered: $n, intentionsSigned: 0) { id } }`, {
        c: county,
        t: title,
        d: heldOn,
        n: laborersRegistered,
      })
    ).id;
  }

  async policy(o: { name: string; programKind: string; amountRule: string; amount: number; subsidyKind?: string; validFrom?: string; validTo?: string | null }): Promise<string> {
    return (
      await this.ok<{ id: string }>(
        `mutation($n: String!, $sk: SubsidyKind!, $pk: ProgramKind!, $r: AmountRule!, $a: Float!, $f: LocalDate!, $t: LocalDate) {
          createPolicy(name: $n, subsidyKind: $sk, programKind: $pk, amountRule: $r, amount: $a, validFrom: $f, validTo: $t) { id } }`,
        { n: o.name, sk: o.subsidyKind ?? 'LIVING', pk: o.programKind, r: o.amountRule, a: o.amount, f: o.validFrom ?? '2016-01-01', t: o.validTo ?? null },
      )
    ).id;
  }

  async budget(policyId: string, countyId: string, year: number, budget: number): Promise<string> {
    return (await this.ok<{ id: string }>(`mutation($p: ID!, $c: ID!, $y: Int!, $b: Float!) { createPolicyBudget(policyId: $p, countyId: $c, year: $y, budget: $b) { id } }`, { p: policyId, c: countyId, y: year, b: budget })).id;
  }

  async payment(policyId: string, laborerId: string, recordId: string, period: string, amount: number, appliedOn = '2017-01-05'): Promise<string> {
    return (
      await this.ok<{ id: string }>(
        `mutation($p: ID!, $l: ID!, $r: ID!, $per: String!, $a: Float!, $d: LocalDate) { createSubsidyPayment(policyId: $p, laborerId: $l, recordId: $r, period: $per, amount: $a, appliedOn: $d) { id } }`,
        { p: policyId, l: laborerId, r: recordId, per: period, a: amount, d: appliedOn },
      )
    ).id;
  }

  async approve(id: string, on: string): Promise<void> {
    await this.ok(`mutation($id: ID!, $on: LocalDate) { approveSubsidyPayment(id: $id, on: $on) { id } }`, { id, on }, this.hub.approver);
  }

  async pay(id: string, on: string): Promise<void> {
    await this.ok(`mutation($id: ID!, $on: LocalDate) { paySubsidyPayment(id: $id, on: $on) { id } }`, { id, on }, this.hub.approver);
  }
}
