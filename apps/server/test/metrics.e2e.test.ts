/**
 * End to end: `GET /metrics` of the built server, read by a Prometheus text-format parser across a
 * scripted run through the real `openai` client — a success, an upstream error, a retry, a stream,
 * a client that leaves mid-stream, and a refused client key — each moving the counters and
 * histograms it should.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const ADMIN = 'admin-metrics-key-0123456789';
const CLIENT = 'client-metrics-key-9876543210';
const SECRET = 'sk-metrics-canary-abcdef0123456789';

let upstream: FakeUpstream;
let server: ServerProcess;
let client: OpenAI;

type Sample = { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string; sum?: string };
type Family = { name: string; type: string; metrics: Sample[] };

async function scrape(key = ADMIN): Promise<{ status: number; text: string; families: Map<string, Family> }> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
  const text = await response.text();
  if (response.status !== 200) return { status: response.status, text, families: new Map() };
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  // The whole exposition goes through the parser (it throws on a malformed line) and its types are checked;
  // the series are then read from a second parse with histograms declared untyped, because this parser
  // merges a histogram family's label sets into one sample (each `_bucket`, `_sum`, `_count` series
  // keeps its labels that way).
  const typed = parsePrometheusTextFormat(text) as Family[];
  const types = new Map(typed.map((family) => [family.name, family.type]));
  const series = parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped')) as Family[];
  const families = new Map<string, Family>();
  for (const family of series) {
    const seen = families.get(family.name);
    if (seen) seen.metrics.push(...family.metrics); // a histogram's series come as one run per label set
    else families.set(family.name, { ...family, metrics: [...family.metrics], type: types.get(family.name) ?? family.type });
  }
  return { status: response.status, text, families };
}

/** The value of the sample whose labels include `labels` (0 when there is none). */
function value(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  const matches = (sample: Sample) => Object.entries(labels).every(([key, wanted]) => sample.labels?.[key] === wanted);
  return (family?.metrics ?? []).filter(matches).reduce((sum, sample) => sum + Number(sample.value ?? sample.count ?? 0), 0);
}

const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
const completion = (content: string) => JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage });
const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: 's', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;

beforeAll(async () => {
  let flakyCalls = 0;
  upstream = await startFakeUpstream({
    chat: (request) => {
      switch (request.json.model) {
        case 'broken':
          return { kind: 'json', status: 400, body: '{"error":{"message":"no such thing","type":"invalid_request_error"}}' };
        case 'flaky':
          flakyCalls += 1;
          return flakyCalls === 1 ? { kind: 'json', status: 503, body: '{"error":{"message":"busy"}}' } : { kind: 'json', body: completion('second time') };
        case 'streamed':
          return { kind: 'sse', frames: [chunk({ role: 'assistant', content: 'str' }), chunk({ content: 'eam' }), `data: ${JSON.stringify({ id: 's', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage })}\n\n`, 'data: [DONE]\n\n'] };
        case 'stalled':
          return { kind: 'sse', frames: [chunk({ role: 'assistant', content: 'wait' }), chunk({ content: 'never' })], stallAfter: 1 };
        default:
          return { kind: 'json', body: completion('fine') };
      }
    },
  });
  const dir = tempDir();
  server = await startServerProcess({ DATABASE_URL: await e2eDatabase(dir), ADMIN_API_KEY: ADMIN, ROUTER_API_KEYS: CLIENT, CONFIG_POLL_MS: '60000' }, dir);
  const created = await fetch(`${server.url}/v1/providers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'fake', config: { baseURL: upstream.baseURL, apiKey: SECRET } }),
  });
  expect(created.status).toBe(201);
  await fetch(`${server.url}/v1/settings/active-provider`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ providerId: 'fake' }) });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: CLIENT, maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

describe('GET /metrics', () => {
  it('is guarded like the management API', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await scrape(CLIENT)).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    // Node's process metrics come along, and the gauges read at scrape time are there from the start.
    expect(ok.families.get('process_cpu_user_seconds_total')?.type).toBe('COUNTER');
    expect(value(ok.families, 'router_requests_in_flight')).toBe(0);
    expect(value(ok.families, 'router_config_revision')).toBeGreaterThan(0);
  });

  it('counts a scripted run: success, upstream error, retry, stream, client abort, key rejection', async () => {
    const before = (await scrape()).families;

    expect((await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] })).choices[0]!.message.content).toBe('fine');
    const overhead = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(Number(overhead.response.headers.get('x-router-overhead-ms'))).toBeGreaterThanOrEqual(0);
    await expect(client.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const retried = await client.chat.completions.create({ model: 'flaky', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(retried.response.headers.get('x-router-attempts')).toBe('2');

    let text = '';
    for await (const part of await client.chat.completions.create({ model: 'streamed', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] })) {
      text += part.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('stream');

    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'stalled', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    let parts = 0;
    try {
      for await (const _part of stream) {
        parts += 1;
        controller.abort(); // the client leaves after the first chunk (the SDK may end the loop quietly or throw)
      }
    } catch {
      // aborted
    }
    expect(parts).toBe(1);

    const anonymous = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-a-key', maxRetries: 0 });
    await expect(anonymous.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    // Request metrics move when the request ends; tokens once its log row is written (in the background).
    const after = (await waitFor(async () => {
      const { families } = await scrape();
      const closed = value(families, 'router_requests_total', { model: 'stalled', outcome: 'client_closed' });
      const tokens = value(families, 'router_tokens_total', { model: 'streamed', direction: 'output' });
      return closed === 1 && tokens === 2 ? families : null;
    }))!;
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
    const chat = { endpoint: '/v1/chat/completions', provider: 'fake' };

    expect(delta('router_requests_total', { ...chat, model: 'plain', status_class: '2xx', outcome: 'success' })).toBe(2);
    expect(delta('router_requests_total', { ...chat, model: 'broken', status_class: '4xx', outcome: 'error' })).toBe(1);
    expect(delta('router_requests_total', { ...chat, model: 'flaky', status_class: '2xx', outcome: 'success' })).toBe(1);
    expect(delta('router_requests_total', { ...chat, model: 'streamed', status_class: '2xx', outcome: 'success' })).toBe(1);
    expect(delta('router_requests_total', { ...chat, model: 'stalled', outcome: 'client_closed' })).toBe(1);
    expect(delta('router_requests_total')).toBe(6); // the refused request never reached the router
    expect(delta('router_rejected_requests_total', { reason: 'client_key' })).toBe(1);

    expect(delta('router_upstream_attempts_total', { provider: 'fake', outcome: 'http_error' })).toBe(2); // the 400 and the 503
    expect(delta('router_upstream_attempts_total', { provider: 'fake', outcome: 'ok' })).toBe(4);
    expect(delta('router_retries_total', { endpoint: '/v1/chat/completions' })).toBe(1);

    // Histograms: one observation per request (time to first byte: those that sent a first byte).
    expect(delta('router_request_duration_seconds_count', chat)).toBe(6);
    expect(delta('router_time_to_first_byte_seconds_count', { ...chat, model: 'streamed' })).toBe(1);
    expect(delta('router_overhead_seconds_count', { endpoint: '/v1/chat/completions' })).toBe(6);
    expect(delta('router_overhead_seconds_bucket', { endpoint: '/v1/chat/completions', le: '+Inf' })).toBe(6);
    expect(after.get('router_request_duration_seconds')?.type).toBe('HISTOGRAM');

    // Tokens as the upstream reported them: 5 in and 2 out for each answered request that said so.
    expect(delta('router_tokens_total', { model: 'plain', direction: 'input' })).toBe(10);
    expect(delta('router_tokens_total', { model: 'flaky', direction: 'output' })).toBe(2);
    expect(delta('router_tokens_total', { model: 'streamed', direction: 'input' })).toBe(5);

    expect(value(after, 'router_requests_in_flight')).toBe(0);
    expect(value(after, 'router_circuit_state', { provider: 'fake', state: 'closed' })).toBe(1);
    expect(value(after, 'router_log_rows_written_total')).toBeGreaterThanOrEqual(6);
    expect(value(after, 'router_log_rows_dropped_total')).toBe(0);
  });

  it('counts client key rejections by reason: at the door (401) and by the key\'s scopes and limits (403, 429)', async () => {
    const before = (await scrape()).families;
    const created = await fetch(`${server.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'metrics-bot', models: ['plain'], rpm: 1 }),
    });
    expect(created.status).toBe(201);
    const { value: key } = (await created.json()) as { value: string };
    // the management write reloads the snapshot at once; keep to one minute's window for the rpm step
    if (Date.now() % 60_000 > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() % 60_000) + 50));
    const keyed = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
    await expect(keyed.chat.completions.create({ model: 'streamed', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    await keyed.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'x' }] });
    await expect(keyed.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'rk-unknown', maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const after = (await scrape()).families;
    const delta = (labels: Record<string, string>) => value(after, 'router_client_key_rejections_total', labels) - value(before, 'router_client_key_rejections_total', labels);
    expect(delta({ reason: 'model' })).toBe(1);
    expect(delta({ reason: 'rpm' })).toBe(1);
    expect(delta({ reason: 'unknown' })).toBe(1);
    expect(delta({})).toBe(3);
    expect(value(after, 'router_rejected_requests_total', { reason: 'client_key' }) - value(before, 'router_rejected_requests_total', { reason: 'client_key' })).toBe(1);
    expect((await scrape()).text).not.toContain(key);
  });

  it('never shows a secret', async () => {
    const { text } = await scrape();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(CLIENT);
    expect(text).not.toContain(ADMIN);
  });
});
