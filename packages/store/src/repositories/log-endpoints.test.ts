import { describe, expect, it } from 'vitest';
import { CLIENT_APIS, createOperations, InvalidRequestError, type RequestLogRecord } from '@router/core';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { LOG_ENDPOINTS, logEndpointName, logEndpointPath } from './log-endpoints.js';
import { toLogRow } from './logs.js';

const encoder = new TextEncoder();
const NOW = 1_764_000_000_000;

function record(id: string, endpoint: string, fields: Partial<RequestLogRecord> = {}): RequestLogRecord {
  return {
    id, clientRequestId: null, startedAt: NOW, endpoint, providerId: 'p', model: 'm', upstreamModel: 'm', stream: false, status: 200,
    outcome: 'success', errorCode: null, errorMessage: null, durationMs: 100, ttfbMs: 40, requestBody: '{}',
    response: { kind: 'json', bytes: encoder.encode(JSON.stringify({ usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })) },
    attempts: [],
    ...fields,
  };
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const current = useStore(dialect, { name: 'log_endpoints' });

  /** A fresh store holding chat, Messages, Responses and embeddings rows, some to the same provider and model. */
  async function seeded(): Promise<Store> {
    const store = current();
    await store.logs.insertMany([
      record('chat-1', '/v1/chat/completions', { startedAt: NOW - 4, durationMs: 100 }),
      record('chat-2', '/v1/chat/completions', { startedAt: NOW - 3, durationMs: 300, status: 502, outcome: 'error' }),
      record('msg-1', '/v1/messages', { startedAt: NOW - 2, durationMs: 1000 }),
      record('msg-other', '/v1/messages', { startedAt: NOW - 1, providerId: 'q' }),
      record('resp-1', '/v1/responses', { startedAt: NOW }),
      record('emb-1', '/v1/embeddings', { startedAt: NOW, model: 'e' }),
    ].map((entry) => toLogRow(entry)));
    return store;
  }

  describe('the log by endpoint', () => {
    it('names the path each operation logs', () => {
      const operationFor = createOperations({ generateId: () => 'id' });
      for (const api of CLIENT_APIS) {
        expect(LOG_ENDPOINTS[api], api).toBe(operationFor(api).endpoint);
        expect(logEndpointPath(api)).toBe(LOG_ENDPOINTS[api]);
        expect(logEndpointPath(LOG_ENDPOINTS[api])).toBe(LOG_ENDPOINTS[api]);
        expect(logEndpointName(LOG_ENDPOINTS[api])).toBe(api);
      }
      expect(logEndpointName('/x')).toBe('/x');
      for (const value of ['', 'chats', '/v1/messages/', 'Messages', 'toString', '__proto__', '/chat/completions']) expect(logEndpointPath(value), value).toBeUndefined();
    });

    it('filters list and count by path or short name', async () => {
      const logs = (await seeded()).logs;
      const ids = async (endpoint: string) => (await logs.list({ endpoint })).rows.map((row) => row.id).sort();
      expect(await ids('/v1/messages')).toEqual(['msg-1', 'msg-other']);
      expect(await ids('messages')).toEqual(['msg-1', 'msg-other']);
      expect(await ids('chat')).toEqual(['chat-1', 'chat-2']);
      expect(await ids('/v1/chat/completions')).toEqual(['chat-1', 'chat-2']);
      expect(await ids('count_tokens')).toEqual([]);
      expect((await logs.list({ endpoint: 'responses' })).total).toBe(1);
      expect(await logs.count({ endpoint: 'embeddings' })).toBe(1);
      expect(await logs.count({ endpoint: 'messages', providerId: 'p' })).toBe(1);
    });

    it('refuses an endpoint it does not know, naming the accepted values, before reading', async () => {
      const logs = (await seeded()).logs;
      for (const read of [() => logs.list({ endpoint: 'chats' }), () => logs.count({ endpoint: '/v1/chat' }), () => logs.stats({ endpoint: '' })]) {
        const error = await read().then(() => null, (caught: unknown) => caught);
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect(error).toMatchObject({ status: 400, param: 'endpoint' });
        expect((error as Error).message).toContain('chat, messages, count_tokens, responses, embeddings, completions');
        expect((error as Error).message).toContain('/v1/chat/completions');
      }
    });

    it('groups stats by endpoint, provider and model, and filters them by endpoint', async () => {
      const logs = (await seeded()).logs;
      const rows = await logs.stats();
      // busiest first; ties in any order
      const keys = rows.map((row) => [row.endpoint, row.providerId, row.model, row.requests]);
      expect(keys[0]).toEqual(['/v1/chat/completions', 'p', 'm', 2]);
      expect(keys.slice(1).sort()).toEqual([
        ['/v1/embeddings', 'p', 'e', 1],
        ['/v1/messages', 'p', 'm', 1],
        ['/v1/messages', 'q', 'm', 1],
        ['/v1/responses', 'p', 'm', 1],
      ]);
      expect(rows[0]).toMatchObject({ successes: 1, successRate: 0.5, p50Ms: 100, p95Ms: 300, promptTokens: 6, completionTokens: 4 });
      expect(rows.find((row) => row.endpoint === '/v1/messages' && row.providerId === 'p')).toMatchObject({ successes: 1, p50Ms: 1000, promptTokens: 3 });
      expect((await logs.stats({ endpoint: 'messages' })).map((row) => row.providerId).sort()).toEqual(['p', 'q']);
      expect(await logs.stats({ endpoint: '/v1/embeddings', model: 'e' })).toEqual([expect.objectContaining({ endpoint: '/v1/embeddings', model: 'e', requests: 1 })]);
    });
  });
});
