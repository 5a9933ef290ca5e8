/**
 * Secrets that do not look like secrets: short values, under header names that
 * do not say "key" or "token", in the base URL's query and userinfo. None may
 * reach a client: not an API answer, the history, the request log, an error
 * body or an upstream response header passed on.
 */
import { expect, it } from 'vitest';
import { tablesOf } from '@router/store';
import { useAppWithUpstream } from './test-harness.js';

// one canary per place a secret can hide
const SECRETS = { ocp: 'k1', xKey: 'q7', query: 'zq9', user: 'uu3', password: 'pw4', apiKey: 'ky8' };
const LEAK = new RegExp(`(?<![A-Za-z0-9])(${Object.values(SECRETS).join('|')})(?![A-Za-z0-9])`);

const fixture = useAppWithUpstream();

it('keeps short secrets in odd headers, the URL query and userinfo out of every answer, log row and error', async () => {
  const { app: t, upstream } = fixture;
  upstream.onChat((request) => {
    const echo = `ocp=${request.headers['ocp-apim-subscription-key']} x-key=${request.headers['x-key']} url=${request.url} auth=${request.headers.authorization}`;
    if (request.url.startsWith('/v1/models')) return { kind: 'json', body: JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }) };
    if (request.json?.model === 'echo') return { kind: 'json', status: 401, body: JSON.stringify({ error: { message: `Access denied: ${echo}`, type: 'invalid_request_error' } }) };
    if (request.json?.model === 'plain') return { kind: 'json', status: 500, body: `upstream broke: ${echo}` };
    const headers = { 'x-echo-ocp': String(request.headers['ocp-apim-subscription-key']), 'x-echo-url': request.url };
    if (request.json?.stream) return { kind: 'sse', headers, frames: ['data: {"choices":[{"index":0,"delta":{"content":"ok"}}]}\n\n', 'data: [DONE]\n\n'] };
    return { kind: 'json', headers, body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }) };
  });
  const baseURL = upstream.baseURL.replace('http://', `http://${SECRETS.user}:${SECRETS.password}@`) + `?key=${SECRETS.query}`;
  const config = { baseURL, apiKey: SECRETS.apiKey, headers: { 'Ocp-Apim-Subscription-Key': SECRETS.ocp, 'x-key': SECRETS.xKey } };

  const seen: string[] = [];
  const call = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const response = await t.call(method, path, body, headers);
    seen.push(`${method} ${path} -> ${response.status} ${JSON.stringify(Object.fromEntries(response.headers))} ${response.text}`);
    return response;
  };

  expect((await call('POST', '/v1/providers', { id: 'odd', config })).status).toBe(201);
  await call('PUT', '/v1/settings/active-provider', { providerId: 'odd' });
  await call('PUT', '/v1/mappings/echo', { targets: [{ providerId: 'odd' }] });
  await call('PUT', '/v1/mappings/plain', { targets: [{ providerId: 'odd' }] });
  // a GET → edit → PUT round trip keeps every masked secret
  const shown = (await call('GET', '/v1/providers/odd/config')).json;
  expect((await call('PUT', '/v1/providers/odd/config', { ...shown, timeout: 30_000 })).status).toBe(200);
  expect((await t.store.providers.get('odd')).config).toEqual({ ...config, timeout: 30_000 });
  await call('PATCH', '/v1/providers/odd', { priority: 3 });
  await call('POST', '/v1/providers/odd/test', { skipTools: true });
  await call('GET', '/v1/providers/health');

  const ok = await call('POST', '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': 'short-ok' });
  expect(ok.status).toBe(200);
  // the upstream's own headers are passed on, with the secrets it echoed redacted
  expect(ok.headers.get('x-echo-ocp')).toBe('[redacted]');
  expect(ok.headers.get('x-echo-url')).toBe('/v1/chat/completions?key=[redacted]');
  const stream = await call('POST', '/v1/chat/completions', { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': 'short-stream' });
  expect(stream.headers.get('x-echo-ocp')).toBe('[redacted]');
  for (const model of ['echo', 'plain']) {
    const failed = await call('POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': `short-${model}` });
    expect(failed.status, model).toBeGreaterThanOrEqual(400);
    expect(failed.text, model).toContain('[redacted]');
  }
  // the upstream did get every secret it was configured with
  const sent = upstream.requests.find((request) => request.json?.model === 'echo')!;
  expect(sent.headers).toMatchObject({ 'ocp-apim-subscription-key': SECRETS.ocp, 'x-key': SECRETS.xKey, authorization: `Bearer ${SECRETS.apiKey}` });
  expect(sent.url).toBe(`/v1/chat/completions?key=${SECRETS.query}`);
  await t.logWriter.flush();

  for (const path of [
    '/v1/providers', '/v1/providers/odd', '/v1/providers/odd/config', '/v1/providers/odd/models', '/v1/settings', '/v1/mappings', '/v1/models',
    '/v1/requests', '/v1/requests/short-ok', '/v1/requests/short-stream', '/v1/requests/short-echo', '/v1/requests/short-plain', '/v1/stats', '/v1/history?limit=1000',
  ]) {
    expect((await call('GET', path)).status, path).toBe(200);
  }
  await call('DELETE', '/v1/providers/odd?force=true');
  await call('GET', '/v1/history?limit=1000');

  for (const text of seen) expect(text).not.toMatch(LEAK);
  const { configHistory, requestLogs } = tablesOf(t.store.db);
  const history = { rows: await t.store.db.select().from(configHistory) };
  const logs = { rows: await t.store.db.select().from(requestLogs) };
  expect(logs.rows.length).toBe(4);
  for (const [table, rows] of [['config_history', history.rows], ['request_logs', logs.rows]] as const) expect(JSON.stringify(rows), table).not.toMatch(LEAK);
  expect(JSON.stringify(logs.rows)).toContain('[redacted]');
});

it("does not let one provider's short secrets eat the words and numbers of other providers' log rows", async () => {
  const { app: t, upstream } = fixture;
  upstream.onChat((request) => {
    if (request.url.startsWith('/v1/models')) return { kind: 'json', body: JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }) };
    return { kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'user 1 pass' }, finish_reason: 'stop' }] }) };
  });
  // a provider the request never goes to, with values that are ordinary words and numbers
  const odd = { baseURL: 'http://user:pass@127.0.0.1:9/v1?v=1', headers: { 'x-flag': '1', 'anthropic-version': '2023-06-01' } };
  expect((await t.call('POST', '/v1/providers', { id: 'odd', config: odd, enabled: false })).status).toBe(201);
  expect((await t.call('POST', '/v1/providers', { id: 'plain', config: { baseURL: upstream.baseURL } })).status).toBe(201);
  await t.call('PUT', '/v1/settings/active-provider', { providerId: 'plain' });
  const body = { model: 'm', temperature: 1, max_tokens: 1, messages: [{ role: 'user', content: 'user 1 pass' }] };
  expect((await t.call('POST', '/v1/chat/completions', body, { 'x-request-id': 'plain-row' })).status).toBe(200);
  await t.logWriter.flush();
  const [row] = (await t.call('GET', '/v1/requests?requestId=plain-row')).json.data;
  const detail = (await t.call('GET', `/v1/requests/${row.id}`)).json;
  expect(JSON.parse(detail.requestBody)).toEqual(body);
  expect(JSON.parse(detail.responseBody).choices[0].message.content).toBe('user 1 pass');
  // odd's secrets are still masked where its configuration is shown
  expect(JSON.stringify((await t.call('GET', '/v1/providers/odd')).json)).not.toMatch(/user:pass|"1"|2023-06-01/);
});
