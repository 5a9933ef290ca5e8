/**
 * End to end with the built server and CLI: legacy environment variables are
 * obeyed by a running server before `migrate`; afterwards the database wins,
 * and requests through the server show up in `history` and `stats`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { runCliProcess, startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const SECRET = 'sk-legacy-e2e-canary-01234567';
const answer = (text: string) => () => ({ kind: 'json' as const, body: JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }) });

let lmStudio: FakeUpstream;
let qwenProxy: FakeUpstream;
let moved: FakeUpstream;
let server: ServerProcess;
let client: OpenAI;
let dir: string;
let env: Record<string, string>;

async function cli(...args: string[]) {
  const result = await runCliProcess(args, env, dir);
  expect(result.code, `provider-cli ${args.join(' ')}: ${result.stderr}`).toBe(0);
  expect(result.stdout + result.stderr).not.toContain(SECRET);
  return result.stdout;
}

async function ask(model: string): Promise<string | null> {
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
  return completion.choices[0].message.content;
}

beforeAll(async () => {
  lmStudio = await startFakeUpstream({ chat: answer('from LM Studio') });
  qwenProxy = await startFakeUpstream({ chat: answer('from the Qwen proxy') });
  moved = await startFakeUpstream({ chat: answer('from the moved LM Studio') });
  dir = tempDir();
  env = {
    DATABASE_URL: await e2eDatabase(dir),
    DEFAULT_PROVIDER: 'lm-studio',
    MODEL_MAPPINGS: 'qwen3-max:qwen-proxy',
    LM_STUDIO_BASE_URL: lmStudio.baseURL,
    QWEN_PROXY_BASE_URL: qwenProxy.baseURL,
    QWEN_API_KEY: SECRET,
    QWEN_BASE_URL: 'http://127.0.0.1:1/v1',
  };
  server = await startServerProcess({ ...env, CONFIG_POLL_MS: '100' }, dir);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  await Promise.all([lmStudio?.close(), qwenProxy?.close(), moved?.close()]);
});

describe('legacy environment variables with a running server', () => {
  it('are obeyed before migration, then the database wins', async () => {
    // nothing in the database yet: DEFAULT_PROVIDER and MODEL_MAPPINGS route
    expect(await ask('llama')).toBe('from LM Studio');
    expect(await ask('qwen3-max')).toBe('from the Qwen proxy');
    const status = JSON.parse(await cli('status', '--json'));
    expect(status.settings.find((setting: any) => setting.name === 'defaultProvider')).toMatchObject({ value: 'lm-studio', source: 'environment' });
    expect(status.providers.map((provider: any) => [provider.id, provider.source])).toEqual([['lm-studio', 'environment'], ['qwen-proxy', 'environment'], ['qwen', 'environment']]);

    expect(await cli('migrate', '--dry-run')).toContain('Dry run: 5 change(s) would be written.');
    expect(await cli('migrate')).toContain('Migrated 5 change(s)');
    expect(await cli('migrate')).toContain('Nothing to change');
    expect(await ask('llama')).toBe('from LM Studio');

    // the server still has LM_STUDIO_BASE_URL in its environment, but the database now wins, live
    await cli('provider', 'edit', 'lm-studio', '--config', `baseURL=${moved.baseURL}`);
    await waitFor(async () => (await ask('llama')) === 'from the moved LM Studio', 2_000, 50);
    await cli('route', 'set', 'qwen3-max', 'lm-studio');
    await waitFor(async () => (await ask('qwen3-max')) === 'from the moved LM Studio', 2_000, 50);
    const after = JSON.parse(await cli('status', '--json'));
    expect(after.providers.every((provider: any) => provider.source === 'database')).toBe(true);
    expect(after.mappings).toEqual([{ model: 'qwen3-max', targets: [{ providerId: 'lm-studio', model: null, weight: 1 }], source: 'database' }]);
  }, 60_000);

  it('shows the server\'s requests in history and stats', async () => {
    await ask('stats-probe');
    const history = await waitFor(async () => {
      const rows = JSON.parse(await cli('history', '--json', '--limit', '50')).rows;
      return rows.some((row: any) => row.model === 'stats-probe') ? rows : null;
    }, 3_000, 100);
    expect(history.filter((row: any) => row.outcome === 'success').map((row: any) => row.providerId)).toEqual(expect.arrayContaining(['lm-studio', 'qwen-proxy']));
    const table = await cli('history', '--provider', 'qwen-proxy');
    expect(table).toMatch(/qwen-proxy\s+qwen3-max\s+200 success/);
    const stats = JSON.parse(await cli('stats', '--since', '1h', '--json')).rows;
    // the qwen3-max requests before the route change took effect went to the proxy: as many as history shows
    const proxied = history.filter((row: any) => row.providerId === 'qwen-proxy').length;
    expect(proxied).toBeGreaterThanOrEqual(1);
    expect(stats.find((row: any) => row.providerId === 'qwen-proxy' && row.model === 'qwen3-max')).toMatchObject({ requests: proxied, successRate: 1, promptTokens: 3 * proxied, completionTokens: 2 * proxied });
    expect(stats.find((row: any) => row.providerId === 'lm-studio' && row.model === 'stats-probe')).toMatchObject({ requests: 1, promptTokens: 3 });
    expect(await cli('stats')).toMatch(new RegExp(`qwen-proxy\\s+qwen3-max\\s+${proxied}\\s+100\\.0%`));
  }, 60_000);
});
