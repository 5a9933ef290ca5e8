/**
 * The log worker's insert: one multi-row `INSERT` per chunk, its SQL built once per chunk size
 * from the Drizzle schema. Drizzle's query builder costs more CPU per row than SQLite's own
 * insert (a third of the worker's time in a profile), so the hot insert skips it; the column
 * list and value mapping still come from the schema, so the two cannot drift apart.
 * This is the path for remote databases; local files go through `openNativeLogRowInserter`.
 */
import { getTableColumns } from 'drizzle-orm';
import type { Client, InValue } from '@libsql/client';
import { requestLogs } from '../schema/index.js';

/** A row as `toLogRow` builds it. */
export type LogRowInsert = typeof requestLogs.$inferInsert;

/** Rows per statement: 22 columns × 200 rows stays far below SQLite's bound-variable limit. */
const ROWS_PER_STATEMENT = 200;

/** How a log row binds to an insert: the quoted column list, one `(?, …)` tuple, and a row's values in that order. */
export interface LogRowBinding {
  /** `"id", "created_at", …` in schema order. */
  names: string;
  /** `(?, ?, …)`, one placeholder per column. */
  tuple: string;
  /** Appends a row's driver values (column defaults for missing ones) to `into`. */
  append(row: LogRowInsert, into: InValue[]): void;
  /**
   * Appends the driver values of the row's columns that are not null, or that have a default, to
   * `into`, and returns which columns those are (bit i set: the i-th column, in schema order); the
   * others are left out of the insert, where SQLite stores their NULL without a value to bind.
   */
  appendPresent(row: LogRowInsert, into: InValue[]): number;
  /** `("a", "c") VALUES (?, ?)` for the columns `appendPresent` reported. */
  columnsOf(present: number): string;
  /** The mask of every column. */
  everyColumn: number;
}

/** The binding derived from the Drizzle schema, shared by both inserters so their SQL cannot drift. */
export function logRowBinding(): LogRowBinding {
  const columns = Object.entries(getTableColumns(requestLogs));
  // parallel arrays and an indexed loop: this runs for every column of every row in the worker
  const keys = columns.map(([key]) => key as keyof LogRowInsert);
  const mapped = columns.map(([, column]) => column);
  // A column may be left out of an insert only when leaving it out stores what binding null would: no default of any kind.
  const omissible = columns.map(([, column]) => !column.hasDefault && column.defaultFn === undefined && column.onUpdateFn === undefined);
  const bits = columns.map((_, index) => 2 ** index);
  if (columns.length > 52) throw new Error('request_logs has more columns than a present-column mask holds');
  return {
    everyColumn: 2 ** columns.length - 1,
    names: columns.map(([, column]) => `"${column.name}"`).join(', '),
    tuple: `(${columns.map(() => '?').join(', ')})`,
    append(row, into) {
      for (let index = 0; index < keys.length; index++) {
        const column = mapped[index];
        const given = row[keys[index]];
        const value = given === undefined ? column.default : given;
        into.push(value === undefined || value === null ? null : (column.mapToDriverValue(value) as InValue));
      }
    },
    appendPresent(row, into) {
      let present = 0;
      for (let index = 0; index < keys.length; index++) {
        const column = mapped[index];
        const given = row[keys[index]];
        const value = given === undefined ? column.default : given;
        if (value === undefined || value === null) {
          if (omissible[index]) continue;
          into.push(null);
        } else {
          into.push(column.mapToDriverValue(value) as InValue);
        }
        present += bits[index];
      }
      return present;
    },
    columnsOf(present) {
      const names: string[] = [];
      for (let index = 0; index < columns.length; index++) if (Math.floor(present / bits[index]) % 2 === 1) names.push(`"${columns[index][1].name}"`);
      return `(${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    },
  };
}

/** Creates the inserter for a connection; duplicate ids are ignored, as in `LogsRepository.insertMany`. */
export function createLogRowInserter(client: Client): (rows: readonly LogRowInsert[]) => Promise<void> {
  const binding = logRowBinding();
  const statements = new Map<number, string>();
  const statementFor = (count: number): string => {
    let sql = statements.get(count);
    if (!sql) {
      sql = `INSERT INTO "request_logs" (${binding.names}) VALUES ${Array.from({ length: count }, () => binding.tuple).join(', ')} ON CONFLICT DO NOTHING`;
      statements.set(count, sql);
    }
    return sql;
  };

  return async (rows) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const args: InValue[] = [];
      for (const row of chunk) binding.append(row, args);
      await client.execute({ sql: statementFor(chunk.length), args });
    }
  };
}
