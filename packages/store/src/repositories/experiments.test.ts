/** Per-arm stats and the shadow report, computed from known log rows in a real database: SQLite, and a real Postgres. */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { RequestLogRecord } from '@router/core';
import { postgresTestDatabase } from '@router/testkit/postgres';
import { rawRows } from '../dialect.js';
import { openStore, type Store } from '../store.js';
import { toLogRow } from './logs.js';
import { agreement, editSimilarity, normalizeAnswer } from './pair-agreement.js';

const encode = (text: string) => new TextEncoder().encode(text);
const T0 = 1_800_000_000_000;

interface Row {
  id: string;
  at?: number;
  model?: string;
  provider: string;
  upstream?: string;
  outcome?: RequestLogRecord['outcome'];
  durationMs: number;
  ttfbMs?: number | null;
  text?: string;
  tools?: { name: string; arguments: string }[];
  usage?: [number, number];
  cost?: number;
  pairId?: string;
  pairRole?: 'shadow' | 'replay';
  stream?: boolean;
}

function record(row: Row): RequestLogRecord {
  const usage = row.usage ? `,"usage":{"prompt_tokens":${row.usage[0]},"completion_tokens":${row.usage[1]},"total_tokens":${row.usage[0] + row.usage[1]}${row.cost !== undefined ? `,"cost":${row.cost}` : ''}}` : '';
  const message = row.tools
    ? { role: 'assistant', content: row.text ?? null, tool_calls: row.tools.map((tool, index) => ({ id: `call_${index}`, type: 'function', function: tool })) }
    : { role: 'assistant', content: row.text ?? '' };
  const body = `{"choices":[{"index":0,"message":${JSON.stringify(message)},"finish_reason":"stop"}]${usage}}`;
  const frames = [
    `data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: row.text ?? '' } }] })}\n\n`,
    `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...(row.usage ? { usage: { prompt_tokens: row.usage[0], completion_tokens: row.usage[1], total_tokens: row.usage[0] + row.usage[1], ...(row.cost !== undefined ? { cost: row.cost } : {}) } } : {}) })}\n\n`,
    'data: [DONE]\n\n',
  ];
  return {
    id: row.id, clientRequestId: null, startedAt: row.at ?? T0, endpoint: '/v1/chat/completions', providerId: row.provider, model: row.model ?? 'route', upstreamModel: row.upstream ?? `${row.provider}-model`,
    stream: row.stream === true, status: row.outcome === 'error' ? 502 : 200, outcome: row.outcome ?? 'success', errorCode: null, errorMessage: null,
    durationMs: row.durationMs, ttfbMs: row.ttfbMs === undefined ? row.durationMs / 2 : row.ttfbMs, requestBody: '{}',
    response: row.stream ? { kind: 'sse', chunks: frames.map(encode) } : { kind: 'json', bytes: encode(body) },
    attempts: [{ providerId: row.provider, model: row.upstream ?? `${row.provider}-model`, status: 200, outcome: 'ok', durationMs: row.durationMs }],
    ...(row.pairId ? { pairId: row.pairId, pairRole: row.pairRole ?? 'shadow' } : {}),
  };
}

const stores: Record<'sqlite' | 'postgres', Store> = {} as never;
let database: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  database = await postgresTestDatabase(inject, 'experiments');
  stores.sqlite = await openStore({ url: ':memory:' });
  stores.postgres = await openStore({ url: database.url, migrate: false });
});
afterAll(async () => {
  await stores.sqlite?.close();
  await stores.postgres?.close();
  await database?.drop();
});

const write = (rows: Row[]) => store.logs.insertMany(rows.map((row) => toLogRow(record(row))));

let store: Store;
describe.each(['sqlite', 'postgres'] as const)('on %s', (dialect) => {
  beforeEach(async () => {
    store = stores[dialect];
    await rawRows(store.db, sql`delete from request_logs`);
  });

  describe('per-arm stats', () => {
    it('groups live rows by route, provider and upstream model with percentiles, TTFT, tokens and cost; shadow rows are left out', async () => {
      await write([
        { id: 'a1', provider: 'a', durationMs: 100, ttfbMs: 10, usage: [10, 5], cost: 0.001 },
        { id: 'a2', provider: 'a', durationMs: 200, ttfbMs: 20, usage: [10, 5], cost: 0.002 },
        { id: 'a3', provider: 'a', durationMs: 300, ttfbMs: 30, usage: [10, 5] },
        { id: 'a4', provider: 'a', durationMs: 400, ttfbMs: null, outcome: 'error' },
        { id: 'b1', provider: 'b', durationMs: 50, ttfbMs: 5, usage: [1, 2] },
        { id: 'b2', provider: 'b', upstream: 'other', durationMs: 70, ttfbMs: 7 },
        { id: 'x1', provider: 'a', model: 'elsewhere', durationMs: 1, ttfbMs: 1 },
        { id: 's1', provider: 'local', durationMs: 999, pairId: 'a1' },
      ]);
      const rows = await store.experiments.targetStats({ model: 'route' });
      expect(rows).toEqual([
        { model: 'route', providerId: 'a', upstreamModel: 'a-model', requests: 4, successes: 3, successRate: 0.75, p50Ms: 200, p95Ms: 400, ttftP50Ms: 20, ttftP95Ms: 30, promptTokens: 30, completionTokens: 15, cost: 0.003, costedRequests: 2 },
        { model: 'route', providerId: 'b', upstreamModel: 'b-model', requests: 1, successes: 1, successRate: 1, p50Ms: 50, p95Ms: 50, ttftP50Ms: 5, ttftP95Ms: 5, promptTokens: 1, completionTokens: 2, cost: null, costedRequests: 0 },
        { model: 'route', providerId: 'b', upstreamModel: 'other', requests: 1, successes: 1, successRate: 1, p50Ms: 70, p95Ms: 70, ttftP50Ms: 7, ttftP95Ms: 7, promptTokens: 0, completionTokens: 0, cost: null, costedRequests: 0 },
      ]);
      expect((await store.experiments.targetStats()).map((row) => row.model)).toContain('elsewhere');
      expect((await store.experiments.targetStats({ since: T0 + 1 })).length).toBe(0);
    });
  });

  describe('agreement', () => {
    it('normalises whitespace and Unicode form, and measures edit similarity', () => {
      expect(normalizeAnswer('  Hello,\n\n  world\t!  ')).toBe('Hello, world !');
      expect(normalizeAnswer('e\u0301')).toBe('\u00e9');
      expect(editSimilarity('Hello world', 'Hello  world\n')).toBe(1);
      expect(editSimilarity('kitten', 'sitting')).toBe(0.571); // 3 edits over 7
      expect(editSimilarity('', '')).toBe(1);
      expect(editSimilarity('abc', '')).toBe(0);
    });

    it('compares tool calls by name and parsed arguments, in order; null when neither made one', () => {
      const calls = (...list: [string, string][]) => JSON.stringify(list.map(([name, args], index) => ({ id: `x${index}`, name, arguments: args })));
      expect(agreement({ text: null, toolCalls: calls(['f', '{"a":1,"b":2}']) }, { text: null, toolCalls: calls(['f', '{ "b": 2, "a": 1 }']) })).toEqual({ exactMatch: true, similarity: 1, sameToolCalls: true });
      expect(agreement({ text: null, toolCalls: calls(['f', '{"a":1}']) }, { text: null, toolCalls: calls(['f', '{"a":2}']) }).sameToolCalls).toBe(false);
      expect(agreement({ text: null, toolCalls: calls(['f', '{}']) }, { text: null, toolCalls: calls(['g', '{}']) }).sameToolCalls).toBe(false);
      expect(agreement({ text: 'x', toolCalls: null }, { text: null, toolCalls: calls(['g', '{}']) }).sameToolCalls).toBe(false);
      expect(agreement({ text: 'same', toolCalls: null }, { text: 'same', toolCalls: null })).toEqual({ exactMatch: true, similarity: 1, sameToolCalls: null });
    });
  });

  describe('the shadow report', () => {
    beforeEach(async () => {
      await write([
        { id: 'p1', at: T0, provider: 'cloud', durationMs: 100, ttfbMs: 40, text: 'The answer is 42.', usage: [10, 6], cost: 0.01 },
        { id: 's1', at: T0 + 5, provider: 'local', durationMs: 300, ttfbMs: 100, text: 'The answer is 42.', usage: [10, 6], cost: 0, pairId: 'p1', stream: true },
        { id: 'p2', at: T0 + 10, provider: 'cloud', durationMs: 200, ttfbMs: 60, text: 'kitten', usage: [4, 1], cost: 0.02 },
        { id: 's2', at: T0 + 15, provider: 'local', durationMs: 100, ttfbMs: 20, text: 'sitting', usage: [4, 2], cost: 0, pairId: 'p2' },
        { id: 'p3', at: T0 + 20, provider: 'cloud', durationMs: 100, ttfbMs: 10, tools: [{ name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' }] },
        { id: 's3', at: T0 + 25, provider: 'local', durationMs: 100, ttfbMs: null, outcome: 'error', pairId: 'p3' },
        { id: 'r1', at: T0 + 30, provider: 'local', durationMs: 50, ttfbMs: 5, text: 'The answer is 42', pairId: 'p1', pairRole: 'replay' },
        { id: 'other', at: T0 + 40, model: 'elsewhere', provider: 'cloud', durationMs: 1 },
        { id: 'so', at: T0 + 45, model: 'elsewhere', provider: 'local', durationMs: 1, pairId: 'other' },
      ]);
    });

    it('pairs each shadow row with its primary, newest first, with the agreement and the summary figures', async () => {
      const report = await store.experiments.pairs({ model: 'route', role: 'shadow' });
      expect(report.total).toBe(3);
      expect(report.pairs.map((pair) => [pair.role, pair.primary.id, pair.pair.id, pair.pair.providerId])).toEqual([
        ['shadow', 'p3', 's3', 'local'],
        ['shadow', 'p2', 's2', 'local'],
        ['shadow', 'p1', 's1', 'local'],
      ]);
      const [third, second, first] = report.pairs;
      // a streamed shadow's text is assembled from its events
      expect(first.pair).toMatchObject({ stream: true, text: 'The answer is 42.', ttftMs: 100, durationMs: 300, promptTokens: 10, completionTokens: 6 });
      expect(first.agreement).toEqual({ exactMatch: true, similarity: 1, sameToolCalls: null });
      expect(second.agreement).toEqual({ exactMatch: false, similarity: 0.571, sameToolCalls: null });
      expect(third.agreement).toMatchObject({ exactMatch: false, sameToolCalls: false });
      expect(third.primary.toolCalls).toContain('get_weather');
      expect(report.summary).toEqual({
        pairs: 3,
        // the agreement figures count the two pairs where both answered
        meanSimilarity: Math.round(((1 + 0.571) / 2) * 1000) / 1000,
        exactMatchRate: 0.5,
        sameToolCallsRate: null,
        bothSucceeded: 2,
        meanLatencyDeltaMs: Math.round(((200 - 100 + 0) / 3) * 1000) / 1000,
        meanTtftDeltaMs: (60 - 40) / 2,
        primaryCost: 0.03,
        pairCost: 0,
        costDelta: -0.03,
      });
    });

    it('shows replay pairs too, and filters by role, route, period and limit', async () => {
      const replays = await store.experiments.pairs({ role: 'replay' });
      expect(replays.pairs.map((pair) => [pair.role, pair.primary.id, pair.pair.id])).toEqual([['replay', 'p1', 'r1']]);
      expect(replays.pairs[0].agreement).toMatchObject({ exactMatch: false, similarity: 0.941 });
      expect((await store.experiments.pairs({ model: 'route' })).total).toBe(4);
      expect((await store.experiments.pairs()).total).toBe(5);
      expect((await store.experiments.pairs({ model: 'elsewhere' })).pairs.map((pair) => pair.pair.id)).toEqual(['so']);
      expect((await store.experiments.pairs({ model: 'route', since: T0 + 20 })).pairs.map((pair) => pair.pair.id)).toEqual(['r1', 's3']);
      const limited = await store.experiments.pairs({ model: 'route', limit: 1 });
      expect([limited.total, limited.pairs.length, limited.summary.pairs]).toEqual([4, 1, 1]);
    });
  });
});
