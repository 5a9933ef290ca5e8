/**
 * End to end: the built server with `OTEL_EXPORTER_OTLP_ENDPOINT` pointing at an OTLP/HTTP receiver on
 * 127.0.0.1. A request that is retried once gives a SERVER span under the client's `traceparent` and
 * a CLIENT span per attempt, with the GenAI attributes; the upstream sees each attempt's span as its
 * parent. A dead collector leaves requests untouched and is counted in /metrics.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const ADMIN = 'admin-tracing-key-0123456789';
const SECRET = 'sk-tracing-canary-abcdef0123456789';
const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number; arrayValue?: { values: OtlpValue[] } };
type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; startTimeUnixNano: string; endTimeUnixNano: string; attributes: { key: string; value: OtlpValue }[]; status?: { code?: number } };

let receiver: Server;
let receiverUrl: string;
const spans: OtlpSpan[] = [];
const bodies: string[] = [];
let upstream: FakeUpstream;
const servers: ServerProcess[] = [];

const plain = (value: OtlpValue): unknown =>
  value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.boolValue ?? value.doubleValue ?? value.arrayValue?.values.map(plain);
const attributes = (span: OtlpSpan) => Object.fromEntries(span.attributes.map((attribute) => [attribute.key, plain(attribute.value)]));

async function startRouter(env: Record<string, string>): Promise<ServerProcess> {
  const dir = tempDir();
  const server = await startServerProcess({ DATABASE_URL: await e2eDatabase(dir), ADMIN_API_KEY: ADMIN, CONFIG_POLL_MS: '60000', OTEL_BSP_SCHEDULE_DELAY: '50', ...env }, dir);
  servers.push(server);
  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await admin('POST', '/v1/providers', { id: 'fake', config: { baseURL: upstream.baseURL, apiKey: SECRET } })).status).toBe(201);
  expect((await admin('PUT', '/v1/settings/active-provider', { providerId: 'fake' })).status).toBe(200);
  return server;
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      bodies.push(text);
      if (request.url === '/v1/traces') {
        const payload = JSON.parse(text) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  let calls = 0;
  upstream = await startFakeUpstream({
    chat: () => {
      calls += 1;
      return calls % 2 === 1
        ? { kind: 'json', status: 503, body: '{"error":{"message":"busy"}}' }
        : { kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } }) };
    },
  });
});

afterAll(async () => {
  for (const server of servers) await server.stop();
  await upstream?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('OpenTelemetry traces', () => {
  it('exports a request span under the client\'s traceparent and a span per attempt, with the GenAI attributes', async () => {
    const server = await startRouter({ OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl, OTEL_SERVICE_NAME: 'router-under-test' });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const answer = await client.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }, { headers: { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` } })
      .withResponse();
    expect(answer.data.choices[0]!.message.content).toBe('hello');
    expect(answer.response.headers.get('x-router-attempts')).toBe('2');

    const mine = (await waitFor(() => {
      const found = spans.filter((span) => span.traceId === CLIENT_TRACE);
      return found.length >= 3 ? found : null;
    }, 10_000))!;
    const request = mine.find((span) => span.kind === 2)!; // SPAN_KIND_SERVER
    const attempts = mine.filter((span) => span.kind === 3); // SPAN_KIND_CLIENT
    expect(request.parentSpanId).toBe(CLIENT_SPAN);
    expect(request.name).toBe('chat gpt-test');
    expect(attributes(request)).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-test',
      'gen_ai.response.model': 'gpt-test',
      'gen_ai.provider.name': 'fake',
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.response.finish_reasons': ['stop'],
      'http.response.status_code': 200,
      'router.attempts': 2,
    });
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) expect(attempt.parentSpanId).toBe(request.spanId);
    expect(attempts.map((attempt) => attributes(attempt)['router.attempt.outcome']).sort()).toEqual(['http_error', 'ok']);
    expect(attempts.map((attempt) => attributes(attempt)['http.response.status_code']).sort()).toEqual([200, 503]);
    // the attempts lie inside the request, one after the other
    const ordered = [...attempts].sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
    expect(BigInt(ordered[0]!.startTimeUnixNano) >= BigInt(request.startTimeUnixNano)).toBe(true);
    expect(BigInt(ordered[1]!.startTimeUnixNano) >= BigInt(ordered[0]!.endTimeUnixNano)).toBe(true);
    expect(BigInt(ordered[1]!.endTimeUnixNano) <= BigInt(request.endTimeUnixNano)).toBe(true);

    // the upstream saw each attempt's span as its parent
    const parents = upstream.requests.slice(-2).map((seen) => seen.headers.traceparent);
    expect(parents).toEqual(ordered.map((attempt) => `00-${CLIENT_TRACE}-${attempt.spanId}-01`));

    // a request without a traceparent starts a trace of its own
    await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'again' }] });
    const fresh = (await waitFor(() => spans.find((span) => span.kind === 2 && span.traceId !== CLIENT_TRACE && !span.parentSpanId) ?? null, 10_000))!;
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);

    // no prompt, answer or key in what was exported
    const exported = bodies.join('\n');
    expect(exported).not.toContain(SECRET);
    expect(exported).not.toContain('hello');
    expect(exported).toContain('router-under-test');
  });

  it('a dead collector costs the requests nothing and is counted', async () => {
    // a port nothing listens on
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));

    const server = await startRouter({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${deadUrl}/v1/traces`, OTEL_EXPORTER_OTLP_TIMEOUT: '500' });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (let i = 0; i < 3; i++) expect((await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).choices[0]!.message.content).toBe('hello');
    const failures = await waitFor(async () => {
      const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      const count = Number(/^router_trace_export_failures_total (\d+)/m.exec(text)?.[1] ?? 0);
      return count > 0 ? count : null;
    }, 15_000);
    expect(failures).toBeGreaterThan(0);
    const health = (await (await fetch(`${server.url}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
  });

  it('exports no configured secret (header values, the base URL\'s user info and query values, short keys, an anthropic key) and no client credential, even from an upstream that echoes them in its errors', async () => {
    const canaries = { header: 'Qz7hdr', user: 'Qz7usr', password: 'Qz7pw', query: 'Qz7qry', apiKey: 'Qz7k', anthropic: 'Qz7ant', client: 'Qz7client-key' };
    // an upstream that rejects every request, quoting back the URL and headers it received
    const echo = await startFakeUpstream({ chat: (seen) => ({ kind: 'json', status: 401, body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `bad key: ${JSON.stringify({ url: seen.url, headers: seen.headers })}` } }), headers: { 'x-echo': JSON.stringify(seen.headers) } }) });
    try {
      const before = bodies.length;
      const server = await startRouter({ OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl, ROUTER_API_KEYS: canaries.client });
      const admin = (method: string, path: string, body: unknown) =>
        fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const base = new URL(echo.baseURL);
      const withSecrets = `http://${canaries.user}:${canaries.password}@${base.host}/v1?key=${canaries.query}`;
      expect((await admin('POST', '/v1/providers', { id: 'echo', config: { baseURL: withSecrets, apiKey: canaries.apiKey, headers: { 'Ocp-Apim-Subscription-Key': canaries.header } } })).status).toBe(201);
      expect((await admin('POST', '/v1/providers', { id: 'claude', type: 'anthropic', config: { baseURL: echo.baseURL, apiKey: canaries.anthropic } })).status).toBe(201);
      const body = { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] };
      const answers: string[] = [];
      for (const provider of ['echo', 'claude']) {
        for (const [path, sent] of [['/v1/chat/completions', body], ['/v1/messages', body], ['/v1/responses', { model: 'm', input: 'hi' }]] as const) {
          const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${canaries.client}`, 'x-router-provider': provider, 'x-api-key': canaries.client }, body: JSON.stringify(sent) });
          expect(response.status, `${provider} ${path}`).toBeGreaterThanOrEqual(400);
          answers.push(JSON.stringify([...response.headers]), await response.text());
        }
      }
      expect(echo.requests.length).toBeGreaterThanOrEqual(6);
      // the upstream did get the secrets (so the echo carried them)
      expect(JSON.stringify(echo.requests.map((seen) => [seen.url, seen.headers]))).toContain(canaries.header);
      await waitFor(() => (bodies.slice(before).join('\n').split('"kind":2').length > 6 ? true : null), 10_000);
      const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      // the echoes reached the clients, with the secrets in them redacted
      expect(answers.join('\n')).toContain('[redacted]');
      const seen = [...bodies.slice(before), metrics, ...answers].join('\n');
      for (const [name, value] of Object.entries(canaries)) expect(seen.includes(value), name).toBe(false);
    } finally {
      await echo.close();
    }
  });
});
