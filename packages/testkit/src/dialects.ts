/**
 * The store's repository behaviours on both of its dialects: a test file runs its tests once per
 * dialect (`describe.each(DIALECTS)`) and gets, per test or per file, a fresh database of that
 * dialect: an SQLite file in a new temporary folder, or a Postgres database copied from the
 * migrated template (in a test project started with `postgres: true`). It opens the store itself
 * (through the `open` function it is given, so this package needs no dependency on the store) and
 * closes and removes it afterwards.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { postgresTestDatabase } from './postgres.js';

/** The store's dialects, for `describe.each`. */
export const DIALECTS = ['sqlite', 'postgres'] as const;

/** One of the store's dialects. */
export type Dialect = (typeof DIALECTS)[number];

/** A fresh database for a test. */
export interface TestDatabase {
  dialect: Dialect;
  /** `file:/tmp/…/router.db`, or `postgres://…` */
  url: string;
  /** Whether it is migrated already (the Postgres template is): open it with `migrate: !migrated`. */
  migrated: boolean;
  /** Removes it: the SQLite file's folder, or the Postgres database. */
  drop(): Promise<void>;
}

let created = 0;

/**
 * A fresh database of `dialect`; `name` (letters, digits, `_`) tells whose it is. On Postgres it
 * is copied from the migrated template; on SQLite it is a new file, empty, or a copy of
 * `options.sqliteTemplate` (a migrated, checkpointed database file) when given.
 */
export async function testDatabase(dialect: Dialect, name: string, options: { sqliteTemplate?: string } = {}): Promise<TestDatabase> {
  created++;
  if (dialect === 'postgres') {
    const database = await postgresTestDatabase(inject, `${name.slice(0, 30)}_${created}`);
    return { dialect, url: database.url, migrated: true, drop: database.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'router-store-'));
  const file = join(dir, 'router.db');
  if (options.sqliteTemplate) copyFileSync(options.sqliteTemplate, file);
  return {
    dialect,
    url: `file:${file}`,
    migrated: options.sqliteTemplate !== undefined,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Registers hooks that give each test (`scope: 'each'`, the default) or the whole enclosing
 * `describe` (`scope: 'all'`) a fresh store of `dialect`, opened by `open` on a fresh database,
 * and close and remove it after. `sqliteTemplate` gives the path of a migrated SQLite file to
 * copy (much faster than migrating each file). On Postgres, `postgresReset` (given a store just
 * opened) empties a database back to its state as made: each test then gets a new store on one
 * database per `describe`, emptied first, instead of a database of its own (emptying a small
 * database is several times faster than copying the template). Returns a getter for the current
 * store (call it inside a test or hook).
 */
export function useTestStore<S extends { close(): Promise<void> }>(
  dialect: Dialect,
  open: (database: TestDatabase) => Promise<S>,
  options: { name?: string; scope?: 'each' | 'all'; sqliteTemplate?: () => Promise<string>; postgresReset?: (store: S) => Promise<void> } = {},
): () => S {
  let current: { store: S; database: TestDatabase } | undefined;
  const fresh = async () => {
    const sqliteTemplate = dialect === 'sqlite' && options.sqliteTemplate ? await options.sqliteTemplate() : undefined;
    return testDatabase(dialect, options.name ?? 'store', { sqliteTemplate });
  };
  const openOn = async (database: TestDatabase, reset?: (store: S) => Promise<void>) => {
    const store = await open(database);
    try {
      await reset?.(store);
    } catch (error) {
      await store.close();
      throw error;
    }
    current = { store, database };
  };
  const closeCurrent = async () => {
    const opened = current;
    current = undefined;
    await opened?.store.close();
  };
  const reset = dialect === 'postgres' && options.scope !== 'all' ? options.postgresReset : undefined;
  if (reset) {
    let shared: TestDatabase | undefined;
    beforeAll(async () => {
      shared = await fresh();
    });
    afterAll(async () => {
      await shared?.drop();
      shared = undefined;
    });
    beforeEach(() => openOn(shared!, reset));
    afterEach(closeCurrent);
  } else {
    const before = async () => {
      const database = await fresh();
      try {
        await openOn(database);
      } catch (error) {
        await database.drop();
        throw error;
      }
    };
    const after = async () => {
      const database = current?.database;
      try {
        await closeCurrent();
      } finally {
        await database?.drop();
      }
    };
    if (options.scope === 'all') {
      beforeAll(before);
      afterAll(after);
    } else {
      beforeEach(before);
      afterEach(after);
    }
  }
  return () => {
    if (!current) throw new Error('useTestStore: the store is open only inside a test');
    return current.store;
  };
}
