import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AppError } from './errors';
import { SortOrderEnum } from './enums';

/**
 * List conventions, the same for every resource (those of ra-data-graphql-simple, so the admin uses
 * react-admin's own provider): `allXs(page, perPage, sortField, sortOrder, filter)` and
 * `_allXsMeta(filter) { count }`. Pages are zero-based.
 */
@ArgsType()
export class ListArgs {
  @Field(() => Int, { nullable: true, description: 'Zero-based page number (default 0).' })
  page?: number;

  @Field(() => Int, { nullable: true, description: `Rows per page: ${DEFAULT_PAGE_SIZE} by default, at most ${MAX_PAGE_SIZE}.` })
  perPage?: number;

  @Field(() => String, { nullable: true, description: 'Field to sort by (each list names the ones it accepts); ties are broken by id.' })
  sortField?: string;

  @Field(() => SortOrderEnum, { nullable: true, description: 'ASC (default) or DESC.' })
  sortOrder?: 'ASC' | 'DESC';
}

@ObjectType({ description: 'Metadata of a filtered list: how many rows match in all.' })
export class ListMetadata {
  @Field(() => Int, { description: 'Number of rows matching the filter, over all pages.' })
  count!: number;
}


/** Decorated so the filters that extend it inherit `ids` (never a type of its own in the schema). */
@InputType()
export class BaseFilter {
  @Field(() => [ID], { nullable: true, description: 'Only these ids.' })
  ids?: string[];
}

export interface PageOptions {
  limit: number;
  offset: number;
  orderBy: Record<string, 'ASC' | 'DESC'>;
}

/** Validates paging and sorting; `sortable` maps GraphQL field names to entity properties. */
export function pageOptions(args: ListArgs, sortable: Record<string, string>, defaultSort: string): PageOptions {
  const perPage = args.perPage ?? DEFAULT_PAGE_SIZE;
  const page = args.page ?? 0;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PAGE_SIZE) throw new AppError('PAGE_SIZE_EXCEEDED', 'perPage', { max: MAX_PAGE_SIZE });
  if (!Number.isInteger(page) || page < 0) throw new AppError('VALIDATION_FAILED', 'page');
  const field = args.sortField ?? defaultSort;
  // Own keys only: `__proto__` or `constructor` are no sort fields.
  const prop = typeof field === 'string' && Object.hasOwn(sortable, field) ? sortable[field] : undefined;
  if (!prop) throw new AppError('INVALID_SORT', 'sortField', { field });
  const dir = args.sortOrder === 'DESC' ? 'DESC' : 'ASC';
  const orderBy: Record<string, 'ASC' | 'DESC'> = { [prop]: dir };
  // Ties broken by the primary key (what `id` sorts by), so pages never overlap.
  const pk = sortable.id ?? 'id';
  if (prop !== pk) orderBy[pk] = dir;
  return { limit: perPage, offset: page * perPage, orderBy };
}

/** Escapes LIKE wildcards in user text. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Parses a GraphQL ID that must be a positive integer, else a coded error naming the field. */
export function intId(value: string | number, field = 'id'): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new AppError('NOT_FOUND', field);
  return n;
}

/** Adds a filter clause when the condition was given (null and undefined both mean "not filtered"). */
export const setIf = (w: Record<string, unknown>[], cond: unknown, clause: () => Record<string, unknown>) => {
  if (cond !== undefined && cond !== null) w.push(clause());
};

/** The clauses `setIf` collected, all of which must hold; none is the empty filter. */
export const and = <E>(w: Record<string, unknown>[]): FilterQuery<E> => (w.length ? ({ $and: w } as FilterQuery<E>) : ({} as FilterQuery<E>));
