import { describe, expect, it } from 'vitest';
import type { RequestLogRecord } from '@router/core';
import { openStore, toLogRow } from '@router/store';
import { cli, DOOR, ok, oneLineError, tempDb } from '../../test/harness.js';

async function setup() {
  const { db } = tempDb();
  for (const id of ['cloud', 'lm-studio', 'ollama']) await ok(db, ['provider', 'add', '--id', id, '--config', 'baseURL=http://127.0.0.1:1/v1']);
  return db;
}

const encode = (text: string) => new TextEncoder().encode(text);
const NOW = Date.now();

/** A log row as the router writes it: a chat completion answered by `provider`. */
function record(id: string, provider: string, text: string, fields: Partial<RequestLogRecord> & { tokens?: [number, number]; cost?: number } = {}): RequestLogRecord {
  const [prompt, completion] = fields.tokens ?? [10, 4];
  const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...(fields.cost !== undefined ? { cost: fields.cost } : {}) };
  const body = JSON.stringify({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage });
  const { tokens: _tokens, cost: _cost, ...rest } = fields;
  return {
    id, clientRequestId: null, startedAt: NOW - 60_000, endpoint: '/v1/chat/completions', providerId: provider, model: 'coder', upstreamModel: `${provider}-model`, stream: false,
    status: 200, outcome: 'success', errorCode: null, errorMessage: null, durationMs: 100, ttfbMs: 100, requestBody: '{}', response: { kind: 'json', bytes: encode(body) },
    attempts: [{ providerId: provider, model: `${provider}-model`, status: 200, outcome: 'ok', durationMs: 100 }], ...rest,
  };
}

async function writeRows(db: string, records: RequestLogRecord[]) {
  const store = await openStore({ url: db });
  await store.logs.insertMany(records.map((entry) => toLogRow(entry)));
  store.close();
}

describe('shadow commands', () => {
  it('set, list and off: validated before the write, with history rows', async () => {
    const db = await setup();
    const set = await ok(db, ['shadow', 'set', 'coder', '--to', 'lm-studio:qwen/qwen3-coder-30b', '--to', 'ollama', '--percent', '10', '--per-minute', '30', '--timeout', '2m']);
    expect(set.stdout).toBe('Route coder\n  sticky: none\n  shadow: 10% → lm-studio:qwen/qwen3-coder-30b, ollama (30/min, timeout 120000 ms)\n');
    const listed = await ok(db, ['shadow', 'list']);
    expect(listed.stdout).toMatch(/ROUTE\s+PERCENT\s+SHADOW TARGETS\s+PER MINUTE\s+TIMEOUT/);
    expect(listed.stdout).toMatch(/coder\s+10%\s+lm-studio:qwen\/qwen3-coder-30b, ollama\s+30\s+120000 ms/);
    expect((await ok(db, ['shadow', 'list', '--json'])).json()).toEqual([
      { model: 'coder', stickiness: null, shadowPercent: 10, shadowPerMinute: 30, shadowTimeoutMs: 120_000, shadowTargets: [{ providerId: 'lm-studio', model: 'qwen/qwen3-coder-30b' }, { providerId: 'ollama', model: null }] },
    ]);
    for (const [args, message] of [
      [['shadow', 'set', 'coder', '--to', 'ghost', '--percent', '10'], 'Provider "ghost" does not exist'],
      [['shadow', 'set', 'coder', '--to', 'lm-studio', '--percent', '0'], '--percent must be a number above 0'],
      [['shadow', 'set', 'coder', '--to', 'lm-studio', '--percent', '150'], '--percent must be a number above 0'],
      [['shadow', 'set', 'coder', '--to', 'lm-studio', '--percent', '5', '--timeout', 'soon'], '--timeout expects a time'],
      [['shadow', 'set', 'coder', '--to', 'lm-studio', '--percent', '5', '--per-minute', '0'], '--per-minute must be a whole number'],
      [['shadow', 'set', 'coder', '--to', 'bad id!', '--percent', '5'], '--to expects <provider>[:<model>]'],
      [['shadow', 'set', 'coder', '--percent', '5'], 'Name a shadow target with --to'],
    ] as const) {
      expect(oneLineError(await cli(db, [...args]))).toContain(message);
    }
    // nothing the refusals touched changed
    expect((await ok(db, ['shadow', 'list', '--json'])).json()[0].shadowPercent).toBe(10);
    expect((await ok(db, ['shadow', 'off', 'coder'])).stdout).toBe('No shadow traffic for coder.\n');
    expect((await ok(db, ['shadow', 'list'])).stdout).toContain('No shadow traffic.');
    const history = (await ok(db, ['changes', '--entity', 'route_options', '--json'])).json();
    expect(history.map((entry: any) => [entry.source, entry.action, entry.entityId])).toEqual([[DOOR, 'delete', 'coder'], [DOOR, 'set', 'coder']]);
  });

  it('report: pairs side by side from known rows, with the summary, cut answers in the table and whole ones with --full', async () => {
    const db = await setup();
    const long = 'The answer is forty-two, and here is a long explanation of why it is so.';
    await writeRows(db, [
      record('p1', 'cloud', long, { cost: 0.02, ttfbMs: 40, durationMs: 100 }),
      record('s1', 'lm-studio', long, { cost: 0, ttfbMs: 120, durationMs: 300, pairId: 'p1', pairRole: 'shadow', requestBody: null }),
      record('p2', 'cloud', 'kitten', { cost: 0.01, ttfbMs: 60, durationMs: 200 }),
      record('s2', 'lm-studio', 'sitting', { cost: 0, ttfbMs: 20, durationMs: 100, pairId: 'p2', pairRole: 'shadow', requestBody: null, startedAt: NOW - 30_000 }),
      record('r1', 'ollama', 'kitten', { ttfbMs: 10, durationMs: 50, pairId: 'p2', pairRole: 'replay', startedAt: NOW - 20_000 }),
    ]);
    const table = await ok(db, ['shadow', 'report', 'coder', '--role', 'shadow']);
    const lines = table.stdout.split('\n');
    expect(lines[1]).toBe('2 pairs, 2 with both answered: mean similarity 0.786, exact match 50.0%, same tool calls -; latency +50 ms, TTFT +20 ms (shadow less primary, mean); cost $0.030 → $0 (-$0.030)');
    expect(table.stdout).toMatch(/ROLE\s+PRIMARY\s+PAIR\s+MS\s+TTFT\s+TOKENS OUT\s+COST\s+SIMILAR\s+EXACT\s+TOOLS\s+PRIMARY ANSWER\s+PAIR ANSWER/);
    expect(table.stdout).toMatch(/shadow\s+cloud:cloud-model\s+lm-studio:lm-studio-model\s+200\/100\s+60\/20\s+4\/4\s+\$0\.010\/\$0\s+0\.571\s+no\s+-\s+kitten\s+sitting/);
    expect(table.stdout).toContain('The answer is forty-two, and he…');
    expect(table.stdout).not.toContain('why it is so');
    const full = await ok(db, ['shadow', 'report', 'coder', '--role', 'shadow', '--full']);
    expect(full.stdout).toContain(`    ${long}`);
    const json = (await ok(db, ['shadow', 'report', 'coder', '--json'])).json();
    expect(json.total).toBe(3);
    expect(json.pairs.map((pair: any) => [pair.role, pair.primary.id, pair.pair.id])).toEqual([['replay', 'p2', 'r1'], ['shadow', 'p2', 's2'], ['shadow', 'p1', 's1']]);
    expect(json.pairs[0].agreement).toEqual({ exactMatch: true, similarity: 1, sameToolCalls: null });
    expect((await ok(db, ['shadow', 'report', 'coder', '--role', 'replay', '--limit', '5'])).stdout).toMatch(/replay\s+cloud:cloud-model\s+ollama:ollama-model/);
    expect((await ok(db, ['shadow', 'report', 'other'])).stdout).toMatch(/^No shadow or replay pairs for other since /);
    expect(oneLineError(await cli(db, ['shadow', 'report', 'coder', '--limit', '0']))).toContain('--limit must be a whole number');
    expect(oneLineError(await cli(db, ['shadow', 'report', 'coder', '--role', 'both']))).toContain('Invalid values');
  });

  it('stats --by target: each arm of a route from known rows, shadow rows left out', async () => {
    const db = await setup();
    await writeRows(db, [
      record('a1', 'cloud', 'x', { durationMs: 100, ttfbMs: 10, cost: 0.01 }),
      record('a2', 'cloud', 'x', { durationMs: 300, ttfbMs: 30, cost: 0.01 }),
      record('b1', 'lm-studio', 'x', { durationMs: 50, ttfbMs: 5, outcome: 'error', status: 502 }),
      record('s1', 'ollama', 'x', { pairId: 'a1', pairRole: 'shadow' }),
    ]);
    const text = (await ok(db, ['stats', '--by', 'target', '--model', 'coder'])).stdout;
    expect(text).toMatch(/ROUTE\s+PROVIDER\s+UPSTREAM MODEL\s+REQUESTS\s+SUCCESS\s+P50 MS\s+P95 MS\s+TTFT P50\s+TTFT P95\s+TOKENS IN\s+TOKENS OUT\s+COST/);
    expect(text).toMatch(/coder\s+cloud\s+cloud-model\s+2\s+100\.0%\s+100\s+300\s+10\s+30\s+20\s+8\s+\$0\.02/);
    expect(text).toMatch(/coder\s+lm-studio\s+lm-studio-model\s+1\s+0\.0%\s+50\s+50\s+5\s+5/);
    expect(text).not.toContain('ollama');
    const json = (await ok(db, ['stats', '--by', 'target', '--json'])).json();
    expect(json.by).toBe('target');
    expect(json.rows.map((row: any) => [row.providerId, row.requests])).toEqual([['cloud', 2], ['lm-studio', 1]]);
  });
});
