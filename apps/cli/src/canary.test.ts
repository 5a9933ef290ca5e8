/** A canary API key must not appear in any CLI output: tables, --json, config, history, changes, errors, probes, migrate. */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, toLogRow } from '@router/store';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { cli, SERVER_MODE, tempDb } from '../test/harness.js';

/** Commands that work on the database itself: refused when managing a running router. */
const DIRECT_ONLY = /^migrate\b/;

const CANARY = 'sk-canary-7f3a9c2e5b1d4e6f';
const HEADER_CANARY = 'tok-canary-header-5550123';
const LEGACY_CANARY = 'sk-legacy-canary-93847561';
let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  // an upstream that echoes the key back, as some do in their 401s
  upstream.onChat((request) => ({ kind: 'json', status: 401, body: JSON.stringify({ error: { message: `bad key ${request.headers.authorization}` } }) }));
});
afterAll(() => upstream?.close());

describe('secrets in CLI output', () => {
  it('never shows the canary, whatever the command', async () => {
    const { db, dir } = tempDb();
    writeFileSync(`${dir}/.env`, `DASHSCOPE_API_KEY=${LEGACY_CANARY}\n`);
    const env = { QWEN_BASE_URL: 'http://127.0.0.1:1/v1' };
    const headers = JSON.stringify({ 'x-api-token': HEADER_CANARY });
    const outputs: string[] = [];
    const runs: [string[], number?][] = [
      [['provider', 'add', '--id', 'alpha', '--config', `baseURL=${upstream.baseURL}`, '--config', `apiKey=${CANARY}`, '--config', `headers=${headers}`, '--json']],
      [['provider', 'add', '--id', 'alpha', '--config', `baseURL=${upstream.baseURL}`, '--config', `apiKey=${CANARY}`], 1],
      [['provider', 'add', '--id', 'beta', '--config', 'baseURL=ftp://x', '--config', `apiKey=${CANARY}`], 1],
      [['provider', 'edit', 'alpha', '--config', `apiKey=${CANARY}`, '--config', 'timeout=-1'], 1],
      [['provider', 'edit', 'alpha', '--config', 'timeout=5000', '--json']],
      [['set', 'alpha', '--json']],
      [['status']], [['status', '--json']], [['list']], [['ls', '--json']], [['provider', 'list', '--json']],
      [['provider', 'config', 'alpha']], [['provider', 'config', 'alpha', '--json']],
      [['provider', 'reload', 'alpha', '--json']],
      [['test', '--skip-tools', '--model', 'm'], 1], [['provider', 'test', 'alpha', '--json', '--model', 'm'], 1],
      [['test', 'qwen', '--model', 'm'], 1],
      [['route', 'set', 'm', 'alpha', '--json']], [['route', 'list', '--json']],
      [['changes']], [['changes', '--json', '--limit', '100']],
      [['history']], [['history', '--json']], [['stats', '--json']],
      [['migrate', '--dry-run']], [['migrate', '--json']], [['migrate']],
      [['provider', 'remove', 'alpha', '--force', '--json']],
    ];
    // a log row that (wrongly) kept the key: the CLI still masks it
    const store = await openStore({ url: db });
    await store.logs.insertMany([
      toLogRow({
        id: 'leaky', clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'alpha', model: 'm', upstreamModel: 'm', stream: false, status: 502, outcome: 'error',
        errorCode: 'upstream_error', errorMessage: `upstream said: bad key ${CANARY}`, durationMs: 5, ttfbMs: null, requestBody: '{}', response: { kind: 'none' }, attempts: [],
      }),
    ]);
    store.close();
    for (const [args, code = 0] of runs.filter(([args]) => !SERVER_MODE || !DIRECT_ONLY.test(args.join(' ')))) {
      const result = await cli(db, args, { env });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(code);
      outputs.push(result.stdout, result.stderr);
    }
    const all = outputs.join('\n');
    expect(all).toContain('••••'); // masks were shown…
    // …including inside the leaky log row (masked by the CLI, or by the router's API as it reads the row)
    expect(all).toMatch(/upstream said: bad key (••••|\[redacted\])/);
    for (const secret of [CANARY, HEADER_CANARY, LEGACY_CANARY]) expect(all).not.toContain(secret); // …and never the secrets
    expect(upstream.requests.some((request) => request.headers.authorization === `Bearer ${CANARY}`)).toBe(true);
  });
});
