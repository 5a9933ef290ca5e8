// The benchmark's databases: a Postgres of its own for `--store postgres`, and the log check
// (one row per request, no secret in any row) on either store. TypeScript, loaded with tsx, so
// it runs the test kit's and the store's own code: the same Postgres the tests start, the
// store's migrations, and its dialect-neutral raw queries.
import { readFileSync } from 'node:fs';
import { createPostgresDatabase, startTestPostgres } from '../../packages/testkit/src/postgres.ts';
import { rawRows } from '../../packages/store/src/dialect.ts';
import { migratePostgres } from '../../packages/store/src/postgres/open-postgres.ts';
import { openStore } from '../../packages/store/src/store.ts';
// drizzle-orm is the store's dependency, not the bench's: the store's own copy.
import { sql } from '../../packages/store/node_modules/drizzle-orm/index.js';

/** The provider key the router is configured with; it must never reach a row. */
const SECRET = 'sk-bench-upstream';

/** A running Postgres with one fresh, migrated database for the router. */
export interface BenchPostgres {
  /** The router's database (`postgres://…@127.0.0.1:<port>/router_bench`). */
  url: string;
  /** The server's version line. */
  version: string;
  /** The postmaster's process id: the server is it and the processes it forks. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts Postgres on 127.0.0.1 (the test setup's server), makes a database and migrates it. */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const cluster = await startTestPostgres();
  try {
    const url = await createPostgresDatabase(cluster.url(), 'router_bench');
    await migratePostgres(url);
    const store = await openStore({ url, migrate: false, poolSize: 1 });
    try {
      const [row] = await rawRows<{ version: string; pid: number }>(store.db, sql`SELECT version() AS version, pg_backend_pid() AS pid`);
      // a connection's backend is forked by the postmaster: its parent is the server's root process
      const parent = readFileSync(`/proc/${row.pid}/status`, 'utf8').match(/^PPid:\s+(\d+)/m);
      if (!parent) throw new Error(`cannot find the Postgres server's process (backend ${row.pid})`);
      return { url, version: row.version.split(' on ')[0], pid: Number(parent[1]), stop: () => cluster.stop() };
    } finally {
      await store.close();
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** What the router logged: rows in total and per outcome, and rows holding the provider's key. */
export interface LogRowCount {
  rows: number;
  outcomes: Record<string, number>;
  leakedSecrets: number;
}

/** Counts the rows in `request_logs` of a stopped router's database (SQLite file or Postgres). */
export async function countLogRows(databaseUrl: string): Promise<LogRowCount> {
  const store = await openStore({ url: databaseUrl, migrate: false, poolSize: 1 });
  try {
    const byOutcome = await rawRows<{ outcome: string; n: number | string }>(store.db, sql`SELECT outcome, count(*) AS n FROM request_logs GROUP BY outcome`);
    const outcomes = Object.fromEntries(byOutcome.map((row) => [row.outcome, Number(row.n)]));
    // The log writer redacts the provider's key from every column it stores.
    const [leaked] = await rawRows<{ n: number | string }>(
      store.db,
      sql`SELECT count(*) AS n FROM request_logs WHERE (coalesce(request_body, '') || coalesce(response_body, '') || coalesce(error_message, '') || coalesce(response_reasoning, '') || coalesce(response_tool_calls, '') || coalesce(response_stream, '') || attempts) LIKE ${`%${SECRET}%`}`,
    );
    return { rows: Object.values(outcomes).reduce((sum, n) => sum + n, 0), outcomes, leakedSecrets: Number(leaked.n) };
  } finally {
    await store.close();
  }
}
