/**
 * Upstream answers that break the API's rules, through the whole engine: before anything reaches
 * the client they are failed attempts (502, OpenAI-shaped, failover applies); the log says why.
 */
import { describe, expect, it } from 'vitest';
import { createRouter, type RouterOptions } from './create-router.js';
import { createStaticConfigSource } from './static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import type { UpstreamRequest, UpstreamResponse } from '../spec/transport.js';
import { bodyText } from '../test/index.js';
import { checkStreamedToolCalls } from './upstream-answer.js';

const encoder = new TextEncoder();
const completion = '{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}';
const chunk = (content: string) => `data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}]}\n\n`;
const goodStream = chunk('ok') + 'data: [DONE]\n\n';

function answer(status: number, headers: Record<string, string>, ...chunks: string[]): UpstreamResponse {
  return { status, headers, body: (async function* () { for (const piece of chunks) yield encoder.encode(piece); })() };
}

/** `bad` answers first, `good` second; the client asks `model` (a route bad → good). */
function setup(bad: (request: UpstreamRequest) => UpstreamResponse, options: Partial<RouterOptions> = {}) {
  const logs: RequestLogRecord[] = [];
  const seen: string[] = [];
  const router = createRouter({
    config: createStaticConfigSource({
      providers: [
        { id: 'bad', type: 'openai-compatible', config: { baseURL: 'http://bad.test/v1' } },
        { id: 'good', type: 'openai-compatible', config: { baseURL: 'http://good.test/v1' } },
      ],
      routes: { m: [{ providerId: 'bad' }, { providerId: 'good' }], only: [{ providerId: 'bad' }] },
    }),
    transport: async (request) => {
      const id = new URL(request.url).hostname.split('.')[0];
      seen.push(id);
      if (id === 'bad') return bad(request);
      return request.headers.accept === 'text/event-stream' ? answer(200, { 'content-type': 'text/event-stream' }, goodStream) : answer(200, { 'content-type': 'application/json' }, completion);
    },
    logSink: { write: (record) => logs.push(record) },
    resilience: { backoffBaseMs: 1, backoffMaxMs: 2 },
    keepAliveMs: 0,
    ...options,
  });
  const ask = async (stream: boolean, model = 'm') => {
    const response = await router.chatCompletion({ body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }) });
    return { ...response, text: await bodyText(response.body) };
  };
  return { router, logs, seen, ask };
}

const BROKEN: Record<string, { stream: boolean; answer: () => UpstreamResponse; says: RegExp }> = {
  'a redirect': { stream: false, answer: () => answer(302, { location: 'http://elsewhere.test/v1/chat/completions', 'content-type': 'text/html' }, '<a>moved</a>'), says: /a redirect \(HTTP 302\)/ },
  'status 999': { stream: false, answer: () => answer(999, { 'content-type': 'application/json' }, completion), says: /HTTP status 999/ },
  'an HTML page for JSON': { stream: false, answer: () => answer(200, { 'content-type': 'text/html' }, '<html>login</html>'), says: /the answer is text\/html/ },
  'a body that is not JSON': { stream: false, answer: () => answer(200, {}, 'Service temporarily unavailable'), says: /not a JSON object: "Service temporarily unavailable"/ },
  'an HTML page for a stream': { stream: true, answer: () => answer(200, { 'content-type': 'text/html; charset=utf-8' }, '<html>login</html>'), says: /a stream was asked for, but the answer is text\/html/ },
  'JSON for a stream': { stream: true, answer: () => answer(200, { 'content-type': 'application/json' }, completion), says: /a stream was asked for, but the answer is application\/json/ },
  'a first event that is not JSON': { stream: true, answer: () => answer(200, { 'content-type': 'text/event-stream' }, 'data: hel', 'lo\n\n', goodStream), says: /a stream event whose data is not JSON: "hello"/ },
  'an error object with status 200': { stream: false, answer: () => answer(200, { 'content-type': 'application/json' }, '{ "error": {"message":"quota exceeded","code":"insufficient_quota"}}'), says: /answered HTTP 200 with an error: quota exceeded/ },
  'a first event that is an error': { stream: true, answer: () => answer(200, { 'content-type': 'text/event-stream' }, 'event: error\ndata: {"error":{"message":"overloaded"}}\n\n'), says: /reported an error in its stream: overloaded/ },
};

describe('upstream answers that break the rules', () => {
  for (const [name, { stream, answer: broken, says }] of Object.entries(BROKEN)) {
    it(`fails over from ${name}, and logs why`, async () => {
      const { ask, logs, seen } = setup(broken);
      const response = await ask(stream);
      expect(response.status).toBe(200);
      expect(response.headers['x-router-provider']).toBe('good');
      expect(response.headers.location).toBeUndefined();
      expect(response.text).toBe(stream ? goodStream : completion);
      expect(seen[0]).toBe('bad');
      expect(seen.at(-1)).toBe('good');
      expect(logs).toHaveLength(1);
      expect(logs[0].outcome).toBe('success');
      expect(logs[0].attempts[0].outcome).toMatch(/^(bad_response|stream_error)$/);
      expect(logs[0].attempts[0].error).toMatch(says);
    });

    it(`answers ${name} with an OpenAI-shaped 502 when nothing else can serve`, async () => {
      const { ask, logs } = setup(broken);
      const response = await ask(stream, 'only');
      expect(response.status).toBe(502);
      expect(response.headers['content-type']).toBe('application/json');
      const error = JSON.parse(response.text).error;
      expect(error).toMatchObject({ type: 'upstream_error', param: null });
      expect(error.message).toMatch(says);
      expect(logs[0]).toMatchObject({ status: 502, outcome: 'error' });
    });
  }

  it('ends a stream with the error event when a later event is not JSON, logging stream_error', async () => {
    const { ask, logs } = setup(() => answer(200, { 'content-type': 'text/event-stream' }, chunk('a'), 'data: {broken\n\n', goodStream));
    const response = await ask(true, 'only');
    expect(response.status).toBe(200);
    expect(response.text.startsWith(chunk('a'))).toBe(true);
    expect(response.text).toMatch(/data: \{"error":\{"message":"Provider \\"bad\\" sent an invalid answer: a stream event whose data is not JSON/);
    expect(response.text).not.toContain('[DONE]');
    expect(logs[0]).toMatchObject({ outcome: 'stream_error', errorCode: 'upstream_bad_response' });
    expect(logs[0].attempts[0].outcome).toBe('stream_error');
  });

  it('passes an answer without a content type when its body is right (lenient, as real providers need)', async () => {
    const { ask, seen } = setup(() => answer(200, {}, completion));
    expect((await ask(false)).text).toBe(completion);
    expect(seen).toEqual(['bad']);
  });
});

describe('bounded responses', () => {
  it('logs a large stream as its head and tail with the total size; the client gets every byte', async () => {
    const events = Array.from({ length: 500 }, (_, n) => chunk(`t${n}`));
    const whole = events.join('') + 'data: [DONE]\n\n';
    const { ask, logs } = setup(() => answer(200, { 'content-type': 'text/event-stream' }, ...events, 'data: [DONE]\n\n'), { logCapture: { headBytes: 1000, tailBytes: 500 } });
    const response = await ask(true, 'only');
    expect(response.text).toBe(whole);
    const record = logs[0];
    expect(record).toMatchObject({ outcome: 'success', responseTruncated: true, responseBytes: whole.length });
    if (record.response.kind !== 'sse') throw new Error('expected sse');
    const size = (chunks: Uint8Array[]) => chunks.reduce((sum, piece) => sum + piece.byteLength, 0);
    expect(size(record.response.chunks)).toBeLessThanOrEqual(1000);
    expect(size(record.response.tail!)).toBeLessThanOrEqual(500);
    expect(new TextDecoder().decode(record.response.tail!.at(-1))).toBe('data: [DONE]\n\n');
  });

  it('passes a non-streaming body above the buffer limit through as it arrives, logging its head and tail', async () => {
    const content = 'x'.repeat(10_000);
    const big = `{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"${content}"},"finish_reason":"stop"}]}`;
    const pieces = big.match(/[\s\S]{1,1000}/g)!;
    const { ask, logs } = setup(() => answer(200, { 'content-type': 'application/json' }, ...pieces), { maxBufferedBytes: 2000, logCapture: { headBytes: 1500, tailBytes: 1000 } });
    const response = await ask(false, 'only');
    expect(response.body instanceof Uint8Array).toBe(false);
    expect(response.text).toBe(big);
    expect(logs[0]).toMatchObject({ outcome: 'success', status: 200, responseTruncated: true, responseBytes: big.length });
    if (logs[0].response.kind !== 'json') throw new Error('expected json');
    expect(logs[0].response.bytes.byteLength).toBeLessThanOrEqual(1500);
    expect(logs[0].response.tail!.byteLength).toBeLessThanOrEqual(1000);
    expect(new TextDecoder().decode(logs[0].response.tail!).endsWith('"finish_reason":"stop"}]}')).toBe(true);
  });

  it('fails a passed-through body whose upstream breaks midway: the body throws (the host cuts the connection) and the log says why', async () => {
    const head = '{"id":"c","choices":[{"index":0,"message":{"content":"' + 'x'.repeat(3000);
    const { ask, logs } = setup(
      () => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: (async function* () {
          yield encoder.encode(head);
          throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
        })(),
      }),
      { maxBufferedBytes: 1000 },
    );
    const failed = await ask(false, 'only').catch((error) => error);
    expect(failed).toMatchObject({ code: 'upstream_unreachable' });
    expect(logs[0]).toMatchObject({ outcome: 'stream_error', status: 200, errorCode: 'upstream_unreachable', responseBytes: head.length });
  });

  it('keeps a small response whole and says so', async () => {
    const { ask, logs } = setup(() => answer(200, { 'content-type': 'application/json' }, completion));
    await ask(false, 'only');
    expect(logs[0]).toMatchObject({ responseTruncated: false, responseBytes: completion.length });
  });
});

describe('the streamed tool-call check reads events at every line ending', () => {
  const call = (delta: object) => JSON.stringify({ id: 't', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, ...delta }] }, finish_reason: null }] });
  const stream = (name: string, parts: string[]) => [call({ id: 'call_1', type: 'function', function: { name, arguments: '' } }), ...parts.map((part) => call({ function: { arguments: part } }))];
  const tools = new Set(['get_weather']);
  const ENDINGS: Record<string, string[]> = { lf: ['\n'], crlf: ['\r\n'], cr: ['\r'], 'mixed (\\n then \\r\\n, \\r\\n then \\n, …)': ['\n', '\r\n', '\r\n', '\n', '\r', '\n'] };

  for (const [name, breaks] of Object.entries(ENDINGS)) {
    const frame = (events: string[]) => {
      let at = 0;
      const next = () => breaks[at++ % breaks.length];
      return encoder.encode(events.map((data) => `data: ${data}${next()}${next()}`).join(''));
    };
    it(`finds each tool call and its whole arguments (${name})`, () => {
      expect(checkStreamedToolCalls('p', frame(stream('get_weather', ['{"city":', '"Paris"}'])), 200, tools)).toBeUndefined();
      expect(checkStreamedToolCalls('p', frame(stream('get_weather', ['{"city":', '"Par'])), 200, tools)?.message).toMatch(/arguments of "get_weather" are not JSON: "\{\\"city\\":\\"Par"/);
      expect(checkStreamedToolCalls('p', frame(stream('get_time', ['{}'])), 200, tools)?.message).toMatch(/the tool "get_time" is not one the request offered/);
    });
  }
});
