import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, startTestHub, type Gql, type TestHub } from '../../../test/hub';
import { createContext } from '../../context';
import { Household } from '../registry/household.entity';
import { Region } from '../region/region.entity';

let hub: TestHub;
let village: string;
let operator: Gql;

const auditOf = (entity: string, id: string) => hub.sql(`select action, username, region_code, before, after from audit_log where entity = $1 and record_id = $2 order by id`, [entity, id]);

beforeAll(async () => {
  hub = await startTestHub();
  village = (await hub.gql(`{ allRegions(filter: { level: VILLAGE, within: "511321000000", isUrban: false }, perPage: 1) { code } }`)).data.allRegions[0].code;
  operator = await hub.as('OPERATOR', '511321000000');
});
afterAll(() => hub?.close());

describe('the audit trail', () => {
  it('records who created, changed and deleted what, with the fields before and after', async () => {
    const h = (await operator(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "审计户", memberCount: 3) { id } }`, { v: village })).data.createHousehold.id;
    const idn = makeIdNumber('511321', '19850505', '051');
    const l = (await operator(`mutation($h: ID!, $i: String!) { createLaborer(householdId: $h, name: "审计人", idNumber: $i, phone: "13900001111") { id } }`, { h, i: idn })).data.createLaborer.id;
    await operator(`mutation($id: ID!) { updateLaborer(id: $id, name: "审计人二", wantsTraining: true) { id } }`, { id: l });
    // A registered laborer is not deleted (HAS_REGISTRY_EVENTS): the refusal writes no entry.
    const refused = await operator(`mutation($id: ID!) { deleteLaborer(id: $id) { id } }`, { id: l });
    expect(refused.errors?.[0].extensions?.code).toBe('HAS_REGISTRY_EVENTS');
    const rows = await auditOf('Laborer', l);
    expect(rows.map((r) => r.action)).toEqual(['CREATE', 'UPDATE']);
    expect(rows.every((r) => r.username === operator.username && r.region_code === village)).toBe(true);
    expect(rows[0].before).toBeNull();
    expect(rows[0].after).toMatchObject({ id: Number(l), name: '审计人', idNumber: idn, phone: '13900001111', village, household: Number(h), povertyStatus: 'POOR' });
    expect(rows[1].before).toEqual({ name: '审计人', wantsTraining: false });
    expect(rows[1].after).toEqual({ name: '审计人二', wantsTraining: true });
    expect((await auditOf('Household', h)).map((r) => r.action)).toEqual(['CREATE']);
    // A deletion is audited with the row as it was: a household without events (written around the API).
    const [bare] = await hub.sql(`insert into household (village_code, head_name, member_count) values ($1, '无记录户', 2) returning id`, [village]);
    const del = await operator(`mutation($id: ID!) { deleteHousehold(id: $id) { id } }`, { id: String(bare.id) });
    expect(del.errors).toBeUndefined();
    const gone = await auditOf('Household', String(bare.id));
    expect(gone.map((r) => r.action)).toEqual(['DELETE']);
    expect(gone[0].before).toMatchObject({ id: Number(bare.id), headName: '无记录户' });
    expect(gone[0].after).toBeNull();
  });

  it('records a change of a `status` field as a status change', async () => {
    // Any entity with a `status` field; the welfare post is one.
    const post = await hub.gql(`mutation($r: ID!) { createWelfarePost(title: "保洁员", category: GREENING, regionId: $r, monthlyPay: 500) { id } }`, { r: village });
    if (post.errors) throw new Error(JSON.stringify(post.errors));
    const id = post.data.createWelfarePost.id;
    const closed = await hub.gql(`mutation($id: ID!) { updateWelfarePost(id: $id, status: CLOSED) { status } }`, { id });
    expect(closed.errors).toBeUndefined();
    const rows = await auditOf('WelfarePost', id);
    expect(rows.map((r) => r.action)).toEqual(['CREATE', 'STATUS']);
    expect(rows[1]).toMatchObject({ before: { status: 'OPEN' }, after: { status: 'CLOSED' } });
  });

  it('is written in the transaction of the change: a change that fails leaves no entry', async () => {
    const before = (await hub.sql('select count(*)::int as n from audit_log'))[0].n;
    // A mutation whose flush succeeds, then fails in the database (a household that still has laborers).
    const h = (await hub.gql(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "有人户", memberCount: 2) { id } }`, { v: village })).data.createHousehold.id;
    await hub.gql(`mutation($h: ID!, $i: String!) { createLaborer(householdId: $h, name: "有人", idNumber: $i) { id } }`, { h, i: makeIdNumber('511321', '19860606', '061') });
    const afterCreates = (await hub.sql('select count(*)::int as n from audit_log'))[0].n;
    // Each create and its registration event (建档立卡), audited alike.
    expect(afterCreates).toBe(before + 4);
    expect((await hub.gql(`mutation($id: ID!) { deleteHousehold(id: $id) { id } }`, { id: h })).errors?.[0].extensions?.code).toBe('HAS_REGISTRY_EVENTS');
    expect((await hub.sql('select count(*)::int as n from audit_log'))[0].n).toBe(afterCreates);

    // Entries already written in the transaction go when it rolls back.
    const ctx = createContext(hub.orm.em as unknown as EntityManager, 'zh', { userId: 1, username: 'admin', role: 'CITY_ADMIN', scope: null, sessionId: 0 });
    await expect(
      ctx.em.transactional(async (em) => {
        em.create(Household, { village: em.getReference(Region, village), headName: '回滚户', memberCount: 1 } as never);
        await em.flush();
        const [{ n }] = await em.getConnection().execute(`select count(*)::int as n from audit_log where after->>'headName' = '回滚户'`, [], 'all', em.getTransactionContext());
        expect(n).toBe(1);
        throw new Error('something after the flush fails');
      }),
    ).rejects.toThrow('something after the flush fails');
    expect((await hub.sql(`select count(*)::int as n from audit_log where after->>'headName' = '回滚户'`))[0].n).toBe(0);
    expect((await hub.sql(`select count(*)::int as n from household where head_name = '回滚户'`))[0].n).toBe(0);
  });

  it('fails the change when its entry cannot be written', async () => {
    // Simulates a broken audit table: the change must not be written without its entry.
    await hub.sql(`alter table audit_log add constraint audit_test_no_households check (entity <> 'Household') not valid`);
    try {
      const r = await hub.gql(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "无痕户", memberCount: 1) { id } }`, { v: village });
      expect(r.errors?.[0].extensions?.code).toBeDefined();
      expect((await hub.sql(`select count(*)::int as n from household where head_name = '无痕户'`))[0].n).toBe(0);
    } finally {
      await hub.sql(`alter table audit_log drop constraint audit_test_no_households`);
    }
  });

  it('records sign-ins and reveals of personal data, never the value revealed', async () => {
    const analyst = await hub.as('ANALYST');
    const idn = makeIdNumber('511321', '19870707', '071');
    const h = (await hub.gql(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "揭示户", memberCount: 2) { id } }`, { v: village })).data.createHousehold.id;
    const l = (await hub.gql(`mutation($h: ID!, $i: String!) { createLaborer(householdId: $h, name: "揭示", idNumber: $i, phone: "13700007777") { id } }`, { h, i: idn })).data.createLaborer.id;
    const masked = await analyst(`query($id: ID!) { Laborer(id: $id) { idNumber phone birthDate age } }`, { id: l });
    expect(masked.data.Laborer).toMatchObject({ idNumber: `${idn.slice(0, 6)}************`, phone: '*******7777', birthDate: null });
    const shown = await analyst(`query($id: ID!) { id: revealLaborerIdNumber(id: $id) phone: revealLaborerPhone(id: $id) }`, { id: l });
    expect(shown.data).toEqual({ id: idn, phone: '13700007777' });
    const rows = await hub.sql(`select action, username, after from audit_log where action in ('REVEAL', 'SIGN_IN') and user_id = $1 order by id`, [analyst.userId]);
    expect(rows).toEqual([
      { action: 'SIGN_IN', username: analyst.username, after: null },
      { action: 'REVEAL', username: analyst.username, after: { field: 'idNumber' } },
      { action: 'REVEAL', username: analyst.username, after: { field: 'phone' } },
    ]);
    // A viewer may not reveal; an operator of another county finds no such laborer.
    const viewer = await hub.as('VIEWER');
    expect((await viewer(`query($id: ID!) { revealLaborerIdNumber(id: $id) }`, { id: l })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await hub.as('OPERATOR', '511381000000');
    expect((await other(`query($id: ID!) { revealLaborerIdNumber(id: $id) }`, { id: l })).data.revealLaborerIdNumber).toBeNull();
    expect((await hub.sql(`select count(*)::int as n from audit_log where action = 'REVEAL' and user_id = $1`, [other.userId]))[0].n).toBe(0);
  }, 60_000);

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    for (const sql of ['update audit_log set username = $$forged$$', 'delete from audit_log', 'truncate audit_log']) {
      await expect(hub.sql(sql), sql).rejects.toThrow(/audit_log is append-only/);
    }
    expect((await hub.sql(`select count(*)::int as n from audit_log where username = 'forged'`))[0].n).toBe(0);
  });

  it('is browsed by administrators by record, user, action and date; a record shows its history', async () => {
    const h = (await operator(`mutation($v: ID!) { createHousehold(villageId: $v, headName: "浏览户", memberCount: 2) { id } }`, { v: village })).data.createHousehold.id;
    await operator(`mutation($id: ID!) { updateHousehold(id: $id, memberCount: 4) { id } }`, { id: h });
    const q = `query($f: AuditLogFilter) { allAuditLogs(filter: $f, sortField: "id") { action entity recordId username regionCode before after } _allAuditLogsMeta(filter: $f) { count } }`;
    const byRecord = (await hub.gql(q, { f: { entity: 'Household', recordId: h } })).data;
    expect(byRecord.allAuditLogs.map((r: { action: string }) => r.action)).toEqual(['CREATE', 'UPDATE']);
    expect(byRecord.allAuditLogs[1]).toMatchObject({ username: operator.username, regionCode: village, before: { memberCount: 2 }, after: { memberCount: 4 } });
    const byUser = (await hub.gql(q, { f: { userId: Number(operator.userId), action: 'UPDATE', at_gte: new Date(Date.now() - 60_000).toISOString() } })).data;
    expect(byUser._allAuditLogsMeta.count).toBeGreaterThanOrEqual(1);
    const future = (await hub.gql(q, { f: { at_gte: new Date(Date.now() + 3600_000).toISOString() } })).data;
    expect(future._allAuditLogsMeta.count).toBe(0);

    const trail = `query($id: ID!) { auditTrail(entity: "Household", recordId: $id) { action username } }`;
    expect((await operator(trail, { id: h })).data.auditTrail.map((r: { action: string }) => r.action)).toEqual(['CREATE', 'UPDATE']);
    const other = await hub.as('OPERATOR', '511381000000');
    expect((await other(trail, { id: h })).data.auditTrail).toEqual([]);
    expect((await operator(`{ allAuditLogs { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const analyst = await hub.as('ANALYST');
    expect((await analyst(trail, { id: h })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  }, 60_000);
});
