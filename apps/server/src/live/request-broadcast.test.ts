import { describe, expect, it } from 'vitest';
import type { LogSink, RequestLogRecord, StreamStartRecord } from '@router/core';
import { broadcastingSink, createRequestBroadcast, matchesFilter, summarizeRecord } from './request-broadcast.js';

let counter = 0;
function record(fields: Partial<RequestLogRecord> = {}): RequestLogRecord {
  counter++;
  return {
    id: `req-${counter}`, clientRequestId: null, startedAt: 1_700_000_000_000 + counter, endpoint: '/v1/chat/completions', providerId: 'a', model: 'm', upstreamModel: 'm-up',
    stream: false, status: 200, outcome: 'success', errorCode: null, errorMessage: 'not in the event', durationMs: 12.6, ttfbMs: 3.2,
    requestBody: '{"secret-body":true}', response: { kind: 'json', bytes: new TextEncoder().encode('{"answer":1}') },
    attempts: [{ providerId: 'a', model: 'm-up', status: 200, outcome: 'ok', durationMs: 10 }], ...fields,
  };
}
const start = (fields: Partial<StreamStartRecord> = {}): StreamStartRecord => ({
  id: 'stream-1', startedAt: 1, endpoint: '/v1/chat/completions', providerId: 'a', model: 'm', upstreamModel: 'm-up', stream: true, status: 200, ttfbMs: 4.4, attempts: 2, ...fields,
});

describe('request broadcast', () => {
  it('builds nothing when nobody is listening: the record is not read, and the sink offers no start hook', () => {
    const broadcast = createRequestBroadcast();
    const written: RequestLogRecord[] = [];
    const sink = broadcastingSink({ write: (r) => written.push(r) }, broadcast);
    // a record whose every field throws when read: offering it with no viewer must not touch it
    const trap = new Proxy({} as RequestLogRecord, { get: () => { throw new Error('read with no viewer'); } });
    expect(() => sink.write(trap)).not.toThrow();
    expect(written.length).toBe(1);
    expect(written[0] === trap).toBe(true);
    expect(sink.started).toBeUndefined();
    broadcast.offerStart(new Proxy({} as StreamStartRecord, { get: () => { throw new Error('read with no viewer'); } }));
    // a viewer that came and went leaves nothing behind
    broadcast.subscribe().close();
    expect(broadcast.viewers()).toBe(0);
    expect(() => sink.write(trap)).not.toThrow();
    expect(sink.started).toBeUndefined();
  });

  it('queues one compact summary per record for each viewer, without bodies or messages, shared between viewers', () => {
    const broadcast = createRequestBroadcast();
    const first = broadcast.subscribe();
    const second = broadcast.subscribe();
    const sink = broadcastingSink({ write: () => undefined }, broadcast);
    const logged = record({ stream: true });
    sink.write(logged);
    sink.started!(start());
    const items = first.take();
    expect(items.map((item) => item.summary)).toEqual([
      { phase: 'finished', id: logged.id, startedAt: logged.startedAt, endpoint: '/v1/chat/completions', provider: 'a', model: 'm', upstreamModel: 'm-up', stream: true, status: 200, outcome: 'success', durationMs: 13, ttfbMs: 3, attempts: 1, errorCode: null },
      { phase: 'started', id: 'stream-1', startedAt: 1, endpoint: '/v1/chat/completions', provider: 'a', model: 'm', upstreamModel: 'm-up', stream: true, status: 200, outcome: null, durationMs: null, ttfbMs: 4, attempts: 2, errorCode: null },
    ]);
    expect(JSON.stringify(items)).not.toMatch(/secret-body|answer|not in the event/);
    expect(second.take()[0]).toBe(items[0]);
    expect(first.take()).toEqual([]);
  });

  it('drops a viewer whose queue is full while a fast one keeps receiving', async () => {
    const broadcast = createRequestBroadcast({ queueLimit: 3 });
    const ends: string[] = [];
    const slow = broadcast.subscribe({}, (end) => ends.push(end.reason));
    const fast = broadcast.subscribe();
    const seen: string[] = [];
    for (let index = 0; index < 10; index++) {
      const logged = record();
      broadcast.offer(logged);
      // the fast viewer reads after every record; the slow one never does
      await fast.wait();
      seen.push(...fast.take().map((item) => item.summary.id));
      if (index === 3) expect(slow.ended?.reason).toBe('slow_viewer');
    }
    expect(seen).toHaveLength(10);
    expect(slow.ended).toMatchObject({ reason: 'slow_viewer' });
    expect(ends).toEqual(['slow_viewer']);
    // what it had queued is released, and it no longer receives anything
    expect(slow.take()).toEqual([]);
    await slow.wait();
    expect(broadcast.viewers()).toBe(1);
    expect(broadcast.dropped()).toBe(1);
    expect(fast.ended).toBeNull();
  });

  it('wakes a viewer once per batch: the events that arrive while the first waits go out with it, in order', async () => {
    const broadcast = createRequestBroadcast();
    const viewer = broadcast.subscribe();
    let wakes = 0;
    const woken = viewer.wait().then(() => wakes++);
    const sink = broadcastingSink({ write: () => undefined }, broadcast);
    const ids = [record(), record(), record()].map((each) => (sink.write(each), each.id));
    // nothing woke yet: the batch is still open
    await Promise.resolve();
    expect(wakes).toBe(0);
    await woken;
    expect(wakes).toBe(1);
    expect(viewer.take().map((item) => item.summary.id)).toEqual(ids);
    // with coalescing off, the first event wakes the viewer at once (before any timer could run)
    const eagerBroadcast = createRequestBroadcast({ coalesceMs: 0 });
    const eager = eagerBroadcast.subscribe();
    let eagerWakes = 0;
    const eagerWoken = eager.wait().then(() => eagerWakes++);
    broadcastingSink({ write: () => undefined }, eagerBroadcast).write(record());
    await Promise.resolve();
    await Promise.resolve();
    expect(eagerWakes).toBe(1);
    await eagerWoken;
  });

  it('filters by provider, model, endpoint and status (an HTTP status or an outcome)', () => {
    const broadcast = createRequestBroadcast();
    const byProvider = broadcast.subscribe({ provider: 'b' });
    const byModel = broadcast.subscribe({ model: 'x' });
    const byEndpoint = broadcast.subscribe({ endpoint: '/v1/embeddings' });
    const byStatus = broadcast.subscribe({ status: '502' });
    const byOutcome = broadcast.subscribe({ status: 'error' });
    const ok = broadcast.subscribe({ status: 'ok' });
    const both = broadcast.subscribe({ provider: 'a', model: 'x' });
    const records = [
      record({ providerId: 'b' }),
      record({ model: 'x' }),
      record({ endpoint: '/v1/embeddings' }),
      record({ status: 502, outcome: 'error', errorCode: 'upstream_error' }),
    ];
    for (const logged of records) broadcast.offer(logged);
    broadcast.offerStart(start({ providerId: 'b' }));
    const ids = (viewer: { take(): { summary: { id: string } }[] }) => viewer.take().map((item) => item.summary.id);
    expect(ids(byProvider)).toEqual([records[0]!.id, 'stream-1']);
    expect(ids(byModel)).toEqual([records[1]!.id]);
    expect(ids(byEndpoint)).toEqual([records[2]!.id]);
    expect(ids(byStatus)).toEqual([records[3]!.id]);
    expect(ids(byOutcome)).toEqual([records[3]!.id]);
    expect(ids(ok)).toEqual([records[0]!.id, records[1]!.id, records[2]!.id]);
    expect(ids(both)).toEqual([records[1]!.id]);
    expect(matchesFilter(summarizeRecord(record()), {})).toBe(true);
  });

  it('ends every viewer at close, and ends a viewer subscribing afterwards at once', async () => {
    const broadcast = createRequestBroadcast();
    const viewer = broadcast.subscribe();
    const waiting = viewer.wait();
    broadcast.close();
    await waiting;
    expect(viewer.ended?.reason).toBe('server_shutting_down');
    expect(broadcast.viewers()).toBe(0);
    expect(broadcast.subscribe().ended?.reason).toBe('server_shutting_down');
    expect(broadcast.viewers()).toBe(0);
  });

  it('keeps the inner sink first: a broadcast failure cannot lose a log row', () => {
    const written: string[] = [];
    const inner: LogSink = { write: (r) => written.push(r.id) };
    const broadcast = createRequestBroadcast();
    broadcast.subscribe();
    broadcastingSink(inner, broadcast).write(record({ id: 'kept' }));
    expect(written).toEqual(['kept']);
  });
});
