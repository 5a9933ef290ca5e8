// `logs.statsByKey` on both dialects: per client key, with the key's name (or null once it is removed).
import { describe, expect, it } from 'vitest';
import { DIALECTS, useTestStore } from '@router/testkit/dialects';
import { createConfigService } from '../config-service/config-service.js';
import { openStore } from '../store.js';

const T0 = 1_800_000_000_000;

describe.each(DIALECTS)('logs.statsByKey on %s', (dialect) => {
  const store = useTestStore(dialect, (database) => openStore({ url: database.url, migrate: !database.migrated }), { name: 'stats_by_key' });

  it('counts requests, tokens and known cost per key, named, most requests first, a removed key nameless', async () => {
    const service = createConfigService(store(), { source: 'cli' });
    const busy = (await service.createClientKey({ name: 'busy' })).key;
    const quiet = (await service.createClientKey({ name: 'quiet' })).key;
    const gone = (await service.createClientKey({ name: 'gone' })).key;
    let sequence = 0;
    const row = (keyId: string | null, extra: { outcome?: string; promptTokens?: number; cost?: number } = {}) => ({
      id: `r${++sequence}`, createdAt: T0 + sequence, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', stream: false,
      status: extra.outcome === 'error' ? 502 : 200, outcome: extra.outcome ?? 'success', durationMs: 5, keyId,
      promptTokens: extra.promptTokens ?? null, completionTokens: null, cost: extra.cost ?? null, costSource: extra.cost === undefined ? null : 'catalogue',
    });
    await store().logs.insertMany([
      row(busy.id, { promptTokens: 3, cost: 0.25 }), row(busy.id, { promptTokens: 4 }), row(busy.id, { outcome: 'error' }),
      row(quiet.id, { cost: 1 }),
      row(gone.id), row(gone.id),
      row(null),
    ]);
    await service.removeClientKey(gone.id);

    const rows = await store().logs.statsByKey({ since: T0 });
    expect(rows.map(({ keyId, name, requests, successes, promptTokens, cost, costedRequests }) => ({ keyId, name, requests, successes, promptTokens, cost, costedRequests }))).toEqual([
      { keyId: busy.id, name: 'busy', requests: 3, successes: 2, promptTokens: 7, cost: 0.25, costedRequests: 1 },
      { keyId: gone.id, name: null, requests: 2, successes: 2, promptTokens: 0, cost: null, costedRequests: 0 },
      { keyId: quiet.id, name: 'quiet', requests: 1, successes: 1, promptTokens: 0, cost: 1, costedRequests: 1 },
    ]);
    expect(rows[0].lastUsedAt).toBe(T0 + 3);
    expect((await store().logs.statsByKey({ keyId: quiet.id })).map((entry) => entry.name)).toEqual(['quiet']);
  });
});
