/**
 * What an LM Studio server has, from its native REST API (LM Studio 0.3.6 and later):
 * `GET /api/v0/models` lists every downloaded model (lmstudio.ai/docs/developer/rest/endpoints):
 *
 * ```json
 * {"object":"list","data":[{"id":"qwen2-vl-7b-instruct","object":"model","type":"vlm","publisher":"mlx-community",
 *   "arch":"qwen2_vl","compatibility_type":"mlx","quantization":"4bit","state":"not-loaded","max_context_length":32768}, …]}
 * ```
 *
 * `state` is `loaded` or `not-loaded`; a loaded model also has `loaded_context_length`, the context it
 * was loaded with (newer versions).
 */
import type { DiscoveredModel, DiscoveryFetch } from '../../spec/discovery.js';
import type { UpstreamRequest } from '../../spec/transport.js';
import { entriesAt, nativeRequest, text, tokenCount } from '../shared/local-server.js';

/** Reads `GET /api/v0/models`. */
export function parseLmStudioModels(body: unknown): DiscoveredModel[] {
  const models: DiscoveredModel[] = [];
  for (const entry of entriesAt(body, 'data')) {
    const id = text(entry.id);
    if (!id) continue;
    const state = entry.state === 'loaded' ? 'loaded' : 'not-loaded';
    const model: DiscoveredModel = { id, state };
    const type = text(entry.type);
    if (type) model.type = type;
    const max = tokenCount(entry.max_context_length);
    if (max) model.maxContextLength = max;
    const loaded = tokenCount(entry.loaded_context_length);
    if (loaded && state === 'loaded') model.loadedContextLength = loaded;
    models.push(model);
  }
  return models;
}

/** Asks an LM Studio server what it has. */
export async function discoverLmStudio(models: UpstreamRequest, fetchJson: DiscoveryFetch): Promise<DiscoveredModel[]> {
  return parseLmStudioModels(await fetchJson(nativeRequest(models, '/api/v0/models')));
}
