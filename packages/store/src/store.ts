/** The store: an open database and its repositories. */
import { createAdapterRegistry, type AdapterRegistry } from '@router/core';
import { DEFAULT_DATABASE_URL, type Database } from './open-store.js';
import { closeDatabase, openDatabase } from './sqlite/open-sqlite.js';
import { registerPostgresDatabase } from './dialect.js';
import { clientPruneConnection, postgresPruneConnection, type PruneConnection } from './log/prune-logs.js';
import { isPostgresUrl, openPostgres } from './postgres/open-postgres.js';
import type { Client } from '@libsql/client';
import type { Sql } from 'postgres';
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

/** What a store offers on either dialect: the Drizzle database and the repositories. */
export interface StoreRepositories {
  /** The Drizzle database (typed as SQLite's; on Postgres it answers the same query builders: see `dialect.ts`). */
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
  /** Closes the database (a file database is checkpointed first, so the `.db` file alone is complete). */
  close(): Promise<void>;
}

/** A store on SQLite (a file, `:memory:`, or libsql). */
export interface SqliteStore extends StoreRepositories {
  dialect: 'sqlite';
  /** The libsql client under `db`. */
  client: Client;
}

/** A store on Postgres. */
export interface PostgresStore extends StoreRepositories {
  dialect: 'postgres';
  /** The pooled postgres.js client under `db`. */
  sql: Sql;
}

/** Everything the apps need from the database: narrow on `dialect` to reach the dialect's own client. */
export type Store = SqliteStore | PostgresStore;

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** `file:…` (or a path), `:memory:`, `libsql:…`, or `postgres://…`. */
  url?: string;
  migrate?: boolean;
  adapters?: AdapterRegistry;
  allowMetadataAddresses?: boolean;
  /** Postgres: connections in the pool (default 10). */
  poolSize?: number;
  /** Postgres: statements running longer are cancelled (default 30 s). */
  statementTimeoutMs?: number;
}

/** Builds the repositories over an open database. */
function repositories(db: Database, options: OpenStoreOptions, prune: PruneConnection) {
  return {
    providers: createProvidersRepository(db, options.adapters ?? createAdapterRegistry(), { allowMetadataAddresses: options.allowMetadataAddresses }),
    settings: createSettingsRepository(db),
    mappings: createMappingsRepository(db),
    models: createModelsRepository(db),
    history: createHistoryRepository(db),
    logs: createLogsRepository(db, prune),
    routeOptions: createRouteOptionsRepository(db),
    prices: createPricesRepository(db),
    clientKeys: createClientKeysRepository(db),
    experiments: createExperimentsRepository(db),
  };
}

/** Opens (and by default migrates) the database, SQLite or Postgres, and builds the repositories. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const requested = options.url ?? DEFAULT_DATABASE_URL;
  if (isPostgresUrl(requested)) {
    const opened = await openPostgres(requested, { migrate: options.migrate, poolSize: options.poolSize, statementTimeoutMs: options.statementTimeoutMs });
    // the Postgres database answers the query builders the repositories use; `dialect.ts` handles the rest
    const db = opened.db as unknown as Database;
    registerPostgresDatabase(db, opened.sql);
    return { dialect: 'postgres', sql: opened.sql, db, url: requested, ...repositories(db, options, postgresPruneConnection(opened.sql)), close: () => opened.close() };
  }
  const { client, db, url } = await openDatabase(options);
  return { dialect: 'sqlite', client, db, url, ...repositories(db, options, clientPruneConnection(client)), close: () => closeDatabase(client, url) };
}
