import { describe, expect, it } from 'vitest';
import { createSnapshot } from './static-config.js';
import { answerCost, formatCost, type BundledRates } from './answer-cost.js';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const chat = (usage: Record<string, unknown>) => encode({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' } }], usage });
const provider = { id: 'p', name: 'p', type: 'openai-compatible', enabled: true, priority: 0, config: {} };
const snapshot = createSnapshot({ providers: [provider], prices: { 'my-model': { inputPerMillion: 0.5, outputPerMillion: 1.5, cachedInputPerMillion: 0.1 } } });
const bundled: BundledRates = (_provider, model) => (model === 'gpt-4o' ? { input: 2.5, output: 10, cachedInput: 1.25 } : model === 'pending' ? undefined : null);

describe('answer cost', () => {
  it("takes the provider's own figure first", () => {
    expect(answerCost(chat({ prompt_tokens: 10, completion_tokens: 10, cost: 0.0123 }), snapshot, provider, ['my-model'], bundled)).toBe(0.0123);
  });

  it('prices tokens at an override before the bundled rates, by upstream then requested name', () => {
    expect(answerCost(chat({ prompt_tokens: 1_000_000, completion_tokens: 1_000_000, prompt_tokens_details: { cached_tokens: 500_000 } }), snapshot, provider, ['my-model'], bundled)).toBe(0.25 + 0.05 + 1.5);
    expect(answerCost(chat({ prompt_tokens: 1000, completion_tokens: 500 }), snapshot, provider, ['gpt-4o', null], bundled)).toBe(0.0075);
    expect(answerCost(chat({ prompt_tokens: 1000, completion_tokens: 500 }), snapshot, provider, ['gpt-4o-2024-08-06', 'gpt-4o'], bundled)).toBe(0.0075);
  });

  it('reads Anthropic Messages and Responses usage too', () => {
    const message = encode({ id: 'm', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'ok' }], usage: { input_tokens: 1000, output_tokens: 500 } });
    expect(answerCost(message, snapshot, provider, ['gpt-4o'], bundled, 'messages')).toBe(0.0075);
    // Anthropic's input excludes cache reads, which are priced at the cached rate
    const cachedMessage = encode({ id: 'm', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'ok' }], usage: { input_tokens: 200, cache_read_input_tokens: 800, output_tokens: 500 } });
    expect(answerCost(cachedMessage, snapshot, provider, ['gpt-4o'], bundled, 'messages')).toBe((200 * 2.5 + 800 * 1.25 + 500 * 10) / 1e6);
    const response = encode({ id: 'r', object: 'response', output: [], usage: { input_tokens: 1000, output_tokens: 500, total_tokens: 1500 } });
    expect(answerCost(response, snapshot, provider, ['gpt-4o'], bundled, 'responses')).toBe(0.0075);
  });

  it('reads the top-level usage wherever it is, not a "usage" inside the answer', () => {
    const first = encode({ usage: { prompt_tokens: 1000, completion_tokens: 500 }, id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: 'my "usage": {"prompt_tokens": 9}' } }] });
    expect(answerCost(first, snapshot, provider, ['gpt-4o'], bundled, 'chat')).toBe(0.0075);
    const toolInput = encode({ id: 'm', type: 'message', role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'report', input: { usage: { input_tokens: 1 } } }], usage: { input_tokens: 1000, output_tokens: 500 } });
    expect(answerCost(toolInput, snapshot, provider, ['gpt-4o'], bundled, 'messages')).toBe(0.0075);
    const groq = encode({ id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' } }], x_groq: { usage: { prompt_tokens: 1000, completion_tokens: 500 } } });
    expect(answerCost(groq, snapshot, provider, ['gpt-4o'], bundled, 'chat')).toBe(0.0075);
  });

  it('finds the usage in the bytes of an answer with multi-byte text, and without a price takes only a cost in the usage itself', () => {
    const text = 'Grüße, 日本語 ✓ 🎉 "usage": {"cost": 1}';
    expect(answerCost(encode({ id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: text } }], usage: { prompt_tokens: 1000, completion_tokens: 500, note: '✓' } }), snapshot, provider, ['gpt-4o'], bundled)).toBe(0.0075);
    expect(answerCost(encode({ id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: text } }], usage: { prompt_tokens: 10, completion_tokens: 5, cost: 0.02 } }), snapshot, provider, ['unknown-model'], bundled)).toBe(0.02);
    expect(answerCost(encode({ id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: 'the "cost": 3' } }], usage: { prompt_tokens: 10, completion_tokens: 5 } }), snapshot, provider, ['unknown-model'], bundled)).toBeNull();
    expect(answerCost(encode({ id: 'c', cost: 0.5, usage: 7 }), snapshot, provider, ['unknown-model'], bundled)).toBeNull();
  });

  it('is unknown (null), never 0, without a price, without usage, or before the rates are known', () => {
    expect(answerCost(chat({ prompt_tokens: 1000, completion_tokens: 500 }), snapshot, provider, ['unknown-model'], bundled)).toBeNull();
    expect(answerCost(chat({ prompt_tokens: 1000, completion_tokens: 500 }), snapshot, provider, ['pending'], bundled)).toBeNull();
    expect(answerCost(chat({ prompt_tokens: 1000, completion_tokens: 500 }), snapshot, provider, ['gpt-4o'], undefined)).toBeNull();
    expect(answerCost(encode({ id: 'c', choices: [] }), snapshot, provider, ['gpt-4o'], bundled)).toBeNull();
    expect(answerCost(new TextEncoder().encode('not json'), snapshot, provider, ['gpt-4o'], bundled)).toBeNull();
  });

  it('formats a plain decimal, never exponent notation', () => {
    expect(formatCost(0.0075)).toBe('0.0075');
    expect(formatCost(1e-7)).toBe('0.0000001');
    expect(formatCost(12.5)).toBe('12.5');
    expect(formatCost(3)).toBe('3');
    expect(formatCost(0)).toBe('0');
  });
});
