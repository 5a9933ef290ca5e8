/**
 * Client keys as the engine sees them: what a key may use and its limits, carried in the
 * configuration snapshot by the hash of its value (the value itself is never stored), so the
 * request path finds a key with one hash and one map lookup.
 */

import type { ClientKeyRefusal } from '../errors.js';

/** One client key (virtual key) in the configuration snapshot. */
export interface ClientKeyEntry {
  /** The key's id (what log rows name; never its value). */
  readonly id: string;
  /** A human name (`ci-bot`). */
  readonly name: string;
  /** SHA-256 of the key's value, lower-case hex. */
  readonly keyHash: string;
  /** Models the key may ask for (a trailing `*` matches a prefix); null: any. */
  readonly models: readonly string[] | null;
  /** Providers the key may be served by (targets on others are skipped); null: any. */
  readonly providers: readonly string[] | null;
  /** Requests per minute; null: no limit. */
  readonly rpm: number | null;
  /** Tokens (prompt and completion) per minute; null: no limit. */
  readonly tpm: number | null;
  /** Spend limit in US dollars per budget period (for the key's lifetime without a period); null: no limit. */
  readonly budget: number | null;
  /** The budget period in ms (fixed periods counted from `createdAt`); null: the key's lifetime. */
  readonly budgetPeriodMs: number | null;
  /** Epoch ms after which the key is refused; null: never. */
  readonly expiresAt: number | null;
  /** Epoch ms the key was revoked; null: it is not. */
  readonly revokedAt: number | null;
  /** Epoch ms the key was created (budget periods start from it). */
  readonly createdAt: number;
}

/** Whether a key may ask for `model` (exact names, or a prefix ending in `*`). */
export function keyAllowsModel(key: Pick<ClientKeyEntry, 'models'>, model: string): boolean {
  const allowed = key.models;
  if (allowed === null) return true;
  for (const pattern of allowed) {
    if (pattern === model) return true;
    if (pattern.endsWith('*') && model.startsWith(pattern.slice(0, -1))) return true;
  }
  return false;
}

/** The start (epoch ms) of the budget period `now` falls in: 0 for a key without a period. */
export function budgetPeriodStart(key: Pick<ClientKeyEntry, 'budgetPeriodMs' | 'createdAt'>, now: number): number {
  const period = key.budgetPeriodMs;
  if (!period || period <= 0) return 0;
  if (now < key.createdAt) return key.createdAt;
  return key.createdAt + Math.floor((now - key.createdAt) / period) * period;
}

/** What the engine asks of the host's limiter once a keyed request's body is read (see `createKeyLimiter`). */
export interface KeyGate {
  /**
   * Admits one request of `key`: throws a `ClientKeyError` (429) when its budget is spent or a rate
   * limit is reached; otherwise counts it and returns the headers for the answer (`x-ratelimit-*`;
   * undefined when the key has no rate limit). `estimateTokens` is called only for a key with a token limit.
   * A promise only when the answer has to wait (limits shared by several routers, in a burst past what
   * this router holds); the usual answer is immediate.
   */
  admit(key: ClientKeyEntry, request: { requestId: string; estimateTokens: () => number }): Record<string, string> | undefined | Promise<Record<string, string> | undefined>;
  /** Told each request refused for its key's models, providers or limits (e.g. for metrics). */
  refused?(reason: ClientKeyRefusal): void;
}
