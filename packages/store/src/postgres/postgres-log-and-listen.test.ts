// The Postgres log insert and the configuration listener, on a real Postgres (started once per
// test run by the project's global setup; a database of its own for this file).
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RequestLogRecord } from '@router/core';
import { postgresTestDatabase } from '@router/testkit/postgres';
import { toLogRow } from '../repositories/logs.js';
import { requestLogs as sqliteRequestLogs } from '../schema/index.js';
import { openStore, type Store } from '../store.js';
import { listenForConfigChanges } from './config-listener.js';
import { createPostgresLogRowInserter } from './log-row-inserter.js';
import { postgresPruneConnection, pruneLogs } from '../log/prune-logs.js';
import { openPostgres, type OpenPostgres } from './open-postgres.js';
import { requestLogs } from './schema.js';

let database: { url: string; drop(): Promise<void> };
let pg: OpenPostgres;
let sqlite: Store;

beforeAll(async () => {
  database = await postgresTestDatabase(inject, 'log_and_listen');
  pg = await openPostgres(database.url, { migrate: false });
  sqlite = await openStore({ url: ':memory:' });
});
afterAll(async () => {
  await pg?.close();
  await sqlite?.close();
  await database?.drop();
});

const record = (id: string, overrides: Partial<RequestLogRecord> = {}): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: 1_764_000_000_000, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm-up', stream: true, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 12.345, ttfbMs: 3.5, requestBody: '{"model":"m"}',
  response: { kind: 'sse', chunks: [new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1}}\n\ndata: [DONE]\n\n')] },
  attempts: [{ providerId: 'p', model: 'm-up', status: 200, outcome: 'ok', durationMs: 12 }],
  ...overrides,
});

describe('the Postgres log insert', () => {
  it('stores exactly what the SQLite store stores for the same rows, column for column', async () => {
    const rows = [toLogRow(record('a')), toLogRow(record('b', { stream: false, ttfbMs: null, keyId: 'key_1', cost: 0.000123, costSource: 'catalogue' } as Partial<RequestLogRecord>))];
    await createPostgresLogRowInserter(pg.sql)(rows);
    await sqlite.logs.insertMany(rows);
    // Only these rows: the other tests of this file write to the same table, in any order.
    const fromPostgres = await pg.db.select().from(requestLogs).where(inArray(requestLogs.id, ['a', 'b'])).orderBy(asc(requestLogs.id));
    const fromSqlite = await sqlite.db.select().from(sqliteRequestLogs).where(inArray(sqliteRequestLogs.id, ['a', 'b'])).orderBy(asc(sqliteRequestLogs.id));
    expect(fromPostgres.map((row) => row.id)).toEqual(['a', 'b']);
    expect(fromPostgres).toEqual(fromSqlite);
    expect(fromPostgres[0]).toMatchObject({ stream: true, totalTokens: 3, createdAt: 1_764_000_000_000, durationMs: 12.345 });
  });

  it('splits large batches into several statements, applies column defaults and ignores duplicate ids', async () => {
    const insert = createPostgresLogRowInserter(pg.sql);
    const rows = Array.from({ length: 1203 }, (_, index) => toLogRow(record(`r${index}`, { stream: false })));
    await insert([...rows, rows[0]]);
    const { stream, attempts, ...partial } = toLogRow(record('defaults'));
    await insert([partial]);
    const [{ count }] = await pg.sql<{ count: string }[]>`select count(*)::text as count from request_logs where id like 'r%' or id = 'defaults'`;
    expect(Number(count)).toBe(1204);
    const [defaults] = await pg.db.select().from(requestLogs).where(eq(requestLogs.id, 'defaults'));
    expect(defaults).toMatchObject({ stream: false, attempts: '[]' });
  });
});

describe('log retention on Postgres', () => {
  it('removes the oldest rows by age, by count and by the rows\' own size, in batches, and counts them in a dry run first', async () => {
    await pg.sql`delete from request_logs`;
    const insert = createPostgresLogRowInserter(pg.sql);
    await insert(Array.from({ length: 60 }, (_, index) => toLogRow(record(`p${String(index).padStart(2, '0')}`, { startedAt: 1_000_000 + index * 1000 }))));
    const prune = postgresPruneConnection(pg.sql);
    const ids = async () => (await pg.sql<{ id: string }[]>`select id from request_logs order by created_at`).map((row) => row.id);
    const now = 1_000_000 + 60 * 1000;
    // older than 50 s: the first ten
    const dry = await pruneLogs(prune, { maxAgeMs: 50_000, maxRows: null, maxBytes: null }, { now, dryRun: true });
    expect(dry).toMatchObject({ byAge: 10, deleted: 10, batches: 0 });
    expect(await ids()).toHaveLength(60);
    expect(await pruneLogs(prune, { maxAgeMs: 50_000, maxRows: null, maxBytes: null }, { now, batchSize: 4 })).toMatchObject({ byAge: 10, deleted: 10, batches: 3 });
    expect((await ids())[0]).toBe('p10');
    // the newest 30 kept
    expect(await pruneLogs(prune, { maxAgeMs: null, maxRows: 30, maxBytes: null }, { now })).toMatchObject({ byRows: 20 });
    expect((await ids())[0]).toBe('p30');
    // by size: each row's pg_column_size; keep about half of what is left
    const [{ total }] = await pg.sql<{ total: string }[]>`select sum(pg_column_size(l.*))::text as total from request_logs l`;
    const result = await pruneLogs(prune, { maxAgeMs: null, maxRows: null, maxBytes: Math.floor(Number(total) / 2) }, { now });
    expect(result.bySize).toBe(15);
    expect(await ids()).toHaveLength(15);
    expect((await ids())[0]).toBe('p45');
  });
});

describe('the configuration listener', () => {
  it('hears every configuration write at once, and listens again after its connection is cut', async () => {
    const heard: number[] = [];
    let listens = 0;
    const waitUntil = async (done: () => boolean) => {
      for (let i = 0; i < 250 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(done()).toBe(true);
    };
    const listener = await listenForConfigChanges(pg.sql, { onChange: (revision) => heard.push(revision), onListen: () => (listens += 1) });
    try {
      await waitUntil(() => listens === 1);
      await pg.sql`insert into settings (key, value) values ('a', '1')`;
      await waitUntil(() => heard.length === 1);
      const [{ revision }] = await pg.sql<{ revision: number }[]>`select revision from config_revision where id = 1`;
      expect(heard).toEqual([revision]);

      // cut the listening connection, as a database restart would
      const cut = await pg.sql<{ pid: number }[]>`select pg_terminate_backend(pid) as pid from pg_stat_activity where datname = current_database() and query ilike 'listen%'`;
      expect(cut.length).toBe(1);
      await waitUntil(() => listens === 2);
      await pg.sql`update settings set value = '2' where key = 'a'`;
      await waitUntil(() => heard.length === 2);
      expect(heard[1]).toBe(revision + 1);
    } finally {
      await listener.stop();
    }
    await pg.sql`update settings set value = '3' where key = 'a'`;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toHaveLength(2);
  });
});
