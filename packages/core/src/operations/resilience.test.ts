/**
 * What chat has, for every client API and path: retries before the first byte, the circuit
 * breaker, the timeouts (response headers, silence between chunks, the request deadline),
 * cancellation when the client goes away, keep-alive in the API's own format while the upstream is
 * silent, and one log row per request with the endpoint and the API spoken in and out. Real HTTP
 * upstreams on 127.0.0.1 (answering in the upstream API's wire format) and the fetch transport.
 */
import { startFakeUpstream, type FakeUpstream, type Reply, type SeenRequest } from '@router/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../engine/create-router.js';
import { createStaticConfigSource } from '../engine/static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import { API_CASES, ERROR_DATA, GOOD, events, type ApiCase } from '../test/api-cases.js';
import { bodyText } from '../test/index.js';

/** `a`'s timeouts where a test waits for one to pass; otherwise both providers are patient (a loaded machine is slow). */
const SHORT = { timeout: 300, idleTimeout: 300 };
const PATIENT = { timeout: 10_000, idleTimeout: 10_000 };

describe.each(API_CASES)('$name: what chat has', (apiCase) => {
  let a: FakeUpstream;
  let b: FakeUpstream;
  let logs: RequestLogRecord[];
  /** Replies `a` gives first, in order; then the good answer. */
  let script: Reply[];

  const good = (seen: SeenRequest): Reply => {
    const answer = GOOD[apiCase.upstream];
    return seen.json?.stream === true ? { kind: 'sse', frames: [...answer.first!, ...answer.rest!] } : { kind: 'json', body: JSON.stringify(answer.json) };
  };
  const unavailable: Reply = { kind: 'json', status: 503, body: JSON.stringify(ERROR_DATA[apiCase.upstream === 'responses' ? 'chat' : apiCase.upstream]) };

  beforeEach(async () => {
    logs = [];
    script = [];
    [a, b] = await Promise.all([startFakeUpstream({ chat: (seen) => script.shift() ?? good(seen) }), startFakeUpstream({ chat: good })]);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  function makeRouter(settings: Record<string, string> = {}, keepAliveMs = 0, timeouts = PATIENT): Router {
    return createRouter({
      config: createStaticConfigSource({
        providers: [
          { id: 'a', type: apiCase.type, config: { ...apiCase.config, ...timeouts, baseURL: a.baseURL } },
          { id: 'b', type: apiCase.type, config: { ...apiCase.config, ...PATIENT, baseURL: b.baseURL } },
        ],
        routes: { m: [{ providerId: 'a' }, { providerId: 'b' }], only: [{ providerId: 'a' }] },
        settings: { retry_backoff_ms: '1', retry_backoff_max_ms: '2', ...settings },
      }),
      transport: createFetchTransport(),
      logSink: { write: (record) => logs.push(record) },
      keepAliveMs,
    });
  }

  const body = (stream: boolean, model = 'm') => JSON.stringify(apiCase.body(stream)).replace('MODEL', model);
  const ask = async (router: Router, stream: boolean, model = 'm', signal?: AbortSignal) => {
    const answered = await router.proxy(apiCase.api, { body: body(stream, model), signal });
    return { ...answered, text: await bodyText(answered.body) };
  };
  const streams = apiCase.streams ? [false, true] : [false];
  /** The API spoken upstream as the log row should name it (none when it is the client's). */
  const spoken = apiCase.upstream === apiCase.api ? undefined : apiCase.upstream;

  it.each(streams)('retries a failure before the first byte, and logs one row with the endpoint and the API in and out (stream: %s)', async (stream) => {
    script = [unavailable];
    const answered = await ask(makeRouter(), stream);
    expect(answered.status).toBe(200);
    expect(answered.headers['x-router-provider']).toBe('a');
    expect(a.requests).toHaveLength(2);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ endpoint: expect.stringMatching(/^\/v1\//), outcome: 'success', stream });
    expect(logs[0].attempts.map((attempt) => [attempt.providerId, attempt.api])).toEqual([['a', spoken], ['a', spoken]]);
  });

  it('opens the circuit of a failing provider: the next request skips it', async () => {
    const router = makeRouter({ breaker_failures: '1', retry_attempts: '1' });
    script = [unavailable];
    expect((await ask(router, false)).headers['x-router-provider']).toBe('b');
    expect((await ask(router, false)).headers['x-router-provider']).toBe('b');
    expect(a.requests).toHaveLength(1);
    expect(logs[1].attempts.map((attempt) => [attempt.providerId, attempt.outcome])).toEqual([['a', 'skipped'], ['b', 'ok']]);
  });

  it.each(streams)('fails over from an upstream that sends no headers in time (stream: %s)', async (stream) => {
    script = [{ kind: 'hang' }];
    const answered = await ask(makeRouter({ retry_attempts: '1' }, 0, SHORT), stream);
    expect(answered.headers['x-router-provider']).toBe('b');
    expect(logs[0].attempts[0]).toMatchObject({ providerId: 'a', outcome: 'timeout' });
  });

  it('answers a request no provider answers within the deadline with a 504 in the API\'s shape', async () => {
    script = [{ kind: 'hang' }];
    const router = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'a', type: apiCase.type, config: { ...apiCase.config, baseURL: a.baseURL, timeout: 60_000 } }], activeProviderId: 'a', settings: { request_deadline_ms: '300' } }),
      transport: createFetchTransport(),
      logSink: { write: (record) => logs.push(record) },
      keepAliveMs: 0,
    });
    const answered = await ask(router, false);
    expect(answered.status).toBe(504);
    const error = JSON.parse(answered.text);
    expect(apiCase.dialect === 'anthropic' ? error.error.message : error.error.code).toMatch(apiCase.dialect === 'anthropic' ? /deadline/ : /deadline_exceeded/);
    expect(logs[0]).toMatchObject({ status: 504, outcome: 'error', errorCode: 'deadline_exceeded' });
  });

  it('aborts the upstream request when the client goes away before the answer, and the row says so', async () => {
    script = [{ kind: 'hang' }];
    const client = new AbortController();
    const router = makeRouter();
    const pending = ask(router, false, 'only', client.signal);
    await new Promise<void>((resolve) => {
      const wait = () => (a.requests.length > 0 ? resolve() : setTimeout(wait, 5));
      wait();
    });
    client.abort();
    await pending;
    expect(await a.requests[0].aborted).toBe(true);
    expect(logs[0]).toMatchObject({ outcome: 'client_closed' });
  });

  if (!apiCase.streams) return;
  const answer = GOOD[apiCase.upstream];

  it('fails over from a stream that falls silent before its first event', async () => {
    script = [{ kind: 'sse', frames: [...answer.first!, ...answer.rest!], stallAfter: 0 }];
    const answered = await ask(makeRouter({ retry_attempts: '1' }, 0, SHORT), true);
    expect(answered.headers['x-router-provider']).toBe('b');
    expect(logs[0].attempts[0]).toMatchObject({ providerId: 'a', outcome: 'timeout' });
    expect(logs[0].outcome).toBe('success');
  });

  it('ends a stream that falls silent midway with the API\'s error event, and the row says stream_error', async () => {
    script = [{ kind: 'sse', frames: [...answer.first!, ...answer.rest!], stallAfter: answer.first!.length }];
    const answered = await ask(makeRouter({}, 0, SHORT), true, 'only');
    expect(answered.text).toContain('ok');
    const last = events(answered.text).at(-1)!;
    if (apiCase.dialect === 'anthropic') expect(last).toMatchObject({ event: 'error', data: expect.stringContaining('"type":"error"') });
    else if (apiCase.dialect === 'responses') expect(last.data).toMatch(/"type":"(response\.failed|error)"/);
    else expect(JSON.parse(last.data).error).toMatchObject({ message: expect.stringMatching(/no data for 300 ms/) });
    expect(logs[0]).toMatchObject({ outcome: 'stream_error' });
  });

  it('cancels the upstream when the client stops reading a stream, and the row says client_closed', async () => {
    script = [{ kind: 'sse', frames: [...answer.first!, ...answer.rest!], pause: { after: answer.first!.length, until: new Promise(() => undefined) } }];
    const answered = await makeRouter().proxy(apiCase.api, { body: body(true, 'only') });
    const iterator = (answered.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    await iterator.return!();
    expect(await a.requests[0].aborted).toBe(true);
    expect(logs[0]).toMatchObject({ outcome: 'client_closed' });
  });

  it('keeps a silent stream alive in the API\'s own format', async () => {
    let resume!: () => void;
    script = [{ kind: 'sse', frames: [...answer.first!, ...answer.rest!], pause: { after: answer.first!.length, until: new Promise<void>((resolve) => (resume = resolve)) } }];
    const answered = await makeRouter({}, 20).proxy(apiCase.api, { body: body(true, 'only') });
    let text = '';
    const decoder = new TextDecoder();
    const keepAlive = apiCase.dialect === 'anthropic' ? 'event: ping\ndata: {"type":"ping"}\n\n' : ': keep-alive\n\n';
    for await (const chunk of answered.body as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk);
      // the upstream goes on once the client has had a keep-alive
      if (text.includes(keepAlive)) resume();
    }
    expect(text).toContain(keepAlive);
    if (apiCase.dialect === 'anthropic') expect(text).not.toContain(': keep-alive');
    const last = events(text).at(-1)!.data;
    expect(last === '[DONE]' || !/"type":"(error|response\.failed)"|^\{"error"/.test(last)).toBe(true);
    expect(logs[0]).toMatchObject({ outcome: 'success' });
  });
});
