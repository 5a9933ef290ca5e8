/**
 * Pricing tokens at linear rates (US dollars per million input, cached input and output tokens):
 * the arithmetic shared by the log's cost column and the `x-router-cost` header.
 */
import type { ModelPrice } from '../spec/config.js';
import type { TokenUsage } from '../spec/log.js';

/** Linear rates in US dollars per million tokens. */
export interface TokenRates {
  input: number;
  output: number;
  /** Cached prompt tokens (the input rate when the price list or override gives none). */
  cachedInput: number;
}

/** Where a request's cost came from: the provider's own figure, the user's override, or the bundled price list. */
export type CostSource = 'upstream' | 'override' | 'catalogue';

/** An override's rates. */
export function overrideRates(price: ModelPrice): TokenRates {
  return { input: price.inputPerMillion, output: price.outputPerMillion, cachedInput: price.cachedInputPerMillion ?? price.inputPerMillion };
}

/** The first of `models` with an override, and its rates. */
export function overrideFor(prices: ReadonlyMap<string, ModelPrice> | undefined, models: readonly (string | null | undefined)[]): TokenRates | null {
  if (!prices || prices.size === 0) return null;
  for (const model of models) {
    const price = model ? prices.get(model) : undefined;
    if (price) return overrideRates(price);
  }
  return null;
}

/** The cost of the usage at the rates, rounded to the nano-dollar; null when the usage has no token counts. */
export function tokenCost(usage: TokenUsage, rates: TokenRates): number | null {
  if (usage.promptTokens === null && usage.completionTokens === null) return null;
  const input = usage.promptTokens ?? 0;
  const output = usage.completionTokens ?? 0;
  const cached = Math.min(usage.cachedTokens ?? 0, input);
  return Math.round((((input - cached) * rates.input + cached * rates.cachedInput + output * rates.output) / 1e6) * 1e9) / 1e9;
}
