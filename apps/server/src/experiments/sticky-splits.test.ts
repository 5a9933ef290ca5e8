/**
 * Sticky A/B splits end to end: the real app on a real HTTP port, two fake OpenAI-compatible
 * upstreams on 127.0.0.1, the real `openai` client, and the route options set through the API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from '../routes/management/test-harness.js';

let t: TestApp;
let server: Server;
let client: OpenAI;
let a: FakeUpstream;
let b: FakeUpstream;

const answer = (text: string) => () => ({
  kind: 'json' as const,
  body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] }),
});
const busy = { kind: 'json' as const, status: 503, body: JSON.stringify({ error: { message: 'busy', type: 'server_error', code: null, param: null } }) };

beforeEach(async () => {
  t = await createTestApp();
  server = await new Promise<Server>((resolve) => {
    const created = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve(created as Server)) as Server;
  });
  client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: 'unused', maxRetries: 0 });
  a = await startFakeUpstream({ chat: answer('arm a') });
  b = await startFakeUpstream({ chat: answer('arm b') });
  expect((await t.call('POST', '/v1/providers', { id: 'a', config: { baseURL: a.baseURL } })).status).toBe(201);
  expect((await t.call('POST', '/v1/providers', { id: 'b', config: { baseURL: b.baseURL } })).status).toBe(201);
  // an even split: both arms share priority 0
  expect((await t.call('PUT', '/v1/mappings/split', { targets: [{ providerId: 'a', weight: 1, priority: 0 }, { providerId: 'b', weight: 1, priority: 0 }] })).status).toBe(200);
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
  await a.close();
  await b.close();
});

const sessions = Array.from({ length: 80 }, (_, index) => `session-${index}`);

async function ask(options: { session?: string; user?: string; first?: string; turn?: number } = {}): Promise<string> {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'system', content: 'be brief' }, { role: 'user', content: options.first ?? 'hello' }];
  for (let turn = 1; turn <= (options.turn ?? 0); turn++) messages.push({ role: 'assistant', content: 'ok' }, { role: 'user', content: `turn ${turn}` });
  const completion = await client.chat.completions.create(
    { model: 'split', messages, ...(options.user ? { user: options.user } : {}) },
    options.session ? { headers: { 'x-router-session': options.session } } : undefined,
  );
  return completion.choices[0].message.content ?? '';
}

/** Asks three times per key; answers each key's arm, failing when a key changed arm. */
async function armsOf(keys: string[], request: (key: string, turn: number) => Promise<string>): Promise<Map<string, string>> {
  const arms = new Map<string, string>();
  for (const key of keys) {
    const seen = new Set<string>();
    for (let turn = 0; turn < 3; turn++) seen.add(await request(key, turn));
    expect([...seen], `key ${key} stayed on one arm`).toHaveLength(1);
    arms.set(key, [...seen][0]);
  }
  return arms;
}

function shareOfA(arms: Map<string, string>): number {
  return [...arms.values()].filter((arm) => arm === 'arm a').length / arms.size;
}

describe('sticky splits', () => {
  it('keeps every session (x-router-session) on one arm across requests, and splits sessions roughly by weight', async () => {
    const saved = await t.call('PATCH', '/v1/route-options/split', { stickiness: 'header:X-Router-Session' });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ model: 'split', stickiness: 'header:x-router-session', shadowPercent: 0, shadowTargets: [] });
    const arms = await armsOf(sessions, (session) => ask({ session }));
    // 80 fixed keys over an even split: a generous bound (the hash is deterministic, so this never flakes)
    expect(shareOfA(arms)).toBeGreaterThan(0.3);
    expect(shareOfA(arms)).toBeLessThan(0.7);
    // the same keys land the same way after a restart of the routing table (no per-session memory)
    await t.configSource.refresh(true);
    for (const session of sessions.slice(0, 10)) expect(await ask({ session })).toBe(arms.get(session));
  });

  it('follows the weights: a 3:1 split sends about three quarters of the sessions to the heavier arm', async () => {
    await t.call('PUT', '/v1/mappings/split', { targets: [{ providerId: 'a', weight: 3, priority: 0 }, { providerId: 'b', weight: 1, priority: 0 }] });
    await t.call('PATCH', '/v1/route-options/split', { stickiness: 'header:x-router-session' });
    const arms = new Map<string, string>();
    for (const session of Array.from({ length: 200 }, (_, index) => `weighted-${index}`)) arms.set(session, await ask({ session }));
    expect(shareOfA(arms)).toBeGreaterThan(0.62);
    expect(shareOfA(arms)).toBeLessThan(0.88);
  });

  it('first-message: later turns of a conversation stay on the arm its opening got', async () => {
    await t.call('PATCH', '/v1/route-options/split', { stickiness: 'first-message' });
    const openings = sessions.slice(0, 40).map((session) => `question ${session}`);
    const arms = await armsOf(openings, (first, turn) => ask({ first, turn }));
    expect(new Set(arms.values())).toEqual(new Set(['arm a', 'arm b']));
  });

  it('user: the body\'s user field keeps a user on one arm', async () => {
    await t.call('PATCH', '/v1/route-options/split', { stickiness: 'user' });
    const users = sessions.slice(0, 40).map((session) => `user-${session}`);
    const arms = await armsOf(users, (user) => ask({ user }));
    expect(new Set(arms.values())).toEqual(new Set(['arm a', 'arm b']));
  });

  it('a request without the key gets an ordinary weighted choice; a sticky session fails over when its arm fails', async () => {
    await t.call('PATCH', '/v1/route-options/split', { stickiness: 'header:x-router-session' });
    const seen = new Set<string>();
    for (let index = 0; index < 40 && seen.size < 2; index++) seen.add(await ask());
    expect(seen).toEqual(new Set(['arm a', 'arm b']));
    // find a session on arm a, then make arm a fail: the session is answered by b
    let onA: string | undefined;
    for (const session of sessions) if ((await ask({ session })) === 'arm a') {
      onA = session;
      break;
    }
    expect(onA).toBeDefined();
    a.onChat(() => busy);
    expect(await ask({ session: onA })).toBe('arm b');
  });

  it('without stickiness the same session header is spread over both arms', async () => {
    const seen = new Set<string>();
    for (let index = 0; index < 40 && seen.size < 2; index++) seen.add(await ask({ session: 'one-session' }));
    expect(seen).toEqual(new Set(['arm a', 'arm b']));
  });
});
