import { describe, expect, it } from 'vitest';
import { answerText, preview, routeNames, shadowText, signedMs, targetName } from './experiments-view.ts';

describe('experiments view', () => {
  it('says what a side answered: its text, its tool calls, or why it failed', () => {
    expect(answerText({ outcome: 'success', errorMessage: null, text: 'hello', toolCalls: null })).toBe('hello');
    expect(answerText({ outcome: 'success', errorMessage: null, text: null, toolCalls: '[{"name":"f"}]' })).toBe('[tool calls] [{"name":"f"}]');
    expect(answerText({ outcome: 'error', errorMessage: 'Shadow call cancelled', text: null, toolCalls: null })).toBe('[error] Shadow call cancelled');
    expect(answerText({ outcome: 'success', errorMessage: null, text: '', toolCalls: null })).toBe('(empty)');
  });

  it('cuts an answer to one line with an ellipsis', () => {
    expect(preview('a\n\nb   c', 80)).toBe('a b c');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('names targets, signs differences, lists routes once and describes shadow settings', () => {
    expect(targetName({ providerId: 'local', upstreamModel: 'qwen3-8b' })).toBe('local:qwen3-8b');
    expect(targetName({ providerId: 'local', upstreamModel: null })).toBe('local');
    expect([signedMs(120.4), signedMs(-3), signedMs(0), signedMs(null)]).toEqual(['+120 ms', '−3 ms', '0 ms', '–']);
    expect(routeNames([{ model: 'b' }, { model: 'a' }], [{ model: 'a' }, { model: 'c' }])).toEqual(['a', 'b', 'c']);
    expect(shadowText({ shadowPercent: 10, shadowTargets: [{ providerId: 'local', model: 'q' }, { providerId: 'o', model: null }] })).toBe('10% → local:q, o');
    expect(shadowText({ shadowPercent: 0, shadowTargets: [] })).toBe('off');
  });
});
