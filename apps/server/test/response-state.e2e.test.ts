/**
 * End to end: a Responses answer the router produced outlives a restart. The built server, a fake
 * chat-only upstream on 127.0.0.1 replaying a recorded answer, and the real `openai` SDK: the
 * first turn, a clean stop (which flushes the log), a start on the same database, and a second
 * turn that names the first in `previous_response_id`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import OpenAI from 'openai';
import { openStore } from '@router/store';
import { fixtureJson, runCliProcess, startFakeUpstream, startServerProcess, tempDir, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

let upstream: FakeUpstream;
let dir: string;
let db: string;
const started: ServerProcess[] = [];

beforeAll(async () => {
  dir = tempDir();
  db = await e2eDatabase(dir);
  upstream = await startFakeUpstream({ chat: () => ({ kind: 'json', body: fixtureJson('openai-text') }) });
  for (const args of [['provider', 'add', '--id', 'chat-only', '--config', `baseURL=${upstream.baseURL}`], ['set', 'chat-only']]) {
    const result = await runCliProcess(['--db', db, ...args], {}, dir);
    if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  }
});

afterAll(async () => {
  for (const server of started) await server.stop();
  await upstream?.close();
});

async function start(): Promise<{ server: ServerProcess; openai: OpenAI }> {
  const server = await startServerProcess({ DATABASE_URL: db, CONFIG_POLL_MS: '60000' }, dir);
  started.push(server);
  return { server, openai: new OpenAI({ apiKey: 'sk-client', baseURL: `${server.url}/v1`, maxRetries: 0 }) };
}

it('continues a conversation through previous_response_id and item_reference after a restart, except for store: false turns, unknown ids and unreadable states', async () => {
  const before = await start();
  const first = await before.openai.responses.create({ model: 'gpt-4.1-nano', input: 'Invent a holiday' });
  expect(first.output_text.length).toBeGreaterThan(0);
  const unstored = await before.openai.responses.create({ model: 'gpt-4.1-nano', input: 'Not to be kept', store: false });
  expect(await before.server.stop()).toBe(0);
  // a state that does not read back (cut, edited by hand) is skipped at start-up, not a crash
  const store = await openStore({ url: db });
  await store.logs.insertMany([{ id: 'corrupt', createdAt: Date.now(), endpoint: '/v1/responses', status: 200, outcome: 'success', durationMs: 1, responseState: '{"id":"resp_cut","input":[' }]);
  await store.close();

  const after = await start();
  const upstreamSeen = upstream.requests.length;
  const second = await after.openai.responses.create({ model: 'gpt-4.1-nano', previous_response_id: first.id, input: 'Another one' });
  expect(second.output_text.length).toBeGreaterThan(0);
  // the upstream got the first turn's messages back
  const sent = upstream.requests[upstreamSeen].json.messages as { role: string; content: string }[];
  expect(sent.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  expect(sent[0].content).toBe('Invent a holiday');
  expect(sent[1].content).toBe(first.output_text);
  expect(sent[2].content).toBe('Another one');

  // an item_reference to an output item of the first turn resolves too
  const [message] = first.output;
  const referenced = await after.openai.responses.create({ model: 'gpt-4.1-nano', input: [{ role: 'user', content: 'Invent a holiday' }, { type: 'item_reference', id: message.id! }, { role: 'user', content: 'And one more' }] });
  expect(referenced.output_text.length).toBeGreaterThan(0);
  expect(upstream.requests[upstreamSeen + 1].json.messages).toEqual([
    { role: 'user', content: 'Invent a holiday' },
    { role: 'assistant', content: first.output_text },
    { role: 'user', content: 'And one more' },
  ]);

  for (const id of ['resp_never_made', unstored.id]) {
    const error = await after.openai.responses.create({ model: 'gpt-4.1-nano', previous_response_id: id, input: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ code: 'previous_response_not_found', param: 'previous_response_id' });
  }
  expect(upstream.requests.length).toBe(upstreamSeen + 2);
  expect(after.server.stderr().match(/skipped unreadable Responses states/g)).toHaveLength(1);
});
