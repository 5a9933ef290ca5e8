import { describe, expect, it } from 'vitest';
import { ClientClosedError, UpstreamConnectionError } from '../errors.js';
import { KEEP_ALIVE_COMMENT, type KeepAliveClock, type KeepAliveTarget } from './keep-alive-clock.js';
import { createStreamRelay, type RelayEnd } from './stream-relay.js';
import type { CaptureLimits } from './response-capture.js';
import { streamFaultError } from './upstream-answer.js';

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

function setup(first: string, options: { clock?: KeepAliveClock; capture?: CaptureLimits } = {}) {
  const upstream = createUpstream();
  const ends: RelayEnd[] = [];
  let cancelled = false;
  const relay = createStreamRelay({
    iterator: upstream.iterator,
    first: { done: false, value: bytes(first) },
    classify: (error) => (error instanceof Error && error.message === 'client gone' ? new ClientClosedError() : new UpstreamConnectionError('Provider "p" could not be reached: reset')),
    refuse: (fault, event) => streamFaultError('p', fault, event, 200, ['sk-secret-123']),
    capture: options.capture,
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

describe('createStreamRelay', () => {
  it('passes whole events through unchanged and logs once at the end', async () => {
    const { upstream, read, ends } = setup('data: {"n":1}\n\n');
    expect(await read()).toBe('data: {"n":1}\n\n');
    upstream.push('data: {"n":2}\n\ndata: [DONE]\n\n');
    expect(await read()).toBe('data: {"n":2}\n\ndata: [DONE]\n\n');
    upstream.end();
    expect(await read()).toBeNull();
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ error: null, clientClosed: false });
    expect(ends[0].chunks.map((chunk) => decoder.decode(chunk)).join('')).toBe('data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
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
    const { upstream, read, ends } = setup('data: {"n":1}\n\ndata: {"half');
    expect(await read()).toBe('data: {"n":1}\n\n');
    upstream.fail(new Error('socket reset'));
    const event = await read();
    expect(event).toMatch(/^data: \{"error":\{"message":"Provider \\"p\\" could not be reached/);
    expect(event!.endsWith('\n\n')).toBe(true);
    expect(await read()).toBeNull();
    expect(ends[0].error?.code).toBe('upstream_unreachable');
  });

  it('ends quietly when the client is gone, recording what was sent', async () => {
    const { upstream, read, ends } = setup('data: {"n":1}\n\n');
    await read();
    const next = read();
    upstream.fail(new Error('client gone'));
    expect(await next).toBeNull();
    expect(ends[0]).toMatchObject({ error: null, clientClosed: true });
    expect(ends[0].chunks).toHaveLength(1);
  });

  it('cancels the upstream when the consumer stops early, even while a chunk is awaited', async () => {
    const { upstream, relay, read, ends, cancelled } = setup('data: {"n":1}\n\n');
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
    const { upstream, read, ends } = setup('data: {"n":1}\n\n', { clock });
    await read();
    const waiting = read();
    tick();
    tick();
    expect(await waiting).toBe(decoder.decode(KEEP_ALIVE_COMMENT));
    const next = read();
    upstream.push('data: {"n":2}\n\n');
    expect(await next).toBe('data: {"n":2}\n\n');
    upstream.end();
    expect(await read()).toBeNull();
    expect(targets.size).toBe(0);
    expect(ends[0].chunks.map((chunk) => decoder.decode(chunk))).toEqual(['data: {"n":1}\n\n', 'data: {"n":2}\n\n']);
  });

  it('started on a read still waiting (a held preamble): a keep-alive at once, more on silent ticks, then the bytes as they come', async () => {
    const targets = new Set<KeepAliveTarget>();
    const clock: KeepAliveClock = { intervalMs: 10, add: (target) => targets.add(target), delete: (target) => targets.delete(target) };
    const tick = () => targets.forEach((target) => target.tick());
    const upstream = createUpstream();
    const ends: RelayEnd[] = [];
    const relay = createStreamRelay({
      iterator: upstream.iterator,
      first: upstream.iterator.next(),
      classify: () => new UpstreamConnectionError('Provider "p" could not be reached: reset'),
      refuse: (fault, event) => streamFaultError('p', fault, event, 200, []),
      onEnd: (end) => ends.push(end),
      cancel: () => undefined,
      clock,
    });
    const read = async () => {
      const result = await relay.next();
      return result.done ? null : decoder.decode(result.value);
    };
    const keepAlive = decoder.decode(KEEP_ALIVE_COMMENT);
    expect(await read()).toBe(keepAlive);
    const waiting = read();
    tick();
    tick();
    expect(await waiting).toBe(keepAlive);
    const next = read();
    upstream.push('data: {"role":"assistant"}\n\ndata: {"n":1}\n\n');
    expect(await next).toBe('data: {"role":"assistant"}\n\ndata: {"n":1}\n\n');
    upstream.end();
    expect(await read()).toBeNull();
    // keep-alives are not part of what the log keeps
    expect(ends[0].chunks.map((chunk) => decoder.decode(chunk))).toEqual(['data: {"role":"assistant"}\n\ndata: {"n":1}\n\n']);
  });

  it('keeps the last bytes of an upstream that ends mid-event (lossless)', async () => {
    const { upstream, read } = setup('data: {"n":1}\n\ndata: {"tail":1}');
    expect(await read()).toBe('data: {"n":1}\n\n');
    const next = read();
    upstream.end();
    expect(await next).toBe('data: {"tail":1}');
    expect(await read()).toBeNull();
  });

  it('delivers each event as soon as it is whole, whatever the line endings, at every split of the bytes', async () => {
    const text = 'data: {"a":1}\r\rdata: {"b":2}\r\n\r\ndata: {"c":3}\n\r\n: ping\r\rdata: [DONE]\n\n';
    const ends = [15, 32, 48, 56, text.length];
    for (let cut = 1; cut < text.length; cut++) {
      const { upstream, read, ends: logged } = setup(text.slice(0, cut));
      const received: string[] = [];
      // what the first piece completes must come out before the rest arrives
      const complete = ends.filter((end) => end <= cut);
      // (a CR last in the piece ends its line at once: then the event it closes comes out too)
      if (text[cut - 1] === '\r' && '\r\n'.includes(text[cut - 2]) && !ends.includes(cut)) complete.push(cut);
      if (complete.length) received.push((await read())!);
      const rest = read();
      upstream.push(text.slice(cut));
      upstream.end();
      for (let next = await rest; next !== null; next = await read()) received.push(next);
      expect(received.join(''), `cut at ${cut}`).toBe(text);
      if (complete.length) expect(received[0].length, `cut at ${cut}`).toBe(complete[complete.length - 1]);
      expect(logged[0]).toMatchObject({ error: null, truncated: false, bytes: text.length });
    }
  });

  it('ends the stream with the error event instead of an event whose data is not JSON, and lets the upstream go', async () => {
    const { upstream, read, ends, cancelled } = setup('data: {"n":1}\n\n');
    expect(await read()).toBe('data: {"n":1}\n\n');
    const next = read();
    upstream.push('data: {"n":2}\n\ndata: <html>oops</html>\n\ndata: {"n":3}\n\n');
    const last = await next;
    expect(last).toMatch(/^data: \{"n":2\}\n\ndata: \{"error":\{"message":"Provider \\"p\\" sent an invalid answer: a stream event whose data is not JSON: \\"<html>oops<\/html>\\""/);
    expect(last).not.toContain('{"n":3}');
    expect(await read()).toBeNull();
    expect(ends[0].error?.code).toBe('upstream_bad_response');
    expect(cancelled()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(upstream.returned()).toBe(true);
  });

  it('ends the stream on an upstream error event or error data, naming the upstream message with secrets redacted', async () => {
    for (const bad of ['event: error\ndata: {"message":"overloaded sk-secret-123"}\n\n', 'data: {"error":{"message":"overloaded sk-secret-123","type":"server_error"}}\n\n']) {
      const { upstream, read, ends } = setup('data: {"n":1}\n\n');
      await read();
      const next = read();
      upstream.push(bad);
      const event = (await next)!;
      expect(event).toContain('reported an error in its stream: overloaded [redacted]');
      expect(event).not.toContain('sk-secret-123');
      expect(event).not.toContain('[DONE]');
      expect(ends[0].error?.message).not.toContain('sk-secret-123');
    }
  });

  it('refuses an upstream that ends on an event whose data is not JSON', async () => {
    const { upstream, read, ends } = setup('data: {"n":1}\n\ndata: not json');
    expect(await read()).toBe('data: {"n":1}\n\n');
    const next = read();
    upstream.end();
    expect(await next).toMatch(/^data: \{"error":/);
    expect(ends[0].error?.code).toBe('upstream_bad_response');
  });

  it('keeps at most the head and tail bytes of a long stream for the log, with the total size', async () => {
    const event = (n: number) => `data: {"n":${String(n).padStart(4, '0')}}\n\n`; // 19 bytes
    const { upstream, read, ends } = setup(event(0), { capture: { headBytes: 60, tailBytes: 40 } });
    await read();
    let total = event(0).length;
    for (let n = 1; n < 1000; n++) {
      const next = read();
      upstream.push(event(n));
      total += event(n).length;
      await next;
    }
    upstream.end();
    expect(await read()).toBeNull();
    const end = ends[0];
    const size = (chunks: Uint8Array[]) => chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    expect(end.truncated).toBe(true);
    expect(end.bytes).toBe(total);
    expect(size(end.chunks)).toBeLessThanOrEqual(60);
    expect(size(end.tail!)).toBeLessThanOrEqual(40);
    expect(end.chunks.map((chunk) => decoder.decode(chunk)).join('')).toBe(event(0) + event(1) + event(2));
    expect(end.tail!.map((chunk) => decoder.decode(chunk)).join('')).toBe(event(998) + event(999));
  });
});
