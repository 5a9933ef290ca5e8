/**
 * What differs between the store's two dialects, for code that is otherwise the same on both.
 *
 * Repositories take a Drizzle database and use only what both dialects' query builders share
 * (select, insert, update and delete builders, awaited), with the tables of the database's own
 * schema (`tablesOf(db)`): the Postgres schema mirrors the SQLite one property for property (a
 * test keeps them equal), so both read and write the same JavaScript values. The few things
 * that differ go through the helpers here: an all-or-nothing batch of statements, raw SQL
 * statements and rows, and insertion order. A database opened by `openStore` on a `postgres://`
 * URL is registered here; any other is taken for SQLite.
 */
import { type SQL, sql } from 'drizzle-orm';
import { InvalidRequestError } from '@router/core';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import type { Database } from './open-store.js';
import * as pgTables from './postgres/schema.js';
import * as sqliteTables from './schema/index.js';

/** The tables, typed as the SQLite schema's (the Postgres ones have the same properties and values). */
export type Tables = typeof sqliteTables;

/** One write statement (a Drizzle query builder, or `rawStatement`) for `runBatch`. */
export type Statement = Parameters<Database['batch']>[0][number];

interface PostgresInfo {
  sql: Sql;
}

const postgresDatabases = new WeakMap<object, PostgresInfo>();
const pgDialect = new PgDialect();

/** Registers a Drizzle database over Postgres (done by `openStore`). */
export function registerPostgresDatabase(db: object, client: Sql): void {
  postgresDatabases.set(db, { sql: client });
}

/** The postgres.js client of a Postgres database (undefined for SQLite). */
export function postgresClientOf(db: Database): Sql | undefined {
  return postgresDatabases.get(db)?.sql;
}

/** Which dialect a database speaks. */
export function dialectOf(db: Database): 'sqlite' | 'postgres' {
  return postgresDatabases.has(db) ? 'postgres' : 'sqlite';
}

/** The tables of a database's schema. */
export function tablesOf(db: Database): Tables {
  return postgresDatabases.has(db) ? (pgTables as unknown as Tables) : sqliteTables;
}

/**
 * Refuses a value holding a NUL character before anything is written: Postgres text cannot hold
 * one, and SQLite would store it but read the text back cut at it. The same 400 on both.
 */
function refuseNul(statements: readonly Statement[]): void {
  for (const statement of statements) {
    const toSQL = (statement as unknown as { toSQL?: () => { params: unknown[] } }).toSQL;
    if (typeof toSQL !== 'function') continue;
    for (const param of toSQL.call(statement).params) {
      if (typeof param === 'string' && param.includes('\u0000')) {
        throw new InvalidRequestError('A value holds a NUL character (\\u0000), which cannot be stored. Nothing was changed.', null, 'invalid_value');
      }
    }
  }
}

/** Runs the statements in one transaction: every one of them or none. */
export async function runBatch(db: Database, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  refuseNul(statements);
  const postgres = postgresDatabases.get(db);
  if (!postgres) {
    await db.batch(statements as [Statement, ...Statement[]]);
    return;
  }
  await postgres.sql.begin(async (tx) => {
    for (const statement of statements) {
      const query = (statement as unknown as { toSQL(): { sql: string; params: unknown[] } }).toSQL();
      await tx.unsafe(query.sql, query.params as never[]);
    }
  });
}

/** A raw SQL write as a statement `runBatch` takes. */
export function rawStatement(db: Database, query: SQL): Statement {
  if (!postgresDatabases.has(db)) return db.run(query) as unknown as Statement;
  return { toSQL: () => pgDialect.sqlToQuery(query) } as unknown as Statement;
}

/** Runs a raw SQL query and returns its rows (column names as the query spells them: quote camel-case aliases). */
export async function rawRows<T>(db: Database, query: SQL): Promise<T[]> {
  const postgres = postgresDatabases.get(db);
  if (!postgres) return db.all<T>(query);
  const { sql: text, params } = pgDialect.sqlToQuery(query);
  return (await postgres.sql.unsafe(text, params as never[])) as unknown as T[];
}

/** An ORDER BY term for rows in the order they were inserted (SQLite's rowid; Postgres's physical order). */
export function insertionOrder(db: Database): SQL {
  return postgresDatabases.has(db) ? sql`ctid` : sql`rowid`;
}
