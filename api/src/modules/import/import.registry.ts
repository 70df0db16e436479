import type { Education } from '@fupin/schema';
import { registerFieldLabels } from '../../common/errors';
import { inScope } from '../auth/scope';
import type { Principal } from '../auth/access';
import { checkDay } from '../lifecycle/lifecycle.service';
import { checkHouseholdFields, checkIdNumber, checkLaborerFields, checkName } from '../registry/registry.service';
import { cellError, check, type CellError, type ConvertedRow } from './import.convert';
import { LABORERS } from './import.datasets';

/**
 * The registry dataset (贫困户及劳动力, one row per laborer with its household's columns): the preview
 * compares each row with the stored laborer (by ID number) and household (by village + the head's ID
 * number), through the registry's own rules (`checkName`, `checkIdNumber`, `checkLaborerFields`,
 * `checkHouseholdFields`: the same functions the API's create and update call). The commit and undo are
 * set-based SQL over the preview rows (a 170,000-row file is a few statements, not 170,000 flushes).
 */

registerFieldLabels({
  headIdNumber: { zh: '户主身份证号', en: "Head's ID number" },
  villageName: { zh: '所在村', en: 'Village' },
  education: { zh: '文化程度', en: 'Education' },
  wantsTraining: { zh: '培训需求', en: 'Wants training' },
  wantsTransfer: { zh: '转移就业需求', en: 'Wants transfer' },
  wantsEnterprise: { zh: '创业需求', en: 'Wants enterprise' },
});

/** A preview row as stored in import_row. */
export interface PreviewRow {
  n: number;
  kind: 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'REFUSED';
  key: string | null;
  raw: unknown[];
  values: Record<string, unknown> | null;
  before: Record<string, unknown> | null;
  changes: { field: string; label: string; old: string | null; new: string | null }[] | null;
  errors: CellError[] | null;
  empties: string[];
  targetId: number | null;
  targetVersion: string | null;
  countyCode: string | null;
}

export type Sql = (text: string, params?: unknown[]) => Promise<any[]>;

interface StoredLaborer {
  id: number;
  household_id: number;
  village_code: string;
  name: string;
  id_number: string;
  phone: string | null;
  education: Education;
  skills: string | null;
  wants_training: boolean;
  wants_transfer: boolean;
  wants_enterprise: boolean;
  version: string;
  h_head_name: string;
  h_member_count: number;
  h_helper_name: string | null;
  h_version: string;
}

const LABORER_FIELDS = ['name', 'phone', 'education', 'skills', 'wantsTraining', 'wantsTransfer', 'wantsEnterprise'] as const;
const HOUSEHOLD_FIELDS = ['headName', 'memberCount', 'helperName'] as const;
/** Fields an empty cell may erase when the clerk asks (the others are required or have a default). */
const ERASABLE = new Set(['phone', 'skills', 'helperName']);

const LOOKUP = `select l.id, l.household_id, l.village_code, l.name, l.id_number, l.phone, l.education, l.skills, l.wants_training, l.wants_transfer,
    l.wants_enterprise, extract(epoch from l.updated_at)::text as version,
    h.head_name as h_head_name, h.member_count as h_member_count, h.helper_name as h_helper_name, extract(epoch from h.updated_at)::text as h_version
  from laborer l join household h on h.id = l.household_id
  where l.id_number = any(array(select jsonb_array_elements_text(?::jsonb)))`;

function storedLaborer(s: StoredLaborer): Record<string, unknown> {
  return {
    name: s.name,
    phone: s.phone,
    education: s.education,
    skills: s.skills,
    wantsTraining: s.wants_training,
    wantsTransfer: s.wants_transfer,
    wantsEnterprise: s.wants_enterprise,
  };
}
function storedHousehold(s: StoredLaborer): Record<string, unknown> {
  return { headName: s.h_head_name, memberCount: s.h_member_count, helperName: s.h_helper_name };
}

const LABEL = new Map(LABORERS.columns.map((c) => [c.field, c.label]));
const show = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

/** State kept across the chunks of one preview: what earlier rows of the file already claimed. */
export class RegistryPreview {
  private seenIds = new Map<string, number>();
  /** Households the file creates: key → first row. */
  private newHouseholds = new Map<string, number>();
  private villages: Set<string> | undefined;

  constructor(
    private sql: Sql,
    private principal: Principal,
    private columnOf: (field: string | undefined) => string | undefined,
    private eraseEmpty: boolean,
  ) {}

  async prepare(rows: ConvertedRow[]): Promise<PreviewRow[]> {
    this.villages ??= new Set((await this.sql(`select code from region where level = 'VILLAGE'`)).map((r: { code: string }) => r.code));
    const ids = new Set<string>();
    for (const r of rows) {
      if (typeof r.values.idNumber === 'string') ids.add(r.values.idNumber);
      if (typeof r.values.headIdNumber === 'string') ids.add(r.values.headIdNumber);
    }
    const stored = new Map<string, StoredLaborer>();
    if (ids.size) for (const s of (await this.sql(LOOKUP, [JSON.stringify([...ids])])) as StoredLaborer[]) stored.set(s.id_number, s);
    return rows.map((r) => this.row(r, stored));
  }

  private row(r: ConvertedRow, stored: Map<string, StoredLaborer>): PreviewRow {
    const v = r.values;
    const out: PreviewRow = { n: r.n, kind: 'REFUSED', key: null, raw: r.raw, values: null, before: null, changes: null, errors: null, empties: r.empties, targetId: null, targetVersion: null, countyCode: null };
    const c = this.columnOf;
    const id = typeof v.idNumber === 'string' ? check(r, c, () => checkIdNumber(v.idNumber as string)) : undefined;
    if (v.idNumber === undefined && !r.errors.some((e) => e.field === 'idNumber')) r.errors.push(cellError('REQUIRED', 'idNumber', c('idNumber')));
    if (id) {
      out.key = id.idNumber;
      const first = this.seenIds.get(id.idNumber);
      if (first !== undefined) r.errors.push(cellError('DUPLICATE_IN_FILE', 'idNumber', c('idNumber'), { max: first }));
      else this.seenIds.set(id.idNumber, r.n);
    }
    const village = v.villageId as string | undefined;
    if (village === undefined && !r.errors.some((e) => e.field === 'villageId')) r.errors.push(cellError('REQUIRED', 'villageId', c('villageId')));
    if (village !== undefined) {
      if (!this.villages!.has(village)) r.errors.push(cellError('INVALID_REFERENCE', 'villageId', c('villageId')));
      else if (!inScope(this.principal, village)) r.errors.push(cellError('OUT_OF_SCOPE', 'villageId', c('villageId')));
    }
    const existing = id ? stored.get(id.idNumber) : undefined;
    if (existing && !inScope(this.principal, existing.village_code)) r.errors.push(cellError('OUT_OF_SCOPE', 'idNumber', c('idNumber')));
    if (existing && village && existing.village_code !== village && inScope(this.principal, existing.village_code)) {
      // Moving a laborer to another household is a change of the registry's structure, not of a cell: done in the list, not by import.
      r.errors.push(cellError('CONFLICT', 'villageId', c('villageId'), { detail: 'MOVED' }));
    }

    // The laborer's own fields, through the registry's rules.
    const given: Record<string, unknown> = {};
    for (const f of LABORER_FIELDS) if (f in v) given[f] = v[f];
    if (this.eraseEmpty) for (const f of r.empties) if (ERASABLE.has(f) && (LABORER_FIELDS as readonly string[]).includes(f)) given[f] = null;
    const hGiven: Record<string, unknown> = {};
    for (const f of HOUSEHOLD_FIELDS) if (f in v) hGiven[f] = v[f];
    if (this.eraseEmpty) for (const f of r.empties) if (ERASABLE.has(f) && (HOUSEHOLD_FIELDS as readonly string[]).includes(f)) hGiven[f] = null;
    const hInput = hGiven as { headName?: string; memberCount?: number; helperName?: string | null };

    let laborerSet: Record<string, unknown> = {};
    let householdSet: Record<string, unknown> = {};
    let householdKey: string | null = null;
    let householdNew = false;
    let registeredOn: string | undefined;
    const before: Record<string, unknown> = {};
    if (existing) {
      const cur = storedLaborer(existing);
      const name = 'name' in given ? check(r, c, () => checkName(given.name as string, 'name')) : undefined;
      const lv = check(r, c, () => checkLaborerFields(given));
      const next = { ...(name !== undefined ? { name } : {}), ...(lv ?? {}) } as Record<string, unknown>;
      for (const [f, nv] of Object.entries(next)) if (nv !== cur[f]) laborerSet[f] = nv;
      const hcur = storedHousehold(existing);
      const hv = check(r, c, () => checkHouseholdFields(hInput, existing));
      if (hv) for (const [f, nv] of Object.entries(hv)) if (nv !== undefined && nv !== hcur[f]) householdSet[f] = nv;
      for (const f of Object.keys(laborerSet)) before[f] = cur[f];
      for (const f of Object.keys(householdSet)) before[f] = hcur[f];
      out.targetId = existing.id;
      out.targetVersion = `${existing.version}|${existing.h_version}`;
      householdKey = `id:${existing.household_id}`;
    } else {
      if (!('name' in given) && !r.errors.some((e) => e.field === 'name')) r.errors.push(cellError('REQUIRED', 'name', c('name')));
      const name = 'name' in given ? check(r, c, () => checkName(given.name as string, 'name')) : undefined;
      const lv = check(r, c, () => checkLaborerFields(given));
      // The 建档立卡 date of the laborer (and of the household the row creates): the API's rules and default.
      registeredOn = check(r, c, () => checkDay(v.registeredOn as string | undefined, 'registeredOn'));
      laborerSet = {
        name,
        phone: null,
        education: 'JUNIOR',
        skills: null,
        wantsTraining: false,
        wantsTransfer: false,
        wantsEnterprise: false,
        ...(lv ?? {}),
      };
      // The household: an existing one (its head's ID number is a laborer of it, in this village), or one the file creates.
      let headId = v.headIdNumber as string | undefined;
      if (headId !== undefined) headId = check(r, c, () => checkIdNumber(headId as string).idNumber, 'headIdNumber');
      else if (!r.errors.some((e) => e.field === 'headIdNumber')) r.errors.push(cellError('REQUIRED', 'headIdNumber', c('headIdNumber')));
      if (headId && village) {
        const head = stored.get(headId);
        if (head && head.village_code === village) {
          // A new laborer of a stored household: the household's cells are read from its other rows (updates), not here.
          householdKey = `id:${head.household_id}`;
        } else {
          householdKey = `${village}:${headId}`;
          if (!this.newHouseholds.has(householdKey)) {
            const hv = check(r, c, () => checkHouseholdFields(hInput));
            householdNew = true;
            if (hv) {
              this.newHouseholds.set(householdKey, r.n);
              householdSet = { headName: hv.headName, memberCount: hv.memberCount, helperName: hv.helperName ?? null };
            }
          }
        }
      }
    }
    out.countyCode = village ? `${village.slice(0, 6)}000000` : existing ? `${existing.village_code.slice(0, 6)}000000` : null;
    if (r.errors.length) {
      out.errors = r.errors;
      return out;
    }
    out.values = {
      idNumber: id!.idNumber,
      gender: id!.gender,
      birthDate: id!.birthDate,
      villageId: existing?.village_code ?? village,
      householdKey,
      householdNew,
      ...(registeredOn ? { registeredOn } : {}),
      laborer: laborerSet,
      household: householdSet,
    };
    if (existing) {
      out.before = before;
      out.changes = [...Object.entries(laborerSet), ...Object.entries(householdSet)].map(([f, nv]) => ({ field: f, label: LABEL.get(f) ?? f, old: show(before[f]), new: show(nv) }));
      out.kind = out.changes.length ? 'UPDATE' : 'UNCHANGED';
    } else {
      out.kind = 'CREATE';
    }
    return out;
  }
}

/** The laborer's columns a commit sets from `values.laborer` (field → column, SQL type). */
const L_COLS: [string, string, string][] = [
  ['name', 'name', 'varchar'],
  ['phone', 'phone', 'varchar'],
  ['education', 'education', 'education'],
  ['skills', 'skills', 'varchar'],
  ['wantsTraining', 'wants_training', 'boolean'],
  ['wantsTransfer', 'wants_transfer', 'boolean'],
  ['wantsEnterprise', 'wants_enterprise', 'boolean'],
];
const H_COLS: [string, string, string][] = [
  ['headName', 'head_name', 'varchar'],
  ['memberCount', 'member_count', 'smallint'],
  ['helperName', 'helper_name', 'varchar'],
];

const setFrom = (cols: [string, string, string][], json: string, alias: string) =>
  cols.map(([f, col, type]) => `${col} = case when jsonb_exists(${json}, '${f}') then (${json}->>'${f}')::${type} else ${alias}.${col} end`).join(', ');

const snapshotL = (a: string) =>
  `jsonb_build_object('id', ${a}.id, 'household', ${a}.household_id, 'village', ${a}.village_code, 'name', ${a}.name, 'idNumber', ${a}.id_number, 'gender', ${a}.gender, 'birthDate', ${a}.birth_date, 'phone', ${a}.phone, 'education', ${a}.education, 'skills', ${a}.skills, 'wantsTraining', ${a}.wants_training, 'wantsTransfer', ${a}.wants_transfer, 'wantsEnterprise', ${a}.wants_enterprise, 'povertyStatus', ${a}.poverty_status, 'exitedPovertyYear', ${a}.exited_poverty_year)`;
const snapshotH = (a: string) =>
  `jsonb_build_object('id', ${a}.id, 'village', ${a}.village_code, 'headName', ${a}.head_name, 'memberCount', ${a}.member_count, 'helperName', ${a}.helper_name, 'povertyStatus', ${a}.poverty_status, 'exitedPovertyYear', ${a}.exited_poverty_year)`;

export interface CommitCounts {
  created: number;
  updated: number;
  householdsCreated: number;
  householdsUpdated: number;
}

/** A slice of a batch's rows by row number (`from` < n ≤ `to`) and the rows up to its end, for progress. */
export interface RowWindow {
  from: number;
  to: number;
  done: number;
}

/**
 * The batch's rows in slices of `size`: the commit and undo run their row statements a slice at a time
 * and report the rows done after each, so a long file shows its progress (one statement per table would
 * show nothing until the end).
 */
export async function rowWindows(sql: Sql, batchId: number, size: number): Promise<RowWindow[]> {
  const rows = (await sql(
    `select max(row_number)::int as upto, count(*)::int as n from (select row_number, (row_number() over (order by row_number) - 1) / ? as w from import_row where batch_id = ?) x group by w order by w`,
    [size, batchId],
  )) as { upto: number; n: number }[];
  let from = 0;
  let done = 0;
  return rows.map((r) => {
    const w = { from, to: r.upto, done: (done += r.n) };
    from = r.upto;
    return w;
  });
}

/**
 * Writes a previewed batch in the caller's transaction. `kinds`: which preview rows to apply (CREATE,
 * UPDATE). The statistics triggers are off while the new households and laborers are inserted (their
 * statistics are refreshed once at the end); their registration events and the updates are written with
 * the triggers on, which keeps the lifecycle counters exact (they count events and demand flags).
 * The rows are written a window at a time (`progressRows`), `progress` told the rows done after each.
 */
export async function commitRegistry(sql: Sql, batchId: number, p: Principal, kinds: string[], progress: (done: number) => Promise<void>, progressRows: number): Promise<CommitCounts> {
  const user = [p.userId, p.username];
  const doCreate = kinds.includes('CREATE');
  const doUpdate = kinds.includes('UPDATE');
  let householdsCreated = 0;
  let created = 0;
  let updated = 0;
  const householdsUpdated = new Set<number>();
  if (doCreate) {
    // Every household the file creates gets its id now (by its first row); each is inserted with the window of that row.
    await sql(`create temp table import_hh on commit drop as
      select key, nextval(pg_get_serial_sequence('household', 'id'))::integer as id, first_row from (
        select "values"->>'householdKey' as key, min(row_number) as first_row from import_row
        where batch_id = ? and kind = 'CREATE' and ("values"->>'householdNew')::boolean group by 1) k`, [batchId]);
    await sql(`create index on import_hh (key)`);
  }
  for (const w of await rowWindows(sql, batchId, progressRows)) {
    const win = [w.from, w.to];
    if (doCreate) {
      await sql(`set local fupin.stats_off = 'on'`);
      const hh = await sql(`insert into household (id, village_code, head_name, member_count, helper_name, poverty_status, exited_poverty_year)
        select k.id, r."values"->>'villageId', h->>'headName', (h->>'memberCount')::smallint, h->>'helperName', 'POOR', null
        from import_hh k join import_row r on r.batch_id = ? and r.row_number = k.first_row, lateral (select r."values"->'household' as h) x
        where k.first_row > ? and k.first_row <= ?
        order by k.id
        returning id`, [batchId, ...win]);
      householdsCreated += hh.length;
      const ls: unknown[] = await sql(`insert into laborer (household_id, village_code, name, id_number, gender, birth_date, phone, education, skills, wants_training, wants_transfer, wants_enterprise, poverty_status, exited_poverty_year)
        select coalesce(k.id, substr(r."values"->>'householdKey', 4)::integer), r."values"->>'villageId', l->>'name', r."values"->>'idNumber', (r."values"->>'gender')::gender, (r."values"->>'birthDate')::date,
          l->>'phone', (l->>'education')::education, l->>'skills', (l->>'wantsTraining')::boolean, (l->>'wantsTransfer')::boolean, (l->>'wantsEnterprise')::boolean,
          'POOR', null
        from import_row r cross join lateral (select r."values"->'laborer' as l) x
        left join import_hh k on k.key = r."values"->>'householdKey'
        where r.batch_id = ? and r.kind = 'CREATE' and r.row_number > ? and r.row_number <= ?
        order by r.row_number
        returning id`, [batchId, ...win]);
      created += ls.length;
      await sql(`insert into import_change (batch_id, entity, record_id, action, version, row_number)
        select ?, 'Laborer', l.id, 'CREATE', extract(epoch from l.updated_at)::text, r.row_number
        from import_row r join laborer l on l.id_number = r.key where r.batch_id = ? and r.kind = 'CREATE' and r.row_number > ? and r.row_number <= ?`, [batchId, batchId, ...win]);
      await sql(`insert into import_change (batch_id, entity, record_id, action, version)
        select ?, 'Household', h.id, 'CREATE', extract(epoch from h.updated_at)::text from household h join import_hh k on k.id = h.id where k.first_row > ? and k.first_row <= ?`, [batchId, ...win]);
      await sql(`insert into audit_log (user_id, username, action, entity, record_id, region_code, before, after)
        select ?, ?, 'CREATE', 'Household', h.id::text, h.village_code, null, ${snapshotH('h')} from household h join import_hh k on k.id = h.id where k.first_row > ? and k.first_row <= ?`, [...user, ...win]);
      await sql(`insert into audit_log (user_id, username, action, entity, record_id, region_code, before, after)
        select ?, ?, 'CREATE', 'Laborer', l.id::text, l.village_code, null, ${snapshotL('l')}
        from import_change c join laborer l on l.id = c.record_id where c.batch_id = ? and c.entity = 'Laborer' and c.action = 'CREATE' and c.row_number > ? and c.row_number <= ?`, [...user, batchId, ...win]);
      await registerCreated(sql, batchId, p, w);
    }
    if (doUpdate) {
      // With the triggers on: a laborer's demand flags are lifecycle counters too (their trigger skips under stats_off).
      await sql(`set local fupin.stats_off = 'off'`);
      const lu = await sql(`update laborer l set ${setFrom(L_COLS, 's', 'l')}, updated_at = now()
        from (select target_id, "values"->'laborer' as s from import_row where batch_id = ? and kind = 'UPDATE' and "values"->'laborer' <> '{}'::jsonb and row_number > ? and row_number <= ?) x
        where l.id = x.target_id returning l.id`, [batchId, ...win]);
      updated += lu.length;
      // A household's last row wins (windows run in row order, each takes its own last row).
      const hu = await sql(`update household h set ${setFrom(H_COLS, 's', 'h')}, updated_at = now()
        from (select distinct on (hid) hid, s from (
          select coalesce(l.household_id, substr(r."values"->>'householdKey', 4)::integer) as hid, r."values"->'household' as s, r.row_number
          from import_row r left join laborer l on l.id = r.target_id
          where r.batch_id = ? and r.kind = 'UPDATE' and r."values"->'household' <> '{}'::jsonb and r.row_number > ? and r.row_number <= ?) y order by hid, row_number desc) x
        where h.id = x.hid returning h.id`, [batchId, ...win]);
      for (const h of hu) householdsUpdated.add(h.id);
      // Undo restores `before`; the audit trail records before and after of the changed fields.
      await sql(`insert into import_change (batch_id, entity, record_id, action, before, version, row_number)
        select ?, 'Laborer', l.id, 'UPDATE', (select jsonb_object_agg(k, r.before->k) from jsonb_object_keys(r."values"->'laborer') k), extract(epoch from l.updated_at)::text, r.row_number
        from import_row r join laborer l on l.id = r.target_id where r.batch_id = ? and r.kind = 'UPDATE' and r."values"->'laborer' <> '{}'::jsonb and r.row_number > ? and r.row_number <= ?`, [batchId, batchId, ...win]);
    }
    await progress(w.done);
  }
  if (doUpdate) {
    await sql(`insert into import_change (batch_id, entity, record_id, action, before, version, row_number)
      select distinct on (h.id) ?, 'Household', h.id, 'UPDATE', (select jsonb_object_agg(k, r.before->k) from jsonb_object_keys(r."values"->'household') k), extract(epoch from h.updated_at)::text, r.row_number
      from import_row r join laborer l on l.id = r.target_id join household h on h.id = l.household_id
      where r.batch_id = ? and r.kind = 'UPDATE' and r."values"->'household' <> '{}'::jsonb
      order by h.id, r.row_number
      on conflict do nothing`, [batchId, batchId]);
    await sql(`insert into audit_log (user_id, username, action, entity, record_id, region_code, before, after)
      select ?, ?, 'UPDATE', c.entity, c.record_id::text, coalesce(l.village_code, h.village_code), case when c.entity = 'Laborer' then c.before else c.before end,
        case when c.entity = 'Laborer' then r."values"->'laborer' else r."values"->'household' end
      from import_change c join import_row r on r.batch_id = c.batch_id and r.row_number = c.row_number
      left join laborer l on c.entity = 'Laborer' and l.id = c.record_id left join household h on c.entity = 'Household' and h.id = c.record_id
      where c.batch_id = ? and c.action = 'UPDATE'`, [...user, batchId]);
  }
  await refreshStats(sql, batchId);
  return { created, updated, householdsCreated, householdsUpdated: householdsUpdated.size };
}

/**
 * The 建档立卡 events of the households and laborers a batch created in a window (what `recordRegistration`
 * writes for the API's create), dated by the file's 建档立卡日期 (the household: its first row's). Written
 * with the statistics triggers on, so the lifecycle counters (lifecycle_month) count them as the API's
 * would; the statements after it (updates) keep them on, so their flags' counters follow too.
 */
async function registerCreated(sql: Sql, batchId: number, p: Principal, w: RowWindow): Promise<void> {
  await sql(`set local fupin.stats_off = 'off'`);
  await sql(`insert into registry_event (household_id, laborer_id, kind, occurred_on, village_code, standing, reason, recorded_by, recorded_by_name)
    select k.id, null, 'REGISTERED', (r."values"->>'registeredOn')::date, r."values"->>'villageId', 'POOR', '建档立卡', ?::integer, ?
    from import_hh k join import_row r on r.batch_id = ? and r.row_number = k.first_row
    where k.first_row > ? and k.first_row <= ?
    order by k.id`, [p.userId ?? null, p.username, batchId, w.from, w.to]);
  await sql(`insert into registry_event (household_id, laborer_id, kind, occurred_on, village_code, standing, reason, recorded_by, recorded_by_name)
    select l.household_id, l.id, 'REGISTERED', (r."values"->>'registeredOn')::date, l.village_code, 'POOR', '建档立卡', ?::integer, ?
    from import_row r join laborer l on l.id_number = r.key
    where r.batch_id = ? and r.kind = 'CREATE' and r.row_number > ? and r.row_number <= ?
    order by l.id`, [p.userId ?? null, p.username, batchId, w.from, w.to]);
}

/** Statistics of the laborers and households a batch touched, recomputed once (the triggers were off). */
async function refreshStats(sql: Sql, batchId: number): Promise<void> {
  await sql(`set local fupin.stats_off = 'off'`);
  await sql(`select stats_refresh_laborers(array(select record_id from import_change where batch_id = ? and entity = 'Laborer'))`, [batchId]);
  await sql(`select stats_refresh_households(array(select record_id from import_change where batch_id = ? and entity = 'Household'))`, [batchId]);
}

/** Of the laborers a batch created, those something else now refers to (an enrollment …): undo keeps them. */
async function referencedSql(sql: Sql, created: string): Promise<string> {
  const refs = (await sql(`select conrelid::regclass::text as t, (select attname from pg_attribute where attrelid = conrelid and attnum = conkey[1]) as c
    from pg_constraint where contype = 'f' and confrelid = 'laborer'::regclass and conrelid <> 'laborer'::regclass`)) as { t: string; c: string }[];
  return refs.map((r) => `select x.${r.c} as id from ${r.t} x join ${created} k on k.record_id = x.${r.c}`).join(' union ') || 'select null::int as id where false';
}

export interface UndoPlan {
  remove: number;
  restore: number;
  kept: { entity: string; recordId: number; rowNumber: number | null; reason: string }[];
}

/**
 * What undo would do now: records changed since the batch (or referenced by others) are kept. One
 * set-based statement (joins, never an EXISTS inside CASE, which runs once per row): a row-by-row form with a
 * correlated NOT IN never finished at 170,200 rows, and probes per record took the preview past the
 * request's statement timeout.
 */
export async function planRegistryUndo(sql: Sql, batchId: number): Promise<UndoPlan> {
  const referenced = await referencedSql(sql, 'created_l');
  const rows = (await sql(`with c as materialized (select entity, record_id, action, version, row_number from import_change where batch_id = ?),
      created_l as materialized (select record_id from c where entity = 'Laborer' and action = 'CREATE'),
      used_l as materialized (${referenced}),
      used_h as materialized (
        select distinct l.household_id as id from laborer l join c on c.entity = 'Household' and c.action = 'CREATE' and c.record_id = l.household_id
        where not exists (select 1 from created_l k where k.record_id = l.id))
    select c.entity, c.record_id, c.action, c.row_number,
      case when c.entity = 'Laborer' then
          case when l.id is null then 'GONE' when extract(epoch from l.updated_at)::text <> c.version then 'CHANGED'
               when c.action = 'CREATE' and ul.id is not null then 'IN_USE' else 'OK' end
        else
          case when h.id is null then 'GONE' when extract(epoch from h.updated_at)::text <> c.version then 'CHANGED'
               when c.action = 'CREATE' and uh.id is not null then 'IN_USE' else 'OK' end
      end as state
    from c left join laborer l on c.entity = 'Laborer' and l.id = c.record_id left join used_l ul on ul.id = l.id
      left join household h on c.entity = 'Household' and h.id = c.record_id left join used_h uh on uh.id = h.id`, [batchId])) as { entity: string; record_id: number; action: string; row_number: number | null; state: string }[];
  const plan: UndoPlan = { remove: 0, restore: 0, kept: [] };
  for (const r of rows) {
    if (r.state === 'OK') {
      if (r.action === 'CREATE') plan.remove++;
      else plan.restore++;
    } else if (r.state !== 'GONE') plan.kept.push({ entity: r.entity, recordId: r.record_id, rowNumber: r.row_number, reason: r.state });
  }
  return plan;
}

/**
 * Undoes a committed batch in the caller's transaction, keeping what changed since. The laborers are
 * restored and removed a window of rows at a time (`progressRows`), `progress` told the rows done after each.
 */
export async function undoRegistry(sql: Sql, batchId: number, p: Principal, progress: (done: number) => Promise<void>, progressRows: number): Promise<UndoPlan> {
  const user = [p.userId, p.username];
  const plan = await planRegistryUndo(sql, batchId);
  const keptL = JSON.stringify(plan.kept.filter((k) => k.entity === 'Laborer').map((k) => k.recordId));
  const keptH = JSON.stringify(plan.kept.filter((k) => k.entity === 'Household').map((k) => k.recordId));
  // With the triggers on: deleting a created laborer or household takes its events' lifecycle counts along
  // (the events stay, append-only), and a restore moves its flags' counts back.
  // Restores first (a restored household may be one whose created laborers go next).
  // The records this batch created carry only the registrations its commit wrote: undo may delete them
  // (the delete guard of Migration20261207000200 lets this transaction through, and no other).
  await sql(`select set_config('fupin.registry_undo', 'on', true)`);
  await sql(`insert into audit_log (user_id, username, action, entity, record_id, region_code, before, after)
    select ?, ?, 'UPDATE', 'Household', h.id::text, h.village_code, null, c.before
    from import_change c join household h on h.id = c.record_id
    where c.batch_id = ? and c.entity = 'Household' and c.action = 'UPDATE' and c.record_id not in (select (jsonb_array_elements_text(?::jsonb))::integer)`, [...user, batchId, keptH]);
  await sql(`update household h set ${setFrom(H_COLS, 'c.before', 'h')}, updated_at = now() from import_change c
    where c.batch_id = ? and c.entity = 'Household' and c.action = 'UPDATE' and h.id = c.record_id and c.record_id not in (select (jsonb_array_elements_text(?::jsonb))::integer)`, [batchId, keptH]);
  for (const w of await rowWindows(sql, batchId, progressRows)) {
    const laborers = `c.batch_id = ? and c.entity = 'Laborer' and c.row_number > ? and c.row_number <= ? and c.record_id not in (select (jsonb_array_elements_text(?::jsonb))::integer)`;
    const args = [batchId, w.from, w.to, keptL];
    await sql(`insert into audit_log (user_id, username, action, entity, record_id, region_code, before, after)
      select ?, ?, 'UPDATE', 'Laborer', l.id::text, l.village_code, (select jsonb_object_agg(k, ${snapshotL('l')}->k) from jsonb_object_keys(c.before) k), c.before
      from import_change c join laborer l on l.id = c.record_id
      where c.action = 'UPDATE' and ${laborers}`, [...user, ...args]);
    await sql(`update laborer l set ${setFrom(L_COLS, 'c.before', 'l')}, updated_at = now() from import_change c
      where c.action = 'UPDATE' and l.id = c.record_id and ${laborers}`, args);
    await sql(`insert into audit_log (user_id, username, action, entity, record_id, region_code, before, after)
      select ?, ?, 'DELETE', 'Laborer', l.id::text, l.village_code, ${snapshotL('l')}, null
      from import_change c join laborer l on l.id = c.record_id
      where c.action = 'CREATE' and ${laborers}`, [...user, ...args]);
    await sql(`delete from laborer l using import_change c
      where c.action = 'CREATE' and l.id = c.record_id and ${laborers}`, args);
    await progress(w.done);
  }
  await sql(`insert into audit_log (user_id, username, action, entity, record_id, region_code, before, after)
    select ?, ?, 'DELETE', 'Household', h.id::text, h.village_code, ${snapshotH('h')}, null
    from import_change c join household h on h.id = c.record_id
    where c.batch_id = ? and c.entity = 'Household' and c.action = 'CREATE' and not exists (select 1 from laborer l where l.household_id = h.id)
      and c.record_id not in (select (jsonb_array_elements_text(?::jsonb))::integer)`, [...user, batchId, keptH]);
  await sql(`delete from household h using import_change c
    where c.batch_id = ? and c.entity = 'Household' and c.action = 'CREATE' and h.id = c.record_id and not exists (select 1 from laborer l where l.household_id = h.id)
      and c.record_id not in (select (jsonb_array_elements_text(?::jsonb))::integer)`, [batchId, keptH]);
  await sql(`select set_config('fupin.registry_undo', 'off', true)`);
  await refreshStats(sql, batchId);
  return plan;
}
