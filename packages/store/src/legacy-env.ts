/**
 * Legacy environment variables (`DEFAULT_PROVIDER`, `MODEL_MAPPINGS`,
 * `LM_STUDIO_BASE_URL`, …): read once into providers, settings and mappings,
 * which the server overlays under the database and `provider-cli migrate`
 * writes into it. The database always wins.
 */
import { createAdapterRegistry, maskConfig, validateProviderConfig, type ConfigSnapshot, type ProviderEntry, type RouteTarget } from '@router/core';
import { isProviderId } from './ids.js';
import { parseModelMappings, type MappingRecord } from './repositories/mappings.js';
import { SETTING } from './repositories/settings.js';
import type { Store } from './store.js';

/** The setting key `REQUEST_TIMEOUT` (milliseconds) becomes. */
export const REQUEST_TIMEOUT_SETTING = 'request_timeout_ms';

/** Every variable this module reads. */
export const LEGACY_ENV_KEYS = [
  'DEFAULT_PROVIDER', 'MODEL_MAPPINGS', 'LM_STUDIO_BASE_URL', 'QWEN_PROXY_BASE_URL', 'QWEN_API_KEY', 'DASHSCOPE_API_KEY', 'QWEN_BASE_URL', 'REQUEST_TIMEOUT',
] as const;

/** The providers the legacy variables describe, with the defaults the old router used. */
const LEGACY_PROVIDERS = [
  { id: 'lm-studio', type: 'lm-studio', name: 'LM Studio', urlVar: 'LM_STUDIO_BASE_URL', defaultURL: 'http://localhost:1234/v1' },
  { id: 'qwen-proxy', type: 'qwen-proxy', name: 'Qwen proxy', urlVar: 'QWEN_PROXY_BASE_URL', defaultURL: 'http://localhost:3000/v1' },
  { id: 'qwen', type: 'qwen', name: 'Qwen (DashScope)', urlVar: 'QWEN_BASE_URL', defaultURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1' },
] as const;

/** A provider described by legacy variables. */
export interface LegacyProvider extends ProviderEntry {
  readonly config: Record<string, unknown>;
  /** The variables it came from (or that named it). */
  readonly from: string[];
}

/** A setting described by a legacy variable. */
export interface LegacySetting {
  key: string;
  value: string;
  from: string;
}

/** Everything the legacy variables say. */
export interface LegacyEnv {
  providers: LegacyProvider[];
  settings: LegacySetting[];
  mappings: MappingRecord[];
  /** Problems found while reading (bad MODEL_MAPPINGS, a bad timeout, a Qwen key missing). */
  warnings: string[];
}

type EnvLike = Record<string, string | number | boolean | undefined>;

function text(env: EnvLike, key: string): string | undefined {
  const value = env[key];
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads the legacy variables. A legacy provider is included when its variable
 * is set or when DEFAULT_PROVIDER / MODEL_MAPPINGS names it (then with the old
 * default URL), so an unrelated environment adds nothing.
 */
export function readLegacyEnv(env: EnvLike): LegacyEnv {
  const warnings: string[] = [];
  const settings: LegacySetting[] = [];
  let mappings: MappingRecord[] = [];
  const mappingsText = text(env, 'MODEL_MAPPINGS');
  if (mappingsText) {
    try {
      mappings = parseModelMappings(mappingsText);
    } catch (error) {
      warnings.push(`ignoring MODEL_MAPPINGS: ${(error as Error).message}`);
    }
  }
  const defaultProvider = text(env, 'DEFAULT_PROVIDER');
  if (defaultProvider) {
    if (isProviderId(defaultProvider)) settings.push({ key: SETTING.defaultProvider, value: defaultProvider, from: 'DEFAULT_PROVIDER' });
    else warnings.push(`ignoring DEFAULT_PROVIDER: "${defaultProvider}" is not a provider id`);
  }
  const timeoutText = text(env, 'REQUEST_TIMEOUT');
  if (timeoutText) {
    const value = Number(timeoutText);
    // the engine reads it as the default time-to-first-byte and idle timeout of every provider without its own
    if (Number.isInteger(value) && value > 0 && value <= 3_600_000) {
      settings.push({ key: REQUEST_TIMEOUT_SETTING, value: String(value), from: 'REQUEST_TIMEOUT' });
    } else warnings.push(`ignoring REQUEST_TIMEOUT: "${timeoutText}" is not a number of milliseconds (1-3600000)`);
  }

  const named = new Set<string>([...(defaultProvider ? [defaultProvider] : []), ...mappings.flatMap((mapping) => mapping.targets.map((target) => target.providerId))]);
  const providers: LegacyProvider[] = [];
  for (const legacy of LEGACY_PROVIDERS) {
    const url = text(env, legacy.urlVar);
    const from: string[] = url ? [legacy.urlVar] : [];
    const config: Record<string, unknown> = { baseURL: url ?? legacy.defaultURL };
    if (legacy.id === 'qwen') {
      const key = text(env, 'QWEN_API_KEY') ?? text(env, 'DASHSCOPE_API_KEY');
      if (key) {
        config.apiKey = key;
        from.push(text(env, 'QWEN_API_KEY') ? 'QWEN_API_KEY' : 'DASHSCOPE_API_KEY');
      } else if (from.length || named.has(legacy.id)) {
        warnings.push('the "qwen" provider needs QWEN_API_KEY or DASHSCOPE_API_KEY; it is left out');
        continue;
      }
    }
    if (from.length === 0 && !named.has(legacy.id)) continue;
    if (from.length === 0) from.push(named.has(legacy.id) && defaultProvider === legacy.id ? 'DEFAULT_PROVIDER' : 'MODEL_MAPPINGS');
    providers.push({ id: legacy.id, name: legacy.name, type: legacy.type, enabled: true, priority: 100, config, defaultModel: null, capabilities: null, from });
  }
  return { providers, settings, mappings, warnings };
}

/** True when the legacy variables say anything at all. */
export function hasLegacySettings(legacy: LegacyEnv): boolean {
  return legacy.providers.length > 0 || legacy.settings.length > 0 || legacy.mappings.length > 0;
}

/**
 * The server's overlay: adds what the legacy variables say under the
 * database's snapshot. A provider, setting or mapping the database has wins.
 * Provider entries are created once so the engine's per-entry caches stay warm.
 */
export function createLegacyOverlay(legacy: LegacyEnv): (snapshot: ConfigSnapshot) => ConfigSnapshot {
  if (!hasLegacySettings(legacy)) return (snapshot) => snapshot;
  const entries: ProviderEntry[] = legacy.providers.map(({ from: _from, ...entry }) => Object.freeze(entry));
  const defaultProvider = legacy.settings.find((setting) => setting.key === SETTING.defaultProvider)?.value ?? null;
  return (snapshot) => {
    const providers = new Map(snapshot.providers);
    for (const entry of entries) if (!providers.has(entry.id)) providers.set(entry.id, entry);
    const routes = new Map<string, readonly RouteTarget[]>(snapshot.routes);
    for (const mapping of legacy.mappings) if (!routes.has(mapping.model)) routes.set(mapping.model, mapping.targets);
    const settings = new Map(snapshot.settings);
    for (const setting of legacy.settings) if (!settings.has(setting.key)) settings.set(setting.key, setting.value);
    return { ...snapshot, providers, routes, settings, defaultProviderId: snapshot.defaultProviderId ?? defaultProvider };
  };
}

/** One step of a migration: what would change (values masked). */
export interface MigrationStep {
  entity: 'provider' | 'setting' | 'mapping';
  id: string;
  /** `create`/`update` write; `unchanged` is already there; `keep` differs but the database wins; `invalid` stops the migration. */
  action: 'create' | 'update' | 'unchanged' | 'keep' | 'invalid';
  from: string;
  oldValue: unknown;
  newValue: unknown;
  detail?: string;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const plainTargets = (targets: readonly RouteTarget[]) => targets.map((target) => ({ providerId: target.providerId, model: target.model ?? null }));

/** Works out what `migrate` would write; `overwrite` replaces database values that differ instead of keeping them. */
export async function planLegacyMigration(store: Store, legacy: LegacyEnv, options: { overwrite?: boolean } = {}): Promise<MigrationStep[]> {
  const registry = createAdapterRegistry();
  const differs = options.overwrite ? 'update' : 'keep';
  const steps: MigrationStep[] = [];
  const [existing, settings, mappings] = await Promise.all([store.providers.list(), store.settings.all(), store.mappings.list()]);
  const known = new Set(existing.map((provider) => provider.id));
  for (const provider of legacy.providers) {
    const step = { entity: 'provider' as const, id: provider.id, from: provider.from.join(', '), newValue: { type: provider.type, config: maskConfig(provider.config) } };
    const checked = validateProviderConfig(registry, provider.type, provider.config);
    if (!checked.ok) {
      steps.push({ ...step, action: 'invalid', oldValue: null, detail: `config.${checked.issues[0].field} ${checked.issues[0].message}` });
      continue;
    }
    const stored = existing.find((record) => record.id === provider.id);
    if (!stored) {
      steps.push({ ...step, action: 'create', oldValue: null });
      known.add(provider.id);
      continue;
    }
    const same = stored.type === provider.type && Object.entries(provider.config).every(([key, value]) => sameJson(stored.config[key], value));
    const oldValue = { type: stored.type, config: maskConfig(Object.fromEntries(Object.keys(provider.config).map((key) => [key, stored.config[key]]))) };
    steps.push({ ...step, action: same ? 'unchanged' : differs, oldValue, ...(same || options.overwrite ? {} : { detail: 'the database differs and wins (use --overwrite to replace)' }) });
  }
  for (const setting of legacy.settings) {
    const old = settings[setting.key] ?? null;
    const step = { entity: 'setting' as const, id: setting.key, from: setting.from, oldValue: old, newValue: setting.value };
    if (setting.key === SETTING.defaultProvider && !known.has(setting.value)) {
      steps.push({ ...step, action: 'invalid', detail: `provider "${setting.value}" does not exist` });
    } else if (old === null) steps.push({ ...step, action: 'create' });
    else steps.push({ ...step, action: old === setting.value ? 'unchanged' : differs });
  }
  for (const mapping of legacy.mappings) {
    const old = mappings.find((record) => record.model === mapping.model);
    const step = { entity: 'mapping' as const, id: mapping.model, from: 'MODEL_MAPPINGS', oldValue: old ? plainTargets(old.targets) : null, newValue: plainTargets(mapping.targets) };
    const missing = mapping.targets.find((target) => !known.has(target.providerId));
    if (missing) steps.push({ ...step, action: 'invalid', detail: `provider "${missing.providerId}" does not exist` });
    else if (!old) steps.push({ ...step, action: 'create' });
    else steps.push({ ...step, action: sameJson(step.oldValue, step.newValue) ? 'unchanged' : differs });
  }
  return steps;
}

/**
 * Writes a plan (from `planLegacyMigration`) into the database with history
 * source `migrate`; refuses to write anything when a step is invalid.
 */
export async function applyLegacyMigration(
  store: Store,
  legacy: LegacyEnv,
  steps: MigrationStep[],
  onStep: (step: MigrationStep, index: number, total: number) => void = () => undefined,
): Promise<MigrationStep[]> {
  const invalid = steps.find((step) => step.action === 'invalid');
  if (invalid) throw new Error(`cannot migrate ${invalid.entity} "${invalid.id}" (from ${invalid.from}): ${invalid.detail}`);
  const writes = steps.filter((step) => step.action === 'create' || step.action === 'update');
  for (const [index, step] of writes.entries()) {
    onStep(step, index, writes.length);
    if (step.entity === 'provider') {
      const provider = legacy.providers.find((entry) => entry.id === step.id)!;
      if (step.action === 'create') await store.providers.create({ id: provider.id, name: provider.name, type: provider.type, config: provider.config }, 'migrate');
      else await store.providers.update(provider.id, { type: provider.type, config: provider.config }, 'migrate');
    } else if (step.entity === 'setting') {
      await store.settings.set(step.id, String(step.newValue), 'migrate');
    } else {
      const mapping = legacy.mappings.find((entry) => entry.model === step.id)!;
      await store.mappings.set(mapping.model, mapping.targets, 'migrate');
    }
  }
  return writes;
}
