// One set of repository behaviours on both dialects: the same changes through the configuration
// service on an SQLite store and on a Postgres store (a real one, started once per test run) read
// back the same, history and configuration snapshot included.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresTestDatabase } from '@router/testkit/postgres';
import { createConfigService } from '../config-service/config-service.js';
import { createStoreConfigSource, loadSnapshot, readRevision } from '../config-source.js';
import { openStore, type Store } from '../store.js';
import { runBatch, tablesOf } from '../dialect.js';
import { historyInsert } from '../repositories/history.js';

let database: { url: string; drop(): Promise<void> };
const stores: Record<'sqlite' | 'postgres', Store> = {} as never;

beforeAll(async () => {
  database = await postgresTestDatabase(inject, 'dialects');
  stores.sqlite = await openStore({ url: ':memory:' });
  stores.postgres = await openStore({ url: database.url, migrate: false });
});
afterAll(async () => {
  await stores.sqlite?.close();
  await stores.postgres?.close();
  await database?.drop();
});

/** The same sequence of changes, as a user would make them. */
async function change(store: Store): Promise<void> {
  const service = createConfigService(store, { source: 'cli' });
  await service.addProvider({ id: 'groq', name: 'Groq', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-dialect-secret-1234' } });
  await service.addProvider({ id: 'local', name: 'Local', type: 'lm-studio', config: { baseURL: 'http://127.0.0.1:1234/v1' } });
  await service.setProviderConfigValue('groq', 'timeout', 5000);
  await service.setProviderEnabled('local', false);
  await service.setActiveProvider('groq');
  await service.setDefaultProvider('local');
  await service.addModel({ id: 'fast', displayName: 'Fast', capabilities: ['tools'], contextLength: 8192, providers: [{ providerId: 'groq', upstreamModel: 'llama-3.3', priority: 1 }, { providerId: 'local', priority: 2 }] });
  await service.linkModel('local', 'fast', { upstreamModel: 'qwen3', priority: 3 });
  await service.setMapping('fast', [{ providerId: 'groq', model: 'llama-3.3', weight: 3 }, { providerId: 'local', model: null, weight: 1, priority: 2 }]);
  await service.setMapping('slow', [{ providerId: 'local', model: 'qwen3' }]);
  await service.removeMapping('slow');
  await service.updateRouteOptions('fast', { stickiness: 'header:x-router-session' } as never);
  await service.setPrice('llama-3.3', { inputPerMillion: 0.59, outputPerMillion: 0.79 });
  await service.setTuning('request_timeout_ms', 30000);
}

/** Without the times rows were written at (the two stores were written a moment apart). */
function timeless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(timeless);
  if (value instanceof Map) return new Map([...value].map(([key, entry]) => [key, timeless(entry)]));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'createdAt' && key !== 'updatedAt').map(([key, entry]) => [key, timeless(entry)]));
  return value;
}
const comparable = (snapshot: Awaited<ReturnType<typeof loadSnapshot>>) => timeless({ ...snapshot, revision: 0 });

describe('the store on SQLite and on Postgres', () => {
  it('reads back the same configuration, history and snapshot after the same changes', async () => {
    // Two stores of its own, changed by nothing but the changes compared (the other tests write to the shared ones).
    const own = await postgresTestDatabase(inject, 'dialects_same');
    const sqlite = await openStore({ url: ':memory:' });
    const postgres = await openStore({ url: own.url, migrate: false });
    try {
      for (const store of [sqlite, postgres]) await change(store);
      expect(timeless(await postgres.providers.list())).toEqual(timeless(await sqlite.providers.list()));
      expect(timeless(await postgres.models.list())).toEqual(timeless(await sqlite.models.list()));
      expect(timeless(await postgres.mappings.list())).toEqual(timeless(await sqlite.mappings.list()));
      expect(await postgres.settings.all()).toEqual(await sqlite.settings.all());
      expect(timeless(await postgres.routeOptions.list())).toEqual(timeless(await sqlite.routeOptions.list()));
      expect(timeless(await postgres.prices.list())).toEqual(timeless(await sqlite.prices.list()));
      const history = async (store: Store) => timeless((await store.history.list({ limit: 100 })).map(({ id, ...entry }) => entry)) as unknown[];
      expect(await history(postgres)).toEqual(await history(sqlite));
      expect((await history(postgres)).length).toBeGreaterThan(10);
      expect(JSON.stringify(await history(postgres))).not.toContain('sk-dialect-secret-1234');
      expect(comparable(await loadSnapshot(postgres))).toEqual(comparable(await loadSnapshot(sqlite)));
      expect(await readRevision(postgres.db)).toBeGreaterThan(1);
    } finally {
      await sqlite.close();
      await postgres.close();
      await own.drop();
    }
  });

  it('gives each store its own client: libsql on SQLite, postgres.js on Postgres, and no libsql stand-in on Postgres', async () => {
    const { sqlite, postgres } = stores;
    if (sqlite.dialect !== 'sqlite' || postgres.dialect !== 'postgres') throw new Error('the stores were opened on the wrong dialects');
    expect((await sqlite.client.execute('select 1 as one')).rows[0].one).toBe(1);
    expect(await postgres.sql`select 1 as one`).toEqual([{ one: 1 }]);
    expect('client' in postgres).toBe(false);
    expect('sql' in sqlite).toBe(false);
  });

  it('keeps a batch all or nothing: a failing statement leaves nothing of it behind', async () => {
    for (const store of Object.values(stores)) {
      const before = await store.history.list({ limit: 1000 });
      const { settings, modelMappings } = tablesOf(store.db);
      const statements = [
        store.db.insert(settings).values({ key: 'batch_probe', value: '1' }),
        historyInsert(store.db, { source: 'cli', action: 'set', entity: 'setting', entityId: 'batch_probe', newValue: '1' }),
        // a target naming a provider that does not exist: the foreign key fails, last in the batch
        store.db.insert(modelMappings).values({ model: 'broken', position: 0, providerId: 'nope' }),
      ];
      await expect(runBatch(store.db, statements), store.dialect).rejects.toThrow();
      expect(await store.settings.get('batch_probe'), store.dialect).toBeNull();
      expect(await store.history.list({ limit: 1000 }), store.dialect).toHaveLength(before.length);
    }
  });

  it('adds client key usage to the period row on both', async () => {
    for (const store of Object.values(stores)) {
      const service = createConfigService(store, { source: 'cli' });
      const { key } = await service.createClientKey({ name: `ci-${store.dialect}` });
      const keyId = key.id;
      await store.clientKeys.addUsage([{ keyId, periodStart: 0, requests: 1, promptTokens: 10, completionTokens: 5, spent: 0.25 }]);
      await store.clientKeys.addUsage([{ keyId, periodStart: 0, requests: 2, promptTokens: 1, completionTokens: 1, spent: 0.5 }, { keyId: 'gone', periodStart: 0, requests: 1, promptTokens: 0, completionTokens: 0, spent: 0 }]);
      const [usage] = await store.clientKeys.usage({ keyIds: [keyId] });
      expect(usage).toMatchObject({ keyId, periodStart: 0, requests: 3, promptTokens: 11, completionTokens: 6, spent: 0.75 });
    }
  });

  it('on Postgres, a router sees a change made by another through the notification, without waiting for its poll', async () => {
    // A database of its own (the other tests compare this file's two stores change for change),
    // with the provider the change names.
    const own = await postgresTestDatabase(inject, 'dialects_notify');
    const store = await openStore({ url: own.url, migrate: false });
    const other = await openStore({ url: own.url, migrate: false });
    await createConfigService(other, { source: 'api' }).addProvider({ id: 'local', name: 'Local', type: 'lm-studio', config: { baseURL: 'http://127.0.0.1:1234/v1' } });
    // polling far slower than the test: only the notification can deliver the change in time
    const source = createStoreConfigSource(store, { intervalMs: 600_000 });
    await source.start();
    try {
      expect(source.current().activeProviderId).toBeNull();
      const seen = new Promise<string | null>((resolve) => source.onChange((snapshot) => resolve(snapshot.activeProviderId)));
      await createConfigService(other, { source: 'api' }).setActiveProvider('local');
      expect(await seen).toBe('local');
      expect(source.current().activeProviderId).toBe('local');
    } finally {
      source.stop();
      await other.close();
      await store.close();
      await own.drop();
    }
  });
});
