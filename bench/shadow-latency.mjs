// The primary's latency with a slow shadow vs no shadow (a manual measurement; figures are printed, never asserted).
//
//   pnpm build && node bench/shadow-latency.mjs [requests per round, default 1000]
//
// The built server on a temporary database, a primary upstream that answers at once and a shadow
// upstream that holds every answer 2 s, both on 127.0.0.1; sequential requests, alternating rounds
// with the route's shadow off and at 100%. Prints the client-side p50/p95/p99 of each round.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const { startServer, parseEnv } = await import(new URL('../apps/server/dist/index.js', import.meta.url).href);

function upstream(delayMs, text) {
  const server = createServer(async (req, res) => {
    for await (const _ of req);
    if (req.url.endsWith('/models')) { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"object":"list","data":[]}'); return; }
    const send = () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })); };
    if (delayMs) setTimeout(send, delayMs); else send();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/v1` })));
}

const primary = await upstream(0, 'primary');
const shadow = await upstream(2000, 'shadow');
const dir = mkdtempSync(join(tmpdir(), 'shadow-measure-'));
const running = await startServer(parseEnv({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${dir}/m.db`, LOG_LEVEL: 'error', SHADOW_PER_MINUTE: '100000' }));
const base = running.url;
const call = (method, path, body) => fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());
await call('POST', '/v1/providers', { id: 'cloud', config: { baseURL: primary.url } });
await call('POST', '/v1/providers', { id: 'local', config: { baseURL: shadow.url } });
await call('PUT', '/v1/mappings/coder', { targets: [{ providerId: 'cloud' }] });

async function round(label, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const r = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'coder', messages: [{ role: 'user', content: 'hi' }] }) });
    await r.text();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)].toFixed(2);
  console.log(`${label}: n=${n} p50=${q(0.5)} ms p95=${q(0.95)} ms p99=${q(0.99)} ms`);
}

const N = Number(process.argv[2] ?? 1000);
await round('warm-up', 200);
for (let rep = 0; rep < 3; rep++) {
  await call('DELETE', '/v1/route-options/coder');
  await round('no shadow      ', N);
  await call('PATCH', '/v1/route-options/coder', { shadowPercent: 100, shadowTargets: [{ providerId: 'local' }], shadowTimeoutMs: 600000 });
  await round('shadow 100%, 2s', N);
}
console.log('shadow stats', running.router.shadowStats());
await running.close();
primary.server.close(); shadow.server.close();
process.exit(0);
