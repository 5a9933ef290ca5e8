/**
 * What a request cost, worked out when its log row is written (off the request path): the
 * provider's own figure when it reports one (OpenRouter's `usage.cost`), else the tokens priced
 * from the bundled catalogue — the `@pydantic/genai-prices` price list (MIT), whose provider is
 * picked from the upstream's base URL where it can be, then by model name. A request whose price
 * is not known has no cost (null), never 0; requests to local servers (LM Studio) are not priced
 * from a cloud price list.
 */
import { calcPrice } from '@pydantic/genai-prices';
import type { TokenUsage } from '@router/core';

/** The bundled price list: where it comes from and how recent it is. */
export const PRICE_CATALOGUE = {
  source: '@pydantic/genai-prices 0.1.8 — https://github.com/pydantic/genai-prices (MIT)',
  date: '2026-09-23',
} as const;

/** A request's cost in US dollars and where it came from. */
export interface RequestCost {
  cost: number;
  source: 'upstream' | 'catalogue';
}

/** What pricing needs to know of the provider that answered. */
export interface PricedProvider {
  type: string;
  /** The upstream's base URL (matches the catalogue's provider, e.g. api.groq.com → Groq). */
  baseURL?: string;
}

/** Provider types that run models on the user's own machine: no catalogue price applies. */
const LOCAL_TYPES = new Set(['lm-studio']);

const unknownModels = new Set<string>();

/** The request's cost, or null when it is not known. */
export function requestCost(usage: TokenUsage | null, models: readonly (string | null)[], provider?: PricedProvider): RequestCost | null {
  if (!usage) return null;
  if (usage.cost !== undefined) return { cost: usage.cost, source: 'upstream' };
  if (usage.promptTokens === null && usage.completionTokens === null) return null;
  if (provider && LOCAL_TYPES.has(provider.type)) return null;
  const tokens = { input_tokens: usage.promptTokens ?? 0, output_tokens: usage.completionTokens ?? 0, ...(usage.cachedTokens ? { cache_read_tokens: usage.cachedTokens } : {}) };
  for (const model of models) {
    if (!model) continue;
    const key = `${provider?.baseURL ?? ''}\u0000${model}`;
    if (unknownModels.has(key)) continue;
    let priced: ReturnType<typeof calcPrice> = null;
    try {
      priced = (provider?.baseURL ? calcPrice(tokens, model, { providerApiUrl: provider.baseURL }) : null) ?? calcPrice(tokens, model);
    } catch {
      priced = null;
    }
    if (priced && Number.isFinite(priced.total_price)) return { cost: Math.round(priced.total_price * 1e9) / 1e9, source: 'catalogue' };
    if (unknownModels.size < 10_000) unknownModels.add(key);
  }
  return null;
}
