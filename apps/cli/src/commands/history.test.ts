import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorkerLogWriter, openStore, toLogRow } from '@router/store';
import { summarizeSse, type RequestLogRecord } from '@router/core';
import { fixtureChunks, SOURCE_LOG_WORKER_URL, sseFrames } from '@router/testkit';
import { cli, DOOR, ok, oneLineError, SERVER_MODE, tempDb } from '../../test/harness.js';

const encoder = new TextEncoder();
const HOUR = 3_600_000;

function record(id: string, fields: Partial<RequestLogRecord> & { usage?: [number, number] }): RequestLogRecord {
  const [prompt, completion] = fields.usage ?? [10, 5];
  return {
    id, clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'alpha', model: 'llama', upstreamModel: 'llama', stream: false, status: 200,
    outcome: 'success', errorCode: null, errorMessage: null, durationMs: 100, ttfbMs: 40, requestBody: '{}',
    response: { kind: 'json', bytes: encoder.encode(JSON.stringify({ choices: [{ index: 0, message: { content: 'ok' } }], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } })) },
    attempts: [],
    ...fields,
  };
}

/** Twelve requests: alpha/llama (10, 100..1000 ms, one failed), beta/qwen (one, 3 h ago), one 2 days ago. */
async function seeded() {
  const { db } = tempDb();
  const store = await openStore({ url: db });
  const now = Date.now();
  const records = [
    ...Array.from({ length: 10 }, (_, index) =>
      record(`req-alpha-${index}`, { startedAt: now - index * 1000, durationMs: (index + 1) * 100, ttfbMs: (index + 1) * 10, ...(index === 3 ? { status: 502, outcome: 'error', errorCode: 'upstream_error', errorMessage: 'upstream said no' } : {}) }),
    ),
    record('req-beta-0', { providerId: 'beta', model: 'qwen', startedAt: now - 3 * HOUR, durationMs: 2000, ttfbMs: 500, usage: [100, 50] }),
    record('req-old-0', { providerId: 'beta', model: 'qwen', startedAt: now - 48 * HOUR }),
  ];
  await store.logs.insertMany(records.map((entry) => toLogRow(entry)));
  store.close();
  return db;
}

/** Chat, Messages and Responses requests to the same provider and model, and one embeddings request. */
async function seededEndpoints() {
  const { db } = tempDb();
  const store = await openStore({ url: db });
  const now = Date.now();
  const records = [
    record('req-chat-0', { startedAt: now - 5000, durationMs: 100 }),
    record('req-chat-1', { startedAt: now - 4000, durationMs: 300 }),
    record('req-msg-0', { startedAt: now - 3000, endpoint: '/v1/messages', durationMs: 2000, usage: [40, 20] }),
    record('req-resp-0', { startedAt: now - 2000, endpoint: '/v1/responses', status: 502, outcome: 'error', errorCode: 'upstream_error', errorMessage: 'upstream said no' }),
    record('req-emb-0', { startedAt: now - 1000, endpoint: '/v1/embeddings', model: 'embed' }),
  ];
  await store.logs.insertMany(records.map((entry) => toLogRow(entry)));
  store.close();
  return db;
}

/** The one-line error for an endpoint that is neither an API name nor its path. */
function expectEndpointError(message: string, typed: string) {
  expect(message).toContain(`--endpoint must be an API name (chat, messages, count_tokens, responses, embeddings, completions) or its path (/v1/chat/completions, /v1/messages`);
  expect(message).toContain(`got "${typed}"`);
}

describe('history', () => {
  it('lists the latest requests as a table with a "showing" line', async () => {
    const db = await seeded();
    const result = await ok(db, ['history', '--limit', '3']);
    expect(result.stdout).toMatch(/TIME \(UTC\)\s+ID\s+ENDPOINT\s+PROVIDER\s+MODEL\s+STATUS\s+MS\s+TTFB\s+TOKENS\s+ERROR/);
    expect(result.stdout).toMatch(/req-alpha-0\s+chat\s+alpha\s+llama\s+200 success\s+100\s+10\s+15/);
    expect(result.stdout.trim().split('\n')).toHaveLength(2 + 3 + 1);
    expect(result.stdout).toContain('Showing 3 of 12');
  });

  it('filters by provider, status and since (durations and ISO dates)', async () => {
    const db = await seeded();
    const json = (args: string[]) => ok(db, ['history', '--json', ...args]).then((result) => result.json());
    expect((await json(['--provider', 'beta'])).total).toBe(2);
    expect((await json(['--status', 'error'])).rows.map((row: any) => row.id)).toEqual(['req-alpha-3']);
    expect((await json(['--status', '502'])).rows.map((row: any) => row.errorMessage)).toEqual(['upstream said no']);
    expect((await json(['--status', 'success', '--provider', 'alpha'])).total).toBe(9);
    expect((await json(['--since', '1h'])).total).toBe(10);
    expect((await json(['--since', '1d'])).total).toBe(11);
    expect((await json(['--since', new Date(Date.now() - 5 * HOUR).toISOString()])).total).toBe(11);
    expect((await json(['--model', 'qwen', '--since', '7d'])).total).toBe(2);
    expect((await ok(db, ['history', '--provider', 'nobody'])).stdout).toBe('No request matches.\n');
    const failed = await ok(db, ['history', '--status', 'error']);
    expect(failed.stdout).toMatch(/502 error\s+400\s+40\s+15\s+upstream said no/);
  });

  it('shows a streamed response assembled, whether the worker stored it assembled or raw', async () => {
    const { db } = tempDb();
    const store = await openStore({ url: db });
    const frames = sseFrames(fixtureChunks('deepseek-reasoning'));
    const response = { kind: 'sse' as const, chunks: frames.map((frame) => encoder.encode(frame)) };
    const now = Date.now();
    for (const rawStreams of [false, true]) {
      const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url: db, flushIntervalMs: 5, rawStreams });
      writer.write(record(`req-stream-${rawStreams ? 'raw' : 'assembled'}`, { stream: true, startedAt: now - (rawStreams ? 1000 : 0), response }));
      await writer.close();
    }
    store.close();
    const summary = summarizeSse(frames.join(''));
    const rows = (await ok(db, ['history', '--json'])).json().rows;
    expect(rows.map((row: any) => row.id)).toEqual(['req-stream-assembled', 'req-stream-raw']);
    for (const row of rows) {
      expect(row).toMatchObject({ stream: true, responseBody: summary.text, responseReasoning: summary.reasoning, responseToolCalls: null, finishReason: summary.finishReason, totalTokens: summary.usage?.totalTokens });
      expect(row).not.toHaveProperty('responseStream');
    }
    expect(summary.text && summary.reasoning).toBeTruthy();
    expect((await ok(db, ['history'])).stdout).toMatch(new RegExp(`req-stream-raw\\s+chat\\s+alpha\\s+llama\\s+200 success\\s+100\\s+40\\s+${summary.usage?.totalTokens}`));
    // two log worker threads, each compiling the store's sources: on a busy machine (the whole suite
    // in parallel) that alone can pass the unit tests' 10 s guard, as a built worker would not
  }, 30_000);

  it('shows each request\'s endpoint and filters by it, as the API\'s short name or its path', async () => {
    const db = await seededEndpoints();
    const table = (await ok(db, ['history'])).stdout;
    expect(table).toMatch(/req-emb-0\s+embeddings\s+alpha\s+embed\s+200 success/);
    expect(table).toMatch(/req-resp-0\s+responses\s+alpha\s+llama\s+502 error/);
    expect(table).toMatch(/req-msg-0\s+messages\s+alpha\s+llama\s+200 success/);
    expect(table).toMatch(/req-chat-0\s+chat\s+alpha\s+llama\s+200 success/);
    const ids = async (...args: string[]) => (await ok(db, ['history', '--json', ...args])).json().rows.map((row: any) => [row.id, row.endpoint]);
    expect(await ids('--endpoint', 'messages')).toEqual([['req-msg-0', '/v1/messages']]);
    expect(await ids('--endpoint', '/v1/messages')).toEqual([['req-msg-0', '/v1/messages']]);
    expect(await ids('--endpoint', 'chat')).toEqual([['req-chat-1', '/v1/chat/completions'], ['req-chat-0', '/v1/chat/completions']]);
    expect(await ids('--endpoint', 'responses', '--status', 'error')).toEqual([['req-resp-0', '/v1/responses']]);
    expect((await ok(db, ['history', '--endpoint', 'count_tokens'])).stdout).toBe('No request matches.\n');
    expect((await ok(db, ['history', '--endpoint', 'messages'])).stdout).toMatch(/ENDPOINT[\s\S]*req-msg-0\s+messages\s+alpha/);
  });

  it('refuses bad options with one line each', async () => {
    const db = await seeded();
    for (const typed of ['chats', '/v1/chat', 'anthropic']) expectEndpointError(oneLineError(await cli(db, ['history', '--endpoint', typed])), typed);
    expect(oneLineError(await cli(db, ['history', '--limit', '0']))).toContain('--limit must be a whole number from 1 to 1000');
    expect(oneLineError(await cli(db, ['history', '--limit', 'lots']))).toContain('--limit');
    expect(oneLineError(await cli(db, ['history', '--status', 'weird']))).toContain('--status expects');
    expect(oneLineError(await cli(db, ['history', '--since', 'last week']))).toContain('--since expects');
  });
});

describe('stats', () => {
  it('aggregates per provider and model over a period', async () => {
    const db = await seeded();
    const result = await ok(db, ['stats', '--since', '1d']);
    expect(result.stdout).toMatch(/^Requests since .* UTC: 11, 90\.9% successful/);
    expect(result.stdout).toMatch(/ENDPOINT\s+PROVIDER\s+MODEL\s+REQUESTS\s+SUCCESS\s+P50 MS\s+P95 MS\s+TTFB P50\s+TOKENS IN\s+TOKENS OUT\s+COST/);
    // a model the price list does not know: its cost is unknown, not $0
    expect(result.stdout).toMatch(/chat\s+alpha\s+llama\s+10\s+90\.0%\s+500\s+1000\s+50\s+100\s+50\s+unknown/);
    expect(result.stdout).toMatch(/chat\s+beta\s+qwen\s+1\s+100\.0%\s+2000\s+2000\s+500\s+100\s+50/);
    const all = (await ok(db, ['stats', '--since', 'all', '--json'])).json();
    expect(all.since).toBeNull();
    expect(all.rows.find((row: any) => row.providerId === 'beta')).toMatchObject({ requests: 2, promptTokens: 110, completionTokens: 55 });
    const alpha = (await ok(db, ['stats', '--provider', 'alpha', '--json'])).json();
    expect(alpha.rows).toEqual([expect.objectContaining({ endpoint: '/v1/chat/completions', providerId: 'alpha', model: 'llama', requests: 10, successes: 9, successRate: 0.9, p50Ms: 500, p95Ms: 1000, ttfbP50Ms: 50 })]);
    expect((await ok(db, ['stats', '--model', 'nothing'])).stdout).toMatch(/^No requests since/);
    expect(oneLineError(await cli(db, ['stats', '--since', 'forever']))).toContain('--since expects');
  });
});

describe('stats cost', () => {
  it('sums what the priced requests cost and says how many were priced', async () => {
    const { db } = tempDb();
    const store = await openStore({ url: db });
    const now = Date.now();
    // gpt-4o: $2.50 per million input tokens, $10 per million output tokens → $0.0075 for 1000 in and 500 out
    const records = [
      record('priced-0', { model: 'gpt-4o', upstreamModel: 'gpt-4o', startedAt: now - 1000, usage: [1000, 500] }),
      record('priced-1', { model: 'gpt-4o', upstreamModel: 'gpt-4o', startedAt: now - 2000, usage: [1000, 500] }),
      record('unpriced', { model: 'gpt-4o', upstreamModel: 'gpt-4o', startedAt: now - 3000, response: { kind: 'none' } }),
    ];
    await store.logs.insertMany(records.map((entry) => toLogRow(entry)));
    store.close();
    const result = await ok(db, ['stats']);
    expect(result.stdout).toMatch(/chat\s+alpha\s+gpt-4o\s+3\s.*\$0\.015 \(2 of 3\)/);
    const json = (await ok(db, ['stats', '--json'])).json();
    expect(json.rows[0]).toMatchObject({ cost: 0.015, costedRequests: 2, requests: 3 });
  });
});

describe('stats per endpoint', () => {
  it('tells apart the APIs that reached the same provider and model, and filters by endpoint', async () => {
    const db = await seededEndpoints();
    const result = await ok(db, ['stats']);
    expect(result.stdout).toMatch(/ENDPOINT\s+PROVIDER\s+MODEL\s+REQUESTS/);
    expect(result.stdout).toMatch(/chat\s+alpha\s+llama\s+2\s+100\.0%\s+100\s+300\s+40\s+20\s+10/);
    expect(result.stdout).toMatch(/messages\s+alpha\s+llama\s+1\s+100\.0%\s+2000\s+2000\s+40\s+40\s+20/);
    expect(result.stdout).toMatch(/responses\s+alpha\s+llama\s+1\s+0\.0%/);
    expect(result.stdout).toMatch(/embeddings\s+alpha\s+embed\s+1\s+100\.0%/);
    const rows = (await ok(db, ['stats', '--json'])).json().rows;
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ endpoint: '/v1/chat/completions', providerId: 'alpha', model: 'llama', requests: 2, promptTokens: 20 });
    expect(rows).toContainEqual(expect.objectContaining({ endpoint: '/v1/messages', providerId: 'alpha', model: 'llama', requests: 1, promptTokens: 40, completionTokens: 20 }));
    for (const endpoint of ['messages', '/v1/messages']) {
      expect((await ok(db, ['stats', '--endpoint', endpoint, '--json'])).json().rows, endpoint).toEqual([expect.objectContaining({ endpoint: '/v1/messages', requests: 1 })]);
    }
    const chat = await ok(db, ['stats', '--endpoint', 'chat']);
    expect(chat.stdout).toMatch(/^Requests since .* UTC: 2, 100\.0% successful/);
    expect(chat.stdout).not.toMatch(/messages|responses|embeddings/);
    expect((await ok(db, ['stats', '--endpoint', 'completions'])).stdout).toMatch(/^No requests since/);
    for (const typed of ['chats', '/v1/chat', '']) expectEndpointError(oneLineError(await cli(db, ['stats', '--endpoint', typed])), typed);
  });

  it('documents --endpoint in the help of history and stats', async () => {
    const { db } = tempDb();
    for (const command of ['history', 'stats']) {
      expect((await ok(db, [command, '--help'])).stdout, command).toMatch(/--endpoint\s+Only this client API: chat, messages, count_tokens, responses, embeddings, completions, or its path/);
    }
  });

  it('refuses a bad --endpoint before opening the database', async () => {
    const { db, dir } = tempDb();
    expectEndpointError(oneLineError(await cli(db, ['stats', '--endpoint', 'chats'])), 'chats');
    expectEndpointError(oneLineError(await cli(db, ['history', '--endpoint', 'chats'])), 'chats');
    // (a running router has its own database: this run made no file here either way)
    if (!SERVER_MODE) expect(readdirSync(dir)).toEqual([]);
  });
});

describe('changes', () => {
  it('shows the configuration history with its door, filtered', async () => {
    const { db } = tempDb();
    await ok(db, ['provider', 'add', '--id', 'alpha', '--config', 'baseURL=http://127.0.0.1:1/v1', '--config', 'apiKey=sk-changes-secret-999999']);
    await ok(db, ['set', 'alpha']);
    const table = await ok(db, ['changes']);
    expect(table.stdout).toMatch(/TIME \(UTC\)\s+SOURCE\s+ACTION\s+ENTITY\s+ID\s+OLD\s+NEW/);
    expect(table.stdout).toMatch(new RegExp(`${DOOR}\\s+set\\s+setting\\s+active_provider\\s+-\\s+alpha`));
    const json = (await ok(db, ['changes', '--entity', 'provider', '--json'])).json();
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ source: DOOR, action: 'create', entityId: 'alpha', newValue: { config: { apiKey: '••••9999' } } });
    expect((await ok(db, ['changes', '--id', 'nothing'])).stdout).toBe('No configuration changes recorded.\n');
    expect(oneLineError(await cli(db, ['changes', '--entity', 'thing']))).toContain('Invalid values');
  });
});
