/**
 * End to end with the real coding agents, configured as the README's Agents section says: Codex
 * CLI (a custom provider with the Responses wire API), Claude Code (`ANTHROPIC_BASE_URL`) and
 * opencode (an `opencode.json` provider on chat completions), each
 * run non-interactively, through the built server onto a fake chat completions upstream on
 * 127.0.0.1. Their homes are temporary folders; nothing reaches outside 127.0.0.0/8 that the agents
 * need (Claude Code's optional traffic is turned off).
 *
 * Asked for `gpt-5.5` (a model Codex offers its freeform `apply_patch` tool to), the fake upstream
 * answers the first turn with an `apply_patch` call and the next (which carries the tool's output)
 * with text. Asked for `tool-coder`, it plays a model using the agent's own tools over several turns
 * (write a file, read it back, say what it read, thinking before each step when asked to), giving
 * every completion the same id as some servers do; asked for anything else, it answers with text.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicSseFrames, fixtureChunks, runCliProcess, sseFrames, startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const ANSWER = ['Hello', ' from', ' the', ' fake', ' upstream', '.'];
const PATCH = ['*** Begin Patch', '*** Add File: hello.txt', '+Hello from the router', '*** End Patch', ''].join('\n');
const chunk = (delta: object, finish: string | null = null) =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fake-coder', choices: [{ index: 0, delta, finish_reason: finish }] });

let upstream: FakeUpstream;
/** A fake Anthropic API (an `anthropic` provider's upstream), answering with a recorded Anthropic stream. */
let claudeApi: FakeUpstream;
const CLAUDE_KEY = 'sk-ant-agents-e2e-0123456789';
let server: ServerProcess;
let dir: string;

/** The file the `tool-coder` model has the agent write and read back (each test sets its own). */
let toolFile = '';
const TOOL_FILE_TEXT = 'routed through the router';
/** The tool names a `tool-coder` session uses: the agent's own (Claude Code's `Write`/`Read`, opencode's `write`/`read`, Codex's `exec_command`). */
const WRITE_TOOLS: Record<string, (path: string) => object> = {
  Write: (path) => ({ file_path: path, content: `${TOOL_FILE_TEXT}\n` }),
  write: (path) => ({ filePath: path, content: `${TOOL_FILE_TEXT}\n` }),
};
const READ_TOOLS: Record<string, (path: string) => object> = { Write: (path) => ({ file_path: path }), write: (path) => ({ filePath: path }) };

/** A `tool-coder` turn: the next step of write → read → answer, after the tool results the conversation holds. */
function toolCoderTurn(request: { json?: any }): string[] {
  type Message = { role: string; content?: unknown; tool_calls?: { function: { name: string } }[] };
  const messages = (request.json?.messages ?? []) as Message[];
  const tools = ((request.json?.tools ?? []) as { function: { name: string } }[]).map((tool) => tool.function.name);
  const thinking = request.json?.reasoning_effort ? [chunk({ role: 'assistant', reasoning_content: 'Planning' }), chunk({ reasoning_content: ' the next step.' })] : [];
  const call = (name: string, args: object) => [
    ...thinking,
    chunk({ role: 'assistant', tool_calls: [{ index: 0, id: `call_${name}_${messages.length}`, type: 'function', function: { name, arguments: '' } }] }),
    ...JSON.stringify(args).match(/.{1,10}/gs)!.map((fragment) => chunk({ tool_calls: [{ index: 0, function: { arguments: fragment } }] })),
    chunk({}, 'tool_calls'),
  ];
  const writer = tools.find((name) => name in WRITE_TOOLS);
  const results = messages.filter((message) => message.role === 'tool');
  if (tools.includes('exec_command')) {
    // Codex: run one command when asked to, then say so
    const last = messages.at(-1);
    if (last?.role === 'tool') return [...thinking, chunk({ role: 'assistant', content: 'Ran it.' }), chunk({}, 'stop')];
    if (last?.role === 'user' && JSON.stringify(last.content).includes('Run the command')) return call('exec_command', { cmd: `printf '${TOOL_FILE_TEXT}' > ${JSON.stringify(toolFile)}` });
    return [chunk({ role: 'assistant', content: ANSWER.join('') }), chunk({}, 'stop')];
  }
  if (writer === undefined) return [...thinking, chunk({ role: 'assistant', content: ANSWER.join('') }), chunk({}, 'stop')];
  if (results.length === 0) return call(writer, WRITE_TOOLS[writer](toolFile));
  const reader = writer === 'Write' ? 'Read' : 'read';
  if (results.length === 1) return call(reader, READ_TOOLS[writer](toolFile));
  const read = results.at(-1)!.content;
  const text = typeof read === 'string' ? read : JSON.stringify(read);
  return [...thinking, chunk({ role: 'assistant', content: `Read back: ${text.includes(TOOL_FILE_TEXT) ? TOOL_FILE_TEXT : 'something else'}.` }), chunk({}, 'stop')];
}

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

/** A Claude Code home and working folder, and its environment pointed at the router (`ANTHROPIC_BASE_URL`), as the README's Agents section says. */
function claudeHome(name: string, extra: Record<string, string> = {}): { env: Record<string, string>; work: string } {
  const home = join(dir, `${name}-home`);
  const work = join(dir, `${name}-work`);
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  const env = { HOME: home, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_AUTH_TOKEN: 'any', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1', ...extra };
  return { env, work };
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
  upstream = await startFakeUpstream({ models: ['fake-coder', 'gpt-5.5', 'tool-coder'] });
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
    if (request.json?.model === 'tool-coder' && request.json?.stream) {
      return { kind: 'sse', frames: sseFrames([...toolCoderTurn(request), JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'tool-coder', choices: [], usage })]) };
    }
    if (!request.json?.stream) {
      return { kind: 'json', body: JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'fake-coder', choices: [{ index: 0, message: { role: 'assistant', content: ANSWER.join('') }, finish_reason: 'stop' }], usage }) };
    }
    const lines = [...ANSWER.map((word) => chunk({ content: word })), chunk({}, 'stop'), JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fake-coder', choices: [], usage })];
    return { kind: 'sse', frames: sseFrames(lines) };
  });
  claudeApi = await startFakeUpstream({
    chat: (request) => {
      if (request.url.startsWith('/v1/messages/count_tokens')) return { kind: 'json', body: '{"input_tokens":12}' };
      return { kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-text')) };
    },
  });
  for (const args of [['provider', 'add', '--id', 'fake', '--config', `baseURL=${upstream.baseURL}`], ['set', 'fake'], ['provider', 'add', '--id', 'claude', '--type', 'anthropic', '--config', `baseURL=${claudeApi.url}`, '--config', `apiKey=${CLAUDE_KEY}`]]) {
    const result = await runCliProcess(['--db', db, ...args], {}, dir);
    if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  }
  server = await startServerProcess({ DATABASE_URL: db }, dir);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
  await claudeApi?.close();
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

  it('Codex CLI over two turns: the first runs a command, the second (codex exec resume) carries the first turn\'s call, output and answer back', async () => {
    const { home, work } = codexHome('codex-turns', 'tool-coder');
    toolFile = join(work, 'codex.txt');
    const env = { CODEX_HOME: home, HOME: home, ROUTER_API_KEY: 'any' };
    const first = await run(bin('codex'), ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'Run the command'], env, work);
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(readFileSync(toolFile, 'utf8')).toBe(TOOL_FILE_TEXT);
    expect(first.stdout).toContain('Ran it.');
    const second = await run(bin('codex'), ['exec', '--skip-git-repo-check', 'resume', '--last', 'Say hello'], env, work);
    expect(second.code, `${second.stdout}\n${second.stderr}`).toBe(0);
    expect(second.stdout).toContain(ANSWER.join(''));
    const turns = upstream.requests.filter((request) => request.json?.model === 'tool-coder' && request.json?.tools?.some((tool: { function: { name: string } }) => tool.function.name === 'exec_command'));
    expect(turns).toHaveLength(3);
    const conversation = (turns[2].json.messages as { role: string; content?: unknown; tool_calls?: { id: string; function: { name: string } }[]; tool_call_id?: string }[]).filter((message) => message.role !== 'system');
    const call = conversation.find((message) => message.tool_calls !== undefined);
    expect(call?.tool_calls?.map((tool) => tool.function.name)).toEqual(['exec_command']);
    expect(conversation.slice(conversation.indexOf(call!) + 1).map((message) => message.role)).toEqual(['tool', 'assistant', 'user', 'user']);
    expect(conversation.find((message) => message.role === 'tool')?.tool_call_id).toBe(call?.tool_calls?.[0].id);
    expect(conversation.find((message) => message.role === 'assistant' && message.content === 'Ran it.')).toBeDefined();
    expect(JSON.stringify(conversation.at(-1)?.content)).toContain('Say hello');
  }, 180_000);

  it('Claude Code in a session that uses its Write and Read tools, with thinking on (MAX_THINKING_TOKENS): each turn its own assistant message, the file written and read back', async () => {
    const { env, work } = claudeHome('claude-tools', { ANTHROPIC_MODEL: 'tool-coder', ANTHROPIC_SMALL_FAST_MODEL: 'fake-coder', MAX_THINKING_TOKENS: '4000' });
    toolFile = join(work, 'note.txt');
    const result = await run(bin('claude'), ['-p', 'Write note.txt, then read it back', '--allowedTools', 'Write,Read'], env, work);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(readFileSync(toolFile, 'utf8')).toBe(`${TOOL_FILE_TEXT}\n`);
    expect(result.stdout).toContain(`Read back: ${TOOL_FILE_TEXT}.`);
    const turns = upstream.requests.filter((request) => request.json?.model === 'tool-coder' && request.json?.tools?.some((tool: { function: { name: string } }) => tool.function.name === 'Write'));
    expect(turns).toHaveLength(3);
    // thinking on: every turn asks the provider to reason
    expect(turns.every((request) => typeof request.json.reasoning_effort === 'string')).toBe(true);
    // each step is its own assistant turn followed by its result, in order (one id for two messages would merge them in Claude Code)
    const conversation = (turns[2].json.messages as { role: string; tool_calls?: { id: string; function: { name: string } }[]; tool_call_id?: string }[]).filter((message) => message.role !== 'system');
    const steps = conversation.filter((message) => message.role !== 'user').map((message) => message.role === 'tool' ? `result ${message.tool_call_id}` : `call ${message.tool_calls?.map((call) => `${call.function.name} ${call.id}`).join(', ')}`);
    const [write, read] = conversation.filter((message) => message.tool_calls).map((message) => message.tool_calls![0].id);
    expect(steps).toEqual([`call Write ${write}`, `result ${write}`, `call Read ${read}`, `result ${read}`]);
  }, 180_000);

  it('Claude Code pinned to a provider with --model <provider-id>/<model>', async () => {
    const { env, work } = claudeHome('claude-pin');
    const before = upstream.requests.length;
    const result = await run(bin('claude'), ['-p', 'Say hello', '--model', 'fake/fake-coder'], env, work);
    expect(result.stdout, result.stderr).toContain(ANSWER.join(''));
    expect(result.code).toBe(0);
    expect(upstream.requests.slice(before).map((request) => request.json?.model)).toContain('fake-coder');
    const rows = await waitFor(async () => {
      const answer = (await (await fetch(`${server.url}/v1/requests?endpoint=messages&limit=100`)).json()) as { data: { model: string; providerId: string; upstreamModel: string; status: number }[] };
      const pinned = answer.data.filter((row) => row.model === 'fake/fake-coder');
      if (pinned.length === 0) throw new Error('no pinned rows yet');
      return pinned;
    }, 10_000);
    expect(rows.every((row) => row.providerId === 'fake' && row.upstreamModel === 'fake-coder' && row.status === 200)).toBe(true);
  }, 120_000);

  it('opencode, with the README\'s opencode.json (a router provider on @ai-sdk/openai-compatible): a session that writes a file and reads it back over chat completions', async () => {
    const home = join(dir, 'opencode-home');
    const work = join(dir, 'opencode-work');
    mkdirSync(home, { recursive: true });
    mkdirSync(work, { recursive: true });
    toolFile = join(work, 'note.txt');
    // the README's configuration, with this server's URL and the test's model
    const config = {
      $schema: 'https://opencode.ai/config.json',
      provider: {
        router: {
          npm: '@ai-sdk/openai-compatible',
          name: 'Router',
          options: { baseURL: `${server.url}/v1`, apiKey: '{env:ROUTER_API_KEY}' },
          models: { 'tool-coder': { name: 'Tool Coder (via Router)' } },
        },
      },
    };
    writeFileSync(join(work, 'opencode.json'), JSON.stringify(config, null, 2));
    const before = upstream.requests.length;
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache'), XDG_STATE_HOME: join(home, '.local/state'), ROUTER_API_KEY: 'any', OPENCODE_DISABLE_AUTOUPDATE: 'true' };
    const result = await run(bin('opencode'), ['run', '-m', 'router/tool-coder', 'Write note.txt, then read it back'], env, work);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(readFileSync(toolFile, 'utf8')).toBe(`${TOOL_FILE_TEXT}\n`);
    expect(result.stdout + result.stderr).toContain(`Read back: ${TOOL_FILE_TEXT}.`);
    const turns = upstream.requests.slice(before).filter((request) => request.json?.tools?.some((tool: { function: { name: string } }) => tool.function.name === 'write'));
    expect(turns).toHaveLength(3);
    expect(turns.map((request) => `${request.url} ${request.json.model}`)).toEqual(Array(3).fill('/v1/chat/completions tool-coder'));
  }, 180_000);

  it('Claude Code onto an anthropic provider: its requests pass through, ?beta=true and its body included, with the provider\'s key', async () => {
    const { env, work } = claudeHome('claude-native');
    const result = await run(bin('claude'), ['-p', 'Say hello', '--model', 'claude/claude-sonnet-4-5'], env, work);
    const recorded = fixtureChunks('anthropic-text').map((line) => JSON.parse(line)).filter((event) => event.delta?.type === 'text_delta').map((event) => event.delta.text).join('');
    expect(result.stdout, result.stderr).toContain(recorded);
    expect(result.code).toBe(0);
    const sent = claudeApi.requests.filter((request) => request.method === 'POST' && request.url.startsWith('/v1/messages'));
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      expect(request.url).toMatch(/^\/v1\/messages(\/count_tokens)?\?beta=true$/);
      expect(request.headers['x-api-key']).toBe(CLAUDE_KEY);
      expect(request.headers['anthropic-beta']).toBeTruthy();
      // the pin's provider part is gone, the rest of Claude Code's body is as it sent it
      expect(request.json.model).toBe('claude-sonnet-4-5');
    }
    expect(sent.some((request) => Array.isArray(request.json.tools) && request.json.tools.length > 0 && request.json.stream === true)).toBe(true);
  }, 120_000);

  it('Claude Code, with ANTHROPIC_BASE_URL: answers through the Messages translation', async () => {
    const { env, work } = claudeHome('claude', { ANTHROPIC_MODEL: 'fake-coder', ANTHROPIC_SMALL_FAST_MODEL: 'fake-coder' });
    const result = await run(bin('claude'), ['-p', 'Say hello'], env, work);
    expect(result.stdout, result.stderr).toContain(ANSWER.join(''));
    expect(result.code).toBe(0);
    const rows = await requests('messages');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.status === 200)).toBe(true);
  }, 120_000);
});
