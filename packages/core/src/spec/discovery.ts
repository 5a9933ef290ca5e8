/**
 * What a local server (LM Studio, Ollama, llama.cpp's `llama-server`, vLLM) says it has, learned in
 * the background from its own model-listing endpoints. Kept in memory, and by the host in the
 * provider's `capabilities` (see `storedDiscovery`) so the last known state outlives the server's absence.
 */
import type { UpstreamRequest } from './transport.js';

/** Whether a model is in memory and ready, or would be loaded on first use. */
export type ModelLoadState = 'loaded' | 'not-loaded';

/** One model a local server reported. */
export interface DiscoveredModel {
  /** The id the server knows it by (the name sent upstream). */
  id: string;
  /** Load state. */
  state: ModelLoadState;
  /** The server's kind of model (`llm`, `vlm`, `embeddings`, …), when it says. */
  type?: string;
  /** The longest context the model supports, in tokens, when known. */
  maxContextLength?: number;
  /** The context the loaded model runs with now, in tokens (loaded models only, when known). */
  loadedContextLength?: number;
}

/** Sends one request of a discovery and returns its JSON body; throws on a failed request or a body that is not JSON. */
export type DiscoveryFetch = (request: UpstreamRequest) => Promise<unknown>;

/** What the last refresh learned about one local server. */
export interface ServerDiscovery {
  /** False when the last refresh could not reach the server (its models then keep their last known details). */
  reachable: boolean;
  /** When the last refresh finished (epoch ms). */
  refreshedAt: number;
  /** When the server last answered, so `models` were learned (epoch ms; kept from the provider's stored capabilities after a restart). */
  learnedAt?: number;
  /** Why the last refresh failed, when it did. */
  error?: string;
  /** The models, by id. */
  models: ReadonlyMap<string, DiscoveredModel>;
}

/** The context a model can hold for a request now: the loaded context when loaded, else the most it supports. */
export function usableContext(model: DiscoveredModel): number | undefined {
  return model.state === 'loaded' ? (model.loadedContextLength ?? model.maxContextLength) : model.maxContextLength;
}

/** The key of a provider's `capabilities` JSON under which the router keeps what discovery last learned. */
export const DISCOVERED_CAPABILITY = 'discovered';

/** What discovery learned, as kept in a provider's `capabilities` (so it is known while the server is down or the router restarts). */
export interface StoredDiscovery {
  /** When the server last answered (epoch ms). */
  learnedAt: number;
  models: DiscoveredModel[];
}

/** The stored form of a reachable server's discovery. */
export function storedDiscovery(found: ServerDiscovery): StoredDiscovery {
  return { learnedAt: found.learnedAt ?? found.refreshedAt, models: [...found.models.values()].map((model) => ({ ...model })) };
}

const positive = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** Reads the stored discovery from a provider's `capabilities` (anything malformed is left out). */
export function discoveryFromCapabilities(capabilities: Readonly<Record<string, unknown>> | null | undefined): StoredDiscovery | undefined {
  const stored = capabilities?.[DISCOVERED_CAPABILITY];
  if (!stored || typeof stored !== 'object') return undefined;
  const { learnedAt, models } = stored as Record<string, unknown>;
  if (typeof learnedAt !== 'number' || !Array.isArray(models)) return undefined;
  const read: DiscoveredModel[] = [];
  for (const entry of models as unknown[]) {
    if (!entry || typeof entry !== 'object') continue;
    const { id, state, type, maxContextLength, loadedContextLength } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || (state !== 'loaded' && state !== 'not-loaded')) continue;
    const model: DiscoveredModel = { id, state };
    if (typeof type === 'string') model.type = type;
    if (positive(maxContextLength)) model.maxContextLength = maxContextLength;
    if (positive(loadedContextLength)) model.loadedContextLength = loadedContextLength;
    read.push(model);
  }
  return { learnedAt, models: read };
}
