import { describe, expect, it } from 'vitest';
import { ClientClosedError, UpstreamConnectionError } from '../errors.js';
import { KEEP_ALIVE_COMMENT, type KeepAliveClock, type KeepAliveTarget } from './keep-alive-clock.js';
import { createStreamRelay, lastEventEnd, type RelayEnd } from './stream-relay.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (text: string) => encoder.encode(text);

/** An upstream body the test feeds by hand. */
function createUpstream() {
  const waiting: { resolve: (result: IteratorResult<Uint8Array>) => void; reject: (error: unknown) => void }[] = [];
  const ready: (IteratorResult<Uint8Array> | { error: unknown })[] = [];
  let returned = false;
  const settle = (item: IteratorResult<Uint8Array> | { error: unknown }) => {
    const waiter = waiting.shift();
    if (!waiter) return void ready.push(item);
    if ('error' in item) waiter.reject(item.error);
    else waiter.resolve(item);
  };
  const iterator: AsyncIterator<Uint8Array> = {
    next() {
      const item = ready.shift();
      if (item) return 'error' in item ? Promise.reject(item.error) : Promise.resolve(item);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    async return() {
      returned = true;
      return { done: true, value: undefined };
    },
  };
  return {
    iterator,
    push: (text: string) => settle({ done: false, value: bytes(text) }),
    end: () => settle({ done: true, value: undefined }),
    fail: (error: unknown) => settle({ error }),
    returned: () => returned,
  };
}

function setup(first: string, options: { clock?: KeepAliveClock } = {}) {
  const upstream = createUpstream();
  const ends: RelayEnd[] = [];
  let cancelled = false;
  const relay = createStreamRelay({
    iterator: upstream.iterator,
    first: { done: false, value: bytes(first) },
    classify: (error) => (error instanceof Error && error.message === 'client gone' ? new ClientClosedError() : new UpstreamConnectionError('Provider "p" could not be reached: reset')),
    onEnd: (end) => ends.push(end),
    cancel: () => (cancelled = true),
    clock: options.clock,
  });
  const read = async () => {
    const result = await relay.next();
    return result.done ? null : decoder.decode(result.value);
  };
  return { upstream, relay, ends, read, cancelled: () => cancelled };
}

describe('lastEventEnd', () => {
  it('finds the end of the last complete event, LF or CRLF framed', () => {
    expect(lastEventEnd(bytes('data: a\n\ndata: b'))).toBe(9);
    expect(lastEventEnd(bytes('data: a\r\n\r\n'))).toBe(11);
    expect(lastEventEnd(bytes('data: a\n'))).toBe(0);
  });
});

describe('createStreamRelay', () => {
  it('passes whole events through unchanged and logs once at the end', async () => {
    const { upstream, read, ends } = setup('data: 1\n\n');
    expect(await read()).toBe('data: 1\n\n');
    upstream.push('data: 2\n\ndata: [DONE]\n\n');
    expect(await read()).toBe('data: 2\n\ndata: [DONE]\n\n');
    upstream.end();
    expect(await read()).toBeNull();
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ error: null, clientClosed: false });
    expect(ends[0].chunks.map((chunk) => decoder.decode(chunk)).join('')).toBe('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
  });

  it('holds an event split across chunks until it is whole', async () => {
    const { upstream, read } = setup('data: {"a"');
    const next = read();
    upstream.push(':1}\n\ndata: {"b"');
    expect(await next).toBe('data: {"a":1}\n\n');
    const last = read();
    upstream.push(':2}\n\n');
    expect(await last).toBe('data: {"b":2}\n\n');
  });

  it('ends a failed stream with one clean error event, never inside a half-sent event, and no [DONE]', async () => {
    const { upstream, read, ends } = setup('data: 1\n\ndata: {"half');
    expect(await read()).toBe('data: 1\n\n');
    upstream.fail(new Error('socket reset'));
    const event = await read();
    expect(event).toMatch(/^data: \{"error":\{"message":"Provider \\"p\\" could not be reached/);
    expect(event!.endsWith('\n\n')).toBe(true);
    expect(await read()).toBeNull();
    expect(ends[0].error?.code).toBe('upstream_unreachable');
  });

  it('ends quietly when the client is gone, recording what was sent', async () => {
    const { upstream, read, ends } = setup('data: 1\n\n');
    await read();
    const next = read();
    upstream.fail(new Error('client gone'));
    expect(await next).toBeNull();
    expect(ends[0]).toMatchObject({ error: null, clientClosed: true });
    expect(ends[0].chunks).toHaveLength(1);
  });

  it('cancels the upstream when the consumer stops early, even while a chunk is awaited', async () => {
    const { upstream, relay, read, ends, cancelled } = setup('data: 1\n\n');
    await read();
    const pending = read();
    await relay.return!();
    expect(await pending).toBeNull();
    expect(cancelled()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(upstream.returned()).toBe(true);
    expect(ends).toEqual([expect.objectContaining({ clientClosed: true })]);
  });

  it('sends a keep-alive comment after two silent ticks while the consumer waits, then the real chunk', async () => {
    const targets = new Set<KeepAliveTarget>();
    const clock: KeepAliveClock = { intervalMs: 10, add: (target) => targets.add(target), delete: (target) => targets.delete(target) };
    const tick = () => targets.forEach((target) => target.tick());
    const { upstream, read, ends } = setup('data: 1\n\n', { clock });
    await read();
    const waiting = read();
    tick();
    tick();
    expect(await waiting).toBe(decoder.decode(KEEP_ALIVE_COMMENT));
    const next = read();
    upstream.push('data: 2\n\n');
    expect(await next).toBe('data: 2\n\n');
    upstream.end();
    expect(await read()).toBeNull();
    expect(targets.size).toBe(0);
    expect(ends[0].chunks.map((chunk) => decoder.decode(chunk))).toEqual(['data: 1\n\n', 'data: 2\n\n']);
  });

  it('keeps the last bytes of an upstream that ends mid-event (lossless)', async () => {
    const { upstream, read } = setup('data: 1\n\ndata: tail');
    expect(await read()).toBe('data: 1\n\n');
    const next = read();
    upstream.end();
    expect(await next).toBe('data: tail');
    expect(await read()).toBeNull();
  });
});
