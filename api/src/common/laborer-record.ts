import { DecimalType, ManyToOne, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Region } from '../modules/region/region.entity';
import { Laborer } from '../modules/registry/laborer.entity';
import type { Context } from '../context';
import { scopeSql } from '../modules/auth/scope';
import { Timestamped } from './timestamps';

/** Yuan with two decimals (numeric in the database, a JS number here: exact for sums below 10^13). */
export const money = () => new DecimalType('number');

/**
 * A record about one laborer. It carries the laborer's village (kept equal by a composite foreign
 * key), so every record has a region code to filter, scope and aggregate by without joins.
 */
@ObjectType()
export abstract class LaborerRecord extends Timestamped {
  @ManyToOne(() => Laborer, { ref: true, fieldName: 'laborer_id' })
  laborer!: Ref<Laborer>;

  @ManyToOne(() => Region, { ref: true, fieldName: 'village_code' })
  village!: Ref<Region>;

  @Field(() => ID, { description: 'Id of the laborer.' })
  get laborerId(): number {
    return this.laborer.id;
  }

  @Field(() => ID, { description: "Code of the laborer's village." })
  get villageId(): string {
    return this.village.unwrap().code;
  }
}

/**
 * A list of a laborer's records (a field of the Laborer type: enrollments, loans ...): its entity and
 * its order. The programme modules declare theirs with `laborerRecordList`.
 */
export interface LaborerRecordList<E extends LaborerRecord> {
  key: string;
  entity: new () => E;
  /** SQL order of the list over the table's columns (alias `t`), ties broken by id. */
  orderBy: string;
}

const recordLists = new Map<string, LaborerRecordList<LaborerRecord>>();

export function laborerRecordList<E extends LaborerRecord>(key: string, entity: new () => E, orderBy: string): LaborerRecordList<E> {
  const list = { key, entity, orderBy };
  recordLists.set(key, list as unknown as LaborerRecordList<LaborerRecord>);
  return list;
}

/**
 * The records of one list of a laborer. Every list asked for in one tick, of every laborer, is read in
 * ONE statement (a union over the tables, each row as JSON, mapped to managed entities): a person's page
 * asks for six lists, and a statement each was most of its cost. The region scope is the ORM filter's
 * own condition (`scopeSql`) on each table.
 */
export function laborerRecords<E extends LaborerRecord>(ctx: Context, list: LaborerRecordList<E>, laborerId: number): Promise<E[]> {
  return ctx.loaders.get<string, LaborerRecord[]>('laborer.recordLists', (keys) => loadRecordLists(ctx, keys)).load(`${list.key}:${laborerId}`) as Promise<E[]>;
}

async function loadRecordLists(ctx: Context, keys: readonly string[]): Promise<LaborerRecord[][]> {
  const idsByList = new Map<string, number[]>();
  for (const k of keys) {
    const [name, id] = k.split(':');
    idsByList.set(name, [...(idsByList.get(name) ?? []), Number(id)]);
  }
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [name, ids] of idsByList) {
    const list = recordLists.get(name)!;
    const meta = ctx.em.getMetadata().get(list.entity.name);
    const scope = scopeSql(ctx.em, meta.className, 't');
    parts.push(
      `select ?::text as k, t.laborer_id as l, row_number() over (order by ${list.orderBy}) as n, row_to_json(t) as r from ${meta.tableName} t where t.laborer_id = any(?::int[]) and ${scope.sql}`,
    );
    // Arrays as literals: knex would spread a JS array into a list of parameters.
    params.push(name, `{${ids.join(',')}}`, ...scope.params);
  }
  const rows = await ctx.em.execute<{ k: string; l: number; r: Record<string, unknown> }[]>(`select k, l, r from (${parts.join(' union all ')}) x order by n`, params);
  const byKey = new Map<string, LaborerRecord[]>();
  for (const row of rows) {
    const entity = ctx.em.map(recordLists.get(row.k)!.entity, row.r);
    const key = `${row.k}:${row.l}`;
    const list = byKey.get(key);
    if (list) list.push(entity);
    else byKey.set(key, [entity]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}
