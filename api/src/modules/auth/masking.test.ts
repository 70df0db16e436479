import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gql, makeIdNumber, startTestHub, type TestHub } from '../../../test/hub';
import { download, exportFile, readSheet } from '../../../test/import';
import { Programmes } from '../../../test/programmes';

/**
 * A field hidden from a role is not usable by that role in any way: what a masked ID number keeps, the
 * age, sorting and filtering by hidden fields (the review rebuilt whole ID numbers from the last four
 * characters, `age`, a sort by birth date and birth-year filters).
 */
let hub: TestHub;
let analyst: Gql;
let operator: Gql;
let household: string;
const laborers: string[] = [];
const county = '511321000000';
const BIRTHS = ['19800115', '19800620', '19801130', '19851231'];

beforeAll(async () => {
  hub = await startTestHub();
  const p = new Programmes(hub);
  household = await p.household(await p.village(county), '户主', 6);
  for (const [i, b] of BIRTHS.entries()) laborers.push(await p.laborerIn(household, `掩码${i}`, makeIdNumber('511321', b, String(101 + i))));
  await p.enroll(await p.trainingClass(county, '掩码班', '2017-03-01', '2017-03-20'), laborers[0], '2017-02-20');
  analyst = await hub.as('ANALYST');
  operator = await hub.as('OPERATOR', county);
});
afterAll(() => hub?.close());

const LIST = `query($s: String, $f: LaborerFilter) { allLaborers(sortField: $s, filter: $f, perPage: 50) { idNumber birthDate age } }`;

describe('a masked role (analyst)', () => {
  it('sees only the region part of an ID number, no birth date, and an age that is the difference of the years', async () => {
    const r = await analyst(LIST, { f: { householdId: household } });
    expect(r.errors).toBeUndefined();
    expect(r.data.allLaborers).toHaveLength(4);
    for (const l of r.data.allLaborers) {
      expect(l.idNumber).toMatch(/^511321\*{12}$/);
      expect(l.birthDate).toBeNull();
    }
    const year = new Date().getFullYear();
    expect(r.data.allLaborers.map((l: { age: number }) => l.age).sort()).toEqual(BIRTHS.map((b) => year - Number(b.slice(0, 4))).sort());
  });

  it('cannot sort by the birth date', async () => {
    const r = await analyst(LIST, { s: 'birthDate', f: { householdId: household } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'INVALID_SORT', field: 'sortField' });
    expect(r.data?.allLaborers ?? null).toBeNull();
  });

  it('filters birth dates by whole years only, and never by the ID number beyond its region part', async () => {
    const years = await analyst(LIST, { f: { householdId: household, birthDate_gte: '1980-01-01', birthDate_lte: '1980-12-31' } });
    expect(years.errors).toBeUndefined();
    expect(years.data.allLaborers).toHaveLength(3);
    for (const f of [{ birthDate_gte: '1980-06-01' }, { birthDate_lte: '1980-06-30' }]) {
      const r = await analyst(LIST, { f: { householdId: household, ...f } });
      expect(r.errors?.[0].extensions, JSON.stringify(f)).toMatchObject({ code: 'FORBIDDEN', field: 'birthDate' });
    }
    for (const f of [{ idNumber: makeIdNumber('511321', BIRTHS[0], '101') }, { q: '5113211980' }]) {
      const r = await analyst(LIST, { f: { householdId: household, ...f } });
      expect(r.errors?.[0].extensions, JSON.stringify(f)).toMatchObject({ code: 'FORBIDDEN', field: 'idNumber' });
    }
    // The count obeys the same rule as the list.
    const meta = await analyst(`query($f: LaborerFilter) { _allLaborersMeta(filter: $f) { count } }`, { f: { birthDate_gte: '1980-06-01' } });
    expect(meta.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'birthDate' });
    const region = await analyst(LIST, { f: { householdId: household, q: '511321' } });
    expect(region.data.allLaborers).toHaveLength(4);
  });
});

describe('a role that sees personal data (operator of the county)', () => {
  it('sees, sorts and filters it in full', async () => {
    const r = await operator(LIST, { s: 'birthDate', f: { householdId: household, birthDate_gte: '1980-06-01' } });
    expect(r.errors).toBeUndefined();
    expect(r.data.allLaborers.map((l: { birthDate: string }) => l.birthDate)).toEqual(['1980-06-20', '1980-11-30', '1985-12-31']);
    expect(r.data.allLaborers[0].idNumber).toBe(makeIdNumber('511321', '19800620', '102'));
  });
});

describe('exports and the pre-filled template obey the same rule (a masked role)', () => {
  const EXPORT = `mutation($r: String!, $f: JSONObject, $s: String) { startExport(resource: $r, filter: $f, sortField: $s) { id } }`;
  const refused: [Record<string, unknown>, string][] = [
    [{ birthDate_gte: '1980-06-20', birthDate_lte: '1980-06-20' }, 'birthDate'],
    [{ q: '51132119800620' }, 'idNumber'],
    [{ idNumber: makeIdNumber('511321', BIRTHS[1], '102') }, 'idNumber'],
    [{ idOrPhoneTail: makeIdNumber('511321', BIRTHS[1], '102').slice(-4) }, 'idNumber'],
  ];

  it('refuses an export whose filter or sort asks more than the mask shows, before any job starts', async () => {
    for (const [f, field] of refused) {
      const r = await analyst(EXPORT, { r: 'Laborer', f: { householdId: household, ...f } });
      expect(r.errors?.[0].extensions, JSON.stringify(f)).toMatchObject({ code: 'FORBIDDEN', field });
    }
    const sorted = await analyst(EXPORT, { r: 'Laborer', f: { householdId: household }, s: 'birthDate' });
    expect(sorted.errors?.[0].extensions).toMatchObject({ code: 'INVALID_SORT', field: 'sortField' });
    // Every dataset is checked at the start: a filter its list does not have is refused there, not in the job.
    const other = await analyst(EXPORT, { r: 'Enrollment', f: { birthDate_gte: '1980-06-20' } });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'filter' });
    const jobs = await hub.sql(`select count(*)::int as n from export_job`);
    expect(jobs[0].n).toBe(0);
  });

  it('refuses the pre-filled template with such a filter (a coded error, no file)', async () => {
    for (const [f, field] of refused) {
      const res = await download(hub, analyst, `/api/import/templates/LABORERS.xlsx?filter=${encodeURIComponent(JSON.stringify({ householdId: household, ...f }))}`);
      expect(res.status, JSON.stringify(f)).toBe(403);
      expect(JSON.parse(res.buffer.toString()).errors[0].extensions, JSON.stringify(f)).toMatchObject({ code: 'FORBIDDEN', field });
    }
  });

  it('an allowed export holds masked values; the template with records is audited like an export', async () => {
    const { buffer } = await exportFile(hub, analyst, 'Laborer', { householdId: household, birthDate_gte: '1980-01-01', birthDate_lte: '1980-12-31' });
    const sheet = await readSheet(buffer, '数据');
    const col = (sheet[0] as string[]).indexOf('身份证号');
    const ids = sheet.slice(1).map((r) => r[col]);
    expect(ids).toHaveLength(3);
    for (const v of ids) expect(v).toMatch(/^511321\*{12}$/);

    const res = await download(hub, analyst, `/api/import/templates/LABORERS.xlsx?filter=${encodeURIComponent(JSON.stringify({ householdId: household }))}`);
    expect(res.status).toBe(200);
    const t = await readSheet(res.buffer, '数据');
    expect(t.slice(1).map((r) => r[col])).toEqual(Array(4).fill('511321************'));
    // Another dataset (the list export through GraphQL): masked the same way.
    const enr = await readSheet((await exportFile(hub, analyst, 'Enrollment', {})).buffer, '数据');
    const enrCol = (enr[0] as string[]).indexOf('身份证号');
    expect(enr.slice(1).map((r) => r[enrCol])).toEqual(['511321************']);
    const audit = await hub.sql(`select entity, record_id, username, after->>'rows' as rows, after->>'masked' as masked from audit_log where action = 'EXPORT' and record_id = 'template'`);
    expect(audit).toEqual([{ entity: 'Laborer', record_id: 'template', username: analyst.username, rows: '4', masked: 'true' }]);
  });
});
