import { beforeEach, describe, expect, it } from 'vitest';
import { createSnapshot, type RequestLogRecord } from '@router/core';
import { SOURCE_LOG_WORKER_URL } from '@router/testkit';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { createBundledRateTable, pricedModels } from './bundled-rate-table.js';
import { createWorkerLogWriter } from './create-worker-log-writer.js';
import { createLogWriter } from './log-writer.js';

const encode = (text: string) => new TextEncoder().encode(text);
const record = (id: string, model: string): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'p', model, upstreamModel: model, stream: false, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 1, ttfbMs: 1, requestBody: '{}',
  response: { kind: 'json', bytes: encode('{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"usage":{"prompt_tokens":10,"completion_tokens":10}}') },
  attempts: [],
});

let store: Store;
let url: string;

describe.each(DIALECTS)('bundled rate table on %s', (dialect) => {
  const current = useStore(dialect, { name: 'rates' });
  beforeEach(() => {
    store = current();
    url = store.url;
  });

  it('learns, from the log worker, the rates of the models it is asked to look up, without loading the list here', async () => {
    const table = createBundledRateTable();
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, onRates: table.learn });
    const openai = { type: 'openai-compatible', baseURL: 'https://api.openai.com/v1' };
    expect(table.rates(openai, 'gpt-4o')).toBeUndefined();
    writer.priceModels!([{ baseURL: openai.baseURL, model: 'gpt-4o' }, { model: 'my-unpriced-model' }]);
    // the worker answers a lookup as it receives it, so its answer comes before the flush's
    await writer.flush();
    expect(table.size()).toBe(2);
    expect(table.rates(openai, 'gpt-4o')).toEqual({ input: 2.5, output: 10, cachedInput: 1.25 });
    expect(table.rates(undefined, 'my-unpriced-model')).toBeNull();
    // a local server is never priced from the list
    expect(table.rates({ type: 'ollama', baseURL: 'https://api.openai.com/v1' }, 'gpt-4o')).toBeNull();
    await writer.close();
  });

  it('learns the models of logged rows before the rows can be read back', async () => {
    const table = createBundledRateTable();
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5, onRates: table.learn });
    writer.write(record('a', 'gpt-4o-mini'));
    await writer.flush();
    expect(table.rates(undefined, 'gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 });
    await writer.close();
  });

  it('lists the models a configuration can send upstream, with their provider base URLs, local servers left out', () => {
    const snapshot = createSnapshot({
      providers: [{ id: 'cloud', type: 'openai-compatible', config: {}, defaultModel: 'gpt-4o-mini' }, { id: 'home', type: 'lm-studio', config: {} }],
      routes: { fast: [{ providerId: 'cloud', model: 'gpt-4o' }, { providerId: 'home', model: 'qwen3' }] },
      models: [{ id: 'claude-sonnet-4-5', providers: [{ providerId: 'cloud' }] }],
    });
    const providers = { cloud: { type: 'openai-compatible', baseURL: 'https://api.openai.com/v1' }, home: { type: 'lm-studio', baseURL: 'http://127.0.0.1:1234/v1' } };
    expect(pricedModels(snapshot, providers)).toEqual([
      { baseURL: 'https://api.openai.com/v1', model: 'gpt-4o' },
      { baseURL: 'https://api.openai.com/v1', model: 'fast' },
      { baseURL: 'https://api.openai.com/v1', model: 'claude-sonnet-4-5' },
      { baseURL: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
    ]);
  });
});

// Once, not per dialect: the writer looks each model up once per process (what it found is remembered),
// and it writes nothing to the database.
describe('bundled rate table with the in-thread writer', () => {
  const current = useStore('sqlite', { name: 'rates_in_thread' });

  it('does the same with the in-thread writer', async () => {
    const table = createBundledRateTable();
    const writer = createLogWriter({ logs: current().logs, flushIntervalMs: 5, onRates: table.learn });
    writer.priceModels!([{ model: 'gpt-4o' }]);
    expect(table.rates(undefined, 'gpt-4o')).toEqual({ input: 2.5, output: 10, cachedInput: 1.25 });
    await writer.close();
  });
});
