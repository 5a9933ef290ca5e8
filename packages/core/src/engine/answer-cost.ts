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
  const text = cost.toFixed(9);
  // trailing zeros, then a trailing point, cut without a regular expression (this runs on every priced answer)
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 48) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 46) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** The end of the JSON object whose `{` is at `start` (the index after its `}`), or -1; strings are skipped, escapes included. */
function objectEnd(bytes: Uint8Array, start: number): number {
  let depth = 0;
  for (let index = start; index < bytes.length; index++) {
    const code = bytes[index];
    if (code === 34) {
      // a string: to its closing quote
      for (index++; index < bytes.length; index++) {
        const inner = bytes[index];
        if (inner === 92) index++;
        else if (inner === 34) break;
      }
    } else if (code === 123) depth++;
    else if (code === 125 && --depth === 0) return index + 1;
  }
  return -1;
}

/** `"usage"` in UTF-8. */
const USAGE_KEY = [34, 117, 115, 97, 103, 101, 34];

/** Where `key` last occurs in `bytes[from, to)`, or -1 (searched from the end: an answer's usage comes last). */
function lastIndexOfBytes(bytes: Uint8Array, key: readonly number[], from = 0, to = bytes.length): number {
  const first = key[0];
  for (let index = to - key.length; index >= from; index--) {
    if (bytes[index] !== first) continue;
    let at = 1;
    while (at < key.length && bytes[index + at] === key[at]) at++;
    if (at === key.length) return index;
  }
  return -1;
}

const decoder = new TextDecoder();

/** Where the answer's last `"usage"` object is in its bytes (`[start, end)`), or null when it has no usage key followed by an object. */
function usageObjectOf(bytes: Uint8Array): { start: number; end: number } | null {
  const key = lastIndexOfBytes(bytes, USAGE_KEY);
  if (key === -1) return null;
  let start = key + USAGE_KEY.length;
  while (start < bytes.length && bytes[start] !== 123) {
    const code = bytes[start];
    // only blanks and the colon may stand between the key and its object
    if (code !== 58 && code !== 32 && code !== 9 && code !== 10 && code !== 13) return null;
    start++;
  }
  const end = objectEnd(bytes, start);
  return end === -1 ? null : { start, end };
}

/** A usage object in the client's API: Messages and Responses count input differently from chat. */
function usageIn(object: Record<string, any>, api: ClientApi | undefined): TokenUsage | null {
  if (api === 'messages') return anthropicUsage(object, null);
  if (api === 'responses') return responsesUsage(object);
  return usageOf(object);
}

/**
 * The answer's usage, read from its last `"usage"` object alone: answers put it after their
 * content, and an unescaped `"usage"` is always a key (inside a string its quotes are escaped),
 * so only that small object is decoded and parsed, not the whole answer (found in the bytes, from
 * the end). In the client's API: Messages and Responses count input differently from chat.
 */
export function usageOfAnswer(bytes: Uint8Array, api: ClientApi | undefined): TokenUsage | null {
  const found = usageObjectOf(bytes);
  return found ? usageBetween(bytes, found.start, found.end, api) : summarizeJson(decodeUtf8(bytes)).usage;
}

/** The usage object at `[start, end)` (the whole answer's parse when that is not JSON after all). */
function usageBetween(bytes: Uint8Array, start: number, end: number, api: ClientApi | undefined): TokenUsage | null {
  let usage: unknown;
  try {
    usage = JSON.parse(decoder.decode(bytes.subarray(start, end)));
  } catch {
    return summarizeJson(decodeUtf8(bytes)).usage;
  }
  return usageIn(usage as Record<string, any>, api);
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
  // without a price only the provider's own figure gives a cost: most answers never mention one
  if (!rates && !decodeUtf8(body).includes('"cost"')) return null;
  const usage = usageOfAnswer(body, api);
  if (!usage) return null;
  if (usage.cost !== undefined) return usage.cost;
  return rates ? tokenCost(usage, rates) : null;
}
