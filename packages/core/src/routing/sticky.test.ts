import { describe, expect, it } from 'vitest';
import { RouterError } from '../errors.js';
import { createSnapshot } from '../engine/static-config.js';
import { createRoutingTable } from './resolve-targets.js';
import { parseStickiness, rendezvousOrder, stableHash, stickyKeyOf } from './sticky.js';

const keys = Array.from({ length: 2000 }, (_, index) => `session-${index}`);
const first = (targets: Parameters<typeof rendezvousOrder>[0], key: string) => rendezvousOrder(targets, key)[0].providerId;

describe('parseStickiness', () => {
  it('reads the modes, normalising a header name to lower case', () => {
    expect(parseStickiness('header:X-Router-Session')).toBe('header:x-router-session');
    expect(parseStickiness('user')).toBe('user');
    expect(parseStickiness('first-message')).toBe('first-message');
    expect(parseStickiness('none')).toBeNull();
    expect(parseStickiness('')).toBeNull();
  });

  it.each(['header:', 'header:bad name', 'cookie', 'User '.repeat(2)])('refuses %j with a 400 naming the field', (text) => {
    try {
      parseStickiness(text, 'sticky');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(RouterError.isInstance(error) && { status: error.status, param: error.param }).toEqual({ status: 400, param: 'sticky' });
    }
  });
});

describe('stickyKeyOf', () => {
  const headers: Record<string, string> = { 'x-router-session': 's1' };
  const header = (name: string) => headers[name];

  it('reads a header, the user field (or Messages metadata.user_id), and nothing when absent', () => {
    expect(stickyKeyOf('header:x-router-session', {}, header)).toBe('s1');
    expect(stickyKeyOf('header:x-other', {}, header)).toBeUndefined();
    expect(stickyKeyOf('user', { user: 'u-7' }, header)).toBe('u-7');
    expect(stickyKeyOf('user', { metadata: { user_id: 'u-8' } }, header)).toBe('u-8');
    expect(stickyKeyOf('user', { user: '' }, header)).toBeUndefined();
  });

  it('hashes the system prompt and the first user message: later turns of the conversation keep the key', () => {
    const turn1 = { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello' }] };
    const turn2 = { messages: [...turn1.messages, { role: 'assistant', content: 'hi' }, { role: 'user', content: 'more' }] };
    const other = { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'goodbye' }] };
    const key = stickyKeyOf('first-message', turn1, undefined);
    expect(key).toMatch(/^m:/);
    expect(stickyKeyOf('first-message', turn2, undefined)).toBe(key);
    expect(stickyKeyOf('first-message', other, undefined)).not.toBe(key);
    // Messages (system beside the messages) and Responses (instructions and input)
    expect(stickyKeyOf('first-message', { system: 's', messages: [{ role: 'user', content: 'x' }] }, undefined)).toMatch(/^m:/);
    expect(stickyKeyOf('first-message', { instructions: 's', input: 'x' }, undefined)).toMatch(/^m:/);
    expect(stickyKeyOf('first-message', { messages: [{ role: 'system', content: 's' }] }, undefined)).toBeUndefined();
  });
});

describe('rendezvous order', () => {
  const arms = [{ providerId: 'a', weight: 3 }, { providerId: 'b', weight: 1 }];

  it('is stable: the same key always gets the same order', () => {
    expect(stableHash('abc')).toBe(stableHash('abc'));
    expect(stableHash('abc')).not.toBe(stableHash('abd'));
    // the order of the targets in the route does not move sessions
    for (const key of keys.slice(0, 200)) expect(first(arms, key)).toBe(first([...arms].reverse(), key));
  });

  it('splits keys across arms roughly by weight', () => {
    const onA = keys.filter((key) => first(arms, key) === 'a').length / keys.length;
    expect(onA).toBeGreaterThan(0.7);
    expect(onA).toBeLessThan(0.8);
    const three = [{ providerId: 'a', weight: 1 }, { providerId: 'b', weight: 1 }, { providerId: 'c', weight: 2 }];
    const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
    for (const key of keys) counts[first(three, key)]++;
    expect(counts.c / keys.length).toBeGreaterThan(0.45);
    expect(counts.c / keys.length).toBeLessThan(0.55);
    expect(counts.a / keys.length).toBeGreaterThan(0.2);
    expect(counts.b / keys.length).toBeGreaterThan(0.2);
  });

  it('changing one weight moves only sessions to or from that arm', () => {
    const before = [{ providerId: 'a', weight: 1 }, { providerId: 'b', weight: 1 }, { providerId: 'c', weight: 1 }];
    const after = [{ providerId: 'a', weight: 1 }, { providerId: 'b', weight: 1 }, { providerId: 'c', weight: 3 }];
    let moved = 0;
    for (const key of keys) {
      const old = first(before, key);
      const now = first(after, key);
      if (old !== now) {
        moved++;
        // c got heavier: a session only ever moves to c
        expect(now).toBe('c');
      }
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('puts a zero-weight target last', () => {
    for (const key of keys.slice(0, 100)) expect(rendezvousOrder([{ providerId: 'z', weight: 0 }, { providerId: 'a', weight: 1 }], key)[1].providerId).toBe('z');
  });
});

describe('a sticky route through the routing table', () => {
  const snapshot = createSnapshot({
    providers: [{ id: 'a', type: 'openai-compatible', config: {} }, { id: 'b', type: 'openai-compatible', config: {} }, { id: 'c', type: 'openai-compatible', config: {} }],
    routes: { split: [{ providerId: 'a', weight: 1, priority: 0 }, { providerId: 'b', weight: 1, priority: 0 }, { providerId: 'c', priority: 5 }] },
  });
  const table = createRoutingTable(snapshot);

  it('orders the weighted arms by the key whatever the random source says, and keeps the failover order after them', () => {
    for (const key of keys.slice(0, 100)) {
      const low = table.resolve('split', { stickyKey: key }, () => 0).map((target) => target.provider.id);
      const high = table.resolve('split', { stickyKey: key }, () => 0.99).map((target) => target.provider.id);
      expect(low).toEqual(high);
      expect(low[2]).toBe('c');
    }
    // without a key the random source decides
    expect(table.resolve('split', {}, () => 0)[0].provider.id).toBe('a');
    expect(table.resolve('split', {}, () => 0.99)[0].provider.id).toBe('b');
  });
});
