import { describe, expect, it } from 'vitest';
import { ClientKeyError } from '../errors.js';
import type { ClientKeyEntry } from '../spec/client-keys.js';
import { createKeyLimiter } from './key-limiter.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

function key(overrides: Partial<ClientKeyEntry> = {}): ClientKeyEntry {
  return { id: 'key_A', name: 'a', keyHash: 'h', models: null, providers: null, rpm: null, tpm: null, budget: null, budgetPeriodMs: null, expiresAt: null, revokedAt: null, createdAt: T0, ...overrides };
}

/** A limiter on a hand-moved clock. */
function limiter() {
  let at = T0;
  const created = createKeyLimiter({ now: () => at });
  let id = 0;
  return {
    limiter: created,
    set: (ms: number) => (at = ms),
    admit: (entry: ClientKeyEntry, tokens = 0) => {
      const answer = created.admit(entry, { requestId: `r${++id}`, estimateTokens: () => tokens });
      // a limiter of one router answers at once
      if (answer instanceof Promise) throw new Error('a local limiter answered with a promise');
      return answer;
    },
    lastId: () => `r${id}`,
  };
}

function refusal(run: () => unknown): ClientKeyError {
  try {
    run();
  } catch (error) {
    if (error instanceof ClientKeyError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('key limiter', () => {
  it('admits rpm requests in a fixed minute window, then refuses with 429, Retry-After and the x-ratelimit headers', () => {
    const { admit, set } = limiter();
    const entry = key({ rpm: 2 });
    set(T0 + 15_000);
    expect(admit(entry)).toEqual({ 'x-ratelimit-limit-requests': '2', 'x-ratelimit-remaining-requests': '1', 'x-ratelimit-reset-requests': '45s' });
    expect(admit(entry)?.['x-ratelimit-remaining-requests']).toBe('0');
    const refused = refusal(() => admit(entry));
    expect(refused).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded', reason: 'rpm', retryAfter: 45 });
    expect(refused.headers).toEqual({ 'x-ratelimit-limit-requests': '2', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '45s' });
    set(T0 + MINUTE - 1);
    expect(refusal(() => admit(entry)).retryAfter).toBe(1);
    // the next minute starts afresh
    set(T0 + MINUTE);
    expect(admit(entry)?.['x-ratelimit-remaining-requests']).toBe('1');
  });

  it('counts estimated tokens at admission and corrects them to the reported usage when settled', () => {
    const { admit, limiter: keys, lastId } = limiter();
    const entry = key({ tpm: 1000 });
    expect(admit(entry, 600)?.['x-ratelimit-remaining-tokens']).toBe('400');
    const first = lastId();
    // 600 + 500 would pass the limit
    expect(refusal(() => admit(entry, 500))).toMatchObject({ status: 429, type: 'tokens', code: 'rate_limit_exceeded', reason: 'tpm' });
    // the first request really used 100 tokens: room for the second now
    keys.settle([{ id: first, keyId: 'key_A', promptTokens: 60, completionTokens: 40, cost: null }]);
    expect(admit(entry, 500)?.['x-ratelimit-remaining-tokens']).toBe('400');
    // a request larger than the limit on its own is refused with its own message
    expect(refusal(() => admit(entry, 5000)).message).toMatch(/more than this key's limit of 1000 tokens per minute/);
  });

  it('refuses with insufficient_quota from the request after the one whose cost crossed the budget', () => {
    const { admit, limiter: keys, lastId } = limiter();
    const entry = key({ budget: 1 });
    admit(entry);
    keys.settle([{ id: lastId(), keyId: 'key_A', promptTokens: 1, completionTokens: 1, cost: 0.6 }]);
    admit(entry);
    const crossing = lastId();
    // admitted while the crossing request's cost is not known yet
    admit(entry);
    const third = lastId();
    keys.settle([{ id: crossing, keyId: 'key_A', promptTokens: 1, completionTokens: 1, cost: 0.5 }]);
    const refused = refusal(() => admit(entry));
    expect(refused).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota', reason: 'budget' });
    expect(refused.headers).toEqual({ 'x-should-retry': 'false' });
    // unknown prices add nothing; usage reported twice is counted once
    keys.settle([{ id: third, keyId: 'key_A', promptTokens: 1, completionTokens: 1, cost: null }, { id: crossing, keyId: 'key_A', promptTokens: 1, completionTokens: 1, cost: 0.5 }]);
    expect(keys.takeIncrements()).toEqual([{ keyId: 'key_A', periodStart: 0, requests: 3, promptTokens: 3, completionTokens: 3, spent: 1.1 }]);
  });

  it('starts each budget period afresh, periods counted from the key\'s creation, and loads the stored spend once', () => {
    const { admit, limiter: keys, lastId, set } = limiter();
    const day = 86_400_000;
    const entry = key({ budget: 2, budgetPeriodMs: day });
    keys.load([{ keyId: 'key_A', periodStart: T0, spent: 1.5 }]);
    keys.load([{ keyId: 'key_A', periodStart: T0, spent: 99 }]);
    set(T0 + 3_600_000);
    admit(entry);
    keys.settle([{ id: lastId(), keyId: 'key_A', promptTokens: 0, completionTokens: 0, cost: 0.5 }]);
    expect(refusal(() => admit(entry)).message).toMatch(/until the period ends \(2026-12-02T12:00:00.000Z\)/);
    set(T0 + day);
    expect(() => admit(entry)).not.toThrow();
    expect(keys.takeIncrements()).toEqual([
      { keyId: 'key_A', periodStart: T0, requests: 1, promptTokens: 0, completionTokens: 0, spent: 0.5 },
      { keyId: 'key_A', periodStart: T0 + day, requests: 1, promptTokens: 0, completionTokens: 0, spent: 0 },
    ]);
  });

  it('gives back increments the store refused, and says what is not written yet', () => {
    const { admit, limiter: keys, lastId } = limiter();
    const entry = key();
    expect(admit(entry)).toBeUndefined();
    keys.settle([{ id: lastId(), keyId: 'key_A', promptTokens: 3, completionTokens: 4, cost: 0.25 }]);
    expect(keys.unflushed('key_A', 0)).toMatchObject({ requests: 1, spent: 0.25 });
    const taken = keys.takeIncrements();
    expect(keys.unflushed('key_A', 0)).toBeUndefined();
    keys.restore(taken);
    admit(entry);
    expect(keys.takeIncrements()).toEqual([{ keyId: 'key_A', periodStart: 0, requests: 2, promptTokens: 3, completionTokens: 4, spent: 0.25 }]);
  });

  it('keeps keys apart', () => {
    const { admit } = limiter();
    admit(key({ id: 'key_A', rpm: 1 }));
    expect(() => admit(key({ id: 'key_B', rpm: 1 }))).not.toThrow();
    expect(() => admit(key({ id: 'key_A', rpm: 1 }))).toThrow(ClientKeyError);
  });
});
