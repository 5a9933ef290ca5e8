/**
 * Opens an SQLite database (a file, `:memory:`, or libsql): creates the folder of a file database
 * with private modes, sets the connection's pragmas, and (when asked) applies the migrations.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from '../schema/index.js';
import { DEFAULT_DATABASE_URL, migrationsFolder, type Database } from '../open-store.js';

/** Turns `data/x.db`, `file:data/x.db` or `:memory:` into a libsql URL, creating the file's folder. */
export function normalizeDatabaseUrl(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  if (/^(libsql|https?|wss?):/.test(url)) return url;
  const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
  // the database holds provider keys: a new folder is the owner's only, a new file is 0600
  // (SQLite gives the -wal and -shm files the database file's permissions)
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  createPrivateFile(path.split('?')[0]);
  return `file:${path}`;
}

/** Creates an empty file readable and writable by its owner only, unless it exists. */
function createPrivateFile(path: string): void {
  try {
    writeFileSync(path, '', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Makes the -wal and -shm files of a new database private too (SQLite copies the mode; this holds if it did not). */
function tightenSidecars(url: string): void {
  const path = url.slice('file:'.length).split('?')[0];
  for (const sidecar of [`${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(sidecar, 0o600);
    } catch {
      // not there (yet), or not ours to change
    }
  }
}

/** An open database. */
export interface OpenDatabase {
  client: Client;
  db: Database;
  url: string;
}

/**
 * Opens a database. Never call `client.transaction()` on it: for local files
 * @libsql/client opens a fresh connection afterwards, losing the pragmas (and,
 * for `:memory:`, the whole database). Use `client.batch()` for atomic writes.
 */
export async function openDatabase(options: { url?: string; migrate?: boolean } = {}): Promise<OpenDatabase> {
  const url = normalizeDatabaseUrl(options.url ?? DEFAULT_DATABASE_URL);
  const client = createClient({ url });
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
    tightenSidecars(url);
  }
  await client.execute('PRAGMA busy_timeout = 5000');
  await client.execute('PRAGMA foreign_keys = ON');
  const db: Database = drizzle(client, { schema });
  if (options.migrate !== false) await migrate(db, { migrationsFolder: migrationsFolder() });
  return { client, db, url };
}

/**
 * Closes a database. A file database is checkpointed first (`wal_checkpoint(TRUNCATE)`), so after a
 * clean shutdown the `.db` file alone holds every row (a copy or backup of it misses nothing).
 */
export async function closeDatabase(client: Client, url: string): Promise<void> {
  try {
    if (url.startsWith('file:')) await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch {
    // another connection is busy (the checkpoint is then partial); closing still must happen
  } finally {
    client.close();
  }
}
