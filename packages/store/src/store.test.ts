import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { DIALECTS, useStore } from './test-stores.js';
import { createStoreConfigSource, readRevision } from './config-source.js';
import { createLogWriter } from './log/log-writer.js';
import type { RequestLogRecord } from '@router/core';

let store: Store;

const record = (id: string): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm', stream: true, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 12.5, ttfbMs: 3.25, requestBody: '{"model":"m"}',
  response: { kind: 'sse', chunks: [new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"hi"}}],"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}\n\ndata: [DONE]\n\n')] },
  attempts: [],
});

describe.each(DIALECTS)('store on %s', (dialect) => {
  const current = useStore(dialect);
  beforeEach(() => {
    store = current();
  });

  it('bumps the configuration revision on every config write (triggers)', async () => {
    const before = await readRevision(store.db);
    await store.providers.create({ id: 'p', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } }, 'cli');
    const afterCreate = await readRevision(store.db);
    expect(afterCreate).toBeGreaterThan(before);
    await store.settings.setActiveProvider('p', 'cli');
    expect(await readRevision(store.db)).toBeGreaterThan(afterCreate);
  });

  it('refuses duplicate ids with already_exists (400, not 409) and bad config naming the field', async () => {
    await store.providers.create({ id: 'p', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } }, 'cli');
    await expect(store.providers.create({ id: 'p', type: 'openai-compatible', config: { baseURL: 'http://x' } }, 'cli')).rejects.toMatchObject({ status: 400, code: 'already_exists' });
    await expect(store.providers.create({ id: 'q', type: 'openai-compatible', config: { baseURL: 'ftp://x' } }, 'cli')).rejects.toMatchObject({ status: 400, param: 'config.baseURL' });
    await expect(store.providers.create({ id: 'bad id!', type: 'openai-compatible', config: { baseURL: 'http://x' } }, 'cli')).rejects.toMatchObject({ param: 'id' });
  });

  it('masks secrets in history and keeps them when a masked value is written back', async () => {
    await store.providers.create({ id: 'p', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1', apiKey: 'sk-very-secret-key-1234' } }, 'api');
    const masked = (await store.history.list())[0];
    expect(JSON.stringify(masked)).not.toContain('sk-very-secret-key-1234');
    await store.providers.update('p', { config: { apiKey: '••••1234', timeout: 5000 } }, 'api');
    expect((await store.providers.get('p')).config).toMatchObject({ apiKey: 'sk-very-secret-key-1234', timeout: 5000 });
  });

  it('loads snapshots reflecting settings and mappings', async () => {
    await store.providers.create({ id: 'p', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } }, 'cli');
    await store.mappings.set('qwen3-coder', [{ providerId: 'p', model: 'qwen3-coder-30b' }], 'cli');
    await store.settings.setActiveProvider('p', 'cli');
    const source = createStoreConfigSource(store);
    await source.start();
    const snapshot = source.current();
    source.stop();
    expect(snapshot.activeProviderId).toBe('p');
    expect(snapshot.routes.get('qwen3-coder')).toEqual([{ providerId: 'p', model: 'qwen3-coder-30b', weight: 1 }]);
  });

  it('writes log records in batches with usage from the stream and counts drops', async () => {
    const writer = createLogWriter({ logs: store.logs, maxQueue: 3, flushIntervalMs: 5 });
    for (const id of ['a', 'b', 'c', 'd']) writer.write(record(id));
    await writer.flush();
    expect(writer.stats()).toMatchObject({ written: 3, dropped: 1, queued: 0 });
    const row = await store.logs.get('a');
    expect(row).toMatchObject({ responseBody: 'hi', promptTokens: 2, completionTokens: 1, totalTokens: 3, outcome: 'success' });
  });
});
