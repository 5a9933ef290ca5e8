/**
 * When to try again and how long to wait: retries happen only before the first
 * byte reaches the client, with exponential backoff and jitter, honouring the
 * upstream's `Retry-After` up to a cap. The numbers come from the router's
 * options, overridden live by settings in the configuration snapshot.
 */
import { EMPTY_ANSWER_CODE, INVALID_TOOL_CALL_CODE } from './upstream-answer.js';
import { ClientClosedError, RouterError, UpstreamError, UpstreamTimeoutError } from '../errors.js';
import type { ConfigSnapshot } from '../spec/config.js';
import { PassbackError } from './upstream-error.js';

/** Retry, deadline and circuit-breaker numbers; every field has a default. */
export interface ResiliencePolicy {
  /** Tries per target for a retryable failure before moving to the next target (setting `retry_attempts`, default 2). */
  attemptsPerTarget: number;
  /** Upper bound on upstream attempts per request across all targets (setting `retry_max_attempts`, default 10). */
  maxAttempts: number;
  /** First backoff, doubled on each retry (setting `retry_backoff_ms`, default 100). */
  backoffBaseMs: number;
  /** Largest backoff (setting `retry_backoff_max_ms`, default 2000). */
  backoffMaxMs: number;
  /** Longest upstream `Retry-After` the router waits for; a longer one moves on (setting `retry_after_max_ms`, default 5000). */
  retryAfterCapMs: number;
  /** Bounds all attempts together until a response starts (setting `request_deadline_ms`, default 180000). */
  deadlineMs: number;
  /** Consecutive failures that open a provider's circuit (setting `breaker_failures`, default 5). */
  breakerFailures: number;
  /** First cool-down of an open circuit, doubled on each repeat (setting `breaker_cooldown_ms`, default 5000). */
  breakerCooldownMs: number;
  /** Largest cool-down (setting `breaker_cooldown_max_ms`, default 300000). */
  breakerCooldownMaxMs: number;
  /** Default time-to-first-byte and idle timeout for providers that set none (setting `request_timeout_ms`, from `REQUEST_TIMEOUT`). */
  requestTimeoutMs?: number;
  /**
   * Time-to-first-byte allowance of an attempt at a local model that is not loaded (it loads on the
   * first request), instead of the usual one when longer (setting `cold_start_timeout_ms`, default 120000).
   */
  coldStartTimeoutMs: number;
}

/** The defaults. */
export const DEFAULT_RESILIENCE: Readonly<ResiliencePolicy> = Object.freeze({
  attemptsPerTarget: 2,
  maxAttempts: 10,
  backoffBaseMs: 100,
  backoffMaxMs: 2_000,
  retryAfterCapMs: 5_000,
  deadlineMs: 180_000,
  breakerFailures: 5,
  breakerCooldownMs: 5_000,
  breakerCooldownMaxMs: 300_000,
  coldStartTimeoutMs: 120_000,
});

/** Setting keys (in the `settings` table / snapshot) and the policy field each one sets. */
export const RESILIENCE_SETTINGS = {
  retry_attempts: 'attemptsPerTarget',
  retry_max_attempts: 'maxAttempts',
  retry_backoff_ms: 'backoffBaseMs',
  retry_backoff_max_ms: 'backoffMaxMs',
  retry_after_max_ms: 'retryAfterCapMs',
  request_deadline_ms: 'deadlineMs',
  breaker_failures: 'breakerFailures',
  breaker_cooldown_ms: 'breakerCooldownMs',
  breaker_cooldown_max_ms: 'breakerCooldownMaxMs',
  request_timeout_ms: 'requestTimeoutMs',
  cold_start_timeout_ms: 'coldStartTimeoutMs',
} as const satisfies Record<string, keyof ResiliencePolicy>;

/** Reads the policy from snapshot settings over `base`; values that are not positive integers are ignored (`retry_attempts` may be 1). */
export function resiliencePolicy(settings: ConfigSnapshot['settings'], base: Readonly<ResiliencePolicy> = DEFAULT_RESILIENCE): ResiliencePolicy {
  const policy: ResiliencePolicy = { ...base };
  for (const key in RESILIENCE_SETTINGS) {
    const text = settings.get(key);
    if (text === undefined) continue;
    const value = Number(text);
    if (Number.isInteger(value) && value > 0 && value <= 86_400_000) policy[RESILIENCE_SETTINGS[key as keyof typeof RESILIENCE_SETTINGS]] = value;
  }
  return policy;
}

/** Backoff before retry number `retry` (1 = first retry): exponential, with "equal jitter" so it never drops below half. */
export function backoffDelayMs(retry: number, policy: Pick<ResiliencePolicy, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The upstream's requested wait in ms from `retry-after-ms` or `retry-after` (seconds or an HTTP date), if any. */
export function retryAfterMs(headers: Readonly<Record<string, string | string[] | undefined>>, nowEpochMs: number = Date.now()): number | undefined {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const ms = first(headers['retry-after-ms']);
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const after = first(headers['retry-after'])?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowEpochMs);
}

/** The code of a target that does not offer the client's API (no native support and no translation): the next target may. */
export const API_NOT_OFFERED = 'api_not_offered';

/** What to do after a failed attempt: `retry` the same target, try the `next` one, or `stop` and answer with this error. */
export type RetryDecision = 'retry' | 'next' | 'stop';

/** Decides from the typed error of an attempt that failed before any byte reached the client. */
export function retryDecision(error: RouterError): RetryDecision {
  if (error instanceof ClientClosedError) return 'stop';
  if (error instanceof PassbackError) return error.retryable ? 'retry' : 'stop';
  // Nothing was sent yet, so even an idle timeout while waiting for the first chunk is safe to retry.
  if (error instanceof UpstreamTimeoutError) return 'retry';
  if (error instanceof UpstreamError) {
    // A bad key or a broken configuration will not get better by asking the same provider again.
    // Nor will an answer that breaks the API's rules (a redirect, an HTML page, a stream that is not SSE).
    // Nor a provider that does not offer the API at all.
    // Nor an empty answer or an invalid tool call: the same prompt on the same model (a context it overflows) answers the same.
    if (error.code === 'upstream_auth_failed' || error.code === 'provider_misconfigured' || error.code === 'upstream_bad_response' || error.code === API_NOT_OFFERED || error.code === EMPTY_ANSWER_CODE || error.code === INVALID_TOOL_CALL_CODE) return 'next';
    return error.retryable ? 'retry' : 'stop';
  }
  return 'stop';
}

/** Whether a failure says something about the provider's health (counts toward its circuit breaker). */
export function countsAgainstProvider(error: RouterError): boolean {
  if (error instanceof PassbackError) return error.retryable;
  // A configuration error is the operator's to fix; cooling the provider would only hide the message.
  return error instanceof UpstreamError && error.code !== 'provider_misconfigured' && error.code !== API_NOT_OFFERED;
}
