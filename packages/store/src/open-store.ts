/**
 * What opening a store needs on either dialect: the typed database, the default URL and the
 * migrations shipped for each dialect. Opening an SQLite database is in `sqlite/open-sqlite.ts`,
 * a Postgres one in `postgres/open-postgres.ts`.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema/index.js';

/** The typed Drizzle database. */
export type Database = LibSQLDatabase<typeof schema>;

/** The default database URL. */
export const DEFAULT_DATABASE_URL = 'file:data/provider-router.db';

/** The migrations folder of a dialect shipped with the package (falls back to the repository's top-level `drizzle/<dialect>/`). */
export function migrationsFolder(dialect: 'sqlite' | 'postgres' = 'sqlite'): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const shipped = resolve(here, '../drizzle', dialect);
  const repository = resolve(here, '../../../drizzle', dialect);
  // run from its sources (tests, tsx), the package reads the repository's migrations: the copy a build leaves beside it may be older
  const order = basename(here) === 'src' ? [repository, shipped] : [shipped, repository];
  for (const candidate of order) {
    if (existsSync(resolve(candidate, 'meta/_journal.json'))) return candidate;
  }
  throw new Error(`@router/store: migrations folder not found next to ${here}`);
}
