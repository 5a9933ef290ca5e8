// The shared client-key rate windows on both dialects: claims made at once by several connections
// (as several routers make them) add up exactly, each answered with a total that counts it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresTestDatabase } from '@router/testkit/postgres';
import { tempDir } from '@router/testkit';
import { createConfigService } from '../config-service/config-service.js';
import { openStore, type Store } from '../store.js';

let database: { url: string; drop(): Promise<void> };
const stores: Store[] = [];
const opened: Record<'sqlite' | 'postgres', Store[]> = { sqlite: [], postgres: [] };

beforeAll(async () => {
  database = await postgresTestDatabase(inject, 'key_windows');
  const file = `file:${tempDir()}/windows.db`;
  // three "routers" on each database, each with its own connections
  for (let index = 0; index < 3; index++) {
    opened.sqlite.push(await openStore({ url: file, migrate: index === 0 }));
    opened.postgres.push(await openStore({ url: database.url, migrate: false }));
  }
  stores.push(...opened.sqlite, ...opened.postgres);
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await database?.drop();
});

describe.each(['sqlite', 'postgres'] as const)('client key rate windows on %s', (dialect) => {
  it('add concurrent claims exactly, answer each with a total that includes it, and prune old windows', async () => {
    const [first, ...others] = opened[dialect];
    const { key } = await createConfigService(first, { source: 'cli' }).createClientKey({ name: `windows-${dialect}`, rpm: 100 });
    const windowStart = Date.UTC(2026, 11, 1, 12, 0);
    const claims = Array.from({ length: 30 }, (_, index) => ({ keyId: key.id, windowStart, requests: 1 + (index % 3), tokens: 10 * (index + 1) }));
    const answers = await Promise.all(claims.map((claim, index) => [first, ...others][index % 3].clientKeys.claimWindows([claim])));
    const requests = claims.reduce((sum, claim) => sum + claim.requests, 0);
    const tokens = claims.reduce((sum, claim) => sum + claim.tokens, 0);
    const totals = answers.map(([answer]) => answer);
    // every claim's answer counts that claim, and the claims were serialised: all totals differ, the largest is the sum
    for (const [index, total] of totals.entries()) expect(total.requests).toBeGreaterThanOrEqual(claims[index].requests);
    expect(new Set(totals.map((total) => total.requests)).size).toBeGreaterThan(1);
    expect(Math.max(...totals.map((total) => total.requests))).toBe(requests);
    expect(Math.max(...totals.map((total) => total.tokens))).toBe(tokens);
    // a later window starts from zero; a removed key's claims are left out of the answer
    expect(await first.clientKeys.claimWindows([{ keyId: key.id, windowStart: windowStart + 60_000, requests: 1, tokens: 5 }, { keyId: 'key_gone', windowStart, requests: 1, tokens: 1 }])).toEqual([
      { keyId: key.id, windowStart: windowStart + 60_000, requests: 1, tokens: 5 },
    ]);
    await first.clientKeys.pruneWindows(windowStart + 60_000);
    expect(await first.clientKeys.claimWindows([{ keyId: key.id, windowStart, requests: 0, tokens: 0 }])).toEqual([{ keyId: key.id, windowStart, requests: 0, tokens: 0 }]);
    expect(await first.clientKeys.claimWindows([{ keyId: key.id, windowStart: windowStart + 60_000, requests: 0, tokens: 0 }])).toEqual([{ keyId: key.id, windowStart: windowStart + 60_000, requests: 1, tokens: 5 }]);
  });
});
