import { describe, expect, it } from 'vitest';
import { ClientClosedError, InvalidRequestError, UpstreamConnectionError, UpstreamError, UpstreamTimeoutError } from '../errors.js';
import { encodeUtf8 } from '../sse/bytes.js';
import { backoffDelayMs, countsAgainstProvider, DEFAULT_RESILIENCE, resiliencePolicy, retryAfterMs, retryDecision } from './retry-policy.js';
import { PassbackError } from './upstream-error.js';

const passback = (status: number, retryable: boolean) => new PassbackError(status, encodeUtf8('{}'), 'x', retryable, {});

describe('resiliencePolicy', () => {
  it('reads settings over the defaults and ignores values that are not positive integers', () => {
    const policy = resiliencePolicy(new Map([['retry_attempts', '3'], ['breaker_cooldown_ms', '250'], ['request_deadline_ms', 'soon'], ['retry_backoff_ms', '-5']]));
    expect(policy).toMatchObject({ attemptsPerTarget: 3, breakerCooldownMs: 250, deadlineMs: DEFAULT_RESILIENCE.deadlineMs, backoffBaseMs: DEFAULT_RESILIENCE.backoffBaseMs });
  });

  it('maps request_timeout_ms (REQUEST_TIMEOUT) onto the default provider timeouts', () => {
    expect(resiliencePolicy(new Map([['request_timeout_ms', '90000']])).requestTimeoutMs).toBe(90_000);
  });
});

describe('backoffDelayMs', () => {
  it('doubles per retry, stays within [ceiling/2, ceiling], and is capped', () => {
    const policy = { backoffBaseMs: 100, backoffMaxMs: 1_000 };
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(400);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(1_000);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(500);
  });
});

describe('retryAfterMs', () => {
  it('reads retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2_000);
    expect(retryAfterMs({ 'retry-after': '0.5' })).toBe(500);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Tue, 01 Jan 2030 00:00:03 GMT' }, now)).toBe(3_000);
    expect(retryAfterMs({ 'retry-after': 'whenever' })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });
});

describe('retryDecision', () => {
  it('retries connection errors, timeouts and 408/429/5xx; passes 4xx back; moves on from a bad key', () => {
    expect(retryDecision(new UpstreamConnectionError('refused'))).toBe('retry');
    expect(retryDecision(new UpstreamTimeoutError('slow', 'headers'))).toBe('retry');
    expect(retryDecision(new UpstreamTimeoutError('silent before the first chunk', 'body'))).toBe('retry');
    for (const status of [408, 429, 500, 503]) expect(retryDecision(passback(status, true))).toBe('retry');
    for (const status of [400, 404, 422]) expect(retryDecision(passback(status, false))).toBe('stop');
    expect(retryDecision(new UpstreamError('bad key', { status: 502, code: 'upstream_auth_failed', retryable: true, outcome: 'http_error' }))).toBe('next');
    expect(retryDecision(new ClientClosedError())).toBe('stop');
    expect(retryDecision(new InvalidRequestError('bad'))).toBe('stop');
  });

  it('counts only provider failures against the circuit breaker', () => {
    expect(countsAgainstProvider(passback(503, true))).toBe(true);
    expect(countsAgainstProvider(passback(400, false))).toBe(false);
    expect(countsAgainstProvider(new UpstreamConnectionError('refused'))).toBe(true);
    expect(countsAgainstProvider(new UpstreamError('bad config', { status: 502, code: 'provider_misconfigured', retryable: true, outcome: 'misconfigured' }))).toBe(false);
    expect(countsAgainstProvider(new ClientClosedError())).toBe(false);
  });
});
