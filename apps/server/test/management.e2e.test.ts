/**
 * End to end: the built server process with admin and client keys, managed
 * through its REST API while the real `openai` client uses it. The config poll
 * is slowed to a minute, so a change can only be obeyed at once if the API
 * itself makes it live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const ADMIN = 'admin-e2e-key-0123456789';
const CLIENT = 'client-e2e-key-9876543210';
const SECRET = 'sk-e2e-canary-abcdef0123456789';

let alpha: FakeUpstream;
let beta: FakeUpstream;
let server: ServerProcess;
let client: OpenAI;

const answer = (content: string) => () => ({ kind: 'json' as const, body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } }) });

async function admin(method: string, path: string, body?: unknown, key = ADMIN) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined && method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text), text };
}

const ask = async (model: string) => (await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] })).choices[0].message.content;

beforeAll(async () => {
  const dir = tempDir();
  alpha = await startFakeUpstream({ chat: answer('from alpha'), models: ['alpha-model'] });
  beta = await startFakeUpstream({ chat: answer('from beta'), models: ['beta-model'] });
  server = await startServerProcess({ DATABASE_URL: await e2eDatabase(dir), ADMIN_API_KEY: ADMIN, ROUTER_API_KEYS: `${CLIENT},second-key`, CONFIG_POLL_MS: '60000' }, dir);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: CLIENT, maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  await alpha?.close();
  await beta?.close();
});

describe('management API end to end', () => {
  it('guards management with the admin key and the proxy with client keys', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/v1/providers`)).status).toBe(401);
    expect((await admin('GET', '/v1/providers', undefined, 'wrong')).status).toBe(401);
    expect((await admin('GET', '/v1/providers', undefined, CLIENT)).status).toBe(401);
    expect((await admin('GET', '/v1/providers')).status).toBe(200);
    const anonymous = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-a-key', maxRetries: 0 });
    await expect(anonymous.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(anonymous.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('obeys an API change at once: add providers, switch, map a model', async () => {
    expect((await admin('POST', '/v1/providers', { id: 'alpha', config: { baseURL: alpha.baseURL, apiKey: SECRET } })).status).toBe(201);
    expect((await admin('POST', '/v1/providers', { id: 'beta', config: { baseURL: beta.baseURL } })).status).toBe(201);
    expect((await admin('PUT', '/v1/settings/active-provider', { providerId: 'alpha' })).status).toBe(200);
    expect(await ask('anything')).toBe('from alpha');
    expect(alpha.requests.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);

    await admin('PUT', '/v1/settings/active-provider', { providerId: 'beta' });
    expect(await ask('anything')).toBe('from beta'); // no wait: the poll interval is a minute

    await admin('PUT', '/v1/mappings/special', { targets: [{ providerId: 'alpha', model: 'alpha-model' }] });
    expect(await ask('special')).toBe('from alpha');
    expect(alpha.requests.at(-1)!.json.model).toBe('alpha-model');

    await admin('POST', '/v1/providers/alpha/disable');
    const error = await ask('special').catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError); // the only target is disabled now
    await admin('POST', '/v1/providers/alpha/enable');
    expect(await ask('special')).toBe('from alpha');
  });

  it('lists and retrieves models through the openai client', async () => {
    await admin('POST', '/v1/models', { id: 'catalogued', capabilities: ['tools'], providers: [{ providerId: 'beta' }] });
    const ids = await waitFor(async () => {
      const list: string[] = [];
      for await (const model of client.models.list()) list.push(model.id);
      return list.includes('beta-model') && list.includes('alpha-model') ? list : null;
    });
    expect(ids).toEqual(expect.arrayContaining(['special', 'catalogued', 'alpha-model', 'beta-model']));
    const model = await client.models.retrieve('catalogued');
    expect(model).toMatchObject({ id: 'catalogued', object: 'model', owned_by: 'beta' });
  });

  it('shows the requests, stats and history, with the secret masked', async () => {
    const requests = await waitFor(async () => {
      const page = await admin('GET', '/v1/requests?provider=alpha');
      return page.json.total >= 3 ? page.json : null; // "anything" once, "special" twice
    });
    expect(requests.data[0]).toMatchObject({ providerId: 'alpha', status: 200, outcome: 'success' });
    const detail = await admin('GET', `/v1/requests/${requests.data[0].id}`);
    expect(detail.json.responseBody).toContain('from alpha');

    // Rows are written in the background: wait until both "special" answers from alpha are in.
    const alphaRow = await waitFor(async () => {
      const stats = await admin('GET', '/v1/stats?since=1h');
      const row = stats.json.data.find((entry: any) => entry.providerId === 'alpha' && entry.model === 'special');
      return row?.requests >= 2 ? row : null;
    });
    expect(alphaRow).toMatchObject({ requests: 2, successRate: 1, promptTokens: 10, completionTokens: 4, p50Ms: expect.any(Number), ttfbP50Ms: expect.any(Number) });

    const history = await admin('GET', '/v1/history?source=api&limit=100');
    expect(history.json.data.map((entry: any) => entry.action)).toEqual(expect.arrayContaining(['create', 'set', 'update']));
    for (const response of [history, detail, await admin('GET', '/v1/providers/alpha'), await admin('GET', '/v1/providers')]) {
      expect(response.text).not.toContain(SECRET);
    }
    expect((await admin('GET', '/v1/providers/alpha/config')).json.apiKey).toMatch(/^••••/);
  });

  it('answers bad input with OpenAI-shaped 400s and unknown ids with 404', async () => {
    const duplicate = await admin('POST', '/v1/providers', { id: 'alpha', config: { baseURL: alpha.baseURL } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.error).toMatchObject({ code: 'already_exists', param: 'id', type: 'invalid_request_error' });
    expect((await admin('GET', '/v1/providers/nobody')).status).toBe(404);
    expect((await admin('PUT', '/v1/mappings/x', { targets: [{ providerId: 'alpha', weight: 'heavy' }] })).json.error.param).toBe('targets[0].weight');
  });
});

describe('loopback-only management without ADMIN_API_KEY', () => {
  it('answers a local client without any key', async () => {
    const dir = tempDir();
    const local = await startServerProcess({ DATABASE_URL: await e2eDatabase(dir) }, dir);
    try {
      const response = await fetch(`${local.url}/v1/providers`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ object: 'list', data: [] });
    } finally {
      await local.stop();
    }
  });
});
