import { describe, expect, it } from 'vitest';
import { HOP_HEADER, LoopDetectedError, nextHops, withHops } from './hops.js';

describe('nextHops', () => {
  it('is this router alone for a request straight from a client, whatever form "no header" takes', () => {
    for (const incoming of [undefined, null, '', [] as string[]]) expect(nextHops(incoming, 'me')).toBe('me');
  });

  it('appends this router to the routers the request passed through, and refuses a loop or a chain too long', () => {
    expect(nextHops('a, b', 'me')).toBe('a, b, me');
    expect(nextHops(['a', 'b'], 'me')).toBe('a, b, me');
    expect(() => nextHops('a, me', 'me')).toThrow(LoopDetectedError);
    expect(() => nextHops('1,2,3,4,5,6,7,8', 'me')).toThrow(LoopDetectedError);
  });
});

describe('withHops', () => {
  it('adds the hop header to a copy, never to the headers object the adapter hands out for every request', () => {
    const shared = { authorization: 'Bearer k', 'content-type': 'application/json' };
    const sent = withHops(shared, 'me');
    expect(sent).toEqual({ ...shared, [HOP_HEADER]: 'me' });
    expect(shared).not.toHaveProperty(HOP_HEADER);
  });

  it('builds that copy once per headers object and hops value, not once per request', () => {
    const shared = { authorization: 'Bearer k' };
    const first = withHops(shared, 'me');
    expect(withHops(shared, 'me')).toBe(first);
    // a request that came through another router carries its own value
    const chained = withHops(shared, 'other, me');
    expect(chained).not.toBe(first);
    expect(chained[HOP_HEADER]).toBe('other, me');
    expect(withHops({ authorization: 'Bearer k' }, 'me')).not.toBe(first);
  });
});
