/**
 * The store-backed `ConfigSource`: an in-memory snapshot, refreshed when the
 * configuration revision (bumped by triggers on every config table) changes.
 * The request path only ever reads memory.
 */
import type { ConfigSnapshot, ConfigSource, ModelEntry, ModelPrice, ProviderEntry, RouteOptions, RouteTarget } from '@router/core';
import { eq } from 'drizzle-orm';
import type { Database } from './open-store.js';
import { postgresClientOf, tablesOf } from './dialect.js';
import { listenForConfigChanges, type ConfigListener } from './postgres/config-listener.js';
import type { Store } from './store.js';
import { SETTING } from './repositories/settings.js';

/** Reads the current configuration revision. */
export async function readRevision(db: Database): Promise<number> {
  const { configRevision } = tablesOf(db);
  const [row] = await db.select({ revision: configRevision.revision }).from(configRevision).where(eq(configRevision.id, 1));
  return row?.revision ?? 0;
}

/** Loads a whole snapshot, reusing unchanged provider entries from `previous` so caches keyed on them stay warm. */
export async function loadSnapshot(store: Store, previous?: ConfigSnapshot): Promise<ConfigSnapshot> {
  const revision = await readRevision(store.db);
  const [providerRecords, settings, mappings, models, optionRecords, priceRecords, clientKeys] = await Promise.all([
    store.providers.list(), store.settings.all(), store.mappings.list(), store.models.list(), store.routeOptions.list(), store.prices.list(), store.clientKeys.entries(),
  ]);
  const providers = new Map<string, ProviderEntry>();
  for (const record of providerRecords) {
    const entry: ProviderEntry = {
      id: record.id, name: record.name, type: record.type, enabled: record.enabled, priority: record.priority,
      config: record.config, defaultModel: record.defaultModel, capabilities: record.capabilities,
    };
    const old = previous?.providers.get(record.id);
    providers.set(record.id, old && JSON.stringify(old) === JSON.stringify(entry) ? old : entry);
  }
  const routes = new Map<string, RouteTarget[]>(mappings.map((mapping) => [mapping.model, mapping.targets]));
  const modelEntries = new Map<string, ModelEntry>(
    models.map((model) => [
      model.id,
      {
        id: model.id, displayName: model.displayName, capabilities: model.capabilities, contextLength: model.contextLength,
        providers: model.providers.map((link) => ({ providerId: link.providerId, model: link.upstreamModel, priority: link.priority })),
      },
    ]),
  );
  return {
    revision,
    prices: pricesOf(priceRecords, previous?.prices),
    providers,
    activeProviderId: settings[SETTING.activeProvider] ?? null,
    defaultProviderId: settings[SETTING.defaultProvider] ?? null,
    routes,
    models: modelEntries,
    settings: new Map(Object.entries(settings)),
    routeOptions: new Map<string, RouteOptions>(optionRecords.map(({ model, ...options }) => [model, options])),
    clientKeys,
  };
}

/**
 * The price overrides as a map, the previous snapshot's own map when nothing in it changed: the log
 * writer re-sends the overrides to its worker only when this object changes.
 */
function pricesOf(records: readonly { model: string; inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion: number | null }[], previous: ReadonlyMap<string, ModelPrice> | undefined): ReadonlyMap<string, ModelPrice> {
  const prices = new Map<string, ModelPrice>(records.map((record) => [record.model, { inputPerMillion: record.inputPerMillion, outputPerMillion: record.outputPerMillion, cachedInputPerMillion: record.cachedInputPerMillion }]));
  if (previous && previous.size === prices.size && [...prices].every(([model, price]) => JSON.stringify(previous.get(model)) === JSON.stringify(price))) return previous;
  return prices;
}

/** A live config source. */
export interface StoreConfigSource extends ConfigSource {
  /** Loads the first snapshot and starts watching. */
  start(): Promise<void>;
  /** Stops watching. */
  stop(): void;
  /** Reloads now if the revision changed (or always with `force`); resolves true when the snapshot changed. */
  refresh(force?: boolean): Promise<boolean>;
  /** Called after each new snapshot. */
  onChange(listener: (snapshot: ConfigSnapshot) => void): () => void;
}

/**
 * Creates the source; `intervalMs` (default 250) bounds how late a change from another process is
 * seen. On Postgres it also listens for the revision trigger's notifications and reloads at once
 * (and whenever listening starts again after a lost connection); polling stays as the fallback.
 */
export function createStoreConfigSource(store: Store, options: { intervalMs?: number; overlay?: (snapshot: ConfigSnapshot) => ConfigSnapshot; onError?: (error: unknown) => void } = {}): StoreConfigSource {
  const intervalMs = options.intervalMs ?? 250;
  let snapshot: ConfigSnapshot | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy: Promise<boolean> | undefined;
  let listening: Promise<ConfigListener | undefined> | undefined;
  const listeners = new Set<(snapshot: ConfigSnapshot) => void>();

  async function refresh(force = false): Promise<boolean> {
    if (busy) {
      const changed = await busy;
      if (!force) return changed;
    }
    busy = (async () => {
      const revision = await readRevision(store.db);
      if (!force && snapshot && revision === snapshot.revision) return false;
      const loaded = await loadSnapshot(store, snapshot);
      snapshot = options.overlay ? options.overlay(loaded) : loaded;
      for (const listener of listeners) listener(snapshot);
      return true;
    })().finally(() => {
      busy = undefined;
    });
    return busy;
  }

  /** A refresh after the one under way (which may have read the revision before the change that woke us). */
  const refreshAfter = () => {
    void (busy ?? Promise.resolve(false))
      .then(() => refresh())
      .catch((error) => options.onError?.(error));
  };

  return {
    current() {
      if (!snapshot) throw new Error('config source not started: call start() first');
      return snapshot;
    },
    async start() {
      await refresh(true);
      timer = setInterval(() => {
        refresh().catch((error) => options.onError?.(error));
      }, intervalMs);
      timer.unref?.();
      const client = postgresClientOf(store.db);
      if (client) {
        listening = listenForConfigChanges(client, { onChange: refreshAfter, onListen: refreshAfter }).catch((error: unknown) => {
          // polling carries on without it
          options.onError?.(error);
          return undefined;
        });
        await listening;
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      const stopping = listening;
      listening = undefined;
      void stopping?.then((listener) => listener?.stop()).catch(() => undefined);
    },
    refresh,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
