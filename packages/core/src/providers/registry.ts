import type { ProviderAdapter } from '../spec/adapter.js';
import { secretKeysOfSchema } from '../secret-field.js';
import { configKeyIssue } from './config-key.js';
import { metadataAddressKey, metadataAddressMessage, type BaseUrlPolicy } from './shared/metadata-address.js';
import type { SecretRules } from '../secrets.js';
import { anthropicAdapter } from './anthropic/index.js';
import { lmStudioAdapter } from './lm-studio/index.js';
import { openAICompatibleAdapter, presetAdapters } from './openai-compatible/index.js';
import { qwenProxyAdapter } from './qwen-proxy/index.js';
import { qwenAdapter } from './qwen/index.js';
import { ollamaAdapter } from './ollama/index.js';
import { llamaCppAdapter } from './llama-cpp/index.js';
import { vllmAdapter } from './vllm/index.js';

/** The adapters shipped with the router, by type: the generic one, its named presets, the local servers (LM Studio, Ollama, llama.cpp, vLLM), Qwen (DashScope), the Qwen proxy and Anthropic. */
export const builtinAdapters: readonly ProviderAdapter<any>[] = [openAICompatibleAdapter, ...presetAdapters, lmStudioAdapter, ollamaAdapter, llamaCppAdapter, vllmAdapter, qwenAdapter, qwenProxyAdapter, anthropicAdapter];

/** A lookup of adapters by type; unknown types fall back to the generic OpenAI-compatible adapter. */
export interface AdapterRegistry {
  /** The adapter for a type, and whether it is the fallback. */
  get(type: string): { adapter: ProviderAdapter<any>; fallback: boolean };
  /** Every registered type. */
  types(): string[];
}

/** Builds a registry from the built-in adapters plus any given ones (later ones win). */
export function createAdapterRegistry(extra: readonly ProviderAdapter<any>[] = []): AdapterRegistry {
  const byType = new Map<string, ProviderAdapter<any>>();
  for (const adapter of [...builtinAdapters, ...extra]) byType.set(adapter.type, adapter);
  return {
    get(type) {
      const adapter = byType.get(type);
      return adapter ? { adapter, fallback: false } : { adapter: openAICompatibleAdapter, fallback: true };
    },
    types: () => [...byType.keys()],
  };
}

/**
 * Validates a provider configuration for its type; returns the error messages with the field each names.
 * A URL pointing at a cloud metadata address is refused unless `policy.allowMetadataAddresses`;
 * keys that are not plain names (`isConfigKey`), or that hide a prototype name inside a value, are refused.
 */
export function validateProviderConfig(
  registry: AdapterRegistry,
  type: string,
  config: Record<string, unknown>,
  policy: BaseUrlPolicy = {},
): { ok: true; config: unknown } | { ok: false; issues: { field: string; message: string }[] } {
  const { adapter } = registry.get(type);
  // the keys first: a schema drops a `__proto__` key without a word, and keeps unknown keys of any form
  const keyIssue = configKeyIssue(config);
  if (keyIssue) return { ok: false, issues: [keyIssue] };
  const result = adapter.configSchema.safeParse(config);
  if (result.success) {
    // the parsed config too: an adapter may derive its base URL (Qwen's region)
    const key = metadataAddressKey(config, policy) ?? (result.data && typeof result.data === 'object' ? metadataAddressKey(result.data as Record<string, unknown>, policy) : null);
    if (key) return { ok: false, issues: [{ field: key, message: metadataAddressMessage(key).slice(key.length + 1) }] };
    return { ok: true, config: result.data };
  }
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(config)', message: issue.message })),
  };
}

/** The secret rules of a provider type: the config keys its adapter's schema marks with `secretField`. */
export function secretRulesFor(registry: AdapterRegistry, type: string): SecretRules {
  return { secretKeys: secretKeysOfSchema(registry.get(type).adapter.configSchema) };
}
