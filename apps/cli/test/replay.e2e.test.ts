/**
 * `provider-cli replay`: requests logged through the real server to upstream A are sent again to
 * upstream B (both fake OpenAI-compatible servers on 127.0.0.1 speaking the real wire format),
 * and each answer is logged as a replay row paired with the original. The same test runs with the
 * CLI on the database and managing the running server (`--server`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { eq } from 'drizzle-orm';
import { openStore, schema, type Store } from '@router/store';
import { startFakeUpstream, startServerProcess, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { cli, ok, oneLineError, SERVER_MODE, serverFor, tempDb } from './harness.js';

const usageOf = (prompt: number, completion: number) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion });

/** An upstream answering every chat request with `text` and the given usage, as a whole answer or a stream, as asked. */
function upstream(text: string, usage: ReturnType<typeof usageOf>) {
  return startFakeUpstream({
    chat: (request) => {
      const model = request.json.model;
      if (!request.json.stream) return { kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage }) };
      const chunk = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`;
      return {
        kind: 'sse',
        frames: [
          chunk({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }] }),
          chunk({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
          chunk({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [], usage }),
          'data: [DONE]\n\n',
        ],
      };
    },
  });
}

let a: FakeUpstream;
let b: FakeUpstream;
let db: string;
let server: ServerProcess;
/** The ids of the requests logged through the server, oldest first. */
const logged: string[] = [];
let streamed: string;
let store: Store;

const rows = async () => store.db.select().from(schema.requestLogs);
const replays = async () => (await rows()).filter((row) => row.pairRole === 'replay');

beforeAll(async () => {
  a = await upstream('from a', usageOf(11, 3));
  b = await upstream('from b', usageOf(7, 5));
  db = tempDb().db;
  await ok(db, ['provider', 'add', '--id', 'a', '--config', `baseURL=${a.baseURL}`]);
  await ok(db, ['provider', 'add', '--id', 'b', '--config', `baseURL=${b.baseURL}`]);
  await ok(db, ['set', 'a']);
  // the traffic goes through the real server, which logs it (in the --server run, the server the CLI manages)
  server = SERVER_MODE ? await serverFor(db) : await startServerProcess({ DATABASE_URL: db, CONFIG_POLL_MS: '50' }, db.replace(/^file:/, '').replace(/\/[^/]*$/, ''));
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  for (const content of ['one', 'two', 'three']) {
    const { response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }).withResponse();
    logged.push(response.headers.get('x-request-id')!);
  }
  const { data: stream, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'four' }] }).withResponse();
  for await (const _chunk of stream) void _chunk;
  streamed = response.headers.get('x-request-id')!;
  logged.push(streamed);
  store = await openStore({ url: db });
  // wait until the server's log has every row
  for (let tries = 0; (await rows()).length < logged.length; tries++) {
    if (tries > 200) throw new Error('the server did not log the requests');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // a request from last week, and one whose body the log did not keep (log_bodies metadata)
  const old = Date.now() - 7 * 86_400_000;
  const base = { endpoint: '/v1/chat/completions', providerId: 'a', model: 'gpt-4o-mini', upstreamModel: 'gpt-4o-mini', stream: false, status: 200, outcome: 'success', durationMs: 5 };
  await store.db.insert(schema.requestLogs).values([
    { ...base, id: 'old-request', createdAt: old, requestBody: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'old' }] }) },
    { ...base, id: 'no-body', createdAt: Date.now() - 1000, requestBody: null, truncated: true },
  ]);
}, 60_000);

afterAll(async () => {
  store?.close();
  if (!SERVER_MODE) await server?.stop();
  await a?.close();
  await b?.close();
});

describe('replay', () => {
  it('checks everything before sending anything: one line, exit 1, no request to the target', async () => {
    expect(oneLineError(await cli(db, ['replay', '--from', 'a', '--to', 'nobody']))).toMatch(/Provider "nobody" does not exist/);
    expect(oneLineError(await cli(db, ['replay', '--from', 'a', '--to', 'b:bad model']))).toMatch(/--to names the model "bad model"/);
    expect(oneLineError(await cli(db, ['replay', '--from', 'a', '--to', 'b', '--since', 'yesterday']))).toMatch(/--since expects a duration/);
    expect(oneLineError(await cli(db, ['replay', '--from', 'a', '--to', 'b', '--limit', '0']))).toMatch(/--limit must be a whole number/);
    expect(oneLineError(await cli(db, ['replay', '--from', 'a', '--to', 'b', '--concurrency', '99']))).toMatch(/--concurrency must be a whole number from 1 to 16/);
    expect(oneLineError(await cli(db, ['replay', '--to', 'b']))).toMatch(/from/);
    expect(b.requests).toHaveLength(0);
    expect(await replays()).toEqual([]);
  });

  it('--dry-run lists what would be sent (since and limit applied, bodiless rows counted) and sends nothing', async () => {
    const listed = await ok(db, ['replay', '--from', 'a', '--to', 'b', '--dry-run']);
    expect(listed.stdout).toMatch(/^Would replay 4 requests from provider a to b; 1 skipped: no whole request body in the log/);
    for (const id of logged) expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain('old-request');
    const json = (await ok(db, ['replay', '--from', 'gpt-4o-mini', '--to', 'b', '--since', '30d', '--limit', '2', '--dry-run', '--json'])).json();
    expect(json).toMatchObject({ from: { kind: 'route', id: 'gpt-4o-mini' }, dryRun: true, skipped: 1 });
    // the newest two, oldest first
    expect(json.requests.map((row: { id: string }) => row.id)).toEqual(logged.slice(2));
    expect(b.requests).toHaveLength(0);
  });

  it('sends the newest --limit requests to the target and logs each answer paired with the original, a stream as a stream', async () => {
    const run = await ok(db, ['replay', '--from', 'a', '--to', 'b:gpt-4.1-nano', '--limit', '3', '--concurrency', '2']);
    expect(run.stdout).toMatch(/^Replaying 3 requests from provider a to b:gpt-4\.1-nano, 2 at a time; 1 skipped/);
    expect(run.stdout).toMatch(/Sent 3, succeeded 3, failed 0, skipped 1\./);
    expect(b.requests).toHaveLength(3);
    expect(b.requests.map((request) => request.json.model)).toEqual(['gpt-4.1-nano', 'gpt-4.1-nano', 'gpt-4.1-nano']);
    expect(b.requests.filter((request) => request.json.stream)).toHaveLength(1);
    const replayed = await replays();
    expect(replayed.map((row) => row.pairId).sort()).toEqual(logged.slice(1).sort());
    for (const row of replayed) {
      const original = (await store.db.select().from(schema.requestLogs).where(eq(schema.requestLogs.id, row.pairId!)))[0];
      expect(row).toMatchObject({ providerId: 'b', model: 'gpt-4.1-nano', upstreamModel: 'gpt-4.1-nano', status: 200, outcome: 'success', promptTokens: 7, completionTokens: 5, stream: original.stream });
      expect(row.id).not.toBe(original.id);
      expect(original).toMatchObject({ providerId: 'a', promptTokens: 11, completionTokens: 3, pairRole: null });
    }
    const stream = replayed.find((row) => row.pairId === streamed)!;
    expect(stream).toMatchObject({ stream: true, responseBody: 'from b' });
    expect(stream.ttfbMs).not.toBeNull();
  });

  it('--json reports each replay; replay rows are never replayed themselves', async () => {
    const json = (await ok(db, ['replay', '--from', 'a', '--to', 'b', '--since', '1h', '--json'])).json();
    expect(json).toMatchObject({ sent: 4, succeeded: 4, failed: 0, skipped: 1, stopped: false });
    expect(json.results.map((result: { pairId: string }) => result.pairId).sort()).toEqual([...logged].sort());
    expect(json.results.find((result: { pairId: string }) => result.pairId === streamed)).toMatchObject({ ok: true, stream: true, status: 200 });
    expect(await replays()).toHaveLength(7);
    // from b now: only replay rows were served by it, and they are not replayed again
    expect((await ok(db, ['replay', '--from', 'b', '--to', 'a', '--dry-run', '--json'])).json().requests).toEqual([]);
  });

  it('the shadow report shows the replays beside their originals', async () => {
    const report = (await ok(db, ['shadow', 'report', 'gpt-4o-mini', '--role', 'replay', '--json'])).json();
    expect(report.total).toBe(7);
    for (const pair of report.pairs) {
      expect(pair).toMatchObject({ role: 'replay', model: 'gpt-4o-mini', primary: { providerId: 'a', text: 'from a' }, pair: { providerId: 'b', text: 'from b', completionTokens: 5 } });
      expect(pair.agreement).toEqual({ exactMatch: false, similarity: 0.833, sameToolCalls: null });
    }
    expect((await ok(db, ['shadow', 'report', 'gpt-4o-mini', '--role', 'replay'])).stdout).toMatch(/^Route gpt-4o-mini, since .*\n7 pairs, 7 with both answered: mean similarity 0\.833, exact match 0\.0%/);
  });

  it('stops cleanly when told to: nothing more is sent, the summary says so', async () => {
    const controller = new AbortController();
    b.onChat(() => {
      controller.abort();
      return { kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'late' }, finish_reason: 'stop' }], usage: usageOf(1, 1) }) };
    });
    const before = b.requests.length;
    const stopped = await cli(db, ['replay', '--from', 'a', '--to', 'b', '--concurrency', '1'], { signal: controller.signal });
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/Stopped\. Sent 0, succeeded 0, failed 0, skipped 1, cancelled 1, not sent 3\./);
    expect(b.requests.length - before).toBe(1);
  });
});
