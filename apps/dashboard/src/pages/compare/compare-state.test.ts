import { describe, expect, it } from 'vitest';
import {
  abortCompare, applyCompareEvent, bestTarget, compareBody, costOf, initialCompareState, inputOfStoredCompare, mergeToolCall, stateOfStoredCompare, type CompareState,
} from './compare-state.ts';
import type { StreamEvent } from './event-stream.ts';

const A = 'lm-studio-home/qwen3-coder';
const B = 'qwen-cloud/qwen3-max';

function run(events: StreamEvent[], state: CompareState = initialCompareState([A, B])): CompareState {
  return events.reduce(applyCompareEvent, state);
}

describe('applyCompareEvent', () => {
  it('builds one column per target from interleaved deltas, then its timings and usage', () => {
    const state = run([
      { event: 'start', data: { compareId: 'cmp_1', targets: [A, B] } },
      { event: 'delta', data: { target: B, reasoning: 'thinking…' } },
      { event: 'delta', data: { target: A, text: 'Hel' } },
      { event: 'delta', data: { target: B, text: 'Bonjour' } },
      { event: 'delta', data: { target: A, text: 'lo' } },
      { event: 'done', data: { target: A, status: 'ok', httpStatus: 200, requestId: 'cmp_1.1', ttftMs: 120.5, totalMs: 900, tokensPerSecond: 41.2, usage: { promptTokens: 10, completionTokens: 32, totalTokens: 42 }, finishReason: 'stop' } },
    ]);
    expect(state.compareId).toBe('cmp_1');
    expect(state.targets).toEqual([A, B]);
    expect(state.columns[A]).toMatchObject({ status: 'done', text: 'Hello', ttftMs: 120.5, totalMs: 900, tokensPerSecond: 41.2, usage: { promptTokens: 10, completionTokens: 32, totalTokens: 42 }, cost: null, finishReason: 'stop', requestId: 'cmp_1.1', error: null });
    expect(state.columns[B]).toMatchObject({ status: 'streaming', text: 'Bonjour', reasoning: 'thinking…', totalMs: null });
    expect(state.ended).toBe(false);
    const ended = run([
      { event: 'done', data: { target: B, status: 'error', httpStatus: 502, requestId: 'cmp_1.2', ttftMs: null, totalMs: 300, tokensPerSecond: null, usage: null, finishReason: null, error: { message: 'upstream refused', type: null, code: null } } },
      { event: 'end', data: { compareId: 'cmp_1', ok: 1, failed: 1 } },
    ], state);
    expect(ended.columns[B]).toMatchObject({ status: 'error', error: 'upstream refused', httpStatus: 502, text: 'Bonjour' });
    expect(ended.ended).toBe(true);
  });

  it('assembles streamed tool calls by index', () => {
    const state = run([
      { event: 'delta', data: { target: A, tool_call: { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } } } },
      { event: 'delta', data: { target: A, tool_call: { index: 0, function: { arguments: '{"city":' } } } },
      { event: 'delta', data: { target: A, tool_call: { index: 1, id: 'call_2', function: { name: 'ping', arguments: '{}' } } } },
      { event: 'delta', data: { target: A, tool_call: { index: 0, function: { arguments: '"Paris"}' } } } },
    ]);
    expect(state.columns[A].toolCalls).toEqual([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }, { id: 'call_2', name: 'ping', arguments: '{}' }]);
    expect(mergeToolCall([], { index: 2, function: { name: 'x' } })).toHaveLength(3);
  });

  it('ignores unknown events and events without a target; keeps a column for a target it did not expect', () => {
    const before = initialCompareState([A, B]);
    expect(run([{ event: 'ping', data: {} }, { event: 'delta', data: { text: 'x' } }, { event: 'delta', data: 'text' }], before)).toEqual(before);
    expect(run([{ event: 'delta', data: { target: 'c/m', text: 'x' } }]).targets).toEqual([A, B, 'c/m']);
  });

  it('marks the targets still running as failed when the stream breaks off', () => {
    const state = abortCompare(run([{ event: 'delta', data: { target: A, text: 'x' } }, { event: 'done', data: { target: B, status: 'ok' } }]), 'Stopped.');
    expect(state.columns[A]).toMatchObject({ status: 'error', error: 'Stopped.', text: 'x' });
    expect(state.columns[B].status).toBe('done');
    expect(state.ended).toBe(true);
  });
});

describe('stored comparisons', () => {
  const stored = {
    object: 'compare', id: 'cmp_2', startedAt: 1_700_000_000_000,
    request: { messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 64 },
    targets: [A, B],
    legs: [
      { target: A, requestId: 'cmp_2.1', status: 'ok', httpStatus: 200, outcome: 'success', ttftMs: 80, totalMs: 400, tokensPerSecond: 50, usage: { promptTokens: 5, completionTokens: 16, totalTokens: 21 }, finishReason: 'stop', error: null, text: 'hi', reasoning: null, toolCalls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { target: B, requestId: 'cmp_2.2', status: 'error', httpStatus: 401, outcome: 'error', ttftMs: null, totalMs: 30, tokensPerSecond: null, usage: null, finishReason: null, error: { message: 'bad key', code: 'invalid_api_key' }, text: null, reasoning: null, toolCalls: null },
    ],
  };

  it('reopens one as the columns it ended with', () => {
    const state = stateOfStoredCompare(stored);
    expect(state).toMatchObject({ compareId: 'cmp_2', targets: [A, B], ended: true, startedAt: 1_700_000_000_000 });
    expect(state.columns[A]).toMatchObject({ status: 'done', text: 'hi', reasoning: '', ttftMs: 80, toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }], usage: { completionTokens: 16 } });
    expect(state.columns[B]).toMatchObject({ status: 'error', error: 'bad key', text: '' });
  });

  it('gives back its request to run again: a single user message as the prompt, anything else as a conversation', () => {
    expect(inputOfStoredCompare(stored)).toEqual({ targets: [A, B], prompt: 'Say hi', conversation: '', maxTokens: '64', temperature: '' });
    const withTools = { ...stored, request: { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }], tools: [{ type: 'function', function: { name: 'f' } }], temperature: 0.2 } };
    const input = inputOfStoredCompare(withTools)!;
    expect(input.prompt).toBe('');
    expect(JSON.parse(input.conversation)).toEqual({ messages: withTools.request.messages, tools: withTools.request.tools });
    expect(input.temperature).toBe('0.2');
    expect(inputOfStoredCompare({ ...stored, request: null })).toBeNull();
  });
});

describe('compareBody', () => {
  const input = { targets: [A, B], prompt: 'Hello', conversation: '', maxTokens: '', temperature: '' };

  it('sends a prompt, or a conversation given as JSON with its tools', () => {
    expect(compareBody(input)).toEqual({ ok: true, body: { targets: [A, B], prompt: 'Hello' } });
    const conversation = JSON.stringify({ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'f' } }] });
    expect(compareBody({ ...input, conversation, maxTokens: '128', temperature: '0.5' })).toEqual({
      ok: true, body: { targets: [A, B], messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'f' } }], max_tokens: 128, temperature: 0.5 },
    });
    expect(compareBody({ ...input, conversation: '[{"role":"user","content":"y"}]' })).toMatchObject({ ok: true, body: { messages: [{ role: 'user', content: 'y' }] } });
  });

  it('refuses too few or repeated targets, no prompt, bad JSON and bad numbers, naming each field', () => {
    expect(compareBody({ ...input, targets: [A] })).toEqual({ ok: false, errors: { targets: 'pick 2 to 6 targets' } });
    expect(compareBody({ ...input, targets: [A, A] })).toEqual({ ok: false, errors: { targets: 'a target is picked twice' } });
    expect(compareBody({ ...input, prompt: ' ' })).toEqual({ ok: false, errors: { prompt: 'write a prompt (or give a conversation)' } });
    expect(compareBody({ ...input, conversation: '{' })).toEqual({ ok: false, errors: { conversation: 'must be valid JSON' } });
    expect(compareBody({ ...input, conversation: '{"messages":[]}' })).toMatchObject({ ok: false, errors: { conversation: expect.any(String) } });
    expect(compareBody({ ...input, maxTokens: '-1', temperature: '3' })).toEqual({ ok: false, errors: { maxTokens: 'must be a positive whole number', temperature: 'must be between 0 and 2' } });
  });
});

describe('measures', () => {
  it("takes each column's cost from the server, unknown staying null", () => {
    let state = initialCompareState([A, B]);
    state = applyCompareEvent(state, { event: 'done', data: { target: A, status: 'ok', cost: 0.0075, usage: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 } } });
    state = applyCompareEvent(state, { event: 'done', data: { target: B, status: 'ok', cost: null } });
    expect(state.columns[A]!.cost).toBe(0.0075);
    expect(state.columns[B]!.cost).toBeNull();
    const stored = stateOfStoredCompare({ id: 'cmp_9', startedAt: 1, legs: [{ target: A, status: 'ok', cost: 0.0123 }, { target: B, status: 'ok' }] });
    expect(stored.columns[A]!.cost).toBe(0.0123);
    expect(stored.columns[B]!.cost).toBeNull();
  });

  it('costs an answer at known prices only', () => {
    expect(costOf({ promptTokens: 1000, completionTokens: 500, totalTokens: 1500 }, { input: 2, output: 8 })).toBeCloseTo(0.006);
    expect(costOf({ promptTokens: null, completionTokens: 500, totalTokens: null }, { input: 2, output: 8 })).toBeNull();
    expect(costOf({ promptTokens: 1, completionTokens: 1, totalTokens: 2 }, null)).toBeNull();
  });

  it('names the best finished target by a measure, or none on a tie or with one measured', () => {
    const state = run([
      { event: 'done', data: { target: A, status: 'ok', ttftMs: 100, totalMs: 900, tokensPerSecond: 40 } },
      { event: 'done', data: { target: B, status: 'ok', ttftMs: 300, totalMs: 700, tokensPerSecond: 40 } },
    ]);
    expect(bestTarget(state, 'ttftMs')).toBe(A);
    expect(bestTarget(state, 'totalMs')).toBe(B);
    expect(bestTarget(state, 'tokensPerSecond')).toBeNull();
    expect(bestTarget(run([{ event: 'done', data: { target: A, status: 'ok', ttftMs: 1 } }]), 'ttftMs')).toBeNull();
  });
});
