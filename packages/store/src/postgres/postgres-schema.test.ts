// The Postgres dialect's schema and migrations, on a real Postgres (started once per test run by
// the project's global setup).
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { migrationsFolder } from '../open-store.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPostgresDatabase, dropPostgresDatabase, postgresTestDatabase } from '@router/testkit/postgres';
import * as sqliteSchema from '../schema/index.js';
import { CONFIG_CHANNEL, migratePostgres, openPostgres, type OpenPostgres } from './open-postgres.js';
import * as pgSchema from './schema.js';

interface TableShape {
  name: string;
  columns: readonly { name: string; notNull: boolean; primary: boolean }[];
  indexes: readonly { config: { name?: string } }[];
  primaryKeys: readonly { columns: readonly { name: string }[] }[];
  foreignKeys: readonly unknown[];
}

const sqliteTablesOf = (module: Record<string, unknown>) => Object.values(module).filter((value): value is SQLiteTable => value instanceof SQLiteTable);
const pgTablesOf = (module: Record<string, unknown>) => Object.values(module).filter((value): value is PgTable => value instanceof PgTable);

function shape(table: TableShape) {
  return {
    name: table.name,
    columns: table.columns.map((column) => ({ name: column.name, notNull: column.notNull, primary: column.primary })).sort((a, b) => a.name.localeCompare(b.name)),
    indexes: table.indexes.map((index) => index.config.name ?? '').sort(),
    primaryKey: table.primaryKeys.map((key) => key.columns.map((column) => column.name)),
    foreignKeys: table.foreignKeys.length,
  };
}

describe('the Postgres schema', () => {
  it('has every table, column, index and key of the SQLite schema, and nothing else', () => {
    const sqliteTables = sqliteTablesOf(sqliteSchema).map((table) => shape(getSqliteTableConfig(table) as TableShape));
    const pgTables = pgTablesOf(pgSchema).map((table) => shape(getPgTableConfig(table) as unknown as TableShape));
    expect(sqliteTables.length).toBeGreaterThan(10);
    const byName = (tables: typeof sqliteTables) => Object.fromEntries(tables.map((table) => [table.name, table]));
    expect(byName(pgTables)).toEqual(byName(sqliteTables));
  });
});

describe('the Postgres migrations', () => {
  const adminUrl = inject('postgresAdminUrl');
  const fresh = `fresh_${process.pid}`;
  let database: { url: string; drop(): Promise<void> };
  let store: OpenPostgres | undefined;

  beforeAll(async () => {
    database = await postgresTestDatabase(inject, 'postgres_schema');
  });
  afterAll(async () => {
    await store?.close();
    await database.drop();
    await dropPostgresDatabase(adminUrl, fresh);
  });

  it('create every table on an empty database, and running them again changes nothing', async () => {
    const url = await createPostgresDatabase(adminUrl, fresh);
    await migratePostgres(url);
    await migratePostgres(url);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ table_name: string; column_name: string }[]>`
        select table_name, column_name from information_schema.columns where table_schema = 'public' order by table_name, column_name`;
      const actual: Record<string, string[]> = {};
      for (const row of rows) (actual[row.table_name] ??= []).push(row.column_name);
      const expected: Record<string, string[]> = {};
      for (const table of pgTablesOf(pgSchema)) {
        const config = getPgTableConfig(table);
        expected[config.name] = config.columns.map((column) => column.name).sort();
      }
      for (const columns of Object.values(actual)) columns.sort();
      expect(actual).toEqual(expected);
      const [applied] = await sql<{ count: string }[]>`select count(*)::text as count from drizzle.__drizzle_migrations`;
      expect(Number(applied?.count)).toBe(JSON.parse(readFileSync(join(migrationsFolder('postgres'), 'meta/_journal.json'), 'utf8')).entries.length);
    } finally {
      await sql.end();
    }
  });

  it('bump the configuration revision on every configuration write and notify listeners, but not on usage or log writes', async () => {
    store = await openPostgres(database.url, { migrate: false });
    const { sql } = store;
    const revision = async () => (await sql<{ revision: number }[]>`select revision from config_revision where id = 1`)[0]?.revision;
    const heard: string[] = [];
    const listener = await sql.listen(CONFIG_CHANNEL, (payload) => heard.push(payload));
    try {
      const start = await revision();
      expect(start).toBe(1);
      await sql`insert into providers (id, name, type) values ('p1', 'One', 'openai-compatible')`;
      await sql`insert into settings (key, value) values ('active_provider', '"p1"')`;
      await sql`insert into client_keys (id, name, key_hash, key_prefix) values ('k1', 'ci', 'hash', 'rk-ab')`;
      expect(await revision()).toBe(4);
      await sql`insert into client_key_usage (key_id, period_start, requests) values ('k1', 0, 1)`;
      await sql`insert into request_logs (id, created_at, endpoint, status, outcome, duration_ms) values ('r1', 1, '/v1/chat/completions', 200, 'success', 5)`;
      expect(await revision()).toBe(4);
      // notifications arrive asynchronously: wait for the three, in order
      for (let i = 0; i < 100 && heard.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).toEqual(['2', '3', '4']);
      const [row] = await sql<{ created_at: string; updated_at: string }[]>`select created_at, updated_at from providers where id = 'p1'`;
      expect(Number(row?.created_at)).toBeGreaterThan(Date.UTC(2020, 0, 1));
    } finally {
      await listener.unlisten();
    }
  });

  it('read times back as numbers through Drizzle', async () => {
    // A database of its own: the revision test above counts every configuration write on its one.
    const own = await postgresTestDatabase(inject, 'postgres_times');
    const opened = await openPostgres(own.url, { migrate: false });
    try {
      await opened.sql`insert into providers (id, name, type) values ('p1', 'One', 'openai-compatible')`;
      const [provider] = await opened.db.select().from(pgSchema.providers);
      expect(provider?.id).toBe('p1');
      expect(typeof provider?.createdAt).toBe('number');
      expect(provider?.createdAt).toBeGreaterThan(Date.UTC(2020, 0, 1));
      expect(provider?.enabled).toBe(true);
    } finally {
      await opened.close();
      await own.drop();
    }
  });
});
