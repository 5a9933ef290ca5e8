import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { createStaticConfigSource } from './static-config.js';
import { traceContextFrom, traceparentFor } from './trace-context.js';
import type { RequestLogRecord } from '../spec/log.js';
import type { UpstreamRequest } from '../spec/transport.js';

const encoder = new TextEncoder();
const CLIENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context', () => {
  it("continues the client's trace from a valid traceparent, else starts a sampled one", () => {
    expect(traceContextFrom(CLIENT)).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7', flags: '01' });
    expect(traceContextFrom(CLIENT.toUpperCase())).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    for (const bad of [undefined, '', 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', `${CLIENT}-extra`]) {
      const context = traceContextFrom(bad);
      expect(context.parentSpanId).toBeNull();
      expect(context.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(context.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(context.flags).toBe('01');
    }
    // a later version may carry more fields after the flags
    expect(traceContextFrom('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-what-comes-next').flags).toBe('00');
    const context = traceContextFrom(CLIENT);
    expect(context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(traceparentFor(context, 'aaaaaaaaaaaaaaaa')).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-aaaaaaaaaaaaaaaa-01');
  });

  it('gives each attempt of a traced request its own span, sent upstream as its traceparent', async () => {
    const seen: UpstreamRequest[] = [];
    const logs: RequestLogRecord[] = [];
    let calls = 0;
    const router = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://a.test/v1' } }], activeProviderId: 'a', settings: { retry_attempts: '2' } }),
      transport: async (request) => {
        seen.push(request);
        calls += 1;
        const body = calls === 1 ? '{"error":{"message":"busy"}}' : '{"id":"c","object":"chat.completion","choices":[]}';
        return { status: calls === 1 ? 503 : 200, headers: { 'content-type': 'application/json' }, body: (async function* () { yield encoder.encode(body); })() };
      },
      logSink: { write: (record) => logs.push(record) },
      resilience: { backoffBaseMs: 1, backoffMaxMs: 2 },
      keepAliveMs: 0,
    });
    const trace = traceContextFrom(CLIENT);
    await router.chatCompletion({ body: '{"model":"m","messages":[]}', trace });
    const attempts = logs[0]!.attempts;
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(attempts[1]!.spanId).not.toBe(attempts[0]!.spanId);
    expect(seen.map((request) => request.headers.traceparent)).toEqual(attempts.map((attempt) => traceparentFor(trace, attempt.spanId!)));
    expect(attempts.every((attempt) => typeof attempt.startMs === 'number')).toBe(true);
    expect(logs[0]!.trace).toBe(trace);

    // untraced: nothing is added
    seen.length = 0;
    logs.length = 0;
    calls = 1;
    await router.chatCompletion({ body: '{"model":"m","messages":[]}' });
    expect(seen[0]!.headers.traceparent).toBeUndefined();
    expect(logs[0]!.attempts[0]).not.toHaveProperty('spanId');
    expect(logs[0]).not.toHaveProperty('trace');
  });
});
