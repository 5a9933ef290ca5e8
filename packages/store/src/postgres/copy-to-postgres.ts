/**
 * `migrate-store`: copies an SQLite store (configuration, history, key usage and logs) into a
 * Postgres one, table by table in foreign-key order, with the Postgres migrations applied first.
 * Idempotent: rows already in the target (by primary key) are kept as they are, so running it
 * again copies only what is new. Every batch is checked after it is written: each source row's key
 * must then be in the target, or the copy stops with an error naming the table.
 */
import { and, asc, eq, getTableColumns, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase, closeDatabase } from '../sqlite/open-sqlite.js';
import * as sqliteSchema from '../schema/index.js';
import { openPostgres, isPostgresUrl, type OpenPostgres } from './open-postgres.js';
import * as pgSchema from './schema.js';

/** What was copied of one table. */
export interface TableCopy {
  table: string;
  /** Rows in the source. */
  source: number;
  /** Rows this run wrote (rows already in the target are not counted). */
  copied: number;
  /** Rows in the target afterwards. */
  target: number;
}

/** Tables in the order their foreign keys need (`config_revision` is handled apart). */
const TABLES = [
  'providers', 'providerConfig', 'models', 'providerModels', 'settings', 'modelMappings', 'routeOptions', 'shadowTargets',
  'modelPrices', 'clientKeys', 'clientKeyUsage', 'configHistory', 'requestLogs',
] as const satisfies readonly (keyof typeof pgSchema & keyof typeof sqliteSchema)[];

/** Rows per read and per insert (request log rows carry bodies: batches stay small). */
const BATCH = 500;

/** A URL with its password masked, for messages. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

function keyColumns(table: PgTable): string[] {
  const config = getTableConfig(table);
  const composite = config.primaryKeys[0]?.columns.map((column) => column.name);
  if (composite && composite.length > 0) return composite;
  return config.columns.filter((column) => column.primary).map((column) => column.name);
}

/** Property names (the schema's keys) of the given column names. */
function keyProperties(table: PgTable, names: readonly string[]): string[] {
  const byName = new Map(Object.entries(getTableColumns(table)).map(([property, column]) => [column.name, property]));
  return names.map((name) => byName.get(name)!);
}

/** Copies `from` (an SQLite URL or file) into `to` (a Postgres URL); `onProgress` hears each batch. */
export async function copyStoreToPostgres(options: { from: string; to: string; onProgress?: (table: string, copied: number, source: number) => void }): Promise<TableCopy[]> {
  if (!isPostgresUrl(options.to)) throw new Error(`--to must be a postgres:// URL, not ${maskDatabaseUrl(options.to)}`);
  if (isPostgresUrl(options.from)) throw new Error('--from must be an SQLite database (a file or libsql URL)');
  let target: OpenPostgres;
  try {
    target = await openPostgres(options.to, { poolSize: 2, connectTimeoutSeconds: 10 });
  } catch (error) {
    throw new Error(`cannot open ${maskDatabaseUrl(options.to)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const source = await openDatabase({ url: options.from });
  try {
    const results: TableCopy[] = [];
    for (const name of TABLES) results.push(await copyTable(name, source.db, target, options.onProgress));
    // the identity of config_history continues after the copied ids
    await target.sql`select setval(pg_get_serial_sequence('config_history', 'id'), greatest((select coalesce(max(id), 0) from config_history), 1))`;
    // routers watching the target see a new revision, past the source's
    const [sourceRevision] = await source.db.select().from(sqliteSchema.configRevision).where(eq(sqliteSchema.configRevision.id, 1));
    await target.sql`update config_revision set revision = greatest(revision, ${sourceRevision?.revision ?? 0}) + 1 where id = 1`;
    return results;
  } finally {
    await closeDatabase(source.client, source.url);
    await target.close();
  }
}

async function copyTable(
  name: (typeof TABLES)[number],
  source: Awaited<ReturnType<typeof openDatabase>>['db'],
  target: OpenPostgres,
  onProgress?: (table: string, copied: number, source: number) => void,
): Promise<TableCopy> {
  const from = sqliteSchema[name] as unknown as SQLiteTable;
  const to = pgSchema[name] as unknown as PgTable;
  const tableName = getTableConfig(to).name;
  const keys = keyProperties(to, keyColumns(to));
  const fromColumns = getTableColumns(from) as Record<string, SQLiteColumn>;
  const toColumns = getTableColumns(to) as Record<string, PgColumn>;
  const [{ count: total }] = await source.select({ count: sql<number>`count(*)` }).from(from);
  let copied = 0;
  let last: Record<string, unknown> | null = null;
  for (;;) {
    // keyset pagination on the primary key, so a large log is read in bounded batches
    let after: SQL | undefined;
    if (last !== null) {
      const row = last;
      // (k1, k2, …) > (v1, v2, …), spelled out for SQLite
      const clauses = keys.map((key, index) => and(...keys.slice(0, index).map((earlier) => eq(fromColumns[earlier], row[earlier])), gt(fromColumns[key], row[key])));
      after = or(...clauses);
    }
    const rows = (await source.select().from(from).where(after).orderBy(...keys.map((key) => asc(fromColumns[key]))).limit(BATCH)) as Record<string, unknown>[];
    if (rows.length === 0) break;
    const inserted = await target.db.insert(to).values(rows).onConflictDoNothing().returning({ one: sql<number>`1` });
    copied += inserted.length;
    // every row of the batch must now be in the target
    const match = keys.length === 1
      ? inArray(toColumns[keys[0]], rows.map((row) => row[keys[0]]))
      : or(...rows.map((row) => and(...keys.map((key) => eq(toColumns[key], row[key])))));
    const [{ present }] = await target.db.select({ present: sql<number>`count(*)::int` }).from(to).where(match);
    if (Number(present) !== rows.length) throw new Error(`copying ${tableName}: ${rows.length - Number(present)} of a batch of ${rows.length} rows are missing from the target afterwards`);
    onProgress?.(tableName, copied, Number(total));
    last = rows[rows.length - 1];
    if (rows.length < BATCH) break;
  }
  const [{ count: after }] = await target.db.select({ count: sql<number>`count(*)::int` }).from(to);
  return { table: tableName, source: Number(total), copied, target: Number(after) };
}
