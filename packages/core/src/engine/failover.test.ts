import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { createStaticConfigSource, type StaticConfig } from './static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from '../spec/transport.js';
import { bodyText } from '../test/index.js';

const encoder = new TextEncoder();
const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });
const completion = '{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}';
const provider = (id: string, config: Record<string, unknown> = {}) => ({ id, type: 'openai-compatible', config: { baseURL: `http://${id}.test/v1`, ...config } });
const text = bodyText;

/** A response that never arrives; rejects like a real transport when the request is aborted. */
function hang(request: UpstreamRequest): Promise<UpstreamResponse> {
  return new Promise((_, reject) => request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true }));
}

function json(status: number, payload: string, headers: Record<string, string> = {}): UpstreamResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: (async function* () { yield encoder.encode(payload); })() };
}

function setup(config: StaticConfig, transport: Transport, clock: { now?: () => number; random?: () => number } = {}) {
  const logs: RequestLogRecord[] = [];
  const seen: UpstreamRequest[] = [];
  const router = createRouter({
    config: createStaticConfigSource(config),
    transport: (request) => {
      seen.push(request);
      return transport(request);
    },
    logSink: { write: (record) => logs.push(record) },
    resilience: { backoffBaseMs: 1, backoffMaxMs: 2 },
    keepAliveMs: 0,
    ...clock,
  });
  return { router, logs, seen };
}

describe('chat completion resilience', () => {
  it('applies per-provider timeouts, then request_timeout_ms, then adapter defaults', async () => {
    const { router, seen } = setup(
      {
        providers: [provider('own', { connectTimeout: 111, timeout: 222, idleTimeout: 333 }), provider('legacy')],
        routes: { m: [{ providerId: 'own' }], n: [{ providerId: 'legacy' }] },
        settings: { request_timeout_ms: '4000' },
      },
      async () => json(200, completion),
    );
    await router.chatCompletion({ body: body() });
    await router.chatCompletion({ body: body({ model: 'n' }) });
    expect(seen.map((request) => [request.connectTimeoutMs, request.headersTimeoutMs, request.bodyTimeoutMs])).toEqual([[111, 222, 333], [4000, 4000, 4000]]);
  });

  it('retries until the deadline stops it, then says so', async () => {
    const timeoutError = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    // An injected clock: each attempt uses up exactly its headers timeout, then times out.
    let clock = 0;
    const { router, seen } = setup(
      { providers: [provider('a', { timeout: 30 })], activeProviderId: 'a', settings: { request_deadline_ms: '45', retry_attempts: '5' } },
      async (request) => {
        clock += request.headersTimeoutMs ?? 0;
        throw timeoutError;
      },
      { now: () => clock },
    );
    const result = await router.chatCompletion({ body: body() });
    expect(result.status).toBe(504);
    expect(JSON.parse(await text(result.body)).error.code).toBe('deadline_exceeded');
    // 30 ms for the first attempt, the 15 ms left of the 45 ms deadline for the second, then no third.
    expect(seen.map((request) => request.headersTimeoutMs)).toEqual([30, 15]);
    expect(clock).toBe(45);
  });

  it('starts no attempt for a client that left during the backoff wait', async () => {
    const controller = new AbortController();
    // The backoff wait's jitter is drawn just before the wait starts: the client leaves right then.
    const random = () => {
      queueMicrotask(() => controller.abort());
      return 0.5;
    };
    const { router, seen, logs } = setup({ providers: [provider('a')], activeProviderId: 'a', settings: { retry_backoff_ms: '5000', retry_backoff_max_ms: '5000' } }, async () => json(503, '{"error":{"message":"busy"}}'), { random });
    const result = await router.chatCompletion({ body: body(), signal: controller.signal });
    expect(result.status).toBe(499);
    expect(seen).toHaveLength(1);
    expect(logs[0]).toMatchObject({ outcome: 'client_closed', errorCode: 'client_closed' });
  });

  it("reports the router's own share of the time to first byte: upstream waits and backoff are not overhead", async () => {
    // An injected clock: the upstream takes 30 ms to fail, then 40 ms to answer; the router's own work
    // (here: drawing the backoff jitter) takes 7 ms. The real backoff wait does not move this clock.
    let clock = 0;
    let calls = 0;
    const { router, logs } = setup(
      { providers: [provider('a')], activeProviderId: 'a', settings: { retry_attempts: '2' } },
      async () => {
        calls += 1;
        clock += calls === 1 ? 30 : 40;
        return calls === 1 ? json(500, '{"error":{"message":"down"}}') : json(200, completion);
      },
      {
        now: () => clock,
        random: () => {
          clock += 7;
          return 0.5;
        },
      },
    );
    const result = await router.chatCompletion({ body: body() });
    expect(result.status).toBe(200);
    expect(result.headers['x-router-overhead-ms']).toBe('7');
    expect(logs[0]).toMatchObject({ ttfbMs: 77, overheadMs: 7 });
    expect(logs[0]!.attempts.map((attempt) => [attempt.outcome, attempt.answeredMs])).toEqual([['http_error', undefined], ['ok', 40]]);

    // An error answer says it too.
    clock = 0;
    calls = 0;
    const failed = setup({ providers: [provider('b')], activeProviderId: 'b', settings: { retry_attempts: '1' } }, async () => {
      clock += 25;
      return json(400, '{"error":{"message":"bad"}}');
    }, { now: () => clock });
    const answer = await failed.router.chatCompletion({ body: body() });
    expect(answer.status).toBe(400);
    expect(answer.headers['x-router-overhead-ms']).toBe('0');
    expect(failed.logs[0]).toMatchObject({ ttfbMs: 25, overheadMs: 0 });
  });

  it('answers 503 with Retry-After when every target is cooling down', async () => {
    const { router, seen } = setup(
      { providers: [provider('a'), provider('b')], routes: { m: [{ providerId: 'a' }, { providerId: 'b' }] }, settings: { breaker_failures: '1', breaker_cooldown_ms: '3000', retry_attempts: '1' } },
      async () => json(500, '{"error":{"message":"down"}}'),
    );
    expect((await router.chatCompletion({ body: body() })).status).toBe(500);
    const result = await router.chatCompletion({ body: body() });
    expect(result.status).toBe(503);
    expect(result.headers['retry-after']).toBe('3');
    expect(JSON.parse(await text(result.body)).error.code).toBe('providers_unavailable');
    expect(seen).toHaveLength(2);
    expect(Object.keys(router.circuits())).toEqual(['a', 'b']);
  });

  it('follows the active provider with the fallback_providers setting', async () => {
    const { router, logs } = setup(
      { providers: [provider('main'), provider('spare'), { ...provider('off'), enabled: false }], activeProviderId: 'main', settings: { fallback_providers: 'off, spare, main, unknown' } },
      async (request) => (request.url.includes('main') ? json(502, 'bad gateway') : json(200, completion)),
    );
    const result = await router.chatCompletion({ body: body() });
    // disabled, duplicate and unknown ids are left out
    expect(result.headers['x-router-provider']).toBe('spare');
    expect(logs[0].attempts.map((attempt) => attempt.providerId)).toEqual(['main', 'main', 'spare']);
  });

  it('drains: finishes quick requests, refuses new ones, and ends streams past the grace with an error event', async () => {
    const { router, logs } = setup({ providers: [provider('a')], activeProviderId: 'a' }, async (request) => ({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: (async function* () {
        yield encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n');
        await hang(request);
      })(),
    }));
    const streaming = await router.chatCompletion({ body: body({ stream: true }) });
    const streamed = text(streaming.body);
    expect(router.inFlight()).toBe(1);
    const drained = router.drain(30);
    const refused = await router.chatCompletion({ body: body() });
    expect(refused.status).toBe(503);
    expect(refused.headers.connection).toBe('close');
    await drained;
    const out = await streamed;
    expect(out).toMatch(/^data: \{"choices":\[\{"index":0,"delta":\{"content":"Hi"\}\}\]\}\n\ndata: \{"error":\{.*"code":"server_shutting_down"/);
    expect(out).not.toContain('[DONE]');
    expect(router.inFlight()).toBe(0);
    expect(logs.find((record) => record.stream)).toMatchObject({ outcome: 'stream_error', errorCode: 'server_shutting_down' });
  });

  it('answers a bug in an adapter with a bare 500 and reports it', async () => {
    const errors: unknown[] = [];
    const router = createRouter({
      config: createStaticConfigSource({ providers: [provider('a')], activeProviderId: 'a' }),
      transport: async () => {
        throw new TypeError('secret internals');
      },
      onInternalError: (error) => errors.push(error),
    });
    // a TypeError from the transport is a network-level failure for fetch, so it is classified, not a bug
    expect((await router.chatCompletion({ body: body() })).status).toBe(502);
    const broken = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'x', type: 'broken', config: {} }], activeProviderId: 'x' }),
      adapters: [{ specificationVersion: 'v1', type: 'broken', description: 'broken', configSchema: { safeParse: (value: unknown) => ({ success: true, data: value }) } as never, create: () => ({ id: 'x', timeouts: { headersMs: 1, idleMs: 1 }, chatRequest: () => { throw new RangeError('secret internals'); }, modelsRequest: () => null }) }],
      transport: async () => json(200, completion),
      onInternalError: (error) => errors.push(error),
    });
    const result = await broken.chatCompletion({ body: body() });
    expect(result.status).toBe(500);
    expect(await text(result.body)).not.toContain('secret');
    expect(errors.some((error) => error instanceof RangeError)).toBe(true);
  });
});
