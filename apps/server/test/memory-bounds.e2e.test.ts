/**
 * End to end: the router's memory follows its own bounds, not the upstream's size. The built
 * server (its resident memory read from /proc), a fake upstream on 127.0.0.1 answering tens of
 * MB, and every client API: a large whole answer passed through is not held; one the router must
 * translate whole is a 502 in the client API's shape; a large Responses answer is not remembered
 * for `previous_response_id` (in memory, nor in the log row it would be loaded back from at start-up); every
 * request leaves its row.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '@router/store';
import { runCliProcess, startFakeUpstream, startServerProcess, tempDir, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const MB = 1024 * 1024;
const TEXT_BYTES = 4 * MB;
/**
 * The whole answer passed through: well above what the router holds of one (`MAX_BUFFERED_RESPONSE_BYTES` before passing it on,
 * and the log's head and tail), and well above the garbage passing any answer through leaves until it is collected (30 to 76 MiB
 * measured on a 2-core machine, busy or not, whatever the answer's size), so holding it and not holding it cannot be confused.
 */
const HUGE_BYTES = 256 * MB;

let upstream: FakeUpstream;
let dir: string;
let db: string;
const started: ServerProcess[] = [];

/** A whole answer of about `TEXT_BYTES` (a few bytes when the request says `small`), in the API the upstream was asked in. */
function wholeAnswer(url: string, size: 'small' | 'large' | 'huge'): string {
  const text = size === 'small' ? 'small' : 'x'.repeat(size === 'huge' ? HUGE_BYTES : TEXT_BYTES);
  if (url.endsWith('/messages')) return JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } });
  return JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
}

/** A chat stream of about `TEXT_BYTES` of text, in 64 KiB deltas. */
function streamFrames(): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const piece = chunk({ content: 'y'.repeat(64 * 1024) });
  return [chunk({ role: 'assistant', content: '' }), ...Array.from({ length: TEXT_BYTES / (64 * 1024) }, () => piece), chunk({}, 'stop'), 'data: [DONE]\n\n'];
}

/** The process's resident memory now and at its peak, in bytes (Linux). */
function memoryOf(server: ServerProcess): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** Starts counting the process's peak afresh (Linux: `clear_refs` 5 resets VmHWM). */
function resetPeak(server: ServerProcess): void {
  writeFileSync(`/proc/${server.child.pid}/clear_refs`, '5');
}

/** Sends a small request of every kind the test sends large, so what start-up and first use cost is spent before measuring. */
async function warmUp(server: ServerProcess): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (const [path, body] of [['/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'small' }] }], ['/v1/messages', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'small' }] }], ['/v1/responses', { model: 'm', input: 'small' }]] as const) {
      const response = await post(server, path, body);
      expect(response.status, path).toBe(200);
      await response.arrayBuffer();
    }
  }
}

beforeAll(async () => {
  dir = tempDir();
  db = await e2eDatabase(dir);
  upstream = await startFakeUpstream({ chat: (seen) => (seen.json?.stream ? { kind: 'sse', frames: streamFrames() } : { kind: 'json', body: wholeAnswer(seen.url, seen.body.includes('small') ? 'small' : seen.body.includes('huge') ? 'huge' : 'large') }) });
  for (const args of [
    ['provider', 'add', '--id', 'chat-only', '--config', `baseURL=${upstream.baseURL}`],
    ['provider', 'add', '--id', 'claude', '--type', 'anthropic', '--config', `baseURL=${upstream.baseURL}`, '--config', 'apiKey=sk-ant-test'],
    ['set', 'chat-only'],
  ]) {
    const result = await runCliProcess(['--db', db, ...args], {}, dir);
    if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  }
});

afterAll(async () => {
  for (const server of started) await server.stop();
  await upstream?.close();
});

async function start(): Promise<ServerProcess> {
  const server = await startServerProcess({ DATABASE_URL: db, CONFIG_POLL_MS: '60000', RESPONSE_MEMORY_MAX_BYTES: String(MB), MAX_BUFFERED_RESPONSE_BYTES: String(MB) }, dir);
  started.push(server);
  return server;
}

const post = (server: ServerProcess, path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

it('passes a large whole answer through without holding it, refuses one it must translate whole in the API\'s shape, does not remember a large Responses answer, and logs every request', async () => {
  const server = await start();
  await warmUp(server);
  const warm = memoryOf(server);
  resetPeak(server);

  // passed through as it arrives: the process does not grow by the answer's size (what it does grow by is
  // garbage not yet collected, about the same for any size; holding the answer would take at least its size)
  const passed = await post(server, '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'huge' }] });
  expect(passed.status).toBe(200);
  expect((await passed.arrayBuffer()).byteLength).toBeGreaterThan(HUGE_BYTES);
  expect(memoryOf(server).peak - warm.rss).toBeLessThan(HUGE_BYTES * 0.5);

  // translated whole (Messages and Responses over a chat provider, chat over an anthropic provider): a 502 in the client API's shape
  const messages = await post(server, '/v1/messages', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
  expect(messages.status).toBe(502);
  expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('larger than') } });
  for (const [path, body, headers] of [
    ['/v1/responses', { model: 'm', input: 'hi' }, {}],
    ['/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { 'x-router-provider': 'claude' }],
  ] as const) {
    const refused = await post(server, path, body, headers);
    expect(refused.status, path).toBe(502);
    expect(await refused.json(), path).toMatchObject({ error: { type: 'upstream_error', code: 'upstream_response_too_large' } });
  }

  // a Responses stream must be read whole to say its last events; the answer is served, but not remembered
  const streamed = await post(server, '/v1/responses', { model: 'm', input: 'a long one', stream: true });
  expect(streamed.status).toBe(200);
  const events = await streamed.text();
  const id = /"id":"(resp_[^"]+)"/.exec(events)![1];
  expect(events).toContain('response.completed');
  const next = await post(server, '/v1/responses', { model: 'm', input: 'and then?', previous_response_id: id });
  expect(next.status).toBe(400);
  expect(await next.json()).toMatchObject({ error: { code: 'previous_response_not_found' } });

  expect(await server.stop()).toBe(0);
  const store = await openStore({ url: db });
  try {
    const { rows } = await store.logs.list({ limit: 100 });
    // the warm-up's nine, then one row for each large request
    expect(rows).toHaveLength(15);
    expect(rows.slice(0, 6).map((row) => [row.endpoint, row.status]).reverse()).toEqual([
      ['/v1/chat/completions', 200], ['/v1/messages', 502], ['/v1/responses', 502], ['/v1/chat/completions', 502], ['/v1/responses', 200], ['/v1/responses', 400],
    ]);
    const [streamedRow] = rows.filter((row) => row.endpoint === '/v1/responses' && row.status === 200);
    expect(streamedRow.truncated).toBe(true);
    expect(streamedRow.responseBytes).toBeGreaterThan(TEXT_BYTES);
    // nothing large was kept to be loaded back: only the warm-up's three small answers
    const { states } = await store.logs.recentResponseStates(1_000);
    expect(states).toHaveLength(3);
    expect(states.map((state) => state.id)).not.toContain(id);
    expect(Math.max(...states.map((state) => JSON.stringify(state).length))).toBeLessThan(10_000);
  } finally {
    await store.close();
  }
});
