/**
 * For the store's own tests: a fresh store of either dialect per test (or per `describe` with
 * `scope: 'all'`), opened on a database from `@router/testkit/dialects` and closed and removed
 * after. Used as `describe.each(DIALECTS)('… on %s', (dialect) => { const store = useStore(dialect); … })`.
 * SQLite files are copies of one migrated file (made once per test process), as Postgres
 * databases are copies of the migrated template.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestStore, type Dialect } from '@router/testkit/dialects';
import { closeDatabase, openDatabase } from './open-store.js';
import { openStore, type OpenStoreOptions, type Store } from './store.js';

export { DIALECTS, type Dialect } from '@router/testkit/dialects';

let template: Promise<string> | undefined;

/** A migrated SQLite file, checkpointed and closed, to copy. */
function sqliteTemplate(): Promise<string> {
  template ??= (async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'router-store-template-')), 'template.db');
    const opened = await openDatabase({ url: `file:${path}` });
    await closeDatabase(opened.client, opened.url);
    return path;
  })();
  return template;
}

/** Registers the hooks; returns a getter for the current store (call it inside a test or hook). */
export function useStore(dialect: Dialect, options: { name?: string; scope?: 'each' | 'all'; open?: Omit<OpenStoreOptions, 'url' | 'migrate'> } = {}): () => Store {
  return useTestStore(dialect, (database) => openStore({ ...options.open, url: database.url, migrate: !database.migrated }), { ...options, sqliteTemplate });
}
