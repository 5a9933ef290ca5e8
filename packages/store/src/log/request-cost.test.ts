import { describe, expect, it } from 'vitest';
import { requestCost } from './request-cost.js';

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
