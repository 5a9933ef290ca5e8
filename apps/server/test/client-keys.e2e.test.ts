/**
 * End to end: client keys on the built server, driven by the real `openai` and `@anthropic-ai/sdk`
 * clients against a fake upstream on 127.0.0.1 — 401 for a missing, unknown, revoked or expired
 * key, 403 for a model or provider the key may not use, 429 with the rate-limit headers for rpm and
 * tpm, `insufficient_quota` once a budget is spent, and no key value anywhere it could leak.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { createConfigService, openStore, tablesOf } from '@router/store';
import { startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const ADMIN = 'admin-keys-e2e-0123456789';
const ENV_KEY = 'env-client-key-0123456789';

let upstream: FakeUpstream;
let server: ServerProcess;
let database: string;
const issued: string[] = [];

const completion = (usage: Record<string, unknown>) =>
  JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }], usage });

async function admin<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as T };
}

/** Creates a key through the API and remembers its value (scanned for at the end). */
async function createKey(body: Record<string, unknown>): Promise<{ id: string; value: string }> {
  const { status, json } = await admin<{ id: string; value: string }>('POST', '/v1/keys', body);
  expect(status).toBe(201);
  issued.push(json.value);
  return json;
}

const openai = (apiKey: string) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });
const ask = (client: OpenAI, model = 'plain', content = 'hi') => client.chat.completions.create({ model, messages: [{ role: 'user', content }] });

/** The error a call fails with. */
async function failure(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Rate limits count in fixed minutes: start a test early in one, so its requests share a window. */
async function earlyInMinute(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - into + 50));
}

beforeAll(async () => {
  upstream = await startFakeUpstream({
    chat: (request) => {
      switch (request.json.model) {
        case 'priced':
          // a provider that reports what each request cost (as OpenRouter does)
          return { kind: 'json', body: completion({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, cost: 0.4 }) };
        case 'hungry':
          return { kind: 'json', body: completion({ prompt_tokens: 180, completion_tokens: 20, total_tokens: 200 }) };
        default:
          return { kind: 'json', body: completion({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 }) };
      }
    },
  });
  const dir = tempDir();
  database = await e2eDatabase(dir);
  server = await startServerProcess({ DATABASE_URL: database, ADMIN_API_KEY: ADMIN, ROUTER_API_KEYS: ENV_KEY }, dir);
  for (const id of ['fake', 'backup']) expect((await admin('POST', '/v1/providers', { id, config: { baseURL: upstream.baseURL } })).status).toBe(201);
  await admin('PUT', '/v1/settings/active-provider', { providerId: 'fake' });
  expect((await admin('PUT', '/v1/mappings/both', { targets: [{ providerId: 'fake' }, { providerId: 'backup' }] })).status).toBe(200);
  expect((await admin('PUT', '/v1/mappings/priced', { targets: [{ providerId: 'fake' }] })).status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

describe('client keys on the proxy routes', () => {
  it('answers 401 to no key and an unknown one; ROUTER_API_KEYS and a stored key both pass, and log rows name the key by id', async () => {
    const key = await createKey({ name: 'plain-user' });
    expect((await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"plain","messages":[]}' })).status).toBe(401);
    const unknown = await failure(ask(openai('rk-not-a-real-key-000000000000000000')));
    expect(unknown).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(unknown).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    expect((await ask(openai(ENV_KEY))).choices[0]!.message.content).toBe('fine');
    const answered = await ask(openai(key.value)).withResponse();
    expect(answered.data.choices[0]!.message.content).toBe('fine');
    const requestId = answered.response.headers.get('x-request-id')!;
    const row = await waitFor(async () => {
      const found = await admin('GET', `/v1/requests/${requestId}`);
      return found.status === 200 ? found.json : null;
    });
    expect(row.keyId).toBe(key.id);
  });

  it('answers 403 for a model the key may not use, and for a model only other providers serve; failover skips the other providers\' targets', async () => {
    const scoped = await createKey({ name: 'scoped', models: ['plain', 'both'] });
    // the model list shows a scoped key only what it may use
    const listed = (await openai(scoped.value).models.list()).data.map((model) => model.id);
    expect((await openai(ENV_KEY).models.list()).data.map((model) => model.id)).toEqual(expect.arrayContaining(['both', 'priced']));
    expect(listed).toContain('both');
    expect(listed).not.toContain('priced');
    expect((await openai(ENV_KEY).models.retrieve('priced')).id).toBe('priced');
    expect((await failure(openai(scoped.value).models.retrieve('priced'))).status).toBe(404);
    const refused = await failure(ask(openai(scoped.value), 'priced'));
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(refused).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'model' });
    expect(refused.message).toMatch(/may not use model "priced"/);

    const backupOnly = await createKey({ name: 'backup-only', providers: ['backup'] });
    const provider = await failure(ask(openai(backupOnly.value), 'plain'));
    expect(provider).toMatchObject({ status: 403, code: 'provider_not_allowed' });
    // `both` goes to fake first, then backup: this key is served by backup alone
    const served = await ask(openai(backupOnly.value), 'both').withResponse();
    expect(served.response.headers.get('x-router-provider')).toBe('backup');
  });

  it('answers 429 past the requests per minute, with Retry-After and the x-ratelimit headers the client surfaces', async () => {
    const key = await createKey({ name: 'rpm-2', rpm: 2 });
    const client = openai(key.value);
    await earlyInMinute();
    const first = await ask(client).withResponse();
    expect(first.response.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    // whole seconds up to the end of the minute window (60 s reads 1m0s, as OpenAI writes it)
    expect(first.response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(?:[1-9]\d*s|1m0s)$/);
    await ask(client);
    const limited = await failure(ask(client));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect(Number(limited.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers?.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.headers?.get('x-ratelimit-limit-requests')).toBe('2');
    expect(limited.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
  });

  it('answers 429 past the tokens per minute: estimated before a request, counted from the reported usage after it', async () => {
    const key = await createKey({ name: 'tpm-150', tpm: 150 });
    const client = openai(key.value);
    await earlyInMinute();
    // far more than 150 tokens of prompt: refused on the estimate alone
    const large = await failure(ask(client, 'plain', 'word '.repeat(400)));
    expect(large).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'tokens' });
    // a short prompt passes; the upstream then reports 200 tokens used
    await ask(client, 'hungry');
    await waitFor(async () => ((await admin('GET', `/v1/keys/${key.id}`)).json.usage.promptTokens === 180 ? true : null));
    const limited = await failure(ask(client));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'tokens' });
    expect(limited.headers?.get('x-ratelimit-limit-tokens')).toBe('150');
    expect(limited.headers?.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(limited.headers?.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses with insufficient_quota once the cost of the request that crossed the budget is known', async () => {
    const key = await createKey({ name: 'budget-1', budget: 1, budgetPeriodMs: 30 * 86_400_000 });
    const client = openai(key.value);
    // 0.4 each: the third crosses $1
    for (let index = 0; index < 3; index++) await ask(client, 'priced');
    await waitFor(async () => ((await admin('GET', `/v1/keys/${key.id}`)).json.usage.spent >= 1 ? true : null));
    const spent = await failure(ask(client, 'priced'));
    expect(spent).toBeInstanceOf(OpenAI.RateLimitError);
    expect(spent).toMatchObject({ status: 429, code: 'insufficient_quota', type: 'insufficient_quota' });
    expect(spent.headers?.get('x-should-retry')).toBe('false');
    const shown = (await admin('GET', `/v1/keys/${key.id}`)).json;
    expect(shown.usage).toMatchObject({ requests: 3, spent: 1.2 });
    // written back to the store in the background
    await waitFor(async () => {
      const store = await openStore({ url: database, migrate: false });
      try {
        const [row] = await store.clientKeys.usage({ keyIds: [key.id] });
        return row?.requests === 3 && Math.abs(row.spent - 1.2) < 1e-9 ? row : null;
      } finally {
        await store.close();
      }
    }, 5_000, 100);
  });

  it('refuses a key revoked by another process once the server reads the change, and an expired key', async () => {
    const key = await createKey({ name: 'to-revoke' });
    const client = openai(key.value);
    await ask(client);
    const store = await openStore({ url: database, migrate: false });
    try {
      await createConfigService(store, { source: 'cli' }).revokeClientKey(key.id);
      // The server reads the revocation at its next configuration poll (CONFIG_POLL_MS, 250 ms by
      // default); the bound here only ends a test that would otherwise wait forever.
      await waitFor(async () => ((await ask(client).then(() => null, (error: unknown) => error)) as { status?: number } | null)?.status === 401 || null, 10_000, 20);
      expect((await failure(ask(client))).message).toMatch(/revoked/);

      const expiring = await createKey({ name: 'expiring' });
      await ask(openai(expiring.value));
      // expired behind the service's back (it takes only future times)
      const past = Date.now() - 1000;
      if (store.dialect === 'sqlite') await store.client.execute({ sql: 'update client_keys set expires_at = ? where id = ?', args: [past, expiring.id] });
      else await store.sql`update client_keys set expires_at = ${past} where id = ${expiring.id}`;
      const expired = await waitFor(async () => {
        const error = await failure(ask(openai(expiring.value))).catch(() => null);
        return error?.status === 401 ? error : null;
      }, 2_000, 20);
      expect(expired?.message).toMatch(/expired/);
    } finally {
      await store.close();
    }
  });

  it('gives an Anthropic client the Anthropic error shape on /v1/messages, with the key in x-api-key', async () => {
    const scoped = await createKey({ name: 'anthropic-user', models: ['plain'] });
    const anthropic = (apiKey: string) => new Anthropic({ baseURL: server.url, apiKey, maxRetries: 0 });
    const ok = await anthropic(scoped.value).messages.create({ model: 'plain', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.content[0]).toMatchObject({ type: 'text', text: 'fine' });
    const forbidden = await anthropic(scoped.value).messages.create({ model: 'priced', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((forbidden as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'permission_error', message: expect.stringMatching(/may not use model/) } });
    const unknown = await anthropic('rk-nope').messages.create({ model: 'plain', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((unknown as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('breaks stats down per key and filters by a key name', async () => {
    const byKey = (await admin('GET', '/v1/stats?by=key&since=1h')).json.keys as { name: string; requests: number; cost: number | null }[];
    expect(byKey.find((row) => row.name === 'budget-1')).toMatchObject({ requests: 4, cost: 1.2 });
    const one = (await admin('GET', '/v1/stats?key=budget-1&since=1h')).json;
    expect(one.totals.requests).toBe(4);
  });

  it('leaves no key value in any table, history row, answer or the server\'s log', async () => {
    const rotated = await admin<{ value: string }>('POST', '/v1/keys/plain-user/rotate');
    issued.push(rotated.json.value);
    const store = await openStore({ url: database, migrate: false });
    let tables = '';
    try {
      for (const table of Object.values(tablesOf(store.db))) tables += JSON.stringify(await store.db.select().from(table as never));
    } finally {
      await store.close();
    }
    const listed = JSON.stringify((await admin('GET', '/v1/keys')).json) + JSON.stringify((await admin('GET', '/v1/history?entity=client_key&limit=100')).json);
    expect(issued.length).toBeGreaterThanOrEqual(9);
    for (const value of issued) {
      expect(tables).not.toContain(value);
      expect(listed).not.toContain(value);
      expect(server.stderr()).not.toContain(value);
    }
  });
});
