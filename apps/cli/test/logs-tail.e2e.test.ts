import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refusedURL, sseFrames, startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';
import { run } from '../src/run.js';
import type { CliIO } from '../src/io.js';
import { ok, oneLineError, type CliResult } from './harness.js';

const ADMIN_KEY = 'tail-admin-key-4f9c2e7a1b';

/** Starts `provider-cli logs tail …` in-process; `stop()` aborts it like Ctrl-C and resolves with what it printed. */
function startTail(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  const io: CliIO = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env, isTTY: false, cwd: tempDir(), signal: controller.signal };
  const done = run(['logs', 'tail', ...args], io).then((code): CliResult => ({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
  return {
    done,
    stdout: () => stdout,
    stderr: () => stderr,
    following: () => waitFor(() => stderr.includes('Following the requests of')),
    stop: () => (controller.abort(), done),
  };
}

async function runTail(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startTail(args, env).done;
}

let upstream: FakeUpstream;
let server: ServerProcess;
const env = () => ({ ROUTER_URL: server.url, ROUTER_ADMIN_KEY: ADMIN_KEY });
const chunk = (content: string, finish: string | null = null) => JSON.stringify({ id: 's', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });

async function chat(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }) });
  await response.text();
  return response.headers.get('x-request-id')!;
}

beforeAll(async () => {
  upstream = await startFakeUpstream({ models: ['m'] });
  const dir = tempDir();
  const db = await e2eDatabase(dir);
  await ok(db, ['provider', 'add', '--id', 'live', '--config', `baseURL=${upstream.baseURL}`], { cwd: dir });
  await ok(db, ['set', 'live'], { cwd: dir });
  server = await startServerProcess({ DATABASE_URL: db, ADMIN_API_KEY: ADMIN_KEY }, dir);
});
afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

describe('provider-cli logs tail', () => {
  it('prints a JSON line per request of a running router, in order, and stops on Ctrl-C', async () => {
    const tail = startTail(['--json'], env());
    await tail.following();
    const first = await chat({ model: 'm' });
    upstream.onChat(() => ({ kind: 'sse', frames: sseFrames([chunk('he'), chunk('llo', 'stop')]) }));
    const streamed = await chat({ model: 'm', stream: true });
    await waitFor(() => tail.stdout().split('\n').filter(Boolean).length >= 3);
    const result = await tail.stop();
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((event) => [event.phase, event.id])).toEqual([['finished', first], ['started', streamed], ['finished', streamed]]);
    expect(events[0]).toMatchObject({ endpoint: '/v1/chat/completions', provider: 'live', model: 'm', status: 200, outcome: 'success', stream: false, attempts: 1, errorCode: null });
    expect(events[2]).toMatchObject({ provider: 'live', stream: true, outcome: 'success' });
    expect(result.stdout + result.stderr).not.toContain(ADMIN_KEY);
  });

  it('prints a readable line per request, filtered by provider and status', async () => {
    const tail = startTail(['--provider', 'live', '--status', '502'], env());
    await tail.following();
    upstream.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }) }));
    await chat({ model: 'm' });
    upstream.onChat(() => ({ kind: 'json', status: 400, body: JSON.stringify({ error: { message: 'bad', type: 'invalid_request_error' } }) }));
    const failed = await chat({ model: 'm' });
    upstream.onChat(() => ({ kind: 'destroy' }));
    const unreachable = await chat({ model: 'm' });
    await waitFor(() => tail.stdout().includes('\n'));
    const result = await tail.stop();
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  502 error +chat +live/m  \\d+ ms .*${unreachable}$`));
    expect(result.stdout).not.toContain(failed);
  });

  it('fails with one line when the router is not running, refuses the key, or a filter is bad', async () => {
    const refused = await runTail([], { ROUTER_URL: (await refusedURL()).replace(/\/v1$/, '') });
    expect(oneLineError(refused)).toMatch(/no router is listening at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
    const wrongKey = await runTail([], { ROUTER_URL: server.url, ROUTER_ADMIN_KEY: 'not-the-key' });
    expect(oneLineError(wrongKey)).toMatch(/wants its admin key \(401: .*\); set ROUTER_ADMIN_KEY/);
    expect(wrongKey.stderr).not.toContain('not-the-key');
    expect(oneLineError(await runTail([], { ROUTER_URL: server.url }))).toMatch(/401/);
    expect(oneLineError(await runTail(['--status', 'sometimes'], env()))).toMatch(/--status must be an HTTP status/);
    expect(oneLineError(await runTail(['--endpoint', 'nope'], env()))).toMatch(/--endpoint must be an API name/);
    expect(oneLineError(await runTail(['--server', 'ftp://127.0.0.1:1'], {}))).toMatch(/--server must be an http or https URL/);
    expect(oneLineError(await runTail(['--server', 'not a url'], {}))).toMatch(/--server must be the router's URL/);
    // a model filter the router refuses (too long) is its 400, as one line
    expect(oneLineError(await runTail(['--model', 'm'.repeat(300)], env()))).toMatch(/refused the tail \(400: Invalid model/);
  });

  it('says so in one line when the router only takes admin calls from its own machine (403)', async () => {
    // what a router without ADMIN_API_KEY answers a client on another machine
    const stub: Server = createServer((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'The management API only accepts requests from this machine unless ADMIN_API_KEY is set.', type: 'permission_error', code: 'admin_loopback_only', param: null } }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    try {
      const result = await runTail(['--server', `http://127.0.0.1:${(stub.address() as AddressInfo).port}`]);
      expect(oneLineError(result)).toMatch(/refused this client \(403: The management API only accepts requests from this machine/);
    } finally {
      stub.close();
    }
  });

  it('ends cleanly when the router shuts down', async () => {
    const tail = startTail([], env());
    await tail.following();
    expect(await server.stop()).toBe(0);
    const result = await tail.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('The router is shutting down; the tail ended.');
  });
});
