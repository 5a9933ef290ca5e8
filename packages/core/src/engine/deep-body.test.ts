import { expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { createStaticConfigSource } from './static-config.js';
import { bodyText } from '../test/index.js';

it('answers 400 (not 500) when a body nested too deep to re-serialise must be rewritten for the upstream, and calls no upstream', async () => {
  let calls = 0;
  const router = createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://a.test/v1' } }], routes: { m: [{ providerId: 'a', model: 'renamed' }] } }),
    transport: async () => {
      calls++;
      throw new Error('not reached');
    },
    keepAliveMs: 0,
  });
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const result = await router.chatCompletion({ body: `{"model":"m","messages":[{"role":"user","content":${deep}}]}` });
  expect(result.status).toBe(400);
  expect(JSON.parse(await bodyText(result.body))).toMatchObject({ error: { type: 'invalid_request_error', code: 'json_too_deep' } });
  expect(calls).toBe(0);
});
