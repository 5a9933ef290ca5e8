/**
 * Client key limits, in memory: requests and tokens per minute, and spend per budget period.
 *
 * Rate limits count in fixed one-minute windows (aligned to the clock's minutes): a key with
 * `rpm: 60` gets 60 requests from 12:00:00 to 12:00:59.999, then 60 more. Tokens are estimated
 * when a request is admitted (`estimateTokens`, the context-fit estimate) and corrected to what the
 * upstream reported once the log row is written (`settle`). Spend counts each request's cost as the
 * log writer works it out (`settle`), so a budget is refused from the request after the one whose
 * cost crossed it; a request of unknown price adds nothing. The store's usage is loaded once per key
 * (`load`) and what is counted here is written back in batches (`takeIncrements`), off the request path.
 * One limiter is exact for one router. Routers sharing one database share rate limits through
 * `shared` (see shared-windows.ts: claims on a counter in the database, off the request path, with
 * a bounded overshoot); budgets are shared through the stored spend, refreshed by the host (`refresh`).
 */
import { ClientKeyError, type ClientKeyRefusal } from '../errors.js';
import { budgetPeriodStart, type ClientKeyEntry, type KeyGate } from '../spec/client-keys.js';
import { claim, correct, createLease, remaining, take, verdictOf, wantsClaim, type ClaimWindows, type Lease } from './shared-windows.js';

/** The length of a rate-limit window. */
export const RATE_WINDOW_MS = 60_000;
/** A request whose usage never comes back (its log row was dropped) is forgotten after this long. */
const PENDING_TTL_MS = 10 * 60_000;

/** Usage to add to a key's stored usage for one budget period. */
export interface KeyUsageIncrement {
  keyId: string;
  /** The budget period's start (0: the key's lifetime). */
  periodStart: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** US dollars. */
  spent: number;
}

/** What a keyed request used, once its log row is written. */
export interface SettledUsage {
  /** The request id. */
  id: string;
  keyId: string;
  promptTokens: number;
  completionTokens: number;
  /** US dollars; null when the price is unknown. */
  cost: number | null;
}

/** The limiter: the engine's `KeyGate`, fed what requests used, drained by the host into the store. */
export interface KeyLimiter extends KeyGate {
  /** What written log rows used: corrects the token estimates and adds the spend. */
  settle(rows: readonly SettledUsage[]): void;
  /** The stored spend of keys in their periods (at start-up, and for a key seen for the first time); a key and period already loaded is left as it is. */
  load(rows: readonly Pick<KeyUsageIncrement, 'keyId' | 'periodStart' | 'spent'>[]): void;
  /** What was counted since the last call (and forgets it): to add to the store. */
  takeIncrements(): KeyUsageIncrement[];
  /** Gives back increments the store could not take, to try again with the next batch. */
  restore(increments: readonly KeyUsageIncrement[]): void;
  /** What was counted for a key and period and not taken yet. */
  unflushed(keyId: string, periodStart: number): KeyUsageIncrement | undefined;
  /** Forgets the keys not in `keyIds` (removed keys). */
  retain(keyIds: ReadonlySet<string>): void;
  /** The stored spend of keys in their periods as it is now (every router's, when several share the database): replaces what was loaded. */
  refresh(rows: readonly Pick<KeyUsageIncrement, 'keyId' | 'periodStart' | 'spent'>[]): void;
}

/** Rate limits shared by the routers on one database (see shared-windows.ts). */
export interface SharedKeyLimits {
  /** Adds claims to the shared window counters and returns their totals. */
  claim: ClaimWindows;
  /** How long a request waits for a claim in flight before this router decides on its own count (default 1000 ms). */
  waitMs?: number;
  /** Told when a claim fails (the window is then counted on this router's traffic). */
  onError?: (error: unknown) => void;
}

interface KeyState {
  windowStart: number;
  requests: number;
  tokens: number;
  periodStart: number;
  /** Spend in the current period: the stored spend and what was counted since. */
  spent: number;
  /** The increment requests are counted into, while `increments` is the map it is in (saves a key string and a lookup per request). */
  counting?: KeyUsageIncrement;
  countingIn?: Map<string, KeyUsageIncrement>;
}

interface Pending {
  keyId: string;
  windowStart: number;
  periodStart: number;
  estimate: number;
  at: number;
}

/** A shared-limit admission that has to wait for a claim. */
const WAIT: unique symbol = Symbol('wait');

/** Whether `flight` settles within `ms` (the timer is cleared either way). */
async function answeredInTime(flight: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([flight.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `12s`, `1m5s`: how OpenAI writes the `x-ratelimit-reset-*` times. */
function resetIn(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

/** Creates a limiter; `now` is the wall clock in epoch ms (windows and budget periods are calendar times). */
export function createKeyLimiter(options: { now?: () => number; onRefused?: (reason: ClientKeyRefusal) => void; shared?: SharedKeyLimits } = {}): KeyLimiter {
  const now = options.now ?? (() => Date.now());
  const shared = options.shared;
  const leases = new Map<string, Lease>();
  const onClaimError = (error: unknown) => shared?.onError?.(error);
  const states = new Map<string, KeyState>();
  const pending = new Map<string, Pending>();
  /** Stored spend by `keyId\0periodStart`, as loaded. */
  const stored = new Map<string, number>();
  let increments = new Map<string, KeyUsageIncrement>();

  const slot = (keyId: string, periodStart: number) => `${keyId}\u0000${periodStart}`;

  function increment(keyId: string, periodStart: number): KeyUsageIncrement {
    const id = slot(keyId, periodStart);
    let found = increments.get(id);
    if (!found) increments.set(id, (found = { keyId, periodStart, requests: 0, promptTokens: 0, completionTokens: 0, spent: 0 }));
    return found;
  }

  function stateOf(key: ClientKeyEntry, at: number): KeyState {
    const windowStart = at - (at % RATE_WINDOW_MS);
    const periodStart = budgetPeriodStart(key, at);
    let state = states.get(key.id);
    if (!state) {
      states.set(key.id, (state = { windowStart, requests: 0, tokens: 0, periodStart, spent: (stored.get(slot(key.id, periodStart)) ?? 0) + (increments.get(slot(key.id, periodStart))?.spent ?? 0) }));
      return state;
    }
    if (state.windowStart !== windowStart) {
      state.windowStart = windowStart;
      state.requests = 0;
      state.tokens = 0;
    }
    if (state.periodStart !== periodStart) {
      state.periodStart = periodStart;
      state.spent = stored.get(slot(key.id, periodStart)) ?? 0;
    }
    return state;
  }

  function rateHeaders(key: ClientKeyEntry, state: KeyState, at: number, requests: number, tokens: number): Record<string, string> | undefined {
    if (key.rpm === null && key.tpm === null) return undefined;
    const headers: Record<string, string> = {};
    const reset = resetIn(state.windowStart + RATE_WINDOW_MS - at);
    if (key.rpm !== null) {
      headers['x-ratelimit-limit-requests'] = String(key.rpm);
      headers['x-ratelimit-remaining-requests'] = String(Math.max(0, key.rpm - requests));
      headers['x-ratelimit-reset-requests'] = reset;
    }
    if (key.tpm !== null) {
      headers['x-ratelimit-limit-tokens'] = String(key.tpm);
      headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, key.tpm - tokens));
      headers['x-ratelimit-reset-tokens'] = reset;
    }
    return headers;
  }


  function retryAfterOf(state: KeyState, at: number): number {
    return Math.max(1, Math.ceil((state.windowStart + RATE_WINDOW_MS - at) / 1000));
  }

  /** Counts an admitted request. */
  function count(key: ClientKeyEntry, state: KeyState, requestId: string, estimate: number, at: number): void {
    state.requests++;
    state.tokens += estimate;
    let counting = state.counting;
    if (!counting || state.countingIn !== increments || counting.periodStart !== state.periodStart) {
      state.counting = counting = increment(key.id, state.periodStart);
      state.countingIn = increments;
    }
    counting.requests++;
    pending.set(requestId, { keyId: key.id, windowStart: state.windowStart, periodStart: state.periodStart, estimate, at });
  }

  /** Admits on this router's own count of the window. */
  function admitLocal(key: ClientKeyEntry, state: KeyState, requestId: string, estimate: number, at: number): Record<string, string> | undefined {
    const retryAfter = retryAfterOf(state, at);
    if (key.rpm !== null && state.requests >= key.rpm) {
      throw new ClientKeyError('rpm', `Rate limit reached for this key: ${key.rpm} requests per minute. Retry after ${retryAfter} s.`, { retryAfter, headers: rateHeaders(key, state, at, state.requests, state.tokens) });
    }
    if (key.tpm !== null && state.tokens + estimate > key.tpm) {
      throw new ClientKeyError('tpm', `Rate limit reached for this key: ${key.tpm} tokens per minute (used ${state.tokens}, this request needs about ${estimate}). Retry after ${retryAfter} s.`, { retryAfter, headers: rateHeaders(key, state, at, state.requests, state.tokens) });
    }
    count(key, state, requestId, estimate, at);
    return rateHeaders(key, state, at, state.requests, state.tokens);
  }

  /** The key's lease of the current window (a new window, or new limits, start a new one). */
  function leaseOf(key: ClientKeyEntry, windowStart: number): Lease {
    let lease = leases.get(key.id);
    if (!lease || lease.windowStart !== windowStart || lease.requests.limit !== key.rpm || lease.tokens.limit !== key.tpm) {
      if (lease) lease.past = true;
      leases.set(key.id, (lease = createLease(key.id, windowStart, key.rpm, key.tpm)));
    }
    return lease;
  }

  /** Admits from the lease (or on credit), refuses when the shared window is full, or says to wait for a claim. */
  function admitShared(key: ClientKeyEntry, lease: Lease, state: KeyState, requestId: string, estimate: number, at: number): Record<string, string> | undefined | typeof WAIT {
    if (lease.local) return admitLocal(key, state, requestId, estimate, at);
    const needRequests = key.rpm === null ? 0 : 1;
    const requests = verdictOf(lease.requests, needRequests);
    const tokens = verdictOf(lease.tokens, estimate);
    if (requests === 'full' || tokens === 'full') {
      const retryAfter = retryAfterOf(state, at);
      const headers = sharedHeaders(key, lease, state, at);
      throw requests === 'full'
        ? new ClientKeyError('rpm', `Rate limit reached for this key: ${key.rpm} requests per minute across the routers sharing this database. Retry after ${retryAfter} s.`, { retryAfter, headers })
        : new ClientKeyError('tpm', `Rate limit reached for this key: ${key.tpm} tokens per minute across the routers sharing this database (this request needs about ${estimate}). Retry after ${retryAfter} s.`, { retryAfter, headers });
    }
    if (requests === 'wait' || tokens === 'wait') return WAIT;
    take(lease.requests, needRequests);
    take(lease.tokens, estimate);
    count(key, state, requestId, estimate, at);
    if (wantsClaim(lease)) void claim(lease, shared!.claim, onClaimError);
    return sharedHeaders(key, lease, state, at);
  }

  /** A burst past the credit: waits for the claims in flight (a few at most), then decides; on this router's own count if they do not answer in time. */
  async function waitShared(key: ClientKeyEntry, lease: Lease, requestId: string, estimate: number): Promise<Record<string, string> | undefined> {
    const needRequests = key.rpm === null ? 0 : 1;
    lease.requests.waiting += needRequests;
    lease.tokens.waiting += estimate;
    let waiting = true;
    const done = () => {
      if (!waiting) return;
      waiting = false;
      lease.requests.waiting -= needRequests;
      lease.tokens.waiting -= estimate;
    };
    try {
      for (let round = 0; round < 3; round++) {
        const answered = await answeredInTime(claim(lease, shared!.claim, onClaimError), shared!.waitMs ?? 1_000);
        done();
        const at = now();
        const state = stateOf(key, at);
        if (!answered || state.windowStart !== lease.windowStart) break;
        const decided = admitShared(key, lease, state, requestId, estimate, at);
        if (decided !== WAIT) return decided;
        lease.requests.waiting += needRequests;
        lease.tokens.waiting += estimate;
        waiting = true;
      }
      const at = now();
      return admitLocal(key, stateOf(key, at), requestId, estimate, at);
    } finally {
      done();
    }
  }

  function sharedHeaders(key: ClientKeyEntry, lease: Lease, state: KeyState, at: number): Record<string, string> | undefined {
    if (lease.local) return rateHeaders(key, state, at, state.requests, state.tokens);
    return rateHeaders(key, state, at, key.rpm === null ? 0 : key.rpm - remaining(lease.requests), key.tpm === null ? 0 : key.tpm - remaining(lease.tokens));
  }

  return {
    admit(key, request) {
      const at = now();
      const state = stateOf(key, at);
      if (key.budget !== null && state.spent >= key.budget) {
        const until = key.budgetPeriodMs ? ` until the period ends (${new Date(state.periodStart + key.budgetPeriodMs).toISOString()})` : '';
        throw new ClientKeyError('budget', `This key has spent its budget of $${key.budget} (spent $${Math.round(state.spent * 1e6) / 1e6})${until}. Raise the budget or use another key.`, {
          headers: { 'x-should-retry': 'false' },
        });
      }
      if (key.rpm === null && key.tpm === null) {
        count(key, state, request.requestId, 0, at);
        return undefined;
      }
      const estimate = key.tpm === null ? 0 : Math.max(0, Math.ceil(request.estimateTokens()));
      if (key.tpm !== null && estimate > key.tpm) {
        throw new ClientKeyError('tpm', `This request needs about ${estimate} tokens, more than this key's limit of ${key.tpm} tokens per minute.`, { retryAfter: retryAfterOf(state, at), headers: rateHeaders(key, state, at, state.requests, state.tokens) });
      }
      if (!shared) return admitLocal(key, state, request.requestId, estimate, at);
      const lease = leaseOf(key, state.windowStart);
      const decided = admitShared(key, lease, state, request.requestId, estimate, at);
      return decided === WAIT ? waitShared(key, lease, request.requestId, estimate) : decided;
    },

    settle(rows) {
      for (const row of rows) {
        const entry = pending.get(row.id);
        if (!entry || entry.keyId !== row.keyId) continue;
        pending.delete(row.id);
        const cost = row.cost !== null && Number.isFinite(row.cost) && row.cost > 0 ? row.cost : 0;
        const state = states.get(entry.keyId);
        if (state && state.windowStart === entry.windowStart) state.tokens = Math.max(0, state.tokens - entry.estimate + row.promptTokens + row.completionTokens);
        if (state && state.periodStart === entry.periodStart) state.spent += cost;
        const lease = leases.get(entry.keyId);
        if (lease && !lease.local && lease.windowStart === entry.windowStart && lease.tokens.limit !== null) {
          // what the request used beyond its estimate is owed to the shared window (never refused: it is already served)
          correct(lease.tokens, row.promptTokens + row.completionTokens - entry.estimate);
          if (wantsClaim(lease)) void claim(lease, shared!.claim, onClaimError);
        }
        const added = increment(entry.keyId, entry.periodStart);
        added.promptTokens += row.promptTokens;
        added.completionTokens += row.completionTokens;
        added.spent += cost;
      }
    },

    load(rows) {
      for (const row of rows) {
        const id = slot(row.keyId, row.periodStart);
        if (stored.has(id)) continue;
        stored.set(id, row.spent);
        const state = states.get(row.keyId);
        if (state && state.periodStart === row.periodStart) state.spent += row.spent;
      }
    },

    takeIncrements() {
      const taken = [...increments.values()];
      increments = new Map();
      // what was taken is stored from now on: a later period roll back to it is not expected, but keep the sum right
      for (const row of taken) stored.set(slot(row.keyId, row.periodStart), (stored.get(slot(row.keyId, row.periodStart)) ?? 0) + row.spent);
      const old = now() - PENDING_TTL_MS;
      for (const [id, entry] of pending) if (entry.at < old) pending.delete(id);
      return taken;
    },

    restore(rows) {
      for (const row of rows) {
        const added = increment(row.keyId, row.periodStart);
        added.requests += row.requests;
        added.promptTokens += row.promptTokens;
        added.completionTokens += row.completionTokens;
        added.spent += row.spent;
        const id = slot(row.keyId, row.periodStart);
        stored.set(id, (stored.get(id) ?? 0) - row.spent);
      }
    },

    refused: options.onRefused,

    unflushed: (keyId, periodStart) => increments.get(slot(keyId, periodStart)),

    retain(keyIds) {
      for (const id of states.keys()) if (!keyIds.has(id)) states.delete(id);
      for (const id of leases.keys()) if (!keyIds.has(id)) leases.delete(id);
    },

    refresh(rows) {
      for (const row of rows) {
        const id = slot(row.keyId, row.periodStart);
        stored.set(id, row.spent);
        const state = states.get(row.keyId);
        if (state && state.periodStart === row.periodStart) state.spent = row.spent + (increments.get(id)?.spent ?? 0);
      }
    },
  };
}
