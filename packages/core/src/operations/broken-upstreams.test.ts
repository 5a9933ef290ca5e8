/**
 * Upstream answers that break their API's rules, for every client API and both paths (passed
 * through to a provider speaking the client's API, translated to another): before anything
 * reaches the client they are failed attempts (failover applies; alone, a 502 in the client API's
 * error shape), after it the stream ends with that API's own error event; the log says why.
 */
import { describe, expect, it } from 'vitest';
import { createRouter } from '../engine/create-router.js';
import { createStaticConfigSource } from '../engine/static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import type { UpstreamRequest, UpstreamResponse } from '../spec/transport.js';
import { API_CASES, ERROR_DATA, GOOD, JSON_TYPE, SSE, answer, events, goodAnswer, sse, type ApiCase, type UpstreamApi } from '../test/api-cases.js';
import { bodyText } from '../test/index.js';

interface Broken {
  /** For a stream request, a whole request, or both. */
  stream: boolean;
  answer: (upstream: UpstreamApi) => UpstreamResponse;
  /** What the attempt's error (and a lone 502's message) says. */
  says: RegExp;
  /** Only for upstreams of these APIs. */
  only?: readonly UpstreamApi[];
  /** Only for these cases. */
  when?: (apiCase: ApiCase) => boolean;
}

/** A chat client, or a translated stream: its start is held (see below). */
const heldStart = (apiCase: ApiCase) => apiCase.api === 'chat' || apiCase.upstream !== apiCase.api;

/** Answers that break the rules before anything could reach the client. */
const BROKEN: Record<string, Broken> = {
  'a redirect with a Location': { stream: false, answer: () => answer(302, { location: 'http://elsewhere.test/v1', 'content-type': 'text/html' }, ['<a>moved</a>']), says: /a redirect \(HTTP 302\)/ },
  'a redirect with a Location, for a stream': { stream: true, answer: () => answer(307, { location: 'http://elsewhere.test/v1' }, []), says: /a redirect \(HTTP 307\)/ },
  'status 999': { stream: false, answer: (api) => answer(999, JSON_TYPE, [JSON.stringify(GOOD[api].json)]), says: /HTTP status 999/ },
  'status 999, for a stream': { stream: true, answer: (api) => answer(999, SSE, [...GOOD[api].first!, ...GOOD[api].rest!]), says: /HTTP status 999/ },
  'an HTML page': { stream: false, answer: () => answer(200, { 'content-type': 'text/html' }, ['<html>login</html>']), says: /the answer is text\/html/ },
  'an HTML page for a stream': { stream: true, answer: () => answer(200, { 'content-type': 'text/html; charset=utf-8' }, ['<html>login</html>']), says: /a stream was asked for, but the answer is text\/html/ },
  'a JSON body for a stream': { stream: true, answer: (api) => answer(200, JSON_TYPE, [JSON.stringify(GOOD[api].json)]), says: /a stream was asked for, but the answer is application\/json/ },
  'an empty 200': { stream: false, answer: () => answer(200, JSON_TYPE, []), says: /empty/ },
  'an empty 200 stream': { stream: true, answer: () => answer(200, SSE, []), says: /empty/ },
  'a first event that is not JSON': { stream: true, answer: (api) => answer(200, SSE, ['data: hel', 'lo\n\n', ...GOOD[api].first!, ...GOOD[api].rest!]), says: /not JSON/ },
  // A chat stream's start is held until it says something, and a translation's until the upstream has: a fault
  // right after a comment or a role-only preamble is still before the first byte. A passed-through stream of
  // another API is committed at its first event (a comment, `message_start`, `response.created`), so a fault
  // after it is the midway case below.
  'a comment, then an event that is not JSON': { stream: true, when: heldStart, answer: (api) => answer(200, SSE, [': processing\n\n', 'data: hello\n\n', ...GOOD[api].first!, ...GOOD[api].rest!]), says: /not JSON/ },
  'a role-only preamble, then an event that is not JSON': {
    stream: true,
    only: ['chat'],
    answer: () => answer(200, SSE, ['data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\ndata: hello\n\n']),
    says: /not JSON/,
  },
  "Anthropic's message_start, then an event that is not JSON": {
    stream: true,
    only: ['messages'],
    when: heldStart,
    answer: () => answer(200, SSE, [`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { ...(GOOD.messages.json as object), content: [], stop_reason: null } })}\n\n`, 'event: content_block_delta\ndata: hello\n\n']),
    says: /not JSON/,
  },
  "Anthropic's message_start, then an error event": {
    stream: true,
    only: ['messages'],
    when: heldStart,
    answer: () => answer(200, SSE, [`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { ...(GOOD.messages.json as object), content: [], stop_reason: null } })}\n\n`, ...sse([['error', ERROR_DATA.messages]])]),
    says: /overloaded/,
  },
  'a first event that is an `event: error`': { stream: true, answer: (api) => answer(200, SSE, sse([['error', ERROR_DATA[api]]])), says: /overloaded/ },
  'an error object in a 200': { stream: false, answer: (api) => answer(200, JSON_TYPE, [JSON.stringify(ERROR_DATA[api])]), says: /overloaded/ },
  "Anthropic's error object in a 200": { stream: false, answer: () => answer(200, JSON_TYPE, [JSON.stringify(ERROR_DATA.messages)]), says: /overloaded/ },
  "Anthropic's error event, without its event name, first": { stream: true, answer: () => answer(200, SSE, sse([[null, ERROR_DATA.messages]])), says: /overloaded/ },
};

function setup(apiCase: ApiCase, bad: (request: UpstreamRequest) => UpstreamResponse) {
  const logs: RequestLogRecord[] = [];
  const seen: string[] = [];
  const config = { ...apiCase.config };
  const router = createRouter({
    config: createStaticConfigSource({
      providers: [
        { id: 'bad', type: apiCase.type, config: { ...config, baseURL: 'http://bad.test/v1' } },
        { id: 'good', type: apiCase.type, config: { ...config, baseURL: 'http://good.test/v1' } },
      ],
      routes: { m: [{ providerId: 'bad' }, { providerId: 'good' }], only: [{ providerId: 'bad' }] },
    }),
    transport: async (request) => {
      const id = new URL(request.url).hostname.split('.')[0];
      seen.push(id);
      if (id === 'bad') return bad(request);
      return goodAnswer(apiCase.upstream, request.headers.accept === 'text/event-stream');
    },
    logSink: { write: (record) => logs.push(record) },
    resilience: { backoffBaseMs: 1, backoffMaxMs: 2 },
    keepAliveMs: 0,
  });
  const ask = async (stream: boolean, model = 'm') => {
    const body = JSON.stringify(apiCase.body(stream)).replace('MODEL', model);
    const answered = await router.proxy(apiCase.api, { body });
    return { ...answered, text: await bodyText(answered.body) };
  };
  return { logs, seen, ask };
}

/** Checks a whole error answer is in the client API's shape, and returns its message. */
function errorMessage(apiCase: ApiCase, text: string): string {
  const body = JSON.parse(text);
  if (apiCase.dialect === 'anthropic') {
    expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    return body.error.message;
  }
  expect(body.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
  return body.error.message;
}

/** Checks a stream ends with the client API's own error event (and nothing after it), and returns its message. */
function streamErrorMessage(apiCase: ApiCase, text: string): string {
  const all = events(text);
  const last = all.at(-1)!;
  expect(all.some((event) => event.data === '[DONE]')).toBe(false);
  const data = JSON.parse(last.data);
  if (apiCase.dialect === 'anthropic') {
    expect(last.event).toBe('error');
    expect(data).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    return data.error.message;
  }
  if (apiCase.dialect === 'responses') {
    if (data.type === 'response.failed') return data.response.error.message;
    expect(last.event).toBe('error');
    expect(data).toMatchObject({ type: 'error', message: expect.any(String) });
    return data.message;
  }
  expect(last.event).toBeUndefined();
  expect(data.error).toMatchObject({ message: expect.any(String) });
  return data.error.message;
}

describe.each(API_CASES)('$name: upstream answers that break the rules', (apiCase) => {
  const broken = Object.entries(BROKEN).filter(([, kind]) => (apiCase.streams || !kind.stream) && (!kind.only || kind.only.includes(apiCase.upstream)) && (!kind.when || kind.when(apiCase)));

  it.each(broken)('fails over from %s, and the log says why', async (_, kind) => {
    const { ask, logs, seen } = setup(apiCase, () => kind.answer(apiCase.upstream));
    const answered = await ask(kind.stream);
    expect(answered.status).toBe(200);
    expect(answered.headers['x-router-provider']).toBe('good');
    expect(answered.headers.location).toBeUndefined();
    // a failed attempt: retried or not, it ends with the next provider
    expect(seen[0]).toBe('bad');
    expect(seen.at(-1)).toBe('good');
    expect(logs).toHaveLength(1);
    expect(logs[0].outcome).toBe('success');
    expect(logs[0].attempts.at(-1)!.providerId).toBe('good');
    expect(logs[0].attempts[0].outcome).toMatch(/^(bad_response|stream_error|empty_answer)$/);
    expect(logs[0].attempts[0].error).toMatch(kind.says);
  });

  it.each(broken)('answers %s alone with a 502 in the API\'s error shape', async (_, kind) => {
    const { ask, logs } = setup(apiCase, () => kind.answer(apiCase.upstream));
    const answered = await ask(kind.stream, 'only');
    expect(answered.status).toBe(502);
    expect(answered.headers['content-type']).toBe('application/json');
    expect(answered.headers.location).toBeUndefined();
    expect(errorMessage(apiCase, answered.text)).toMatch(kind.says);
    expect(logs[0]).toMatchObject({ status: 502, outcome: 'error' });
    expect(logs[0].errorMessage).toMatch(kind.says);
  });

  if (!apiCase.streams) return;

  const MIDWAY: Record<string, { event: (upstream: UpstreamApi) => string; says: RegExp }> = {
    'an event that is not JSON': { event: () => 'data: <html>oops</html>\n\n', says: /not JSON/ },
    'an `event: error`': { event: (api) => sse([['error', ERROR_DATA[api]]])[0], says: /overloaded/ },
    "Anthropic's error event without its event name": { event: () => sse([[null, ERROR_DATA.messages]])[0], says: /overloaded/ },
  };
  it.each(Object.entries(MIDWAY))('ends the stream at %s midway with the API\'s error event, logged as a stream error', async (_, midway) => {
    const good = GOOD[apiCase.upstream];
    const { ask, logs, seen } = setup(apiCase, () => answer(200, SSE, [...good.first!, midway.event(apiCase.upstream), ...good.rest!]));
    const answered = await ask(true);
    expect(answered.status).toBe(200);
    expect(seen).toEqual(['bad']);
    expect(answered.text).toContain('ok');
    expect(streamErrorMessage(apiCase, answered.text)).toMatch(midway.says);
    expect(logs[0].outcome).toBe('stream_error');
    expect(logs[0].errorMessage).toMatch(midway.says);
    expect(logs[0].attempts[0].outcome).toBe('stream_error');
  });
});
