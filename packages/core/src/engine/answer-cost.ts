/**
 * The `x-router-cost` header of a whole (non-streaming) answer: what the request cost in US
 * dollars, worked out from memory before the headers go out. The provider's own figure
 * (OpenRouter's `usage.cost`) wins; else the tokens priced at the user's override for the model
 * (`ConfigSnapshot.prices`); else at the bundled price list's rates, when the host supplies them
 * (`RouterOptions.bundledRates`, answered from memory). Unknown: no header, never `0`.
 */
import type { ConfigSnapshot, ProviderEntry } from '../spec/config.js';
import { decodeUtf8, summarizeJson } from '../sse/summarize-response.js';
import { overrideFor, tokenCost, type TokenRates } from './token-cost.js';

/** The response header that carries a request's cost. */
export const COST_HEADER = 'x-router-cost';

/**
 * The bundled price list's rates for a model as served by a provider, from the host's memory:
 * `null` when the list does not know it (or prices it by tiers), `undefined` when not known yet.
 */
export type BundledRates = (provider: ProviderEntry, model: string) => TokenRates | null | undefined;

/** Bodies larger than this are not parsed for their usage on the request path (the log still prices them). */
const MAX_PARSED_BYTES = 1 << 20;

/** A cost as the header carries it: a plain decimal (never exponent notation), at most nine decimals. */
export function formatCost(cost: number): string {
  const text = cost.toFixed(9).replace(/0+$/, '');
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

/**
 * The cost of a whole answer, or null when it is not known. `models`: the names to price by,
 * first match wins (the upstream's, then the requested one). The body is parsed only when a price
 * is known or it mentions a cost of its own.
 */
export function answerCost(body: Uint8Array, snapshot: ConfigSnapshot, provider: ProviderEntry, models: readonly (string | null | undefined)[], bundled: BundledRates | undefined): number | null {
  if (body.byteLength > MAX_PARSED_BYTES) return null;
  let rates: TokenRates | null = overrideFor(snapshot.prices, models);
  if (!rates && bundled) {
    for (const model of models) {
      if (model) rates = bundled(provider, model) ?? null;
      if (rates) break;
    }
  }
  const text = decodeUtf8(body);
  if (!rates && !text.includes('"cost"')) return null;
  const usage = summarizeJson(text).usage;
  if (!usage) return null;
  if (usage.cost !== undefined) return usage.cost;
  return rates ? tokenCost(usage, rates) : null;
}
