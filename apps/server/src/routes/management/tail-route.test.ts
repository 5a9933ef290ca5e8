import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';
import OpenAI from 'openai';
import type { RequestLogRecord } from '@router/core';
import { sseFrames, startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';

/** An open tail: its events as they arrive, read with eventsource-parser. */
interface Tail {
  status: number;
  next(): Promise<EventSourceMessage | undefined>;
  /** Reads events up to and including the first that matches. */
  until(match: (event: EventSourceMessage) => boolean): Promise<EventSourceMessage[]>;
  abort(): void;
}

async function openTail(url: string, headers: Record<string, string> = {}): Promise<Tail> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  const next = async () => {
    const { done, value } = await reader.read();
    return done ? undefined : value;
  };
  return {
    status: response.status,
    next,
    async until(match) {
      const seen: EventSourceMessage[] = [];
      for (;;) {
        const event = await next();
        if (!event) throw new Error(`the tail ended before the expected event; saw ${JSON.stringify(seen)}`);
        seen.push(event);
        if (match(event)) return seen;
      }
    },
    abort: () => controller.abort(),
  };
}

let t: TestApp | undefined;
let upstream: FakeUpstream;
let server: Server | undefined;
let base: string;

async function startApp(options: Parameters<typeof createTestApp>[1] = {}): Promise<TestApp> {
  const started = await createTestApp(undefined, options);
  t = started;
  server = await new Promise<Server>((resolve) => {
    const created = serve({ fetch: started.app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve(created as Server)) as Server;
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await started.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } });
  await started.call('PUT', '/v1/settings/active-provider', { providerId: 'live' });
  return started;
}

beforeEach(async () => {
  upstream = await startFakeUpstream({ models: ['m'] });
});
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running) {
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  }
  await t?.close();
  t = undefined;
  await upstream.close();
});

const chunk = (content: string, finish: string | null = null) => JSON.stringify({ id: 's', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
const data = (event: EventSourceMessage) => JSON.parse(event.data);

describe('GET /v1/requests/tail', () => {
  it('streams a summary of each request as it finishes, and of each stream as it starts, in order', async () => {
    const t = await startApp();
    const tail = await openTail(`${base}/v1/requests/tail`);
    expect(tail.status).toBe(200);
    expect((await tail.next())?.event).toBe('ready');

    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0 });
    upstream.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: 'secret answer' }, finish_reason: 'stop' }] }) }));
    const plain = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'private prompt' }] });
    expect(plain.choices[0]?.message.content).toBe('secret answer');
    upstream.onChat(() => ({ kind: 'sse', frames: sseFrames([chunk('he'), chunk('llo', 'stop')]) }));
    const { data: stream, response } = await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    let text = '';
    for await (const part of stream) text += part.choices[0]?.delta.content ?? '';
    expect(text).toBe('hello');
    upstream.onChat(() => ({ kind: 'json', status: 503, body: JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }) }));
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow();

    const events = await tail.until((event) => event.event === 'request' && data(event).status >= 500);
    expect(events.every((event) => event.event === 'request')).toBe(true);
    const summaries = events.map(data);
    const streamId = response.headers.get('x-request-id');
    expect(summaries.map((summary) => [summary.phase, summary.stream])).toEqual([['finished', false], ['started', true], ['finished', true], ['finished', false]]);
    expect(summaries[0]).toEqual({
      phase: 'finished', id: expect.any(String), startedAt: expect.any(Number), endpoint: '/v1/chat/completions', provider: 'live', model: 'm', upstreamModel: 'm',
      stream: false, status: 200, outcome: 'success', durationMs: expect.any(Number), ttfbMs: expect.any(Number), attempts: 1, errorCode: null,
    });
    expect(summaries[1]).toMatchObject({ phase: 'started', id: streamId, provider: 'live', status: 200, outcome: null, durationMs: null, attempts: 1 });
    expect(summaries[2]).toMatchObject({ phase: 'finished', id: streamId, outcome: 'success', stream: true });
    expect(summaries[3]).toMatchObject({ phase: 'finished', status: 503, outcome: 'error', errorCode: expect.any(String) });
    expect(events[2]!.id).toBe(streamId);
    // summaries only: no bodies
    expect(JSON.stringify(summaries)).not.toMatch(/private prompt|secret answer|overloaded/);
    tail.abort();
  });

  it('sends only what the filters ask for', async () => {
    const t = await startApp();
    const tail = await openTail(`${base}/v1/requests/tail?provider=live&model=wanted&status=200&endpoint=chat`);
    expect((await tail.next())?.event).toBe('ready');
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0 });
    await client.chat.completions.create({ model: 'other', messages: [{ role: 'user', content: 'x' }] });
    await client.embeddings.create({ model: 'wanted', input: 'x' }).catch(() => undefined);
    upstream.onChat(() => ({ kind: 'json', status: 500, body: JSON.stringify({ error: { message: 'no', type: 'server_error' } }) }));
    await client.chat.completions.create({ model: 'wanted', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    upstream.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }) }));
    const { response } = await client.chat.completions.create({ model: 'wanted', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    const event = await tail.next();
    expect(event?.event).toBe('request');
    expect(data(event!)).toMatchObject({ id: response.headers.get('x-request-id'), model: 'wanted', status: 200 });
    tail.abort();
  });

  it('refuses bad filters with a 400 before the stream starts', async () => {
    const t = await startApp();
    for (const [query, param] of [['status=maybe', 'status'], ['endpoint=/v1/nope', 'endpoint'], ['provider=' + 'p'.repeat(200), 'provider'], ['provder=live', 'provder']] as const) {
      const answer = await t.call('GET', `/v1/requests/tail?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/application\/json/);
      expect(answer.json, query).toMatchObject({ error: { type: 'invalid_request_error', param } });
    }
    expect(t.tail.viewers()).toBe(0);
  });

  it('removes the viewer when the client disconnects', async () => {
    const t = await startApp();
    const tail = await openTail(`${base}/v1/requests/tail`);
    expect((await tail.next())?.event).toBe('ready');
    expect(t.tail.viewers()).toBe(1);
    tail.abort();
    await vi.waitFor(() => expect(t.tail.viewers()).toBe(0));
  });

  it('ends a viewer that falls behind with an `end` event saying why', async () => {
    const t = await startApp({ tailQueueLimit: 2 });
    const tail = await openTail(`${base}/v1/requests/tail`);
    expect((await tail.next())?.event).toBe('ready');
    // three records in one turn of the event loop: the tail cannot have sent any of them yet
    const record = (id: string): RequestLogRecord => ({
      id, clientRequestId: null, startedAt: 1, endpoint: '/v1/chat/completions', providerId: 'live', model: 'm', upstreamModel: 'm', stream: false, status: 200, outcome: 'success',
      errorCode: null, errorMessage: null, durationMs: 1, ttfbMs: 1, requestBody: null, response: { kind: 'none' }, attempts: [],
    });
    for (const id of ['a', 'b', 'c']) t.tail.offer(record(id));
    expect(t.tail.viewers()).toBe(0);
    const end = await tail.next();
    expect(end?.event).toBe('end');
    expect(data(end!)).toMatchObject({ reason: 'slow_viewer' });
    expect(await tail.next()).toBeUndefined();
  });

  it('drops a client that stopped reading, closes its connection, and keeps serving the proxy meanwhile', async () => {
    const t = await startApp({ tailQueueLimit: 50 });
    // a raw client that reads the response head and then stops reading
    const socket = connect((server!.address() as AddressInfo).port, '127.0.0.1');
    socket.write('GET /v1/requests/tail HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    let received = '';
    await new Promise<void>((resolve) => socket.once('data', (chunk) => ((received += chunk.toString()), resolve())));
    socket.pause();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    const record = (id: string): RequestLogRecord => ({
      id, clientRequestId: null, startedAt: 1, endpoint: '/v1/chat/completions', providerId: 'live', model: 'm'.repeat(200), upstreamModel: 'm', stream: false, status: 200, outcome: 'success',
      errorCode: null, errorMessage: null, durationMs: 1, ttfbMs: 1, requestBody: null, response: { kind: 'none' }, attempts: [],
    });
    // offer events a batch per turn of the event loop, letting the tail write, until the socket's buffers are full and its queue overflows
    let offered = 0;
    while (t.tail.viewers() > 0 && offered < 2_000_000) {
      for (let index = 0; index < 40; index++) t.tail.offer(record(`r${offered++}`));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(t.tail.viewers()).toBe(0);
    expect(t.tail.dropped()).toBe(1);
    // its last write is blocked (the client reads nothing): the server closes the connection on its side
    const connections = () => new Promise<number>((resolve) => server!.getConnections((_error, count) => resolve(count)));
    await vi.waitFor(async () => expect(await connections()).toBe(0), { timeout: 10_000, interval: 50 });
    // the proxy answers as ever
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0 });
    expect((await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).choices[0]?.message.content).toBe('ok');
    // the client, reading again, gets what was buffered and then the end of the connection
    socket.on('data', () => undefined);
    socket.resume();
    await closed;
  });

  it('ends every tail with an `end` event when the server shuts down', async () => {
    const t = await startApp();
    const tail = await openTail(`${base}/v1/requests/tail`);
    expect((await tail.next())?.event).toBe('ready');
    t.tail.close();
    const end = await tail.next();
    expect(end?.event).toBe('end');
    expect(data(end!)).toMatchObject({ reason: 'server_shutting_down' });
    expect(await tail.next()).toBeUndefined();
  });

  it('sends keep-alive comments on a quiet tail', async () => {
    await startApp({ tailKeepAliveMs: 5 });
    const response = await fetch(`${base}/v1/requests/tail`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': keep-alive\n\n')) text += (await reader.read()).value ?? '';
    expect(text.startsWith('event: ready\n')).toBe(true);
    await reader.cancel();
  });
});

describe('GET /v1/requests/tail access', () => {
  it('is refused from a non-loopback address without an admin key', async () => {
    const remote = await createTestApp({ remoteAddress: () => '203.0.113.7' });
    try {
      const answer = await remote.call('GET', '/v1/requests/tail');
      expect(answer.status).toBe(403);
      expect(answer.json).toMatchObject({ error: { type: expect.any(String) } });
      expect(remote.tail.viewers()).toBe(0);
    } finally {
      await remote.close();
    }
  });

  it('needs the admin key when one is set', async () => {
    const keyed = await createTestApp({ remoteAddress: () => '203.0.113.7', adminApiKey: 'admin-key-for-tail-tests' });
    try {
      expect((await keyed.call('GET', '/v1/requests/tail')).status).toBe(401);
      const response = await keyed.app.request('/v1/requests/tail', { headers: { authorization: 'Bearer admin-key-for-tail-tests' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await response.body!.cancel();
      await vi.waitFor(() => expect(keyed.tail.viewers()).toBe(0));
    } finally {
      await keyed.close();
    }
  });
});
