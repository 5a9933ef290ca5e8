/**
 * The log worker's insert for local database files: its own `libsql` connection (the native
 * package @libsql/client runs on), a prepared single-row `INSERT`, run once per row inside one
 * transaction per batch. A multi-row statement through @libsql/client is prepared afresh on
 * every call and costs about twice as much per row; binding values is what remains, about half a
 * microsecond a value, so a row binds only its columns that hold something (most rows leave a
 * dozen of the table's columns null): one prepared statement per set of present columns, kept.
 */
import Database from 'libsql';
import type { InValue } from '@libsql/client';
import { logRowBinding, type LogRowInsert } from './insert-log-rows.js';
import type { PruneConnection } from '../log/prune-logs.js';

/** Prepared inserts kept at most (one per set of present columns seen); past it they are prepared afresh. */
const MAX_STATEMENTS = 64;

/** The worker's inserter: synchronous, since the native driver is. */
export interface NativeLogRowInserter {
  /** Inserts the rows in one transaction, ignoring duplicate ids; on failure nothing is written. */
  insert(rows: readonly LogRowInsert[]): void;
  /** The same connection for log retention (`pruneLogs`). */
  prune: PruneConnection;
  /** Closes the connection. */
  close(): void;
}

/**
 * The file path of a local database URL (`file:data/x.db`, `file:///tmp/x.db`), or `null` for
 * anything the native connection should not open: remote URLs, memory, or URLs with options.
 */
export function localDatabasePath(url: string): string | null {
  if (!url.startsWith('file:') || /[?#]/.test(url)) return null;
  let path = url.slice('file:'.length);
  if (path.startsWith('//')) {
    const authority = path.slice(2, path.indexOf('/', 2) === -1 ? undefined : path.indexOf('/', 2));
    if (authority !== '' && authority !== 'localhost') return null;
    path = path.slice(2 + authority.length);
  }
  const decoded = decodeURIComponent(path);
  return decoded === '' || decoded.startsWith(':memory:') ? null : decoded;
}

/**
 * Opens the connection with the pragmas `openDatabase` sets (busy timeout 5000 ms unless told) and prepares the insert. Throws
 * (and closes what it opened) when the table is not there yet, so the caller can retry later.
 */
export function openNativeLogRowInserter(path: string, options: { busyTimeoutMs?: number } = {}): NativeLogRowInserter {
  const database = new Database(path);
  try {
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    // A CLI writing at the same moment holds the lock briefly: wait for it rather than fail.
    database.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    const binding = logRowBinding();
    // by the present-column mask; rows of one kind share a handful of shapes
    const statements = new Map<number, ReturnType<typeof database.prepare>>();
    const statementFor = (present: number) => {
      let statement = statements.get(present);
      if (!statement) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statement = database.prepare(`INSERT INTO "request_logs" ${binding.columnsOf(present)} ON CONFLICT DO NOTHING`);
        statements.set(present, statement);
      }
      return statement;
    };
    // prepared now, so a database without the table fails here (the caller retries the open later)
    statementFor(binding.everyColumn);
    const values: InValue[] = [];
    return {
      insert(rows) {
        if (rows.length === 0) return;
        // IMMEDIATE takes the write lock up front (waiting out a busy database), so a batch
        // never fails halfway for want of it.
        database.exec('BEGIN IMMEDIATE');
        try {
          for (const row of rows) {
            values.length = 0;
            statementFor(binding.appendPresent(row, values)).run(values);
          }
          database.exec('COMMIT');
        } catch (error) {
          if (database.inTransaction) database.exec('ROLLBACK');
          throw error;
        }
      },
      prune: {
        number: (sql, args = []) => Number(Object.values((database.prepare(sql).get([...args]) as Record<string, unknown> | undefined) ?? {})[0] ?? 0),
        run: (sql, args = []) => database.prepare(sql).run([...args]).changes,
      },
      close: () => database.close(),
    };
  } catch (error) {
    database.close();
    throw error;
  }
}
