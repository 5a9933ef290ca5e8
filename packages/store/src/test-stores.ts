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
import { closeDatabase, openDatabase } from './sqlite/open-sqlite.js';
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

/**
 * Empties a Postgres store's database back to the migrated template's state: every table but the
 * revision emptied (foreign keys and triggers off meanwhile: `session_replication_role`, which the
 * test cluster's superuser may set), sequences restarted, the revision back to 1.
 */
async function resetPostgres(store: Store): Promise<void> {
  if (store.dialect !== 'postgres') return;
  await store.sql.unsafe(`DO $$
    DECLARE item record;
    BEGIN
      SET LOCAL session_replication_role = replica;
      FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'config_revision' LOOP
        EXECUTE format('DELETE FROM %I', item.tablename);
      END LOOP;
      FOR item IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
        PERFORM setval(format('%I', item.sequencename), 1, false);
      END LOOP;
      UPDATE config_revision SET revision = 1;
    END $$`);
}

/** Registers the hooks; returns a getter for the current store (call it inside a test or hook). */
export function useStore(dialect: Dialect, options: { name?: string; scope?: 'each' | 'all'; open?: Omit<OpenStoreOptions, 'url' | 'migrate'> } = {}): () => Store {
  return useTestStore(dialect, (database) => openStore({ ...options.open, url: database.url, migrate: !database.migrated }), { ...options, sqliteTemplate, postgresReset: resetPostgres });
}
