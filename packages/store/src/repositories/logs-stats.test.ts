// `logs.stats` is computed in the database: the same rows on SQLite and on Postgres give exactly
// the figures worked out by hand below (nearest-rank percentiles, unknown costs kept unknown).
import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, useTestStore } from '@router/testkit/dialects';
import { openStore } from '../store.js';
import type { StatsRow } from './logs.js';

const T0 = 1_800_000_000_000;
const CHAT = '/v1/chat/completions';
const MESSAGES = '/v1/messages';

interface Seed {
  endpoint?: string;
  provider: string | null;
  model: string | null;
  durationMs: number;
  ttfbMs?: number | null;
  outcome?: string;
  promptTokens?: number | null;
  completionTokens?: number | null;
  cost?: number | null;
  at?: number;
}

let sequence = 0;
function row(seed: Seed) {
  sequence++;
  return {
    id: `r${String(sequence).padStart(4, '0')}`,
    createdAt: seed.at ?? T0 + sequence,
    endpoint: seed.endpoint ?? CHAT,
    providerId: seed.provider,
    model: seed.model,
    upstreamModel: seed.model,
    stream: false,
    status: seed.outcome === 'error' ? 502 : 200,
    outcome: seed.outcome ?? 'success',
    durationMs: seed.durationMs,
    ttfbMs: seed.ttfbMs ?? null,
    promptTokens: seed.promptTokens ?? null,
    completionTokens: seed.completionTokens ?? null,
    cost: seed.cost ?? null,
    costSource: seed.cost === undefined || seed.cost === null ? null : 'catalogue',
  };
}

/** The rows, in an order that puts no group first by accident (ties in request count are ordered by name, not by insertion). */
function seeds(): Seed[] {
  return [
    // a, m2 on chat: one request; ties with the provider-less row below, which sorts first (null before a name)
    { provider: 'a', model: 'm2', durationMs: 12, ttfbMs: 3, promptTokens: 1, completionTokens: 1, cost: 0.5 },
    // a, m1 on chat: five requests, one without a time to first byte, two with no cost (unknown, not free)
    { provider: 'a', model: 'm1', durationMs: 300, ttfbMs: 30, promptTokens: 10, completionTokens: 1, cost: 0.001 },
    { provider: 'a', model: 'm1', durationMs: 100, ttfbMs: null, outcome: 'error', completionTokens: 2 },
    { provider: 'a', model: 'm1', durationMs: 500, ttfbMs: 50, promptTokens: 5, cost: 0.002 },
    { provider: 'a', model: 'm1', durationMs: 200, ttfbMs: 10, promptTokens: 5, completionTokens: 3, outcome: 'client_closed' },
    { provider: 'a', model: 'm1', durationMs: 400, ttfbMs: 20.04, promptTokens: 0, completionTokens: 4, cost: 0.0000000004 },
    // a, m1 on Messages: five requests (a tie with chat's, which sorts first), no time to first byte, no cost at all
    { endpoint: MESSAGES, provider: 'a', model: 'm1', durationMs: 1000.26, promptTokens: 7 },
    { endpoint: MESSAGES, provider: 'a', model: 'm1', durationMs: 10 },
    { endpoint: MESSAGES, provider: 'a', model: 'm1', durationMs: 10 },
    { endpoint: MESSAGES, provider: 'a', model: 'm1', durationMs: 30 },
    { endpoint: MESSAGES, provider: 'a', model: 'm1', durationMs: 20 },
    // no provider answered (no route): one failed request
    { provider: null, model: 'm2', durationMs: 7.25, outcome: 'error' },
    // b with no model: twenty requests, 1 … 20 ms, each a tenth of a dollar
    ...Array.from({ length: 20 }, (_, index): Seed => ({ provider: 'b', model: null, durationMs: 20 - index, ttfbMs: (20 - index) / 2, promptTokens: 2, completionTokens: 1, cost: 0.1 })),
    // before the period asked for: left out
    { provider: 'a', model: 'm1', durationMs: 99_999, ttfbMs: 99_999, cost: 99, at: T0 - 1 },
  ];
}

const EXPECTED: StatsRow[] = [
  // ranks: p50 ⌈0.5·20⌉ = 10th, p95 ⌈0.95·20⌉ = 19th; 20 × 0.1 sums to 2.0000000000000004 in floating point, kept to the nano-dollar
  { endpoint: CHAT, providerId: 'b', model: null, requests: 20, successes: 20, successRate: 1, p50Ms: 10, p95Ms: 19, ttfbP50Ms: 5, ttfbP95Ms: 9.5, promptTokens: 40, completionTokens: 20, cost: 2, costedRequests: 20 },
  // durations 100 200 300 400 500: 3rd and 5th; times to first byte 10 20.04 30 50: 2nd (rounded to 0.1) and 4th
  { endpoint: CHAT, providerId: 'a', model: 'm1', requests: 5, successes: 3, successRate: 0.6, p50Ms: 300, p95Ms: 500, ttfbP50Ms: 20, ttfbP95Ms: 50, promptTokens: 20, completionTokens: 10, cost: 0.003, costedRequests: 3 },
  // durations 10 10 20 30 1000.26: 3rd and 5th (rounded to 0.1)
  { endpoint: MESSAGES, providerId: 'a', model: 'm1', requests: 5, successes: 5, successRate: 1, p50Ms: 20, p95Ms: 1000.3, ttfbP50Ms: null, ttfbP95Ms: null, promptTokens: 7, completionTokens: 0, cost: null, costedRequests: 0 },
  { endpoint: CHAT, providerId: null, model: 'm2', requests: 1, successes: 0, successRate: 0, p50Ms: 7.3, p95Ms: 7.3, ttfbP50Ms: null, ttfbP95Ms: null, promptTokens: 0, completionTokens: 0, cost: null, costedRequests: 0 },
  { endpoint: CHAT, providerId: 'a', model: 'm2', requests: 1, successes: 1, successRate: 1, p50Ms: 12, p95Ms: 12, ttfbP50Ms: 3, ttfbP95Ms: 3, promptTokens: 1, completionTokens: 1, cost: 0.5, costedRequests: 1 },
];

describe.each(DIALECTS)('logs.stats on %s', (dialect) => {
  const store = useTestStore(dialect, (database) => openStore({ url: database.url, migrate: !database.migrated }), { name: 'logs_stats', scope: 'all' });
  // Every test reads the same rows, so each passes alone and in any order.
  beforeAll(async () => {
    await store().logs.insertMany(seeds().map(row));
  });

  it('groups by endpoint, provider and model with nearest-rank percentiles, success counts, token sums and known cost; most requests first, ties by name', async () => {
    expect(await store().logs.stats({ since: T0 })).toEqual(EXPECTED);
  });

  it('applies the filter before grouping', async () => {
    const [only] = await store().logs.stats({ endpoint: 'messages' });
    expect(only).toEqual(EXPECTED[2]);
    // chat's three successes: durations 300 400 500, times to first byte 20.04 30 50
    expect(await store().logs.stats({ providerId: 'a', model: 'm1', status: 'success', since: T0 })).toEqual([
      EXPECTED[2],
      { endpoint: CHAT, providerId: 'a', model: 'm1', requests: 3, successes: 3, successRate: 1, p50Ms: 400, p95Ms: 500, ttfbP50Ms: 30, ttfbP95Ms: 50, promptTokens: 15, completionTokens: 5, cost: 0.003, costedRequests: 3 },
    ]);
    expect(await store().logs.stats({ since: T0 + 1_000_000 })).toEqual([]);
  });
});
