/** DashScope's rate-limit answer keeps its Retry-After on the way to the client (the adapter's error mapping gets the headers). */
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { afterEach, expect, it } from 'vitest';
import { createRouter } from '../../engine/create-router.js';
import { createStaticConfigSource } from '../../engine/static-config.js';
import { createFetchTransport } from '../../transport/fetch-transport.js';

let upstream: FakeUpstream | undefined;
afterEach(async () => upstream?.close());

it('passes a DashScope 429 back with its Retry-After and request id', async () => {
  upstream = await startFakeUpstream({
    chat: () => ({ kind: 'json', status: 429, headers: { 'retry-after': '30' }, body: JSON.stringify({ error: { message: 'Requests rate limit exceeded', type: 'limit_requests', code: 'limit_requests' }, request_id: 'req-1' }) }),
  });
  const router = createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'qwen', type: 'qwen', config: { baseURL: upstream.baseURL, apiKey: 'sk-dashscope-test' } }], activeProviderId: 'qwen' }),
    transport: createFetchTransport(),
  });
  const answer = await router.chatCompletion({ body: JSON.stringify({ model: 'qwen-plus', messages: [{ role: 'user', content: 'hi' }] }) });
  expect(answer.status).toBe(429);
  // longer than the router waits for (retry_after_max_ms), so it answers at once with the upstream's advice
  expect(answer.headers['retry-after']).toBe('30');
  expect(new TextDecoder().decode(answer.body as Uint8Array)).toContain('request_id req-1');
  expect(upstream.requests).toHaveLength(1);
});
