import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLocalServer, startFakeUpstream, type FakeLocalServer, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';
import { scorecardResponseSchema } from './response-schemas.js';

let t: TestApp;
let empty: FakeUpstream;
let lms: FakeLocalServer;
beforeEach(async () => {
  t = await createTestApp();
  // answers every chat with an empty message: a failed attempt, failed over
  empty = await startFakeUpstream({
    chat: () => ({ kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'stop' }] }) }),
  });
  lms = await startFakeLocalServer('lm-studio', [{ id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 8192 }]);
});
afterEach(async () => {
  await t.close();
  await empty.close();
  await lms.close();
});

describe('GET /v1/stats/scorecard', () => {
  it('scores each provider and model from real traffic: the empty answer counts against the provider that gave it', async () => {
    expect((await t.call('POST', '/v1/providers', { id: 'flaky', config: { baseURL: empty.baseURL } })).status).toBe(201);
    expect((await t.call('POST', '/v1/providers', { id: 'lms', type: 'lm-studio', config: { baseURL: lms.baseURL } })).status).toBe(201);
    expect((await t.call('PUT', '/v1/mappings/coder', { targets: [{ providerId: 'flaky', model: 'm' }, { providerId: 'lms', model: 'qwen3-8b' }] })).status).toBe(200);
    for (let index = 0; index < 2; index++) {
      const chat = await t.call('POST', '/v1/chat/completions', { model: 'coder', messages: [{ role: 'user', content: 'hi' }] });
      expect(chat.json.choices[0].message.content).toBe('answered by lm-studio');
    }
    await t.logWriter.flush();

    const answer = await t.call('GET', '/v1/stats/scorecard');
    expect(answer.status).toBe(200);
    const body = scorecardResponseSchema.parse(answer.json);
    expect(body.period.until - body.period.since).toBe(7 * 86_400_000);
    expect(body.data).toEqual([
      expect.objectContaining({ providerId: 'lms', model: 'qwen3-8b', providerType: 'lm-studio', local: true, requests: 2, successes: 2, successRate: 1, emptyAnswers: 0, rows: 2, coldStarts: 0, cost: null, costPer1kRequests: null }),
      expect.objectContaining({ providerId: 'flaky', model: 'm', providerType: 'openai-compatible', local: false, requests: 2, successes: 0, successRate: 0, emptyAnswers: 2, emptyAnswerRate: 1, rows: 0 }),
    ]);

    const one = await t.call('GET', '/v1/stats/scorecard?provider=flaky&since=1h');
    expect(one.json.data.map((row: { providerId: string }) => row.providerId)).toEqual(['flaky']);
    const before = await t.call('GET', `/v1/stats/scorecard?until=${Date.now() - 3_600_000}`);
    expect(before.json.data).toEqual([]);
  });

  it('refuses a bad window or an unknown parameter with a 400 naming it', async () => {
    const reversed = await t.call('GET', '/v1/stats/scorecard?since=1000&until=10');
    expect(reversed.status).toBe(400);
    expect(reversed.json.error).toMatchObject({ param: 'since', code: 'invalid_value' });
    const bad = await t.call('GET', '/v1/stats/scorecard?since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('since');
    const unknown = await t.call('GET', '/v1/stats/scorecard?model=x');
    expect(unknown.status).toBe(400);
  });
});
