/**
 * The log worker's insert on Postgres: one multi-row `INSERT … ON CONFLICT DO NOTHING` per chunk
 * (postgres.js's bulk helper, one round trip per chunk), the column list and value mapping taken
 * from the Postgres schema so the insert cannot drift from it. Rows are what `toLogRow` builds
 * (the same objects the SQLite inserters take); their keys are the schema's property names.
 */
import { getTableColumns } from 'drizzle-orm';
import type { Sql } from 'postgres';
import type { LogRowInsert } from '../sqlite/insert-log-rows.js';
import { requestLogs } from './schema.js';

/** Postgres binds at most 65,535 parameters per statement: rows per chunk stay well below it. */
const ROWS_PER_STATEMENT = 500;

type DriverValue = string | number | boolean | null;

/** Creates the inserter; duplicate ids are ignored, as the SQLite paths do. */
export function createPostgresLogRowInserter(sql: Sql): (rows: readonly LogRowInsert[]) => Promise<void> {
  const columns = Object.entries(getTableColumns(requestLogs));
  const keys = columns.map(([key]) => key as keyof LogRowInsert);
  const names = columns.map(([, column]) => column.name);
  const mapped = columns.map(([, column]) => column);
  const toRecord = (row: LogRowInsert): Record<string, DriverValue> => {
    const record: Record<string, DriverValue> = {};
    for (let index = 0; index < keys.length; index++) {
      const column = mapped[index];
      const given = row[keys[index]];
      const value = given === undefined ? column.default : given;
      record[names[index]] = value === undefined || value === null ? null : (column.mapToDriverValue(value) as DriverValue);
    }
    return record;
  };
  return async (rows) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT).map(toRecord);
      await sql`insert into request_logs ${sql(chunk, names)} on conflict do nothing`;
    }
  };
}
