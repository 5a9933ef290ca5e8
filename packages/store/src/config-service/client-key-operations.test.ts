import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { tablesOf } from '../dialect.js';
import { createConfigService, type ConfigService } from './config-service.js';
import { hashClientKey } from '../repositories/client-keys.js';
import { loadSnapshot, readRevision } from '../config-source.js';

let store: Store;
let service: ConfigService;
describe.each(DIALECTS)('on %s', (dialect) => {
  const current = useStore(dialect);
  beforeEach(async () => {
    store = current();
    service = createConfigService(store, { source: 'cli' });
    await service.addProvider({ id: 'alpha', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } });
  });

  /** Every text value of every row of every table, for scanning. */
  async function everyTableText(): Promise<string> {
    let text = '';
    for (const table of Object.values(tablesOf(store.db))) text += JSON.stringify(await store.db.select().from(table as never));
    return text;
  }

  describe('client keys in the configuration service', () => {
    it('creates a key whose value is returned once and stored only as its hash, with a history row without it', async () => {
      const { key, value } = await service.createClientKey({ name: 'ci-bot', models: ['gpt-4o', 'qwen/*'], providers: ['alpha'], rpm: 60, tpm: 10_000, budget: 20, budgetPeriodMs: 30 * 86_400_000 });
      expect(value).toMatch(/^rk-[A-Za-z0-9]{32}$/);
      expect(key).toMatchObject({ name: 'ci-bot', keyPrefix: value.slice(0, 8), models: ['gpt-4o', 'qwen/*'], providers: ['alpha'], rpm: 60, tpm: 10_000, budget: 20, revokedAt: null });
      expect(JSON.stringify(key)).not.toContain(value);
      expect(await everyTableText()).not.toContain(value);
      expect(await everyTableText()).toContain(hashClientKey(value));
      const [history] = await store.history.list({ entity: 'client_key' });
      expect(history).toMatchObject({ action: 'create', entityId: key.id });
      expect(JSON.stringify(history)).not.toContain(hashClientKey(value));
      expect((await service.getClientKey('ci-bot')).id).toBe(key.id);
      expect((await service.getClientKey(key.id)).name).toBe('ci-bot');
    });

    it('puts keys in the snapshot by hash and bumps the revision on every key change', async () => {
      const before = await readRevision(store.db);
      const { key, value } = await service.createClientKey({ name: 'one' });
      expect(await readRevision(store.db)).toBeGreaterThan(before);
      const snapshot = await loadSnapshot(store);
      expect(snapshot.clientKeys?.get(hashClientKey(value))).toMatchObject({ id: key.id, name: 'one', models: null, revokedAt: null });
      const rotated = await service.rotateClientKey('one');
      expect(rotated.value).not.toBe(value);
      const after = await loadSnapshot(store);
      expect(after.clientKeys?.has(hashClientKey(value))).toBe(false);
      expect(after.clientKeys?.get(hashClientKey(rotated.value))?.id).toBe(key.id);
      expect(await everyTableText()).not.toContain(rotated.value);
      const revoked = await service.revokeClientKey(key.id);
      expect(revoked.changed).toBe(true);
      expect((await loadSnapshot(store)).clientKeys?.get(hashClientKey(rotated.value))?.revokedAt).toBe(revoked.key.revokedAt);
      expect((await service.revokeClientKey(key.id)).changed).toBe(false);
      await expect(service.rotateClientKey(key.id)).rejects.toMatchObject({ status: 400, code: 'key_revoked' });
    });

    it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
      const revision = await readRevision(store.db);
      const cases: [Parameters<ConfigService['createClientKey']>[0], string][] = [
        [{ name: 'bad name' }, 'name'],
        [{ name: 'x', rpm: 0 }, 'rpm'],
        [{ name: 'x', tpm: -5 }, 'tpm'],
        [{ name: 'x', rpm: 1.5 }, 'rpm'],
        [{ name: 'x', budget: -1 }, 'budget'],
        [{ name: 'x', budget: 5, budgetPeriodMs: 10 }, 'budgetPeriodMs'],
        [{ name: 'x', budgetPeriodMs: 86_400_000 }, 'budgetPeriodMs'],
        [{ name: 'x', expiresAt: Date.now() - 1000 }, 'expiresAt'],
        [{ name: 'x', models: [] }, 'models'],
        [{ name: 'x', models: ['ok', 'not ok'] }, 'models[1]'],
        [{ name: 'x', providers: ['nope'] }, 'providers[0]'],
      ];
      for (const [input, param] of cases) await expect(service.createClientKey(input), JSON.stringify(input)).rejects.toMatchObject({ status: 400, param });
      await service.createClientKey({ name: 'taken' });
      await expect(service.createClientKey({ name: 'taken' })).rejects.toMatchObject({ status: 400, code: 'key_exists' });
      expect((await service.listClientKeys()).map((key) => key.name)).toEqual(['taken']);
      expect(await readRevision(store.db)).toBe(revision + 1);
      await expect(service.revokeClientKey('missing')).rejects.toMatchObject({ status: 404, code: 'key_not_found' });
    });

    it('edits limits, removes a key with its usage, and adds usage in batches without bumping the revision', async () => {
      const { key } = await service.createClientKey({ name: 'k', budget: 5 });
      expect(await service.updateClientKey('k', { rpm: 10, budget: null })).toMatchObject({ rpm: 10, budget: null });
      const revision = await readRevision(store.db);
      await store.clientKeys.addUsage([{ keyId: key.id, periodStart: 0, requests: 2, promptTokens: 10, completionTokens: 5, spent: 0.25 }]);
      await store.clientKeys.addUsage([
        { keyId: key.id, periodStart: 0, requests: 1, promptTokens: 1, completionTokens: 1, spent: 0.5 },
        { keyId: 'key_gone', periodStart: 0, requests: 1, promptTokens: 1, completionTokens: 1, spent: 1 },
      ]);
      expect(await readRevision(store.db)).toBe(revision);
      expect(await store.clientKeys.usage({ keyIds: [key.id] })).toEqual([expect.objectContaining({ keyId: key.id, periodStart: 0, requests: 3, promptTokens: 11, completionTokens: 6, spent: 0.75 })]);
      await service.removeClientKey('k');
      expect(await store.clientKeys.usage()).toEqual([]);
      expect(await service.listClientKeys()).toEqual([]);
    });
  });
});
