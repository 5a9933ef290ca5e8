// Reads the router's request log straight from its SQLite file (after the router has shut
// down and flushed), through the built @router/store so no extra driver is needed.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootDir } from './targets.mjs';

/** Counts the rows in `request_logs`, in total and per outcome. */
export async function countLogRows(databaseUrl) {
  const { openStore } = await import(pathToFileURL(path.join(rootDir, 'packages/store/dist/index.js')).href);
  const store = await openStore({ url: databaseUrl, migrate: false });
  try {
    const result = await store.client.execute('SELECT outcome, count(*) AS n FROM request_logs GROUP BY outcome');
    const outcomes = Object.fromEntries(result.rows.map((row) => [row.outcome, Number(row.n)]));
    // The provider's key must never reach a row (the log writer redacts it).
    const leaked = await store.client.execute(
      "SELECT count(*) AS n FROM request_logs WHERE instr(coalesce(request_body, '') || coalesce(response_body, '') || coalesce(error_message, '') || coalesce(response_reasoning, '') || coalesce(response_tool_calls, '') || coalesce(response_stream, '') || attempts, 'sk-bench-upstream') > 0",
    );
    return { rows: Object.values(outcomes).reduce((sum, n) => sum + n, 0), outcomes, leakedSecrets: Number(leaked.rows[0].n) };
  } finally {
    store.close();
  }
}
