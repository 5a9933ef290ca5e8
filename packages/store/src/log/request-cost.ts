/**
 * What a request cost, worked out when its log row is written (off the request path): the
 * provider's own figure when it reports one (OpenRouter's `usage.cost`), else the tokens priced
 * at the user's override for the model (`provider-cli price set`), else from the bundled
 * catalogue — the `@pydantic/genai-prices` price list (MIT), whose provider is picked from the
 * upstream's base URL where it can be, then by model name. A request whose price is not known has
 * no cost (null), never 0; requests to local servers (LM Studio, Ollama, llama.cpp, vLLM) are not
 * priced from a cloud price list (an override applies to them all the same: the user set it).
 */
import { createRequire } from 'node:module';
import type { calcPrice as CalcPrice } from '@pydantic/genai-prices';
import { LOCAL_SERVER_TYPES, overrideFor, tokenCost, type CostSource, type ModelPrice, type TokenRates, type TokenUsage } from '@router/core';

// The price list (about 20 MiB once loaded) is read on the first request to price, in the process
// that prices (the log worker), not by everything that imports this package.
let loaded: typeof CalcPrice | undefined;
const calcPrice: typeof CalcPrice = (...args) => (loaded ??= (createRequire(import.meta.url)('@pydantic/genai-prices') as { calcPrice: typeof CalcPrice }).calcPrice)(...args);

/** The bundled price list: where it comes from and how recent it is. */
export const PRICE_CATALOGUE = {
  source: '@pydantic/genai-prices 0.1.8 — https://github.com/pydantic/genai-prices (MIT)',
  date: '2026-09-23',
} as const;

/** A request's cost in US dollars and where it came from. */
export interface RequestCost {
  cost: number;
  /** `upstream`: the provider reported it; `override`: the user's price for the model; `catalogue`: the bundled price list. */
  source: CostSource;
}

/** What pricing needs to know of the provider that answered. */
export interface PricedProvider {
  type: string;
  /** The upstream's base URL (matches the catalogue's provider, e.g. api.groq.com → Groq). */
  baseURL?: string;
}

/** Provider types that run models on the user's own machines (the local servers): no catalogue price applies. */
export const LOCAL_PROVIDER_TYPES: ReadonlySet<string> = LOCAL_SERVER_TYPES;
const LOCAL_TYPES = LOCAL_PROVIDER_TYPES;

/**
 * What is known of a model's price, by provider base URL and model name: most are linear (a price
 * per million input, cached input and output tokens), priced here without asking the list again;
 * the rest (tiered or dated prices) are asked each time; unknown ones are not asked again.
 */
type Known = { kind: 'linear'; input: number; cacheRead: number; output: number } | { kind: 'asked'; model: string } | { kind: 'unknown' };
const known = new Map<string, Known>();
const KNOWN_LIMIT = 10_000;

/** What the list says of a model as one provider serves it, for a process that prices from memory (the server's main thread, for `x-router-cost`). */
export interface LearnedRates {
  /** The provider's base URL as `PricedProvider` has it ('' when unknown). */
  baseURL: string;
  model: string;
  /** Linear rates, or null: the list does not know the model, or prices it by tiers or dates. */
  rates: TokenRates | null;
}
/** Looked up since the last `takeLearnedRates`. */
let learned: LearnedRates[] = [];
const LEARNED_LIMIT = 1_000;

/** Keeps what a lookup found, and notes it for `takeLearnedRates`. */
function remember(baseURL: string | undefined, model: string, entry: Known): void {
  if (known.size >= KNOWN_LIMIT) return;
  known.set(`${baseURL ?? ''}\u0000${model}`, entry);
  if (learned.length < LEARNED_LIMIT) learned.push({ baseURL: baseURL ?? '', model, rates: entry.kind === 'linear' ? { input: entry.input, output: entry.output, cachedInput: entry.cacheRead } : null });
}

/** The rates looked up (by pricing rows, or `lookUpRates`) since the last call. */
export function takeLearnedRates(): LearnedRates[] {
  const taken = learned;
  learned = [];
  return taken;
}

/** Looks models up in the list ahead of their first request (each once), so `takeLearnedRates` reports them. */
export function lookUpRates(models: readonly { baseURL?: string; model: string }[]): void {
  const tokens: Tokens = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
  for (const { baseURL, model } of models) {
    if (known.has(`${baseURL ?? ''}\u0000${model}`)) continue;
    remember(baseURL, model, lookUp(tokens, model, baseURL).known);
  }
}

type Tokens = { input_tokens: number; output_tokens: number; cache_read_tokens?: number };

/** Looks a model up in the list once, keeping its rates when they are linear. */
function lookUp(tokens: Tokens, model: string, baseURL: string | undefined): { known: Known; cost: number | null } {
  let priced: ReturnType<typeof CalcPrice> = null;
  try {
    priced = (baseURL ? calcPrice(tokens, model, { providerApiUrl: baseURL }) : null) ?? calcPrice(tokens, model);
  } catch {
    priced = null;
  }
  if (!priced || !Number.isFinite(priced.total_price)) return { known: { kind: 'unknown' }, cost: null };
  const rates = priced.model_price;
  const linear = !Array.isArray(priced.model.prices) && typeof rates.input_mtok === 'number' && typeof rates.output_mtok === 'number' && (rates.cache_read_mtok === undefined || typeof rates.cache_read_mtok === 'number');
  const entry: Known = linear
    ? { kind: 'linear', input: rates.input_mtok as number, output: rates.output_mtok as number, cacheRead: (rates.cache_read_mtok as number | undefined) ?? (rates.input_mtok as number) }
    : { kind: 'asked', model };
  return { known: entry, cost: priced.total_price };
}

/**
 * The request's cost, or null when it is not known. `models`: the names to price by, first match
 * wins (the upstream's name, then the requested one); `overrides`: the user's prices by model name,
 * tried for every name before the bundled list is.
 */
export function requestCost(usage: TokenUsage | null, models: readonly (string | null)[], provider?: PricedProvider, overrides?: ReadonlyMap<string, ModelPrice>): RequestCost | null {
  if (!usage) return null;
  if (usage.cost !== undefined) return { cost: usage.cost, source: 'upstream' };
  if (usage.promptTokens === null && usage.completionTokens === null) return null;
  const override = overrideFor(overrides, models);
  if (override) {
    const cost = tokenCost(usage, override);
    return cost === null ? null : { cost, source: 'override' };
  }
  if (provider && LOCAL_TYPES.has(provider.type)) return null;
  const input = usage.promptTokens ?? 0;
  const output = usage.completionTokens ?? 0;
  const cached = Math.min(usage.cachedTokens ?? 0, input);
  const tokens: Tokens = { input_tokens: input, output_tokens: output, ...(cached ? { cache_read_tokens: cached } : {}) };
  for (const model of models) {
    if (!model) continue;
    const key = `${provider?.baseURL ?? ''}\u0000${model}`;
    let entry = known.get(key);
    let cost: number | null = null;
    if (entry === undefined) {
      const found = lookUp(tokens, model, provider?.baseURL);
      entry = found.known;
      cost = found.cost;
      remember(provider?.baseURL, model, entry);
    } else if (entry.kind === 'linear') {
      cost = ((input - cached) * entry.input + cached * entry.cacheRead + output * entry.output) / 1e6;
    } else if (entry.kind === 'asked') {
      cost = lookUp(tokens, model, provider?.baseURL).cost;
    }
    if (cost !== null) return { cost: Math.round(cost * 1e9) / 1e9, source: 'catalogue' };
  }
  return null;
}

/** What the bundled list says of a model: its linear rates, or `tiered` when its price is not linear (tiers or dates), or null when it does not know it. */
export function catalogueRates(model: string, baseURL?: string): { rates: TokenRates; provider: string; model: string } | { tiered: true; provider: string; model: string } | null {
  const tokens: Tokens = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
  let priced: ReturnType<typeof CalcPrice> = null;
  try {
    priced = (baseURL ? calcPrice(tokens, model, { providerApiUrl: baseURL }) : null) ?? calcPrice(tokens, model);
  } catch {
    priced = null;
  }
  if (!priced) return null;
  const found = lookUp(tokens, model, baseURL).known;
  const named = { provider: priced.provider.name ?? priced.provider.id, model: priced.model.name ?? priced.model.id };
  if (found.kind !== 'linear') return { tiered: true, ...named };
  return { rates: { input: found.input, output: found.output, cachedInput: found.cacheRead }, ...named };
}

/** What the bundled list has for a model, as the CLI and the API show it (null: it does not know the model). */
export interface BundledPrice {
  /** The model as the list names it. */
  model: string;
  provider: string;
  inputPerMillion: number | null;
  outputPerMillion: number | null;
  cachedInputPerMillion: number | null;
  /** The price depends on the request (tiers or dates): no single rate to show. */
  tiered: boolean;
}

/** What the bundled list has for a model, by name (and the upstream's base URL when given). */
export function bundledPrice(model: string, baseURL?: string): BundledPrice | null {
  const found = catalogueRates(model, baseURL);
  if (!found) return null;
  if ('tiered' in found) return { model: found.model, provider: found.provider, inputPerMillion: null, outputPerMillion: null, cachedInputPerMillion: null, tiered: true };
  return { model: found.model, provider: found.provider, inputPerMillion: found.rates.input, outputPerMillion: found.rates.output, cachedInputPerMillion: found.rates.cachedInput, tiered: false };
}
