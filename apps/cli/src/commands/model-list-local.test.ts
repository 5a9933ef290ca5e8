import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLocalServer, waitFor, type FakeLocalServer } from '@router/testkit';
import { openStore } from '@router/store';
import { ok, SERVER_MODE, tempDb } from '../../test/harness.js';

let lms: FakeLocalServer;
let ollama: FakeLocalServer;

beforeAll(async () => {
  lms = await startFakeLocalServer('lm-studio', [
    { id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 8192 },
    { id: 'gemma-3-12b', loaded: false, maxContext: 131072, type: 'vlm' },
  ]);
  ollama = await startFakeLocalServer('ollama', [{ id: 'llama3.2:latest', loaded: true, maxContext: 131072, loadedContext: 4096 }]);
});
afterAll(async () => {
  await lms.close();
  await ollama.close();
});

describe('model list and local servers', () => {
  it('shows each local server model with its load state and context, in a table and as JSON', async () => {
    const { db } = tempDb();
    await ok(db, ['provider', 'add', '--id', 'lms', '--type', 'lm-studio', '--config', `baseURL=${lms.baseURL}`]);
    await ok(db, ['provider', 'add', '--id', 'ollama', '--type', 'ollama', '--config', `baseURL=${ollama.baseURL}`]);
    await ok(db, ['provider', 'add', '--id', 'cloud', '--config', 'baseURL=http://127.0.0.1:9/v1']);
    // through a router (--server) it is the router's background refresh: wait for it
    const servers = await waitFor(async () => {
      const listed = (await ok(db, ['model', 'list', '--local', '--json'])).json();
      if (listed.length !== 2 || listed.some((server: { models: unknown[] }) => server.models.length === 0)) throw new Error('not discovered yet');
      return listed;
    }, 10_000, 100);
    expect(servers).toEqual([
      {
        providerId: 'lms', reachable: true, error: null,
        models: [
          { id: 'qwen3-8b', state: 'loaded', type: 'llm', contextLength: 8192, maxContextLength: 32768, loadedContextLength: 8192 },
          { id: 'gemma-3-12b', state: 'not-loaded', type: 'vlm', contextLength: 131072, maxContextLength: 131072, loadedContextLength: null },
        ],
      },
      { providerId: 'ollama', reachable: true, error: null, models: [{ id: 'llama3.2:latest', state: 'loaded', type: 'llm', contextLength: 4096, maxContextLength: 131072, loadedContextLength: 4096 }] },
    ].map((server) => expect.objectContaining(server)));
    const text = (await ok(db, ['model', 'list'])).stdout;
    expect(text).toContain('No models.');
    expect(text).toMatch(/PROVIDER\s+MODEL\s+STATE\s+CONTEXT\s+MAX CONTEXT\s+TYPE/);
    expect(text).toMatch(/lms\s+qwen3-8b\s+loaded\s+8192\s+32768\s+llm/);
    expect(text).toMatch(/lms\s+gemma-3-12b\s+not-loaded\s+131072\s+131072\s+vlm/);
    expect(text).toMatch(/ollama\s+llama3\.2:latest\s+loaded\s+4096\s+131072\s+llm/);
    if (SERVER_MODE) {
      // the router keeps what it learned in each local server's capabilities, off the request path
      const stored = await waitFor(async () => {
        const store = await openStore({ url: db });
        try {
          return (await store.providers.get('lms')).capabilities?.discovered as { models: { id: string; state: string }[] } | undefined;
        } finally {
          await store.close();
        }
      }, 10_000, 100);
      expect(stored?.models.map((model) => [model.id, model.state])).toEqual([['qwen3-8b', 'loaded'], ['gemma-3-12b', 'not-loaded']]);
    }
  });

  it('shows the last known models of a server that is down, from what the router kept in its capabilities', async () => {
    const { db } = tempDb();
    await ok(db, ['provider', 'add', '--id', 'lms', '--type', 'lm-studio', '--config', 'baseURL=http://127.0.0.1:9/v1']);
    const store = await openStore({ url: db });
    const learnedAt = Date.UTC(2026, 10, 30, 12, 0, 0);
    try {
      await store.providers.setDiscovered('lms', { learnedAt, models: [{ id: 'qwen3-8b', state: 'loaded', type: 'llm', maxContextLength: 32768, loadedContextLength: 8192 }] });
    } finally {
      await store.close();
    }
    // through a router (--server) it is the router's refresh after the change: wait for it
    const [server] = await waitFor(async () => {
      const listed = (await ok(db, ['model', 'list', '--local', '--json'])).json();
      if (listed[0]?.models.length !== 1) throw new Error('not refreshed yet');
      return listed;
    }, 10_000, 100);
    expect(server).toMatchObject({
      providerId: 'lms', reachable: false, learnedAt: new Date(learnedAt).toISOString(),
      models: [{ id: 'qwen3-8b', state: 'loaded', type: 'llm', contextLength: 8192, maxContextLength: 32768, loadedContextLength: 8192 }],
    });
    expect((await ok(db, ['model', 'list', '--local'])).stdout).toMatch(/lms\s+qwen3-8b\s+unreachable\s+8192\s+32768\s+llm/);
  });

  it('says when there is no local server', async () => {
    const { db } = tempDb();
    await ok(db, ['provider', 'add', '--id', 'cloud', '--config', 'baseURL=http://127.0.0.1:9/v1']);
    expect((await ok(db, ['model', 'list', '--local'])).stdout).toContain('No local servers.');
    expect((await ok(db, ['model', 'list'])).stdout).not.toContain('Local servers');
  });
});
