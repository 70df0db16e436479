import buildGraphQLProvider from 'ra-data-graphql-simple';

/** react-admin's own GraphQL provider; it introspects /graphql and follows the hub's list conventions. */
export const dataProvider = buildGraphQLProvider({ clientOptions: { uri: '/graphql' } });
