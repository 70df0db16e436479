import type { ApolloServerPlugin } from '@apollo/server';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@fupin/schema';
import {
  type ASTVisitor,
  defaultFieldResolver,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { AppError, registerFieldLabels } from './errors';

registerFieldLabels({ body: { zh: '请求体', en: 'Request body' } });

/**
 * Limits on what one GraphQL request may ask, checked before anything runs. The numbers are GraphQL
 * Armor's defaults except the depth (Armor: 6), one more so the region tree three levels down with a
 * statistics object per region fits (`Region { children { children { children { stats { x } } } } } }`
 * is 6, a nested statistics object makes 7). Fragments are expanded (spreads add no level), so they
 * cannot hide depth, aliases or cost; introspection (`__schema`, `__type`) is left out of depth and
 * cost, like Armor does, but not out of tokens.
 */
export const LIMITS = {
  /** Nesting of fields: `{ a { b } }` is 2. */
  depth: 7,
  /** Aliased fields in an operation, fragments expanded (Armor: 15). */
  aliases: 15,
  /** Directives in a document (Armor: 50). */
  directives: 50,
  /** Lexical tokens in a document, enforced by the parser (Armor: 1000). */
  tokens: 1000,
  /** Armor's cost: a scalar 1, an object 2 plus 1.5 times its selections' cost (Armor: 5000). */
  cost: 5000,
  /** Objects a response may hold at most, estimated from page sizes: `allLaborers(perPage: 500) { household { id } }` is 1000. */
  resultObjects: 20_000,
  /** Selections after expanding fragments, before the other rules run (Apollo's `maxRecursiveSelections`). */
  recursiveSelections: 5_000,
  /** Size of a request body. */
  bodyBytes: 1024 * 1024,
} as const;

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_COST_FACTOR = 1.5;

const isIntrospection = (name: string) => name === '__schema' || name === '__type';

function limitError(detail: string, max: number): AppError {
  return new AppError('LIMIT_EXCEEDED', undefined, { detail, max });
}

/** Memoised measures of selection sets with fragments expanded (a fragment is measured once, however often spread). */
function measure(fragments: Map<string, FragmentDefinitionNode>) {
  const memo = new Map<string, { depth: number; aliases: number; cost: number }>();
  const inProgress = new Set<string>();
  const ofSet = (set: SelectionSetNode): { depth: number; aliases: number; cost: number } => {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const sel of set.selections) {
      let m: { depth: number; aliases: number; cost: number };
      if (sel.kind === Kind.FIELD) {
        if (isIntrospection(sel.name.value)) continue;
        const sub = sel.selectionSet ? ofSet(sel.selectionSet) : null;
        m = {
          depth: 1 + (sub?.depth ?? 0),
          aliases: (sel.alias ? 1 : 0) + (sub?.aliases ?? 0),
          cost: sub ? OBJECT_COST + DEPTH_COST_FACTOR * sub.cost : SCALAR_COST,
        };
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        m = ofSet(sel.selectionSet);
      } else {
        const name = sel.name.value;
        const f = fragments.get(name);
        // Unknown or cyclic fragments are the standard rules' to report.
        if (!f || inProgress.has(name)) continue;
        let fm = memo.get(name);
        if (!fm) {
          inProgress.add(name);
          fm = ofSet(f.selectionSet);
          inProgress.delete(name);
          memo.set(name, fm);
        }
        m = fm;
      }
      depth = Math.max(depth, m.depth);
      aliases += m.aliases;
      cost += m.cost;
    }
    return { depth, aliases, cost };
  };
  return ofSet;
}

/** Depth, aliases and cost of each operation; directives of the whole document. */
export function limitsRule(context: ValidationContext): ASTVisitor {
  const doc = context.getDocument();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let directives = 0;
  return {
    Directive() {
      directives++;
    },
    Document: {
      leave() {
        if (directives > LIMITS.directives) context.reportError(limitError('DIRECTIVES', LIMITS.directives));
      },
    },
    OperationDefinition(op) {
      const m = measure(fragments)(op.selectionSet);
      if (m.depth > LIMITS.depth) context.reportError(limitError('DEPTH', LIMITS.depth));
      else if (m.aliases > LIMITS.aliases) context.reportError(limitError('ALIASES', LIMITS.aliases));
      else if (OBJECT_COST + DEPTH_COST_FACTOR * m.cost > LIMITS.cost) context.reportError(limitError('COST', LIMITS.cost));
    },
  };
}

export const limitRules: ValidationRule[] = [limitsRule];

function intValue(node: ValueNode | undefined, variables: Record<string, unknown> | undefined): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const v = variables?.[node.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

function isList(t: GraphQLOutputType): boolean {
  return isListType(isNonNullType(t) ? t.ofType : t);
}

/** Objects below a selection set, per object of `parent` (the estimate's unit). */
function estimator(schema: GraphQLSchema, fragments: Map<string, FragmentDefinitionNode> | Record<string, FragmentDefinitionNode>, variables?: Record<string, unknown>) {
  const fragmentOf = (name: string) => (fragments instanceof Map ? fragments.get(name) : fragments[name]);
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const ofSet = (set: SelectionSetNode, parent: GraphQLCompositeType): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (!sel.selectionSet || isIntrospection(sel.name.value) || !('getFields' in parent)) continue;
        const field = parent.getFields()[sel.name.value];
        if (!field) continue;
        const named = getNamedType(field.type);
        if (!isCompositeType(named)) continue;
        let k = 1;
        if (field.args.some((a) => a.name === 'perPage')) {
          const given = intValue(sel.arguments?.find((a) => a.name.value === 'perPage')?.value, variables);
          k = Math.min(Math.max(given ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
        } else if (isList(field.type)) {
          k = Number(field.extensions?.listSize ?? 1);
        }
        n += k * (1 + ofSet(sel.selectionSet, named));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : parent;
        if (t) n += ofSet(sel.selectionSet, t);
      } else {
        const name = sel.name.value;
        const f = fragmentOf(name);
        if (!f || inProgress.has(name)) continue;
        let fm = memo.get(name);
        if (fm === undefined) {
          inProgress.add(name);
          const t = schema.getType(f.typeCondition.name.value) as GraphQLCompositeType;
          fm = t ? ofSet(f.selectionSet, t) : 0;
          inProgress.delete(name);
          memo.set(name, fm);
        }
        n += fm;
      }
    }
    return n;
  };
  return ofSet;
}

/**
 * Estimated objects in the response: each object field counts once per parent object, a paged list
 * (`perPage`, default 25, at most 500) multiplies what is below it; other lists count as their
 * `listSize` extension says (1 by default) and are then counted as what they really return while the
 * request runs (`countNestedLists`), so a list the estimate took for one row cannot return thousands.
 * Needs the variables, so it runs per request (`didResolveOperation`), not cached with validation.
 */
export function estimateResultObjects(schema: GraphQLSchema, document: DocumentNode, op: OperationDefinitionNode, variables?: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = op.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  return root ? estimator(schema, fragments, variables)(op.selectionSet, root) : 0;
}

/** Objects of the response so far, per request: the estimate, then corrected by each nested list as it resolves. */
const spentObjects = new WeakMap<object, { spent: number; weights: Map<FieldNode, number> }>();

function resultSizeError(): AppError {
  const e = limitError('RESULT_SIZE', LIMITS.resultObjects);
  (e.extensions as Record<string, unknown>).http = { status: 400 };
  return e;
}

const COUNTED = Symbol('countedList');

/**
 * Every list field, at the root (a league table) or below it (a household's laborers, a provider's
 * classes, a class's enrollments, whatever modules add), is counted as what it really returns: the estimate took `listSize` rows per
 * parent; each resolved list adds the rows beyond that, times the objects its selection holds below
 * each row. Past LIMITS.resultObjects the list (and every later one) answers LIMIT_EXCEEDED instead of
 * loading. Wraps the resolvers once, in place, so it costs nothing on fields that are not lists.
 */
export function countNestedLists(schema: GraphQLSchema): GraphQLSchema {
  // Root lists too: those without perPage (leagueTable, funnelLeague, supervisionList, …) were estimated
  // as `listSize` rows like nested ones, and must be counted as what they return just the same.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as (GraphQLField<unknown, unknown> & { [COUNTED]?: boolean })[]) {
      if (field[COUNTED] || !isList(field.type) || !isCompositeType(getNamedType(field.type))) continue;
      field[COUNTED] = true;
      const resolve = field.resolve ?? defaultFieldResolver;
      const assumed = field.args.some((a) => a.name === 'perPage') ? null : Number(field.extensions?.listSize ?? 1);
      field.resolve = async (source, args, ctx, info) => {
        const budget = ctx && typeof ctx === 'object' ? spentObjects.get(ctx) : undefined;
        if (budget && budget.spent > LIMITS.resultObjects) throw resultSizeError();
        const result = await resolve(source, args, ctx, info);
        if (budget && Array.isArray(result)) {
          const node = info.fieldNodes[0];
          let w = budget.weights.get(node);
          if (w === undefined) {
            w = 1 + (node.selectionSet ? estimator(info.schema, info.fragments, info.variableValues)(node.selectionSet, getNamedType(info.returnType) as GraphQLCompositeType) : 0);
            budget.weights.set(node, w);
          }
          // A paged nested list was estimated at its page size: count it as what it returned too.
          const estimated = assumed ?? Math.min(Math.max(Number((args as { perPage?: number }).perPage ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
          budget.spent += (result.length - estimated) * w;
          if (budget.spent > LIMITS.resultObjects) throw resultSizeError();
        }
        return result;
      };
    }
  }
  return schema;
}

export function resultSizePlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const estimate = estimateResultObjects(schema, document, operation, request.variables);
          if (estimate > LIMITS.resultObjects) throw resultSizeError();
          if (contextValue && typeof contextValue === 'object') spentObjects.set(contextValue, { spent: estimate, weights: new Map() });
        },
      };
    },
  };
}
