import { describe, expect, it } from 'vitest';
import { DispatchExchange } from './dispatch-exchange.js';

const chunk = (bytes: number) => Buffer.alloc(bytes, 120);

describe('DispatchExchange backpressure', () => {
  it('asks undici to pause the socket past 64 KiB queued, and resumes it once the consumer reads below that', async () => {
    const exchange = new DispatchExchange();
    let resumed = 0;
    exchange.onConnect(() => undefined);
    exchange.onHeaders(200, [], () => resumed++);
    const { body } = await exchange.response;
    // Nobody reads: 16 KiB pieces are queued; the fourth reaches the mark and says "pause".
    expect([1, 2, 3, 4].map(() => exchange.onData(chunk(16 * 1024)))).toEqual([true, true, true, false]);
    expect(resumed).toBe(0);
    const iterator = body[Symbol.asyncIterator]();
    // Reading one piece drops the queue below the mark: the socket is resumed, once.
    expect((await iterator.next()).value?.byteLength).toBe(16 * 1024);
    expect(resumed).toBe(1);
    await iterator.next();
    expect(resumed).toBe(1);
    exchange.onComplete();
    let rest = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest += next.value.byteLength;
    expect(rest).toBe(2 * 16 * 1024);
  });
});
