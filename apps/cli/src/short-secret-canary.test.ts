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
