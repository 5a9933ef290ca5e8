/** The store: an open database and its repositories. */
import { createAdapterRegistry, type AdapterRegistry } from '@router/core';
import { closeDatabase, openDatabase, type Database } from './open-store.js';
import type { Client } from '@libsql/client';
import { createClientKeysRepository } from './repositories/client-keys.js';
import { createHistoryRepository } from './repositories/history.js';
import { createLogsRepository } from './repositories/logs.js';
import { createMappingsRepository } from './repositories/mappings.js';
import { createModelsRepository } from './repositories/models.js';
import { createPricesRepository } from './repositories/prices.js';
import { createProvidersRepository } from './repositories/providers.js';
import { createRouteOptionsRepository } from './repositories/route-options.js';
import { createExperimentsRepository } from './repositories/experiments.js';
import { createSettingsRepository } from './repositories/settings.js';

/** Everything the apps need from the database. */
export interface Store {
  client: Client;
  db: Database;
  url: string;
  providers: ReturnType<typeof createProvidersRepository>;
  settings: ReturnType<typeof createSettingsRepository>;
  mappings: ReturnType<typeof createMappingsRepository>;
  models: ReturnType<typeof createModelsRepository>;
  history: ReturnType<typeof createHistoryRepository>;
  logs: ReturnType<typeof createLogsRepository>;
  /** Per-route options: stickiness and shadow traffic. */
  routeOptions: ReturnType<typeof createRouteOptionsRepository>;
  /** The user's price overrides. */
  prices: ReturnType<typeof createPricesRepository>;
  clientKeys: ReturnType<typeof createClientKeysRepository>;
  /** Per-arm stats and the shadow/replay pair report. */
  experiments: ReturnType<typeof createExperimentsRepository>;
  /** Checkpoints a file database (so the `.db` file alone is complete) and closes it. */
  close(): Promise<void>;
}

/** Opens (and by default migrates) the database and builds the repositories. */
export async function openStore(options: { url?: string; migrate?: boolean; adapters?: AdapterRegistry; allowMetadataAddresses?: boolean } = {}): Promise<Store> {
  const { client, db, url } = await openDatabase(options);
  return {
    client,
    db,
    url,
    providers: createProvidersRepository(db, options.adapters ?? createAdapterRegistry(), { allowMetadataAddresses: options.allowMetadataAddresses }),
    settings: createSettingsRepository(db),
    mappings: createMappingsRepository(db),
    models: createModelsRepository(db),
    history: createHistoryRepository(db),
    logs: createLogsRepository(db, client),
    routeOptions: createRouteOptionsRepository(db),
    prices: createPricesRepository(db),
    clientKeys: createClientKeysRepository(db),
    experiments: createExperimentsRepository(db),
    close: () => closeDatabase(client, url),
  };
}
