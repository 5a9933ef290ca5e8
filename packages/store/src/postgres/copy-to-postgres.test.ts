// Copying an SQLite store into Postgres (`provider-cli migrate-store`), on a real Postgres.
import { join } from 'node:path';
import { asc, getTableColumns } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RequestLogRecord } from '@router/core';
import { createPostgresDatabase, dropPostgresDatabase } from '@router/testkit/postgres';
import { tempDir } from '@router/testkit';
import { toLogRow } from '../repositories/logs.js';
import * as sqliteSchema from '../schema/index.js';
import { openStore, type Store } from '../store.js';
import { copyStoreToPostgres, maskDatabaseUrl } from './copy-to-postgres.js';
import { openPostgres } from './open-postgres.js';
import * as pgSchema from './schema.js';

const adminUrl = inject('postgresAdminUrl');
const database = `copy_${process.pid}`;
let target: string;
let sourceUrl: string;
let store: Store;

const record = (id: string, startedAt: number): RequestLogRecord => ({
  id, clientRequestId: null, startedAt, endpoint: '/v1/chat/completions', providerId: 'groq', model: 'fast', upstreamModel: 'llama', stream: false, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 10.5, ttfbMs: null, requestBody: '{"model":"fast"}',
  response: { kind: 'json', bytes: new TextEncoder().encode('{"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}') },
  attempts: [{ providerId: 'groq', model: 'llama', status: 200, outcome: 'ok', durationMs: 10 }],
});

beforeAll(async () => {
  target = await createPostgresDatabase(adminUrl, database);
  sourceUrl = `file:${join(tempDir('router-copy-'), 'router.db')}`;
  store = await openStore({ url: sourceUrl });
  await store.providers.create({ id: 'groq', name: 'Groq', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-secret-value-1234' } }, 'cli');
  await store.providers.create({ id: 'local', name: 'Local', type: 'lm-studio', config: { baseURL: 'http://127.0.0.1:1234/v1' } }, 'cli');
  await store.models.create({ id: 'fast', displayName: 'Fast', capabilities: ['tools'], contextLength: 8192 }, 'cli');
  await store.models.link('groq', 'fast', { upstreamModel: 'llama', priority: 1 }, 'cli');
  await store.mappings.set('fast', [{ providerId: 'groq', model: 'llama', weight: 3 }, { providerId: 'local', model: null, weight: 1 }], 'cli');
  await store.settings.setActiveProvider('groq', 'cli');
  await store.db.insert(sqliteSchema.routeOptions).values({ model: 'fast', stickiness: 'user', shadowPercent: 10 });
  await store.db.insert(sqliteSchema.shadowTargets).values({ model: 'fast', position: 0, providerId: 'local', targetModel: 'qwen' });
  await store.db.insert(sqliteSchema.modelPrices).values({ model: 'llama', inputPerMillion: 0.5, outputPerMillion: 1.5, cachedInputPerMillion: null });
  await store.db.insert(sqliteSchema.clientKeys).values({ id: 'key_1', name: 'ci', keyHash: 'a'.repeat(64), keyPrefix: 'rk-abcd', rpm: 60, budget: 20, budgetPeriodMs: 30 * 86_400_000 });
  await store.db.insert(sqliteSchema.clientKeyUsage).values({ keyId: 'key_1', periodStart: 1_764_000_000_000, requests: 3, promptTokens: 9, completionTokens: 3, spent: 0.25 });
  await store.logs.insertMany(Array.from({ length: 1234 }, (_, index) => toLogRow(record(`req_${String(index).padStart(5, '0')}`, 1_764_000_000_000 + index))));
}, 60_000);

afterAll(async () => {
  await store?.close();
  await dropPostgresDatabase(adminUrl, database);
});

async function rowsOf(name: keyof typeof pgSchema & keyof typeof sqliteSchema) {
  const pgTable = pgSchema[name] as unknown as PgTable;
  const sqliteTable = sqliteSchema[name] as unknown as SQLiteTable;
  const columns = getTableColumns(sqliteTable);
  const order = Object.values(columns).map((column) => asc(column));
  const pg = await openPostgres(target, { migrate: false });
  try {
    const pgColumns = Object.values(getTableColumns(pgTable)).map((column) => asc(column));
    return { sqlite: await store.db.select().from(sqliteTable).orderBy(...order), pg: await pg.db.select().from(pgTable).orderBy(...pgColumns) };
  } finally {
    await pg.close();
  }
}

describe('copyStoreToPostgres', () => {
  it('copies every table, row for row, and a second run copies nothing and changes nothing', async () => {
    const first = await copyStoreToPostgres({ from: sourceUrl, to: target });
    expect(Object.fromEntries(first.map((table) => [table.table, [table.source, table.copied, table.target]]))).toMatchObject({
      providers: [2, 2, 2], provider_config: [3, 3, 3], models: [1, 1, 1], provider_models: [1, 1, 1], settings: [1, 1, 1], model_mappings: [2, 2, 2],
      route_options: [1, 1, 1], shadow_targets: [1, 1, 1], model_prices: [1, 1, 1], client_keys: [1, 1, 1], client_key_usage: [1, 1, 1], request_logs: [1234, 1234, 1234],
    });
    const history = first.find((table) => table.table === 'config_history')!;
    expect(history.copied).toBe(history.source);
    for (const name of ['providers', 'providerConfig', 'models', 'providerModels', 'settings', 'modelMappings', 'routeOptions', 'shadowTargets', 'modelPrices', 'clientKeys', 'clientKeyUsage', 'configHistory', 'requestLogs'] as const) {
      const { sqlite, pg } = await rowsOf(name);
      expect(pg, name).toEqual(sqlite);
    }
    const second = await copyStoreToPostgres({ from: sourceUrl, to: target });
    expect(second.every((table) => table.copied === 0 && table.target === table.source)).toBe(true);

    // what the source gained since is copied the next time, and the history continues its ids
    await store.logs.insertMany([toLogRow(record('req_late', 1_765_000_000_000))]);
    const third = await copyStoreToPostgres({ from: sourceUrl, to: target });
    expect(third.find((table) => table.table === 'request_logs')).toEqual({ table: 'request_logs', source: 1235, copied: 1, target: 1235 });
    const sql = postgres(target, { max: 1, onnotice: () => {} });
    try {
      const [{ id }] = await sql<{ id: number }[]>`insert into config_history (source, action, entity) values ('cli', 'set', 'setting') returning id`;
      expect(id).toBe(history.source + 1);
      const [{ revision }] = await sql<{ revision: number }[]>`select revision from config_revision where id = 1`;
      expect(revision).toBeGreaterThan(1);
    } finally {
      await sql.end();
    }
  }, 60_000);

  it('refuses a target that is not Postgres, and names an unreachable one without its password', async () => {
    await expect(copyStoreToPostgres({ from: sourceUrl, to: 'file:other.db' })).rejects.toThrow('--to must be a postgres:// URL');
    const error = await copyStoreToPostgres({ from: sourceUrl, to: 'postgres://router:hunter2-secret@127.0.0.1:9/none' }).catch((caught: Error) => caught);
    expect(String(error)).toContain('cannot open postgres://router:***@127.0.0.1:9/none');
    expect(String(error)).not.toContain('hunter2');
    expect(maskDatabaseUrl('postgresql://u:p@h:5432/d')).toBe('postgresql://u:***@h:5432/d');
    expect(getTableConfig(pgSchema.requestLogs).name).toBe('request_logs');
  });
});
