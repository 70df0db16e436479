import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isCompositeType,
  isLeafType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from '../../context';
import { AppError } from '../../common/errors';
import { ACCESS_EXTENSION, type AccessRule, mayAccess, type Principal } from './access';

/**
 * Who may use which field, checked once per request on the whole operation (fragments included)
 * before any resolver runs: a request that asks for one field it may not use is refused as a whole,
 * UNAUTHENTICATED without a session, FORBIDDEN with one. The rule of a field is its `@Access`, else
 * READ for a query, WRITE for a mutation, and for a nested field the rule of the type it returns
 * (scalars and enums are free once their parent is allowed). Introspection needs a session.
 */

function ruleOfType(t: GraphQLNamedType): AccessRule {
  return (t.extensions?.[ACCESS_EXTENSION] as AccessRule | undefined) ?? 'READ';
}

export function ruleOfField(field: GraphQLField<unknown, unknown>, root: 'query' | 'mutation' | 'subscription' | null): AccessRule | null {
  const explicit = field.extensions?.[ACCESS_EXTENSION] as AccessRule | undefined;
  if (explicit) return explicit;
  if (root) return root === 'query' ? 'READ' : 'WRITE';
  const named = getNamedType(field.type);
  return isLeafType(named) ? null : ruleOfType(named);
}

function refuse(p: Principal | null, field: string): never {
  const e = new AppError(p ? 'FORBIDDEN' : 'UNAUTHENTICATED', field);
  // Like a resolver's error: the request was understood, the answer is no.
  (e.extensions as Record<string, unknown>).http = { status: 200 };
  throw e;
}

function rootType(schema: GraphQLSchema, op: OperationDefinitionNode) {
  return op.operation === 'mutation' ? schema.getMutationType() : op.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
}

export function checkOperation(schema: GraphQLSchema, document: DocumentNode, op: OperationDefinitionNode, p: Principal | null): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = rootType(schema, op);
  if (!root) return;
  const visited = new Set<string>();

  const enterType = (t: GraphQLNamedType | undefined | null, parent: GraphQLCompositeType, name: string) => {
    // A type condition narrows to a concrete type: it must be reachable too (an interface may be, one of its types not).
    if (t && t !== parent && t !== root && isObjectType(t) && !mayAccess(p, ruleOfType(t))) refuse(p, name);
  };

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, atRoot: boolean) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name === '__typename') continue;
        if (name === '__schema' || name === '__type') {
          if (!p) refuse(p, name);
          continue;
        }
        if (!('getFields' in parent)) continue;
        const field = parent.getFields()[name];
        if (!field) continue;
        const rule = ruleOfField(field, atRoot ? op.operation : null);
        if (rule && !mayAccess(p, rule)) refuse(p, name);
        const named = getNamedType(field.type);
        if (sel.selectionSet && isCompositeType(named)) walk(sel.selectionSet, named, false);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
        enterType(t, parent, sel.typeCondition?.name.value ?? parent.name);
        if (t) walk(sel.selectionSet, t, atRoot);
      } else {
        const f = fragments.get(sel.name.value);
        const key = `${sel.name.value}:${atRoot}`;
        if (!f || visited.has(key)) continue;
        visited.add(key);
        const t = schema.getType(f.typeCondition.name.value) as GraphQLCompositeType | undefined;
        enterType(t, parent, f.typeCondition.name.value);
        if (t) walk(f.selectionSet, t, atRoot);
      }
    }
  };
  walk(op.selectionSet, root, true);
}

/**
 * Operations already allowed, per parsed document (Apollo keeps one DocumentNode per query text in its
 * document store, so a repeated query is the same object) and per role: the rules depend on nothing else.
 * A refusal is never cached (it throws each time).
 */
const allowed = new WeakMap<DocumentNode, Set<string>>();

function checkOperationCached(schema: GraphQLSchema, document: DocumentNode, op: OperationDefinitionNode, p: Principal | null): void {
  const key = `${p ? `${p.role}:${p.scope ?? ''}` : '-'}:${op.name?.value ?? ''}:${document.definitions.indexOf(op)}`;
  let seen = allowed.get(document);
  if (seen?.has(key)) return;
  checkOperation(schema, document, op, p);
  if (!seen) allowed.set(document, (seen = new Set()));
  seen.add(key);
}

export function accessPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (operation) checkOperationCached(schema, document, operation, contextValue.principal);
        },
        async willSendResponse({ response, contextValue }) {
          // Without a session, validation errors (and bad variables, which name input fields) would tell
          // which fields and types exist, also inside the selection of signIn: answer UNAUTHENTICATED instead.
          if (contextValue?.principal || response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors?.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || e.extensions?.code === 'BAD_USER_INPUT')) return;
          const e = new AppError('UNAUTHENTICATED');
          response.body.singleResult.errors = [{ message: e.message, extensions: { ...e.extensions } }];
          response.http.status = 200;
        },
      };
    },
  };
}
