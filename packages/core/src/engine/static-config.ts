/** A `ConfigSource` from plain objects, for embedding the engine without a database. */
import type { ConfigSnapshot, ConfigSource, ModelEntry, ModelPrice, ProviderEntry, RouteOptions, RouteTarget } from '../spec/config.js';

/** Plain configuration. */
export interface StaticConfig {
  providers: (Omit<ProviderEntry, 'enabled' | 'priority' | 'name'> & Partial<Pick<ProviderEntry, 'enabled' | 'priority' | 'name'>>)[];
  activeProviderId?: string | null;
  defaultProviderId?: string | null;
  routes?: Record<string, RouteTarget[]>;
  models?: ModelEntry[];
  settings?: Record<string, string>;
  /** Per-route options by requested model name. */
  routeOptions?: Record<string, RouteOptions>;
  /** Price overrides by model name (US dollars per million tokens). */
  prices?: Record<string, ModelPrice>;
}

/** Builds an immutable snapshot from plain configuration. */
export function createSnapshot(config: StaticConfig, revision = 1): ConfigSnapshot {
  return {
    revision,
    providers: new Map(config.providers.map((provider) => [provider.id, { enabled: true, priority: 0, name: provider.id, ...provider }])),
    activeProviderId: config.activeProviderId ?? null,
    defaultProviderId: config.defaultProviderId ?? null,
    routes: new Map(Object.entries(config.routes ?? {})),
    models: new Map((config.models ?? []).map((model) => [model.id, model])),
    settings: new Map(Object.entries(config.settings ?? {})),
    ...(config.routeOptions ? { routeOptions: new Map(Object.entries(config.routeOptions)) } : {}),
    ...(config.prices ? { prices: new Map(Object.entries(config.prices)) } : {}),
  };
}

/** A config source that can be replaced at run time with `set`. */
export function createStaticConfigSource(config: StaticConfig): ConfigSource & { set(config: StaticConfig): void } {
  let revision = 1;
  let snapshot = createSnapshot(config, revision);
  return {
    current: () => snapshot,
    set(next) {
      snapshot = createSnapshot(next, ++revision);
    },
  };
}
