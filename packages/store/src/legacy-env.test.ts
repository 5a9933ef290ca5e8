import { beforeEach, describe, expect, it } from 'vitest';
import { createSnapshot } from '@router/core';
import type { Store } from './store.js';
import { DIALECTS, useStore } from './test-stores.js';
import { loadSnapshot } from './config-source.js';
import { applyLegacyMigration, createLegacyOverlay, planLegacyMigration, readLegacyEnv, REQUEST_TIMEOUT_SETTING } from './legacy-env.js';

const KEY = 'sk-legacy-canary-0123456789';
const FULL = {
  DEFAULT_PROVIDER: 'lm-studio',
  MODEL_MAPPINGS: 'qwen3-coder:lm-studio,qwen3-max:qwen-proxy,qwen-plus:qwen',
  LM_STUDIO_BASE_URL: 'http://127.0.0.1:1234/v1',
  QWEN_PROXY_BASE_URL: 'http://127.0.0.1:3000/v1',
  DASHSCOPE_API_KEY: KEY,
  REQUEST_TIMEOUT: '90000',
};

let store: Store;

describe('readLegacyEnv', () => {
  it('reads providers, settings and mappings from the legacy variables', () => {
    const legacy = readLegacyEnv(FULL);
    expect(legacy.warnings).toEqual([]);
    expect(legacy.providers.map((provider) => [provider.id, provider.type, provider.config.baseURL])).toEqual([
      ['lm-studio', 'lm-studio', 'http://127.0.0.1:1234/v1'],
      ['qwen-proxy', 'qwen-proxy', 'http://127.0.0.1:3000/v1'],
      ['qwen', 'qwen', 'https://dashscope.aliyuncs.com/compatible-mode/v1'],
    ]);
    expect(legacy.providers.find((provider) => provider.id === 'qwen')).toMatchObject({ config: { apiKey: KEY }, from: ['DASHSCOPE_API_KEY'] });
    expect(legacy.settings).toEqual([
      { key: 'default_provider', value: 'lm-studio', from: 'DEFAULT_PROVIDER' },
      { key: REQUEST_TIMEOUT_SETTING, value: '90000', from: 'REQUEST_TIMEOUT' },
    ]);
    expect(legacy.mappings).toEqual([
      { model: 'qwen3-coder', targets: [{ providerId: 'lm-studio' }] },
      { model: 'qwen3-max', targets: [{ providerId: 'qwen-proxy' }] },
      { model: 'qwen-plus', targets: [{ providerId: 'qwen' }] },
    ]);
  });

  it('prefers QWEN_API_KEY, adds nothing for an unrelated environment, and uses old defaults for named providers', () => {
    expect(readLegacyEnv({ QWEN_API_KEY: 'a-key', DASHSCOPE_API_KEY: 'b-key' }).providers[0]).toMatchObject({ id: 'qwen', config: { apiKey: 'a-key' }, from: ['QWEN_API_KEY'] });
    expect(readLegacyEnv({ PATH: '/bin', PORT: '3001' })).toEqual({ providers: [], settings: [], mappings: [], warnings: [] });
    const named = readLegacyEnv({ DEFAULT_PROVIDER: 'qwen-proxy' });
    expect(named.providers).toMatchObject([{ id: 'qwen-proxy', config: { baseURL: 'http://localhost:3000/v1' }, from: ['DEFAULT_PROVIDER'] }]);
  });

  it('warns about bad values instead of failing', () => {
    const legacy = readLegacyEnv({ MODEL_MAPPINGS: 'nonsense', REQUEST_TIMEOUT: 'soon', DEFAULT_PROVIDER: 'qwen' });
    expect(legacy.mappings).toEqual([]);
    expect(legacy.providers).toEqual([]);
    expect(legacy.warnings).toHaveLength(3);
    expect(legacy.warnings.join('\n')).toMatch(/MODEL_MAPPINGS[\s\S]*REQUEST_TIMEOUT[\s\S]*QWEN_API_KEY or DASHSCOPE_API_KEY/);
  });
});

describe('createLegacyOverlay', () => {
  it('adds legacy providers, mappings and the default under the database, which wins', () => {
    const overlay = createLegacyOverlay(readLegacyEnv(FULL));
    const empty = overlay(createSnapshot({ providers: [] }));
    expect([...empty.providers.keys()]).toEqual(['lm-studio', 'qwen-proxy', 'qwen']);
    expect(empty.defaultProviderId).toBe('lm-studio');
    expect(empty.routes.get('qwen3-coder')).toEqual([{ providerId: 'lm-studio' }]);
    expect(empty.settings.get(REQUEST_TIMEOUT_SETTING)).toBe('90000');
    // the same entry object every time, so per-provider caches survive snapshot changes
    expect(overlay(createSnapshot({ providers: [] }, 2)).providers.get('qwen')).toBe(empty.providers.get('qwen'));

    const database = createSnapshot({
      providers: [{ id: 'lm-studio', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }],
      defaultProviderId: 'qwen',
      routes: { 'qwen3-coder': [{ providerId: 'qwen' }] },
      settings: { [REQUEST_TIMEOUT_SETTING]: '1000' },
    });
    const merged = overlay(database);
    expect(merged.providers.get('lm-studio')!.config.baseURL).toBe('http://127.0.0.1:9/v1');
    expect(merged.defaultProviderId).toBe('qwen');
    expect(merged.routes.get('qwen3-coder')).toEqual([{ providerId: 'qwen' }]);
    expect(merged.routes.get('qwen3-max')).toEqual([{ providerId: 'qwen-proxy' }]);
    expect(merged.settings.get(REQUEST_TIMEOUT_SETTING)).toBe('1000');
  });

  it('returns the snapshot untouched when there are no legacy settings', () => {
    const snapshot = createSnapshot({ providers: [] });
    expect(createLegacyOverlay(readLegacyEnv({}))(snapshot)).toBe(snapshot);
  });
});

describe.each(DIALECTS)('legacy migration on %s', (dialect) => {
  const current = useStore(dialect, { name: 'legacy' });
  beforeEach(() => {
    store = current();
  });

  it('writes providers, settings and mappings once; a second run changes nothing', async () => {
    const legacy = readLegacyEnv(FULL);
    const plan = await planLegacyMigration(store, legacy);
    expect(plan.map((step) => `${step.action} ${step.entity} ${step.id}`)).toEqual([
      'create provider lm-studio', 'create provider qwen-proxy', 'create provider qwen',
      'create setting default_provider', `create setting ${REQUEST_TIMEOUT_SETTING}`,
      'create mapping qwen3-coder', 'create mapping qwen3-max', 'create mapping qwen-plus',
    ]);
    expect(JSON.stringify(plan)).not.toContain(KEY);
    const seen: string[] = [];
    await applyLegacyMigration(store, legacy, plan, (step, index, total) => seen.push(`${index + 1}/${total} ${step.id}`));
    expect(seen).toHaveLength(8);
    expect((await store.providers.get('qwen')).config).toEqual({ baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1', apiKey: KEY });
    expect(await store.settings.get(REQUEST_TIMEOUT_SETTING)).toBe('90000');
    expect(await store.settings.getDefaultProvider()).toBe('lm-studio');
    expect((await store.mappings.get('qwen3-max')).targets).toEqual([{ providerId: 'qwen-proxy', model: null, weight: 1 }]);
    const history = await store.history.list({ limit: 100 });
    expect(history.every((entry) => entry.source === 'migrate')).toBe(true);
    expect(JSON.stringify(history)).not.toContain(KEY);

    const again = await planLegacyMigration(store, legacy);
    expect(again.every((step) => step.action === 'unchanged')).toBe(true);
    expect(await applyLegacyMigration(store, legacy, again)).toEqual([]);
    expect(await store.history.list({ limit: 100 })).toHaveLength(history.length);
  });

  it('keeps database values that differ unless asked to overwrite', async () => {
    const legacy = readLegacyEnv({ LM_STUDIO_BASE_URL: 'http://127.0.0.1:1234/v1', DEFAULT_PROVIDER: 'lm-studio' });
    await store.providers.create({ id: 'lm-studio', type: 'lm-studio', config: { baseURL: 'http://127.0.0.1:5555/v1' } }, 'cli');
    await store.providers.create({ id: 'other', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:6/v1' } }, 'cli');
    await store.settings.setDefaultProvider('other', 'cli');
    const kept = await planLegacyMigration(store, legacy);
    expect(kept.map((step) => step.action)).toEqual(['keep', 'keep']);
    await applyLegacyMigration(store, legacy, kept);
    expect((await store.providers.get('lm-studio')).config.baseURL).toBe('http://127.0.0.1:5555/v1');
    const overwrite = await planLegacyMigration(store, legacy, { overwrite: true });
    expect(overwrite.map((step) => step.action)).toEqual(['update', 'update']);
    await applyLegacyMigration(store, legacy, overwrite);
    expect((await store.providers.get('lm-studio')).config.baseURL).toBe('http://127.0.0.1:1234/v1');
    expect(await store.settings.getDefaultProvider()).toBe('lm-studio');
  });

  it('refuses to write anything when a step is invalid', async () => {
    const legacy = readLegacyEnv({ LM_STUDIO_BASE_URL: 'ftp://nope', MODEL_MAPPINGS: 'x:ghost' });
    const plan = await planLegacyMigration(store, legacy);
    expect(plan.map((step) => [step.action, step.detail])).toEqual([
      ['invalid', expect.stringContaining('config.baseURL')],
      ['invalid', 'provider "ghost" does not exist'],
    ]);
    await expect(applyLegacyMigration(store, legacy, plan)).rejects.toThrow(/cannot migrate provider "lm-studio" \(from LM_STUDIO_BASE_URL\): config.baseURL/);
    expect(await store.providers.list()).toEqual([]);
  });

  it('feeds the server snapshot: after migration the database entries are used', async () => {
    const legacy = readLegacyEnv(FULL);
    await applyLegacyMigration(store, legacy, await planLegacyMigration(store, legacy));
    await store.providers.update('qwen-proxy', { config: { baseURL: 'http://127.0.0.1:7777/v1' } }, 'cli');
    const snapshot = createLegacyOverlay(legacy)(await loadSnapshot(store));
    expect(snapshot.providers.get('qwen-proxy')!.config.baseURL).toBe('http://127.0.0.1:7777/v1');
  });
});
