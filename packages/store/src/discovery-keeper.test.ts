import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFetchTransport, createRouter, type Router } from '@router/core';
import { startFakeLocalServer, type FakeLocalServer } from '@router/testkit';
import type { Store } from './store.js';
import { DIALECTS, useStore } from './test-stores.js';
import { createStoreConfigSource, readRevision, type StoreConfigSource } from './config-source.js';
import { createDiscoveryKeeper } from './discovery-keeper.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  const current = useStore(dialect, { name: 'discovery' });

  let store: Store;
  let lms: FakeLocalServer;
  const sources: StoreConfigSource[] = [];

  beforeEach(async () => {
    store = current();
    lms = await startFakeLocalServer('lm-studio', [
      { id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 8192 },
      { id: 'gemma-3-12b', loaded: false, maxContext: 131072, type: 'vlm' },
    ]);
    await store.providers.create({ id: 'lms', type: 'lm-studio', config: { baseURL: lms.baseURL } }, 'cli');
    await store.providers.create({ id: 'cloud', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }, 'cli');
  });

  afterEach(async () => {
    for (const source of sources.splice(0)) source.stop();
    await lms.close();
  });

  async function routerOverStore(): Promise<{ router: Router; config: StoreConfigSource }> {
    const config = createStoreConfigSource(store, { intervalMs: 60_000 });
    sources.push(config);
    await config.start();
    return { router: createRouter({ config, transport: createFetchTransport() }), config };
  }

  const storedModels = async () => ((await store.providers.get('lms')).capabilities?.discovered as { models: unknown[] } | undefined)?.models;

  describe('keeping what discovery learned in the provider capabilities', () => {
    it('writes a local server\'s models when they change, and only then', async () => {
      const { router, config } = await routerOverStore();
      const keeper = createDiscoveryKeeper(store.providers);
      await router.refreshModels({ timeoutMs: 1_000 });
      expect(await keeper.keep(config.current(), router.discoveredModels)).toEqual(['lms']);
      expect(await storedModels()).toEqual([
        { id: 'qwen3-8b', state: 'loaded', type: 'llm', maxContextLength: 32768, loadedContextLength: 8192 },
        { id: 'gemma-3-12b', state: 'not-loaded', type: 'vlm', maxContextLength: 131072 },
      ]);
      // unchanged: nothing written, with the old snapshot or the reloaded one
      const revision = await readRevision(store.db);
      expect(await keeper.keep(config.current(), router.discoveredModels)).toEqual([]);
      await config.refresh();
      await router.refreshModels({ timeoutMs: 1_000 });
      expect(await keeper.keep(config.current(), router.discoveredModels)).toEqual([]);
      expect(await readRevision(store.db)).toBe(revision);

      lms.models[1].loaded = true;
      lms.models[1].loadedContext = 16384;
      await router.refreshModels({ localOnly: true, timeoutMs: 1_000 });
      expect(await keeper.keep(config.current(), router.discoveredModels)).toEqual(['lms']);
      expect(await storedModels()).toContainEqual({ id: 'gemma-3-12b', state: 'loaded', type: 'vlm', maxContextLength: 131072, loadedContextLength: 16384 });
    });

    it('after a restart with the server down, the router knows the last known models, marked unreachable', async () => {
      const first = await routerOverStore();
      await first.router.refreshModels({ timeoutMs: 1_000 });
      await createDiscoveryKeeper(store.providers).keep(first.config.current(), first.router.discoveredModels);
      const learnedAt = first.router.discoveredModels('lms')!.learnedAt!;

      lms.up = false;
      const second = await routerOverStore();
      await second.router.refreshModels({ timeoutMs: 1_000 });
      const found = second.router.discoveredModels('lms')!;
      expect(found).toMatchObject({ reachable: false, learnedAt });
      expect(found.models.get('qwen3-8b')).toMatchObject({ state: 'loaded', loadedContextLength: 8192 });
      expect(found.models.get('gemma-3-12b')).toMatchObject({ state: 'not-loaded', maxContextLength: 131072 });
      // an unreachable server's last known models are not written again
      expect(await createDiscoveryKeeper(store.providers).keep(second.config.current(), second.router.discoveredModels)).toEqual([]);
    });

    it('a probe\'s capabilities keep the discovered part', async () => {
      const { router, config } = await routerOverStore();
      await router.refreshModels({ timeoutMs: 1_000 });
      await createDiscoveryKeeper(store.providers).keep(config.current(), router.discoveredModels);
      await store.providers.setCapabilities('lms', { reachable: true, streamUsage: 'always' });
      const capabilities = (await store.providers.get('lms')).capabilities!;
      expect(capabilities).toMatchObject({ reachable: true, streamUsage: 'always' });
      expect((capabilities.discovered as { models: unknown[] }).models).toHaveLength(2);
    });
  });
});
