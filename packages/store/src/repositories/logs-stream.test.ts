import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { summarizeSse, type RequestLogRecord } from '@router/core';
import { fixtureChunks, SOURCE_LOG_WORKER_URL, sseFrames, tempDir } from '@router/testkit';
import { sql } from 'drizzle-orm';
import { migrationsFolder } from '../open-store.js';
import { rawRows } from '../dialect.js';
import { openStore, type Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { createWorkerLogWriter } from '../log/create-worker-log-writer.js';
import { toLogRow } from './logs.js';

// With `rawStreams`, streams are stored raw and assembled when read: readers must see what they
// see when the assembled text is stored (the worker runs log-worker.ts from source).
const encoder = new TextEncoder();
const streamRecord = (id: string, frames: string[], overrides: Partial<RequestLogRecord> = {}): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: 1_764_000_000_000, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm', stream: true, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 10, ttfbMs: 2, requestBody: '{"model":"m","stream":true}',
  // Split frames across chunk edges the way a socket might.
  response: { kind: 'sse', chunks: frames.flatMap((frame) => [encoder.encode(frame.slice(0, 7)), encoder.encode(frame.slice(7))]) },
  attempts: [{ providerId: 'p', model: 'm', status: 200, outcome: 'ok', durationMs: 9 }],
  ...overrides,
});

/** The assembled columns as `toLogRow` stored them before streams were kept raw. */
function assembledBefore(text: string) {
  const summary = summarizeSse(text);
  return {
    responseBody: summary.text ?? (summary.toolCalls.length ? null : ''),
    responseReasoning: summary.reasoning,
    responseToolCalls: summary.toolCalls.length ? JSON.stringify(summary.toolCalls) : null,
    promptTokens: summary.usage?.promptTokens ?? null,
    completionTokens: summary.usage?.completionTokens ?? null,
    totalTokens: summary.usage?.totalTokens ?? null,
    finishReason: summary.finishReason,
  };
}

const FIXTURES = ['openai-text', 'dashscope-reasoning', 'dashscope-tool-call', 'deepseek-reasoning', 'groq-tool-call', 'mistral-incremental-tool-call', 'perplexity-text', 'xai-tool-call'];

describe.each(DIALECTS)('on %s', (dialect) => {
  const current = useStore(dialect, { name: 'log_stream' });

  describe('stream rows stored raw (rawStreams) and assembled on read', () => {
    it('read back through get and list as the assembled text, reasoning and tool calls (written by the worker)', async () => {
      const store = current();
      const url = store.url;
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, secrets: () => ['the-provider-secret'], flushIntervalMs: 5, rawStreams: true });
      const texts = new Map<string, string>();
      for (const name of FIXTURES) {
        const frames = sseFrames(fixtureChunks(name));
        texts.set(name, frames.join(''));
        writer.write(streamRecord(name, frames));
      }
      await writer.close();
      expect(writer.stats()).toMatchObject({ written: FIXTURES.length, dropped: 0 });
      const { rows } = await store.logs.list({ limit: 100 });
      for (const name of FIXTURES) {
        const expected = assembledBefore(texts.get(name)!);
        expect(await store.logs.get(name)).toMatchObject({ ...expected, responseStream: texts.get(name) });
        expect(rows.find((row) => row.id === name)).toMatchObject(expected);
      }
      expect((await store.logs.get('dashscope-reasoning'))?.responseReasoning).toBeTruthy();
      expect(JSON.parse((await store.logs.get('groq-tool-call'))?.responseToolCalls ?? '[]')).toHaveLength(1);
      // In the table itself: the stream, and no assembled columns.
      const stored = await rawRows(store.db, sql`SELECT response_body, response_reasoning, response_tool_calls, response_stream FROM request_logs WHERE id = 'dashscope-reasoning'`);
      expect(stored[0]).toMatchObject({ response_body: null, response_reasoning: null, response_tool_calls: null, response_stream: texts.get('dashscope-reasoning') });
    });

    it('redacts the stored stream at write time and key-shaped strings the assembly joins at read time', async () => {
      const store = current();
      const piece = (content: string) => `data: {"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}}]}\n\n`;
      const frames = [piece('key the-provider-secret and '), piece('sk-abcd'), piece('efghijkl done')];
      const row = toLogRow(streamRecord('split', frames), (text) => text.split('the-provider-secret').join('[redacted]'), { rawStreams: true });
      expect(row.responseStream).not.toContain('the-provider-secret');
      await store.logs.insertMany([row]);
      expect((await store.logs.get('split'))?.responseBody).toBe('key [redacted] and [redacted] done');
    });

    it('keeps usage, finish reason and the error of a failed stream at write time, for stats and filters', async () => {
      const store = current();
      const frames = [...sseFrames(fixtureChunks('openai-text'), false), 'data: {"error":{"message":"upstream went away","code":"upstream_stream_error"}}\n\n'];
      const row = toLogRow(streamRecord('failed', frames, { outcome: 'stream_error' }), undefined, { rawStreams: true });
      expect(row).toMatchObject({ errorMessage: 'upstream went away', responseBody: null, responseStream: frames.join('') });
      expect(row.finishReason).toBe(summarizeSse(frames.join('')).finishReason);
      const groq = toLogRow(streamRecord('groq', sseFrames(fixtureChunks('groq-tool-call'))), undefined, { rawStreams: true });
      expect(groq).toMatchObject(Object.fromEntries(Object.entries(assembledBefore(sseFrames(fixtureChunks('groq-tool-call')).join(''))).filter(([key]) => !key.startsWith('response'))));
      await store.logs.insertMany([row, groq]);
      const [stats] = await store.logs.stats();
      expect(stats).toMatchObject({ requests: 2, promptTokens: (row.promptTokens ?? 0) + (groq.promptTokens ?? 0), completionTokens: (row.completionTokens ?? 0) + (groq.completionTokens ?? 0) });
      expect(groq.promptTokens).toBeGreaterThan(0);
    });
  });

  describe('stream rows assembled at write time (the default)', () => {
    it('stores the assembled columns and no stream, and reads them back as the raw rows read', async () => {
      const store = current();
      for (const name of FIXTURES) {
        const frames = sseFrames(fixtureChunks(name));
        await store.logs.insertMany([toLogRow(streamRecord(`${name}-assembled`, frames)), toLogRow(streamRecord(`${name}-raw`, frames), undefined, { rawStreams: true })]);
        const assembled = await store.logs.get(`${name}-assembled`);
        expect(assembled).toMatchObject({ ...assembledBefore(frames.join('')), responseStream: null });
        expect({ ...(await store.logs.get(`${name}-raw`)), id: assembled?.id, responseStream: null }).toEqual(assembled);
      }
    });
  });
});

// SQLite only: a file migrated to the release before the column, by SQLite's own migrations
describe('migration 0002 (response_stream)', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  it('adds the column to a database with rows written before it, which read exactly as they did', async () => {
    // A database migrated only as far as the release before, with a stream row in the old shape.
    const folder = join(tempDir('router-log-migration-'), 'drizzle');
    cpSync(migrationsFolder(), folder, { recursive: true });
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
    const index = journal.entries.findIndex((entry: { tag: string }) => entry.tag === '0002_log_response_stream');
    expect(index).toBeGreaterThan(0);
    writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }));
    const url = `file:${join(tempDir('router-log-migration-'), 'old.db')}`;
    const client = createClient({ url });
    await migrate(drizzle(client), { migrationsFolder: folder });
    await client.execute({
      sql: `INSERT INTO request_logs (id, created_at, endpoint, stream, status, outcome, duration_ms, response_body, response_reasoning, response_tool_calls, attempts)
            VALUES ('old', 1, '/v1/chat/completions', 1, 200, 'success', 5, 'assembled before', 'thought', '[{"id":"c","name":"f","arguments":"{}"}]', '[]')`,
      args: [],
    });
    const columns = await client.execute('PRAGMA table_info(request_logs)');
    expect(columns.rows.map((row) => row.name)).not.toContain('response_stream');
    client.close();

    store = await openStore({ url });
    if (store.dialect !== 'sqlite') throw new Error('an SQLite store was asked for');
    const after = await store.client.execute('PRAGMA table_info(request_logs)');
    expect(after.rows.map((row) => row.name)).toContain('response_stream');
    expect(await store.logs.get('old')).toMatchObject({ responseBody: 'assembled before', responseReasoning: 'thought', responseToolCalls: '[{"id":"c","name":"f","arguments":"{}"}]', responseStream: null });
  });
});
