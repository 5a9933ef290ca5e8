import { afterEach, expect, it } from 'vitest';
import { MAX_BODY_BYTES, nestedDeeperThan } from './validation.js';
import { createTestApp, type TestApp } from './test-harness.js';
import { ROUTES, takesBody } from '../route-table.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const PROVIDER = { id: 'p1', config: { baseURL: 'http://127.0.0.1:9/v1' } };

it('stops reading a management body at the limit and answers 413, without waiting for the rest', async () => {
  t = await createTestApp();
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let pulled = 0;
  // an upload that never ends: only a read that stops at the limit can answer
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const response = await t.app.request('/v1/providers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: endless, duplex: 'half' } as RequestInit);
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', code: 'payload_too_large', param: null } });
  expect(pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 4 * chunk.byteLength);

  // a declared length over the limit is refused before reading; the limit counts bytes, not characters
  expect((await t.call('POST', '/v1/providers', { ...PROVIDER, name: 'x'.repeat(MAX_BODY_BYTES) })).status).toBe(413);
  expect((await t.call('POST', '/v1/providers', { ...PROVIDER, name: 'é'.repeat(MAX_BODY_BYTES / 2) })).status).toBe(413);
  expect(await t.store.providers.list({})).toEqual([]);
});

it('answers 400 (not 500) for JSON nested 100000 deep, on every body shape', async () => {
  t = await createTestApp();
  expect((await t.call('POST', '/v1/providers', PROVIDER)).status).toBe(201);
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
  for (const [method, path, body] of [
    ['POST', '/v1/providers', `{"id":"p2","config":{"x":${deep}}}`],
    ['PUT', '/v1/providers/p1/config', `{"x":${deepObject}}`],
    ['PATCH', '/v1/providers/p1/config/x', `{"value":${deep}}`],
    ['PUT', '/v1/providers/p1', deep],
  ] as const) {
    const response = await t.call(method, path, body);
    expect(response.status, path).toBe(400);
    expect(response.json, path).toMatchObject({ error: { type: 'invalid_request_error', code: 'json_too_deep' } });
  }
  expect(nestedDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
  expect(nestedDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
});

it('refuses __proto__, constructor and prototype as setting names and config keys', async () => {
  t = await createTestApp();
  expect((await t.call('POST', '/v1/providers', PROVIDER)).status).toBe(201);
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    const put = await t.call('PUT', `/v1/settings/tuning/${key}`, { value: 5 });
    expect(put.status, key).toBe(400);
    expect(put.json, key).toMatchObject({ error: { code: 'unknown_setting', param: 'key' } });
    expect((await t.call('GET', `/v1/settings/tuning/${key}`)).status, key).toBe(400);
  }
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    expect((await t.call('PATCH', `/v1/providers/p1/config/${key}`, { value: 'x' })).status, key).toBe(400);
    expect((await t.call('PUT', '/v1/providers/p1/config', `{"${key}":{"polluted":true}}`)).status, key).toBe(400);
    expect((await t.call('POST', '/v1/providers', `{"id":"p9","config":{"${key}":{"polluted":true}}}`)).status, key).toBe(400);
  }
  expect(await t.store.settings.all()).toEqual({});
  expect((await t.store.providers.get('p1')).config).toEqual(PROVIDER.config);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

it('refuses a prototype name as a key anywhere in a management body (config beside valid keys, header names, extraBody), not silently dropping it', async () => {
  t = await createTestApp();
  expect((await t.call('POST', '/v1/providers', PROVIDER)).status).toBe(201);
  const bodies: [string, string, string, string][] = [
    ['POST', '/v1/providers', '{"id":"p2","config":{"baseURL":"http://127.0.0.1:9/v1","__proto__":{"apiKey":"x"}}}', 'config.__proto__'],
    ['POST', '/v1/providers', '{"id":"p3","config":{"baseURL":"http://127.0.0.1:9/v1","headers":{"__proto__":"x"}}}', 'config.headers.__proto__'],
    ['POST', '/v1/providers', '{"id":"p4","config":{"baseURL":"http://127.0.0.1:9/v1","extraBody":{"metadata":{"constructor":{"prototype":1}}}}}', 'config.extraBody.metadata.constructor'],
    ['PUT', '/v1/providers/p1/config', '{"baseURL":"http://127.0.0.1:9/v1","headers":{"prototype":"x"}}', 'headers.prototype'],
    ['PATCH', '/v1/providers/p1/config/headers', '{"value":{"__proto__":"x"}}', 'value.__proto__'],
    ['POST', '/v1/keys', '{"name":"k1","models":["m"],"__proto__":{"admin":true}}', '__proto__'],
  ];
  for (const [method, path, body, param] of bodies) {
    const response = await t.call(method, path, body);
    expect(response.status, `${method} ${path} ${body}`).toBe(400);
    expect(response.json, `${method} ${path} ${body}`).toEqual({ error: { message: expect.stringContaining('__proto__, constructor and prototype'), type: 'invalid_request_error', code: 'invalid_key', param } });
  }
  expect((await t.store.providers.list({})).map((provider) => provider.id)).toEqual(['p1']);
  expect((await t.store.providers.get('p1')).config).toEqual(PROVIDER.config);
  expect(await t.store.clientKeys.list()).toEqual([]);
});

/** A concrete path for a route pattern (ids that need not exist: the body is refused before any lookup). */
function concrete(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_match, name: string) => (name === 'key' ? 'retry_attempts' : 'x1'));
}

it('limits, depth-checks and name-checks the body of every management write in the route table before its handler acts', async () => {
  t = await createTestApp();
  const writes = ROUTES.filter((route) => route.kind === 'admin' && takesBody(route.method));
  expect(writes.length).toBeGreaterThan(30);
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const ignoring: string[] = [];
  for (const route of writes) {
    const path = concrete(route.path);
    const name = `${route.method} ${path}`;
    // over the limit while reading: every write, whether or not its handler reads the body
    const chunk = new Uint8Array(256 * 1024).fill(0x20);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (controller) => void ((pulled += chunk.byteLength), controller.enqueue(chunk)) });
    const large = await t.app.request(path, { method: route.method, headers: { 'content-type': 'application/json' }, body: endless, duplex: 'half' } as RequestInit);
    expect(large.status, name).toBe(413);
    expect(await large.json(), name).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', code: 'payload_too_large', param: null } });
    expect(pulled, name).toBeLessThanOrEqual(MAX_BODY_BYTES + 4 * chunk.byteLength);
    // a handler that parses its body says so about a broken one; the others never look at it
    const broken = await t.call(route.method, path, '{"a":');
    if (broken.json?.error?.code !== 'invalid_json') {
      ignoring.push(name);
      continue;
    }
    const tooDeep = await t.call(route.method, path, `{"a":${deep}}`);
    expect([tooDeep.status, tooDeep.json?.error?.code], name).toEqual([400, 'json_too_deep']);
    const polluting = await t.call(route.method, path, '{"a":{"b":{"__proto__":{"polluted":true}}}}');
    expect([polluting.status, polluting.json?.error?.code], name).toEqual([400, 'invalid_key']);
  }
  // the writes that take no body: actions on an id (their bodies are never read)
  expect(ignoring.every((name) => /\/(test|reload|enable|disable|revoke|rotate|replay)$|^DELETE /.test(name)), ignoring.join(', ')).toBe(true);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

it('says what happened when the database cannot be written (full, read-only) instead of a bare 500, and changes nothing', async () => {
  t = await createTestApp();
  // a full or read-only SQLite file, made with its PRAGMAs (the test app's store is an SQLite one)
  if (t.store.dialect !== 'sqlite') throw new Error('the test app opens an SQLite store');
  const { client } = t.store;
  const pages = Number((await client.execute('PRAGMA page_count')).rows[0][0]);
  await client.execute(`PRAGMA max_page_count = ${pages}`);
  const full = await t.call('POST', '/v1/providers', { ...PROVIDER, config: { ...PROVIDER.config, note: 'x'.repeat(200_000) } });
  expect(full.status).toBe(507);
  expect(full.json).toEqual({ error: { message: expect.stringContaining('disk'), type: 'server_error', code: 'storage_full', param: null } });
  await client.execute('PRAGMA max_page_count = 1000000');
  await client.execute('PRAGMA query_only = ON');
  const readOnly = await t.call('PUT', '/v1/settings/tuning/retry_attempts', { value: 3 });
  expect(readOnly.status).toBe(503);
  expect(readOnly.json).toMatchObject({ error: { message: expect.stringContaining('read-only'), code: 'storage_read_only' } });
  await client.execute('PRAGMA query_only = OFF');
  expect(await t.store.providers.list({})).toEqual([]);
  expect(await t.store.settings.all()).toEqual({});
});

it('refuses a provider base URL on a cloud metadata address, in any encoding; LAN and local addresses pass', async () => {
  t = await createTestApp();
  for (const baseURL of ['http://169.254.169.254/v1', 'http://0xA9FEA9FE/v1', 'http://2852039166/v1', 'http://0251.0376.0251.0376/v1', 'http://[::ffff:169.254.169.254]/v1', 'http://[fe80::1]/v1']) {
    const response = await t.call('POST', '/v1/providers', { id: 'meta', config: { baseURL } });
    expect(response.status, baseURL).toBe(400);
    expect(response.json, baseURL).toMatchObject({ error: { param: 'config.baseURL', message: expect.stringContaining('metadata') } });
  }
  expect((await t.call('POST', '/v1/providers', { id: 'lan', config: { baseURL: 'http://192.168.1.20:1234/v1' } })).status).toBe(201);
  expect((await t.call('PATCH', '/v1/providers/lan/config/baseURL', { value: 'http://169.254.169.254/v1' })).status).toBe(400);
  expect((await t.store.providers.get('lan')).config.baseURL).toBe('http://192.168.1.20:1234/v1');
});

it('refuses a metadata base URL for every provider type (anthropic included), in every encoding, on create, config replace and config patch', async () => {
  t = await createTestApp();
  const types: string[] = (await t.call('GET', '/v1/provider-types')).json.data.map((entry: { type: string }) => entry.type);
  expect(types).toEqual(expect.arrayContaining(['openai-compatible', 'openai', 'anthropic', 'lm-studio', 'ollama']));
  const encodings = ['http://169.254.169.254/v1', 'http://0xA9FEA9FE/v1', 'http://2852039166/v1', 'http://0251.0376.0251.0376/v1', 'http://[::ffff:169.254.169.254]/v1', 'http://[::ffff:a9fe:a9fe]/v1', 'http://169.254.1.1:8080/v1'];
  for (const type of types) {
    const config = { apiKey: 'sk-test-0123456789', baseURL: 'http://127.0.0.1:9/v1' };
    for (const baseURL of encodings) {
      const response = await t.call('POST', '/v1/providers', { id: 'meta', type, config: { ...config, baseURL } });
      expect([response.status, response.json?.error?.param], `${type} ${baseURL}`).toEqual([400, 'config.baseURL']);
    }
    // an existing provider of the type cannot be pointed there either
    const id = `ok-${type}`;
    expect((await t.call('POST', '/v1/providers', { id, type, config })).status, type).toBe(201);
    expect((await t.call('PUT', `/v1/providers/${id}/config`, { ...config, baseURL: encodings[1] })).status, type).toBe(400);
    expect((await t.call('PATCH', `/v1/providers/${id}/config/baseURL`, { value: encodings[2] })).status, type).toBe(400);
  }
  expect((await t.store.providers.list({})).map((provider) => provider.config.baseURL).filter((url) => url !== 'http://127.0.0.1:9/v1')).toEqual([]);
});
