import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestLogRecord, ResponseState } from '@router/core';
import { SOURCE_LOG_WORKER_URL } from '@router/testkit';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { createWorkerLogWriter, withoutBodies } from '../log/create-worker-log-writer.js';
import { createLogWriter } from '../log/log-writer.js';
import type { BodyStorage } from '../log/log-policy.js';
import { packBatch, unpackBatch } from '../log/log-batch.js';

const encode = (text: string) => new TextEncoder().encode(text);
const state = (id: string, text = 'Invent a holiday'): ResponseState => ({
  id,
  input: [{ type: 'message', role: 'user', content: text }],
  output: [{ type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Galaxy Day', annotations: [] }] }],
});
const record = (id: string, startedAt: number, responseState?: ResponseState): RequestLogRecord => ({
  id, clientRequestId: null, startedAt, endpoint: '/v1/responses', providerId: 'p', model: 'm', upstreamModel: 'm', stream: false, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 5, ttfbMs: 5, requestBody: '{"model":"m","input":"Invent a holiday"}',
  response: { kind: 'json', bytes: encode('{"id":"resp","object":"response","output":[]}') },
  attempts: [{ providerId: 'p', model: 'm', status: 200, outcome: 'ok', durationMs: 5, api: 'chat' }],
  ...(responseState ? { responseState } : {}),
});

describe.each(DIALECTS)('on %s', (dialect) => {
  const current = useStore(dialect, { name: 'response_states' });

  let store: Store;
  let url: string;
  beforeEach(() => {
    store = current();
    url = store.url;
  });

  async function writeThroughWorker(records: RequestLogRecord[], options: { bodies?: BodyStorage; secrets?: string[] } = {}): Promise<void> {
    const writer = createWorkerLogWriter({ workerUrl: SOURCE_LOG_WORKER_URL, url, flushIntervalMs: 5, bodies: () => options.bodies ?? { mode: 'full' }, secrets: () => options.secrets ?? [] });
    for (const each of records) writer.write(each);
    await writer.close();
  }

  describe('Responses state kept with the log row', () => {
    it('is written by the log worker with its row (redacted) and read back newest N, oldest first', async () => {
      await writeThroughWorker(
        [record('r1', 1_000, state('resp_1')), record('plain', 1_500), record('r2', 2_000, state('resp_2', 'my key is super-secret-value')), record('r3', 3_000, state('resp_3'))],
        { secrets: ['super-secret-value'] },
      );
      const all = await store.logs.recentResponseStates(1000);
      expect(all.unreadable).toBe(0);
      expect(all.states.map((kept) => kept.id)).toEqual(['resp_1', 'resp_2', 'resp_3']);
      expect(all.states[0]).toEqual(state('resp_1'));
      expect(JSON.stringify(all.states[1])).toContain('my key is [redacted]');
      expect((await store.logs.recentResponseStates(2)).states.map((kept) => kept.id)).toEqual(['resp_2', 'resp_3']);
      expect(await store.logs.recentResponseStates(0)).toEqual({ states: [], unreadable: 0 });
      // readers of the log do not get it (it is the request and response again)
      expect(await store.logs.get('r1')).not.toHaveProperty('responseState');
      expect((await store.logs.list()).rows[0]).not.toHaveProperty('responseState');
    });

    it('is written by the in-process writer too', async () => {
      const writer = createLogWriter({ logs: store.logs, flushIntervalMs: 5 });
      writer.write(record('r1', 1_000, state('resp_1')));
      await writer.close();
      expect((await store.logs.recentResponseStates(10)).states).toEqual([state('resp_1')]);
    });

    it('is not kept with log_bodies metadata, nor truncated (a cut would not load back), nor when a record is degraded', async () => {
      await writeThroughWorker([record('m', 1_000, state('resp_m'))], { bodies: { mode: 'metadata' } });
      await writeThroughWorker([record('t', 2_000, state('resp_t'))], { bodies: { mode: 'truncated', maxBytes: 1_000_000 } });
      expect(await store.logs.recentResponseStates(10)).toEqual({ states: [], unreadable: 0 });
      expect(await store.logs.count()).toBe(2);
      expect(withoutBodies(record('d', 3_000, state('resp_d')))).not.toHaveProperty('responseState');
    });

    it('crosses to the worker only for the records that have one', () => {
      const records = [record('a', 1), record('b', 2, state('resp_b')), record('c', 3), record('d', 4, state('resp_d'))];
      const back = unpackBatch(packBatch(records));
      expect(back.map((each) => each.responseState?.id)).toEqual([undefined, 'resp_b', undefined, 'resp_d']);
      expect(back[1].responseState).toEqual(state('resp_b'));
    });

    it('goes with its row when retention prunes it', async () => {
      await writeThroughWorker([record('old', 1_000, state('resp_old')), record('new', 2_000, state('resp_new'))]);
      const result = await store.logs.prune({ maxAgeMs: null, maxRows: 1, maxBytes: null }, { now: 3_000 });
      expect(result.deleted).toBe(1);
      expect((await store.logs.recentResponseStates(10)).states.map((kept) => kept.id)).toEqual(['resp_new']);
    });

    it('reads back only what fits its bounds: a state longer than maxEntryChars is skipped, and the newest are taken while together within maxChars', async () => {
      const big = state('resp_big', 'x'.repeat(5_000));
      await writeThroughWorker([record('r1', 1_000, state('resp_1')), record('big', 2_000, big), record('r2', 3_000, state('resp_2')), record('r3', 4_000, state('resp_3'))]);
      const one = JSON.stringify(state('resp_1')).length;
      expect((await store.logs.recentResponseStates(10)).states.map((kept) => kept.id)).toEqual(['resp_1', 'resp_big', 'resp_2', 'resp_3']);
      expect((await store.logs.recentResponseStates(10, { maxEntryChars: 1_000 })).states.map((kept) => kept.id)).toEqual(['resp_1', 'resp_2', 'resp_3']);
      expect((await store.logs.recentResponseStates(10, { maxEntryChars: 1_000, maxChars: 2 * one + 10 })).states.map((kept) => kept.id)).toEqual(['resp_2', 'resp_3']);
    });

    it('skips a stored state that does not read back, and counts it', async () => {
      await writeThroughWorker([record('good', 2_000, state('resp_good'))]);
      await store.logs.insertMany([
        { id: 'bad', createdAt: 1_000, endpoint: '/v1/responses', status: 200, outcome: 'success', durationMs: 1, responseState: '{"id":"resp_bad","input":[' },
        { id: 'odd', createdAt: 1_500, endpoint: '/v1/responses', status: 200, outcome: 'success', durationMs: 1, responseState: '{"id":"resp_odd"}' },
      ]);
      expect(await store.logs.recentResponseStates(10)).toEqual({ states: [state('resp_good')], unreadable: 2 });
    });
  });
});
