/**
 * The server and `provider-cli` share one SQLite file. While the server's log
 * writer and an API-style write loop hammer the database, CLI processes write
 * too: every write from both sides must land (WAL + busy_timeout, no SQLITE_BUSY).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestLogRecord } from '@router/core';
import { runCliProcess, tempDir } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';
import { createLogWriter, openStore, type Store } from '@router/store';

const encoder = new TextEncoder();
const record = (id: string): RequestLogRecord => ({
  id, clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'server-side', model: 'm', upstreamModel: 'm', stream: false, status: 200, outcome: 'success',
  errorCode: null, errorMessage: null, durationMs: 3, ttfbMs: 1, requestBody: '{"model":"m"}',
  response: { kind: 'json', bytes: encoder.encode('{"choices":[{"index":0,"message":{"content":"ok"}}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}') },
  attempts: [],
});

let store: Store | undefined;
afterEach(() => store?.close());

describe('server and CLI writing the same database at once', () => {
  it('loses no write on either side', async () => {
    const dir = tempDir();
    const url = await e2eDatabase(dir, 'shared');
    store = await openStore({ url });
    await store.providers.create({ id: 'server-side', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } }, 'api');
    const writer = createLogWriter({ logs: store.logs, batchSize: 20, flushIntervalMs: 2 });

    let serverBusy = true;
    let logged = 0;
    let apiWrites = 0;
    const logLoop = (async () => {
      while (serverBusy) {
        for (let index = 0; index < 10; index++) writer.write(record(`log-${logged++}`));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const apiLoop = (async () => {
      while (serverBusy) {
        await store!.providers.update('server-side', { config: { timeout: 1000 + apiWrites } }, 'api');
        await store!.settings.set('api_counter', String(apiWrites), 'api');
        apiWrites++;
        // local libsql calls settle as microtasks: yield so timers and child-process events run
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const cli = (args: string[]) => runCliProcess(['--db', url, ...args], {}, dir);
    const results = await Promise.all(
      Array.from({ length: 4 }, async (_, index) => {
        const outputs = [];
        outputs.push(await cli(['provider', 'add', '--id', `cli-${index}`, '--config', 'baseURL=http://127.0.0.1:2/v1']));
        outputs.push(await cli(['route', 'set', `model-${index}`, `cli-${index},server-side`]));
        outputs.push(await cli(['provider', 'edit', `cli-${index}`, '--config', `timeout=${5000 + index}`]));
        return outputs;
      }),
    );
    serverBusy = false;
    await Promise.all([logLoop, apiLoop]);
    await writer.close();

    for (const result of results.flat()) expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(writer.stats()).toMatchObject({ written: logged, dropped: 0, queued: 0 });
    expect(await store.logs.count()).toBe(logged);
    expect(apiWrites).toBeGreaterThan(0);
    expect(await store.settings.get('api_counter')).toBe(String(apiWrites - 1));
    expect((await store.providers.get('server-side')).config.timeout).toBe(1000 + apiWrites - 1);
    for (let index = 0; index < 4; index++) {
      expect((await store.providers.get(`cli-${index}`)).config.timeout).toBe(5000 + index);
      expect((await store.mappings.get(`model-${index}`)).targets.map((target) => target.providerId)).toEqual([`cli-${index}`, 'server-side']);
    }
    const history = await store.history.list({ limit: 10_000 });
    expect(history.filter((entry) => entry.source === 'cli')).toHaveLength(12);
    expect(history.filter((entry) => entry.source === 'api')).toHaveLength(1 + apiWrites * 2);
  }, 90_000);
});
