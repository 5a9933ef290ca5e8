// Budgets shared by two routers on one database file: what one router spends reaches the other
// through the stored usage, read back after each write (the shared mode), not only at start-up.
import { afterEach, describe, expect, it } from 'vitest';
import { ClientKeyError, createKeyLimiter, type ClientKeyEntry, type KeyLimiter } from '@router/core';
import { clientKeyViews, createConfigService, loadSnapshot, openStore, type Store } from '@router/store';
import { tempDir } from '@router/testkit';
import { createKeyUsageSync, type KeyUsageSync } from './key-usage-sync.js';

const opened: { store: Store; sync: KeyUsageSync }[] = [];
afterEach(async () => {
  for (const { store, sync } of opened.splice(0)) {
    await sync.close();
    await store.close();
  }
});

async function router(url: string, shared: boolean): Promise<{ store: Store; limiter: KeyLimiter; sync: KeyUsageSync }> {
  const store = await openStore({ url });
  const limiter = createKeyLimiter({ shared: shared ? { claim: (claims) => store.clientKeys.claimWindows(claims) } : undefined });
  // the timer never fires during the test: writes are made by hand
  const sync = createKeyUsageSync({ store, limiter, shared, intervalMs: 3_600_000 });
  opened.push({ store, sync });
  return { store, limiter, sync };
}

const spend = (limiter: KeyLimiter, entry: ClientKeyEntry, id: string, cost: number) => {
  limiter.admit(entry, { requestId: id, estimateTokens: () => 0 });
  limiter.settle([{ id, keyId: entry.id, promptTokens: 1, completionTokens: 1, cost }]);
};

describe.each([true, false])('client key budgets on two routers, shared %s', (shared) => {
  it(shared ? 'hold across the routers once usage is written and read back' : 'count each router\'s own spend', async () => {
    const url = `file:${tempDir()}/keys.db`;
    const a = await router(url, shared);
    const b = await router(url, shared);
    await createConfigService(a.store, { source: 'cli' }).createClientKey({ name: 'team', budget: 1 });
    const snapshot = await loadSnapshot(a.store);
    const entry = [...snapshot.clientKeys!.values()][0];
    await a.sync.sync(snapshot);
    await b.sync.sync(snapshot);
    // router A spends the budget; router B has not spent anything itself
    spend(a.limiter, entry, 'a1', 0.6);
    spend(a.limiter, entry, 'a2', 0.6);
    expect(() => a.limiter.admit(entry, { requestId: 'a3', estimateTokens: () => 0 })).toThrow(ClientKeyError);
    await a.sync.flush();
    await b.sync.flush();
    const admitted = () => {
      try {
        b.limiter.admit(entry, { requestId: `b-${Math.random()}`, estimateTokens: () => 0 });
        return true;
      } catch (error) {
        if (error instanceof ClientKeyError) return false;
        throw error;
      }
    };
    expect(admitted()).toBe(!shared);
  });
});

describe('the keys\' live usage', () => {
  it('counts what a write in flight took from the limiter: the read waits for the write instead of missing it', async () => {
    const store = await openStore({ url: `file:${tempDir()}/live.db` });
    const limiter = createKeyLimiter();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // a database slow to take the usage write
    const slow = { ...store, clientKeys: { ...store.clientKeys, addUsage: async (...args: Parameters<Store['clientKeys']['addUsage']>) => (await gate, store.clientKeys.addUsage(...args)) } } as Store;
    const sync = createKeyUsageSync({ store: slow, limiter, intervalMs: 3_600_000 });
    opened.push({ store, sync });
    await createConfigService(store, { source: 'cli' }).createClientKey({ name: 'live', budget: 5 });
    const snapshot = await loadSnapshot(store);
    const entry = [...snapshot.clientKeys!.values()][0];
    await sync.sync(snapshot);
    spend(limiter, entry, 'l1', 0.5);
    const writing = sync.flush();
    // the write has taken the usage from the limiter and waits on the database
    while (limiter.unflushed(entry.id, 0)) await new Promise((resolve) => setImmediate(resolve));
    let read = false;
    const live = sync.live(async () => {
      const views = await clientKeyViews(store.clientKeys);
      read = true;
      return views;
    });
    // give a read that does not wait for the write every chance to finish first
    for (let turn = 0; turn < 200 && !read; turn++) await new Promise((resolve) => setImmediate(resolve));
    release();
    await writing;
    const [view] = await live;
    expect(view.usage).toMatchObject({ requests: 1, spent: 0.5 });
  });
});
