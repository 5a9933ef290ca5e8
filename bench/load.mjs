// One load run in its own process (the suite pins it to the load core with taskset).
// autocannon drives the connections; every response time is also kept here at microsecond
// precision, because autocannon's own histogram resolves whole milliseconds only.
//
// At the end of the window autocannon would destroy its sockets with requests in flight, which
// leaves the proxy logging requests nobody counted. Instead each connection stops sending and
// waits for its last answer, so `sent` is exact and every request sent is answered.
//
// Usage: node load.mjs --url URL --connections 64 --duration 10 [--mode json|stream|mixed|messages]
//                      [--header 'name: value']...   Prints one JSON line.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { messagesBody, requestBody } from './lib/request-body.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '1' },
    duration: { type: 'string', default: '10' },
    mode: { type: 'string', default: 'json' },
    header: { type: 'string', multiple: true, default: [] },
  },
});
const connections = Number(values.connections);
const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench-client-000000' };
for (const line of values.header) headers[line.slice(0, line.indexOf(':')).trim().toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();

let latencies = new Float64Array(1 << 16);
let answered = 0;
let ok = 0;
let sent = 0;
const statuses = {};
const clients = new Set();

const requests =
  values.mode === 'mixed'
    ? [{ body: requestBody(false) }, { body: requestBody(true) }]
    : values.mode === 'messages'
      ? [{ body: messagesBody() }]
      : [{ body: requestBody(values.mode === 'stream') }];
if (values.mode === 'messages') headers['anthropic-version'] = '2023-06-01';

const instance = autocannon({
  url: values.url,
  method: 'POST',
  connections,
  pipelining: 1,
  duration: Number(values.duration),
  timeout: 30,
  headers,
  requests,
  setupClient(client) {
    clients.add(client);
    client.on('request', () => sent++);
    client.on('response', record);
    // Graceful end: when the run stops, a client with a request in flight finishes it first.
    // Its late answer is counted here only: autocannon's own histograms are gone by then.
    const destroy = client.destroy.bind(client);
    client.destroy = () => {
      if (client.destroyed || client.pipelinedRequests.size() === 0 || client.draining) return destroy();
      client.draining = true;
      client.removeAllListeners('response');
      client.on('response', record);
      client.responseMax = client.reqsMade; // the next _doRequest() destroys instead of sending
      const timer = setTimeout(destroy, 30_000);
      client.once('done', () => clearTimeout(timer));
    };
  },
});

function record(status, _bytes, milliseconds) {
  answered++;
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (status < 200 || status >= 300) return;
  if (ok === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[ok++] = milliseconds;
}

instance.on('done', async (result) => {
  // Wait for the draining connections (answered late, outside the measured window).
  const deadline = Date.now() + 30_000;
  while ([...clients].some((client) => !client.destroyed) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const sorted = latencies.subarray(0, Math.min(ok, result.requests.total)).sort();
  const percentile = (p) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) : null);
  console.log(
    JSON.stringify({
      connections,
      mode: values.mode,
      durationSeconds: result.duration,
      requestsPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
      completedInWindow: result.requests.total,
      sent,
      answered,
      statuses,
      errors: result.errors,
      timeouts: result.timeouts,
      latencyMs: { p50: percentile(50), p90: percentile(90), p99: percentile(99), max: percentile(100) },
    }),
  );
  process.exit(0);
});

function round(value) {
  return Math.round(value * 1000) / 1000;
}
