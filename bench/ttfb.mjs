// Time to the first streamed byte: sequential streaming requests (one connection, one at a
// time) timing the response headers, the first SSE `data:` byte and the end of the stream.
// Usage: node ttfb.mjs --url URL --duration 10 [--header 'name: value']...  Prints one JSON line.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { requestBody } from './lib/request-body.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    duration: { type: 'string', default: '10' },
    header: { type: 'string', multiple: true, default: [] },
  },
});
const url = new URL(values.url);
const body = requestBody(true);
const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer sk-bench-client-000000' };
for (const line of values.header) headers[line.slice(0, line.indexOf(':')).trim().toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const warmup = 50; // the first requests open the connection and warm the JIT; not timed
const now = () => Number(process.hrtime.bigint()) / 1e6;

function one() {
  return new Promise((resolve) => {
    const start = now();
    let headersAt = 0;
    let firstDataAt = 0;
    const request = http.request({ hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent }, (response) => {
      headersAt = now();
      response.on('data', (chunk) => {
        if (!firstDataAt && chunk.includes('data:')) firstDataAt = now();
      });
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: headersAt - start, firstData: firstDataAt - start, total: now() - start }),
      );
    });
    request.on('error', () => resolve({ status: 0 }));
    request.end(body);
  });
}

const timings = { headers: [], firstData: [], total: [] };
const statuses = {};
let sent = 0;
const started = now();
while (now() - started < Number(values.duration) * 1000) {
  const result = await one();
  sent++;
  statuses[result.status] = (statuses[result.status] ?? 0) + 1;
  if (sent <= warmup || result.status !== 200) continue;
  for (const key of Object.keys(timings)) timings[key].push(result[key]);
}
agent.destroy();

const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 1000) / 1000;
};
const summary = (values) => ({ p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99) });
const seconds = (now() - started) / 1000;
console.log(
  JSON.stringify({
    connections: 1,
    mode: 'ttfb',
    durationSeconds: Math.round(seconds * 100) / 100,
    requestsPerSecond: Math.round((sent / seconds) * 10) / 10,
    sent,
    answered: sent - (statuses[0] ?? 0),
    statuses,
    errors: statuses[0] ?? 0,
    headersMs: summary(timings.headers),
    firstDataMs: summary(timings.firstData),
    latencyMs: summary(timings.total),
  }),
);
