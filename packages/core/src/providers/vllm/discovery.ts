/**
 * What a vLLM server has: its OpenAI-compatible `GET /v1/models` says each model's `max_model_len`
 * (vllm/entrypoints/openai/protocol.py, `ModelCard`):
 *
 * ```json
 * {"object":"list","data":[{"id":"Qwen/Qwen2.5-7B-Instruct","object":"model","created":1733000000,"owned_by":"vllm",
 *   "root":"Qwen/Qwen2.5-7B-Instruct","parent":null,"max_model_len":32768,"permission":[…]}]}
 * ```
 *
 * vLLM serves the models it was started with, so they are loaded, with `max_model_len` as their context.
 */
import type { DiscoveredModel, DiscoveryFetch } from '../../spec/discovery.js';
import type { UpstreamRequest } from '../../spec/transport.js';
import { entriesAt, text, tokenCount } from '../shared/local-server.js';

/** Reads vLLM's model list. */
export function parseVllmModels(body: unknown): DiscoveredModel[] {
  const models: DiscoveredModel[] = [];
  for (const entry of entriesAt(body, 'data')) {
    const id = text(entry.id);
    if (!id) continue;
    const model: DiscoveredModel = { id, state: 'loaded' };
    const context = tokenCount(entry.max_model_len);
    if (context) {
      model.maxContextLength = context;
      model.loadedContextLength = context;
    }
    models.push(model);
  }
  return models;
}

/** Asks a vLLM server what it has. */
export async function discoverVllm(models: UpstreamRequest, fetchJson: DiscoveryFetch): Promise<DiscoveredModel[]> {
  return parseVllmModels(await fetchJson(models));
}
