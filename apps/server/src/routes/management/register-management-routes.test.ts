import { afterEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('keeps every route, chat included, on Hono’s RegExpRouter (no fallback to the trie router)', async () => {
  t = await createTestApp({ clientApiKeys: ['k'], adminApiKey: 'a' });
  await t.app.request('/health'); // SmartRouter settles on a router at the first match
  expect((t.app.router as { name: string }).name).toBe('SmartRouter + RegExpRouter');
});

it('serves GET /v1/providers/health through the :id route without shadowing provider reads', async () => {
  t = await createTestApp();
  await t.call('POST', '/v1/providers', { id: 'healthy', config: { baseURL: 'http://127.0.0.1:9/v1' } });
  expect((await t.call('GET', '/v1/providers/health?timeoutMs=200')).json).toMatchObject({ status: 'down', providers: [{ id: 'healthy', status: 'down' }] });
  expect((await t.call('GET', '/v1/providers/healthy')).json).toMatchObject({ id: 'healthy' });
});
