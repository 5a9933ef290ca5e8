import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';
import { assembledText, fixtureChunks, sseFrames, startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
let left: FakeUpstream;
let right: FakeUpstream;
let server: Server | undefined;

const LEFT = 'left-up/qwen3-max';
const RIGHT = 'right-up/gpt-4o-mini';
const leftLines = fixtureChunks('dashscope-text');
const rightLines = fixtureChunks('openai-text');

beforeEach(async () => {
  let tick = 0;
  // a clock that moves one millisecond per reading: timings are present and ordered, never wall-clock
  t = await createTestApp(undefined, { clock: () => ++tick });
  left = await startFakeUpstream({ models: ['qwen3-max'], chat: () => ({ kind: 'sse', frames: sseFrames(leftLines) }) });
  right = await startFakeUpstream({ models: ['gpt-4o-mini'], chat: () => ({ kind: 'sse', frames: sseFrames(rightLines) }) });
  expect((await t.call('POST', '/v1/providers', { id: 'left-up', config: { baseURL: left.baseURL } })).status).toBe(201);
  expect((await t.call('POST', '/v1/providers', { id: 'right-up', config: { baseURL: right.baseURL } })).status).toBe(201);
});
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running) {
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  }
  await t.close();
  await left.close();
  await right.close();
});

/** Posts a comparison and reads every event of its stream. */
async function compare(body: unknown): Promise<{ status: number; headers: Headers; events: { event: string; data: any }[]; json?: any }> {
  const response = await t.app.request('/v1/compare', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const headers = response.headers;
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return { status: response.status, headers, events: [], json: await response.json() };
  const events: { event: string; data: any }[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    events.push({ event: (value as EventSourceMessage).event ?? 'message', data: JSON.parse((value as EventSourceMessage).data) });
  }
  return { status: response.status, headers, events };
}

const textOf = (events: { event: string; data: any }[], target: string) => events.filter((e) => e.event === 'delta' && e.data.target === target).map((e) => e.data.text ?? '').join('');

describe('POST /v1/compare', () => {
  it('streams both answers, every event tagged with its target and each target in order: deltas, then done with usage', async () => {
    const { status, events } = await compare({ targets: [LEFT, RIGHT], prompt: 'Tell me a story', max_tokens: 50, temperature: 0.2 });
    expect(status).toBe(200);
    expect(events[0]).toMatchObject({ event: 'start', data: { compareId: expect.stringMatching(/^cmp_/), targets: [LEFT, RIGHT] } });
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { ok: 2, failed: 0 } });
    for (const [target, lines] of [[LEFT, leftLines], [RIGHT, rightLines]] as const) {
      const own = events.filter((event) => event.data.target === target);
      // every event between start and end names its target; done is its last, once
      expect(own.at(-1)!.event).toBe('done');
      expect(own.filter((event) => event.event === 'done')).toHaveLength(1);
      expect(own.slice(0, -1).every((event) => event.event === 'delta')).toBe(true);
      expect(textOf(events, target)).toBe(assembledText(lines));
      const done = own.at(-1)!.data;
      expect(done).toMatchObject({ target, status: 'ok', httpStatus: 200, finishReason: 'stop', usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number) } });
      expect(done.ttftMs).toEqual(expect.any(Number));
      expect(done.totalMs).toBeGreaterThan(done.ttftMs);
      expect(done.tokensPerSecond).toEqual(expect.any(Number));
      expect(done.error).toBeUndefined();
      // priced from the bundled list when the model is in it (gpt-4o-mini), unknown (null, not 0) when not (qwen3-max)
      if (target === RIGHT) expect(done.cost).toBeGreaterThan(0);
      else expect(done.cost).toBeNull();
    }
    expect(events.slice(1, -1).every((event) => event.event === 'delta' || event.event === 'done')).toBe(true);
    // the same request went to each, pinned to its own model, streamed with usage
    for (const [upstream, model] of [[left, 'qwen3-max'], [right, 'gpt-4o-mini']] as const) {
      expect(upstream.requests).toHaveLength(1);
      expect(upstream.requests[0]!.json).toMatchObject({ model, stream: true, messages: [{ role: 'user', content: 'Tell me a story' }], temperature: 0.2 });
    }
  });

  it('reads a target framed with \\r or \\r\\n line endings to its last event (the usage), as one framed with \\n', async () => {
    const framed = (ending: string) => sseFrames(leftLines, false).map((frame) => frame.replace(/\n/g, ending));
    const leg = async () => {
      const { events } = await compare({ targets: [LEFT, RIGHT], prompt: 'Tell me a story' });
      return { text: textOf(events, LEFT), done: events.find((event) => event.event === 'done' && event.data.target === LEFT)!.data };
    };
    const reference = await leg();
    expect(reference.done.usage).toMatchObject({ completionTokens: expect.any(Number) });
    for (const ending of ['\r', '\r\n']) {
      left.onChat(() => ({ kind: 'sse', frames: framed(ending) }));
      const seen = await leg();
      expect(seen.text, JSON.stringify(ending)).toBe(reference.text);
      expect(seen.done.usage, JSON.stringify(ending)).toEqual(reference.done.usage);
      expect(seen.done.finishReason, JSON.stringify(ending)).toBe(reference.done.finishReason);
    }
  });

  it('reports a failing target in its done event while the other completes', async () => {
    right.onChat(() => ({ kind: 'json', status: 500, body: JSON.stringify({ error: { message: 'the model is overloaded', type: 'server_error' } }) }));
    const { events } = await compare({ targets: [LEFT, RIGHT], messages: [{ role: 'user', content: 'hi' }] });
    const done = (target: string) => events.find((event) => event.event === 'done' && event.data.target === target)!.data;
    expect(done(LEFT)).toMatchObject({ status: 'ok', httpStatus: 200 });
    expect(textOf(events, LEFT)).toBe(assembledText(leftLines));
    expect(done(RIGHT)).toMatchObject({ status: 'error', httpStatus: expect.any(Number), error: { message: expect.stringContaining('overloaded') }, ttftMs: null });
    expect(done(RIGHT).httpStatus).toBeGreaterThanOrEqual(500);
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { ok: 1, failed: 1 } });
  });

  it('reports a stream that ends with an error as that target\'s error', async () => {
    right.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('openai-error-mid-stream'), false) }));
    const { events } = await compare({ targets: [LEFT, RIGHT], prompt: 'hi' });
    const done = events.find((event) => event.event === 'done' && event.data.target === RIGHT)!.data;
    expect(done).toMatchObject({ status: 'error', error: { message: expect.stringContaining('The server had an error'), code: 'upstream_stream_error' } });
    expect(textOf(events, RIGHT)).toBe('The answer is');
    expect(events.find((event) => event.event === 'done' && event.data.target === LEFT)!.data.status).toBe('ok');
  });

  it('passes a silent target\'s keep-alive on as a comment, so a quiet comparison stays open', async () => {
    left.onChat(() => ({ kind: 'sse', frames: [': thinking\n\n', ...sseFrames(leftLines)] }));
    const response = await t.app.request('/v1/compare', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ targets: [LEFT, RIGHT], prompt: 'hi' }) });
    const text = await response.text();
    expect(text.indexOf(': keep-alive\n\n')).toBeGreaterThan(text.indexOf('event: start'));
    expect(text.indexOf(': keep-alive\n\n')).toBeLessThan(text.indexOf('"target":"left-up/qwen3-max"'));
    expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^event: end\n/);
  });

  it('refuses bad input with a 400 naming the field before any upstream request', async () => {
    expect((await t.call('POST', '/v1/providers', { id: 'off-up', config: { baseURL: left.baseURL } })).status).toBe(201);
    expect((await t.call('POST', '/v1/providers/off-up/disable')).status).toBe(200);
    const cases: [unknown, string | null, string?][] = [
      [{ targets: [LEFT, 'nobody/m'], prompt: 'x' }, 'targets[1]', 'provider_not_found'],
      [{ targets: ['off-up/m', LEFT], prompt: 'x' }, 'targets[0]', 'provider_disabled'],
      [{ targets: [LEFT, LEFT], prompt: 'x' }, 'targets[1]', 'duplicate_target'],
      [{ targets: [LEFT, 'no-model'], prompt: 'x' }, 'targets[1]'],
      [{ targets: [LEFT], prompt: 'x' }, 'targets'],
      [{ targets: [LEFT, RIGHT, 'a/1', 'a/2', 'a/3', 'a/4', 'a/5'], prompt: 'x' }, 'targets'],
      [{ targets: [LEFT, RIGHT] }, 'messages'],
      [{ targets: [LEFT, RIGHT], prompt: 'x', messages: [{ role: 'user', content: 'x' }] }, 'messages'],
      [{ targets: [LEFT, RIGHT], messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [{ targets: [LEFT, RIGHT], prompt: 'x', temperature: 9 }, 'temperature'],
      [{ targets: [LEFT, RIGHT], prompt: 'x', stream: false }, 'stream', 'unknown_field'],
    ];
    for (const [body, param, code] of cases) {
      const answer = await compare(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json, JSON.stringify(body)).toMatchObject({ error: { type: 'invalid_request_error', param, ...(code ? { code } : {}) } });
    }
    expect((await t.call('POST', '/v1/compare', '{not json')).status).toBe(400);
    expect(left.requests).toHaveLength(0);
    expect(right.requests).toHaveLength(0);
  });

  it('logs the legs under the compare id: in /v1/requests?requestId=, GET /v1/compare and GET /v1/compare/:id', async () => {
    right.onChat(() => ({ kind: 'json', status: 500, body: JSON.stringify({ error: { message: 'down', type: 'server_error' } }) }));
    const { events, headers } = await compare({ targets: [LEFT, RIGHT], prompt: 'hi' });
    const compareId = events[0]!.data.compareId as string;
    expect(headers.get('x-compare-id')).toBe(compareId);
    const legIds = events.filter((event) => event.event === 'done').map((event) => event.data.requestId).sort();
    await vi.waitFor(async () => expect((await t.call('GET', `/v1/requests?requestId=${compareId}`)).json.total).toBe(2));
    const logged = (await t.call('GET', `/v1/requests?requestId=${compareId}`)).json.data;
    expect(logged.map((row: any) => row.id).sort()).toEqual(legIds);
    expect(logged.every((row: any) => row.clientRequestId === compareId)).toBe(true);

    const list = await t.call('GET', '/v1/compare');
    expect(list.status).toBe(200);
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0]).toMatchObject({ id: compareId, startedAt: expect.any(Number), targets: [LEFT, RIGHT], legs: [{ target: LEFT, status: 'ok', httpStatus: 200 }, { target: RIGHT, status: 'error' }] });

    const one = await t.call('GET', `/v1/compare/${compareId}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ object: 'compare', id: compareId, targets: [LEFT, RIGHT], request: { messages: [{ role: 'user', content: 'hi' }] } });
    // what was asked comes back as a body POST /v1/compare takes again
    expect((await compare({ targets: [LEFT, RIGHT], ...one.json.request })).status).toBe(200);
    expect(one.json.legs[0]).toMatchObject({ target: LEFT, status: 'ok', text: assembledText(leftLines), usage: { completionTokens: expect.any(Number) }, finishReason: 'stop', totalMs: expect.any(Number) });
    expect(one.json.legs[1]).toMatchObject({ target: RIGHT, status: 'error', error: { message: expect.stringContaining('down') } });

    // a later comparison is listed first
    const second = await compare({ targets: [RIGHT, LEFT], prompt: 'again' });
    const secondId = second.events[0]!.data.compareId;
    await vi.waitFor(async () => expect((await t.call('GET', '/v1/compare')).json.data.map((item: any) => item.id)).toEqual([secondId, expect.any(String), compareId]));
    expect((await t.call('GET', '/v1/compare?limit=1')).json.data.map((item: any) => item.id)).toEqual([secondId]);
  });

  it('lists only comparisons: a request whose own id merely looks alike is not one', async () => {
    const plain = await t.call('POST', '/v1/chat/completions', { model: 'qwen3-max', messages: [{ role: 'user', content: 'x' }] }, { 'x-router-provider': 'left-up', 'x-request-id': 'cmpx-lookalike' });
    expect(plain.status).toBeGreaterThan(0);
    await vi.waitFor(async () => expect((await t.call('GET', '/v1/requests?requestId=cmpx-lookalike')).json.total).toBe(1));
    expect((await t.call('GET', '/v1/compare')).json.data).toEqual([]);
  });

  it('answers 404 for a comparison the log does not hold and 400 for a malformed id', async () => {
    expect((await t.call('GET', '/v1/compare/cmp_0000-none')).json).toMatchObject({ error: { code: 'compare_not_found', param: 'id' } });
    expect((await t.call('GET', '/v1/compare/cmp_0000-none')).status).toBe(404);
    expect((await t.call('GET', '/v1/compare/not-a-compare')).status).toBe(400);
    expect((await t.call('GET', '/v1/compare?limit=0')).status).toBe(400);
  });

  it('cancels every leg when the client leaves', async () => {
    left.onChat(() => ({ kind: 'sse', frames: sseFrames(leftLines), stallAfter: 3 }));
    right.onChat(() => ({ kind: 'sse', frames: sseFrames(rightLines), stallAfter: 3 }));
    server = await new Promise<Server>((resolve) => {
      const created = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve(created as Server)) as Server;
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const controller = new AbortController();
    const response = await fetch(`${base}/v1/compare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ targets: [LEFT, RIGHT], prompt: 'hi' }), signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
    // both legs have started streaming
    const seen = new Set<string>();
    while (seen.size < 2) {
      const { value } = await reader.read();
      if (value?.event === 'delta') seen.add(JSON.parse(value.data).target);
    }
    controller.abort();
    expect(await left.requests[0]!.aborted).toBe(true);
    expect(await right.requests[0]!.aborted).toBe(true);
  });
});
