import { describe, expect, it } from 'vitest';
import { openStore, schema } from '@router/store';
import { cli, ok, oneLineError, tempDb } from '../../test/harness.js';

const DAY = 86_400_000;

/** A local server and a cloud provider: lms answered two streams (one a cold start), the cloud one priced answer after lms gave an empty one; one row 10 days old. */
async function seeded() {
  const { db } = tempDb();
  await ok(db, ['provider', 'add', '--id', 'lms', '--type', 'lm-studio', '--config', 'baseURL=http://127.0.0.1:1234/v1']);
  await ok(db, ['provider', 'add', '--id', 'cloud', '--config', 'baseURL=http://127.0.0.1:9/v1']);
  const store = await openStore({ url: db });
  const now = Date.now();
  const row = (id: string, at: number, fields: Partial<typeof schema.requestLogs.$inferInsert>) => ({
    id, createdAt: at, endpoint: '/v1/chat/completions', model: 'coder', stream: true, status: 200, outcome: 'success', durationMs: 1000, ttfbMs: 200, ...fields,
  });
  const ok200 = (providerId: string, model: string, answeredMs: number, more = {}) => ({ providerId, model, status: 200, outcome: 'ok', durationMs: answeredMs, answeredMs, ...more });
  try {
    await store.db.insert(schema.requestLogs).values([
      row('a', now - 1000, { providerId: 'lms', upstreamModel: 'qwen3-8b', promptTokens: 100, completionTokens: 80, attempts: JSON.stringify([ok200('lms', 'qwen3-8b', 100)]) }),
      row('b', now - 2000, { providerId: 'lms', upstreamModel: 'qwen3-8b', durationMs: 9000, ttfbMs: 6400, completionTokens: 130, coldStartMs: 6000, attempts: JSON.stringify([ok200('lms', 'qwen3-8b', 6000, { coldStart: true, loadMs: 6000 })]) }),
      row('c', now - 3000, {
        providerId: 'cloud', upstreamModel: 'gpt-x', durationMs: 2000, ttfbMs: 1000, promptTokens: 100, completionTokens: 100, cost: 0.004, costSource: 'catalogue',
        attempts: JSON.stringify([{ providerId: 'lms', model: 'qwen3-8b', status: 200, outcome: 'empty_answer', durationMs: 300 }, ok200('cloud', 'gpt-x', 500)]),
      }),
      row('old', now - 10 * DAY, { providerId: 'cloud', upstreamModel: 'gpt-x', attempts: JSON.stringify([ok200('cloud', 'gpt-x', 100)]) }),
    ]);
  } finally {
    await store.close();
  }
  return db;
}

describe('stats --scorecard', () => {
  it('scores each provider and model over the last 7 days, local beside cloud, as a table and as JSON', async () => {
    const db = await seeded();
    const json = (await ok(db, ['stats', '--scorecard', '--json'])).json();
    expect(json.rows).toEqual([
      expect.objectContaining({
        providerId: 'lms', model: 'qwen3-8b', local: true, requests: 3, successes: 2, successRate: 0.6667, emptyAnswers: 1, emptyAnswerRate: 0.3333,
        ttftSamples: 1, ttftP50Ms: 100, ttftP95Ms: 100, decodeTokensPerSecond: 61.8, promptTokensPerSecond: 1000, coldStarts: 1, loadMeanMs: 6000, loadMaxMs: 6000, rows: 2, cost: null, costPer1kRequests: null,
      }),
      expect.objectContaining({ providerId: 'cloud', model: 'gpt-x', local: false, requests: 1, successes: 1, ttftP50Ms: 500, decodeTokensPerSecond: 100, promptTokensPerSecond: 200, rows: 1, cost: 0.004, costedRequests: 1, costPer1kRequests: 4 }),
    ]);
    const text = (await ok(db, ['stats', '--scorecard'])).stdout;
    expect(text).toMatch(/^Scorecard since /);
    expect(text).toMatch(/PROVIDER\s+MODEL\s+WHERE\s+REQUESTS\s+SUCCESS\s+EMPTY\s+TTFT P50\s+TTFT P95\s+DECODE T\/S\s+PROMPT T\/S\s+COLD STARTS\s+LOAD MEAN\s+LOAD MAX\s+COST\s+COST\/1K/);
    expect(text).toMatch(/lms\s+qwen3-8b\s+local\s+3\s+66\.7%\s+33\.3%\s+100\s+100\s+61\.8\s+1000\.0\s+1\s+6000\s+6000\s+unknown\s+unknown/);
    expect(text).toMatch(/cloud\s+gpt-x\s+cloud\s+1\s+100\.0%\s+0\.0%\s+500\s+500\s+100\.0\s+200\.0\s+0\s+-\s+-\s+\$0\.0040\s+\$4\.00/);
  });

  it('takes --since and --provider', async () => {
    const db = await seeded();
    const all = (await ok(db, ['stats', '--scorecard', '--since', 'all', '--provider', 'cloud', '--json'])).json();
    expect(all).toMatchObject({ since: null, rows: [expect.objectContaining({ providerId: 'cloud', requests: 2, rows: 2 })] });
    expect((await ok(db, ['stats', '--scorecard', '--since', '1s'])).stdout).toMatch(/^No requests to any provider since/);
  });

  it('refuses the filters it does not take, in one line', async () => {
    const db = await seeded();
    expect(oneLineError(await cli(db, ['stats', '--scorecard', '--model', 'coder']))).toContain('--scorecard takes --since and --provider only, not --model');
    expect(oneLineError(await cli(db, ['stats', '--scorecard', '--by', 'key']))).toContain('not --by');
    expect(oneLineError(await cli(db, ['stats', '--scorecard', '--since', 'soon']))).toContain('--since expects');
  });
});
