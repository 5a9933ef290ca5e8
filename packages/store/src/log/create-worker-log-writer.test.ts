import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'libsql';
import type { RequestLogRecord } from '@router/core';
import { SOURCE_LOG_WORKER_URL, tempDir, waitFor } from '@router/testkit';
import { openStore, type Store } from '../store.js';
import { createWorkerLogWriter } from './create-worker-log-writer.js';

// The worker runs log-worker.ts from source (SOURCE_LOG_WORKER_URL), so no build is needed.
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
beforeEach(async () => {
  url = `file:${join(tempDir('router-log-worker-'), 'router.db')}`;
  store = await openStore({ url });
});
afterEach(() => store.close());

describe('worker log writer', () => {
  it('summarises and writes streamed and plain responses from the worker', async () => {
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5 });
    writer.write(record('s'));
    writer.write(record('j', { stream: false, response: { kind: 'json', bytes: encode('{"choices":[{"index":0,"message":{"role":"assistant","content":"plain"},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":5}}') } }));
    await writer.flush();
    expect(writer.stats()).toEqual({ queued: 0, written: 2, dropped: 0, failedBatches: 0 });
    expect(await store.logs.get('s')).toMatchObject({ responseBody: 'hi', promptTokens: 2, completionTokens: 1, totalTokens: 3, durationMs: 12.5, ttfbMs: 3.25 });
    expect(await store.logs.get('j')).toMatchObject({ finishReason: 'stop', promptTokens: 4, completionTokens: 5, totalTokens: 9 });
    await writer.close();
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

  it('bounds the queue, counting what it drops, and drops what comes after close', async () => {
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, maxQueue: 3, flushIntervalMs: 1000 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) writer.write(record(id));
    expect(writer.stats()).toMatchObject({ queued: 3, dropped: 2 });
    await writer.close();
    writer.write(record('late'));
    expect(writer.stats()).toEqual({ queued: 0, written: 3, dropped: 3, failedBatches: 0 });
    expect(await store.logs.count()).toBe(3);
  });

  it('bounds the bytes held as well, so a stalled database cannot balloon memory', async () => {
    const big = (id: string) => record(id, { requestBody: 'x'.repeat(1000), response: { kind: 'json', bytes: new Uint8Array(3000) } });
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, maxQueueBytes: 10_000, flushIntervalMs: 1000 });
    for (const id of ['a', 'b', 'c']) writer.write(big(id));
    expect(writer.stats()).toMatchObject({ queued: 2, dropped: 1 });
    await writer.flush();
    writer.write(big('d')); // the written ones no longer count
    await writer.close();
    expect(writer.stats()).toMatchObject({ written: 3, dropped: 1, queued: 0 });
  });

  it('writes many batches in order and keeps every row', async () => {
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, batchSize: 50, flushIntervalMs: 5 });
    for (let index = 0; index < 1234; index++) writer.write(record(`r${index}`));
    await writer.close();
    expect(writer.stats()).toMatchObject({ written: 1234, dropped: 0, queued: 0 });
    expect(await store.logs.count()).toBe(1234);
  });

  it('reports failed writes, retries them, and gives them up (counted) when closed', async () => {
    const unmigrated = `file:${join(tempDir('router-log-worker-'), 'empty.db')}`;
    const errors: unknown[] = [];
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url: unmigrated, flushIntervalMs: 5, onError: (error) => errors.push(error) });
    writer.write(record('a'));
    await waitFor(() => writer.stats().failedBatches > 1); // failed, retried, failed again
    await writer.close();
    expect(writer.stats()).toMatchObject({ queued: 0, written: 0, dropped: 1 });
    expect(String(errors[0])).toMatch(/no such table: request_logs/);
  });

  it('waits out a concurrent writer holding the database lock, losing nothing', async () => {
    const cli = new Database(url.slice('file:'.length));
    cli.exec('BEGIN IMMEDIATE');
    cli.exec(`INSERT INTO request_logs (id, created_at, endpoint, status, outcome, duration_ms) VALUES ('cli', 1, '/x', 200, 'success', 1)`);
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5 });
    for (const id of ['a', 'b', 'c']) writer.write(record(id));
    const flushed = writer.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(writer.stats()).toMatchObject({ written: 0, queued: 3 });
    cli.exec('COMMIT');
    cli.close();
    await flushed;
    expect(writer.stats()).toEqual({ queued: 0, written: 3, dropped: 0, failedBatches: 0 });
    expect(await store.logs.count()).toBe(4);
    await writer.close();
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

  it('refuses an in-memory database, which a worker cannot share', () => {
    expect(() => createWorkerLogWriter({ url: ':memory:' })).toThrow(/createLogWriter/);
  });
});
