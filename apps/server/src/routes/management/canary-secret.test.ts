/**
 * A canary API key written through the API must never come back: not in any
 * API response, not in the configuration history, not in the request log,
 * even when the upstream echoes it in an error.
 */
import { expect, it } from 'vitest';
import { tablesOf } from '@router/store';
import { useAppWithUpstream } from './test-harness.js';

const CANARY = 'sk-canary-7f3e9a1b2c4d5e6f8a9b';
const HEADER_CANARY = 'hdr-canary-0a1b2c3d4e5f6a7b';

const fixture = useAppWithUpstream();

it('keeps a canary key out of every response, history row and log row', async () => {
  const { app: t, upstream } = fixture;
  upstream.onChat((request) => {
    if (request.json?.model === 'echo') {
      return { kind: 'json', status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${request.headers.authorization} / ${request.headers['x-api-key']}`, type: 'invalid_request_error' } }) };
    }
    if (request.json?.stream) return { kind: 'sse', frames: [`data: {"choices":[{"index":0,"delta":{"content":"ok"}}]}\n\n`, 'data: [DONE]\n\n'] };
    return { kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }) };
  });

  const responses: string[] = [];
  const call = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const response = await t.call(method, path, body, headers);
    responses.push(`${method} ${path} -> ${response.status} ${response.text}`);
    return response;
  };

  const created = await call('POST', '/v1/providers', { id: 'canary', config: { baseURL: upstream.baseURL, apiKey: CANARY, headers: { 'x-api-key': HEADER_CANARY } } });
  expect(created.status).toBe(201);
  await call('POST', '/v1/providers', { id: 'other', config: { baseURL: upstream.baseURL } });
  await call('PUT', '/v1/settings/active-provider', { providerId: 'canary' });
  const config = (await call('GET', '/v1/providers/canary/config')).json;
  await call('PUT', '/v1/providers/canary/config', { ...config, timeout: 30_000 });
  await call('PATCH', '/v1/providers/canary/config/apiKey', { value: CANARY });
  await call('PUT', '/v1/providers/canary', (await call('GET', '/v1/providers/canary')).json);
  await call('PATCH', '/v1/providers/canary', { priority: 3 });
  await call('POST', '/v1/providers/canary/disable');
  await call('POST', '/v1/providers/canary/enable');
  await call('POST', '/v1/models', { id: 'm', providers: [{ providerId: 'canary' }] });
  await call('PUT', '/v1/mappings/echo', { targets: [{ providerId: 'canary' }] });
  await call('PUT', '/v1/providers/canary/default-model', { model: 'm' });
  await call('POST', '/v1/providers/canary/test', { skipTools: true });
  await call('GET', '/v1/providers/health');
  await call('POST', '/v1/providers/canary/reload');

  await call('POST', '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': 'canary-ok' });
  await call('POST', '/v1/chat/completions', { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': 'canary-stream' });
  // The upstream echoes the key in its error: the engine redacts it before passing the error on.
  const echoed = await call('POST', '/v1/chat/completions', { model: 'echo', messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': 'canary-echo' });
  expect(echoed.status).toBeGreaterThanOrEqual(400);
  expect(JSON.stringify(echoed.json)).toContain('[redacted]');
  // the upstream did get the real key: it is stored and used, only never shown
  expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${CANARY}`);
  expect(upstream.requests.at(-1)!.headers['x-api-key']).toBe(HEADER_CANARY);
  await t.logWriter.flush();

  for (const path of [
    '/v1/providers', '/v1/providers/canary', '/v1/providers/canary/config', '/v1/providers/canary/models', '/v1/providers/canary/default-model',
    '/v1/settings', '/v1/settings/active-provider', '/v1/mappings', '/v1/mappings/echo', '/v1/models', '/v1/models/m',
    '/v1/requests', '/v1/requests/canary-ok', '/v1/requests/canary-stream', '/v1/requests/canary-echo', '/v1/stats', '/v1/history?limit=1000',
  ]) {
    expect((await call('GET', path)).status, path).toBe(200);
  }
  await call('DELETE', '/v1/providers/canary?force=true');
  await call('GET', '/v1/history?limit=1000');

  expect(responses.length).toBeGreaterThan(30);
  for (const text of responses) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(HEADER_CANARY);
  }

  const { configHistory, requestLogs } = tablesOf(t.store.db);
  const history = { rows: await t.store.db.select().from(configHistory) };
  const logs = { rows: await t.store.db.select().from(requestLogs) };
  expect(history.rows.length).toBeGreaterThan(10);
  expect(logs.rows.length).toBe(3);
  for (const [table, rows] of [['config_history', history.rows], ['request_logs', logs.rows]] as const) {
    const text = JSON.stringify(rows);
    expect(text, table).not.toContain(CANARY);
    expect(text, table).not.toContain(HEADER_CANARY);
  }
  // the echoed error was logged, redacted
  expect(JSON.stringify(logs.rows)).toContain('[redacted]');
});
