/**
 * Routing agrees with the model list for every client API and path: a request goes to the provider
 * `GET /v1/models` names as its owner (pinned forms included), pins (the `x-router-provider` header,
 * `<provider-id>/<model>`, with or without `x-router-fallback`), mappings, catalogue links, the
 * models providers report and a provider's default model send it where they say with the model
 * they say, whichever API the client speaks and whether it is passed through or translated.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../engine/create-router.js';
import { createStaticConfigSource } from '../engine/static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import type { UpstreamResponse } from '../spec/transport.js';
import { API_CASES, ERROR_DATA, JSON_TYPE, answer, goodAnswer } from '../test/api-cases.js';
import { bodyText } from '../test/index.js';

/** What each provider reports in its model list. */
const REPORTED: Record<string, string[]> = { alpha: ['alpha-default', 'shared'], beta: ['beta-only', 'beta-default', 'claude-x', 'shared'] };

describe.each(API_CASES)('$name: routing', (apiCase) => {
  let router: Router;
  let logs: RequestLogRecord[];
  /** Each upstream call: the provider and the model it was asked for. */
  let calls: [string, string][];
  /** Providers that answer 503. */
  let failing: Set<string>;

  beforeEach(async () => {
    logs = [];
    calls = [];
    failing = new Set();
    router = createRouter({
      config: createStaticConfigSource({
        providers: [
          { id: 'alpha', type: apiCase.type, config: { ...apiCase.config, baseURL: 'http://alpha.test/v1' }, priority: 0, defaultModel: 'alpha-default' },
          { id: 'beta', type: apiCase.type, config: { ...apiCase.config, baseURL: 'http://beta.test/v1' }, priority: 1, defaultModel: 'beta-default' },
        ],
        activeProviderId: 'alpha',
        routes: { alias: [{ providerId: 'beta', model: 'beta-real' }] },
        models: [{ id: 'linked', providers: [{ providerId: 'beta', model: 'beta-linked' }] }],
      }),
      transport: async (request): Promise<UpstreamResponse> => {
        const provider = new URL(request.url).hostname.split('.')[0];
        if (request.method === 'GET') return answer(200, JSON_TYPE, [JSON.stringify({ data: REPORTED[provider].map((id) => ({ id, type: 'model', object: 'model' })) })]);
        calls.push([provider, JSON.parse(String(request.body)).model]);
        // an error in the upstream API's own shape (passed back as it is to a client of that API)
        if (failing.has(provider)) return answer(503, JSON_TYPE, [JSON.stringify(ERROR_DATA[apiCase.upstream === 'responses' ? 'chat' : apiCase.upstream])]);
        return goodAnswer(apiCase.upstream, false);
      },
      logSink: { write: (record) => logs.push(record) },
      resilience: { backoffBaseMs: 1, backoffMaxMs: 2, attemptsPerTarget: 1 },
      keepAliveMs: 0,
    });
    await router.refreshModels();
  });

  const ask = async (model: string, headers: Record<string, string> = {}) => {
    const answered = await router.proxy(apiCase.api, {
      body: JSON.stringify(apiCase.body(false)).replace('MODEL', model),
      provider: headers['x-router-provider'],
      fallback: headers['x-router-fallback'],
    });
    return { ...answered, text: await bodyText(answered.body) };
  };

  it('sends every model the list names to the provider it says owns it (pinned forms too)', async () => {
    const listed = router.listModels({ pinned: true }).data;
    expect(listed.map((entry) => entry.id)).toEqual(expect.arrayContaining(['alias', 'linked', 'beta-only', 'alpha/shared', 'beta/claude-x']));
    for (const entry of listed) {
      calls = [];
      const answered = await ask(entry.id);
      expect(answered.status, entry.id).toBe(200);
      expect(answered.headers['x-router-provider'], entry.id).toBe(entry.owned_by);
      expect(calls.map(([provider]) => provider), entry.id).toEqual([entry.owned_by]);
    }
  });

  const ROUTES: [string, string, Record<string, string>, [string, string]][] = [
    ['a pin in the name', 'beta/claude-x', {}, ['beta', 'claude-x']],
    ['a pin in the header', 'claude-x', { 'x-router-provider': 'beta' }, ['beta', 'claude-x']],
    ['a mapping', 'alias', {}, ['beta', 'beta-real']],
    ['a catalogue link', 'linked', {}, ['beta', 'beta-linked']],
    ['a model only one provider reports', 'beta-only', {}, ['beta', 'beta-only']],
    ["a model the provider does not know: its default model", 'unknown-model', {}, ['alpha', 'alpha-default']],
    ['a pin to a provider that does not know the model: its default model', 'beta/unknown-model', {}, ['beta', 'beta-default']],
  ];
  it.each(ROUTES)('follows %s', async (_, model, headers, [provider, upstreamModel]) => {
    const answered = await ask(model, headers);
    expect(answered.status).toBe(200);
    expect(calls).toEqual([[provider, upstreamModel]]);
    expect(logs[0]).toMatchObject({ endpoint: expect.stringMatching(/^\/v1\//), providerId: provider, upstreamModel, model });
  });

  it('keeps a pinned request on its provider, unless x-router-fallback asks for the model\'s other targets', async () => {
    failing.add('beta');
    const pinned = await ask('shared', { 'x-router-provider': 'beta' });
    expect(pinned.status).toBeGreaterThanOrEqual(500);
    expect(calls.map(([provider]) => provider)).toEqual(['beta']);
    expect(apiCase.dialect === 'anthropic' ? JSON.parse(pinned.text).type : Object.keys(JSON.parse(pinned.text))).toEqual(apiCase.dialect === 'anthropic' ? 'error' : ['error']);
    calls = [];
    const fallback = await ask('beta/shared', { 'x-router-fallback': 'true' });
    expect(fallback.status).toBe(200);
    expect(calls).toEqual([['beta', 'shared'], ['alpha', 'shared']]);
  });
});

describe('a provider that does not offer the client\'s API', () => {
  const NOT_OFFERING = [
    { type: 'openai-compatible', config: { apis: '' } },
    { type: 'anthropic', config: {} },
  ];
  const BODIES = { embeddings: { model: 'm', input: 'hi' }, completions: { model: 'm', prompt: 'hi' } };

  describe.each(NOT_OFFERING)('($type)', (without) => {
    it.each(Object.entries(BODIES))('is skipped for the next target that offers %s, or named in one clear error when pinned', async (api, body) => {
      const calls: string[] = [];
      const router = createRouter({
        config: createStaticConfigSource({
          providers: [
            { id: 'without', type: without.type, config: { ...without.config, baseURL: 'http://without.test/v1' } },
            { id: 'with', type: 'openai-compatible', config: { baseURL: 'http://with.test/v1' } },
          ],
          routes: { m: [{ providerId: 'without' }, { providerId: 'with' }] },
        }),
        transport: async (request) => {
          calls.push(new URL(request.url).hostname.split('.')[0]);
          return goodAnswer(api as 'embeddings' | 'completions', false);
        },
        keepAliveMs: 0,
      });
      const routed = await router.proxy(api as 'embeddings', { body: JSON.stringify(body) });
      expect(routed.status).toBe(200);
      expect(routed.headers['x-router-provider']).toBe('with');
      expect(calls).toEqual(['with']);
      for (const pin of [{ provider: 'without' }, { body: JSON.stringify({ ...body, model: 'without/m' }) }]) {
        const pinned = await router.proxy(api as 'embeddings', { body: JSON.stringify(body), ...pin });
        expect(pinned.status).toBe(400);
        const error = JSON.parse(await bodyText(pinned.body)).error;
        expect(error).toMatchObject({ code: 'api_not_offered', type: 'invalid_request_error' });
        expect(error.message).toContain('Provider "without" does not offer');
        expect(calls).toEqual(['with']);
      }
    });
  });
});
