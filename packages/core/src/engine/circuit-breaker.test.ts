import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';

const policy = { breakerFailures: 3, breakerCooldownMs: 100, breakerCooldownMaxMs: 350 };

function setup() {
  let time = 0;
  const breaker = createCircuitBreaker(() => time);
  return { breaker, advance: (ms: number) => (time += ms) };
}

describe('createCircuitBreaker', () => {
  it('opens after consecutive failures; a success in between resets the count', () => {
    const { breaker } = setup();
    breaker.failure('p', policy);
    breaker.failure('p', policy);
    breaker.success('p');
    breaker.failure('p', policy);
    breaker.failure('p', policy);
    expect(breaker.allow('p')).toBe(true);
    breaker.failure('p', policy);
    expect(breaker.allow('p')).toBe(false);
    expect(breaker.states().p).toMatchObject({ state: 'open', opens: 1, retryInMs: 100 });
    expect(breaker.allow('other')).toBe(true);
  });

  it('lets exactly one probe through after the cool-down, and closes on its success', () => {
    const { breaker, advance } = setup();
    for (let index = 0; index < 3; index++) breaker.failure('p', policy);
    advance(99);
    expect(breaker.allow('p')).toBe(false);
    advance(1);
    expect(breaker.states().p.state).toBe('half_open');
    expect(breaker.allow('p')).toBe(true);
    expect(breaker.allow('p')).toBe(false);
    breaker.success('p');
    expect(breaker.allow('p')).toBe(true);
    expect(breaker.states()).toEqual({});
  });

  it('re-opens for a doubled, capped cool-down when the probe fails', () => {
    const { breaker, advance } = setup();
    for (let index = 0; index < 3; index++) breaker.failure('p', policy);
    const cooldowns: number[] = [];
    for (let round = 0; round < 4; round++) {
      advance(breaker.retryInMs('p'));
      expect(breaker.allow('p')).toBe(true);
      breaker.failure('p', policy);
      cooldowns.push(breaker.retryInMs('p'));
    }
    expect(cooldowns).toEqual([200, 350, 350, 350]);
  });

  it('frees the probe slot when the probe ends without a verdict (client left)', () => {
    const { breaker, advance } = setup();
    for (let index = 0; index < 3; index++) breaker.failure('p', policy);
    advance(100);
    expect(breaker.allow('p')).toBe(true);
    breaker.release('p');
    expect(breaker.allow('p')).toBe(true);
  });

  it('does not extend an open circuit for failures of requests that started before it opened', () => {
    const { breaker, advance } = setup();
    for (let index = 0; index < 3; index++) breaker.failure('p', policy);
    advance(50);
    breaker.failure('p', policy);
    expect(breaker.retryInMs('p')).toBe(50);
  });
});
