import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assembledText, fixtureChunks, refusedURL, sseFrames, startFakeUpstream, startServerProcess, tempDir, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';
import { run } from '../src/run.js';
import type { CliIO } from '../src/io.js';
import { ok, oneLineError, type CliResult } from './harness.js';

const ADMIN_KEY = 'compare-admin-key-7d1e9b3c5a';
const LEFT = 'left-up/qwen3-max';
const RIGHT = 'right-up/gpt-4o-mini';
const leftLines = fixtureChunks('dashscope-text');
const rightLines = fixtureChunks('openai-text');

let left: FakeUpstream;
let right: FakeUpstream;
let server: ServerProcess;

/** Runs `provider-cli compare …` in-process against the running router. */
async function compare(args: string[], options: { env?: Record<string, string>; isTTY?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: options.env ?? { ROUTER_URL: server.url, ROUTER_ADMIN_KEY: ADMIN_KEY }, isTTY: options.isTTY ?? false, cwd: tempDir() };
  const code = await run(['compare', ...args], io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

beforeAll(async () => {
  left = await startFakeUpstream({ models: ['qwen3-max'] });
  right = await startFakeUpstream({ models: ['gpt-4o-mini'] });
  const dir = tempDir();
  const db = await e2eDatabase(dir);
  await ok(db, ['provider', 'add', '--id', 'left-up', '--config', `baseURL=${left.baseURL}`], { cwd: dir });
  await ok(db, ['provider', 'add', '--id', 'right-up', '--config', `baseURL=${right.baseURL}`], { cwd: dir });
  server = await startServerProcess({ DATABASE_URL: db, ADMIN_API_KEY: ADMIN_KEY }, dir);
});
afterAll(async () => {
  await server?.stop();
  await left?.close();
  await right?.close();
});
beforeEach(() => {
  left.onChat(() => ({ kind: 'sse', frames: sseFrames(leftLines) }));
  right.onChat(() => ({ kind: 'sse', frames: sseFrames(rightLines) }));
  left.requests.length = 0;
  right.requests.length = 0;
});

describe('provider-cli compare', () => {
  it('prints each target\'s progress, then a side-by-side table', async () => {
    const result = await compare(['--target', LEFT, '--target', RIGHT, 'Tell me a story']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    // progress: a line per target as it starts answering and as it ends
    for (const target of [LEFT, RIGHT]) {
      expect(lines.indexOf(`${target}: answering`)).toBeGreaterThanOrEqual(0);
      expect(lines.findIndex((line) => line.startsWith(`${target}: done (`))).toBeGreaterThan(lines.indexOf(`${target}: answering`));
    }
    const header = lines.findIndex((line) => line.startsWith('TARGET'));
    expect(lines[header]).toMatch(/^TARGET\s+STATUS\s+TTFT\s+TOTAL\s+TOK\/S\s+TOKENS IN\/OUT\s+ANSWER$/);
    const row = (target: string) => lines.slice(header).find((line) => line.startsWith(target))!;
    expect(row(LEFT)).toMatch(/\bok\b/);
    expect(row(LEFT)).toContain(assembledText(leftLines).replace(/\s+/g, ' ').trim().slice(0, 40));
    expect(row(LEFT)).toContain('18/779');
    expect(row(RIGHT)).toMatch(/\bok\b/);
    expect(row(RIGHT)).toContain('16/300');
    expect(result.stdout).toMatch(/Compare id cmp_/);
    // the prompt went to both, as one user message
    expect(left.requests[0]!.json).toMatchObject({ model: 'qwen3-max', stream: true, messages: [{ role: 'user', content: 'Tell me a story' }] });
    expect(right.requests[0]!.json).toMatchObject({ model: 'gpt-4o-mini', stream: true });
  });

  it('prints the summary as JSON with --json, and nothing else', async () => {
    const result = await compare(['--target', LEFT, '--target', RIGHT, 'Tell me a story', '--json', '--max-tokens', '64', '--temperature', '0.5']);
    expect(result.code, result.stderr).toBe(0);
    const summary = result.json();
    expect(summary.compareId).toMatch(/^cmp_/);
    expect(summary.targets.map((leg: any) => leg.target)).toEqual([LEFT, RIGHT]);
    expect(summary.targets[0]).toMatchObject({ status: 'ok', httpStatus: 200, finishReason: 'stop', text: assembledText(leftLines), usage: { promptTokens: 18, completionTokens: 779 }, error: null, ttftMs: expect.any(Number), totalMs: expect.any(Number) });
    expect(summary.targets[1]).toMatchObject({ status: 'ok', text: assembledText(rightLines), usage: { completionTokens: 300 } });
    expect(left.requests[0]!.json).toMatchObject({ max_tokens: 64, temperature: 0.5 });
    // the legs are in the router's log under the compare id
    const logged = await fetch(`${server.url}/v1/requests?requestId=${summary.compareId}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(logged.status).toBe(200);
  });

  it('redraws a line per target on a terminal (on stderr), then prints the table', async () => {
    const result = await compare(['--target', LEFT, '--target', RIGHT, 'hi'], { isTTY: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('\u001b[1A');
    expect(result.stderr).toContain(LEFT);
    expect(result.stdout).toContain('TARGET');
    expect(result.stdout).not.toContain(': answering');
  });

  it('shows a failing target in the table and exits non-zero with one line', async () => {
    right.onChat(() => ({ kind: 'json', status: 500, body: JSON.stringify({ error: { message: 'the model is overloaded', type: 'server_error' } }) }));
    const result = await compare(['--target', LEFT, '--target', RIGHT, 'hi']);
    expect(oneLineError(result)).toBe('provider-cli: 1 of 2 targets failed');
    const lines = result.stdout.split('\n');
    const row = (target: string) => lines.slice(lines.findIndex((line) => line.startsWith('TARGET'))).find((line) => line.startsWith(target))!;
    expect(row(LEFT)).toMatch(/\bok\b/);
    expect(row(RIGHT)).toMatch(/error 5\d\d/);
    expect(row(RIGHT)).toContain('overloaded');
  });

  it('refuses bad input in one line before anything is sent', async () => {
    for (const [args, message] of [
      [['--target', LEFT, 'hi'], /2 to 6 targets/],
      [['--target', LEFT, '--target', 'no-model', 'hi'], /<provider-id>\/<model>/],
      [['--target', LEFT, '--target', LEFT, 'hi'], /named twice/],
      [['--target', LEFT, '--target', RIGHT, '   '], /prompt is empty/],
      [['--target', LEFT, '--target', RIGHT, 'hi', '--max-tokens', '0'], /--max-tokens/],
      [['--target', LEFT, '--target', RIGHT, 'hi', '--temperature', '7'], /--temperature/],
      [['--target', LEFT, '--target', RIGHT], /prompt/],
    ] as const) {
      expect(oneLineError(await compare([...args])), args.join(' ')).toMatch(message);
    }
    // the router names the target it refuses
    expect(oneLineError(await compare(['--target', LEFT, '--target', 'nobody/m', 'hi']))).toMatch(/400.*targets\[1\].*nobody/);
    expect(left.requests).toHaveLength(0);
    expect(right.requests).toHaveLength(0);
  });

  it('says in one line when the router is not running or refuses the key', async () => {
    expect(oneLineError(await compare(['--target', LEFT, '--target', RIGHT, 'hi'], { env: { ROUTER_URL: await refusedURL() } }))).toMatch(/no router is listening/);
    expect(oneLineError(await compare(['--target', LEFT, '--target', RIGHT, 'hi'], { env: { ROUTER_URL: server.url } }))).toMatch(/401.*ROUTER_ADMIN_KEY/);
    const wrong = await compare(['--target', LEFT, '--target', RIGHT, 'hi'], { env: { ROUTER_URL: server.url, ROUTER_ADMIN_KEY: 'wrong-key-0123456789' } });
    expect(oneLineError(wrong)).toMatch(/401/);
    expect(wrong.stderr).not.toContain('wrong-key-0123456789');
    expect(oneLineError(await compare(['--target', LEFT, '--target', RIGHT, 'hi', '--server', 'ftp://x']))).toMatch(/--server must be an http/);
    expect(left.requests).toHaveLength(0);
  });
});
