/** Short secrets in odd header names, the base URL's query and userinfo never appear in CLI output, with or without --json. */
import { expect, it } from 'vitest';
import { openStore, toLogRow } from '@router/store';
import { cli, tempDb } from '../test/harness.js';

const SECRETS = { ocp: 'k1', xKey: 'q7', query: 'zq9', user: 'uu3', password: 'pw4', apiKey: 'ky8' };
const LEAK = new RegExp(`(?<![A-Za-z0-9])(${Object.values(SECRETS).join('|')})(?![A-Za-z0-9])`);

it('masks short secrets in every listing, table and --json, and in log rows that kept them', async () => {
  const { db } = tempDb();
  const baseURL = `http://${SECRETS.user}:${SECRETS.password}@127.0.0.1:9/v1?key=${SECRETS.query}`;
  const headers = JSON.stringify({ 'Ocp-Apim-Subscription-Key': SECRETS.ocp, 'x-key': SECRETS.xKey });
  const added = await cli(db, ['provider', 'add', '--id', 'odd', '--config', `baseURL=${baseURL}`, '--config', `apiKey=${SECRETS.apiKey}`, '--config', `headers=${headers}`]);
  expect(added.code, added.stderr).toBe(0);
  // a log row that (wrongly) kept the secrets: the CLI still masks them
  const store = await openStore({ url: db });
  expect((await store.providers.get('odd')).config.headers).toEqual(JSON.parse(headers));
  await store.logs.insertMany([
    toLogRow({
      id: 'leaky', clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'odd', model: 'm', upstreamModel: 'm', stream: false, status: 502, outcome: 'error',
      errorCode: 'upstream_error', errorMessage: `denied: ocp=${SECRETS.ocp} x-key=${SECRETS.xKey} url=${baseURL} auth=${SECRETS.apiKey}`, durationMs: 5, ttfbMs: null, requestBody: '{}', response: { kind: 'none' }, attempts: [],
    }),
  ]);
  store.close();

  const outputs: string[] = [added.stdout, added.stderr];
  for (const args of [
    ['status'], ['list'], ['provider', 'list'], ['provider', 'config', 'odd'], ['changes'], ['history'], ['history', 'leaky'],
    ['provider', 'edit', 'odd', '--config', 'timeout=5000'], ['provider', 'edit', 'odd', '--config', 'timeout=-1'], ['provider', 'remove', 'odd', '--force'],
  ]) {
    for (const json of [false, true]) {
      const result = await cli(db, json ? [...args, '--json'] : args);
      outputs.push(`${args.join(' ')}${json ? ' --json' : ''} -> ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
  }
  const all = outputs.join('\n');
  expect(all).toContain('••••');
  expect(all).not.toMatch(LEAK);
});

it("does not let one provider's short secrets eat the words and numbers of every table and of other providers' log rows", async () => {
  const { db } = tempDb();
  // values that are ordinary words and numbers, in a provider's headers and base URL
  const odd = ['--config', 'baseURL=http://user:pass@127.0.0.1:9/v1?v=1', '--config', 'headers={"x-flag":"1","x-mode":"true"}', '--config', 'apiKey=ky8'];
  expect((await cli(db, ['provider', 'add', '--id', 'odd', ...odd])).code).toBe(0);
  expect((await cli(db, ['provider', 'add', '--id', 'plain', '--priority', '1', '--config', 'baseURL=http://127.0.0.1:1/v1'])).code).toBe(0);
  const requestBody = JSON.stringify({ model: 'm', temperature: 1, stream: true, messages: [{ role: 'user', content: 'user 1 pass true' }] });
  const store = await openStore({ url: db });
  await store.logs.insertMany([
    toLogRow({
      id: 'plain-row', clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'plain', model: 'm', upstreamModel: 'm', stream: false, status: 502, outcome: 'error',
      errorCode: 'upstream_error', errorMessage: 'unreachable: ECONNREFUSED 127.0.0.1:1', durationMs: 1, ttfbMs: null, requestBody, response: { kind: 'none' }, attempts: [],
    }),
  ]);
  store.close();

  const list = await cli(db, ['list']);
  expect(list.stdout).toMatch(/plain +plain +openai-compatible +yes +1 +http:\/\/127\.0\.0\.1:1\/v1/);
  // odd's own values are masked where its configuration is shown
  expect(list.stdout).toContain('http://••••:••••@127.0.0.1:9/v1?v=••••');
  const history = await cli(db, ['history', '--json']);
  expect(history.code).toBe(0);
  expect(history.json().rows[0].requestBody).toBe(requestBody);
  expect(history.json().rows[0].errorMessage).toBe('unreachable: ECONNREFUSED 127.0.0.1:1');
  expect((await cli(db, ['history'])).stdout).toContain('ECONNREFUSED 127.0.0.1:1');
  const config = await cli(db, ['provider', 'config', 'odd', '--json']);
  expect(config.stdout).not.toMatch(/user:pass|"1"|"true"|ky8/);
});
