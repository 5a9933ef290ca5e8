/**
 * The store's repository behaviours on both of its dialects: a test file runs its tests once per
 * dialect (`describe.each(DIALECTS)`) and gets, per test or per file, a fresh database of that
 * dialect: an SQLite file in a new temporary folder, or a Postgres database copied from the
 * migrated template (in a test project started with `postgres: true`). It opens the store itself
 * (through the `open` function it is given, so this package needs no dependency on the store) and
 * closes and removes it afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

/** A fresh, empty database of `dialect`; `name` (letters, digits, `_`) tells whose it is. */
export async function testDatabase(dialect: Dialect, name: string): Promise<TestDatabase> {
  created++;
  if (dialect === 'postgres') {
    const database = await postgresTestDatabase(inject, `${name.slice(0, 30)}_${created}`);
    return { dialect, url: database.url, migrated: true, drop: database.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'router-store-'));
  return {
    dialect,
    url: `file:${join(dir, 'router.db')}`,
    migrated: false,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Registers hooks that give each test (`scope: 'each'`, the default) or the whole enclosing
 * `describe` (`scope: 'all'`) a fresh store of `dialect`, opened by `open` on a fresh database,
 * and close and remove it after. Returns a getter for the current store (call it inside a test).
 */
export function useTestStore<S extends { close(): Promise<void> }>(dialect: Dialect, open: (database: TestDatabase) => Promise<S>, options: { name?: string; scope?: 'each' | 'all' } = {}): () => S {
  let current: { store: S; database: TestDatabase } | undefined;
  const before = async () => {
    const database = await testDatabase(dialect, options.name ?? 'store');
    try {
      current = { store: await open(database), database };
    } catch (error) {
      await database.drop();
      throw error;
    }
  };
  const after = async () => {
    const open = current;
    current = undefined;
    if (!open) return;
    try {
      await open.store.close();
    } finally {
      await open.database.drop();
    }
  };
  if (options.scope === 'all') {
    beforeAll(before);
    afterAll(after);
  } else {
    beforeEach(before);
    afterEach(after);
  }
  return () => {
    if (!current) throw new Error('useTestStore: the store is open only inside a test');
    return current.store;
  };
}
