/**
 * The `x-router-cost` header of a whole (non-streaming) answer: what the request cost in US
 * dollars, worked out from memory before the headers go out. The provider's own figure
 * (OpenRouter's `usage.cost`) wins; else the tokens priced at the user's override for the model
 * (`ConfigSnapshot.prices`); else at the bundled price list's rates, when the host supplies them
 * (`RouterOptions.bundledRates`, answered from memory). Unknown: no header, never `0`.
 */
import type { ClientApi } from '../spec/api.js';
import type { ConfigSnapshot, ProviderEntry } from '../spec/config.js';
import type { TokenUsage } from '../spec/log.js';
import { anthropicUsage, decodeUtf8, responsesUsage, summarizeJson, usageOf } from '../sse/summarize-response.js';
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

/** The end of the JSON object that starts at `start` (the index after its `}`), or -1; strings are skipped, escapes included. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 34) {
      // a string: to its closing quote
      for (index++; index < text.length; index++) {
        const inner = text.charCodeAt(index);
        if (inner === 92) index++;
        else if (inner === 34) break;
      }
    } else if (code === 123) depth++;
    else if (code === 125 && --depth === 0) return index + 1;
  }
  return -1;
}

/**
 * The answer's usage, read from its last `"usage"` object alone: answers put it after their
 * content, and an unescaped `"usage"` is always a key (inside a string its quotes are escaped),
 * so only that small object is parsed, not the whole answer (about a tenth of the time). In the
 * client's API: Messages and Responses count input differently from chat.
 */
export function usageOfAnswer(text: string, api: ClientApi | undefined): TokenUsage | null {
  const key = text.lastIndexOf('"usage"');
  if (key === -1) return null;
  let start = key + 7;
  while (start < text.length && text.charCodeAt(start) !== 123) {
    const code = text.charCodeAt(start);
    // only blanks and the colon may stand between the key and its object
    if (code !== 58 && code !== 32 && code !== 9 && code !== 10 && code !== 13) return summarizeJson(text).usage;
    start++;
  }
  const end = objectEnd(text, start);
  if (end === -1) return summarizeJson(text).usage;
  let usage: unknown;
  try {
    usage = JSON.parse(text.slice(start, end));
  } catch {
    return summarizeJson(text).usage;
  }
  const object = usage as Record<string, any>;
  if (api === 'messages') return anthropicUsage(object, null);
  if (api === 'responses') return responsesUsage(object);
  return usageOf(object);
}

/**
 * The cost of a whole answer, or null when it is not known. `models`: the names to price by,
 * first match wins (the upstream's, then the requested one); `api`: the client API the answer is
 * in. The body is read only when a price is known or it mentions a cost of its own.
 */
export function answerCost(body: Uint8Array, snapshot: ConfigSnapshot, provider: ProviderEntry, models: readonly (string | null | undefined)[], bundled: BundledRates | undefined, api?: ClientApi): number | null {
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
  const usage = usageOfAnswer(text, api);
  if (!usage) return null;
  if (usage.cost !== undefined) return usage.cost;
  return rates ? tokenCost(usage, rates) : null;
}
