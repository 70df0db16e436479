import { DeadlockException, LockMode } from '@mikro-orm/core';
import type { EntityName, FilterQuery, FindOptions } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Arg, Args, type ClassType, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Access, type AccessRule } from '../modules/auth/access';
import { defaultCrudAccess } from '../modules/auth/scope';
import { assertMaskedUse } from '../modules/auth/sensitive';
import { AppError } from './errors';
import { intId, ListArgs, ListMetadata, pageOptions } from './list';

export interface CrudOptions<E extends object, F extends object> {
  /** GraphQL type name, e.g. `Laborer`; queries are `Laborer`, `allLaborers`, `_allLaborersMeta`. */
  name: string;
  plural?: string;
  type: ClassType<E>;
  entity: EntityName<E>;
  filter: ClassType<F>;
  /** Builds the WHERE of the list and its count from the filter. */
  where(filter: F | undefined, ctx: Context): FilterQuery<E>;
  sortable: Record<string, string>;
  defaultSort?: string;
  /** Parses the id argument (integer ids by default). */
  parseId?: (id: string) => unknown;
  populate?: FindOptions<E>['populate'];
  /**
   * To-one relations joined into the detail's own statement when the request selects the field of that
   * name (field name: relation), instead of a statement of its own; the field's resolver must answer a
   * loaded relation without asking again. Not for lists: on a page of 25, MikroORM's hydration of the
   * joined rows cost the hub more CPU than the one batched statement per relation it saves (measured,
   * e2e/bench/results/profiles.md).
   */
  joinWhenSelected?: Record<string, string>;
  create?: { args: ClassType<object>; run(ctx: Context, args: any): Promise<E> };
  update?: { args: ClassType<object>; run(ctx: Context, args: any): Promise<E> };
  remove?: (ctx: Context, id: unknown) => Promise<E>;
  /** Who may read (detail, list, count) and write (create, update, delete); by default READ and WRITE (see auth/access.ts), ADMIN writes for `@CityWide` entities, ADMIN for `@AdminOnly` ones. */
  access?: { read?: AccessRule; write?: AccessRule };
}

/** Times a mutation is run again after PostgreSQL chose it as a deadlock victim (or a serialization failure). */
export const DEADLOCK_RETRIES = 3;

/**
 * Runs a mutation as one transaction on the request's EntityManager; a failure writes nothing. Counter
 * and facts rows are locked in key order within a statement, but two transactions whose statements touch
 * the same people in different orders can still deadlock: PostgreSQL aborts one, and it runs again from
 * the start (nothing of the aborted attempt stays: the transaction's fork is dropped).
 */
export async function inTransaction<T>(ctx: Context, fn: (ctx: Context) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.em.transactional((em) => fn({ ...ctx, em: em as Context['em'] }));
    } catch (e) {
      if (!(e instanceof DeadlockException) || attempt >= DEADLOCK_RETRIES) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}

/**
 * Resolver classes for the list, detail and CRUD operations of one resource, named by the
 * ra-data-graphql-simple conventions. Every resource goes through here, so paging limits, sorting
 * checks, transactions and not-found answers are the same everywhere.
 */
export function crudResolvers<E extends object, F extends object>(o: CrudOptions<E, F>): ClassType[] {
  const plural = o.plural ?? `${o.name}s`;
  const parseId = o.parseId ?? ((id: string) => intId(id));
  const defaultSort = o.defaultSort ?? 'id';
  const resolvers: ClassType[] = [];
  const access = { ...defaultCrudAccess(o.entity), ...o.access };
  const entityName = typeof o.entity === 'function' ? o.entity.name : String(o.entity);

  // What to load with the detail's row: the resource's own populate, and the relations selected that it joins.
  const loadOptions = (info: GraphQLResolveInfo) => {
    const joins = o.joinWhenSelected ? [...selectedFields(info)].filter((f) => Object.hasOwn(o.joinWhenSelected!, f)).map((f) => o.joinWhenSelected![f]) : [];
    if (!joins.length) return { populate: o.populate };
    return { populate: [...((o.populate as string[] | undefined) ?? []), ...joins], strategy: 'joined' };
  };

  @Resolver(() => o.type)
  class ReadResolver {
    @Access(access.read)
    @Query(() => o.type, { name: o.name, nullable: true, description: `One ${o.name} by id; null when there is none.` })
    async one(@Arg('id', () => ID, { description: 'Id of the record.' }) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<E | null> {
      let pk: unknown;
      try {
        pk = parseId(id);
      } catch {
        return null;
      }
      return (await ctx.em.findOne(o.entity, pk as FilterQuery<E>, loadOptions(info) as never)) as E | null;
    }

    @Access(access.read)
    @Query(() => [o.type], { name: `all${plural}`, description: `A page of ${plural}, filtered and sorted. Sortable by: ${Object.keys(o.sortable).join(', ')}.` })
    async list(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => o.filter, { nullable: true }) filter: F | undefined, @Ctx() ctx: Context): Promise<E[]> {
      const page = pageOptions(args, o.sortable, defaultSort);
      const where = o.where(filter, ctx);
      assertMaskedUse(ctx, entityName, where, page.orderBy);
      return (await ctx.em.find(o.entity, where, { ...page, populate: o.populate } as never)) as E[];
    }

    @Access(access.read)
    @Query(() => ListMetadata, { name: `_all${plural}Meta`, description: `How many ${plural} match the filter.` })
    async meta(
      @Args(() => ListArgs) _args: ListArgs,
      @Arg('filter', () => o.filter, { nullable: true }) filter: F | undefined,
      @Ctx() ctx: Context,
    ): Promise<ListMetadata> {
      const where = o.where(filter, ctx);
      assertMaskedUse(ctx, entityName, where);
      return { count: await ctx.em.count(o.entity, where) };
    }
  }
  Object.defineProperty(ReadResolver, 'name', { value: `${o.name}ReadResolver` });
  resolvers.push(ReadResolver);

  if (o.create) {
    const c = o.create;
    @Resolver(() => o.type)
    class CreateResolver {
      @Access(access.write)
      @Mutation(() => o.type, { name: `create${o.name}`, description: `Creates a ${o.name}; one transaction.` })
      create(@Args(() => c.args) args: object, @Ctx() ctx: Context): Promise<E> {
        return inTransaction(ctx, (tx) => c.run(tx, args));
      }
    }
    resolvers.push(CreateResolver);
  }
  if (o.update) {
    const u = o.update;
    @Resolver(() => o.type)
    class UpdateResolver {
      @Access(access.write)
      @Mutation(() => o.type, { name: `update${o.name}`, description: `Updates a ${o.name}: only the arguments given change; one transaction.` })
      update(@Args(() => u.args) args: object, @Ctx() ctx: Context): Promise<E> {
        return inTransaction(ctx, (tx) => u.run(tx, args));
      }
    }
    resolvers.push(UpdateResolver);
  }
  if (o.remove) {
    const r = o.remove;
    @Resolver(() => o.type)
    class DeleteResolver {
      @Access(access.write)
      @Mutation(() => o.type, { name: `delete${o.name}`, description: `Deletes a ${o.name} and returns it as it was; refused while other records refer to it.` })
      remove(@Arg('id', () => ID, { description: 'Id of the record.' }) id: string, @Ctx() ctx: Context): Promise<E> {
        return inTransaction(ctx, (tx) => r(tx, parseId(id)));
      }
    }
    resolvers.push(DeleteResolver);
  }
  return resolvers;
}

/** Names of the fields a resolver's selection asks for (fragments included). */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const out = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, depth: number) => {
    if (!set || depth > 8) return;
    for (const s of set.selections) {
      if (s.kind === 'Field') out.add(s.name.value);
      else if (s.kind === 'InlineFragment') walk(s.selectionSet, depth + 1);
      else walk(info.fragments[s.name.value]?.selectionSet, depth + 1);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, 0);
  return out;
}

/** Loads a row for a write or fails with NOT_FOUND naming the field. */
export async function mustFind<E extends object>(ctx: Context, entity: EntityName<E>, id: unknown, field = 'id'): Promise<E> {
  const row = await ctx.em.findOne(entity, id as FilterQuery<E>);
  if (!row) throw new AppError('NOT_FOUND', field);
  return row;
}

/** A row another record points to; a malformed or unknown id is INVALID_REFERENCE, as the foreign key would say. */
export async function mustFindRef<E extends object>(ctx: Context, entity: new () => E, id: string, field: string, lock = false): Promise<E> {
  const n = Number(id);
  const row = Number.isSafeInteger(n) && n > 0 ? await ctx.em.findOne(entity, n as never, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) : null;
  if (!row) throw new AppError('INVALID_REFERENCE', field);
  return row as E;
}

/**
 * Deletes a row and answers with it as it was: what every delete mutation returns. The flush runs the
 * database's constraints, so a row other records still refer to fails with IN_USE and stays.
 */
export async function removeAndReturn<E extends object>(ctx: Context, row: E): Promise<E> {
  const snapshot = Object.assign(Object.create(Object.getPrototypeOf(row)) as E, row);
  ctx.em.remove(row);
  await ctx.em.flush();
  return snapshot;
}
