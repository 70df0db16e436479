// One load run in its own process (so the load generator's CPU is not the measured server's):
// node load.js <config.json> -> prints autocannon's result as JSON.
const autocannon = require('autocannon');

const cfg = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const bodies = cfg.bodies; // several bodies: each request takes the next (mutations need distinct input)
let i = 0;
const instance = autocannon(
  {
    url: cfg.url,
    method: 'POST',
    connections: cfg.connections,
    ...(cfg.amount ? { amount: cfg.amount } : { duration: cfg.duration }),
    headers: { 'content-type': 'application/json', ...(cfg.headers || {}) },
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  },
  (err, result) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify({
      requests: result.requests.total,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
      timeouts: result.timeouts,
    }));
  },
);
instance.on('error', (e) => console.error(e));
