import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAdapterRegistry, secretRulesFor } from './providers/registry.js';
import { secretField, secretKeysOfSchema } from './secret-field.js';
import { createRedactor, maskConfig, secretValuesOf, unmaskConfig, unresolvedMask } from './secrets.js';
import { broadSecretValuesOfSnapshot, secretValuesOfSnapshot } from './snapshot-secrets.js';
import type { ConfigSnapshot } from './spec/config.js';

const CONFIG = {
  baseURL: 'https://uu3:pw4@api.example.com/v1?key=zq9&api-version=2024',
  apiKey: 'k0',
  headers: { 'Ocp-Apim-Subscription-Key': 'k1', 'x-key': 'q7', Accept: 'application/json' },
  timeout: 3000,
  region: 'intl',
};

describe('what counts as secret', () => {
  it('takes every header value, URL userinfo and query values and secret-named keys, however short', () => {
    expect(new Set(secretValuesOf(CONFIG))).toEqual(new Set(['k0', 'k1', 'q7', 'application/json', 'uu3', 'pw4', 'zq9', '2024']));
    expect(secretValuesOf({ headers: '{"x-key":"q7"}' })).toContain('q7');
    expect(secretValuesOf({ baseURL: 'http://127.0.0.1:1/v1', timeout: 5, name: 'plain' })).toEqual([]);
    // encoded and decoded forms both count
    expect(secretValuesOf({ baseURL: 'http://h/v1?key=a%2Bb' })).toEqual(expect.arrayContaining(['a%2Bb', 'a+b']));
  });

  it('takes keys an adapter schema marks secret, whatever their names', () => {
    const schema = z.looseObject({ deploymentPass: secretField(z.string().min(1)).optional(), region: z.string() }).transform((value) => value);
    expect(secretKeysOfSchema(schema)).toEqual(['deploymentPass']);
    expect(secretValuesOf({ deploymentPass: 'dp', region: 'eu' }, { secretKeys: ['deploymentPass'] })).toEqual(['dp']);
    expect(maskConfig({ deploymentPass: 'dp', region: 'eu' }, { secretKeys: ['deploymentPass'] })).toEqual({ deploymentPass: '••••', region: 'eu' });
    // the built-in adapters mark apiKey
    const registry = createAdapterRegistry();
    for (const type of ['openai-compatible', 'groq', 'qwen', 'lm-studio']) expect(secretRulesFor(registry, type).secretKeys, type).toContain('apiKey');
  });

  it('collects a snapshot\'s secrets once per snapshot', () => {
    const snapshot = { providers: new Map([['p', { id: 'p', type: 'openai-compatible', config: CONFIG }]]) } as unknown as ConfigSnapshot;
    expect(secretValuesOfSnapshot(snapshot)).toBe(secretValuesOfSnapshot(snapshot));
    expect(secretValuesOfSnapshot(snapshot)).toContain('k1');
  });

  it('looks for only the secrets that cannot be ordinary words anywhere: 6 characters or more', () => {
    const snapshot = { providers: new Map([['p', { id: 'p', type: 'openai-compatible', config: CONFIG }]]) } as unknown as ConfigSnapshot;
    expect(broadSecretValuesOfSnapshot(snapshot)).toBe(broadSecretValuesOfSnapshot(snapshot));
    expect(broadSecretValuesOfSnapshot(snapshot)).toEqual(['application/json']);
  });
});

describe('masking', () => {
  it('masks every secret, keeps the rest, and a masked config writes back to the stored one', () => {
    const masked = maskConfig(CONFIG);
    expect(masked).toEqual({
      baseURL: 'https://••••:••••@api.example.com/v1?key=••••&api-version=••••',
      apiKey: '••••',
      headers: { 'Ocp-Apim-Subscription-Key': '••••', 'x-key': '••••', Accept: '••••json' },
      timeout: 3000,
      region: 'intl',
    });
    expect(JSON.stringify(masked)).not.toMatch(/\b(k0|k1|q7|uu3|pw4|zq9)\b/);
    expect(maskConfig({ headers: '{"x-key":"q7"}' })).toEqual({ headers: '{"x-key":"••••"}' });
    expect(maskConfig({ apiKey: 'sk-0123456789abcdef' })).toEqual({ apiKey: '••••cdef' });
    // masking twice changes nothing
    expect(maskConfig(masked)).toEqual(masked);

    expect(unmaskConfig(masked as Record<string, unknown>, CONFIG)).toEqual(CONFIG);
    expect(unresolvedMask(masked as Record<string, unknown>, CONFIG)).toBeNull();
    // a mask with nothing behind it, or a URL whose masked parts do not match the stored one, is unresolved
    expect(unresolvedMask({ headers: { 'x-new': '••••' } }, CONFIG)).toBe('config.headers.x-new');
    expect(unresolvedMask({ baseURL: 'https://••••@other.example/v1' }, CONFIG)).toBe('config.baseURL');
    expect(unmaskConfig({ headers: { 'x-key': 'new' } }, CONFIG)).toEqual({ headers: { 'x-key': 'new' } });
  });

  it('never sets a prototype from a __proto__ key', () => {
    const masked = maskConfig(JSON.parse('{"__proto__":{"polluted":1},"headers":{"__proto__":{"x":"1"}}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.hasOwn(masked, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('redaction', () => {
  it('replaces long secrets anywhere, short ones as whole words, then key-shaped patterns', () => {
    const redact = createRedactor({ secrets: ['k1', 'long-secret-value'] });
    expect(redact('key k1, "k1", ?key=k1&x, xlong-secret-valuex')).toBe('key [redacted], "[redacted]", ?key=[redacted]&x, x[redacted]x');
    expect(redact('k10 and ak1 stay')).toBe('k10 and ak1 stay');
    expect(redact('Authorization: Bearer abcdef.ghij and sk-proj-0123456789')).toBe('Authorization: [redacted] and [redacted]');
    // the router's own client keys, pasted into a prompt or echoed in an answer
    expect(redact('my key is rk-AbCdEfGhIjKlMnOpQrStUvWxYz012345, ok? rk-short stays')).toBe('my key is [redacted], ok? rk-short stays');
    expect(createRedactor({ secrets: ['k1'], patterns: [], replace: () => '••••' })('a k1 b')).toBe('a •••• b');
    expect(createRedactor({ secrets: ['a.b'] })('a.b axb')).toBe('[redacted] axb');
  });
});
