/**
 * End to end with the real coding agents, configured as the README's Agents section says: Codex
 * CLI (a custom provider with the Responses wire API) and Claude Code (`ANTHROPIC_BASE_URL`), each
 * run non-interactively, through the built server onto a fake chat completions upstream on
 * 127.0.0.1. Their homes are temporary folders; nothing reaches outside 127.0.0.0/8 that the agents
 * need (Claude Code's optional traffic is turned off).
 *
 * Asked for `gpt-5.5` (a model Codex offers its freeform `apply_patch` tool to), the fake upstream
 * answers the first turn with an `apply_patch` call and the next (which carries the tool's output)
 * with text; asked for anything else, it answers with text.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, sseFrames, startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const ANSWER = ['Hello', ' from', ' the', ' fake', ' upstream', '.'];
const PATCH = ['*** Begin Patch', '*** Add File: hello.txt', '+Hello from the router', '*** End Patch', ''].join('\n');
const chunk = (delta: object, finish: string | null = null) =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fake-coder', choices: [{ index: 0, delta, finish_reason: finish }] });

let upstream: FakeUpstream;
let server: ServerProcess;
let dir: string;

/** A Codex home whose config points at the router, as the README's Agents section says. */
function codexHome(name: string, model: string): { home: string; work: string } {
  const home = join(dir, `${name}-home`);
  const work = join(dir, `${name}-work`);
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(
    join(home, 'config.toml'),
    [`model = "${model}"`, 'model_provider = "router"', '', '[model_providers.router]', 'name = "Router"', `base_url = "${server.url}/v1"`, 'env_key = "ROUTER_API_KEY"', 'wire_api = "responses"', ''].join('\n'),
  );
  return { home, work };
}

function run(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // stdin closed: both agents read a prompt from it when it is open
    const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The log rows of an endpoint, once there are some (rows are written off the request path). */
async function requests(endpoint: string): Promise<{ id: string; status: number }[]> {
  return waitFor(async () => {
    const answer = (await (await fetch(`${server.url}/v1/requests?endpoint=${endpoint}&limit=50`)).json()) as { data: { id: string; status: number }[] };
    if (answer.data.length === 0) throw new Error(`no ${endpoint} rows yet`);
    return answer.data;
  }, 10_000);
}

beforeAll(async () => {
  dir = tempDir();
  const db = await e2eDatabase(dir);
  upstream = await startFakeUpstream({ models: ['fake-coder', 'gpt-5.5'] });
  upstream.onChat((request) => {
    const usage = { prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 };
    const messages = (request.json?.messages ?? []) as { role: string }[];
    if (request.json?.model === 'gpt-5.5' && request.json?.stream) {
      const lines = messages.some((message) => message.role === 'tool')
        ? [chunk({ role: 'assistant', content: 'Created hello.txt.' }), chunk({}, 'stop')]
        : [
            chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_patch', type: 'function', function: { name: 'apply_patch', arguments: '' } }] }),
            // the arguments in fragments, as providers stream them
            ...JSON.stringify({ input: PATCH }).match(/.{1,12}/gs)!.map((fragment) => chunk({ tool_calls: [{ index: 0, function: { arguments: fragment } }] })),
            chunk({}, 'tool_calls'),
          ];
      return { kind: 'sse', frames: sseFrames(lines) };
    }
    if (!request.json?.stream) {
      return { kind: 'json', body: JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'fake-coder', choices: [{ index: 0, message: { role: 'assistant', content: ANSWER.join('') }, finish_reason: 'stop' }], usage }) };
    }
    const lines = [...ANSWER.map((word) => chunk({ content: word })), chunk({}, 'stop'), JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fake-coder', choices: [], usage })];
    return { kind: 'sse', frames: sseFrames(lines) };
  });
  for (const args of [['provider', 'add', '--id', 'fake', '--config', `baseURL=${upstream.baseURL}`], ['set', 'fake']]) {
    const result = await runCliProcess(['--db', db, ...args], {}, dir);
    if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  }
  server = await startServerProcess({ DATABASE_URL: db }, dir);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

describe('real coding agents through the router', () => {
  it('Codex CLI, with a custom provider on the Responses wire API: answers, with its hosted tool dropped and named in the log', async () => {
    const { home, work } = codexHome('codex', 'fake-coder');
    const result = await run(bin('codex'), ['exec', '--skip-git-repo-check', 'Say hello'], { CODEX_HOME: home, HOME: home, ROUTER_API_KEY: 'any' }, work);
    expect(result.stdout, result.stderr).toContain(ANSWER.join(''));
    expect(result.code).toBe(0);
    const [row] = await requests('responses');
    expect(row.status).toBe(200);
    const detail = (await (await fetch(`${server.url}/v1/requests/${row.id}`)).json()) as { attempts: { api?: string; note?: string }[]; requestBody: string };
    expect(detail.attempts[0]).toMatchObject({ api: 'chat' });
    const sent = JSON.parse(detail.requestBody) as { tools?: { type: string }[] };
    // what Codex sends by default: function and namespace tools, which pass, and a hosted web search, which cannot
    expect(sent.tools?.map((tool) => tool.type)).toEqual(expect.arrayContaining(['function', 'namespace', 'web_search']));
    expect(detail.attempts[0].note).toBe('dropped tools: web_search');
    const upstreamBody = upstream.requests.find((request) => request.json?.messages?.some((message: { role: string }) => message.role === 'system'))?.json;
    expect(upstreamBody?.tools?.every((tool: { type: string }) => tool.type === 'function')).toBe(true);
  }, 120_000);

  it('Codex CLI edits a file with its freeform apply_patch tool: offered upstream as a function of one string, its call applied, its output sent back as the same call', async () => {
    const { home, work } = codexHome('codex-patch', 'gpt-5.5');
    const result = await run(bin('codex'), ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'Create hello.txt'], { CODEX_HOME: home, HOME: home, ROUTER_API_KEY: 'any' }, work);
    const chats = upstream.requests.filter((request) => request.json?.model === 'gpt-5.5' && Array.isArray(request.json?.messages));
    const first = chats[0]?.json as { tools?: { function: { name: string; parameters?: { properties?: Record<string, unknown> } } }[] } | undefined;
    expect(first?.tools?.find((tool) => tool.function.name === 'apply_patch')?.function.parameters?.properties, JSON.stringify(first?.tools?.map((tool) => tool.function.name))).toEqual({ input: expect.objectContaining({ type: 'string' }) });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(existsSync(join(work, 'hello.txt'))).toBe(true);
    expect(readFileSync(join(work, 'hello.txt'), 'utf8')).toBe('Hello from the router\n');
    expect(result.stdout).toContain('Created hello.txt.');
    const second = chats.at(-1)?.json as { messages: { role: string; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[] };
    expect(second.messages.find((message) => message.tool_calls !== undefined)?.tool_calls?.[0]).toMatchObject({ id: 'call_patch', function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) } });
    expect(second.messages.find((message) => message.role === 'tool')?.tool_call_id).toBe('call_patch');
  }, 120_000);

  it('Claude Code, with ANTHROPIC_BASE_URL: answers through the Messages translation', async () => {
    const home = join(dir, 'claude-home');
    const work = join(dir, 'claude-work');
    mkdirSync(home, { recursive: true });
    mkdirSync(work, { recursive: true });
    const env = {
      HOME: home, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_AUTH_TOKEN: 'any', ANTHROPIC_MODEL: 'fake-coder', ANTHROPIC_SMALL_FAST_MODEL: 'fake-coder',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1',
    };
    const result = await run(bin('claude'), ['-p', 'Say hello'], env, work);
    expect(result.stdout, result.stderr).toContain(ANSWER.join(''));
    expect(result.code).toBe(0);
    const rows = await requests('messages');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.status === 200)).toBe(true);
  }, 120_000);
});
