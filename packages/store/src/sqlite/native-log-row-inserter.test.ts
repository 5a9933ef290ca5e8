// SQLite only: the log worker's native connection to a local database file (its prepared insert and file lock).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'libsql';
import type { RequestLogRecord } from '@router/core';
import { tempDir } from '@router/testkit';
import { openStore, type Store } from '../store.js';
import { toLogRow } from '../repositories/logs.js';
import { localDatabasePath, openNativeLogRowInserter, type NativeLogRowInserter } from './native-log-row-inserter.js';
import { logRowBinding } from './insert-log-rows.js';
import { getTableColumns } from 'drizzle-orm';
import type { InValue } from '@libsql/client';
import { requestLogs } from '../schema/index.js';

const record = (id: string, overrides: Partial<RequestLogRecord> = {}): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: 1_764_000_000_000, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm-up', stream: true, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 12.345, ttfbMs: null, requestBody: '{"model":"m"}',
  response: { kind: 'sse', chunks: [new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1}}\n\ndata: [DONE]\n\n')] },
  attempts: [{ providerId: 'p', model: 'm-up', status: 200, outcome: 'ok', durationMs: 12 }],
  ...overrides,
});

let store: Store;
let path: string;
let inserter: NativeLogRowInserter | undefined;
beforeEach(async () => {
  path = join(tempDir('router-native-log-'), 'router.db');
  store = await openStore({ url: `file:${path}` });
});
afterEach(() => {
  inserter?.close();
  inserter = undefined;
  store.close();
});

describe('native log row inserter', () => {
  it('stores exactly what the repository insert stores', async () => {
    inserter = openNativeLogRowInserter(path);
    inserter.insert([toLogRow(record('native', { ttfbMs: 1.5, errorMessage: 'x' })), toLogRow(record('json', { stream: false, response: { kind: 'json', bytes: new TextEncoder().encode('{"a":1}') } }))]);
    await store.logs.insertMany([toLogRow(record('drizzle', { ttfbMs: 1.5, errorMessage: 'x' }))]);
    const native = await store.logs.get('native');
    expect(native).toEqual({ ...(await store.logs.get('drizzle')), id: 'native' });
    expect(native).toMatchObject({ stream: true, ttfbMs: 1.5, totalTokens: 3, finishReason: 'stop' });
    expect(await store.logs.get('json')).toMatchObject({ stream: false, responseBody: '{"a":1}' });
  });

  it('binds only the columns a row fills, and stores rows of different shapes in one batch exactly as the repository insert does', async () => {
    inserter = openNativeLogRowInserter(path);
    const shapes: Partial<RequestLogRecord>[] = [
      {},
      { clientRequestId: 'client-1', errorCode: 'upstream_error', errorMessage: 'boom', ttfbMs: 2.5, outcome: 'error', status: 502 },
      { keyId: 'key-1', pairId: 'pair-1', pairRole: 'shadow', stream: false, response: { kind: 'json', bytes: new TextEncoder().encode('{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}') } },
      { providerId: null, model: null, upstreamModel: null, requestBody: null, response: { kind: 'none' } },
    ];
    // interleaved, so each shape's statement is used more than once and out of order
    const batch = [...shapes, ...shapes].map((shape, index) => toLogRow(record(`native-${index}`, shape)));
    inserter.insert(batch);
    await store.logs.insertMany([...shapes, ...shapes].map((shape, index) => toLogRow(record(`drizzle-${index}`, shape))));
    for (let index = 0; index < batch.length; index++) {
      expect(await store.logs.get(`native-${index}`)).toEqual({ ...(await store.logs.get(`drizzle-${index}`)), id: `native-${index}` });
    }
    expect(await store.logs.get('native-1')).toMatchObject({ clientRequestId: 'client-1', errorCode: 'upstream_error', status: 502 });
    expect(await store.logs.get('native-3')).toMatchObject({ providerId: null, model: null, requestBody: null, truncated: false });
    // what is bound: a sparse row binds fewer values than the table has columns, a full one all of them
    const binding = logRowBinding();
    const sparse: InValue[] = [];
    const sparseMask = binding.appendPresent(batch[0], sparse);
    expect(sparse.length).toBeLessThan(Object.keys(getTableColumns(requestLogs)).length - 5);
    expect(binding.columnsOf(sparseMask)).not.toContain('"error_code"');
    const full: InValue[] = [];
    binding.append(batch[1], full);
    expect(full).toHaveLength(Object.keys(getTableColumns(requestLogs)).length);
  });

  it('ignores duplicate ids, within a batch and across batches, and applies column defaults', async () => {
    inserter = openNativeLogRowInserter(path);
    const rows = Array.from({ length: 300 }, (_, index) => toLogRow(record(`r${index}`)));
    inserter.insert([...rows, rows[0]]);
    inserter.insert([toLogRow(record('r1', { model: 'changed' }))]);
    const { stream: _stream, attempts: _attempts, ...partial } = toLogRow(record('defaults'));
    inserter.insert([partial]);
    inserter.insert([]);
    expect(await store.logs.count()).toBe(301);
    expect(await store.logs.get('r1')).toMatchObject({ model: 'm' });
    expect(await store.logs.get('defaults')).toMatchObject({ stream: false, attempts: '[]' });
  });

  it('fails on a busy database without writing half a batch, and succeeds once the lock is released', async () => {
    inserter = openNativeLogRowInserter(path, { busyTimeoutMs: 50 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    other.exec(`INSERT INTO request_logs (id, created_at, endpoint, status, outcome, duration_ms) VALUES ('cli', 1, '/x', 200, 'success', 1)`);
    expect(() => inserter!.insert([toLogRow(record('a')), toLogRow(record('b'))])).toThrow(/locked|busy/i);
    other.exec('COMMIT');
    other.close();
    inserter.insert([toLogRow(record('a')), toLogRow(record('b'))]);
    expect(await store.logs.count()).toBe(3);
  });

  it('rolls back a batch a row of which fails', async () => {
    inserter = openNativeLogRowInserter(path);
    const broken = { ...toLogRow(record('broken')), endpoint: null as unknown as string };
    expect(() => inserter!.insert([toLogRow(record('ok')), broken])).toThrow(/NOT NULL/);
    inserter.insert([toLogRow(record('after'))]);
    expect((await store.logs.list()).rows.map((row) => row.id)).toEqual(['after']);
  });

  it('refuses to open a database without the table, so the caller retries later', () => {
    const empty = join(tempDir('router-native-log-'), 'empty.db');
    expect(() => openNativeLogRowInserter(empty)).toThrow(/no such table: request_logs/);
  });
});

describe('localDatabasePath', () => {
  it('gives the path of local file URLs and null for anything else', () => {
    expect(localDatabasePath('file:data/x.db')).toBe('data/x.db');
    expect(localDatabasePath('file:/tmp/x.db')).toBe('/tmp/x.db');
    expect(localDatabasePath('file:///tmp/a%20b.db')).toBe('/tmp/a b.db');
    expect(localDatabasePath('file://localhost/tmp/x.db')).toBe('/tmp/x.db');
    expect(localDatabasePath('file://elsewhere/tmp/x.db')).toBeNull();
    expect(localDatabasePath('file:x.db?mode=ro')).toBeNull();
    expect(localDatabasePath('file::memory:')).toBeNull();
    expect(localDatabasePath(':memory:')).toBeNull();
    expect(localDatabasePath('libsql://db.example.com')).toBeNull();
    expect(localDatabasePath('http://127.0.0.1:8080')).toBeNull();
  });
});
