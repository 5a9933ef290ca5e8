import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { secretKeysOfSchema } from '../secret-field.js';
import { builtinAdapters, createAdapterRegistry, validateProviderConfig } from './registry.js';

const registry = createAdapterRegistry();
const TYPES = registry.types();

describe('adapter registry', () => {
  it('resolves every built-in type to its own adapter, each type once, each a v1 adapter with a description', () => {
    expect(new Set(TYPES).size).toBe(TYPES.length);
    expect([...TYPES].sort()).toEqual(builtinAdapters.map((adapter) => adapter.type).sort());
    for (const adapter of builtinAdapters) {
      expect(registry.get(adapter.type)).toMatchObject({ adapter, fallback: false });
      expect(adapter.specificationVersion).toBe('v1');
      expect(adapter.description.length).toBeGreaterThan(10);
    }
  });

  it.each(TYPES)('%s describes every config key (what a form shows beside the field), its key still secret', (type) => {
    const { configSchema } = registry.get(type).adapter;
    const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, { description?: string; secret?: boolean }> };
    for (const [key, property] of Object.entries(schema.properties)) expect(property.description?.length ?? 0, `${type} ${key}`).toBeGreaterThan(10);
    expect(schema.properties.apiKey.secret).toBe(true);
    expect(secretKeysOfSchema(configSchema)).toEqual(['apiKey']);
  });

  it('falls back to the generic adapter for an unknown type', () => {
    const { adapter, fallback } = registry.get('tabby-api');
    expect(fallback).toBe(true);
    expect(adapter.type).toBe('openai-compatible');
  });

  it.each(TYPES)('%s refuses a baseURL that is not http(s), naming the field', (type) => {
    for (const baseURL of ['ftp://example.com/v1', 'example.com/v1', 'javascript:alert(1)']) {
      const result = validateProviderConfig(registry, type, { baseURL, apiKey: 'k' });
      expect(result).toMatchObject({ ok: false, issues: [{ field: 'baseURL', message: 'must be an http:// or https:// URL' }] });
    }
  });

  it.each(TYPES)('%s accepts toolMode and refuses an unknown one', (type) => {
    const base = type === 'openai-compatible' ? { baseURL: 'http://127.0.0.1:1/v1' } : {};
    expect(validateProviderConfig(registry, type, { ...base, apiKey: 'k', toolMode: 'xml' }).ok).toBe(true);
    expect(validateProviderConfig(registry, type, { ...base, apiKey: 'k', toolMode: 'yes' })).toMatchObject({ ok: false, issues: [{ field: 'toolMode' }] });
  });

  it('requires an apiKey for qwen and the hosted presets, not for local servers', () => {
    for (const type of ['qwen', 'openai', 'openrouter', 'together', 'groq', 'perplexity', 'deepseek']) {
      expect(validateProviderConfig(registry, type, {})).toMatchObject({ ok: false, issues: [{ field: 'apiKey' }] });
    }
    for (const type of ['lm-studio', 'qwen-proxy']) expect(validateProviderConfig(registry, type, {}).ok).toBe(true);
    expect(validateProviderConfig(registry, 'openai-compatible', {})).toMatchObject({ ok: false, issues: [{ field: 'baseURL' }] });
  });

  it.each(TYPES)('%s refuses config keys that are not plain names, and prototype names at any depth (which a schema drops silently)', (type) => {
    const base = { baseURL: 'http://127.0.0.1:1/v1', apiKey: 'k' };
    for (const key of ['constructor', 'prototype', 'my key', '1st']) {
      expect(validateProviderConfig(registry, type, { ...base, [key]: 1 })).toMatchObject({ ok: false, issues: [{ field: key, message: expect.stringMatching(/^config keys are letters/) }] });
    }
    // as JSON.parse makes them: own properties named __proto__
    expect(validateProviderConfig(registry, type, JSON.parse('{"baseURL":"http://127.0.0.1:1/v1","apiKey":"k","__proto__":1}'))).toMatchObject({ ok: false, issues: [{ field: '__proto__' }] });
    const nested = JSON.parse('{"baseURL":"http://127.0.0.1:1/v1","apiKey":"k","headers":{"x-a":"1","__proto__":{"x-b":"2"}}}');
    expect(validateProviderConfig(registry, type, nested)).toMatchObject({ ok: false, issues: [{ field: 'headers.__proto__', message: expect.stringMatching(/not allowed as keys/) }] });
    expect(validateProviderConfig(registry, type, { ...base, headers: { 'x-a': '1' } }).ok).toBe(true);
  });
});
