/**
 * Shadow traffic end to end: the real app on a real HTTP port, a primary and a shadow fake
 * OpenAI-compatible upstream on 127.0.0.1, the real `openai` client. Timing is proven by the order
 * of events (the shadow upstream holds its answer until the test lets it go), never by the clock;
 * the per-minute cap runs on an injected clock, the sample on an injected random source.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import OpenAI from 'openai';
import type { RouterOptions } from '@router/core';
import { startFakeUpstream, type FakeUpstream, type Reply } from '@router/testkit';
import { createTestApp, type TestApp } from '../routes/management/test-harness.js';

let t: TestApp;
let server: Server;
let client: OpenAI;
let primary: FakeUpstream;
let shadow: FakeUpstream;
let clock = 0;

const completion = (text: string, usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 }): Reply => ({
  kind: 'json',
  body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage }),
});
const frames = (text: string) => [
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] })}\n\n`,
  ...text.split(' ').map((word, index) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: index ? ` ${word}` : word } }] })}\n\n`),
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 7, completion_tokens: 4, total_tokens: 11 } })}\n\n`,
  'data: [DONE]\n\n',
];

async function setup(options: { shadow?: RouterOptions['shadow']; route?: Record<string, unknown> } = {}) {
  clock = 0;
  t = await createTestApp(undefined, { router: { shadow: { now: () => clock, random: () => 0, ...options.shadow } } });
  server = await new Promise<Server>((resolve) => {
    const created = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve(created as Server)) as Server;
  });
  client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: 'unused', maxRetries: 0 });
  primary = await startFakeUpstream({ chat: () => completion('primary answer') });
  shadow = await startFakeUpstream({ chat: () => completion('shadow answer') });
  expect((await t.call('POST', '/v1/providers', { id: 'cloud', config: { baseURL: primary.baseURL } })).status).toBe(201);
  expect((await t.call('POST', '/v1/providers', { id: 'local', config: { baseURL: shadow.baseURL } })).status).toBe(201);
  expect((await t.call('PUT', '/v1/mappings/coder', { targets: [{ providerId: 'cloud', model: 'cloud-coder' }] })).status).toBe(200);
  const saved = await t.call('PATCH', '/v1/route-options/coder', { shadowPercent: 100, shadowTargets: [{ providerId: 'local', model: 'qwen3-8b' }], ...options.route });
  expect(saved.status).toBe(200);
}

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
  await primary.close();
  await shadow.close();
});

const ask = () => client.chat.completions.create({ model: 'coder', messages: [{ role: 'user', content: 'hi' }] });
const askStream = () => client.chat.completions.create({ model: 'coder', messages: [{ role: 'user', content: 'hi' }], stream: true });

async function rows() {
  await t.logWriter.flush();
  return (await t.store.logs.list({ limit: 100 })).rows;
}

/** Waits (by polling the flushed log, no fixed sleeps) until `count` shadow rows are written. */
async function shadowRows(count: number) {
  for (let tries = 0; tries < 200; tries++) {
    const found = (await rows()).filter((row) => row.pairRole === 'shadow');
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`expected ${count} shadow rows`);
}

/** Resolves once the shadow upstream has received `count` requests. */
async function shadowSeen(count: number) {
  for (let tries = 0; tries < 200 && shadow.requests.length < count; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(shadow.requests.length).toBe(count);
}

describe('shadow traffic', () => {
  it('the primary answers and is logged while the shadow upstream still holds its answer; then the shadow row is paired with it', async () => {
    await setup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    shadow.onChat(async () => {
      await held;
      return completion('shadow answer', { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
    });
    const answer = await ask().withResponse();
    expect(answer.data.choices[0].message.content).toBe('primary answer');
    const requestId = answer.response.headers.get('x-request-id')!;
    // the shadow call has reached its upstream, which is holding its answer
    await shadowSeen(1);
    expect(shadow.requests[0].json).toMatchObject({ model: 'qwen3-8b', messages: [{ role: 'user', content: 'hi' }] });
    const before = await rows();
    expect(before.map((row) => [row.id, row.pairRole])).toEqual([[requestId, null]]);
    expect(before[0]).toMatchObject({ providerId: 'cloud', upstreamModel: 'cloud-coder', outcome: 'success' });
    release();
    const [row] = await shadowRows(1);
    expect(row).toMatchObject({
      pairId: requestId, pairRole: 'shadow', endpoint: '/v1/chat/completions', model: 'coder', providerId: 'local', upstreamModel: 'qwen3-8b',
      status: 200, outcome: 'success', promptTokens: 5, completionTokens: 2, requestBody: null,
    });
    expect(row.ttfbMs).not.toBeNull();
    expect(t.router.shadowStats()).toMatchObject({ started: 1, skippedOverCap: 0, failed: 0, inFlight: 0 });
  });

  it('a streamed primary gets a streamed shadow, read to its end for its text, time to first token and tokens', async () => {
    await setup();
    primary.onChat(() => ({ kind: 'sse', frames: frames('primary streamed answer') }));
    shadow.onChat(() => ({ kind: 'sse', frames: frames('shadow streamed answer') }));
    let text = '';
    for await (const chunk of await askStream()) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('primary streamed answer');
    const [row] = await shadowRows(1);
    expect(row).toMatchObject({ stream: true, outcome: 'success', responseBody: 'shadow streamed answer', promptTokens: 7, completionTokens: 4 });
    expect(row.ttfbMs).not.toBeNull();
    const report = await t.call('GET', '/v1/shadow-report?model=coder');
    expect(report.status).toBe(200);
    expect(report.json.data[0]).toMatchObject({ role: 'shadow', primary: { text: 'primary streamed answer' }, pair: { text: 'shadow streamed answer' } });
  });

  it('never takes more than the route\'s per-minute cap: the rest are skipped and counted, and a new minute starts again', async () => {
    await setup({ route: { shadowPerMinute: 3 } });
    for (let index = 0; index < 5; index++) expect((await ask()).choices[0].message.content).toBe('primary answer');
    await shadowRows(3);
    expect(t.router.shadowStats()).toMatchObject({ started: 3, skippedOverCap: 2 });
    expect((await rows()).filter((row) => row.pairRole === 'shadow')).toHaveLength(3);
    expect(shadow.requests).toHaveLength(3);
    clock += 60_000;
    await ask();
    await shadowRows(4);
    expect(t.router.shadowStats()).toMatchObject({ started: 4, skippedOverCap: 2 });
  });

  it('mirrors the sampled share of requests (an injected random source)', async () => {
    const draws = [0.05, 0.95, 0.2, 0.5, 0.24];
    let next = 0;
    await setup({ shadow: { random: () => draws[next++ % draws.length] }, route: { shadowPercent: 25 } });
    for (let index = 0; index < draws.length; index++) await ask();
    // 0.05, 0.2 and 0.24 are under 25%: three of five
    await shadowRows(3);
    expect(t.router.shadowStats().started).toBe(3);
    const paired = (await rows()).filter((row) => row.pairRole === 'shadow').map((row) => row.pairId);
    const primaries = (await rows()).filter((row) => row.pairRole === null).map((row) => row.id);
    expect(new Set(paired).size).toBe(3);
    for (const id of paired) expect(primaries).toContain(id);
  });

  it('cancels the shadow\'s upstream request at the shadow timeout and logs it as its own failed row; the primary is untouched', async () => {
    await setup({ route: { shadowTimeoutMs: 100 } });
    shadow.onChat(() => ({ kind: 'hang' }));
    expect((await ask()).choices[0].message.content).toBe('primary answer');
    await shadowSeen(1);
    expect(await shadow.requests[0].aborted).toBe(true);
    const [row] = await shadowRows(1);
    expect(row).toMatchObject({ pairRole: 'shadow', outcome: 'error', errorCode: 'shadow_timeout', providerId: 'local' });
    expect(t.router.shadowStats()).toMatchObject({ failed: 1, timedOut: 1, inFlight: 0 });
  });

  it('a failing shadow neither reaches the client nor trips its provider\'s circuit breaker, and never fails over', async () => {
    await setup();
    shadow.onChat(() => ({ kind: 'json', status: 500, body: JSON.stringify({ error: { message: 'broken', type: 'server_error', code: null, param: null } }) }));
    for (let index = 0; index < 8; index++) expect((await ask()).choices[0].message.content).toBe('primary answer');
    const found = await shadowRows(8);
    expect(found.every((row) => row.outcome === 'error' && row.status === 500)).toBe(true);
    // one upstream request per shadow call: no retry, no failover
    expect(shadow.requests).toHaveLength(8);
    expect(t.router.circuits()).not.toHaveProperty('local');
  });

  it('shutdown cancels running shadow calls, logging their rows', async () => {
    await setup();
    shadow.onChat(() => ({ kind: 'hang' }));
    await ask();
    await shadowSeen(1);
    await t.router.drain(1_000);
    expect(await shadow.requests[0].aborted).toBe(true);
    const [row] = await shadowRows(1);
    expect(row).toMatchObject({ outcome: 'error', errorCode: 'server_shutting_down' });
  });

  it('a route without shadow options sends nothing to the shadow', async () => {
    await setup();
    await t.call('DELETE', '/v1/route-options/coder');
    await ask();
    expect(shadow.requests).toHaveLength(0);
    expect(t.router.shadowStats().started).toBe(0);
  });
});
