import type { AuditAction } from '@fupin/schema';
import {
  type ChangeSet,
  ChangeSetType,
  type EntityManager,
  type EntityMetadata,
  type EventSubscriber,
  type FlushEventArgs,
  helper,
  Reference,
  ReferenceKind,
  type TransactionEventArgs,
  type UnitOfWork,
  Utils,
} from '@mikro-orm/core';
import type { Principal } from '../auth/access';
import { principalOf, regionCodeOf } from '../auth/scope';

/**
 * The audit trail (杜绝弄虚作假): every create, update, delete and status change made on behalf of a
 * user becomes an `audit_log` row written in the same database transaction as the change, for every
 * entity (new ones included) unless it is marked `@NotAudited` (sessions, the log itself).
 *
 * The rows are collected when the unit of work flushes (`onFlush`, where the change sets and the values
 * before them are known) and inserted once the records are written (so new records have their ids) but
 * before the transaction commits: in `afterFlush` when the flush runs inside a transaction (every
 * mutation does, see `inTransaction`), in `beforeTransactionCommit` when the flush opened its own.
 * A change that fails leaves no audit row, and an audit row that cannot be written fails the change.
 *
 * Values are stored as they are (administrators read the trail), never logged; properties marked
 * `hidden` (password hashes, session tokens) show only as "[secret]".
 */

const notAudited = new Set<Function>();

/** Changes to this entity are not audited (it is bookkeeping of the hub itself). */
export function NotAudited(): ClassDecorator {
  return (target) => void notAudited.add(target);
}

function isAudited(meta: EntityMetadata): boolean {
  for (let c: Function | null = meta.class; c && c !== Object; c = Object.getPrototypeOf(c)) if (notAudited.has(c)) return false;
  return true;
}

export const SECRET = '[secret]';

export interface AuditRow {
  userId: number | null;
  username: string;
  action: AuditAction;
  entity: string;
  recordId: string;
  regionCode: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A row still missing what only the insert tells (the id and defaults of a new record). */
type PendingRow = AuditRow | (() => AuditRow);

const pending = new WeakMap<UnitOfWork, PendingRow[]>();

function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === 'object' && Utils.isEntity(v, true)) return helper(Reference.unwrapReference(v as never) as object).getPrimaryKey() ?? null;
  return v;
}

const SNAPSHOT_KINDS = new Set<string>([ReferenceKind.SCALAR, ReferenceKind.MANY_TO_ONE, ReferenceKind.ONE_TO_ONE, ReferenceKind.EMBEDDED]);

/** Every stored field of a record (relations by id), secrets blanked. */
function snapshot(meta: EntityMetadata, entity: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const prop of meta.props) {
    if (prop.persist === false || !SNAPSHOT_KINDS.has(prop.kind) || (prop.kind === ReferenceKind.ONE_TO_ONE && !prop.owner)) continue;
    const v = (entity as Record<string, unknown>)[prop.name];
    out[prop.name] = prop.hidden ? SECRET : normalize(v);
  }
  return out;
}

function diff(cs: ChangeSet<object>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const original = (cs.originalEntity ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(cs.payload)) {
    const prop = cs.meta.properties[key as never] as EntityMetadata['props'][number] | undefined;
    // The last-change time moves with every update: the entry's own time says it.
    if (!prop || prop.onUpdate || prop.version) continue;
    before[key] = prop.hidden ? SECRET : normalize(original[key]);
    after[key] = prop.hidden ? SECRET : normalize((cs.entity as Record<string, unknown>)[key]);
  }
  return { before, after };
}

function rowFor(p: Principal, cs: ChangeSet<object>): PendingRow | null {
  const meta = cs.meta as EntityMetadata;
  const base = { userId: p.userId, username: p.username, entity: meta.className };
  switch (cs.type) {
    case ChangeSetType.CREATE:
      return () => ({
        ...base,
        action: 'CREATE',
        recordId: helper(cs.entity).getSerializedPrimaryKey(),
        regionCode: regionCodeOf(meta, cs.entity),
        before: null,
        after: snapshot(meta, cs.entity),
      });
    case ChangeSetType.UPDATE:
    case ChangeSetType.UPDATE_EARLY: {
      const { before, after } = diff(cs);
      if (!Object.keys(after).length) return null;
      return {
        ...base,
        action: 'status' in after ? 'STATUS' : 'UPDATE',
        recordId: helper(cs.entity).getSerializedPrimaryKey(),
        regionCode: regionCodeOf(meta, cs.entity),
        before,
        after,
      };
    }
    case ChangeSetType.DELETE:
    case ChangeSetType.DELETE_EARLY:
      return {
        ...base,
        action: 'DELETE',
        recordId: helper(cs.entity).getSerializedPrimaryKey(),
        regionCode: regionCodeOf(meta, cs.entity),
        before: snapshot(meta, cs.entity),
        after: null,
      };
    default:
      return null;
  }
}

const INSERT = `insert into audit_log (user_id, username, action, entity, record_id, region_code, before, after)
  select user_id, username, action::audit_action, entity, record_id, region_code, before, after
  from jsonb_to_recordset(?::jsonb) as x(user_id integer, username text, action text, entity text, record_id text, region_code text, before jsonb, after jsonb)`;

/** Inserts audit rows in the transaction `trx` (the EntityManager's own when not given). */
export async function writeAudit(em: EntityManager, rows: AuditRow[], trx: unknown = em.getTransactionContext()): Promise<void> {
  if (!rows.length) return;
  const json = rows.map((r) => ({
    user_id: r.userId,
    username: r.username,
    action: r.action,
    entity: r.entity,
    record_id: r.recordId,
    region_code: r.regionCode,
    before: r.before,
    after: r.after,
  }));
  await em.getConnection('write').execute(INSERT, [JSON.stringify(json)], 'run', trx as never);
}

function resolve(rows: PendingRow[]): AuditRow[] {
  return rows.map((r) => (typeof r === 'function' ? r() : r));
}

export class AuditTrail implements EventSubscriber {
  onFlush({ em, uow }: FlushEventArgs): void {
    const p = principalOf(em as EntityManager);
    // The hub's own work (bootstrap, sign-in) writes its entries itself; anonymous writes were refused by ScopeGuard.
    if (!p) return;
    const rows: PendingRow[] = [];
    for (const cs of uow.getChangeSets()) {
      if (!isAudited(cs.meta as EntityMetadata)) continue;
      const row = rowFor(p, cs as ChangeSet<object>);
      if (row) rows.push(row);
    }
    if (rows.length) pending.set(uow, rows);
  }

  /** The flush ran in its own (implicit) transaction: write before it commits. */
  async beforeTransactionCommit({ em, uow, transaction }: TransactionEventArgs): Promise<void> {
    const rows = uow && pending.get(uow);
    if (!rows) return;
    pending.delete(uow!);
    await writeAudit(em as EntityManager, resolve(rows), transaction);
  }

  /** The flush ran inside a caller's transaction, still open: write in it. */
  async afterFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const rows = pending.get(uow);
    if (!rows) return;
    pending.delete(uow);
    if (!em.isInTransaction()) throw new Error('audit rows left over after the transaction of their change ended');
    await writeAudit(em as EntityManager, resolve(rows));
  }
}
