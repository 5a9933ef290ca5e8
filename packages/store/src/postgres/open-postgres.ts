/**
 * Opening a Postgres database: a pooled postgres.js client, the Drizzle database over it,
 * and the migrations of `drizzle/postgres/`. Migrations run on a single connection of their
 * own (postgres.js pools, and a migration must see its own earlier statements).
 */
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres, { type Sql } from 'postgres';
import { migrationsFolder } from '../open-store.js';
import * as schema from './schema.js';

/** The Drizzle database of the Postgres dialect. */
export type PostgresDatabase = PostgresJsDatabase<typeof schema>;

/** The notification channel the revision triggers signal on (payload: the new revision). */
export const CONFIG_CHANNEL = 'router_config';

/** Options for a Postgres store. */
export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** A statement running longer than this is cancelled by the server (default 30 s; 0 disables). */
  statementTimeoutMs?: number;
  /** Seconds to wait for a connection before failing (default 10). */
  connectTimeoutSeconds?: number;
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
}

/** Whether a database URL names a Postgres database. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** An open Postgres database. */
export interface OpenPostgres {
  sql: Sql;
  db: PostgresDatabase;
  url: string;
  close(): Promise<void>;
}

/** Applies the Postgres migrations shipped with the package on one dedicated connection. */
export async function migratePostgres(url: string, options: { connectTimeoutSeconds?: number } = {}): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: options.connectTimeoutSeconds ?? 10 });
  try {
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder('postgres') });
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Opens (and by default migrates) a Postgres database. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<OpenPostgres> {
  if (!isPostgresUrl(url)) throw new Error('not a postgres:// URL');
  if (options.migrate !== false) await migratePostgres(url, options);
  const statementTimeout = options.statementTimeoutMs ?? 30_000;
  const sql = postgres(url, {
    max: options.poolSize ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    onnotice: () => {},
    ...(statementTimeout > 0 ? { connection: { statement_timeout: statementTimeout } } : {}),
  });
  const db = drizzle(sql, { schema });
  return { sql, db, url, close: () => sql.end({ timeout: 5 }) };
}
