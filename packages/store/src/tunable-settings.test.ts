import { describe, expect, it } from 'vitest';
import { normalizeTunableSetting } from './tunable-settings.js';

describe('normalizeTunableSetting', () => {
  it('accepts whole numbers for numeric settings and provider lists for fallbacks', () => {
    expect(normalizeTunableSetting('retry_attempts', 3)).toBe('3');
    expect(normalizeTunableSetting('request_deadline_ms', ' 30000 ')).toBe('30000');
    expect(normalizeTunableSetting('fallback_providers', 'a, b,c')).toBe('a,b,c');
  });

  it('refuses unknown keys and bad values, naming what is wrong', () => {
    expect(() => normalizeTunableSetting('nope', 1)).toThrow(/Unknown setting "nope"/);
    for (const value of ['0', '-1', '1.5', 'fast', '']) expect(() => normalizeTunableSetting('retry_attempts', value)).toThrow(/whole number/);
    expect(() => normalizeTunableSetting('fallback_providers', 'ok, bad id')).toThrow(/"bad id" is not one/);
  });
});
