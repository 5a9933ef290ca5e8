import { describe, expect, it } from 'vitest';
import type { LogSink, RequestLogRecord, StreamStartRecord } from '@router/core';
import { createRouterMetrics } from './router-metrics.js';

const record = (overrides: Partial<RequestLogRecord> = {}): RequestLogRecord => ({
  id: 'r', clientRequestId: null, startedAt: 0, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm', stream: false,
  status: 200, outcome: 'success', errorCode: null, errorMessage: null, durationMs: 20, ttfbMs: 10, overheadMs: 0.5, requestBody: null,
  response: { kind: 'none' }, attempts: [{ providerId: 'p', model: 'm', status: 200, outcome: 'ok', durationMs: 9 }],
  ...overrides,
});

const sample = (text: string, name: string) => text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));

describe('router metrics', () => {
  it('counts shadow calls by result (skipped over the cap included), and leaves shadow rows out of the request counters', async () => {
    const stats = { started: 3, skippedOverCap: 2, failed: 1, timedOut: 1, inFlight: 1 };
    const metrics = createRouterMetrics({ processMetrics: false, shadow: () => stats });
    const sink = metrics.sink({ write: () => undefined });
    sink.write(record({ id: 'live' }));
    sink.write(record({ id: 'mirror', providerId: 'local', pairId: 'live', pairRole: 'shadow' }));
    const text = await metrics.render();
    expect(sample(text, 'router_shadow_calls_total').sort()).toEqual([
      'router_shadow_calls_total{result="failed"} 1',
      'router_shadow_calls_total{result="skipped_over_cap"} 2',
      'router_shadow_calls_total{result="started"} 3',
      'router_shadow_calls_total{result="timed_out"} 1',
    ]);
    expect(sample(text, 'router_shadow_calls_in_flight')).toEqual(['router_shadow_calls_in_flight 1']);
    expect(sample(text, 'router_requests_total').join('\n')).not.toContain('local');
  });

  it('keeps the first model names as they are and counts the rest as other', async () => {
    const metrics = createRouterMetrics({ maxModels: 2, processMetrics: false });
    const sink = metrics.sink({ write: () => undefined });
    for (const model of ['a', 'b', 'c', 'd', 'a', null]) sink.write(record({ model }));
    const lines = sample(await metrics.render(), 'router_requests_total');
    const models = lines.map((line) => /model="([^"]*)"/.exec(line)![1]).sort();
    expect(models).toEqual(['a', 'b', 'none', 'other']);
    expect(lines.find((line) => line.includes('model="other"'))).toMatch(/ 2$/);
    expect(lines.find((line) => line.includes('model="a"'))).toMatch(/ 2$/);
  });

  it('passes every record on, and the inner sink\'s live stream-start hook, even when counting fails', () => {
    const written: string[] = [];
    let started: ((start: StreamStartRecord) => void) | undefined;
    const inner: LogSink = { write: (entry) => written.push(entry.id), get started() { return started; } };
    const sink = createRouterMetrics({ processMetrics: false }).sink(inner);
    expect(sink.started).toBeUndefined();
    started = () => undefined;
    expect(sink.started).toBe(started);
    sink.write(record({ id: 'odd', attempts: null as unknown as [] })); // a record counting cannot read
    sink.write(record({ id: 'fine' }));
    expect(written).toEqual(['odd', 'fine']);
  });

  it('counts retries as attempts beyond the first, not circuits skipped nor targets too small for the request', async () => {
    const metrics = createRouterMetrics({ processMetrics: false });
    const sink = metrics.sink({ write: () => undefined });
    sink.write(record({
      attempts: [
        { providerId: 'a', model: 'm', status: null, outcome: 'skipped', durationMs: 0 },
        { providerId: 'c', model: 'm', status: null, outcome: 'context_too_small', durationMs: 0 },
        { providerId: 'b', model: 'm', status: 503, outcome: 'http_error', durationMs: 3 },
        { providerId: 'b', model: 'm', status: 200, outcome: 'ok', durationMs: 3 },
      ],
    }));
    const text = await metrics.render();
    expect(sample(text, 'router_retries_total')).toEqual(['router_retries_total{endpoint="/v1/chat/completions"} 1']);
    expect(sample(text, 'router_upstream_attempts_total')).toEqual(expect.arrayContaining(['router_upstream_attempts_total{provider="a",outcome="skipped"} 1']));
  });
});
