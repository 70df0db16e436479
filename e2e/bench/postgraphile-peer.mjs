// The peer we benchmark against: PostGraphile v5 from its npm package, on the same database.
// Run: DATABASE_URL=... PORT=... node postgraphile-peer.mjs ; prints "peer ready <url>".
import { createServer } from 'node:http';

// grafast calls Promise.withResolvers (Node 22); Node 20 lacks it. This is the only Node 22 API it hits.
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}

const { postgraphile } = await import('postgraphile');
const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
const { makePgService } = await import('postgraphile/adaptors/pg');
const { grafserv } = await import('postgraphile/grafserv/node');

const preset = {
  extends: [PostGraphileAmberPreset],
  // Let `condition` filter on any column, as our hub's filters do (a benchmark, not a public API).
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'] })],
  grafserv: { graphiql: false, watch: false, graphqlPath: '/graphql' },
  schema: { pgForbidSetofFunctionsToReturnNull: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).catch((e) => {
  console.error(e);
  process.exit(1);
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`peer ready http://127.0.0.1:${server.address().port}`);
});
process.on('SIGINT', async () => {
  server.close();
  await pgl.release();
  process.exit(0);
});
