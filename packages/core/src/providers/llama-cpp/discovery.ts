/**
 * What a llama.cpp `llama-server` has (github.com/ggml-org/llama.cpp, tools/server/README.md):
 * - `GET /v1/models`: `{"object":"list","data":[{"id":"qwen2.5-7b-instruct-q4_k_m.gguf","object":"model",
 *   "created":…,"owned_by":"llamacpp","meta":{"vocab_type":2,"n_vocab":152064,"n_ctx_train":32768,"n_embd":3584,
 *   "n_params":7615616512,"size":4677120000}}]}` (`n_ctx_train`: the most the model supports);
 * - `GET /props`: `{"default_generation_settings":{"n_ctx":8192,…},"total_slots":1,"model_path":"…",…}`
 *   (`n_ctx`: the context of one slot, which is what one request can use);
 * - `GET /slots`: `[{"id":0,"n_ctx":8192,"is_processing":false,…}]` (off with `--no-slots`: then `/props` alone).
 *
 * The server runs the model it was started with, so its models are loaded; in router mode an entry's
 * `status.value` says `loaded` or `unloaded`.
 */
import type { DiscoveredModel, DiscoveryFetch } from '../../spec/discovery.js';
import type { UpstreamRequest } from '../../spec/transport.js';
import { entriesAt, nativeRequest, objectAt, text, tokenCount } from '../shared/local-server.js';

/** Reads llama-server's answers into discovered models. */
export function parseLlamaCppModels(list: unknown, props: unknown, slots: unknown): DiscoveredModel[] {
  const slotContext = tokenCount(entriesAt(slots, null)[0]?.n_ctx);
  const context = slotContext ?? tokenCount(objectAt(props, 'default_generation_settings').n_ctx) ?? tokenCount((props as Record<string, unknown> | null)?.n_ctx);
  const models: DiscoveredModel[] = [];
  for (const entry of entriesAt(list, 'data')) {
    const id = text(entry.id);
    if (!id) continue;
    const status = text(objectAt(entry, 'status').value);
    const state = status && status !== 'loaded' ? 'not-loaded' : 'loaded';
    const model: DiscoveredModel = { id, state };
    const max = tokenCount(objectAt(entry, 'meta').n_ctx_train);
    if (max) model.maxContextLength = max;
    if (state === 'loaded' && context) model.loadedContextLength = context;
    models.push(model);
  }
  return models;
}

/** Asks a llama-server what it has; `/slots` may be turned off, and is then left out. */
export async function discoverLlamaCpp(models: UpstreamRequest, fetchJson: DiscoveryFetch): Promise<DiscoveredModel[]> {
  const [list, props, slots] = await Promise.all([
    fetchJson(models),
    fetchJson(nativeRequest(models, '/props')).catch(() => null),
    fetchJson(nativeRequest(models, '/slots')).catch(() => null),
  ]);
  return parseLlamaCppModels(list, props, slots);
}
