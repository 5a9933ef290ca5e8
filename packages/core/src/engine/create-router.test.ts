import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { createStaticConfigSource } from './static-config.js';
import { createMemoryTransport, frameSse, bodyText } from '../test/index.js';
import type { LogSink, RequestLogRecord, StreamStartRecord } from '../spec/log.js';
import { summarizeResponse } from '../sse/summarize-response.js';

const completion = JSON.stringify({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } });
const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });
const text = bodyText;

function setup(handler: Parameters<typeof createMemoryTransport>[0], config = {}) {
  const logs: RequestLogRecord[] = [];
  const seen: string[] = [];
  const router = createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } }, { id: 'b', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.2:1/v1' } }], activeProviderId: 'a', ...config }),
    transport: createMemoryTransport((request) => {
      seen.push(request.url);
      return handler(request);
    }),
    logSink: { write: (record) => logs.push(record) },
    resilience: { backoffBaseMs: 1, backoffMaxMs: 2 },
  });
  return { router, logs, seen };
}

describe('createRouter', () => {
  it('routes to the active provider and passes the body through', async () => {
    const { router, logs, seen } = setup(() => ({ chunks: [completion] }));
    const result = await router.chatCompletion({ body: body() });
    expect(result.status).toBe(200);
    expect(await text(result.body)).toBe(completion);
    expect(seen).toEqual(['http://127.0.0.1:1/v1/chat/completions']);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ providerId: 'a', model: 'm', status: 200, outcome: 'success', stream: false });
    expect(summarizeResponse(logs[0].response)?.usage).toEqual({ promptTokens: 3, completionTokens: 1, totalTokens: 4 });
  });

  it('prefers a model mapping, rewriting the upstream model name', async () => {
    let sent = '';
    const { router } = setup((request) => {
      sent = String(request.body);
      return { chunks: [completion] };
    }, { routes: { m: [{ providerId: 'b', model: 'real-model' }] } });
    await router.chatCompletion({ body: body() });
    expect(JSON.parse(sent).model).toBe('real-model');
  });

  it('fails over to the next target on a 503 before any byte was sent', async () => {
    const { router, logs } = setup((request) => (request.url.includes('127.0.0.1') ? { status: 503, chunks: ['{"error":{"message":"busy"}}'] } : { chunks: [completion] }), {
      routes: { m: [{ providerId: 'a' }, { providerId: 'b' }] },
    });
    const result = await router.chatCompletion({ body: body() });
    expect(result.status).toBe(200);
    expect(result.headers['x-router-provider']).toBe('b');
    // one retry on the same target (with backoff), then the next target
    expect(logs[0].attempts.map((attempt) => attempt.outcome)).toEqual(['http_error', 'http_error', 'ok']);
    expect(result.headers['x-router-attempts']).toBe('3');
  });

  it('streams chunks unchanged and logs once at the end', async () => {
    const frames = frameSse(['{"choices":[{"index":0,"delta":{"content":"he"}}]}', '{"choices":[{"index":0,"delta":{"content":"llo"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}']);
    const { router, logs } = setup(() => ({ headers: { 'content-type': 'text/event-stream' }, chunks: [frames.slice(0, 10), frames.slice(10)] }));
    const result = await router.chatCompletion({ body: body({ stream: true }) });
    expect(result.headers['content-type']).toMatch(/event-stream/);
    expect(logs).toHaveLength(0);
    expect(await text(result.body)).toBe(frames);
    expect(logs).toHaveLength(1);
    const summary = summarizeResponse(logs[0].response)!;
    expect(summary.text).toBe('hello');
    expect(summary.usage?.totalTokens).toBe(3);
  });

  it("tells the sink's `started` hook when a stream's answer is known, before its record, and only while the hook is set", async () => {
    const frames = frameSse(['{"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}']);
    const events: string[] = [];
    const starts: StreamStartRecord[] = [];
    let listening = false;
    let ids = 0;
    const sink: LogSink = {
      write: (record) => events.push(`write ${record.id}`),
      get started() {
        return listening ? (start: StreamStartRecord) => (starts.push(start), events.push(`start ${start.id}`)) : undefined;
      },
    };
    const router = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } }], activeProviderId: 'a', routes: { m: [{ providerId: 'a', model: 'up' }] } }),
      transport: createMemoryTransport(() => ({ headers: { 'content-type': 'text/event-stream' }, chunks: [frames] })),
      logSink: sink,
      generateId: () => `id-${ids++}`,
    });
    await text((await router.chatCompletion({ body: body({ stream: true }) })).body);
    expect(events).toEqual(['write id-0']);
    listening = true;
    const streamed = await router.chatCompletion({ body: body({ stream: true }) });
    expect(events).toEqual(['write id-0', 'start id-1']);
    await text(streamed.body);
    await text((await router.chatCompletion({ body: body() })).body);
    expect(events).toEqual(['write id-0', 'start id-1', 'write id-1', 'write id-2']);
    expect(starts[0]).toEqual({ id: 'id-1', startedAt: expect.any(Number), endpoint: '/v1/chat/completions', providerId: 'a', model: 'm', upstreamModel: 'up', stream: true, status: 200, ttfbMs: expect.any(Number), attempts: 1 });
  });

  it('ends a stream that fails midway with an error event and no [DONE]', async () => {
    const logs: RequestLogRecord[] = [];
    // a transport whose body throws after the first chunk
    const failing = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } }], activeProviderId: 'a' }),
      transport: async () => ({
        status: 200,
        headers: {},
        body: (async function* () {
          yield new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n');
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        })(),
      }),
      logSink: { write: (record) => logs.push(record) },
    });
    const result = await failing.chatCompletion({ body: body({ stream: true }) });
    const out = await text(result.body);
    expect(out.startsWith('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n')).toBe(true);
    expect(out).toMatch(/data: \{"error":\{"message":/);
    expect(out).not.toContain('[DONE]');
    expect(logs.at(-1)).toMatchObject({ outcome: 'stream_error' });
  });

  it('rejects bad bodies with 400 naming the field, without calling upstream', async () => {
    const { router, seen, logs } = setup(() => ({ chunks: [completion] }));
    for (const [raw, param] of [['{', null], ['', null], ['{"model":"m","messages":"x"}', 'messages'], ['{"messages":[]}', 'model'], ['{"model":"m","messages":[],"stream":"yes"}', 'stream']] as const) {
      const result = await router.chatCompletion({ body: raw });
      expect(result.status).toBe(400);
      expect(JSON.parse(await text(result.body)).error.param).toBe(param);
    }
    expect(seen).toHaveLength(0);
    expect(logs).toHaveLength(5);
  });

  it('explains what to configure when nothing can serve a model', async () => {
    const { router } = setup(() => ({ chunks: [completion] }), { activeProviderId: null });
    const result = await router.chatCompletion({ body: body() });
    expect(result.status).toBe(404);
    const error = JSON.parse(await text(result.body)).error;
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('provider-cli');
  });

  it('serves the web-standard handle() for embedders', async () => {
    const { router } = setup(() => ({ chunks: [completion] }));
    const response = await router.handle(new Request('http://router/v1/chat/completions', { method: 'POST', body: body() }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(completion);
  });
});
