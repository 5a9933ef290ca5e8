/**
 * What an Ollama server has, from its native API (docs.ollama.com/api):
 * - `GET /api/tags`: the local models, `{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest",
 *   "modified_at":"…","size":2019393189,"digest":"a80c4f17…","details":{"format":"gguf","family":"llama",…}}]}`;
 * - `GET /api/ps`: the models in memory, `{"models":[{"name":"gemma3","model":"gemma3","size":6591830464,
 *   "digest":"…","details":{…},"expires_at":"…","size_vram":5333539264,"context_length":4096}]}`
 *   (`context_length` is the context the model was loaded with);
 * - `POST /api/show` `{"model":"llama3.2"}`: `{"model_info":{"general.architecture":"llama",
 *   "llama.context_length":131072,…},"capabilities":["completion","tools"],…}`: the most the model supports.
 *
 * `/api/show` is asked once per model and digest (the answer only changes when the model does).
 */
import type { DiscoveredModel, DiscoveryFetch } from '../../spec/discovery.js';
import type { UpstreamRequest } from '../../spec/transport.js';
import { entriesAt, nativeRequest, objectAt, text, tokenCount } from '../shared/local-server.js';

/** The most context a model supports, from `/api/show`'s `model_info` (`<architecture>.context_length`). */
export function ollamaMaxContext(show: unknown): number | undefined {
  const info = objectAt(show, 'model_info');
  const architecture = text(info['general.architecture']);
  const named = architecture ? tokenCount(info[`${architecture}.context_length`]) : undefined;
  if (named) return named;
  for (const [key, value] of Object.entries(info)) if (key.endsWith('.context_length') && tokenCount(value)) return value as number;
  return undefined;
}

/** Whether `/api/show`'s capabilities say the model only embeds. */
function embeddingOnly(show: unknown): boolean {
  const capabilities = show && typeof show === 'object' ? (show as Record<string, unknown>).capabilities : undefined;
  return Array.isArray(capabilities) && capabilities.includes('embedding') && !capabilities.includes('completion');
}

/** Creates the discovery of one Ollama provider (it remembers `/api/show` answers by model digest). */
export function createOllamaDiscovery() {
  const shown = new Map<string, { max?: number; embedding: boolean }>();
  return async function discoverOllama(models: UpstreamRequest, fetchJson: DiscoveryFetch): Promise<DiscoveredModel[]> {
    const [tags, ps] = await Promise.all([fetchJson(nativeRequest(models, '/api/tags')), fetchJson(nativeRequest(models, '/api/ps'))]);
    const running = new Map<string, Record<string, unknown>>();
    for (const entry of entriesAt(ps, 'models')) {
      const name = text(entry.name) ?? text(entry.model);
      if (name) running.set(name, entry);
    }
    const listed = entriesAt(tags, 'models').filter((entry) => text(entry.name) ?? text(entry.model));
    await Promise.all(
      listed.map(async (entry) => {
        const name = (text(entry.name) ?? text(entry.model))!;
        const key = `${name}@${text(entry.digest) ?? ''}`;
        if (shown.has(key)) return;
        try {
          const show = await fetchJson(nativeRequest(models, '/api/show', { model: name }));
          shown.set(key, { max: ollamaMaxContext(show), embedding: embeddingOnly(show) });
        } catch {
          // asked again at the next refresh
        }
      }),
    );
    return listed.map((entry) => {
      const name = (text(entry.name) ?? text(entry.model))!;
      const details = shown.get(`${name}@${text(entry.digest) ?? ''}`);
      const loaded = running.get(name);
      const model: DiscoveredModel = { id: name, state: loaded ? 'loaded' : 'not-loaded', type: details?.embedding ? 'embeddings' : 'llm' };
      if (details?.max) model.maxContextLength = details.max;
      const context = loaded ? tokenCount(loaded.context_length) : undefined;
      if (context) model.loadedContextLength = context;
      return model;
    });
  };
}
