import { GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal, Role } from './access';
import { checkOperation } from './access.plugin';

// A small schema with the shapes the rule must handle: a statistics type, a record type reached from
// it, an admin-only field, an interface implemented by both.
const Named = new GraphQLInterfaceType({ name: 'Named', fields: { name: { type: GraphQLString } } });
const Person = new GraphQLObjectType({ name: 'Person', interfaces: [Named], fields: { name: { type: GraphQLString }, idNumber: { type: GraphQLString } } });
const Area: GraphQLObjectType = new GraphQLObjectType({
  name: 'Area',
  interfaces: [Named],
  extensions: { access: 'SIGNED_IN' },
  fields: () => ({
    name: { type: GraphQLString },
    parent: { type: Area },
    people: { type: new GraphQLList(Person) },
    anything: { type: new GraphQLList(Named), extensions: { access: 'SIGNED_IN' } },
    secret: { type: GraphQLString, extensions: { access: 'ADMIN' } },
  }),
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      area: { type: Area, extensions: { access: 'SIGNED_IN' } },
      people: { type: new GraphQLList(Person) },
      hello: { type: GraphQLString, extensions: { access: 'PUBLIC' } },
    },
  }),
  mutation: new GraphQLObjectType({ name: 'Mutation', fields: { rename: { type: new GraphQLNonNull(GraphQLString) } } }),
  types: [Person, Area],
});

const who = (role: Role | null): Principal | null => (role ? { userId: 1, username: 'u', role, scope: null } : null);

function check(query: string, role: Role | null): string {
  const doc = parse(query);
  try {
    checkOperation(schema, doc, doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode, who(role));
    return 'ok';
  } catch (e) {
    return String((e as { extensions: { code: string } }).extensions.code);
  }
}

describe('the access rule of a whole operation', () => {
  it('lets a viewer walk a statistics type but not into records reached from it', () => {
    expect(check('{ area { name parent { name parent { name } } } }', 'VIEWER')).toBe('ok');
    expect(check('{ area { people { name } } }', 'VIEWER')).toBe('FORBIDDEN');
    expect(check('{ area { parent { people { name } } } }', 'VIEWER')).toBe('FORBIDDEN');
    expect(check('{ area { people { name } } }', 'ANALYST')).toBe('ok');
    expect(check('{ people { name } }', 'VIEWER')).toBe('FORBIDDEN');
  });

  it('follows fragments and type conditions', () => {
    expect(check('{ area { ...P } } fragment P on Area { people { name } }', 'VIEWER')).toBe('FORBIDDEN');
    expect(check('{ area { anything { name ... on Area { name } } } }', 'VIEWER')).toBe('ok');
    expect(check('{ area { anything { ... on Person { idNumber } } } }', 'VIEWER')).toBe('FORBIDDEN');
    expect(check('{ area { anything { ...X } } } fragment X on Person { idNumber }', 'VIEWER')).toBe('FORBIDDEN');
  });

  it('applies an explicit rule on a nested field to everyone', () => {
    expect(check('{ area { secret } }', 'ANALYST')).toBe('FORBIDDEN');
    expect(check('{ area { secret } }', 'CITY_ADMIN')).toBe('ok');
  });

  it('takes mutations as WRITE, and needs a session for anything but public fields and introspection alike', () => {
    expect(check('mutation { rename }', 'ANALYST')).toBe('FORBIDDEN');
    expect(check('mutation { rename }', 'OPERATOR')).toBe('ok');
    expect(check('{ hello __typename }', null)).toBe('ok');
    expect(check('{ area { name } }', null)).toBe('UNAUTHENTICATED');
    expect(check('{ __schema { types { name } } }', null)).toBe('UNAUTHENTICATED');
    expect(check('{ __schema { types { name } } }', 'VIEWER')).toBe('ok');
  });
});
