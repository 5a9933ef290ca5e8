/**
 * Log retention: removes the request log's oldest rows, in small batches, until the log is
 * within its policy (age, row count, size). Each batch is one short `DELETE` (its own
 * transaction), and the caller's `pause` runs between batches, so the log writer and config
 * writes get the database in between: no long lock. Nothing is vacuumed: SQLite reuses the
 * freed pages for new rows, so the file stops growing instead of shrinking.
 *
 * Size is measured as the database's used pages, `(page_count - freelist_count) * page_size`:
 * cheap (no scan), and it counts what the rows really take on disk (indexes, overflow pages),
 * the configuration tables included (they are tiny next to the log).
 *
 * On Postgres, files do not shrink or show freed space until a vacuum, so the size bound counts
 * the log rows themselves (`pg_column_size` of each row, in one pass): the oldest rows whose sizes
 * add up to the excess are removed, and autovacuum lets new rows reuse their space.
 */
import type { Client } from '@libsql/client';
import type { Sql } from 'postgres';
import type { RetentionPolicy } from './log-policy.js';

/** The few calls pruning makes, over either driver. */
export interface PruneConnection {
  /** The SQL it speaks (default SQLite); statements use `?` placeholders either way. */
  dialect?: 'sqlite' | 'postgres';
  /** Runs a query and returns its first row's first column as a number. */
  number(sql: string, args?: readonly (string | number)[]): Promise<number> | number;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, args?: readonly (string | number)[]): Promise<number> | number;
}

/** Options for one pruning pass. */
export interface PruneOptions {
  /** The time to measure ages from, epoch ms (injected, so tests need no clock). */
  now: number;
  /** Rows per `DELETE` (default 500). */
  batchSize?: number;
  /** Count what would go instead of deleting it (the size bound is then estimated from the rows' text lengths). */
  dryRun?: boolean;
  /** Awaited between batches (default: the next turn of the event loop). */
  pause?: () => Promise<void>;
  /** Checked between batches: pruning stops early when it says so (say, the writer is closing). */
  stopped?: () => boolean;
}

/** What one pass removed (or, in a dry run, would remove). */
export interface PruneResult {
  /** Rows removed in all. */
  deleted: number;
  /** Of them, older than the age bound. */
  byAge: number;
  /** Of them, beyond the row-count bound. */
  byRows: number;
  /** Of them, to bring the database within the size bound. */
  bySize: number;
  /** `DELETE` statements run. */
  batches: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `DELETE` of the oldest rows matching a condition, at most `?` of them (the index on `created_at` finds them in order). */
const deleteOldest = (where: string, dialect: PruneConnection['dialect']) =>
  dialect === 'postgres'
    ? `DELETE FROM "request_logs" WHERE "id" IN (SELECT "id" FROM "request_logs"${where} ORDER BY "created_at", "id" LIMIT ?)`
    : `DELETE FROM "request_logs" WHERE rowid IN (SELECT rowid FROM "request_logs"${where} ORDER BY "created_at", rowid LIMIT ?)`;

/** Postgres: how many of the oldest rows (after `skip`) add up to `excess` bytes, and the log's size (each row's `pg_column_size`). */
async function postgresRowsOver(connection: PruneConnection, maxBytes: number, skip: number): Promise<number> {
  const used = await connection.number('SELECT coalesce(sum(pg_column_size(l.*)), 0) FROM "request_logs" l');
  const excess = used - maxBytes;
  if (excess <= 0) return 0;
  return connection.number(
    `SELECT count(*) FROM (
       SELECT sum(size) OVER (ORDER BY created_at, id ROWS UNBOUNDED PRECEDING) - size AS before FROM (
         SELECT id, created_at, pg_column_size(l.*) AS size FROM "request_logs" l ORDER BY "created_at", "id" OFFSET ?) sized) running
     WHERE before < ?`,
    [skip, excess],
  );
}

/** Bytes the database's pages hold, free pages not counted. */
async function usedBytes(connection: PruneConnection): Promise<number> {
  const pages = await connection.number('PRAGMA page_count');
  const free = await connection.number('PRAGMA freelist_count');
  const size = await connection.number('PRAGMA page_size');
  return (pages - free) * size;
}

/** Removes what the policy does not keep; see the module comment. */
export async function pruneLogs(connection: PruneConnection, policy: RetentionPolicy, options: PruneOptions): Promise<PruneResult> {
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? 500));
  const pause = options.pause ?? nextTurn;
  const stopped = options.stopped ?? (() => false);
  const result: PruneResult = { deleted: 0, byAge: 0, byRows: 0, bySize: 0, batches: 0 };

  /** Deletes the oldest rows matching `where` in batches of at most `limit(taken so far)`, until a batch comes up short; returns the total. */
  const deleteWhile = async (where: string, args: (string | number)[], limit: (taken: number) => Promise<number> | number): Promise<number> => {
    let taken = 0;
    for (;;) {
      const wanted = Math.min(batchSize, await limit(taken));
      if (wanted <= 0 || stopped()) return taken;
      const changed = await connection.run(deleteOldest(where, connection.dialect), [...args, wanted]);
      result.batches++;
      taken += changed;
      if (changed < wanted) return taken;
      await pause();
    }
  };

  if (policy.maxAgeMs !== null) {
    const cutoff = options.now - policy.maxAgeMs;
    result.byAge = options.dryRun
      ? await connection.number('SELECT count(*) FROM "request_logs" WHERE "created_at" < ?', [cutoff])
      : await deleteWhile(' WHERE "created_at" < ?', [cutoff], () => batchSize);
  }
  if (policy.maxRows !== null) {
    const remaining = (await connection.number('SELECT count(*) FROM "request_logs"')) - (options.dryRun ? result.byAge : 0);
    const excess = Math.max(0, remaining - policy.maxRows);
    result.byRows = options.dryRun ? excess : await deleteWhile('', [], (taken) => excess - taken);
  }
  if (policy.maxBytes !== null) {
    const maxBytes = policy.maxBytes;
    if (connection.dialect === 'postgres') {
      const over = await postgresRowsOver(connection, maxBytes, options.dryRun ? result.byAge + result.byRows : 0);
      result.bySize = options.dryRun ? over : await deleteWhile('', [], (taken) => over - taken);
      result.deleted = result.byAge + result.byRows + result.bySize;
      return result;
    }
    // Freed pages show at once in freelist_count, so every batch re-measures.
    result.bySize = options.dryRun
      ? await estimateBySize(connection, maxBytes, result.byAge + result.byRows)
      : await deleteWhile('', [], async () => ((await usedBytes(connection)) > maxBytes ? batchSize : 0));
  }
  result.deleted = result.byAge + result.byRows + result.bySize;
  return result;
}

/** A dry run's guess for the size bound: the oldest rows (after the `skip` already counted) whose text adds up to the excess. */
async function estimateBySize(connection: PruneConnection, maxBytes: number, skip: number): Promise<number> {
  const excess = (await usedBytes(connection)) - maxBytes;
  if (excess <= 0) return 0;
  // Each row costs its text plus about 200 bytes of numbers, keys and index entries.
  const cost = `200 + coalesce(length(request_body), 0) + coalesce(length(response_body), 0) + coalesce(length(response_reasoning), 0)
    + coalesce(length(response_tool_calls), 0) + coalesce(length(response_stream), 0) + coalesce(length(response_state), 0) + length(attempts)`;
  return connection.number(
    `SELECT count(*) FROM (
       SELECT sum(cost) OVER (ORDER BY created_at, rid ROWS UNBOUNDED PRECEDING) - cost AS before FROM (
         SELECT rowid AS rid, created_at, ${cost} AS cost FROM "request_logs" ORDER BY "created_at", rowid LIMIT -1 OFFSET ?))
     WHERE before < ?`,
    [skip, excess],
  );
}

/** Pruning over a libsql client (the CLI, the in-thread writer, a remote database). */
export function clientPruneConnection(client: Client): PruneConnection {
  return {
    async number(sql, args = []) {
      const result = await client.execute({ sql, args: [...args] });
      return Number(result.rows[0]?.[0] ?? 0);
    },
    async run(sql, args = []) {
      return (await client.execute({ sql, args: [...args] })).rowsAffected;
    },
  };
}

/** Pruning over a postgres.js connection (the log worker on Postgres): `?` placeholders become `$1`, `$2`, …. */
export function postgresPruneConnection(sql: Sql): PruneConnection {
  const numbered = (text: string) => {
    let index = 0;
    return text.replace(/\?/g, () => `$${++index}`);
  };
  return {
    dialect: 'postgres',
    async number(text, args = []) {
      const rows = await sql.unsafe(numbered(text), [...args]);
      const first = rows[0] as Record<string, unknown> | undefined;
      return Number(first ? Object.values(first)[0] ?? 0 : 0);
    },
    async run(text, args = []) {
      return (await sql.unsafe(numbered(text), [...args])).count;
    },
  };
}
