import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestLogRecord } from '@router/core';
import { openStore, type SqliteStore } from '../store.js';
import { toLogRow } from '../repositories/logs.js';
import { createLogRowInserter } from './insert-log-rows.js';

let store: SqliteStore;
beforeEach(async () => {
  const opened = await openStore({ url: ':memory:' });
  if (opened.dialect !== 'sqlite') throw new Error('an SQLite store was asked for');
  store = opened;
});
afterEach(() => store.close());

const record = (id: string, overrides: Partial<RequestLogRecord> = {}): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: 1_764_000_000_000, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm-up', stream: true, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 12.345, ttfbMs: null, requestBody: '{"model":"m"}',
  response: { kind: 'sse', chunks: [new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1}}\n\ndata: [DONE]\n\n')] },
  attempts: [{ providerId: 'p', model: 'm-up', status: 200, outcome: 'ok', durationMs: 12 }],
  ...overrides,
});

describe('log row inserter', () => {
  it('stores exactly what the repository insert stores', async () => {
    const insert = createLogRowInserter(store.client);
    await insert([toLogRow(record('raw'))]);
    await store.logs.insertMany([toLogRow(record('drizzle'))]);
    const raw = await store.logs.get('raw');
    const viaDrizzle = await store.logs.get('drizzle');
    expect(raw).toEqual({ ...viaDrizzle, id: 'raw' });
    expect(raw).toMatchObject({ stream: true, ttfbMs: null, totalTokens: 3, finishReason: 'stop', responseBody: 'hi' });
  });

  it('applies column defaults for missing values, splits large batches and ignores duplicate ids', async () => {
    const insert = createLogRowInserter(store.client);
    const rows = Array.from({ length: 450 }, (_, index) => toLogRow(record(`r${index}`, { stream: false })));
    await insert([...rows, rows[0]]);
    const { stream, attempts, ...partial } = toLogRow(record('defaults'));
    await insert([partial]);
    expect(await store.logs.count()).toBe(451);
    expect(await store.logs.get('defaults')).toMatchObject({ stream: false, attempts: '[]' });
    expect(await store.logs.get('r449')).toMatchObject({ stream: false });
  });
});
