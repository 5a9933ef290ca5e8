import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot } from '@router/core';
import { createTextRedactor, secretValues } from './redaction.js';

const snapshot = (configs: Record<string, unknown>[]): ConfigSnapshot =>
  ({ providers: new Map(configs.map((config, index) => [`p${index}`, { id: `p${index}`, type: 'openai-compatible', config }])) }) as unknown as ConfigSnapshot;

describe('redaction', () => {
  it('collects secret-named values, every header value and URL secrets, however short, longest first', () => {
    const values = secretValues(snapshot([
      { baseURL: 'http://127.0.0.1:1/v1?key=k9', apiKey: 'key-123456', headers: { 'X-Api-Token': 'tok-abcdefghij', 'x-key': 'q7' } },
      { password: 'abc' },
    ]));
    expect(values).toEqual(['tok-abcdefghij', 'key-123456', 'abc', 'k9', 'q7']);
  });

  it('caches the list per snapshot', () => {
    const one = snapshot([{ apiKey: 'key-123456' }]);
    expect(secretValues(one)).toBe(secretValues(one));
  });

  it('replaces known values and key-shaped strings', () => {
    const redact = createTextRedactor({ secrets: ['key-123456'] });
    expect(redact('auth key-123456 and key-123456')).toBe('auth [redacted] and [redacted]');
    expect(redact('Authorization: Bearer abcdef.ghij and sk-proj-0123456789')).toBe('Authorization: [redacted] and [redacted]');
    expect(redact('nothing here')).toBe('nothing here');
  });

  it('takes its own patterns and works with non-global ones', () => {
    const redact = createTextRedactor({ secrets: [], patterns: [/pin-\d{4}/] });
    expect(redact('pin-1234 pin-5678 sk-untouched-000000')).toBe('[redacted] [redacted] sk-untouched-000000');
  });
});
