/**
 * Several routers on one Postgres database, as the README's "Running several routers" section
 * runs them: three built servers and the CLI on a real Postgres started by this file (its own,
 * so it can be restarted mid-load), in front of two fake upstreams on 127.0.0.1.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { createPostgresDatabase, startTestPostgres, type TestPostgres } from '@router/testkit/postgres';
import { blockOf } from '@router/core';

/** The shared client key's requests per minute. */
const RPM = 30;

let cluster: TestPostgres;
let url: string;
let alpha: FakeUpstream;
let beta: FakeUpstream;
const routers: ServerProcess[] = [];
const dir = tempDir();

const answer = (content: string) => ({ kind: 'json' as const, body: JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }) });

async function cli(args: string[]): Promise<string> {
  const result = await runCliProcess(['--db', url, ...args], {}, dir);
  if (result.code !== 0) throw new Error(`provider-cli ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

async function ask(router: ServerProcess, requestId?: string): Promise<{ status: number; content?: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) };
  const response = await fetch(`${router.url}/v1/chat/completions`, { method: 'POST', headers, signal: AbortSignal.timeout(10_000), body: JSON.stringify({ model: 'any-model', messages: [{ role: 'user', content: 'hi' }] }) });
  const body = (await response.json()) as { choices?: { message: { content: string } }[] };
  return { status: response.status, content: body.choices?.[0]?.message.content };
}

async function rows(prefix = ''): Promise<{ instance_id: string | null; count: number }[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql<{ instance_id: string | null; count: string }[]>`select instance_id, count(*)::text as count from request_logs where coalesce(client_request_id, '') like ${`${prefix}%`} group by instance_id order by instance_id`).map((row) => ({ instance_id: row.instance_id, count: Number(row.count) }));
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  cluster = await startTestPostgres();
  url = await createPostgresDatabase(cluster.url(), 'routers');
  alpha = await startFakeUpstream({ chat: () => answer('from alpha') });
  beta = await startFakeUpstream({ chat: () => answer('from beta') });
  await cli(['provider', 'add', '--id', 'alpha', '--config', `baseURL=${alpha.baseURL}`]);
  await cli(['provider', 'add', '--id', 'beta', '--config', `baseURL=${beta.baseURL}`]);
  await cli(['set', 'alpha']);
  // polling once a minute: a change can only reach them in time through the database's notification
  for (const id of ['r1', 'r2', 'r3']) routers.push(await startServerProcess({ DATABASE_URL: url, ROUTER_INSTANCE_ID: id, CONFIG_POLL_MS: '60000' }, dir));
}, 120_000);

afterAll(async () => {
  await Promise.all(routers.map((router) => router.stop().catch(() => undefined)));
  await alpha?.close();
  await beta?.close();
  await cluster?.stop();
});

describe('three routers on one Postgres', () => {
  it('obey a provider-cli set made against the database at once, each logging into the one table under its own instance id', async () => {
    for (const router of routers) expect(await ask(router)).toEqual({ status: 200, content: 'from alpha' });
    await cli(['set', 'beta']);
    await waitFor(async () => {
      const answers = await Promise.all(routers.map((router) => ask(router)));
      if (!answers.every((answer) => answer.content === 'from beta')) throw new Error(`not yet: ${JSON.stringify(answers)}`);
      return true;
    }, 10_000);
    // Every router changed before its first configuration poll (CONFIG_POLL_MS is a minute, and the
    // wait above gives up after 10 s): the change reached them by the notification.
    const logged = await waitFor(async () => {
      const found = await rows();
      if (found.reduce((sum, row) => sum + row.count, 0) < 6) throw new Error('rows not written yet');
      return found;
    }, 10_000);
    expect(logged.map((row) => row.instance_id)).toEqual(['r1', 'r2', 'r3']);
    // any router's API reads every router's rows
    const listed = (await (await fetch(`${routers[0].url}/v1/requests?limit=100`)).json()) as { data: { instanceId: string | null }[] };
    expect(new Set(listed.data.map((row) => row.instanceId))).toEqual(new Set(['r1', 'r2', 'r3']));
  }, 60_000);

  it('hold a client key\'s requests-per-minute limit across the three within the documented bound', async () => {
    const created = await fetch(`${routers[0].url}/v1/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'shared-rpm', rpm: RPM }) });
    expect(created.status).toBe(201);
    const { id, value } = (await created.json()) as { id: string; value: string };
    // a minute window must not end in the middle of the run (a fresh window would admit RPM more)
    if (new Date().getSeconds() > 40) await new Promise((resolve) => setTimeout(resolve, (61 - new Date().getSeconds()) * 1000));
    const statuses: number[] = [];
    const keyed = async (router: ServerProcess) => {
      const response = await fetch(`${router.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${value}` }, signal: AbortSignal.timeout(10_000), body: JSON.stringify({ model: 'any-model', messages: [{ role: 'user', content: 'hi' }] }) });
      await response.arrayBuffer();
      if (response.status === 429) {
        expect(response.headers.get('x-ratelimit-limit-requests')).toBe(String(RPM));
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      return response.status;
    };
    // every router has the new key (through the database's notification) before the run starts
    for (const router of routers) {
      await waitFor(async () => {
        const status = await keyed(router);
        statuses.push(status);
        return status !== 401 || Promise.reject(new Error('key not known yet'));
      }, 10_000);
    }
    // then three at a time, one on each router, well past the limit
    for (let round = 0; round < 2 * RPM / 3; round++) statuses.push(...(await Promise.all(routers.map(keyed))));
    const admitted = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429 && status !== 401)).toEqual([]);
    // the README's bound: the limit, plus at most one claim block (blockOf) per router
    expect(admitted).toBeGreaterThanOrEqual(RPM);
    expect(admitted).toBeLessThanOrEqual(RPM + routers.length * blockOf(RPM));
    // with the key removed, no key is required any more (the next test sends none)
    expect((await fetch(`${routers[0].url}/v1/keys/${id}`, { method: 'DELETE' })).status).toBe(200);
    for (const router of routers) await waitFor(async () => (await ask(router)).status === 200 || Promise.reject(new Error('still requires a key')), 10_000);
  }, 120_000);

  it('keep serving when one router is killed mid-load, and lose no request or row when the database restarts mid-load', async () => {
    const survivors = routers.slice(0, 2);
    const results: { status: number }[] = [];
    let running = true;
    const load = (async () => {
      for (let index = 0; running; index++) results.push(await ask(survivors[index % 2], `load-${index}`).catch(() => ({ status: 0 })));
    })();
    await waitFor(() => results.length >= 10 || Promise.reject(new Error('load not started')), 10_000);
    await routers[2].stop('SIGKILL');
    await waitFor(() => results.length >= 30 || Promise.reject(new Error('load too slow')), 10_000);
    const startedAt = async () => {
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        return String((await sql<{ at: Date }[]>`select pg_postmaster_start_time() as at`)[0].at);
      } finally {
        await sql.end();
      }
    };
    const firstStart = await startedAt();
    await cluster.restart({ downMs: 500 });
    // it really went down and came back
    expect(await startedAt()).not.toBe(firstStart);
    const atRestart = results.length;
    await waitFor(() => results.length >= atRestart + 30 || Promise.reject(new Error('load stalled after the restart')), 20_000);
    running = false;
    await load;
    expect(results.filter((result) => result.status !== 200)).toEqual([]);
    // rows of the requests made while the database was down were held and written when it came back
    await waitFor(async () => {
      const total = (await rows('load-')).reduce((sum, row) => sum + row.count, 0);
      if (total !== results.length) throw new Error(`${total} of ${results.length} rows written`);
      return true;
    }, 30_000);
  }, 120_000);
});
