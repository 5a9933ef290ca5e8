import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeSse } from '@router/core';
import { toLogRow } from '@router/store';
import { fixtureChunks, sseFrames, startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
let upstream: FakeUpstream;
beforeEach(async () => {
  t = await createTestApp();
  upstream = await startFakeUpstream();
});
afterEach(async () => {
  await t.close();
  await upstream.close();
});

const HOUR = 3_600_000;
function row(id: string, fields: Partial<Parameters<TestApp['store']['logs']['insertMany']>[0][number]>) {
  return {
    id, createdAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm', stream: false, status: 200,
    outcome: 'success', durationMs: 100, ttfbMs: 50, promptTokens: 10, completionTokens: 5, totalTokens: 15, requestBody: '{"model":"m"}',
    responseBody: '{"choices":[]}', attempts: '[{"providerId":"p","status":200}]', ...fields,
  };
}

describe('GET /v1/requests', () => {
  it('masks again, as it reads them, secrets a row still holds: every secret of the providers it went to, however short', async () => {
    await t.call('POST', '/v1/providers', { id: 'p', config: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'ky8', headers: { 'x-key': 'q7' } } });
    await t.call('POST', '/v1/providers', { id: 'other', config: { baseURL: 'http://127.0.0.1:10/v1', apiKey: 'sk-other-key-0000000000' } });
    const leaky = 'denied: x-key=q7 auth=ky8 other=sk-other-key-0000000000';
    await t.store.logs.insertMany([row('leaky', { errorMessage: leaky, requestBody: '{"model":"m","note":"q7 ky8"}' })]);
    const detail = await t.call('GET', '/v1/requests/leaky');
    const listed = await t.call('GET', '/v1/requests');
    for (const answer of [detail, listed]) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toMatch(/(?<![A-Za-z0-9])(q7|ky8)(?![A-Za-z0-9])/);
      expect(answer.text).not.toContain('sk-other-key-0000000000');
    }
    expect(detail.json).toMatchObject({ id: 'leaky', model: 'm', status: 200, attempts: [{ providerId: 'p', status: 200 }] });
  });

  it('logs a real request and pages through the log with filters', async () => {
    upstream.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } }) }));
    await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } });
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'live' });
    const chat = await t.call('POST', '/v1/chat/completions', { model: 'llama', messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': 'req-live-1' });
    expect(chat.status).toBe(200);
    // The client's id is echoed; the row's key is the router's own, sent beside it.
    expect(chat.headers.get('x-request-id')).toBe('req-live-1');
    const liveId = chat.headers.get('x-router-request-id');
    expect(liveId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    await t.logWriter.flush();
    const live = await t.call('GET', '/v1/requests?provider=live');
    expect(live.json).toMatchObject({ object: 'list', total: 1, data: [{ id: liveId, clientRequestId: 'req-live-1', providerId: 'live', model: 'llama', status: 200, outcome: 'success', promptTokens: 4, completionTokens: 2, attempts: 1 }] });
    expect(live.json.data[0].requestBody).toBeUndefined(); // lists leave the bodies out
    const one = await t.call('GET', '/v1/requests/req-live-1');
    expect(one.json).toMatchObject({ id: liveId, clientRequestId: 'req-live-1', requestBody: expect.stringContaining('"llama"'), attempts: [expect.objectContaining({ providerId: 'live' })] });

    const now = Date.now();
    await t.store.logs.insertMany([
      row('r1', { createdAt: now - 3 * HOUR, providerId: 'p', model: 'a' }),
      row('r2', { createdAt: now - 2 * HOUR, providerId: 'p', model: 'b', status: 502, outcome: 'error' }),
      row('r3', { createdAt: now - HOUR, providerId: 'q', model: 'a' }),
      row('r4', { createdAt: now - 26 * HOUR, providerId: 'q', model: 'a', status: 499, outcome: 'client_closed' }),
    ]);
    const list = async (query: string) => (await t.call('GET', `/v1/requests?${query}`)).json;
    expect((await list('limit=2')).data.map((entry: any) => entry.id)).toEqual([liveId, 'r3']);
    const page = await list('limit=2&offset=2');
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 2, hasMore: true });
    expect(page.data.map((entry: any) => entry.id)).toEqual(['r2', 'r1']);
    expect((await list('provider=p')).data.map((entry: any) => entry.id)).toEqual(['r2', 'r1']);
    expect((await list('model=a&provider=q')).data.map((entry: any) => entry.id)).toEqual(['r3', 'r4']);
    expect((await list('status=502')).data.map((entry: any) => entry.id)).toEqual(['r2']);
    expect((await list('status=error')).data.map((entry: any) => entry.id)).toEqual(['r2']);
    expect((await list('status=client_closed')).data.map((entry: any) => entry.id)).toEqual(['r4']);
    expect((await list('since=24h&provider=q')).data.map((entry: any) => entry.id)).toEqual(['r3']);
    expect((await list(`until=${now - 2 * HOUR}`)).data.map((entry: any) => entry.id)).toEqual(['r2', 'r1', 'r4']);
    expect((await list(`since=${new Date(now - 2.5 * HOUR).toISOString()}&until=90m`)).data.map((entry: any) => entry.id)).toEqual(['r2']);
  });

  it('shows a streamed response assembled (text, reasoning, tool calls) in the detail, stored assembled or raw, and no bodies in lists', async () => {
    const frames = [...sseFrames(fixtureChunks('dashscope-reasoning'), false), ...sseFrames(fixtureChunks('groq-tool-call'))];
    upstream.onChat(() => ({ kind: 'sse', frames }));
    await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } });
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'live' });
    const chat = await t.call('POST', '/v1/chat/completions', { model: 'qwen', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': 'req-stream-1' });
    expect(chat.status).toBe(200);
    await t.logWriter.flush();
    const summary = summarizeSse(frames.join(''));
    const assembled = {
      stream: true, responseBody: summary.text, responseReasoning: summary.reasoning, responseToolCalls: summary.toolCalls, finishReason: summary.finishReason,
      promptTokens: summary.usage?.promptTokens,
    };
    expect(summary.reasoning && summary.text && summary.toolCalls.length).toBeTruthy();
    expect((await t.call('GET', '/v1/requests/req-stream-1')).json).toMatchObject({ ...assembled, responseStream: null });
    // The same stream stored raw (the store's rawStreams option) reads the same, with the stream beside it.
    const { json: logged } = await t.call('GET', '/v1/requests/req-stream-1');
    const record = {
      id: 'req-stream-raw', clientRequestId: null, startedAt: logged.createdAt + 1, endpoint: logged.endpoint, providerId: 'live', model: 'qwen', upstreamModel: 'qwen', stream: true, status: 200,
      outcome: 'success' as const, errorCode: null, errorMessage: null, durationMs: 5, ttfbMs: 1, requestBody: logged.requestBody,
      response: { kind: 'sse' as const, chunks: frames.map((frame) => new TextEncoder().encode(frame)) }, attempts: [],
    };
    await t.store.logs.insertMany([toLogRow(record, undefined, { rawStreams: true })]);
    expect((await t.call('GET', '/v1/requests/req-stream-raw')).json).toMatchObject({ ...assembled, responseStream: frames.join('') });
    const list = await t.call('GET', '/v1/requests?limit=2');
    expect(list.json.data.map((entry: any) => entry.id)).toEqual(['req-stream-raw', logged.id]);
    for (const entry of list.json.data) {
      expect(entry).not.toHaveProperty('responseStream');
      expect(entry).not.toHaveProperty('responseBody');
    }
  });

  it('filters by endpoint, as the path or the API\'s short name, on rows logged by real chat, Messages and embeddings requests', async () => {
    const completion = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } });
    const vectors = JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'up', usage: { prompt_tokens: 1, total_tokens: 1 } });
    upstream.onChat((request) => ({ kind: 'json', body: request.url.endsWith('/embeddings') ? vectors : completion }));
    await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } });
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'live' });
    const chat = await t.call('POST', '/v1/chat/completions', { model: 'llama', messages: [{ role: 'user', content: 'hi' }] });
    const messages = await t.call('POST', '/v1/messages', { model: 'llama', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    const embeddings = await t.call('POST', '/v1/embeddings', { model: 'llama', input: 'hi' });
    expect([chat.status, messages.status, embeddings.status]).toEqual([200, 200, 200]);
    await t.logWriter.flush();
    const ids = async (endpoint: string) => (await t.call('GET', `/v1/requests?endpoint=${encodeURIComponent(endpoint)}`)).json.data.map((entry: any) => [entry.endpoint, entry.model]);
    expect(await ids('chat')).toEqual([['/v1/chat/completions', 'llama']]);
    expect(await ids('/v1/chat/completions')).toEqual([['/v1/chat/completions', 'llama']]);
    expect(await ids('messages')).toEqual([['/v1/messages', 'llama']]);
    expect(await ids('/v1/messages')).toEqual([['/v1/messages', 'llama']]);
    expect(await ids('embeddings')).toEqual([['/v1/embeddings', 'llama']]);
    expect(await ids('responses')).toEqual([]);
    expect((await t.call('GET', '/v1/requests?endpoint=messages&provider=live')).json.total).toBe(1);
  });

  it('finds rows by the router\'s id or the client\'s x-request-id, which many rows may share', async () => {
    upstream.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }] }) }));
    await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } });
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'live' });
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const chat = await t.call('POST', '/v1/chat/completions', { model: 'llama', messages: [{ role: 'user', content: `hi ${index}` }] }, { 'x-request-id': 'reused' });
      expect(chat.headers.get('x-request-id')).toBe('reused');
      ids.push(chat.headers.get('x-router-request-id')!);
    }
    const plain = await t.call('POST', '/v1/chat/completions', { model: 'llama', messages: [{ role: 'user', content: 'no id' }] });
    expect(plain.headers.get('x-router-request-id')).toBeNull(); // without a client id, x-request-id is the router's
    await t.logWriter.flush();
    expect(new Set(ids).size).toBe(3);
    const shared = await t.call('GET', '/v1/requests?requestId=reused');
    expect(shared.json.total).toBe(3);
    expect(shared.json.data.map((entry: any) => entry.id).sort()).toEqual([...ids].sort());
    const one = await t.call('GET', `/v1/requests?requestId=${ids[1]}`);
    expect(one.json.data).toEqual([expect.objectContaining({ id: ids[1], clientRequestId: 'reused' })]);
    expect((await t.call('GET', `/v1/requests?requestId=${plain.headers.get('x-request-id')}`)).json.data).toEqual([expect.objectContaining({ clientRequestId: null })]);
    expect((await t.call('GET', '/v1/requests?requestId=%20bad')).json.error).toMatchObject({ param: 'requestId' });
  });

  it('leaves one row per request on every client API when a client reuses one x-request-id, streamed or not, answered or refused', async () => {
    const { proxyRoutes } = await import('../route-table.js');
    await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } });
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'live' });
    let sent = 0;
    for (const route of proxyRoutes()) {
      for (const [index, variant] of ['whole', 'stream', 'invalid'].entries()) {
        const body = variant === 'invalid' ? '{"model":' : JSON.stringify({ model: 'llama', max_tokens: 5, messages: [{ role: 'user', content: `hi ${index}` }], input: 'hi', ...(route.api === 'completions' ? { prompt: 'hi' } : {}), stream: variant === 'stream' && route.api !== 'embeddings' && route.api !== 'count_tokens' });
        const response = await t.call('POST', route.path, body, { 'x-request-id': 'shared-id', 'content-type': 'application/json' });
        expect(response.headers.get('x-request-id'), `${route.path} ${variant}`).toBe('shared-id');
        sent++;
      }
    }
    await t.logWriter.flush();
    const rows = await t.call('GET', '/v1/requests?requestId=shared-id&limit=200');
    expect(rows.json.total).toBe(sent);
    expect(new Set(rows.json.data.map((entry: any) => entry.id)).size).toBe(sent);
    expect(new Set(rows.json.data.map((entry: any) => entry.endpoint))).toEqual(new Set(proxyRoutes().map((route) => route.path)));
  });

  it('rejects bad filters naming the parameter; unknown id is 404', async () => {
    for (const [query, param] of [['limit=0', 'limit'], ['limit=abc', 'limit'], ['offset=-1', 'offset'], ['status=weird', 'status'], ['since=yesterday', 'since'], ['until=12x', 'until'], ['endpoint=chats', 'endpoint'], ['endpoint=/v1/chat', 'endpoint'], ['endpoint=', 'endpoint']]) {
      const response = await t.call('GET', `/v1/requests?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json.error.param, query).toBe(param);
    }
    const missing = await t.call('GET', '/v1/requests/nope');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('request_not_found');
    expect((await t.call('GET', '/v1/requests/%20bad')).json.error).toMatchObject({ param: 'id', code: 'invalid_id' });
  });
});

describe('GET /v1/stats', () => {
  it('aggregates per provider and model over a period', async () => {
    const now = Date.now();
    await t.store.logs.insertMany([
      ...Array.from({ length: 20 }, (_, index) => row(`s${index}`, { createdAt: now - 60_000, providerId: 'p', model: 'a', durationMs: (index + 1) * 10, ttfbMs: index + 1, outcome: index < 19 ? 'success' : 'error', status: index < 19 ? 200 : 502 })),
      row('t1', { createdAt: now - 60_000, providerId: 'q', model: 'b', promptTokens: 7, completionTokens: 3 }),
      row('old', { createdAt: now - 3 * 86_400_000, providerId: 'q', model: 'b' }),
    ]);
    const stats = await t.call('GET', '/v1/stats');
    expect(stats.status).toBe(200);
    expect(stats.json.period.until - stats.json.period.since).toBe(86_400_000);
    const byKey = Object.fromEntries(stats.json.data.map((entry: any) => [`${entry.providerId}/${entry.model}`, entry]));
    expect(byKey['p/a']).toMatchObject({ requests: 20, successes: 19, successRate: 0.95, p50Ms: 100, p95Ms: 190, ttfbP50Ms: 10, ttfbP95Ms: 19, promptTokens: 200, completionTokens: 100 });
    expect(byKey['q/b']).toMatchObject({ requests: 1, promptTokens: 7, completionTokens: 3 });
    expect(stats.json.totals).toMatchObject({ requests: 21, successes: 20, promptTokens: 207, completionTokens: 103 });
    // rows the log writer had to drop are reported, not silently missing
    expect(stats.json.log).toMatchObject({ dropped: 0, queued: expect.any(Number), written: expect.any(Number) });
    const week = await t.call('GET', '/v1/stats?since=7d&provider=q');
    expect(week.json.data).toEqual([expect.objectContaining({ providerId: 'q', model: 'b', requests: 2 })]);
    expect((await t.call('GET', '/v1/stats?model=a')).json.totals.requests).toBe(20);
  });

  it('tells endpoints apart: a row per endpoint, provider and model, filtered by endpoint', async () => {
    const now = Date.now();
    await t.store.logs.insertMany([
      row('c1', { createdAt: now - 60_000, durationMs: 100 }),
      row('c2', { createdAt: now - 60_000, durationMs: 200 }),
      row('m1', { createdAt: now - 60_000, endpoint: '/v1/messages', durationMs: 900, promptTokens: 30 }),
    ]);
    const stats = await t.call('GET', '/v1/stats');
    expect(stats.json.data).toEqual([
      expect.objectContaining({ endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', requests: 2, p50Ms: 100, promptTokens: 20 }),
      expect.objectContaining({ endpoint: '/v1/messages', providerId: 'p', model: 'm', requests: 1, p50Ms: 900, promptTokens: 30 }),
    ]);
    expect(stats.json.totals).toMatchObject({ requests: 3, promptTokens: 50 });
    for (const endpoint of ['messages', '/v1/messages']) {
      const messages = await t.call('GET', `/v1/stats?endpoint=${encodeURIComponent(endpoint)}`);
      expect(messages.json.data, endpoint).toEqual([expect.objectContaining({ endpoint: '/v1/messages', requests: 1 })]);
      expect(messages.json.totals, endpoint).toMatchObject({ requests: 1, promptTokens: 30 });
    }
    const bad = await t.call('GET', '/v1/stats?endpoint=anthropic');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: 'invalid_request_error', param: 'endpoint', code: 'invalid_value' });
    expect(bad.json.error.message).toContain('chat, messages, count_tokens, responses, embeddings, completions');
  });

  it('rejects a bad period', async () => {
    const response = await t.call('GET', '/v1/stats?since=last-week');
    expect(response.status).toBe(400);
    expect(response.json.error.param).toBe('since');
  });
});

describe('GET /v1/history', () => {
  it('lists configuration changes newest first, filtered by entity, id and source', async () => {
    await t.store.providers.create({ id: 'from-cli', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }, 'cli');
    await t.call('POST', '/v1/providers', { id: 'p', config: { baseURL: 'http://127.0.0.1:9/v1' } });
    await t.call('POST', '/v1/providers/p/disable');
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'p' });
    const all = await t.call('GET', '/v1/history');
    expect(all.json.data.map((entry: any) => [entry.source, entry.action, entry.entity, entry.entityId])).toEqual([
      ['api', 'set', 'setting', 'active_provider'], ['api', 'update', 'provider', 'p'], ['api', 'create', 'provider', 'p'], ['cli', 'create', 'provider', 'from-cli'],
    ]);
    expect(all.json.data[1]).toMatchObject({ oldValue: expect.objectContaining({ enabled: true }), newValue: expect.objectContaining({ enabled: false }), createdAt: expect.any(Number) });
    expect((await t.call('GET', '/v1/history?source=cli')).json.data).toHaveLength(1);
    expect((await t.call('GET', '/v1/history?entity=provider&entityId=p&limit=1')).json.data.map((entry: any) => entry.action)).toEqual(['update']);
    expect((await t.call('GET', '/v1/history?since=1h')).json.data).toHaveLength(4);
  });

  it('pages on to older changes with before=<id>, keeping the filters', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await t.call('POST', '/v1/providers', { id, config: { baseURL: 'http://127.0.0.1:9/v1' } });
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'a' });
    const first = (await t.call('GET', '/v1/history?entity=provider&limit=2')).json.data;
    expect(first.map((entry: any) => entry.entityId)).toEqual(['e', 'd']);
    const second = (await t.call('GET', `/v1/history?entity=provider&limit=2&before=${first.at(-1).id}`)).json.data;
    expect(second.map((entry: any) => entry.entityId)).toEqual(['c', 'b']);
    const last = (await t.call('GET', `/v1/history?entity=provider&limit=2&before=${second.at(-1).id}`)).json.data;
    expect(last.map((entry: any) => entry.entityId)).toEqual(['a']);
    expect((await t.call('GET', `/v1/history?before=${last[0].id}`)).json.data).toEqual([]);
    expect((await t.call('GET', '/v1/history?before=soon')).json.error).toMatchObject({ param: 'before', code: 'invalid_value' });
    expect((await t.call('GET', '/v1/history?before=0')).json.error.param).toBe('before');
  });

  it('rejects bad filters', async () => {
    expect((await t.call('GET', '/v1/history?source=door')).json.error.param).toBe('source');
    expect((await t.call('GET', '/v1/history?limit=100000')).json.error.param).toBe('limit');
  });
});
