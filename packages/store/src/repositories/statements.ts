/** Write statements collected from several repositories and run together, so a multi-step change is all or nothing. */
import type { Database } from '../open-store.js';

/** One write statement (a Drizzle query builder) that `db.batch` accepts. */
export type Statement = Parameters<Database['batch']>[0][number];

/** Runs the statements in one batch (one transaction): every one of them or none. */
export async function runBatch(db: Database, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  await db.batch(statements as [Statement, ...Statement[]]);
}
