import { startFakeLocalServer, type FakeLocalModel, type FakeLocalServer, type LocalServerKind } from '@router/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { createStaticConfigSource } from './static-config.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import type { RequestLogRecord } from '../spec/log.js';
import { bodyText } from '../test/index.js';
import { coldStartTimeouts } from './attempt-timeouts.js';
import { DEFAULT_RESILIENCE, resiliencePolicy } from './retry-policy.js';

// The usual time to first byte is far shorter than a load; the cold-start allowance far longer.
const USUAL_MS = 150;
const LOAD_MS = 5 * USUAL_MS;
const ALLOWANCE_MS = 20_000;

const servers: FakeLocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setUp(kind: LocalServerKind, models: FakeLocalModel[], settings: Record<string, string> = {}) {
  const server = await startFakeLocalServer(kind, models);
  servers.push(server);
  const logs: RequestLogRecord[] = [];
  const events: string[] = [];
  const router = createRouter({
    config: createStaticConfigSource({
      providers: [{ id: 'local', type: kind, config: { baseURL: server.baseURL } }],
      activeProviderId: 'local',
      settings: { request_timeout_ms: String(USUAL_MS), cold_start_timeout_ms: String(ALLOWANCE_MS), retry_attempts: '1', breaker_failures: '1', ...settings },
    }),
    transport: createFetchTransport(),
    logSink: {
      write: (record) => {
        events.push(`logged ${record.outcome}`);
        logs.push(record);
      },
    },
  });
  await router.refreshModels();
  return { server, router, logs, events };
}

const ask = (model: string, stream = false) => JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] });

describe('cold starts: a local model that is not loaded', () => {
  for (const kind of ['lm-studio', 'ollama'] as const) {
    it(`${kind}: gets the cold-start allowance, answers, does not touch the breaker, and counts as loaded right away`, async () => {
      const { server, router, logs, events } = await setUp(kind, [{ id: 'big-model', loaded: false, maxContext: 32768, loadMs: LOAD_MS }]);
      expect(router.discoveredModels('local')!.models.get('big-model')!.state).toBe('not-loaded');
      const listings = server.requests.filter((request) => request.method === 'GET').length;

      const answer = await router.chatCompletion({ body: ask('big-model') });
      events.push(`answered ${answer.status}`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(await bodyText(answer.body)).choices[0].message.content).toBe(`answered by ${kind}`);

      const [attempt] = logs[0].attempts;
      expect(attempt).toMatchObject({ providerId: 'local', model: 'big-model', outcome: 'ok', status: 200, coldStart: true });
      expect(attempt.loadMs).toBe(attempt.answeredMs);
      expect(attempt.loadMs).toBeGreaterThan(0);
      // breaker_failures is 1: a single counted failure would have opened the circuit
      expect(router.circuits()).toEqual({});
      expect(events).toEqual(['logged success', 'answered 200']);
      // loaded in memory from the answer, without asking the server again
      expect(router.discoveredModels('local')!.models.get('big-model')!.state).toBe('loaded');
      expect(router.listModels().data.find((entry) => entry.id === 'big-model')).toMatchObject({ state: 'loaded' });
      expect(server.requests.filter((request) => request.method === 'GET')).toHaveLength(listings);

      // now loaded: the next request is an ordinary one
      await bodyText((await router.chatCompletion({ body: ask('big-model') })).body);
      expect(logs[1].attempts[0]).not.toHaveProperty('coldStart');
    });
  }

  it('streams too: the client sees the stream of the model that loaded', async () => {
    const { router, logs } = await setUp('lm-studio', [{ id: 'big-model', loaded: false, maxContext: 32768, loadMs: LOAD_MS }]);
    const answer = await router.chatCompletion({ body: ask('big-model', true) });
    const text = await bodyText(answer.body);
    expect(answer.status).toBe(200);
    expect(text).toContain('"content":"answered by "');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(logs[0]).toMatchObject({ outcome: 'success' });
    expect(logs[0].attempts[0]).toMatchObject({ outcome: 'ok', coldStart: true });
    expect(router.circuits()).toEqual({});
  });

  it('a loaded model still gets the usual time to first byte, and its timeout counts against the provider', async () => {
    const { router, logs } = await setUp('lm-studio', [{ id: 'slow-model', loaded: true, maxContext: 32768, loadedContext: 8192, answerDelayMs: LOAD_MS }]);
    const answer = await router.chatCompletion({ body: ask('slow-model') });
    expect(answer.status).toBe(504);
    const [attempt] = logs[0].attempts;
    expect(attempt).toMatchObject({ outcome: 'timeout' });
    expect(attempt.error).toContain(`within ${USUAL_MS} ms (its time-to-first-byte timeout)`);
    expect(attempt).not.toHaveProperty('coldStart');
    expect(router.circuits().local).toMatchObject({ state: 'open' });
  });

  it('a load that outlasts the allowance times out, named as such, and still does not open the circuit', async () => {
    const { router, logs } = await setUp('ollama', [{ id: 'huge-model', loaded: false, maxContext: 131072, loadMs: 20 * USUAL_MS }], { cold_start_timeout_ms: String(2 * USUAL_MS) });
    const answer = await router.chatCompletion({ body: ask('huge-model') });
    expect(answer.status).toBe(504);
    const [attempt] = logs[0].attempts;
    expect(attempt).toMatchObject({ outcome: 'timeout', coldStart: true });
    expect(attempt).not.toHaveProperty('loadMs');
    expect(attempt.error).toContain(`within ${2 * USUAL_MS} ms (its cold-start allowance: the model was not loaded)`);
    expect(router.circuits()).toEqual({});
    expect(router.discoveredModels('local')!.models.get('huge-model')!.state).toBe('not-loaded');
  });

  it('a model whose load state is unknown (not discovered) is treated as loaded', async () => {
    const { router, logs } = await setUp('lm-studio', [{ id: 'listed', loaded: true, maxContext: 4096, loadedContext: 4096 }]);
    const answer = await router.chatCompletion({ body: ask('not-listed') });
    await bodyText(answer.body);
    expect(logs[0].attempts[0]).not.toHaveProperty('coldStart');
  });
});

describe('the cold-start allowance', () => {
  it('is a setting (cold_start_timeout_ms, default 120 s) that never shortens the usual timeouts', () => {
    expect(DEFAULT_RESILIENCE.coldStartTimeoutMs).toBe(120_000);
    expect(resiliencePolicy(new Map([['cold_start_timeout_ms', '90000']])).coldStartTimeoutMs).toBe(90_000);
    expect(coldStartTimeouts({ connectMs: 1_000, headersMs: 30_000, idleMs: 60_000 }, 45_000)).toEqual({ connectMs: 1_000, headersMs: 45_000, idleMs: 60_000 });
  });
});
