import { describe, expect, it } from 'vitest';
import { ClientKeyError } from '../errors.js';
import type { ClientKeyEntry } from '../spec/client-keys.js';
import { createKeyLimiter, type KeyLimiter } from './key-limiter.js';
import { blockOf, type WindowCount } from './shared-windows.js';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

function key(overrides: Partial<ClientKeyEntry> = {}): ClientKeyEntry {
  return { id: 'key_A', name: 'a', keyHash: 'h', models: null, providers: null, rpm: null, tpm: null, budget: null, budgetPeriodMs: null, expiresAt: null, revokedAt: null, createdAt: T0, ...overrides };
}

/**
 * The database's counters as the store keeps them: one atomic add per claim, answered with the
 * total. Claims are held until `land()` (answers come back in the order they were sent), or
 * answered at once with `{ auto: true }`.
 */
function sharedCounter(options: { auto?: boolean } = {}) {
  const totals = new Map<string, { requests: number; tokens: number }>();
  const held: (() => void)[] = [];
  let failing: Error | undefined;
  const claims: WindowCount[] = [];
  const apply = (claim: WindowCount): WindowCount => {
    const id = `${claim.keyId}\u0000${claim.windowStart}`;
    const total = totals.get(id) ?? { requests: 0, tokens: 0 };
    total.requests += claim.requests;
    total.tokens += claim.tokens;
    totals.set(id, total);
    return { ...claim, ...total };
  };
  return {
    claims,
    total: (keyId = 'key_A', windowStart = T0) => totals.get(`${keyId}\u0000${windowStart}`) ?? { requests: 0, tokens: 0 },
    /** Another router's claim, straight into the counter. */
    add: (claim: WindowCount) => apply(claim),
    fail: (error: Error | undefined) => (failing = error),
    claim: (batch: readonly WindowCount[]) => {
      claims.push(...batch);
      if (failing) return Promise.reject(failing);
      if (options.auto) return Promise.resolve(batch.map(apply));
      return new Promise<WindowCount[]>((resolve) => held.push(() => resolve(batch.map(apply))));
    },
    held: () => held.length,
    /** Answers the claims held so far, in order, and lets their follow-ups start. */
    async land() {
      while (held.length > 0) {
        held.shift()!();
        await settle();
      }
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function routers(count: number, claim: (batch: readonly WindowCount[]) => Promise<WindowCount[]>, errors: unknown[] = []): KeyLimiter[] {
  return Array.from({ length: count }, () => createKeyLimiter({ now: () => T0 + 1_000, shared: { claim, waitMs: 60_000, onError: (error) => errors.push(error) } }));
}

let sequence = 0;
/** Admits one request; 'refused' for a 429 of the key's limits. */
async function ask(limiter: KeyLimiter, entry: ClientKeyEntry, tokens = 0): Promise<'admitted' | 'refused'> {
  try {
    await limiter.admit(entry, { requestId: `q${++sequence}`, estimateTokens: () => tokens });
    return 'admitted';
  } catch (error) {
    if (error instanceof ClientKeyError) return 'refused';
    throw error;
  }
}

describe('rate limits shared by several routers', () => {
  it('hold the limit exactly when claims are answered between requests, spread over three routers', async () => {
    const counter = sharedCounter({ auto: true });
    const three = routers(3, counter.claim);
    const entry = key({ rpm: 10 });
    const outcomes: string[] = [];
    for (let index = 0; index < 30; index++) {
      outcomes.push(await ask(three[index % 3], entry));
      await settle();
    }
    expect(outcomes.filter((outcome) => outcome === 'admitted')).toHaveLength(10);
    // the database saw a claim per request or so, never one per admission check
    expect(counter.total().requests).toBeGreaterThanOrEqual(10);
  });

  it('admit at most one block on credit per router while claims are in flight, and no more once the window is full', async () => {
    const counter = sharedCounter();
    const three = routers(3, counter.claim);
    const entry = key({ rpm: 10 });
    // another router has taken the whole minute already
    counter.add({ keyId: 'key_A', windowStart: T0, requests: 10, tokens: 0 });
    // each router admits its first request on credit (one block: 1 for a limit of 10) before its claim answers
    expect(await Promise.all(three.map((router) => ask(router, entry)))).toEqual(['admitted', 'admitted', 'admitted']);
    expect(blockOf(10)).toBe(1);
    // a second request waits for the claim in flight instead of taking more credit
    const waiting = ask(three[0], entry);
    await settle();
    await counter.land();
    expect(await waiting).toBe('refused');
    // the overshoot is at most routers × block, and from now on every router refuses
    expect(await Promise.all(three.map((router) => ask(router, entry)))).toEqual(['refused', 'refused', 'refused']);
    // each router's claim charged what it admitted on credit and asked a block ahead (granted nothing)
    expect(counter.total().requests).toBe(10 + 3 * (1 + 1));
  });

  it('are exact for one router alone, however its claims and requests interleave', async () => {
    for (const landEvery of [1, 2, 3, 5]) {
      const counter = sharedCounter();
      const [router] = routers(1, counter.claim);
      const entry = key({ id: `key_${landEvery}`, rpm: 4 });
      const asked: Promise<string>[] = [];
      for (let index = 0; index < 12; index++) {
        asked.push(ask(router, entry));
        await settle();
        if (index % landEvery === 0) await counter.land();
      }
      while (counter.held() > 0) await counter.land();
      const outcomes = await Promise.all(asked);
      expect(outcomes.filter((outcome) => outcome === 'admitted'), `claims landing every ${landEvery} requests`).toHaveLength(4);
    }
  });

  it('lets a burst wait for the claim and then admits it from what the claim granted', async () => {
    const counter = sharedCounter();
    const [router] = routers(1, counter.claim);
    const entry = key({ rpm: 500 });
    const block = blockOf(500);
    // a burst of twenty at once: one block on credit, the rest wait for the claim
    const burst = Array.from({ length: 20 }, () => ask(router, entry));
    await settle();
    expect(counter.held()).toBe(1);
    await counter.land();
    expect(await Promise.all(burst)).toEqual(Array(20).fill('admitted'));
    // claims asked for what was owed and a block ahead, plus what the waiting requests needed
    expect(counter.total().requests).toBeGreaterThanOrEqual(20);
    expect(counter.total().requests).toBeLessThanOrEqual(20 + 2 * block + 20);
  });

  it('shares token limits, charging what requests used beyond their estimate when their usage settles', async () => {
    const counter = sharedCounter({ auto: true });
    const [first, second] = routers(2, counter.claim);
    const entry = key({ tpm: 1000 });
    expect(await ask(first, entry, 100)).toBe('admitted');
    await settle();
    // the request really used 600 tokens: the 500 more are owed and charged with the next claim
    first.settle([{ id: `q${sequence}`, keyId: 'key_A', promptTokens: 500, completionTokens: 100, cost: null }]);
    await settle();
    expect(counter.total().tokens).toBeGreaterThanOrEqual(600);
    // the other router sees what is left of the thousand
    const outcomes: string[] = [];
    for (let index = 0; index < 10; index++) {
      outcomes.push(await ask(second, entry, 100));
      await settle();
    }
    expect(outcomes.filter((outcome) => outcome === 'admitted').length).toBeLessThanOrEqual(4 + 1);
    expect(outcomes.at(-1)).toBe('refused');
  });

  it('falls back to counting its own traffic when the database cannot take a claim, and says so', async () => {
    const counter = sharedCounter({ auto: true });
    const errors: unknown[] = [];
    const [router] = routers(1, counter.claim, errors);
    counter.fail(new Error('connection refused'));
    const entry = key({ rpm: 3 });
    const outcomes: string[] = [];
    for (let index = 0; index < 5; index++) {
      outcomes.push(await ask(router, entry));
      await settle();
    }
    expect(outcomes).toEqual(['admitted', 'admitted', 'admitted', 'refused', 'refused']);
    expect(errors).toEqual([new Error('connection refused')]);
  });

  it('refreshes budgets from the stored spend of every router', () => {
    const [router] = routers(1, sharedCounter({ auto: true }).claim);
    const entry = key({ budget: 5 });
    expect(router.admit(entry, { requestId: 'b1', estimateTokens: () => 0 })).toBeUndefined();
    // the other routers have spent the budget between two refreshes
    router.refresh([{ keyId: 'key_A', periodStart: 0, spent: 5 }]);
    expect(() => router.admit(entry, { requestId: 'b2', estimateTokens: () => 0 })).toThrow(ClientKeyError);
  });
});
