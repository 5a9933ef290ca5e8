/** The scorecard computed from known, hand-written log rows in a real database: an SQLite file, and a real Postgres. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AttemptRecord } from '@router/core';
import { postgresTestDatabase } from '@router/testkit/postgres';
import { tablesOf } from '../dialect.js';
import { openStore, type Store } from '../store.js';

const T = 1_800_000_000_000;
const DAY = 86_400_000;

interface Row {
  id: string;
  provider: string;
  model: string;
  outcome?: 'success' | 'error' | 'client_closed' | 'stream_error';
  stream?: boolean;
  durationMs: number;
  ttfbMs: number | null;
  prompt?: number | null;
  completion?: number | null;
  cost?: number | null;
  coldStartMs?: number | null;
  at?: number;
  attempts: Partial<AttemptRecord>[];
}

const ok = (providerId: string, model: string, answeredMs: number, more: Partial<AttemptRecord> = {}): Partial<AttemptRecord> => ({ providerId, model, status: 200, outcome: 'ok', answeredMs, durationMs: answeredMs, ...more });
const failed = (providerId: string, model: string, outcome: string): Partial<AttemptRecord> => ({ providerId, model, status: null, outcome, durationMs: 10 });

// Hand-written rows; the expected figures below are worked out from them by hand.
const ROWS: Row[] = [
  { id: 'r01', provider: 'lms', model: 'qwen', stream: true, durationMs: 1000, ttfbMs: 200, prompt: 100, completion: 80, attempts: [ok('lms', 'qwen', 150)] },
  { id: 'r02', provider: 'lms', model: 'qwen', stream: true, durationMs: 2000, ttfbMs: 400, prompt: 300, completion: 160, attempts: [ok('lms', 'qwen', 350)] },
  // two cold starts: counted with their load times, left out of the time to first token and the prompt rate
  { id: 'r03', provider: 'lms', model: 'qwen', stream: true, durationMs: 10_000, ttfbMs: 8200, prompt: 50, completion: 90, coldStartMs: 8000, attempts: [ok('lms', 'qwen', 8000, { coldStart: true, loadMs: 8000 })] },
  { id: 'r04', provider: 'lms', model: 'qwen', stream: true, durationMs: 5000, ttfbMs: 4100, prompt: null, completion: 45, coldStartMs: 4000, attempts: [ok('lms', 'qwen', 4000, { coldStart: true, loadMs: 4000 })] },
  // an empty answer from lms, failed over to the cloud, which answers (its first token 600 ms into its own attempt)
  { id: 'r05', provider: 'cloud', model: 'gpt-x', stream: true, durationMs: 3000, ttfbMs: 1000, prompt: 200, completion: 100, cost: 0.002, attempts: [failed('lms', 'qwen', 'empty_answer'), ok('cloud', 'gpt-x', 600)] },
  { id: 'r06', provider: 'cloud', model: 'gpt-x', stream: false, durationMs: 800, ttfbMs: 800, prompt: 10, completion: 5, cost: 0.0005, attempts: [ok('cloud', 'gpt-x', 790)] },
  { id: 'r07', provider: 'cloud', model: 'gpt-x', stream: true, durationMs: 1500, ttfbMs: 500, prompt: 100, completion: 50, cost: null, attempts: [ok('cloud', 'gpt-x', 450)] },
  { id: 'r08', provider: 'cloud', model: 'gpt-x', outcome: 'error', durationMs: 2000, ttfbMs: 2000, attempts: [failed('cloud', 'gpt-x', 'timeout'), failed('cloud', 'gpt-x', 'timeout')] },
  { id: 'r09', provider: 'cloud', model: 'gpt-x', outcome: 'client_closed', stream: true, durationMs: 700, ttfbMs: 300, attempts: [{ ...ok('cloud', 'gpt-x', 300), outcome: 'client_closed' }] },
  // lms skipped (its context too small): not a request to it
  { id: 'r10', provider: 'cloud', model: 'gpt-x', stream: true, durationMs: 1500, ttfbMs: 520, prompt: null, completion: 20, attempts: [failed('lms', 'qwen', 'context_too_small'), ok('cloud', 'gpt-x', 500)] },
  // a provider since removed
  { id: 'r11', provider: 'gone', model: 'm-old', stream: true, durationMs: 600, ttfbMs: 100, prompt: 20, completion: 10, cost: 0.001, attempts: [ok('gone', 'm-old', 100)] },
  // before the window
  { id: 'r12', provider: 'lms', model: 'qwen', stream: true, durationMs: 100, ttfbMs: 10, prompt: 1, completion: 1, at: T - 8 * DAY, attempts: [ok('lms', 'qwen', 10)] },
  // answered by the router itself (a token count estimate): no upstream call
  { id: 'r13', provider: 'lms', model: 'qwen', durationMs: 1, ttfbMs: 1, attempts: [{ providerId: 'lms', model: 'qwen', status: null, outcome: 'local', durationMs: 1 }] },
  // a stream that ended empty after it had started
  { id: 'r14', provider: 'lms', model: 'qwen', outcome: 'stream_error', stream: true, durationMs: 900, ttfbMs: 900, attempts: [{ ...ok('lms', 'qwen', 850), outcome: 'empty_answer' }] },
];

/** Providers and the rows, written into a store. */
async function seed(store: Store): Promise<void> {
  await store.providers.create({ id: 'lms', type: 'lm-studio', config: { baseURL: 'http://127.0.0.1:1234/v1' } }, 'cli');
  await store.providers.create({ id: 'cloud', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }, 'cli');
  await store.db.insert(tablesOf(store.db).requestLogs).values(
    ROWS.map((row, index) => ({
      id: row.id, createdAt: row.at ?? T - DAY + index * 1000, endpoint: row.attempts[0].outcome === 'local' ? '/v1/messages/count_tokens' : '/v1/chat/completions',
      providerId: row.provider, model: `asked-${row.model}`, upstreamModel: row.model, stream: row.stream ?? false,
      status: row.outcome === 'error' ? 504 : 200, outcome: row.outcome ?? 'success', durationMs: row.durationMs, ttfbMs: row.ttfbMs,
      promptTokens: row.prompt ?? null, completionTokens: row.completion ?? null, cost: row.cost ?? null, costSource: row.cost ? 'catalogue' : null,
      coldStartMs: row.coldStartMs ?? null, attempts: JSON.stringify(row.attempts),
    })),
  );
}

let dir: string;
let database: { url: string; drop(): Promise<void> };
const stores = {} as Record<'sqlite' | 'postgres', Store>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'router-scorecard-'));
  database = await postgresTestDatabase(inject, 'scorecard');
  stores.sqlite = await openStore({ url: `file:${join(dir, 'router.db')}` });
  stores.postgres = await openStore({ url: database.url, migrate: false });
  await Promise.all([seed(stores.sqlite), seed(stores.postgres)]);
});

afterAll(async () => {
  await stores.sqlite?.close();
  await stores.postgres?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const LMS = {
  providerId: 'lms', model: 'qwen', providerType: 'lm-studio', local: true,
  // r01 r02 r03 r04 ok, r05's first attempt and r14 empty; r10 (skipped), r13 (local) and r12 (before the window) not counted
  requests: 6, successes: 4, clientClosed: 0, successRate: 0.6667, emptyAnswers: 2, emptyAnswerRate: 0.3333,
  // r01 150, r02 350: nearest rank of 2 samples
  ttftSamples: 2, ttftP50Ms: 150, ttftP95Ms: 350,
  // (80 + 160 + 90 + 45) tokens / (800 + 1600 + 1800 + 900) ms
  decodeTokensPerSecond: 73.5,
  // (100 + 300) tokens / (150 + 350) ms
  promptTokensPerSecond: 800,
  coldStarts: 2, loadMeanMs: 6000, loadMaxMs: 8000,
  rows: 5, cost: null, costedRequests: 0, costPer1kRequests: null,
};
const CLOUD = {
  providerId: 'cloud', model: 'gpt-x', providerType: 'openai-compatible', local: false,
  // r05 r06 r07 r10 ok, r08 two timeouts, r09 abandoned (left out of the rates): 4 of 6
  requests: 7, successes: 4, clientClosed: 1, successRate: 0.6667, emptyAnswers: 0, emptyAnswerRate: 0,
  // r07 450, r10 500, r05 600 (its own attempt's first token, not the request's 1000 ms)
  ttftSamples: 3, ttftP50Ms: 500, ttftP95Ms: 600,
  // (100 + 50 + 20) / (2000 + 1000 + 980)
  decodeTokensPerSecond: 42.7,
  // (200 + 100) / (600 + 450)
  promptTokensPerSecond: 285.7,
  coldStarts: 0, loadMeanMs: null, loadMaxMs: null,
  // r05 + r06 priced, r07 unknown
  rows: 6, cost: 0.0025, costedRequests: 2, costPer1kRequests: 1.25,
};
const GONE = {
  providerId: 'gone', model: 'm-old', providerType: null, local: false,
  requests: 1, successes: 1, clientClosed: 0, successRate: 1, emptyAnswers: 0, emptyAnswerRate: 0,
  ttftSamples: 1, ttftP50Ms: 100, ttftP95Ms: 100, decodeTokensPerSecond: 20, promptTokensPerSecond: 200,
  coldStarts: 0, loadMeanMs: null, loadMaxMs: null, rows: 1, cost: 0.001, costedRequests: 1, costPer1kRequests: 1,
};

describe.each(['sqlite', 'postgres'] as const)('the scorecard on %s', (dialect) => {
  let store: Store;
  beforeAll(() => {
    store = stores[dialect];
  });

  it('computes every figure per provider and model from the log rows of the window', async () => {
    expect(await store.logs.scorecard({ since: T - 7 * DAY, until: T })).toEqual([CLOUD, LMS, GONE]);
  });

  it('one provider: its own attempts inside other providers\' rows still count', async () => {
    expect(await store.logs.scorecard({ since: T - 7 * DAY, until: T, providerId: 'lms' })).toEqual([LMS]);
  });

  it('without a window, older rows count too', async () => {
    const [lms] = await store.logs.scorecard({ providerId: 'lms' });
    // r12 adds one request, one success, one ttft sample (10 ms) and its rates
    expect(lms).toMatchObject({ requests: 7, successes: 5, ttftSamples: 3, ttftP50Ms: 150, ttftP95Ms: 350, rows: 6 });
  });

  it('an empty window has no rows', async () => {
    expect(await store.logs.scorecard({ since: T + DAY })).toEqual([]);
  });
});
