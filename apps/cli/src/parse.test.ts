import { describe, expect, it } from 'vitest';
import { formatTargets, parseConfigPairs, parseSince, parseTargets, positiveInt } from './parse.js';

describe('parseSince', () => {
  const now = Date.UTC(2025, 0, 31, 12);
  it('reads durations back from now', () => {
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('1h', now)).toBe(now - 3_600_000);
    expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('2w', now)).toBe(now - 14 * 86_400_000);
    expect(parseSince('90s', now)).toBe(now - 90_000);
  });
  it('reads ISO dates and "all"', () => {
    expect(parseSince('2025-01-30', now)).toBe(Date.UTC(2025, 0, 30));
    expect(parseSince('2025-01-30T06:00:00Z', now)).toBe(Date.UTC(2025, 0, 30, 6));
    expect(parseSince('all', now)).toBeUndefined();
  });
  it('refuses anything else with a message naming the option', () => {
    for (const bad of ['yesterday', '1y', '', '-1h', '2025-13-45', '12']) expect(() => parseSince(bad, now)).toThrow(/--since expects a duration/);
  });
});

describe('parseTargets', () => {
  it('reads providers, upstream models, weights and priorities in order', () => {
    expect(parseTargets('lm-studio-home,qwen-cloud')).toEqual([{ providerId: 'lm-studio-home' }, { providerId: 'qwen-cloud' }]);
    expect(parseTargets('or:qwen/qwen3-coder:free*2@1, groq')).toEqual([{ providerId: 'or', model: 'qwen/qwen3-coder:free', weight: 2, priority: 1 }, { providerId: 'groq' }]);
    expect(parseTargets('a*3,b', { balance: true })).toEqual([{ providerId: 'a', weight: 3, priority: 0 }, { providerId: 'b', priority: 0 }]);
  });
  it('round-trips through formatTargets', () => {
    const text = 'or:qwen/qwen3-coder:free*2@1,groq,b*0.5';
    expect(formatTargets(parseTargets(text))).toBe(text);
  });
  it('refuses malformed targets', () => {
    expect(() => parseTargets('')).toThrow(/at least one target/);
    expect(() => parseTargets('a*0')).toThrow(/weight/);
    expect(() => parseTargets('a*x')).toThrow(/must look like/);
    expect(() => parseTargets('bad id')).toThrow(/not a provider id/);
    expect(() => parseTargets('a:')).toThrow(/upstream model/);
  });
});

describe('option values', () => {
  it('parses --config pairs with JSON values', () => {
    expect(parseConfigPairs(['baseURL=http://x/v1?a=b', 'timeout=5000', 'headers={"x-a":"1"}'])).toEqual({ baseURL: 'http://x/v1?a=b', timeout: 5000, headers: { 'x-a': '1' } });
    expect(() => parseConfigPairs('novalue')).toThrow(/key=value/);
    expect(() => parseConfigPairs(['=x'])).toThrow(/key=value/);
  });
  it('refuses keys that are not plain names, prototype names above all (an assignment would drop them silently)', () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'my key', '1st', 'a'.repeat(65)]) {
      expect(() => parseConfigPairs([`baseURL=http://x/v1`, `${key}=1`])).toThrow(new RegExp(`--config ${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: config keys are letters`));
    }
    expect(parseConfigPairs(['headers.x-a=1', '_private=2'])).toEqual({ 'headers.x-a': 1, _private: 2 });
  });
  it('checks whole numbers', () => {
    expect(positiveInt('5', 'limit', 10)).toBe(5);
    for (const bad of ['0', '11', '2.5', 'abc', NaN]) expect(() => positiveInt(bad, 'limit', 10)).toThrow(/--limit must be a whole number from 1 to 10/);
  });
});
