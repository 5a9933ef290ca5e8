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

  it('takes the log settings: retention bounds (0: none) and body storage', () => {
    expect(normalizeTunableSetting('log_max_age_days', '7')).toBe('7');
    expect(normalizeTunableSetting('log_max_rows', 0)).toBe('0');
    expect(normalizeTunableSetting('log_bodies', ' Metadata ')).toBe('metadata');
    expect(normalizeTunableSetting('log_bodies', '4096')).toBe('truncated:4096');
    expect(normalizeTunableSetting('log_bodies', 'truncated:65536')).toBe('truncated:65536');
    for (const value of ['-1', '1.5', '7d', '']) expect(() => normalizeTunableSetting('log_max_age_days', value)).toThrow(/whole number from 0/);
    for (const value of ['some', 'truncated:0', 'truncated:', '']) expect(() => normalizeTunableSetting('log_bodies', value)).toThrow(/full, metadata or truncated/);
  });

  it('takes failover_on_invalid_tool_call: true or false', () => {
    expect(normalizeTunableSetting('failover_on_invalid_tool_call', ' true ')).toBe('true');
    expect(normalizeTunableSetting('failover_on_invalid_tool_call', false)).toBe('false');
    for (const value of ['', 'yes', '1']) expect(() => normalizeTunableSetting('failover_on_invalid_tool_call', value)).toThrow(/true or false/);
  });

  it('takes responses_hosted_tools: drop or refuse', () => {
    expect(normalizeTunableSetting('responses_hosted_tools', ' refuse ')).toBe('refuse');
    expect(normalizeTunableSetting('responses_hosted_tools', 'drop')).toBe('drop');
    for (const value of ['', 'keep', 'true']) expect(() => normalizeTunableSetting('responses_hosted_tools', value)).toThrow(/drop or refuse/);
  });
});
