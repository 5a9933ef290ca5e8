import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeUpstream, waitFor, type FakeUpstream } from '@router/testkit';
import { createParser } from 'eventsource-parser';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
let upstream: FakeUpstream;
beforeEach(async () => {
  t = await createTestApp();
  upstream = await startFakeUpstream({ models: ['m-one', 'm-two'] });
});
afterEach(async () => {
  await t.close();
  await upstream.close();
});

const chatJson = (content: string) => JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm-one', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } });
const streamFrames = ['data: {"choices":[{"index":0,"delta":{"content":"OK"}}]}\n\n', 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}\n\n', 'data: [DONE]\n\n'];

describe('POST /v1/providers/:id/test', () => {
  it('runs a real round trip, reports each step, and stores what it learned', async () => {
    upstream.onChat((request) => (request.json.stream ? { kind: 'sse', frames: streamFrames } : { kind: 'json', body: chatJson('OK') }));
    await t.call('POST', '/v1/providers', { id: 'p', config: { baseURL: upstream.baseURL, apiKey: 'sk-probe-secret-000000001' } });
    const response = await t.call('POST', '/v1/providers/p/test', { skipTools: true });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ providerId: 'p', ok: true, reachable: true, adapterFallback: false, model: 'm-one', models: ['m-one', 'm-two'] });
    expect(response.json.steps.map((step: any) => [step.name, step.ok])).toEqual([['models', true], ['completion', true], ['stream', true]]);
    expect(response.json.steps.every((step: any) => typeof step.latencyMs === 'number')).toBe(true);
    expect(response.text).not.toContain('sk-probe-secret-000000001');
    const stored = await t.store.providers.get('p');
    expect(stored.capabilities).toMatchObject({ reachable: true, models: ['m-one', 'm-two'], streamUsage: 'always' });
    expect(t.configSource.current().providers.get('p')?.capabilities).toMatchObject({ reachable: true });
  });

  it('warns when the type is unknown and the generic adapter is used; reports what failed', async () => {
    upstream.onChat(() => ({ kind: 'json', status: 401, body: JSON.stringify({ error: { message: 'bad key sk-probe-secret-000000002', type: 'auth' } }) }));
    await t.call('POST', '/v1/providers', { id: 'odd', type: 'some-new-cloud', config: { baseURL: upstream.baseURL, apiKey: 'sk-probe-secret-000000002' } });
    const response = await t.call('POST', '/v1/providers/odd/test', { model: 'm-two', skipTools: true });
    expect(response.status).toBe(200);
    expect(response.json.adapterFallback).toBe(true);
    expect(response.json.warnings.join(' ')).toContain('some-new-cloud');
    expect(response.json.ok).toBe(false);
    const completion = response.json.steps.find((step: any) => step.name === 'completion');
    expect(completion).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 401') });
    // the upstream echoed the key: it is redacted in the answer
    expect(response.text).not.toContain('sk-probe-secret-000000002');
  });

  it('reports an unreachable provider without failing the request', async () => {
    await t.call('POST', '/v1/providers', { id: 'gone', config: { baseURL: 'http://127.0.0.1:9/v1' } });
    const response = await t.call('POST', '/v1/providers/gone/test', {});
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ ok: false, reachable: false });
    expect(response.json.steps[0]).toMatchObject({ name: 'models', ok: false, error: expect.any(String) });
  });

  it('with stream: true, sends each step as it starts and ends, then the result, redacted like the answer', async () => {
    upstream.onChat((request) => (request.json.stream ? { kind: 'sse', frames: streamFrames } : { kind: 'json', body: chatJson('OK sk-probe-secret-000000003') }));
    await t.call('POST', '/v1/providers', { id: 'p', config: { baseURL: upstream.baseURL, apiKey: 'sk-probe-secret-000000003' } });
    const response = await t.call('POST', '/v1/providers/p/test', { skipTools: true, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events: { event?: string; data: any }[] = [];
    const parser = createParser({ onEvent: (event) => events.push({ event: event.event, data: JSON.parse(event.data) }) });
    parser.feed(response.text);
    expect(events.map((event) => `${event.event} ${event.data.phase ?? ''} ${event.data.name ?? ''}`.trim())).toEqual([
      'step started models', 'step finished models', 'step started completion', 'step finished completion', 'step started stream', 'step finished stream', 'result',
    ]);
    expect(events[1].data).toMatchObject({ phase: 'finished', name: 'models', ok: true, latencyMs: expect.any(Number), detail: '2 models' });
    const result = events.at(-1)!.data;
    expect(result).toMatchObject({ providerId: 'p', ok: true, reachable: true, model: 'm-one' });
    expect(result.steps.map((step: any) => step.name)).toEqual(['models', 'completion', 'stream']);
    // each finished step is the result's step
    expect(events.filter((event) => event.data.phase === 'finished').map(({ data: { phase: _phase, ...step } }) => step)).toEqual(result.steps);
    // the upstream echoed the key in its answer: redacted in the steps as in the plain answer
    expect(response.text).not.toContain('sk-probe-secret-000000003');
    expect((await t.store.providers.get('p')).capabilities).toMatchObject({ reachable: true, streamUsage: 'always' });
  });

  it('answers 404 for an unknown provider and 400 for a bad option', async () => {
    expect((await t.call('POST', '/v1/providers/nope/test')).status).toBe(404);
    await t.call('POST', '/v1/providers', { id: 'p', config: { baseURL: upstream.baseURL } });
    const bad = await t.call('POST', '/v1/providers/p/test', { timeoutMs: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('timeoutMs');
    // a bad option is refused before any stream starts, in the error shape
    const badStream = await t.call('POST', '/v1/providers/p/test', { stream: 'yes' });
    expect(badStream.status).toBe(400);
    expect(badStream.json.error).toMatchObject({ param: 'stream', code: 'invalid_value' });
    expect((await t.call('POST', '/v1/providers/nope/test', { stream: true })).json.error.code).toBe('provider_not_found');
  });
});

describe('GET /v1/providers/health', () => {
  it('checks every enabled provider in parallel within the timeout', async () => {
    // Accepts, never answers; records when each check arrives and when its caller gives up.
    const events: string[] = [];
    const silent = createServer((request) => {
      events.push('arrived');
      request.socket.once('close', () => events.push('abandoned'));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`;
    try {
      await t.call('POST', '/v1/providers', { id: 'up', config: { baseURL: upstream.baseURL } });
      await t.call('POST', '/v1/providers', { id: 'refused', config: { baseURL: 'http://127.0.0.1:9/v1' } });
      await t.call('POST', '/v1/providers', { id: 'hung-a', config: { baseURL: silentUrl } });
      await t.call('POST', '/v1/providers', { id: 'hung-b', config: { baseURL: silentUrl } });
      await t.call('POST', '/v1/providers', { id: 'off', enabled: false, config: { baseURL: upstream.baseURL } });
      const response = await t.call('GET', '/v1/providers/health?timeoutMs=300');
      expect(response.status).toBe(200);
      expect(response.json.status).toBe('degraded');
      const byId = Object.fromEntries(response.json.providers.map((provider: any) => [provider.id, provider]));
      expect(Object.keys(byId).sort()).toEqual(['hung-a', 'hung-b', 'refused', 'up']);
      expect(byId.up).toMatchObject({ status: 'up', models: 2, latencyMs: expect.any(Number) });
      expect(byId.refused).toMatchObject({ status: 'down', error: expect.any(String) });
      expect(byId['hung-a']).toMatchObject({ status: 'down', error: expect.stringContaining('300 ms') });
      // checked in parallel: both hung checks reached the upstream before either was given up
      await vi.waitFor(() => expect(events).toHaveLength(4));
      expect(events).toEqual(['arrived', 'arrived', 'abandoned', 'abandoned']);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('is not shadowed by /v1/providers/:id and validates its timeout', async () => {
    const empty = await t.call('GET', '/v1/providers/health');
    expect(empty.json).toMatchObject({ status: 'no_providers', providers: [] });
    expect((await t.call('GET', '/v1/providers/health?timeoutMs=abc')).json.error.param).toBe('timeoutMs');
    expect((await t.call('POST', '/v1/providers', { id: 'health', config: { baseURL: upstream.baseURL } })).status).toBe(400);
  });
});

describe('POST /v1/providers/:id/reload', () => {
  let server: Server;
  let sockets: Set<Socket>;
  let chatStarted: boolean;
  let baseURL: string;
  beforeEach(async () => {
    sockets = new Set();
    chatStarted = false;
    server = createServer(async (request, response) => {
      if (request.url?.endsWith('/models')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ object: 'list', data: [{ id: 'slow', object: 'model' }] }));
        return;
      }
      for await (const _ of request);
      chatStarted = true;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const frame of streamFrames) {
        response.write(frame);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      response.end();
    });
    server.keepAliveTimeout = 60_000; // only the reload may close the pooled connections here
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('re-reads the configuration and drops pooled connections, letting requests in flight finish', async () => {
    await t.call('POST', '/v1/providers', { id: 'p', config: { baseURL } });
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'p' });
    for (let index = 0; index < 3; index++) await t.call('GET', '/v1/providers/health');
    const warm = sockets.size;
    await t.call('GET', '/v1/providers/health');
    expect(sockets.size).toBe(warm); // keep-alive: the pool reuses its connections

    // a change written behind the API's back (as another process would)
    await t.store.providers.update('p', { priority: 7 }, 'cli');
    const inFlight = t.call('POST', '/v1/chat/completions', { model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    await waitFor(() => chatStarted);
    const before = [...sockets];
    const reload = await t.call('POST', '/v1/providers/p/reload');
    expect(reload.status).toBe(200);
    expect(reload.json).toMatchObject({ providerId: 'p', reloaded: true, connectionsDropped: [new URL(baseURL).origin] });
    expect(t.configSource.current().providers.get('p')?.priority).toBe(7);

    const streamed = await inFlight;
    expect(streamed.status).toBe(200);
    expect(streamed.text).toBe(streamFrames.join(''));
    // every connection from before the reload closes once its request is done
    await waitFor(() => before.every((socket) => socket.destroyed), 2_000);
    await t.call('GET', '/v1/providers/health');
    expect(sockets.size).toBe(before.length + 1);
    const history = await t.store.history.list({ entityId: 'p', source: 'api' });
    expect(history[0]).toMatchObject({ action: 'reload', entity: 'provider' });
  });

  it('answers 404 for an unknown provider and 400 for a bad id', async () => {
    expect((await t.call('POST', '/v1/providers/nope/reload')).json.error).toMatchObject({ code: 'provider_not_found' });
    expect((await t.call('POST', '/v1/providers/no%20pe/reload')).json.error).toMatchObject({ code: 'invalid_id', param: 'id' });
  });
});
