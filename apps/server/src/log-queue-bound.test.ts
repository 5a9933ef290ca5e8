import { describe, expect, it } from 'vitest';
import { createRouter, createStaticConfigSource } from '@router/core';
import { createMemoryTransport } from '@router/core/test';
import { createLogWriter, type LogsRepository } from '@router/store';
import { completionJson } from '@router/testkit';
import { createApp } from './app.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

describe('log queue bound', () => {
  it('keeps serving while the database stalls, holds the bound, and counts and reports every dropped row', async () => {
    const stalled = { insertMany: () => new Promise<void>(() => undefined) } as unknown as LogsRepository;
    const writer = createLogWriter({ logs: stalled, maxQueue: 5, flushIntervalMs: 5 });
    const router = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'mem', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }], activeProviderId: 'mem' }),
      transport: createMemoryTransport(() => ({ chunks: [completionJson('fine')] })),
      logSink: writer,
    });
    const app = createApp({ router, version: 'test', health: () => ({ log: writer.stats() }) });
    for (let index = 0; index < 20; index++) {
      const response = await app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages }) });
      expect(response.status).toBe(200);
    }
    const { log } = (await (await app.request('/health')).json()) as { log: unknown };
    expect(log).toMatchObject({ queued: 5, written: 0, dropped: 15 });
  });
});
