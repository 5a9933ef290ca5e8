/**
 * What a server started here would use, and where each piece comes from:
 * the database, a (legacy) environment variable, or the built-in default.
 * Mirrors the server's overlay: the database always wins.
 */
import type { RouteTarget } from '@router/core';
import { maskDatabaseUrl, maskProvider, REQUEST_TIMEOUT_SETTING, SETTING, type ProviderRecord } from '@router/store';
import type { CliContext } from './context.js';

/** Where an effective value comes from. */
export type Source = 'database' | 'environment' | 'default' | 'option';

/** One effective setting. */
export interface EffectiveSetting {
  name: string;
  label: string;
  value: string | null;
  source: Source;
  /** The environment variable, when the source is the environment. */
  variable?: string;
}

/** A provider the router knows, secrets masked. */
export interface EffectiveProvider extends ProviderRecord {
  source: Source;
  variables?: string[];
  active: boolean;
}

/** A mapping the router uses. */
export interface EffectiveMapping {
  model: string;
  targets: RouteTarget[];
  source: Source;
  variable?: string;
}

/** The whole effective configuration. */
export interface EffectiveConfig {
  settings: EffectiveSetting[];
  providers: EffectiveProvider[];
  mappings: EffectiveMapping[];
  warnings: string[];
  envFile: string | null;
}

/** Reads the database and the environment and merges them as the server does. */
export async function effectiveConfig(context: CliContext): Promise<EffectiveConfig> {
  const store = await context.store();
  const { env, envFile, legacy } = context.legacy();
  const [records, stored, mappings] = await Promise.all([store.providers.list(), store.settings.all(), store.mappings.list()]);
  const fromEnv = (key: string) => legacy.settings.find((setting) => setting.key === key);

  const setting = (name: string, label: string, key: string, fallback: string | null = null): EffectiveSetting => {
    if (stored[key] !== undefined) return { name, label, value: stored[key], source: 'database' };
    const legacySetting = fromEnv(key);
    if (legacySetting) return { name, label, value: legacySetting.value, source: 'environment', variable: legacySetting.from };
    return { name, label, value: fallback, source: 'default' };
  };
  const serverVariable = (name: string, label: string, variable: string, fallback: string): EffectiveSetting =>
    env[variable] ? { name, label, value: String(env[variable]), source: 'environment', variable } : { name, label, value: fallback, source: 'default' };

  const target = context.database();
  const database: EffectiveSetting = {
    name: 'database',
    label: 'database',
    // the absolute path of a file database, so "which database?" has one answer whatever the working directory
    value: target.path ?? maskDatabaseUrl(store.url),
    source: target.source,
    ...(target.source === 'environment' ? { variable: 'DATABASE_URL' } : {}),
  };
  const active = stored[SETTING.activeProvider] ?? null;
  const settings = [
    database,
    setting('activeProvider', 'active provider', SETTING.activeProvider),
    setting('defaultProvider', 'default provider', SETTING.defaultProvider),
    setting('requestTimeoutMs', 'request timeout (ms)', REQUEST_TIMEOUT_SETTING),
    serverVariable('port', 'port', 'PORT', '3001'),
    serverVariable('host', 'host', 'HOST', '0.0.0.0'),
    serverVariable('logLevel', 'log level', 'LOG_LEVEL', 'info'),
  ];

  const known = new Set(records.map((record) => record.id));
  const providers: EffectiveProvider[] = [
    ...records.map((record) => ({ ...maskProvider(record), source: 'database' as const, active: record.id === active })),
    ...legacy.providers
      .filter((provider) => !known.has(provider.id))
      .map(({ from, ...provider }) => ({
        ...maskProvider({ ...provider, defaultModel: null, capabilities: null, createdAt: 0, updatedAt: 0 }),
        source: 'environment' as const,
        variables: from,
        active: provider.id === active,
      })),
  ];
  const mapped = new Set(mappings.map((mapping) => mapping.model));
  const effectiveMappings: EffectiveMapping[] = [
    ...mappings.map((mapping) => ({ ...mapping, source: 'database' as const })),
    ...legacy.mappings.filter((mapping) => !mapped.has(mapping.model)).map((mapping) => ({ ...mapping, source: 'environment' as const, variable: 'MODEL_MAPPINGS' })),
  ];
  return { settings, providers, mappings: effectiveMappings, warnings: legacy.warnings, envFile };
}

/** `environment (DEFAULT_PROVIDER)` and friends, for tables. */
export function describeSource(source: Source, variables?: string | string[]): string {
  const names = Array.isArray(variables) ? variables.join(', ') : variables;
  if (source === 'option') return `option (${names ?? '--db'})`;
  return names ? `${source} (${names})` : source;
}
