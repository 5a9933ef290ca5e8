/**
 * Resilience, end to end: the built server process in front of fault-injecting
 * upstreams on 127.0.0.1, driven by the real `openai` client (and raw HTTP where
 * the wire itself is the point). Timeouts are configured per provider and kept
 * short so the suite stays fast.
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { openStore, readRevision, type Store } from '@router/store';
import {
  chunkFrames, completionJson, errorJson, okJson, refusedURL, startFaultUpstream, startServerProcess, tempDir, waitFor,
  type Fault, type FaultUpstream, type ServerProcess,
} from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

type OpenAIError = { error: { message: string; type: string; code: string | null; param: string | null } };

const FAST = { timeout: 300, idleTimeout: 400, connectTimeout: 500 };
const PATIENT = { timeout: 5_000, idleTimeout: 5_000 };
const MAX_BODY = 64 * 1024;
/** A refused upload is read and dropped up to this much more, so the client can read the 413. */
const DRAIN_BYTES = 96 * 1024 * 1024;
let a: FaultUpstream;
let b: FaultUpstream;
let server: ServerProcess;
let store: Store;
let client: OpenAI;
let sequence = 0;

const messages = [{ role: 'user' as const, content: 'hi' }];
const nextId = (label: string) => `res-${label}-${Date.now()}-${++sequence}`;

async function health(url = server.url): Promise<any> {
  return (await fetch(`${url}/health`)).json();
}

/** Writes settings and waits until the running server has loaded them. */
async function setSettings(values: Record<string, string | null>): Promise<void> {
  for (const [key, value] of Object.entries(values)) await store.settings.set(key, value, 'cli');
  const revision = await readRevision(store.db);
  await waitFor(async () => (await health()).configRevision >= revision, 3_000);
}

async function logRow(id: string) {
  // a bound, not a wait: the row is read as soon as it is there (the first batch on a loaded machine can take seconds)
  const row = await waitFor(() => store.logs.get(id), 10_000);
  const attempts = typeof row!.attempts === 'string' ? JSON.parse(row!.attempts) : row!.attempts;
  return { ...row!, attempts: attempts as { providerId: string; outcome: string; status: number | null; delayMs?: number }[] };
}

function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers, body });
}

async function withHeaders(model: string, id: string) {
  const { data, response } = await client.chat.completions.create({ model, messages }, { headers: { 'x-request-id': id } }).withResponse();
  return { text: data.choices[0].message.content, provider: response.headers.get('x-router-provider'), attempts: response.headers.get('x-router-attempts') };
}

beforeAll(async () => {
  const dir = tempDir();
  const db = await e2eDatabase(dir);
  [a, b] = await Promise.all([startFaultUpstream(), startFaultUpstream()]);
  store = await openStore({ url: db });
  const add = (id: string, baseURL: string, timeouts: object) => store.providers.create({ id, type: 'openai-compatible', config: { baseURL, ...timeouts } }, 'cli');
  await add('alpha', a.baseURL, FAST);
  await add('beta', b.baseURL, FAST);
  await add('dead', await refusedURL(), FAST);
  await add('slow', a.baseURL, PATIENT);
  await add('gamma', a.baseURL, FAST);
  await store.mappings.set('refused-then-beta', [{ providerId: 'dead' }, { providerId: 'beta' }], 'cli');
  await store.mappings.set('alpha-then-beta', [{ providerId: 'alpha' }, { providerId: 'beta' }], 'cli');
  await store.mappings.set('alpha-only', [{ providerId: 'alpha' }], 'cli');
  await store.mappings.set('slow-only', [{ providerId: 'slow' }], 'cli');
  await store.mappings.set('gamma-then-beta', [{ providerId: 'gamma' }, { providerId: 'beta' }], 'cli');
  await store.mappings.set('gamma-only', [{ providerId: 'gamma' }], 'cli');
  for (const [key, value] of Object.entries({ retry_backoff_ms: '20', retry_backoff_max_ms: '40', retry_after_max_ms: '400', breaker_failures: '1000' })) {
    await store.settings.set(key, value, 'cli');
  }
  server = await startServerProcess({ DATABASE_URL: db, CONFIG_POLL_MS: '50', SSE_KEEPALIVE_MS: '200', MAX_BODY_BYTES: String(MAX_BODY), MAX_BODY_DRAIN_BYTES: String(DRAIN_BYTES), MAX_BODY_DRAIN_MS: '1500' }, dir);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  store?.close();
  await Promise.all([a?.close(), b?.close()]);
});

// Every test starts from the same upstreams: nothing scripted, alpha answering "ok", beta "from beta".
beforeEach(() => {
  a.reset();
  b.reset();
  b.otherwise(okJson('from beta'));
});

describe('failover before the first byte', () => {
  it('falls back after connection refused, retrying once first', async () => {
    const id = nextId('refused');
    expect(await withHeaders('refused-then-beta', id)).toEqual({ text: 'from beta', provider: 'beta', attempts: '3' });
    const row = await logRow(id);
    expect(row.attempts.map((attempt) => `${attempt.providerId}:${attempt.outcome}`)).toEqual(['dead:connect_error', 'dead:connect_error', 'beta:ok']);
    expect(row.attempts[1].delayMs).toBeGreaterThan(0);
  });

  it('fails over from answers that break the API (redirect, status 999, HTML, JSON for a stream, a first event that is not JSON), and logs why', async () => {
    const cases: { name: string; stream: boolean; fault: Fault; says: RegExp }[] = [
      { name: 'redirect', stream: false, fault: { kind: 'json', status: 302, body: '', headers: { location: 'http://127.0.0.1:9/elsewhere', 'content-type': 'text/html' } }, says: /a redirect \(HTTP 302\)/ },
      { name: 'status-999', stream: false, fault: { kind: 'json', status: 999, body: completionJson('nope') }, says: /HTTP status 999/ },
      { name: 'html', stream: false, fault: { kind: 'json', status: 200, body: '<html><body>Sign in</body></html>', headers: { 'content-type': 'text/html' } }, says: /the answer is text\/html/ },
      { name: 'html-stream', stream: true, fault: { kind: 'json', status: 200, body: '<html>busy</html>', headers: { 'content-type': 'text/html' } }, says: /a stream was asked for, but the answer is text\/html/ },
      { name: 'json-stream', stream: true, fault: { kind: 'json', status: 200, body: completionJson('nope') }, says: /a stream was asked for, but the answer is application\/json/ },
      { name: 'garbage-first', stream: true, fault: { kind: 'sse', frames: ['data: <html>\n\n'] }, says: /a stream event whose data is not JSON/ },
      { name: 'error-event', stream: true, fault: { kind: 'sse', frames: ['event: error\ndata: {"error":{"message":"overloaded"}}\n\n'] }, says: /reported an error in its stream: overloaded/ },
    ];
    for (const { name, stream, fault, says } of cases) {
      a.reset();
      b.reset();
      a.script(fault, fault);
      b.otherwise(stream ? { kind: 'sse', frames: chunkFrames(['from ', 'beta']) } : okJson('from beta'));
      const id = nextId(name);
      let text = '';
      if (stream) {
        const response = await client.chat.completions.create({ model: 'alpha-then-beta', stream: true, messages }, { headers: { 'x-request-id': id } });
        for await (const chunk of response) text += chunk.choices[0]?.delta?.content ?? '';
      } else {
        text = (await client.chat.completions.create({ model: 'alpha-then-beta', messages }, { headers: { 'x-request-id': id } })).choices[0].message.content ?? '';
      }
      expect(text, name).toBe('from beta');
      const row = await logRow(id);
      expect(row.outcome, name).toBe('success');
      expect(row.attempts.at(-1)!.providerId, name).toBe('beta');
      expect((row.attempts[0] as { error?: string }).error, name).toMatch(says);
    }
    // with nowhere else to go, an OpenAI-shaped 502
    a.reset();
    a.otherwise({ kind: 'json', status: 200, body: '<html>login</html>', headers: { 'content-type': 'text/html' } });
    const error = await client.chat.completions.create({ model: 'alpha-only', messages }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_bad_response');
    a.reset();
    b.reset();
    b.otherwise(okJson('from beta'));
  });

  it('falls back after a time-to-first-byte timeout, cancelling the hung requests', async () => {
    a.reset();
    a.script({ kind: 'hang' }, { kind: 'hang' });
    const id = nextId('ttfb');
    expect(await withHeaders('alpha-then-beta', id)).toEqual({ text: 'from beta', provider: 'beta', attempts: '3' });
    expect((await logRow(id)).attempts.map((attempt) => `${attempt.providerId}:${attempt.outcome}`)).toEqual(['alpha:timeout', 'alpha:timeout', 'beta:ok']);
    expect(a.requests).toHaveLength(2);
    expect(await Promise.all(a.requests.map((seen) => seen.aborted))).toEqual([true, true]);
  });

  it('falls back after 503s with the exact number of attempts', async () => {
    a.reset();
    a.script(errorJson(503), errorJson(503));
    const id = nextId('503');
    expect(await withHeaders('alpha-then-beta', id)).toEqual({ text: 'from beta', provider: 'beta', attempts: '3' });
    expect(a.requests).toHaveLength(2);
    expect((await logRow(id)).attempts.map((attempt) => attempt.status)).toEqual([503, 503, 200]);
  });

  it('retries the same target when a retry succeeds', async () => {
    a.reset();
    a.script(errorJson(502), okJson('second try'));
    expect(await withHeaders('alpha-then-beta', nextId('retry'))).toEqual({ text: 'second try', provider: 'alpha', attempts: '2' });
  });

  it('waits for a short Retry-After, then retries', async () => {
    a.reset();
    a.script(errorJson(429, 'slow down', { 'retry-after-ms': '250' }), okJson('after the wait'));
    expect(await withHeaders('alpha-only', nextId('429-short'))).toMatchObject({ text: 'after the wait', attempts: '2' });
    expect(a.requests[1].receivedAt - a.requests[0].receivedAt).toBeGreaterThanOrEqual(240);
  });

  it('does not sleep through a long Retry-After: next target, or the 429 with its Retry-After', async () => {
    a.reset();
    a.otherwise(errorJson(429, 'quota exhausted', { 'retry-after': '30' }));
    expect(await withHeaders('alpha-then-beta', nextId('429-long'))).toEqual({ text: 'from beta', provider: 'beta', attempts: '2' });
    const id = nextId('429-pass');
    const response = await post(JSON.stringify({ model: 'alpha-only', messages }), { 'content-type': 'application/json', 'x-request-id': id });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    // one attempt, and no wait before it: the 30 s were not slept through
    expect((await logRow(id)).attempts).toMatchObject([{ providerId: 'alpha', status: 429 }]);
    expect((await logRow(id)).attempts[0].delayMs ?? 0).toBe(0);
    const error = await client.chat.completions.create({ model: 'alpha-only', messages }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toContain('quota exhausted');
    a.reset();
  });

  it.each([400, 404, 422])('passes an upstream %i back unretried', async (status) => {
    a.reset();
    b.reset();
    b.otherwise(okJson('from beta'));
    a.script(errorJson(status, `the client's fault (${status})`));
    const error = await client.chat.completions.create({ model: 'alpha-then-beta', messages }).catch((caught) => caught);
    expect(error.status).toBe(status);
    expect(error.message).toContain(`the client's fault (${status})`);
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(0);
  });

  it('turns an upstream 401 into a 502 naming the provider, without retrying it', async () => {
    a.reset();
    a.script(errorJson(401, 'invalid api key'));
    const error = await client.chat.completions.create({ model: 'alpha-only', messages }).catch((caught) => caught);
    expect(error.status).toBe(502);
    expect(error.message).toContain('alpha');
    expect(a.requests).toHaveLength(1);
  });

  it('bounds all attempts with one deadline', async () => {
    a.reset();
    b.reset();
    a.otherwise({ kind: 'hang' });
    b.otherwise({ kind: 'hang' });
    await setSettings({ request_deadline_ms: '700' });
    try {
      const id = nextId('deadline');
      const error = await client.chat.completions.create({ model: 'alpha-then-beta', messages }, { headers: { 'x-request-id': id } }).catch((caught) => caught);
      expect(error.status).toBe(504);
      expect(error.code).toBe('deadline_exceeded');
      const row = await logRow(id);
      expect(row.errorCode).toBe('deadline_exceeded');
      // every attempt was cut short: each upstream saw its request abandoned
      expect(row.attempts.every((attempt) => attempt.outcome === 'timeout')).toBe(true);
      expect(await Promise.all([...a.requests, ...b.requests].map((seen) => seen.aborted))).not.toContain(false);
    } finally {
      await setSettings({ request_deadline_ms: null });
    }
  });
});

describe('streams after the first byte', () => {
  it('ends a stream reset midway with an error event and no [DONE]; the openai client raises', async () => {
    const frames = chunkFrames(['Hel', 'lo'], false);
    a.reset();
    a.script({ kind: 'sse', frames, then: 'reset' }, { kind: 'sse', frames, then: 'reset' });
    const raw = await (await post(JSON.stringify({ model: 'alpha-only', stream: true, messages }))).text();
    expect(raw.startsWith(frames.join(''))).toBe(true);
    expect(raw).toMatch(/data: \{"error":\{"message":"Provider \\"alpha\\" could not be reached/);
    expect(raw).not.toContain('[DONE]');

    let text = '';
    const id = nextId('reset');
    const error = await (async () => {
      const stream = await client.chat.completions.create({ model: 'alpha-only', stream: true, messages }, { headers: { 'x-request-id': id } });
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().catch((caught) => caught);
    expect(text).toBe('Hello');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((await logRow(id)).outcome).toBe('stream_error');
  });

  it('ends a stream whose upstream turns to garbage with the error event, not the garbage; the openai client raises an APIError', async () => {
    const frames = chunkFrames(['ok'], false);
    a.reset();
    const garbage = { kind: 'sse' as const, frames, then: { garbage: 'data: {this is not json\n\n' } };
    a.script(garbage, garbage);
    const raw = await (await post(JSON.stringify({ model: 'alpha-only', stream: true, messages }))).text();
    expect(raw.startsWith(frames.join(''))).toBe(true);
    expect(raw).not.toContain('data: {this is not json');
    expect(raw).toMatch(/data: \{"error":\{"message":"Provider \\"alpha\\" sent an invalid answer: a stream event whose data is not JSON/);
    expect(raw).not.toContain('[DONE]');
    const id = nextId('garbage');
    const error = await (async () => {
      for await (const _ of await client.chat.completions.create({ model: 'alpha-only', stream: true, messages }, { headers: { 'x-request-id': id } }));
    })().catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const row = await logRow(id);
    expect(row.outcome).toBe('stream_error');
    expect(row.errorMessage).toMatch(/not JSON/);
  });

  it('ends a stalled stream with the idle timeout while a slow steady one survives', async () => {
    a.reset();
    const steady = chunkFrames(['one ', 'two ', 'three ', 'four ', 'five ', 'six']);
    a.script({ kind: 'sse', frames: chunkFrames(['stuck'], false), then: 'stall' }, { kind: 'sse', frames: steady, intervalMs: 250 });
    const stalled = await (await post(JSON.stringify({ model: 'alpha-only', stream: true, messages }))).text();
    expect(stalled).toContain('"code":"upstream_idle_timeout"');
    expect(stalled).not.toContain('[DONE]');

    const stream = await client.chat.completions.create({ model: 'alpha-only', stream: true, messages });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    // 8 frames 250 ms apart: far longer in total than the 400 ms idle timeout
    expect(text).toBe('one two three four five six');
  });

  it('sends keep-alive comments while the upstream is silent, between whole events', async () => {
    a.reset();
    const frames = chunkFrames(['wait ', 'for it']);
    a.script({ kind: 'sse', frames, intervalMs: 600 });
    const raw = await (await post(JSON.stringify({ model: 'slow-only', stream: true, messages }))).text();
    expect(raw).toContain(': keep-alive\n\n');
    expect(raw.replaceAll(': keep-alive\n\n', '')).toBe(frames.join(''));
  });
});

describe('cancellation', () => {
  it('cancels the upstream when the client aborts mid-stream, and logs what was received', async () => {
    a.reset();
    a.script({ kind: 'sse', frames: chunkFrames(Array.from({ length: 50 }, (_, index) => `w${index} `)), intervalMs: 100 });
    const controller = new AbortController();
    const id = nextId('abort-stream');
    const stream = await client.chat.completions.create({ model: 'slow-only', stream: true, messages }, { signal: controller.signal, headers: { 'x-request-id': id } });
    let text = '';
    await (async () => {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (text.split(' ').length > 3) controller.abort();
      }
    })().catch(() => undefined);
    const seen = a.requests[0];
    // the upstream's exchange ended before its 50 words were sent: the router cancelled it
    expect(await seen.aborted).toBe(true);
    const row = await logRow(id);
    expect(row).toMatchObject({ outcome: 'client_closed', errorCode: 'client_closed' });
    expect(row.responseBody).toMatch(/^w0 w1 w2/);
    expect(row.responseBody).not.toContain('w49');
  });

  it('cancels the upstream when the client aborts mid-stream on every other streaming route, with that API\'s own SDK', async () => {
    const anthropic = new Anthropic({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
    const calls: Record<string, (signal: AbortSignal, headers: Record<string, string>) => Promise<AsyncIterable<unknown>>> = {
      '/v1/messages': (signal, headers) => anthropic.messages.create({ model: 'slow-only', max_tokens: 100, stream: true, messages }, { signal, headers }),
      '/v1/responses': (signal, headers) => client.responses.create({ model: 'slow-only', input: 'hi', stream: true }, { signal, headers }),
      '/v1/completions': (signal, headers) => client.completions.create({ model: 'slow-only', prompt: 'hi', stream: true }, { signal, headers }),
    };
    for (const [route, call] of Object.entries(calls)) {
      a.reset();
      a.script({ kind: 'sse', frames: chunkFrames(Array.from({ length: 50 }, (_, index) => `w${index} `)), intervalMs: 100 });
      const controller = new AbortController();
      const id = nextId('abort-api');
      const stream = await call(controller.signal, { 'x-request-id': id });
      let events = 0;
      await (async () => {
        for await (const _event of stream) if (++events > 3) controller.abort();
      })().catch(() => undefined);
      // the upstream's exchange ended before its 50 words were sent: the router cancelled it
      expect(await a.requests[0].aborted, route).toBe(true);
      // and the row is written (a translated Responses stream's last event, coming after the client left, once held the send forever)
      expect(await logRow(id), route).toMatchObject({ endpoint: route, outcome: 'client_closed', errorCode: 'client_closed' });
    }
  });

  it('cancels the upstream when the client aborts before the first byte, with no further attempt', async () => {
    a.reset();
    a.script({ kind: 'hang' });
    const controller = new AbortController();
    const id = nextId('abort-ttfb');
    const pending = client.chat.completions.create({ model: 'slow-only', stream: true, messages }, { signal: controller.signal, headers: { 'x-request-id': id } }).catch((caught) => caught);
    await waitFor(() => a.requests.length === 1);
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    // the hung upstream would never end its exchange by itself
    expect(await a.requests[0].aborted).toBe(true);
    const row = await logRow(id);
    expect(row.outcome).toBe('client_closed');
    expect(row.attempts.map((attempt) => attempt.outcome)).toEqual(['client_closed']);
  });

  it('cancels the upstream when the client aborts a non-streaming call', async () => {
    a.reset();
    a.script({ kind: 'json', delayMs: 5_000, body: '{}' });
    const controller = new AbortController();
    const pending = client.chat.completions.create({ model: 'slow-only', messages }, { signal: controller.signal }).catch((caught) => caught);
    await waitFor(() => a.requests.length === 1);
    controller.abort();
    await pending;
    // the answer was due in 5 s: the exchange ended early because the router cancelled it
    expect(await a.requests[0].aborted).toBe(true);
  });

  it('starts no further attempt for a client that left during the backoff wait', async () => {
    a.reset();
    a.script(errorJson(503, 'busy', { 'retry-after-ms': '380' }), okJson('too late'));
    const controller = new AbortController();
    const id = nextId('abort-backoff');
    const pending = client.chat.completions.create({ model: 'alpha-only', messages }, { signal: controller.signal, headers: { 'x-request-id': id } }).catch((caught) => caught);
    await waitFor(() => a.requests.length === 1);
    // the 503 has been sent in full: the router is now waiting out its Retry-After
    expect(await a.requests[0].aborted).toBe(false);
    controller.abort();
    await pending;
    // the row is written when the request is over: no attempt can start after it
    const row = await logRow(id);
    expect(row.outcome).toBe('client_closed');
    expect(row.attempts.map((attempt) => attempt.status)).toEqual([503]);
    expect(a.requests).toHaveLength(1);
  });
});

/** Waits until the circuit of `provider` has cooled down (its probe may go). */
async function coolDown(provider: string): Promise<void> {
  await waitFor(async () => ((await health()).circuits[provider]?.retryInMs ?? 0) <= 0, 10_000);
}

describe('circuit breaker', () => {
  beforeAll(() => setSettings({ breaker_failures: '2', breaker_cooldown_ms: '400', breaker_cooldown_max_ms: '2000', retry_attempts: '1' }));
  afterAll(() => setSettings({ breaker_failures: '1000', breaker_cooldown_ms: null, breaker_cooldown_max_ms: null, retry_attempts: null }));

  it('opens after consecutive failures, skips, probes once after the cool-down, and closes', async () => {
    a.script(errorJson(503), errorJson(503));
    expect(await withHeaders('gamma-then-beta', nextId('cb1'))).toMatchObject({ provider: 'beta', attempts: '2' });
    expect(await withHeaders('gamma-then-beta', nextId('cb2'))).toMatchObject({ provider: 'beta', attempts: '2' });
    expect((await health()).circuits.gamma).toMatchObject({ state: 'open', opens: 1 });

    // open: skipped without a request reaching it
    const skippedId = nextId('cb-skip');
    expect(await withHeaders('gamma-then-beta', skippedId)).toMatchObject({ provider: 'beta', attempts: '1' });
    expect(a.requests).toHaveLength(2);
    expect((await logRow(skippedId)).attempts.map((attempt) => attempt.outcome)).toEqual(['skipped', 'ok']);

    // every target cooling: 503 with Retry-After
    const cooling = await post(JSON.stringify({ model: 'gamma-only', messages }));
    expect(cooling.status).toBe(503);
    expect(Number(cooling.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await cooling.json()) as OpenAIError).error.code).toBe('providers_unavailable');

    // half-open: exactly one probe goes through; a concurrent request is not let in
    await coolDown('gamma');
    a.script({ kind: 'json', delayMs: 300, body: JSON.stringify({ id: 'p', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'probe ok' }, finish_reason: 'stop' }] }) });
    const probe = withHeaders('gamma-only', nextId('cb-probe'));
    await waitFor(() => a.requests.length === 3);
    expect((await post(JSON.stringify({ model: 'gamma-only', messages }))).status).toBe(503);
    expect(await probe).toMatchObject({ text: 'probe ok', provider: 'gamma' });
    expect((await health()).circuits.gamma).toBeUndefined();
    expect(await withHeaders('gamma-then-beta', nextId('cb-closed'))).toMatchObject({ provider: 'gamma' });
  });

  it('re-opens with a longer cool-down when the probe fails', async () => {
    a.reset();
    a.script(errorJson(500), errorJson(500));
    await withHeaders('gamma-then-beta', nextId('cb3'));
    await withHeaders('gamma-then-beta', nextId('cb4'));
    expect((await health()).circuits.gamma).toMatchObject({ state: 'open', opens: 1 });
    await coolDown('gamma');
    a.script(errorJson(500));
    expect(await withHeaders('gamma-then-beta', nextId('cb-probe-fails'))).toMatchObject({ provider: 'beta', attempts: '2' });
    const circuit = (await health()).circuits.gamma;
    expect(circuit).toMatchObject({ state: 'open', opens: 2 });
    // the second cool-down is longer than the first (400 ms)
    expect(circuit.retryInMs).toBeGreaterThan(400);
  });
});

describe('bad input', () => {
  it('answers every bad input with a clear 4xx, reaches no upstream, and disturbs no other request', async () => {
    a.reset();
    b.reset();
    a.script({ kind: 'sse', frames: chunkFrames(['undisturbed ', 'stream']), intervalMs: 100 });
    const good = (async () => {
      let text = '';
      for await (const chunk of await client.chat.completions.create({ model: 'slow-only', stream: true, messages })) text += chunk.choices[0]?.delta?.content ?? '';
      return text;
    })();
    await waitFor(() => a.requests.length === 1);
    const cases: [string, Record<string, string> | undefined, number, string | null, string][] = [
      ['{', undefined, 400, null, 'invalid_json'],
      ['', undefined, 400, null, 'empty_body'],
      ['[1,2]', undefined, 400, null, 'invalid_json'],
      [JSON.stringify({ model: 'alpha-only', messages: 'hi' }), undefined, 400, 'messages', 'invalid_value'],
      [JSON.stringify({ model: 'alpha-only', messages, stream: 'yes' }), undefined, 400, 'stream', 'invalid_value'],
      [JSON.stringify({ messages }), undefined, 400, 'model', 'invalid_value'],
      [JSON.stringify({ model: 42, messages }), undefined, 400, 'model', 'invalid_value'],
      [JSON.stringify({ model: 'no-such-model', messages }), undefined, 404, 'model', 'model_not_found'],
      [JSON.stringify({ model: 'alpha-only', messages }), { 'content-type': 'text/plain' }, 415, 'content-type', 'unsupported_media_type'],
      [JSON.stringify({ model: 'alpha-only', messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY) }] }), undefined, 413, null, 'payload_too_large'],
    ];
    for (const [index, [body, headers, status, param, code]] of cases.entries()) {
      const id = `bad-input-${index}`;
      const response = await post(body, { 'content-type': 'application/json', 'x-request-id': id, ...headers });
      expect(response.status, body.slice(0, 40)).toBe(status);
      expect(response.headers.get('x-request-id')).toBe(id);
      const error = ((await response.json()) as OpenAIError).error;
      expect(error, body.slice(0, 40)).toMatchObject({ code, param, type: 'invalid_request_error' });
      expect(error.message.length).toBeGreaterThan(10);
      // refused requests are logged too, once, under the same id (413 and 415 included)
      expect(await logRow(id), body.slice(0, 40)).toMatchObject({ status, outcome: 'error', errorCode: code });
    }
    const missing = await client.chat.completions.create({ model: 'no-such-model', messages }).catch((caught) => caught);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await good).toBe('undisturbed stream');
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(0);
  });

  it('lets the openai client read the 413 for an oversize body: an APIError, not a connection error, and no second upload', async () => {
    let uploads = 0;
    const counting = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'unused',
      maxRetries: 2,
      fetch: (url: string | URL | Request, init?: RequestInit) => {
        uploads++;
        return fetch(url, init);
      },
    });
    const id = nextId('oversize');
    const error = await counting.chat.completions
      // far more than socket buffers hold, so the upload is still going when the limit is passed (smaller bodies fit in
      // the buffers on loopback and never showed the problem)
      .create({ model: 'alpha-only', messages: [{ role: 'user', content: 'x'.repeat(64_000_000) }] }, { headers: { 'x-request-id': id } })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).not.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(error.status).toBe(413);
    expect(error.code).toBe('payload_too_large');
    expect(uploads).toBe(1);
    // and a body sent without a declared length (chunked), still arriving when the limit is passed
    const chunked = await new Promise<number>((resolve, reject) => {
      const upload = httpRequest(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
      upload.on('response', (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      upload.on('error', reject);
      const piece = Buffer.alloc(8 * 1024, 'x');
      for (let sent = 0; sent < MAX_BODY * 1.5; sent += piece.length) upload.write(piece);
      upload.end();
    });
    expect(chunked).toBe(413);
  });

  it('lets each client API\'s own SDK read the 413 for an oversize body on every other client route, in the API\'s error shape, with no second upload', async () => {
    // far more than socket buffers hold, as above; chat is the test above
    const oversize = 'x'.repeat(64_000_000);
    let uploads = 0;
    const counting = (url: string | URL | Request, init?: RequestInit) => {
      uploads++;
      return fetch(url, init);
    };
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 2, fetch: counting });
    const anthropic = new Anthropic({ baseURL: server.url, apiKey: 'unused', maxRetries: 2, fetch: counting as typeof fetch });
    const calls: Record<string, { call: (headers: Record<string, string>) => Promise<unknown>; shape: 'openai' | 'anthropic' }> = {
      '/v1/responses': { call: (headers) => openai.responses.create({ model: 'alpha-only', input: oversize }, { headers }), shape: 'openai' },
      '/v1/embeddings': { call: (headers) => openai.embeddings.create({ model: 'alpha-only', input: oversize }, { headers }), shape: 'openai' },
      '/v1/completions': { call: (headers) => openai.completions.create({ model: 'alpha-only', prompt: oversize }, { headers }), shape: 'openai' },
      '/v1/messages': { call: (headers) => anthropic.messages.create({ model: 'alpha-only', max_tokens: 10, messages: [{ role: 'user', content: oversize }] }, { headers }), shape: 'anthropic' },
      '/v1/messages/count_tokens': { call: (headers) => anthropic.messages.countTokens({ model: 'alpha-only', messages: [{ role: 'user', content: oversize }] }, { headers }), shape: 'anthropic' },
    };
    for (const [route, { call, shape }] of Object.entries(calls)) {
      uploads = 0;
      const id = nextId('oversize-api');
      const error = (await call({ 'x-request-id': id }).catch((caught: unknown) => caught)) as { status?: number; code?: string | null; error?: unknown };
      if (shape === 'anthropic') {
        expect(error, route).toBeInstanceOf(Anthropic.APIError);
        expect(error, route).not.toBeInstanceOf(Anthropic.APIConnectionError);
        expect(error.error, route).toMatchObject({ type: 'error', error: { type: 'request_too_large', message: expect.stringContaining('MAX_BODY_BYTES') } });
      } else {
        expect(error, route).toBeInstanceOf(OpenAI.APIError);
        expect(error, route).not.toBeInstanceOf(OpenAI.APIConnectionError);
        expect(error.code, route).toBe('payload_too_large');
      }
      expect(error.status, route).toBe(413);
      expect(uploads, route).toBe(1);
      expect(await logRow(id), route).toMatchObject({ endpoint: route, status: 413, outcome: 'error', errorCode: 'payload_too_large' });
    }
  });

  it('hangs up on an oversize upload that goes on past the drain bound, without reading it whole', async () => {
    let sent = 0;
    const closed = await new Promise<{ status: number }>((resolve) => {
      const upload = httpRequest(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let status = 0;
      // sends without end, as fast as the server takes it
      const pump = () => {
        while (!upload.destroyed && sent < 8 * DRAIN_BYTES) {
          sent += chunk.length;
          if (!upload.write(chunk)) return void upload.once('drain', pump);
        }
      };
      pump();
      upload.on('response', (response) => {
        status = response.statusCode!;
        response.resume();
      });
      upload.on('error', () => undefined);
      upload.on('close', () => resolve({ status }));
    });
    // the server read at most the drain bound past the limit (plus what the sockets buffer), then closed
    expect(sent).toBeLessThan(MAX_BODY + DRAIN_BYTES + 48 * 1024 * 1024);
    expect([0, 413]).toContain(closed.status);
  });

  it('keeps a valid client x-request-id, replaces an invalid one, and logs under the same id', async () => {
    b.reset();
    b.otherwise(okJson('from beta'));
    a.script(errorJson(503), errorJson(503));
    const valid = await post(JSON.stringify({ model: 'alpha-then-beta', messages }), { 'content-type': 'application/json', 'x-request-id': 'client-chosen-id.1' });
    expect(valid.headers.get('x-request-id')).toBe('client-chosen-id.1');
    expect(valid.headers.get('x-router-provider')).toBe('beta');
    expect(valid.headers.get('x-router-attempts')).toBe('3');
    const row = await logRow('client-chosen-id.1');
    expect(row.attempts.map((attempt) => `${attempt.providerId}:${attempt.outcome}:${attempt.status}`)).toEqual(['alpha:http_error:503', 'alpha:http_error:503', 'beta:ok:200']);
    const invalid = await post(JSON.stringify({ model: 'alpha-then-beta', messages }), { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' });
    expect(invalid.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports in /health every log row it wrote, and none dropped', async () => {
    const id = nextId('health-log');
    expect(await withHeaders('alpha-only', id)).toMatchObject({ provider: 'alpha' });
    await logRow(id);
    await waitFor(async () => (await health()).log.queued === 0);
    const { log } = await health();
    expect(log.dropped).toBe(0);
    // every row this server wrote is in the database (this file's requests, this one included)
    expect(log.written).toBe(await store.logs.count());
    expect(log.written).toBeGreaterThan(0);
  });
});

describe('graceful shutdown', () => {
  it('lets streams finish within the grace period, ends the rest with an error event, writes every row, and exits 0', async () => {
    const dir = tempDir();
    const db = await e2eDatabase(dir, 'shutdown');
    const upstream = await startFaultUpstream();
    const setup = await openStore({ url: db });
    await setup.providers.create({ id: 'up', type: 'openai-compatible', config: { baseURL: upstream.baseURL, ...PATIENT } }, 'cli');
    await setup.settings.setActiveProvider('up', 'cli');
    await setup.close();
    const running = await startServerProcess({ DATABASE_URL: db, SHUTDOWN_GRACE_MS: '1500', SSE_KEEPALIVE_MS: '0' }, dir);
    const shutdownClient = new OpenAI({ baseURL: `${running.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    try {
      const finishing = chunkFrames(['fin', 'ish', 'es']);
      upstream.script({ kind: 'sse', frames: finishing, intervalMs: 200 }, { kind: 'sse', frames: chunkFrames(['stuck'], false), then: 'stall' });
      const ask = (id: string) => fetch(`${running.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: JSON.stringify({ model: 'm', stream: true, messages }) });
      const finishingResponse = await ask('shutdown-finishing');
      const stalledResponse = await ask('shutdown-stalled');
      upstream.otherwise(okJson('quick'));
      const quickIds = Array.from({ length: 40 }, (_, index) => `shutdown-quick-${index}`);
      await Promise.all(quickIds.map((id) => shutdownClient.chat.completions.create({ model: 'm', messages }, { headers: { 'x-request-id': id } })));

      const ended: string[] = [];
      const finishingDone = finishingResponse.text().then((text) => (ended.push('finishing'), text));
      const stalledDone = stalledResponse.text().then((text) => (ended.push('stalled'), text));
      const exit = running.stop('SIGTERM');
      // new connections are refused once the server has stopped listening, while the streams in flight go on
      const { port } = new URL(running.url);
      const refused = () => new Promise<boolean>((resolve) => connect(Number(port), '127.0.0.1').once('connect', function (this: Socket) { this.destroy(); resolve(false); }).once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED')));
      await waitFor(refused, 10_000);
      expect(ended).not.toContain('stalled');
      const [finishingText, stalledText] = await Promise.all([finishingDone, stalledDone]);
      expect(finishingText).toBe(finishing.join(''));
      // the stalled stream was held through the grace period, past the finishing one, then ended
      expect(ended).toEqual(['finishing', 'stalled']);
      expect(stalledText).toContain('"code":"server_shutting_down"');
      expect(stalledText).not.toContain('[DONE]');
      expect(await exit).toBe(0);
      await expect(fetch(`${running.url}/health`)).rejects.toThrow();

      const after = await openStore({ url: db, migrate: false });
      try {
        for (const id of quickIds) expect(await after.logs.get(id), id).toMatchObject({ outcome: 'success' });
        expect(await after.logs.get('shutdown-finishing')).toMatchObject({ outcome: 'success', responseBody: 'finishes' });
        expect(await after.logs.get('shutdown-stalled')).toMatchObject({ outcome: 'stream_error', errorCode: 'server_shutting_down' });
        expect(await after.logs.count()).toBe(quickIds.length + 2);
      } finally {
        await after.close();
      }
    } finally {
      await running.stop();
      await upstream.close();
    }
  });
});
