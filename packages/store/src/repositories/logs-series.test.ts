// On both dialects: an SQLite file and a real Postgres (see test-stores.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { AttemptRecord, RequestLogRecord } from '@router/core';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { toLogRow } from './logs.js';

const encode = (text: string) => new TextEncoder().encode(text);
const MINUTE = 60_000;
const T0 = 1_800_000_000_000; // a multiple of a minute

interface Row {
  id: string;
  at: number;
  provider?: string;
  model?: string;
  outcome?: RequestLogRecord['outcome'];
  durationMs?: number;
  ttfbMs?: number | null;
  stream?: boolean;
  completionTokens?: number;
  attempts?: AttemptRecord[];
}

function record(row: Row): RequestLogRecord {
  const usage = row.completionTokens === undefined ? '' : `,"usage":{"prompt_tokens":3,"completion_tokens":${row.completionTokens},"total_tokens":${row.completionTokens + 3}}`;
  return {
    id: row.id, clientRequestId: null, startedAt: row.at, endpoint: '/v1/chat/completions', providerId: row.provider ?? 'p', model: row.model ?? 'm', upstreamModel: row.model ?? 'm',
    stream: row.stream ?? false, status: row.outcome === 'error' ? 502 : 200, outcome: row.outcome ?? 'success', errorCode: null, errorMessage: null,
    durationMs: row.durationMs ?? 100, ttfbMs: row.ttfbMs === undefined ? (row.durationMs ?? 100) : row.ttfbMs, requestBody: '{}',
    response: { kind: 'json', bytes: encode(`{"choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]${usage}}`) },
    attempts: row.attempts ?? [{ providerId: row.provider ?? 'p', model: row.model ?? 'm', status: 200, outcome: 'ok', durationMs: row.durationMs ?? 100 }],
  } as RequestLogRecord;
}

let store: Store;

const write = (rows: Row[]) => store.logs.insertMany(rows.map((row) => toLogRow(record(row))));

describe.each(DIALECTS)('logs.series on %s', (dialect) => {
  const current = useStore(dialect, { name: 'series' });
  beforeEach(() => {
    store = current();
  });

  it('buckets rows by created_at and groups them by provider and model, leaving empty buckets out', async () => {
    await write([
      { id: 'a', at: T0 + 1_000, provider: 'p1', model: 'm1' },
      { id: 'b', at: T0 + 59_999, provider: 'p1', model: 'm1', outcome: 'error' },
      { id: 'c', at: T0 + 30_000, provider: 'p2', model: 'm2', outcome: 'client_closed', ttfbMs: null },
      { id: 'd', at: T0 + 3 * MINUTE, provider: 'p1', model: 'm1' },
      { id: 'out', at: T0 + 10 * MINUTE, provider: 'p1', model: 'm1' },
    ]);
    const rows = await store.logs.series({ since: T0, until: T0 + 5 * MINUTE }, { bucketMs: MINUTE, group: 'model' });
    expect(rows.map((row) => [row.bucket - T0, row.providerId, row.model, row.requests, row.successes, row.errors])).toEqual([
      [0, 'p1', 'm1', 2, 1, 1],
      [0, 'p2', 'm2', 1, 0, 0],
      [3 * MINUTE, 'p1', 'm1', 1, 1, 0],
    ]);
    const overall = await store.logs.series({ since: T0, until: T0 + 5 * MINUTE }, { bucketMs: MINUTE, group: 'none' });
    expect(overall.map((row) => [row.bucket - T0, row.providerId, row.model, row.requests])).toEqual([[0, null, null, 3], [3 * MINUTE, null, null, 1]]);
    const byProvider = await store.logs.series({ since: T0, until: T0 + 5 * MINUTE, providerId: 'p2' }, { bucketMs: MINUTE, group: 'provider' });
    expect(byProvider.map((row) => [row.providerId, row.model, row.requests])).toEqual([['p2', null, 1]]);
  });

  it('computes the same percentiles as stats', async () => {
    const durations = [120, 80, 400, 95, 1000, 60, 310, 75, 220, 150, 90, 500];
    await write(durations.map((durationMs, index) => ({ id: `r${index}`, at: T0 + index * 1000, durationMs, ttfbMs: index % 3 === 0 ? null : durationMs / 2 })));
    const [row] = await store.logs.series({ since: T0, until: T0 + MINUTE }, { bucketMs: MINUTE, group: 'none' });
    const [stats] = await store.logs.stats({ since: T0, until: T0 + MINUTE });
    expect(row).toMatchObject({ requests: 12, p50Ms: stats.p50Ms, p95Ms: stats.p95Ms, ttfbP50Ms: stats.ttfbP50Ms, ttfbP95Ms: stats.ttfbP95Ms });
    expect([row.p50Ms, row.p95Ms]).toEqual([120, 1000]);
  });

  it('derives tokens per second from output tokens over generation time (a stream\'s time after its first byte)', async () => {
    await write([
      { id: 's', at: T0, stream: true, durationMs: 2_500, ttfbMs: 500, completionTokens: 100 },
      { id: 'j', at: T0 + 1, durationMs: 1_000, completionTokens: 50 },
      { id: 'e', at: T0 + 2, outcome: 'error', durationMs: 9_000, completionTokens: 999 },
      { id: 'n', at: T0 + 3, durationMs: 4_000 },
    ]);
    const [row] = await store.logs.series({ since: T0, until: T0 + MINUTE }, { bucketMs: MINUTE, group: 'none' });
    // (100 + 50) tokens over (2000 + 1000) ms
    expect(row.tokensPerSecond).toBe(50);
    expect(row.completionTokens).toBe(1149);
  });

  it('derives the router\'s overhead from the stored attempts: time to first byte less upstream and backoff waits', async () => {
    await write([
      // one attempt answered after 400 ms, first byte to the client at 410 ms: 10 ms of overhead
      { id: 'one', at: T0, durationMs: 2_000, ttfbMs: 410, attempts: [{ providerId: 'p', model: 'm', status: 200, outcome: 'ok', durationMs: 2_000, answeredMs: 400 }] },
      // a failed attempt (300 ms), a 200 ms backoff, then an answer after 100 ms; first byte at 630 ms: 30 ms
      { id: 'two', at: T0 + 1, durationMs: 900, ttfbMs: 630, attempts: [
        { providerId: 'p', model: 'm', status: 503, outcome: 'http_error', durationMs: 300 },
        { providerId: 'p', model: 'm', status: 200, outcome: 'ok', durationMs: 400, delayMs: 200, answeredMs: 100 },
      ] },
      // written before attempts recorded their answer time: left out
      { id: 'old', at: T0 + 2, durationMs: 500, ttfbMs: 500 },
      // failures have no overhead figure
      { id: 'fail', at: T0 + 3, outcome: 'error', ttfbMs: 50, attempts: [{ providerId: 'p', model: 'm', status: 502, outcome: 'http_error', durationMs: 40, answeredMs: 40 }] },
    ]);
    const [row] = await store.logs.series({ since: T0, until: T0 + MINUTE }, { bucketMs: MINUTE, group: 'none' });
    expect(row.overheadSamples).toBe(2);
    expect(row.overheadMs).toBe(20);
  });

  it('refuses a bucket size that is not a positive whole number', async () => {
    await expect(store.logs.series({ since: T0, until: T0 + MINUTE }, { bucketMs: 0 })).rejects.toThrow(RangeError);
    await expect(store.logs.series({ since: T0, until: T0 + MINUTE }, { bucketMs: Number.NaN })).rejects.toThrow(RangeError);
  });
});
