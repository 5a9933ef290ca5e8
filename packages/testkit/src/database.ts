/**
 * The database of an end-to-end test, on whichever dialect the test project runs the suite on.
 *
 * The end-to-end suites run twice: on SQLite (a file in the test's temporary folder) and, in the
 * `*-postgres` projects, on the test run's Postgres (`ROUTER_TEST_STORE=postgres` in the project's
 * `env`; the project's global setup starts the cluster once and migrates a template). A test file
 * asks for `await e2eDatabase(dir)` and passes the URL on as `DATABASE_URL`, `--db` or
 * `openStore({ url })`; the databases it made are dropped after the file.
 *
 * Import this module only from test files: it registers an `afterAll` hook for the cleanup.
 */
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';

/** The dialect the end-to-end suite runs on in this project. */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.ROUTER_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** True when this project runs the suite on Postgres (for `it.skipIf(ON_POSTGRES)` on tests about SQLite files). */
export const ON_POSTGRES = TEST_STORE === 'postgres';

const created: (() => Promise<void>)[] = [];
let counter = 0;

/**
 * A fresh, migrated-on-first-open database for this test file: `file:<dir>/<name>.db` on SQLite,
 * or a new database copied from the run's migrated template on Postgres.
 */
export async function e2eDatabase(dir: string, name = 'router'): Promise<string> {
  if (!ON_POSTGRES) return `file:${join(dir, `${name}.db`)}`;
  const { createPostgresDatabase, dropPostgresDatabase } = await import('./postgres.js');
  const adminUrl = inject('postgresAdminUrl');
  if (!adminUrl) throw new Error('ROUTER_TEST_STORE=postgres, but this test project does not start Postgres (e2eProject(name, { postgres: true }))');
  // unique across the run's worker processes; Postgres names are at most 63 bytes
  const database = `e2e_${process.pid}_${++counter}_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`.slice(0, 63);
  const url = await createPostgresDatabase(adminUrl, database, inject('postgresTemplate'));
  created.push(() => dropPostgresDatabase(adminUrl, database));
  return url;
}

afterAll(async () => {
  await Promise.all(created.splice(0).map((drop) => drop().catch(() => undefined)));
});
