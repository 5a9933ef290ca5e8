import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../api/types.ts';
import { attemptTimeline, percentOf, prettyBody } from './timeline.ts';

const attempt = (fields: Partial<Attempt>): Attempt => ({ providerId: 'p', model: 'm', status: 200, outcome: 'ok', durationMs: 100, ...fields }) as Attempt;

describe('attemptTimeline', () => {
  it('lays attempts one after another with their backoff waits, split at the upstream\'s answer', () => {
    const timeline = attemptTimeline(
      [attempt({ outcome: 'http_error', status: 503, durationMs: 300, error: 'busy' }), attempt({ delayMs: 200, durationMs: 400, answeredMs: 100 })],
      { durationMs: 950 },
    );
    expect(timeline.bars).toEqual([
      { index: 0, label: 'p · m', outcome: 'http_error', status: 503, error: 'busy', startMs: 0, waitMs: 0, answerMs: 300, bodyMs: 0 },
      { index: 1, label: 'p · m', outcome: 'ok', status: 200, error: null, startMs: 300, waitMs: 200, answerMs: 100, bodyMs: 300 },
    ]);
    expect(timeline.spanMs).toBe(950);
  });

  it('spans the attempts when they outrun the recorded duration, and never less than 1 ms', () => {
    expect(attemptTimeline([attempt({ durationMs: 50 })], { durationMs: 20 }).spanMs).toBe(50);
    expect(attemptTimeline([], { durationMs: 0 }).spanMs).toBe(1);
  });

  it('keeps an answer time inside its attempt', () => {
    const [bar] = attemptTimeline([attempt({ durationMs: 80, answeredMs: 120 })], { durationMs: 80 }).bars;
    expect([bar.answerMs, bar.bodyMs]).toEqual([80, 0]);
  });
});

describe('helpers', () => {
  it('give percentages within the span and pretty JSON bodies', () => {
    expect(percentOf(25, 200)).toBe('12.50%');
    expect(percentOf(300, 200)).toBe('100.00%');
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody('plain text')).toBe('plain text');
    expect(prettyBody(null)).toBeNull();
  });
});
