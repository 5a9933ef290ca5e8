import { beforeEach, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../config-source.js';
import { readRevision } from '../config-source.js';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { createConfigService, type ConfigService } from './config-service.js';

let store: Store;
let service: ConfigService;
describe.each(DIALECTS)('on %s', (dialect) => {
  const current = useStore(dialect);
  beforeEach(async () => {
    store = current();
    service = createConfigService(store, { source: 'cli' });
  });

  describe('price overrides', () => {
    it('sets, changes and removes an override, each with a history row, and bumps the configuration revision', async () => {
      const before = await readRevision(store.db);
      expect(await service.setPrice('my-finetune', { inputPerMillion: 0.5, outputPerMillion: 1.5 })).toMatchObject({ model: 'my-finetune', inputPerMillion: 0.5, outputPerMillion: 1.5, cachedInputPerMillion: null });
      expect(await readRevision(store.db)).toBeGreaterThan(before);
      await service.setPrice('my-finetune', { inputPerMillion: '0.4', outputPerMillion: 1.5, cachedInputPerMillion: 0.1 });
      expect(await store.prices.list()).toMatchObject([{ model: 'my-finetune', inputPerMillion: 0.4, outputPerMillion: 1.5, cachedInputPerMillion: 0.1 }]);
      expect((await service.removePrice('my-finetune')).inputPerMillion).toBe(0.4);
      expect(await store.prices.list()).toEqual([]);
      const history = await store.history.list({ entity: 'price' });
      expect(history.map((entry) => [entry.action, entry.entityId, entry.source])).toEqual([['delete', 'my-finetune', 'cli'], ['set', 'my-finetune', 'cli'], ['set', 'my-finetune', 'cli']]);
      expect(history[1]).toMatchObject({ oldValue: { inputPerMillion: 0.5, outputPerMillion: 1.5, cachedInputPerMillion: null }, newValue: { inputPerMillion: 0.4, outputPerMillion: 1.5, cachedInputPerMillion: 0.1 } });
    });

    it('writes nothing (and records no change) when the prices are the same', async () => {
      await service.setPrice('m', { inputPerMillion: 1, outputPerMillion: 2 });
      const revision = await readRevision(store.db);
      await service.setPrice('m', { inputPerMillion: 1, outputPerMillion: 2, cachedInputPerMillion: null });
      expect(await readRevision(store.db)).toBe(revision);
      expect(await store.history.list({ entity: 'price' })).toHaveLength(1);
    });

    it('checks every value before writing: a bad model id, a negative, missing, non-numeric or absurd price is a 400 naming the field, and nothing is written', async () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['bad model!', { inputPerMillion: 1, outputPerMillion: 1 }, 'model'],
        ['m', { inputPerMillion: -1, outputPerMillion: 1 }, 'inputPerMillion'],
        ['m', { inputPerMillion: 1 }, 'outputPerMillion'],
        ['m', { inputPerMillion: 1, outputPerMillion: 'cheap' }, 'outputPerMillion'],
        ['m', { inputPerMillion: 1, outputPerMillion: 1, cachedInputPerMillion: Number.NaN }, 'cachedInputPerMillion'],
        ['m', { inputPerMillion: 1e9, outputPerMillion: 1 }, 'inputPerMillion'],
      ];
      for (const [model, input, param] of cases) await expect(service.setPrice(model, input)).rejects.toMatchObject({ status: 400, param });
      expect(await store.prices.list()).toEqual([]);
      expect(await store.history.list({ entity: 'price' })).toEqual([]);
    });

    it('removing a model without an override is a 404', async () => {
      await expect(service.removePrice('nothing-here')).rejects.toMatchObject({ status: 404, code: 'price_not_found' });
    });

    it('puts the overrides in the configuration snapshot, the same map object while they do not change', async () => {
      await service.setPrice('a', { inputPerMillion: 1, outputPerMillion: 2, cachedInputPerMillion: 0.5 });
      const first = await loadSnapshot(store);
      expect(first.prices).toEqual(new Map([['a', { inputPerMillion: 1, outputPerMillion: 2, cachedInputPerMillion: 0.5 }]]));
      await service.setActiveProvider(null);
      expect((await loadSnapshot(store, first)).prices).toBe(first.prices);
      await service.setPrice('a', { inputPerMillion: 1, outputPerMillion: 3 });
      const changed = await loadSnapshot(store, first);
      expect(changed.prices).not.toBe(first.prices);
      expect(changed.prices?.get('a')).toEqual({ inputPerMillion: 1, outputPerMillion: 3, cachedInputPerMillion: null });
    });
  });
});
