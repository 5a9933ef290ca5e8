// The bench's database helpers (bench/lib/store.ts) are TypeScript, to reuse the store's and
// the test kit's sources: loaded once, on first use, with tsx.
import { tsImport } from 'tsx/esm/api';

let loaded;
/** `startBenchPostgres()` and `countLogRows()` from bench/lib/store.ts. */
export function storeTools() {
  loaded ??= tsImport('./store.ts', import.meta.url);
  return loaded;
}

/** Counts the rows in `request_logs` of a stopped router's database, in total and per outcome, and the rows holding the provider's key. */
export async function countLogRows(databaseUrl) {
  return (await storeTools()).countLogRows(databaseUrl);
}
