import { describe, expect, it } from 'vitest';
import { catalogueRates, requestCost } from './request-cost.js';

const usage = (promptTokens: number, completionTokens: number, extra: { cachedTokens?: number; cost?: number } = {}) => ({ promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, ...extra });

describe('request cost', () => {
  it('prices well-known models from the bundled catalogue', () => {
    // gpt-4o: $2.50 per million input tokens, $10 per million output tokens
    expect(requestCost(usage(1_000_000, 1_000_000), ['gpt-4o'], { type: 'openai-compatible', baseURL: 'https://api.openai.com/v1' })).toEqual({ cost: 12.5, source: 'catalogue' });
    expect(requestCost(usage(1000, 500), [null, 'gpt-4o'])).toEqual({ cost: 0.0075, source: 'catalogue' });
    // cached input is cheaper
    expect(requestCost(usage(1_000_000, 0, { cachedTokens: 1_000_000 }), ['gpt-4o'])!.cost).toBeLessThan(2.5);
  });

  it("takes the provider's own figure first", () => {
    expect(requestCost(usage(10, 10, { cost: 0.00042 }), ['anything'])).toEqual({ cost: 0.00042, source: 'upstream' });
  });

  it('says unknown, never zero, for a model the catalogue does not know, a local server, or no usage', () => {
    expect(requestCost(usage(100, 100), ['my-finetune-xyz'])).toBeNull();
    expect(requestCost(usage(100, 100), ['gpt-4o'], { type: 'lm-studio', baseURL: 'http://127.0.0.1:1234/v1' })).toBeNull();
    for (const type of ['ollama', 'llama-cpp', 'vllm']) expect(requestCost(usage(100, 100), ['gpt-4o'], { type, baseURL: 'http://127.0.0.1:11434/v1' }), type).toBeNull();
    expect(requestCost(null, ['gpt-4o'])).toBeNull();
    expect(requestCost({ promptTokens: null, completionTokens: null, totalTokens: null }, ['gpt-4o'])).toBeNull();
  });
});

describe('request cost, asked again', () => {
  it('prices a model seen before exactly as the list does, cached input included', async () => {
    const { calcPrice } = await import('@pydantic/genai-prices');
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'deepseek-chat', 'claude-sonnet-4-5']) {
      for (const [input, output, cached] of [[1000, 500, 0], [123_456, 7_890, 100_000], [3, 1, 0], [250_000, 10, 0]] as const) {
        const expected = calcPrice({ input_tokens: input, output_tokens: output, ...(cached ? { cache_read_tokens: cached } : {}) }, model)!.total_price;
        // twice: the first looks the model up, the second uses what it kept
        for (let round = 0; round < 2; round++) {
          expect(requestCost(usage(input, output, cached ? { cachedTokens: cached } : {}), [model])!.cost).toBeCloseTo(expected, 9);
        }
      }
    }
  });
});

describe('request cost with price overrides', () => {
  const overrides = new Map([
    ['gpt-4o', { inputPerMillion: 1, outputPerMillion: 4, cachedInputPerMillion: 0.25 }],
    ['my-finetune-xyz', { inputPerMillion: 0.5, outputPerMillion: 1.5 }],
  ]);

  it("an override wins over the bundled list, cached input at its own rate, and is said to be one", () => {
    expect(requestCost(usage(1_000_000, 1_000_000), ['gpt-4o'], undefined, overrides)).toEqual({ cost: 5, source: 'override' });
    expect(requestCost(usage(1_000_000, 0, { cachedTokens: 400_000 }), ['gpt-4o'], undefined, overrides)).toEqual({ cost: 0.6 + 0.1, source: 'override' });
    // no cached rate: cached input costs what other input does
    expect(requestCost(usage(2_000, 1_000, { cachedTokens: 2_000 }), ['my-finetune-xyz'], undefined, overrides)).toEqual({ cost: 0.0025, source: 'override' });
  });

  it('prices a model the bundled list does not know, and a local server, when the user set a price', () => {
    expect(requestCost(usage(1_000_000, 1_000_000), ['my-finetune-xyz'], undefined, overrides)).toEqual({ cost: 2, source: 'override' });
    expect(requestCost(usage(1_000_000, 1_000_000), ['my-finetune-xyz'], { type: 'lm-studio', baseURL: 'http://127.0.0.1:1234/v1' }, overrides)).toEqual({ cost: 2, source: 'override' });
  });

  it('matches the upstream name or the requested one, an override for either before the bundled list for either', () => {
    expect(requestCost(usage(1_000_000, 0), ['gpt-4o-2024-08-06', 'gpt-4o'], undefined, overrides)).toEqual({ cost: 1, source: 'override' });
  });

  it("the provider's own figure still wins; unknown stays unknown", () => {
    expect(requestCost(usage(10, 10, { cost: 0.00042 }), ['gpt-4o'], undefined, overrides)).toEqual({ cost: 0.00042, source: 'upstream' });
    expect(requestCost(usage(100, 100), ['another-unknown-model'], undefined, overrides)).toBeNull();
    expect(requestCost({ promptTokens: null, completionTokens: null, totalTokens: null }, ['gpt-4o'], undefined, overrides)).toBeNull();
  });
});

describe('catalogue rates', () => {
  it('says what the bundled list has for a model, and null for one it does not know', () => {
    expect(catalogueRates('gpt-4o')).toMatchObject({ rates: { input: 2.5, output: 10, cachedInput: 1.25 }, provider: 'OpenAI' });
    expect(catalogueRates('my-finetune-xyz')).toBeNull();
  });
});
