import { beforeEach, describe, expect, inject, it } from 'vitest';
import { realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import Database from 'libsql';
import type { RequestLogRecord } from '@router/core';
import { SOURCE_LOG_WORKER_URL, tempDir, waitFor } from '@router/testkit';
import { sql } from 'drizzle-orm';
import { createPostgresDatabase, dropPostgresDatabase } from '@router/testkit/postgres';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { rawRows } from '../dialect.js';
import { createWorkerLogWriter } from './create-worker-log-writer.js';
import type { BodyStorage } from './log-policy.js';

// The worker runs log-worker.ts from source (SOURCE_LOG_WORKER_URL, bundled once and cached), so no build is needed.
const encode = (text: string) => new TextEncoder().encode(text);
const record = (id: string, overrides: Partial<RequestLogRecord> = {}): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm', stream: true, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 12.5, ttfbMs: 3.25, requestBody: '{"model":"m"}',
  response: {
    kind: 'sse',
    chunks: [encode('data: {"choices":[{"index":0,"delta":{"content":"h'), encode('i"}}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}\n\n'), encode('data: [DONE]\n\n')],
  },
  attempts: [{ providerId: 'p', model: 'm', status: 200, outcome: 'ok', durationMs: 12 }],
  ...overrides,
});

let store: Store;
let url: string;

describe('worker log writer', () => {
  it('refuses an in-memory database, which a worker cannot share', () => {
    expect(() => createWorkerLogWriter({ url: ':memory:' })).toThrow(/createLogWriter/);
  });
});

describe.each(DIALECTS)('worker log writer on %s', (dialect) => {
  const current = useStore(dialect, { name: 'log_worker' });
  beforeEach(() => {
    store = current();
    url = store.url;
  });

    it('summarises and writes streamed and plain responses from the worker', async () => {
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5 });
      writer.write(record('s'));
      writer.write(record('j', { stream: false, response: { kind: 'json', bytes: encode('{"choices":[{"index":0,"message":{"role":"assistant","content":"plain"},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":5}}') } }));
      await writer.flush();
      expect(writer.stats()).toEqual({ queued: 0, written: 2, dropped: 0, degraded: 0, failedBatches: 0, pruned: 0 });
      expect(await store.logs.get('s')).toMatchObject({ responseBody: 'hi', promptTokens: 2, completionTokens: 1, totalTokens: 3, durationMs: 12.5, ttfbMs: 3.25 });
      expect(await store.logs.get('j')).toMatchObject({ finishReason: 'stop', promptTokens: 4, completionTokens: 5, totalTokens: 9 });
      await writer.close();
    });

    it('tells onWritten the token usage of each written batch, summed per endpoint, provider and model', async () => {
      const tallies: unknown[] = [];
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5, onWritten: (usage) => tallies.push(...usage) });
      writer.write(record('s1'));
      writer.write(record('s2'));
      writer.write(record('j', { stream: false, model: 'n', response: { kind: 'json', bytes: encode('{"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":5}}') } }));
      writer.write(record('e', { providerId: null, model: null, status: 400, outcome: 'error', response: { kind: 'none' } }));
      await writer.close();
      expect(tallies).toEqual(expect.arrayContaining([
        { endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', rows: 2, promptTokens: 4, completionTokens: 2 },
        { endpoint: '/v1/chat/completions', providerId: 'p', model: 'n', rows: 1, promptTokens: 4, completionTokens: 5 },
        { endpoint: '/v1/chat/completions', providerId: null, model: null, rows: 1, promptTokens: 0, completionTokens: 0 },
      ]));
      expect(tallies).toHaveLength(3);
    });

    it("tells onRowsWritten each written row's usage and finish reason", async () => {
      const rows: unknown[] = [];
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5, onRowsWritten: (written) => rows.push(...written) });
      writer.write(record('s1'));
      writer.write(record('j', { stream: false, response: { kind: 'json', bytes: encode('{"choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"length"}],"usage":{"prompt_tokens":4,"completion_tokens":5}}') } }));
      await writer.close();
      expect(rows).toEqual([
        { id: 's1', promptTokens: 2, completionTokens: 1, finishReason: null },
        { id: 'j', promptTokens: 4, completionTokens: 5, finishReason: 'length' },
      ]);
    });

    it('stores the client key id of each row and tells onKeyedUsage the usage and cost of the keyed rows only', async () => {
      const keyed: unknown[] = [];
      const writer = createWorkerLogWriter({
        workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5, onKeyedUsage: (rows) => keyed.push(...rows),
        providers: () => ({ p: { type: 'openai-compatible', baseURL: 'https://api.openai.com/v1' } }),
      });
      writer.write(record('k1', { keyId: 'key_AAAAAAAAAAAA', model: 'gpt-4o', upstreamModel: 'gpt-4o' }));
      writer.write(record('k2', { keyId: 'key_BBBBBBBBBBBB', model: 'unheard-of', upstreamModel: 'unheard-of' }));
      writer.write(record('plain'));
      await writer.close();
      expect(keyed).toEqual([
        { id: 'k1', keyId: 'key_AAAAAAAAAAAA', promptTokens: 2, completionTokens: 1, cost: expect.any(Number) },
        { id: 'k2', keyId: 'key_BBBBBBBBBBBB', promptTokens: 2, completionTokens: 1, cost: null },
      ]);
      expect((keyed[0] as { cost: number }).cost).toBeGreaterThan(0);
      const rows = await rawRows<{ id: string; key_id: string | null }>(store.db, sql`select id, key_id from request_logs order by id`);
      expect(rows.map((row) => [row.id, row.key_id])).toEqual([['k1', 'key_AAAAAAAAAAAA'], ['k2', 'key_BBBBBBBBBBBB'], ['plain', null]]);
    });

    it('redacts the current secrets, re-sent to the worker when they change, and key-shaped strings', async () => {
      let secrets = ['first-secret-value'];
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, secrets: () => secrets, flushIntervalMs: 5 });
      writer.write(record('a', { requestBody: 'first-secret-value second-secret-value Bearer abcdefgh' }));
      await writer.flush();
      secrets = ['second-secret-value'];
      writer.write(record('b', { requestBody: 'first-secret-value second-secret-value', errorMessage: 'bad key sk-abcdefghijk' }));
      await writer.close();
      expect((await store.logs.get('a'))?.requestBody).toBe('[redacted] second-secret-value [redacted]');
      expect(await store.logs.get('b')).toMatchObject({ requestBody: 'first-secret-value [redacted]', errorMessage: 'bad key [redacted]' });
    });

    it('prices rows at the current price overrides, re-sent to the worker when they change (no restart)', async () => {
      const json = (model: string) => ({ model, upstreamModel: model, stream: false, response: { kind: 'json' as const, bytes: encode('{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"usage":{"prompt_tokens":1000000,"completion_tokens":1000000}}') } });
      let prices = new Map([['my-finetune', { inputPerMillion: 0.5, outputPerMillion: 1.5 }]]);
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, prices: () => prices, flushIntervalMs: 5 });
      writer.write(record('before-own', json('my-finetune')));
      writer.write(record('before-listed', json('gpt-4o')));
      writer.write(record('before-unknown', json('another-model')));
      await writer.flush();
      prices = new Map([['gpt-4o', { inputPerMillion: 1, outputPerMillion: 1 }]]);
      writer.write(record('after-own', json('my-finetune')));
      writer.write(record('after-listed', json('gpt-4o')));
      await writer.close();
      expect(await store.logs.get('before-own')).toMatchObject({ cost: 2, costSource: 'override' });
      expect(await store.logs.get('before-listed')).toMatchObject({ cost: 12.5, costSource: 'catalogue' });
      expect(await store.logs.get('before-unknown')).toMatchObject({ cost: null, costSource: null });
      expect(await store.logs.get('after-own')).toMatchObject({ cost: null, costSource: null });
      expect(await store.logs.get('after-listed')).toMatchObject({ cost: 2, costSource: 'override' });
    });

    it('bounds the queue, counting what it drops, and drops what comes after close', async () => {
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, maxQueue: 3, flushIntervalMs: 1000 });
      for (const id of ['a', 'b', 'c', 'd', 'e']) writer.write(record(id));
      expect(writer.stats()).toMatchObject({ queued: 3, dropped: 2 });
      await writer.close();
      writer.write(record('late'));
      expect(writer.stats()).toEqual({ queued: 0, written: 3, dropped: 3, degraded: 0, failedBatches: 0, pruned: 0 });
      expect(await store.logs.count()).toBe(3);
    });

    it('bounds the bytes held as well: past the bound a row keeps its metadata without bodies, marked, never lost', async () => {
      const big = (id: string) => record(id, { requestBody: 'x'.repeat(1000), response: { kind: 'json', bytes: new Uint8Array(3000) } });
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, maxQueueBytes: 10_000, flushIntervalMs: 1000 });
      for (const id of ['a', 'b', 'c']) writer.write(big(id));
      // A response larger than the whole bound is logged too.
      writer.write(record('huge', { responseBytes: 50_000_000, responseTruncated: true, response: { kind: 'json', bytes: new Uint8Array(20_000) } }));
      expect(writer.stats()).toMatchObject({ queued: 4, dropped: 0, degraded: 2 });
      await writer.flush();
      writer.write(big('d')); // the written ones no longer count
      await writer.close();
      expect(writer.stats()).toMatchObject({ written: 5, dropped: 0, degraded: 2, queued: 0 });
      expect(await store.logs.get('b')).toMatchObject({ truncated: false, responseBytes: 3000, requestBody: 'x'.repeat(1000) });
      expect(await store.logs.get('c')).toMatchObject({ truncated: true, responseBytes: 3000, requestBody: null, responseBody: null, status: 200, providerId: 'p', durationMs: 12.5 });
      expect(await store.logs.get('huge')).toMatchObject({ truncated: true, responseBytes: 50_000_000, requestBody: null });
      expect(await store.logs.get('d')).toMatchObject({ truncated: false, requestBody: 'x'.repeat(1000) });
    });

    it('stores bodies as the log_bodies setting says when the batch is written: full, cut to N bytes (marked), or metadata only', async () => {
      let bodies: BodyStorage = { mode: 'truncated', maxBytes: 8 };
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, bodies: () => bodies, flushIntervalMs: 5 });
      writer.write(record('cut', { requestBody: '{"model":"m","messages":[]}' }));
      writer.write(record('fits', { requestBody: '{}', response: { kind: 'json', bytes: encode('{"a":1}') } }));
      await writer.flush();
      bodies = { mode: 'metadata' };
      writer.write(record('meta'));
      await writer.flush();
      bodies = { mode: 'full' };
      writer.write(record('full'));
      await writer.close();
      // Usage is read from the whole response before anything is cut.
      expect(await store.logs.get('cut')).toMatchObject({ truncated: true, requestBody: '{"model"', responseBody: 'hi', promptTokens: 2, totalTokens: 3 });
      expect(await store.logs.get('fits')).toMatchObject({ truncated: false, requestBody: '{}', responseBody: '{"a":1}', responseBytes: 7 });
      expect(await store.logs.get('meta')).toMatchObject({ truncated: true, requestBody: null, responseBody: null, promptTokens: 2, totalTokens: 3, status: 200 });
      expect(await store.logs.get('full')).toMatchObject({ truncated: false, requestBody: '{"model":"m"}', responseBody: 'hi' });
    });

    it('prunes in the worker, beside the writes, and counts what it removed', async () => {
      const day = 86_400_000;
      const now = 1_800_000_000_000;
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5 });
      for (let index = 0; index < 10; index++) writer.write(record(`r${index}`, { startedAt: now - index * day }));
      await writer.flush();
      const dry = await writer.prune({ maxAgeMs: 7 * day + 1, maxRows: null, maxBytes: null }, { now, dryRun: true });
      expect(dry).toMatchObject({ deleted: 2, byAge: 2 });
      expect(await store.logs.count()).toBe(10);
      expect(await writer.prune({ maxAgeMs: 7 * day + 1, maxRows: 5, maxBytes: null }, { now })).toMatchObject({ deleted: 5, byAge: 2, byRows: 3 });
      expect(writer.stats()).toMatchObject({ pruned: 5, written: 10 });
      expect((await store.logs.list({ limit: 100 })).rows.map((row) => row.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
      await writer.close();
      await expect(writer.prune({ maxAgeMs: 1, maxRows: null, maxBytes: null })).rejects.toThrow(/closed/);
    });

    it('writes many batches in order and keeps every row', async () => {
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, batchSize: 50, flushIntervalMs: 5 });
      for (let index = 0; index < 1234; index++) writer.write(record(`r${index}`));
      await writer.close();
      expect(writer.stats()).toMatchObject({ written: 1234, dropped: 0, queued: 0 });
      expect(await store.logs.count()).toBe(1234);
    });

    it('reports failed writes, retries them, and gives them up (counted) when closed', async () => {
      // a database without the log table: an empty SQLite file, or a Postgres database not made from the migrated template
      const adminUrl = dialect === 'postgres' ? inject('postgresAdminUrl') : '';
      const emptyName = `empty_log_${process.pid}`;
      const unmigrated = dialect === 'postgres' ? await createPostgresDatabase(adminUrl, emptyName) : `file:${join(tempDir('router-log-worker-'), 'empty.db')}`;
      const errors: unknown[] = [];
      try {
        const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url: unmigrated, flushIntervalMs: 5, onError: (error) => errors.push(error) });
        writer.write(record('a'));
        await waitFor(() => writer.stats().failedBatches > 1); // failed, retried, failed again
        await writer.close();
        expect(writer.stats()).toMatchObject({ queued: 0, written: 0, dropped: 1 });
        expect(String(errors[0])).toMatch(dialect === 'postgres' ? /relation "request_logs" does not exist/ : /no such table: request_logs/);
      } finally {
        if (dialect === 'postgres') await dropPostgresDatabase(adminUrl, emptyName);
      }
    });

    // SQLite only: a second connection holding the file's write lock (Postgres writers do not lock each other out)
    it.runIf(dialect === 'sqlite')('waits out a concurrent writer holding the database lock, losing nothing', async () => {
      // The worker, wrapped so that it says when it is about to take the write lock (the native
      // connection's BEGIN IMMEDIATE): the lock is released only after that, so the worker's
      // transaction meets it held, and has to wait instead of failing.
      const channelName = `router-log-worker-lock-${process.pid}-${Date.now()}`;
      const script = join(tempDir('router-log-worker-'), 'lock-signal.mjs');
      const libsql = pathToFileURL(realpathSync(createRequire(import.meta.url).resolve('libsql'))).href;
      writeFileSync(
        script,
        `import { BroadcastChannel } from 'node:worker_threads';
  const { default: Database } = await import(${JSON.stringify(libsql)});
  const channel = new BroadcastChannel(${JSON.stringify(channelName)});
  channel.unref();
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (sql) {
    if (sql === 'BEGIN IMMEDIATE') channel.postMessage('begin');
    return exec.call(this, sql);
  };
  await import(${JSON.stringify(SOURCE_LOG_WORKER_URL.href)});
  `,
      );
      const channel = new BroadcastChannel(channelName);
      const begins = new Promise((resolve) => (channel.onmessage = resolve));
      const cli = new Database(url.slice('file:'.length));
      cli.exec('BEGIN IMMEDIATE');
      cli.exec(`INSERT INTO request_logs (id, created_at, endpoint, status, outcome, duration_ms) VALUES ('cli', 1, '/x', 200, 'success', 1)`);
      const writer = createWorkerLogWriter({ workerUrl: pathToFileURL(script), url, flushIntervalMs: 5 });
      try {
        for (const id of ['a', 'b', 'c']) writer.write(record(id));
        const flushed = writer.flush();
        await begins;
        expect(writer.stats()).toMatchObject({ written: 0, queued: 3 });
        cli.exec('COMMIT');
        cli.close();
        await flushed;
        expect(writer.stats()).toEqual({ queued: 0, written: 3, dropped: 0, degraded: 0, failedBatches: 0, pruned: 0 });
        expect(await store.logs.count()).toBe(4);
      } finally {
        channel.close();
        if (cli.open) cli.close();
        await writer.close();
      }
    });

    it('counts what a crashed worker held as dropped, releases flush, and starts a new worker', async () => {
      const script = join(tempDir('router-log-worker-'), 'crash.mjs');
      writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { if (m.type === 'batch') throw new Error('boom'); if (m.type === 'flush') parentPort.postMessage({ type: 'flushed', id: m.id }); });\n");
      const errors: unknown[] = [];
      const writer = createWorkerLogWriter({ url, flushIntervalMs: 5, workerUrl: pathToFileURL(script), onError: (error) => errors.push(error) });
      writer.write(record('a'));
      writer.write(record('b'));
      await writer.flush();
      await waitFor(() => writer.stats().dropped === 2);
      expect(String(errors[0])).toMatch(/boom/);
      writer.write(record('c'));
      await waitFor(() => writer.stats().dropped === 3);
      expect(writer.stats()).toMatchObject({ queued: 0, written: 0 });
    });
});
