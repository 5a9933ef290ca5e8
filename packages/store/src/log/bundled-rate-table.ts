/**
 * The bundled price list's rates, as the server's main thread knows them: learned from the process
 * that loads the list (the log worker, which reports what each lookup found), so the main thread
 * prices answers for `x-router-cost` from memory without loading the list itself (about 19 MiB and
 * 36 ms). A model is known once the worker has looked it up: the configured routes and catalogue
 * models when the configuration changes (`pricedModels`), any other model after its first logged
 * request.
 */
import type { ConfigSnapshot, TokenRates } from '@router/core';
import { LOCAL_PROVIDER_TYPES, type LearnedRates, type PricedProvider } from './request-cost.js';

/** A bound on the models kept (each entry is a few numbers). */
const LIMIT = 10_000;

/** The main thread's copy of the rates. */
export interface BundledRateTable {
  /** The rates of `model` as `provider` serves it: null when the list does not know it (or a local server serves it), undefined when not learned yet. */
  rates(provider: PricedProvider | undefined, model: string): TokenRates | null | undefined;
  /** Takes what the pricing process looked up. */
  learn(entries: readonly LearnedRates[]): void;
  /** How many models are known. */
  size(): number;
}

/** Creates an empty table. */
export function createBundledRateTable(): BundledRateTable {
  // by base URL, then model: two lookups with the strings as they come, no key built per request
  const table = new Map<string, Map<string, TokenRates | null>>();
  let size = 0;
  return {
    rates(provider, model) {
      if (provider && LOCAL_PROVIDER_TYPES.has(provider.type)) return null;
      return table.get(provider?.baseURL ?? '')?.get(model);
    },
    learn(entries) {
      for (const entry of entries) {
        let models = table.get(entry.baseURL);
        if (size >= LIMIT && !models?.has(entry.model)) return;
        if (!models) table.set(entry.baseURL, (models = new Map()));
        if (!models.has(entry.model)) size++;
        models.set(entry.model, entry.rates);
      }
    },
    size: () => size,
  };
}

/**
 * The models a configuration can send upstream, with the base URL of the provider that serves
 * each: every route target (by its upstream name and the requested one), every catalogue model's
 * provider links, every provider's default model. To be looked up ahead of their first request.
 */
export function pricedModels(snapshot: ConfigSnapshot, providers: Readonly<Record<string, PricedProvider>>): { baseURL?: string; model: string }[] {
  const seen = new Set<string>();
  const out: { baseURL?: string; model: string }[] = [];
  const add = (providerId: string, model: string | null | undefined) => {
    const provider = providers[providerId];
    if (!model || (provider && LOCAL_PROVIDER_TYPES.has(provider.type))) return;
    const key = `${provider?.baseURL ?? ''}\u0000${model}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(provider?.baseURL ? { baseURL: provider.baseURL, model } : { model });
  };
  for (const [requested, targets] of snapshot.routes) {
    for (const target of targets) {
      add(target.providerId, target.model);
      add(target.providerId, requested);
    }
  }
  for (const entry of snapshot.models.values()) {
    for (const link of entry.providers) {
      add(link.providerId, link.model);
      add(link.providerId, entry.id);
    }
  }
  for (const provider of snapshot.providers.values()) add(provider.id, provider.defaultModel);
  return out;
}

const priced = new WeakMap<ConfigSnapshot, Record<string, PricedProvider>>();

/**
 * The configured providers' types and base URLs (without credentials or query), to price log rows
 * by: one object per snapshot, so a log writer re-sends it only when the configuration changed.
 */
export function pricedProvidersOf(snapshot: ConfigSnapshot): Record<string, PricedProvider> {
  let directory = priced.get(snapshot);
  if (directory) return directory;
  directory = {};
  for (const [id, provider] of snapshot.providers) {
    const baseURL = (provider.config as { baseURL?: unknown }).baseURL;
    let origin: string | undefined;
    try {
      if (typeof baseURL === 'string') {
        const url = new URL(baseURL);
        origin = `${url.protocol}//${url.host}${url.pathname}`;
      }
    } catch {
      origin = undefined;
    }
    directory[id] = origin ? { type: provider.type, baseURL: origin } : { type: provider.type };
  }
  priced.set(snapshot, directory);
  return directory;
}
