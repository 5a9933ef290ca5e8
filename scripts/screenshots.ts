/**
 * `pnpm screenshots`: the README's pictures of the dashboard. Starts the built server with three
 * fake upstreams on 127.0.0.1 (obviously fake keys), fills it with realistic data (providers,
 * a mapping, requests through the `openai` client, a comparison), then photographs each page in
 * the system's headless Chromium at 1280×800 into docs/readme/img/.
 *
 * Usage: `pnpm screenshots` (builds what is stale first), or `tsx scripts/screenshots.ts [--out <folder>]`.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type SeenRequest, type Reply } from '@router/testkit';
import { launchBrowser, VIEWPORT } from '@router/testkit/browser';
import { answerAs } from '../tests/browser/router-under-test.ts';
import { goToPage, heading, pageText, role, settled } from '../tests/browser/dashboard-page.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1]! : join(root, 'docs/readme/img'));

const KEYS = { qwen: 'sk-fake-qwen-cloud-000000000000', groq: 'gsk_fake_groq_000000000000000000' };

/** Answers like `answerAs`, and fails the prompts marked `failOn` (an upstream having a bad moment). */
function upstreamAs(name: string, failOn: string): (request: SeenRequest) => Reply {
  const answer = answerAs(name, 5);
  return (request) => {
    const last = request.json?.messages?.at(-1)?.content;
    if (typeof last === 'string' && last.includes(failOn)) {
      return { kind: 'json', status: 503, body: JSON.stringify({ error: { message: 'The model is overloaded, try again later.', type: 'server_error', code: 'overloaded' } }) };
    }
    return answer(request);
  };
}

async function main(): Promise<void> {
  const upstreams: FakeUpstream[] = [];
  const home = await startFakeUpstream({ chat: upstreamAs('LM Studio', '[fail]'), models: ['qwen3-coder-30b', 'gemma-3-12b'] });
  const cloud = await startFakeUpstream({ chat: upstreamAs('Qwen Cloud', '[overloaded]'), models: ['qwen3-max', 'qwen3-coder-plus'] });
  const groq = await startFakeUpstream({ chat: upstreamAs('Groq', '[overloaded]'), models: ['llama-3.3-70b-versatile'] });
  upstreams.push(home, cloud, groq);
  const dir = tempDir('router-screenshots-');
  const server = await startServerProcess({ DATABASE_URL: `file:${dir}/router.db` }, dir);
  const session = await launchBrowser('readme', { screenshotsDir: dir });
  try {
    const admin = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text;
    };
    await admin('POST', '/v1/providers', { id: 'lm-studio-home', type: 'lm-studio', config: { baseURL: home.baseURL } });
    await admin('POST', '/v1/providers', { id: 'qwen-cloud', type: 'qwen', config: { baseURL: cloud.baseURL, apiKey: KEYS.qwen } });
    await admin('POST', '/v1/providers', { id: 'groq', type: 'groq', config: { baseURL: groq.baseURL, apiKey: KEYS.groq } });
    await admin('PUT', '/v1/settings/active-provider', { providerId: 'lm-studio-home' });
    await admin('PUT', '/v1/mappings/coder', { targets: [{ providerId: 'lm-studio-home', model: 'qwen3-coder-30b' }, { providerId: 'qwen-cloud', model: 'qwen3-coder-plus' }] });

    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    /** Sends one request; answers its x-request-id (the [overloaded] prompts are meant to fail). */
    const ask = async (model: string, prompt: string, stream: boolean): Promise<string | null> => {
      try {
        const messages = [{ role: 'user' as const, content: prompt }];
        if (stream) {
          const { data, response } = await client.chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages }).withResponse();
          for await (const chunk of data) void chunk;
          return response.headers.get('x-request-id');
        }
        const { response } = await client.chat.completions.create({ model, messages }).withResponse();
        return response.headers.get('x-request-id');
      } catch (error) {
        if (!(error instanceof OpenAI.APIError)) throw error;
        return null;
      }
    };
    const asks: Array<[model: string, prompt: string, stream: boolean]> = [
      ['coder', 'Write a binary search in TypeScript', true],
      ['qwen-cloud/qwen3-max', 'Summarise this changelog', false],
      ['groq/llama-3.3-70b-versatile', 'Translate "good morning" to French', true],
      ['gemma-3-12b', 'Name three prime numbers', false],
      ['coder', 'Explain this stack trace [fail]', true],
      ['qwen-cloud/qwen3-max', 'Draft a release note [overloaded]', false],
      ['groq/llama-3.3-70b-versatile', 'What is 12 * 12?', false],
      ['coder', 'Refactor this function', true],
    ];
    for (let round = 0; round < 3; round++) for (const [model, prompt, stream] of asks) await ask(model, prompt, stream);
    const compare = await fetch(`${server.url}/v1/compare`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ targets: ['lm-studio-home/qwen3-coder-30b', 'qwen-cloud/qwen3-coder-plus', 'groq/llama-3.3-70b-versatile'], prompt: 'Write a haiku about routers' }),
    });
    const compareId = compare.headers.get('x-compare-id');
    await compare.text();
    await waitFor(async () => JSON.parse(await admin('GET', '/v1/requests?limit=100')).data?.length >= asks.length * 3, 10_000);

    mkdirSync(out, { recursive: true });
    const watched = await session.open(`${server.url}/ui/`);
    const { page } = watched;
    /** Photographs the top 1280×800 of the page, after checking that no provider key shows. */
    const shoot = async (file: string) => {
      await settled(page);
      const text = await pageText(page);
      for (const key of Object.values(KEYS)) if (text.includes(key)) throw new Error(`${file}: a provider key is shown unmasked`);
      const path = join(out, `${file}.png`);
      await page.screenshot({ path: path as `${string}.png`, clip: { x: 0, y: 0, ...VIEWPORT } });
      process.stdout.write(`${path} (${Math.round(statSync(path).size / 1024)} KiB)\n`);
    };
    await heading(page, 'Overview');
    await shoot('dashboard-overview');

    // the live tail shows what arrives while it is open
    await goToPage(page, 'Live requests');
    await page.locator(role('status')).filter((element) => element.textContent === 'Live').wait();
    let failedOver: string | null = null;
    for (const [model, prompt, stream] of asks) {
      const id = await ask(model, prompt, stream);
      if (prompt.includes('[fail]') && model === 'coder') failedOver = id;
    }
    await page.locator(role('link', `Open request ${failedOver}`)).wait();
    await shoot('dashboard-live-requests');
    await page.locator(role('link', `Open request ${failedOver}`)).click();
    await page.locator(role('table', 'Attempts')).wait();
    await shoot('dashboard-request');

    for (const name of ['Providers', 'Routing', 'History', 'Settings']) {
      await goToPage(page, name);
      await shoot(`dashboard-${name.toLowerCase()}`);
    }
    await page.goto(`${server.url}/ui/compare/${encodeURIComponent(compareId ?? '')}`);
    await heading(page, 'Compare');
    await page.locator(role('region', 'groq/llama-3.3-70b-versatile')).wait();
    await shoot('dashboard-compare');
    if (watched.problems.length > 0) throw new Error(`the dashboard had problems:\n${watched.problems.join('\n')}`);
  } finally {
    await session.close();
    await server.stop();
    for (const upstream of upstreams) await upstream.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
