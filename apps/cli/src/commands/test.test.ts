import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openStore, rawRows } from '@router/store';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { cli, emptyDb, ok, oneLineError, SERVER_MODE, tempDb } from '../../test/harness.js';

const SECRET = 'sk-probe-canary-0123456789';
/** How an echoed secret shows: masked by the CLI, or redacted by the router that ran the probe. */
const MASKED = SERVER_MODE ? '[redacted]' : '••••6789';
const SHORT_MASK = SERVER_MODE ? '[redacted]' : '••••';
let good: FakeUpstream;
let refusing: FakeUpstream;

const chunk = (delta: object, extra: object = {}) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;

beforeAll(async () => {
  good = await startFakeUpstream({ models: ['fake-llama', 'fake-qwen'] });
  good.onChat((request) => {
    if (request.json.stream) {
      return { kind: 'sse', frames: [chunk({ role: 'assistant', content: 'OK' }), chunk({}, { usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }), 'data: [DONE]\n\n'] };
    }
    const message = request.json.tools
      ? { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'ping', arguments: '{}' } }] }
      : { role: 'assistant', content: 'OK' };
    return { kind: 'json', body: JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }) };
  });
  refusing = await startFakeUpstream();
  refusing.onChat(() => ({ kind: 'json', status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${SECRET}`, type: 'invalid_request_error' } }) }));
});

afterAll(async () => {
  await good?.close();
  await refusing?.close();
});

async function setup() {
  const { db } = tempDb();
  await ok(db, ['provider', 'add', '--id', 'alpha', '--config', `baseURL=${good.baseURL}`, '--config', `apiKey=${SECRET}`]);
  await ok(db, ['provider', 'add', '--id', 'beta', '--default-model', 'm', '--config', `baseURL=${refusing.baseURL}`, '--config', `apiKey=${SECRET}`]);
  return db;
}

describe('test / provider test', () => {
  it('probes the active provider when none is named and stores what it learned', async () => {
    const db = await setup();
    expect(oneLineError(await cli(db, ['test']))).toContain('no active provider');
    await ok(db, ['set', 'alpha']);
    const result = await ok(db, ['test']);
    expect(result.stdout).toContain('Provider alpha (openai-compatible), model fake-llama');
    expect(result.stdout).toMatch(/STEP\s+RESULT\s+MS\s+DETAIL/);
    expect(result.stdout).toMatch(/models\s+ok\s+[\d.]+\s+2 models/);
    expect(result.stdout).toMatch(/completion\s+ok/);
    expect(result.stdout).toMatch(/stream\s+ok\s+[\d.]+\s+\d+ events, usage always/);
    expect(result.stdout).toMatch(/tools\s+ok\s+[\d.]+\s+native tool call returned/);
    expect(result.stdout).toContain('Capabilities stored on the provider.');
    expect(result.stderr).toBe('');
    expect(good.requests.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
    const store = await openStore({ url: db });
    expect((await store.providers.get('alpha')).capabilities).toMatchObject({ reachable: true, models: ['fake-llama', 'fake-qwen'], streamUsage: 'always', nativeTools: true });
    store.close();
  });

  it('reports a failing provider: table on stdout, one line on stderr, exit 1, secrets masked', async () => {
    const db = await setup();
    const failed = await cli(db, ['provider', 'test', 'beta', '--skip-tools']);
    expect(oneLineError(failed)).toContain(`provider "beta" failed the test at completion: HTTP 401: Incorrect API key provided: ${MASKED}`);
    expect(failed.stdout).toMatch(/completion\s+failed/);
    expect(failed.stdout + failed.stderr).not.toContain(SECRET);
    const json = await cli(db, ['test', 'beta', '--json', '--model', 'other']);
    expect(json.code).toBe(1);
    expect(json.json()).toMatchObject({ providerId: 'beta', ok: false, reachable: true, model: 'other', capabilitiesStored: true });
    expect(json.stdout).not.toContain(SECRET);
  });

  it('shows a spinner on a terminal only', async () => {
    const db = await setup();
    const tty = await ok(db, ['test', 'alpha', '--skip-tools'], { isTTY: true });
    expect(tty.stderr).toContain('Testing alpha');
    expect(tty.stderr).toContain('\r\u001b[K');
    expect(tty.stdout).toContain('\u001b[32mok\u001b[0m');
    const piped = await ok(db, ['test', 'alpha', '--skip-tools']);
    expect(piped.stderr).toBe('');
  });

  // the CLI's own environment (a router's environment providers are its own)
  it.skipIf(SERVER_MODE)('tests a provider that only exists in the environment, without storing anything', async () => {
    const { db } = await emptyDb();
    const result = await ok(db, ['test', 'lm-studio', '--skip-tools', '--json'], { env: { LM_STUDIO_BASE_URL: good.baseURL } });
    expect(result.json()).toMatchObject({ providerId: 'lm-studio', type: 'lm-studio', ok: true, capabilitiesStored: false });
    expect(result.json().warnings.join(' ')).toContain('comes from the environment');
    // DEFAULT_PROVIDER makes it the one `test` picks
    expect((await ok(db, ['test', '--skip-tools', '--json'], { env: { DEFAULT_PROVIDER: 'lm-studio', LM_STUDIO_BASE_URL: good.baseURL } })).json().providerId).toBe('lm-studio');
  });

  it('refuses unknown, misconfigured and badly-timed tests with one line each', async () => {
    const db = await setup();
    expect(oneLineError(await cli(db, ['test', 'ghost']))).toContain('Provider "ghost" does not exist');
    expect(oneLineError(await cli(db, ['provider', 'test']))).toContain('Missing required argument: id');
    expect(oneLineError(await cli(db, ['test', 'alpha', '--timeout', '0']))).toContain('--timeout must be a whole number');
    const store = await openStore({ url: db });
    await rawRows(store.db, sql`UPDATE provider_config SET value = '"not a url"' WHERE provider_id = 'alpha' AND key = 'baseURL'`);
    store.close();
    expect(oneLineError(await cli(db, ['test', 'alpha']))).toMatch(/provider "alpha" is misconfigured: (config\.)?baseURL/i);
    const closed = await startFakeUpstream();
    await closed.close();
    const unreachable = tempDb().db;
    await ok(unreachable, ['provider', 'add', '--id', 'down', '--config', `baseURL=${closed.baseURL}`]);
    expect(oneLineError(await cli(unreachable, ['test', 'down']))).toMatch(/failed the test at models: (fetch failed: )?connect ECONNREFUSED 127\.0\.0\.1:\d+/);
  });
});

describe('test: a short secret of the provider', () => {
  it('is masked in what the upstream sent back, not in the router\'s own words', async () => {
    const echoing = await startFakeUpstream({ models: ['m'] });
    echoing.onChat((request) => ({ kind: 'json', status: 401, body: JSON.stringify({ error: { message: `key text refused (${request.headers['x-key']})`, type: 'invalid_request_error' } }) }));
    try {
      const { db } = tempDb();
      await ok(db, ['provider', 'add', '--id', 'short', '--config', `baseURL=${echoing.baseURL}`, '--config', 'headers={"x-key":"text"}']);
      const result = await cli(db, ['test', 'short']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`HTTP 401: key ${SHORT_MASK} refused (${SHORT_MASK})`);
      expect(result.stdout).not.toContain('(text)');
      // the router's own advice keeps its words
      expect(result.stdout).toContain('if this model writes tool calls as text, set');
    } finally {
      await echoing.close();
    }
  });
});
