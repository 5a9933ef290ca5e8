import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';
import { defaultBucketMs } from './logs-routes.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
function row(id: string, fields: Record<string, unknown>) {
  return {
    id, createdAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm', stream: false, status: 200,
    outcome: 'success', durationMs: 100, ttfbMs: 50, promptTokens: 10, completionTokens: 5, totalTokens: 15, requestBody: '{}',
    responseBody: '{}', attempts: '[{"providerId":"p","status":200,"outcome":"ok","durationMs":100,"answeredMs":40}]', ...fields,
  };
}

describe('GET /v1/stats/series', () => {
  it('answers the log in time buckets, grouped as asked, filtered like /v1/stats', async () => {
    const base = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
    await t.store.logs.insertMany([
      row('a', { createdAt: base + 1_000, providerId: 'p', model: 'a' }),
      row('b', { createdAt: base + 2_000, providerId: 'p', model: 'a', outcome: 'error', status: 502 }),
      row('c', { createdAt: base + 5 * MINUTE, providerId: 'q', model: 'b', endpoint: '/v1/messages' }),
    ]);
    const since = base;
    const until = base + HOUR - 1;
    const all = await t.call('GET', `/v1/stats/series?since=${since}&until=${until}&bucket=5m`);
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ object: 'stats.series', period: { since, until }, bucketMs: 5 * MINUTE, group: 'model' });
    expect(all.json.data).toEqual([
      expect.objectContaining({ bucket: base, providerId: 'p', model: 'a', requests: 2, successes: 1, errors: 1, p50Ms: 100, ttfbP50Ms: 50, overheadMs: 10, overheadSamples: 1 }),
      expect.objectContaining({ bucket: base + 5 * MINUTE, providerId: 'q', model: 'b', requests: 1, successes: 1, errors: 0 }),
    ]);
    const none = await t.call('GET', `/v1/stats/series?since=${since}&until=${until}&bucket=1h&group=none`);
    expect(none.json.data).toEqual([expect.objectContaining({ bucket: base, providerId: null, model: null, requests: 3, tokensPerSecond: 50 })]);
    const filtered = await t.call('GET', `/v1/stats/series?since=${since}&until=${until}&bucket=1h&group=provider&endpoint=messages`);
    expect(filtered.json.data).toEqual([expect.objectContaining({ providerId: 'q', model: null, requests: 1 })]);
    const byModel = await t.call('GET', `/v1/stats/series?since=${since}&until=${until}&bucket=1h&provider=p&model=a`);
    expect(byModel.json.data.map((entry: { requests: number }) => entry.requests)).toEqual([2]);
  });

  it('defaults to the last hour in one-minute buckets', async () => {
    const answer = await t.call('GET', '/v1/stats/series');
    expect(answer.status).toBe(200);
    expect(answer.json.period.until - answer.json.period.since).toBe(HOUR);
    expect(answer.json.bucketMs).toBe(MINUTE);
    expect(answer.json.data).toEqual([]);
    expect(defaultBucketMs(24 * HOUR)).toBe(30 * MINUTE);
    expect(defaultBucketMs(7 * 24 * HOUR)).toBe(3 * HOUR);
  });

  it('sees a request made through the proxy', async () => {
    const upstream: FakeUpstream = await startFakeUpstream();
    try {
      upstream.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } }) }));
      await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } });
      await t.call('PUT', '/v1/settings/active-provider', { providerId: 'live' });
      expect((await t.call('POST', '/v1/chat/completions', { model: 'llama', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
      await t.logWriter.flush();
      const answer = await t.call('GET', '/v1/stats/series?since=5m');
      expect(answer.json.data).toEqual([expect.objectContaining({ providerId: 'live', model: 'llama', requests: 1, successes: 1, completionTokens: 2, overheadSamples: 1 })]);
      expect(answer.json.data[0].overheadMs).toBeGreaterThanOrEqual(0);
    } finally {
      await upstream.close();
    }
  });

  it('refuses bad input with a 400 in the OpenAI error shape, naming the parameter', async () => {
    const cases: [string, string, string][] = [
      ['bucket=0s', 'bucket', 'invalid_value'],
      ['bucket=soon', 'bucket', 'invalid_value'],
      ['bucket=30d', 'bucket', 'invalid_value'],
      ['since=7d&bucket=1s', 'bucket', 'invalid_value'],
      ['since=yesterday', 'since', 'invalid_value'],
      ['since=1h&until=2h', 'since', 'invalid_value'],
      ['group=endpoint', 'group', 'invalid_value'],
      ['endpoint=images', 'endpoint', 'invalid_value'],
      ['buckets=1m', 'buckets', 'unknown_field'],
    ];
    for (const [query, param, code] of cases) {
      const answer = await t.call('GET', `/v1/stats/series?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json, query).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param, code } });
    }
  });
});
