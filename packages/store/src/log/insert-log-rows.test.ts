// The log worker's row inserters, each against the repository's insert on its own dialect: the
// libsql one on SQLite (a remote libsql database; a local file has the native one, tested beside
// it) and the postgres.js one on Postgres.
import { describe, expect, it } from 'vitest';
import type { RequestLogRecord } from '@router/core';
import type { Store } from '../store.js';
import { toLogRow } from '../repositories/logs.js';
import { createPostgresLogRowInserter } from '../postgres/log-row-inserter.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { createLogRowInserter } from '../sqlite/insert-log-rows.js';

const inserterOf = (store: Store) => (store.dialect === 'sqlite' ? createLogRowInserter(store.client) : createPostgresLogRowInserter(store.sql));

const record = (id: string, overrides: Partial<RequestLogRecord> = {}): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: 1_764_000_000_000, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm-up', stream: true, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 12.345, ttfbMs: null, requestBody: '{"model":"m"}',
  response: { kind: 'sse', chunks: [new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1}}\n\ndata: [DONE]\n\n')] },
  attempts: [{ providerId: 'p', model: 'm-up', status: 200, outcome: 'ok', durationMs: 12 }],
  ...overrides,
});

describe.each(DIALECTS)('log row inserter on %s', (dialect) => {
  const current = useStore(dialect);

  it('stores exactly what the repository insert stores', async () => {
    const store = current();
    const insert = inserterOf(store);
    await insert([toLogRow(record('raw'))]);
    await store.logs.insertMany([toLogRow(record('drizzle'))]);
    const raw = await store.logs.get('raw');
    const viaDrizzle = await store.logs.get('drizzle');
    expect(raw).toEqual({ ...viaDrizzle, id: 'raw' });
    expect(raw).toMatchObject({ stream: true, ttfbMs: null, totalTokens: 3, finishReason: 'stop', responseBody: 'hi' });
  });

  it('stores text holding NUL characters (which Postgres text cannot hold) with each one as U+FFFD, through either insert', async () => {
    const store = current();
    const insert = inserterOf(store);
    const nul = (id: string) => toLogRow(record(id, { model: 'm\u0000x', requestBody: '{"a":"\\u0000"}\u0000', response: { kind: 'json', bytes: new Uint8Array([0x7b, 0x00, 0x7d]) } }));
    await insert([nul('raw')]);
    await store.logs.insertMany([nul('drizzle')]);
    for (const id of ['raw', 'drizzle']) {
      expect(await store.logs.get(id)).toMatchObject({ model: 'm\uFFFDx', requestBody: '{"a":"\\u0000"}\uFFFD', responseBody: '{\uFFFD}' });
    }
  });

  it('applies column defaults for missing values, splits large batches and ignores duplicate ids', async () => {
    const store = current();
    const insert = inserterOf(store);
    // more rows than either inserter puts in one statement (200 on SQLite, 500 on Postgres), a duplicate in another chunk than its first
    const rows = Array.from({ length: 1050 }, (_, index) => toLogRow(record(`r${index}`, { stream: false })));
    await insert([...rows, rows[0]]);
    const { stream, attempts, ...partial } = toLogRow(record('defaults'));
    await insert([partial]);
    expect(await store.logs.count()).toBe(1051);
    expect(await store.logs.get('defaults')).toMatchObject({ stream: false, attempts: '[]' });
    expect(await store.logs.get('r1049')).toMatchObject({ stream: false });
  });
});
